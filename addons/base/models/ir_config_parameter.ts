import { Model } from '../orm/model';
import { fields } from '../orm/fields';

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
