import type { Environment } from '../../base/orm/environment';
import { bindXmlid, upsertRecord } from '../../base/loader/data';

/**
 * The "Sales" team of the main company (sales_team.team_sales_department), and a team for
 * every other company that has none yet. When the companies were created in the same install
 * run, the res.company extension already gave them a team: we adopt it instead of adding one.
 */
export async function load(env: Environment, addon: string): Promise<void> {
  const teams = env.model('crm.team').sudo().withContext({ active_test: false });
  const mainCompany = await env.refId('base.main_company');
  if (mainCompany && !(await env.refId(`${addon}.team_sales_department`))) {
    const existing = await teams._searchIds([['company_id', '=', mainCompany]], { limit: 1, order: 'id' });
    if (existing.length) await bindXmlid(env, `${addon}.team_sales_department`, 'crm.team', existing[0], true);
    else {
      await upsertRecord(env, addon, { id: 'team_sales_department', model: 'crm.team', noupdate: true, values: { name: 'Sales', company_id: mainCompany } });
    }
  }
  const { rows } = await env.cr.query<{ id: number }>(
    'SELECT c.id FROM res_company c WHERE NOT EXISTS (SELECT 1 FROM crm_team t WHERE t.company_id = c.id) ORDER BY c.id');
  if (rows.length) await teams.create(rows.map((row) => ({ name: 'Sales', company_id: row.id })));
}
