import type { JsonRoute, RouteContext } from '../../base/http/routes';
import type { Environment } from '../../base/orm/environment';
import { checkModelAccess } from '../../base/orm/access';

export interface MenuEntry {
  id: number | 'root';
  name: string;
  children: number[];
  appID: number | false;
  xmlid: string;
  actionID: number | false;
  actionModel: 'ir.actions.act_window' | false;
  webIcon: string | false;
}

interface MenuRow {
  id: number;
  name: string;
  parent_id: number | null;
  sequence: number;
  action: number | null;
  web_icon: string | null;
  res_model: string | null;
  xmlid: string | null;
  groups: string | null;
}

/**
 * Odoo 17's load_menus: a flat dict of the menus the user may see, keyed by id, plus "root"
 * whose children are the apps. A menu is hidden when the user is in none of its groups, when
 * its action's model is unreadable to the user, or when it has neither action nor visible child.
 */
export const loadMenus: JsonRoute = {
  path: '/web/webclient/load_menus',
  auth: 'user',
  async handler(ctx: RouteContext) {
    return visibleMenus(ctx.env!);
  },
};

export async function visibleMenus(env: Environment): Promise<Record<string, MenuEntry>> {
  const { rows } = await env.cr.query<MenuRow>(
    `SELECT m.id, m.name, m.parent_id, m.sequence, m.action, m.web_icon, a.res_model,
            (SELECT d.module || '.' || d.name FROM ir_model_data d WHERE d.model = 'ir.ui.menu' AND d.res_id = m.id LIMIT 1) AS xmlid,
            (SELECT string_agg(d.module || '.' || d.name, ',') FROM ir_ui_menu_group_rel r
               JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = r.gid WHERE r.menu_id = m.id) AS groups
       FROM ir_ui_menu m LEFT JOIN ir_act_window a ON a.id = m.action
      WHERE m.active IS TRUE ORDER BY m.sequence, m.id`);
  const allowed = new Map<number, MenuRow>();
  for (const row of rows) {
    if (row.groups && !(await env.hasGroup(row.groups))) continue;
    if (row.res_model && (!env.registry.has(row.res_model) || !(await checkModelAccess(env, row.res_model, 'read', false)))) continue;
    allowed.set(row.id, row);
  }
  const children = new Map<number | null, number[]>();
  for (const row of allowed.values()) {
    const parent = row.parent_id !== null && allowed.has(row.parent_id) ? row.parent_id : row.parent_id === null ? null : undefined;
    if (parent === undefined) continue; // the parent is hidden, so is the child
    children.set(parent, [...(children.get(parent) ?? []), row.id]);
  }
  const result: Record<string, MenuEntry> = {};
  const visit = (id: number, appID: number): boolean => {
    const row = allowed.get(id)!;
    const kids = (children.get(id) ?? []).filter((child) => visit(child, appID));
    if (!row.action && !kids.length) return false;
    result[id] = {
      id, name: row.name, children: kids, appID, xmlid: row.xmlid ?? '', actionID: row.action ?? false,
      actionModel: row.action ? 'ir.actions.act_window' : false, webIcon: row.web_icon ?? false,
    };
    return true;
  };
  const apps = (children.get(null) ?? []).filter((id) => visit(id, id));
  result.root = { id: 'root', name: 'root', children: apps, appID: false, xmlid: '', actionID: false, actionModel: false, webIcon: false };
  return result;
}
