import { Model } from '../orm/model';
import { fields } from '../orm/fields';

/** External identifiers (`module.name`) of records created by data files or by addons. */
export class IrModelData extends Model {
  static override _name = 'ir.model.data';
  static override _description = 'Model Data';
  static override _rec_name = 'name';
  static override _fields = {
    module: fields.char({ required: true, index: true }),
    name: fields.char({ string: 'External Identifier', required: true, index: true }),
    model: fields.char({ required: true }),
    res_id: fields.integer({ string: 'Record ID', index: true }),
    noupdate: fields.boolean({ default: false }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['module_name_uniq', 'unique(module, name)', 'External identifiers must be unique per module.'],
  ];
}
