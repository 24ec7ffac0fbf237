import type { Environment } from '../orm/environment';
import { upsertRecord } from '../loader/data';

/**
 * The superuser (uid 1, inactive, never logs in) and the administrator (uid 2, login admin,
 * password from ERP_ADMIN_PASSWORD or "admin" on first creation), as in Odoo.
 */
export async function load(env: Environment, addon: string): Promise<void> {
  const company = await env.refId('base.main_company');
  await upsertRecord(env, addon, {
    id: 'user_root', model: 'res.users', noupdate: true,
    values: { name: 'System', login: '__system__', active: false, company_id: company, company_ids: [[6, 0, [company]]] },
  });
  const existing = await env.refId('base.user_admin');
  if (existing) return;
  await upsertRecord(env, addon, {
    id: 'user_admin', model: 'res.users', noupdate: true,
    values: {
      name: 'Administrator', login: 'admin', email: 'admin@example.com', password: process.env.ERP_ADMIN_PASSWORD || 'admin',
      company_id: company, company_ids: [[6, 0, [company]]],
      groups_id: [[6, 0, [await env.refId('base.group_user'), await env.refId('base.group_system'), await env.refId('base.group_no_one')]]],
    },
  });
}
