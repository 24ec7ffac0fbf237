/**
 * What a new Amazon account needs around it: the company's "Amazon" stock location (the stock
 * Amazon holds for FBA) and "Amazon" sales team. All accounts of a company share them by default.
 */
import type { Environment } from '../../base/orm/environment';

/** The location already used by the company's Amazon accounts, else a new internal "Amazon" one. */
export async function defaultAmazonLocation(env: Environment, companyId: number): Promise<number> {
  const { rows } = await env.cr.query<{ id: number }>(
    'SELECT location_id AS id FROM amazon_account WHERE company_id = $1 AND location_id IS NOT NULL ORDER BY id LIMIT 1', [companyId]);
  if (rows.length) return rows[0].id;
  const warehouses = await env.model('stock.warehouse').sudo().withContext({ active_test: false })
    .search_read([['company_id', '=', companyId]], ['view_location_id'], { limit: 1, order: 'sequence, id' });
  const parent = warehouses[0]?.view_location_id ? (warehouses[0].view_location_id as [number, string])[0] : false;
  const location = await env.model('stock.location').sudo().create({ name: 'Amazon', usage: 'internal', location_id: parent, company_id: companyId });
  return location.ids[0];
}

/** The team already used by the company's Amazon accounts, else a new "Amazon" team. */
export async function defaultAmazonTeam(env: Environment, companyId: number): Promise<number> {
  const { rows } = await env.cr.query<{ id: number }>(
    'SELECT team_id AS id FROM amazon_account WHERE company_id = $1 AND team_id IS NOT NULL ORDER BY id LIMIT 1', [companyId]);
  if (rows.length) return rows[0].id;
  const team = await env.model('crm.team').sudo().create({ name: 'Amazon', company_id: companyId });
  return team.ids[0];
}
