import { extend } from '../../base/orm/registry';
import type { Vals } from '../../base/orm/values';

/** Every company gets a warehouse when it is created, as in Odoo. */
export const ResCompanyStock = extend('res.company', (Base) => class extends Base {
  override async create(valsList: Vals | Vals[]) {
    const companies = await super.create(valsList);
    // At install the stock locations do not exist yet; the data file creates the first warehouse.
    if (!(await this.env.refId('stock.stock_location_customers'))) return companies;
    for (const company of await companies.sudo().fetch(['name'])) {
      await this.env.model('stock.warehouse').sudo().create({ name: company.name, code: warehouseCode(company.name), company_id: company.id });
    }
    return companies;
  }
});

/** Up to 5 letters of the company name, like Odoo's default warehouse short name. */
export function warehouseCode(name: string): string {
  return (name.replace(/[^A-Za-z0-9]/g, '').slice(0, 5) || 'WH').toUpperCase();
}
