import { Model } from '../orm/model';
import { fields } from '../orm/fields';
import type { Vals } from '../orm/values';

/** Parameters holding credentials (LWA client secret, SMTP password, signing keys): write-only over RPC. */
export const SECRET_PARAM = /secret|password|passwd|token|api_?key|private/i;

/** Server settings as key/value pairs (e.g. the Amazon application's LWA client id). */
export class IrConfigParameter extends Model {
  static override _name = 'ir.config_parameter';
  static override _description = 'System Parameter';
  static override _rec_name = 'key';
  static override _order = 'key';
  static override _fields = {
    key: fields.char({ required: true, index: true }),
    value: fields.text({ required: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [['key_uniq', 'unique (key)', 'Key must be unique.']];

  /** As write-only fields: users (administrators included) can set a secret, never read it back. */
  override async read(fieldNames?: string[] | null, options: { load?: string } = {}): Promise<Vals[]> {
    return this._maskSecrets(await super.read(fieldNames, options));
  }

  override async search_read(domain: unknown = [], fieldNames?: string[] | null, options: Parameters<Model['search_read']>[2] = {}): Promise<Vals[]> {
    return this._maskSecrets(await super.search_read(domain, fieldNames, options));
  }

  async _maskSecrets(rows: Vals[]): Promise<Vals[]> {
    if (this.env.su || !rows.some((row) => 'value' in row)) return rows;
    const { rows: keys } = await this.env.cr.query<{ id: number; key: string }>('SELECT id, key FROM ir_config_parameter WHERE id = ANY($1::int[])', [rows.map((r) => r.id)]);
    const secret = new Set(keys.filter((k) => SECRET_PARAM.test(k.key)).map((k) => k.id));
    return rows.map((row) => (secret.has(row.id as number) && 'value' in row ? { ...row, value: false } : row));
  }

  async get_param(key: string, fallback: string | false = false): Promise<string | false> {
    const { rows } = await this.env.cr.query<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = $1', [key]);
    return rows[0]?.value ?? fallback;
  }

  async set_param(key: string, value: string | false): Promise<void> {
    const existing = await this.sudo().search([['key', '=', key]]);
    if (value === false || value === '') await existing.unlink();
    else if (existing.length) await existing.write({ value });
    else await this.sudo().create({ key, value });
  }
}
