import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import type { Vals } from '../../base/orm/values';
import { serialiseJsonFields } from './json_text';

export const VIEW_TYPES: Array<[string, string]> = [
  ['list', 'List'], ['form', 'Form'], ['search', 'Search'], ['graph', 'Graph'], ['pivot', 'Pivot'], ['kanban', 'Kanban'],
];

/**
 * A view of a model. Unlike Odoo, the arch is JSON (design decision, docs/views.md): the
 * client walks plain objects instead of parsing XML, and data files stay diffable.
 */
export class IrUiView extends Model {
  static override _name = 'ir.ui.view';
  static override _description = 'View';
  static override _order = 'priority, name, id';
  static override _fields = {
    name: fields.char({ string: 'View Name', required: true }),
    model: fields.char({ required: true, index: true }),
    type: fields.selection(VIEW_TYPES, { string: 'View Type', required: true }),
    arch: fields.text({ string: 'View Architecture', required: true, help: 'JSON, see docs/views.md.' }),
    priority: fields.integer({ string: 'Sequence', default: 16, required: true }),
    active: fields.boolean({ default: true }),
    inherit_id: fields.many2one('ir.ui.view', { string: 'Inherited View', index: true, ondelete: 'cascade',
      help: 'Set on an extension: its arch is { "patches": [...] } applied to this view (docs/views.md).' }),
    inherit_children_ids: fields.one2many('ir.ui.view', 'inherit_id', { string: 'Views which inherit from this one' }),
  };

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    const completed = await Promise.all(list.map((vals) => this.withParentModelAndType(vals)));
    return super.create(completed.map((vals) => serialiseJsonFields(vals, ['arch'], 'ir.ui.view')));
  }

  /** An extension shows the model of its parent in the same type; data files need not repeat them. */
  private async withParentModelAndType(vals: Vals): Promise<Vals> {
    if (!vals.inherit_id || (vals.model && vals.type)) return vals;
    const [parent] = await this.sudo().browse([Number(vals.inherit_id)]).fetch(['model', 'type']);
    if (!parent) return vals;
    return { ...vals, model: vals.model ?? parent.model, type: vals.type ?? parent.type };
  }

  override async write(vals: Vals): Promise<true> {
    return super.write(serialiseJsonFields(vals, ['arch'], 'ir.ui.view'));
  }
}
