import type { Environment } from '../../base/orm/environment';
import { bindXmlid } from '../../base/loader/data';
import { warehouseCode } from '../models/res_company';

/**
 * The main company's warehouse "WH" (stock.warehouse0) and its stock location
 * (stock.stock_location_stock), as Odoo names them; other existing companies get one too.
 */
export async function load(env: Environment, addon: string): Promise<void> {
  if (await env.refId('stock.warehouse0')) return;
  const mainCompany = await env.refId('base.main_company');
  const warehouses = env.model('stock.warehouse').sudo();
  const { rows } = await env.cr.query<{ id: number; name: string }>('SELECT id, name FROM res_company ORDER BY id');
  for (const company of rows) {
    const main = company.id === mainCompany;
    const existing = await warehouses.search([['company_id', '=', company.id]]);
    if (existing.length && !main) continue;
    const warehouse = existing.length ? existing : await warehouses.create({ name: main ? 'WH' : company.name, code: main ? 'WH' : warehouseCode(company.name), company_id: company.id });
    if (!main) continue;
    const [row] = await warehouse.fetch(['lot_stock_id', 'out_type_id', 'in_type_id', 'int_type_id']);
    await bindXmlid(env, `${addon}.warehouse0`, 'stock.warehouse', warehouse.ids[0], true);
    await bindXmlid(env, `${addon}.stock_location_stock`, 'stock.location', row.lot_stock_id, true);
    await bindXmlid(env, `${addon}.picking_type_out`, 'stock.picking.type', row.out_type_id, true);
    await bindXmlid(env, `${addon}.picking_type_in`, 'stock.picking.type', row.in_type_id, true);
    await bindXmlid(env, `${addon}.picking_type_internal`, 'stock.picking.type', row.int_type_id, true);
  }
}
