import { Model } from '../orm/model';
import { fields } from '../orm/fields';
import type { Vals } from '../orm/values';
import { andDomains, normalizeDomain, type Domain } from '../orm/domain';
import type { Field } from '../orm/fields';
import type { ReadGroupOptions } from '../orm/read_group';

/** Parameters holding credentials (LWA client secret, SMTP password, signing keys): write-only over RPC. */
const SECRET_WORDS = ['secret', 'password', 'passwd', 'token', 'api_key', 'apikey', 'private'];
export const SECRET_PARAM = new RegExp(SECRET_WORDS.join('|'), 'i');
/** The parameters whose value a search may look at when the caller is not the superuser. */
const NOT_SECRET: Domain = ['!', ...SECRET_WORDS.slice(1).map(() => '|' as const), ...SECRET_WORDS.map((word): Domain[number] => ['key', 'ilike', word])];
const mentionsValue = (...parts: unknown[]) => parts.some((part) => /"value(:[^"]*)?"|\bvalue\b/.test(JSON.stringify(part ?? null)));

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

  /**
   * A search, sort or grouping on the value would reveal a secret one character at a time
   * (value =like 'a%'): outside sudo it only ever looks at parameters that are not secret.
   */
  override async _searchRows(domain: unknown, options: Parameters<Model['_searchRows']>[1], columns: string[], names: Field[] = []): Promise<Vals[]> {
    return super._searchRows(this._hideSecrets(domain, options?.order), options, columns, names);
  }

  override async search_count(domain: unknown = [], options: { limit?: number | null } = {}): Promise<number> {
    return super.search_count(this._hideSecrets(domain), options);
  }

  override async read_group(domain: unknown, fieldNames: string[], groupby: string | string[], options: ReadGroupOptions = {}): Promise<Vals[]> {
    return super.read_group(this._hideSecrets(domain, fieldNames, groupby, options.orderby), fieldNames, groupby, options);
  }

  _hideSecrets(domain: unknown, ...usage: unknown[]): unknown {
    if (this.env.su || !mentionsValue(domain, ...usage)) return domain;
    return andDomains(normalizeDomain(domain), NOT_SECRET);
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
