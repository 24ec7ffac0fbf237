import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import type { Vals } from '../../base/orm/values';
import { parseJsonText, serialiseJsonFields } from './json_text';

/** A window action: which model to show, in which views, filtered and defaulted how. */
export class IrActionsActWindow extends Model {
  static override _name = 'ir.actions.act_window';
  static override _description = 'Action Window';
  static override _table = 'ir_act_window';
  static override _order = 'name, id';
  static override _fields = {
    name: fields.char({ string: 'Action Name', required: true }),
    type: fields.char({ default: 'ir.actions.act_window', readonly: true }),
    res_model: fields.char({ string: 'Destination Model', required: true }),
    view_mode: fields.char({ default: 'list,form', required: true, help: 'Comma-separated view types, the first opens.' }),
    view_id: fields.many2one('ir.ui.view', { string: 'View Ref.', ondelete: 'set null' }),
    search_view_id: fields.many2one('ir.ui.view', { string: 'Search View Ref.', ondelete: 'set null' }),
    domain: fields.text({ string: 'Domain Value', help: 'JSON domain in prefix notation.' }),
    context: fields.text({ string: 'Context Value', default: '{}', help: 'JSON object.' }),
    res_id: fields.integer({ string: 'Record ID' }),
    target: fields.selection([['current', 'Current Window'], ['new', 'New Window'], ['fullscreen', 'Full Screen']], { default: 'current' }),
    limit: fields.integer({ default: 80 }),
    help: fields.text({ string: 'Action Description', help: 'Shown when the list is empty; plain text.' }),
    groups_id: fields.many2many('res.groups', { string: 'Groups', relation: 'ir_act_window_group_rel', column1: 'act_id', column2: 'gid' }),
  };

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    return super.create(list.map((vals) => serialiseJsonFields(vals, ['domain', 'context'], 'ir.actions.act_window')));
  }

  override async write(vals: Vals): Promise<true> {
    return super.write(serialiseJsonFields(vals, ['domain', 'context'], 'ir.actions.act_window'));
  }

  /** The action as the web client's action service reads it (Odoo's act_window dict). */
  async _forClient(xmlid: string | false): Promise<Vals> {
    const [row] = await this.sudo().fetch(['name', 'res_model', 'view_mode', 'view_id', 'search_view_id', 'domain', 'context', 'res_id', 'target', 'limit', 'help']);
    const modes = String(row.view_mode).split(',').map((mode) => mode.trim()).filter(Boolean);
    const viewType = row.view_id ? await this.viewType(row.view_id as number) : null;
    return {
      id: row.id,
      xml_id: xmlid,
      type: 'ir.actions.act_window',
      name: row.name,
      res_model: row.res_model,
      view_mode: modes.join(','),
      views: modes.map((mode) => [mode === viewType ? row.view_id : false, mode]),
      search_view_id: row.search_view_id ? [row.search_view_id, 'search'] : false,
      domain: parseJsonText(row.domain, []),
      context: parseJsonText(row.context, {}),
      res_id: row.res_id || false,
      target: row.target || 'current',
      limit: row.limit || 80,
      help: row.help || false,
    };
  }

  private async viewType(viewId: number): Promise<string | null> {
    const [view] = await this.env.model('ir.ui.view').sudo().browse([viewId]).fetch(['type']);
    return (view?.type as string) ?? null;
  }
}
