import { Model } from '../orm/model';
import { fields } from '../orm/fields';

/** One row per installed addon with the version its schema and data are at. */
export class IrModuleModule extends Model {
  static override _name = 'ir.module.module';
  static override _description = 'Module';
  static override _fields = {
    name: fields.char({ required: true }),
    latest_version: fields.char({ string: 'Installed Version' }),
    state: fields.selection([['installed', 'Installed'], ['uninstalled', 'Not Installed']], { default: 'installed' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [['name_uniq', 'unique(name)', 'A module is recorded once.']];
}
