import { Model } from '../orm/model';
import { fields } from '../orm/fields';

/** User groups; a group implies others (a manager is also a user). */
export class ResGroups extends Model {
  static override _name = 'res.groups';
  static override _description = 'Access Groups';
  static override _order = 'name';
  static override _fields = {
    name: fields.char({ required: true }),
    category: fields.char({ string: 'Application' }),
    comment: fields.text(),
    users: fields.many2many('res.users', { relation: 'res_groups_users_rel', column1: 'gid', column2: 'uid' }),
    implied_ids: fields.many2many('res.groups', { string: 'Inherits', relation: 'res_groups_implied_rel', column1: 'gid', column2: 'hid' }),
  };

  override async _displayNames(): Promise<Map<number, string>> {
    const names = new Map<number, string>();
    for (const row of await this.sudo().fetch(['name', 'category'])) names.set(row.id, row.category ? `${row.category} / ${row.name}` : row.name);
    return names;
  }

  /** Membership changes must not wait for a stale per-call cache. */
  override async write(vals: Record<string, any>): Promise<true> {
    const result = await super.write(vals);
    this.env.cache.groups.clear();
    this.env.cache.access.clear();
    return result;
  }
}
