import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';

/** The menu tree: top-level menus are the apps of the navbar, their children its dropdowns. */
export class IrUiMenu extends Model {
  static override _name = 'ir.ui.menu';
  static override _description = 'Menu';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ string: 'Menu', required: true }),
    parent_id: fields.many2one('ir.ui.menu', { string: 'Parent Menu', index: true, ondelete: 'cascade' }),
    child_id: fields.one2many('ir.ui.menu', 'parent_id', { string: 'Child IDs' }),
    sequence: fields.integer({ default: 10 }),
    action: fields.many2one('ir.actions.act_window', { string: 'Action', ondelete: 'set null' }),
    groups_id: fields.many2many('res.groups', { string: 'Groups', relation: 'ir_ui_menu_group_rel', column1: 'menu_id', column2: 'gid',
      help: 'Only members of one of these groups see the menu; empty means everybody.' }),
    web_icon: fields.char({ string: 'Web Icon', help: 'An emoji or short text shown on the app tile.' }),
    active: fields.boolean({ default: true }),
  };
}
