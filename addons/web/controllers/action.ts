import type { JsonRoute, RouteContext } from '../../base/http/routes';
import type { Environment } from '../../base/orm/environment';
import { AccessError, MissingError, ValidationError } from '../../base/orm/exceptions';
import type { IrActionsActWindow } from '../models/ir_actions_act_window';

/** Odoo's /web/action/load: an action by database id or external id, as the client runs it. */
export const actionLoad: JsonRoute = {
  path: '/web/action/load',
  auth: 'user',
  async handler(ctx: RouteContext, params: { action_id?: unknown }) {
    const env = ctx.env!;
    const { id, xmlid } = await resolveAction(env, params.action_id);
    const action = env.model<IrActionsActWindow>('ir.actions.act_window').sudo().browse([id]);
    if (!(await action.exists()).length) throw new MissingError(`The action ${String(params.action_id)} does not exist.`);
    await checkActionGroups(env, id);
    return action._forClient(xmlid);
  },
};

async function resolveAction(env: Environment, ref: unknown): Promise<{ id: number; xmlid: string | false }> {
  if (typeof ref === 'number' && Number.isInteger(ref)) return { id: ref, xmlid: false };
  if (typeof ref === 'string' && /^\d+$/.test(ref)) return { id: Number(ref), xmlid: false };
  if (typeof ref === 'string' && ref.includes('.')) {
    const found = await env.ref(ref);
    if (found._name !== 'ir.actions.act_window') throw new ValidationError(`${ref} is a ${found._name} record, not a window action.`);
    return { id: found.ids[0], xmlid: ref };
  }
  throw new ValidationError('action_id must be an action id or an external id such as "web.action_contacts".');
}

/** An action restricted to groups is refused to everybody else, as Odoo does. */
async function checkActionGroups(env: Environment, actionId: number): Promise<void> {
  const { rows } = await env.cr.query<{ xmlid: string }>(
    `SELECT d.module || '.' || d.name AS xmlid FROM ir_act_window_group_rel r
       JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = r.gid WHERE r.act_id = $1`, [actionId]);
  if (rows.length && !(await env.hasGroup(rows.map((r) => r.xmlid).join(',')))) {
    throw new AccessError('You are not allowed to open this action.');
  }
}
