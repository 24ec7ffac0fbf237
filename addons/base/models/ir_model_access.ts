import { Model } from '../orm/model';
import { fields } from '../orm/fields';

/** Access rights: which group may read, write, create or delete the records of a model. */
export class IrModelAccess extends Model {
  static override _name = 'ir.model.access';
  static override _description = 'Access Rights';
  static override _fields = {
    name: fields.char({ required: true }),
    model: fields.char({ string: 'Model', required: true, index: true }),
    group_id: fields.many2one('res.groups', { string: 'Group', ondelete: 'cascade', help: 'Empty: applies to every user.' }),
    perm_read: fields.boolean({ string: 'Read Access', default: true }),
    perm_write: fields.boolean({ string: 'Write Access', default: false }),
    perm_create: fields.boolean({ string: 'Create Access', default: false }),
    perm_unlink: fields.boolean({ string: 'Delete Access', default: false }),
    active: fields.boolean({ default: true }),
  };
}
