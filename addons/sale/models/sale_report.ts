import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { ident } from '../../base/orm/sql';
import { ORDER_STATES, INVOICE_STATUSES } from './sale_order';

/**
 * Sales Analysis: one row per order line, amounts in the company currency, read with
 * read_group (by team, salesperson, product, customer, date:month, company...).
 *
 * It is a SQL view (no table: `_auto = false`) rebuilt by `init()`. Extensions add columns by
 * declaring the fields and overriding `_select_additional_fields()` (call super, add entries)
 * and, when they need another table, `_from_sale()`; an addon installed after sale calls
 * `env.model('sale.report').init()` from its own data or postInit to rebuild the view.
 */
export class SaleReport extends Model {
  static override _name = 'sale.report';
  static override _description = 'Sales Analysis Report';
  static override _auto = false;
  static override _order = 'date desc';
  static override _rec_name = 'name';
  static override _fields = {
    name: fields.char({ string: 'Order Reference', readonly: true }),
    date: fields.datetime({ string: 'Order Date', readonly: true }),
    order_id: fields.many2one('sale.order', { string: 'Order #', readonly: true }),
    product_id: fields.many2one('product.product', { string: 'Product Variant', readonly: true }),
    product_tmpl_id: fields.many2one('product.template', { string: 'Product', readonly: true }),
    categ_id: fields.many2one('product.category', { string: 'Product Category', readonly: true }),
    product_uom: fields.many2one('uom.uom', { string: 'Unit of Measure', readonly: true }),
    partner_id: fields.many2one('res.partner', { string: 'Customer', readonly: true }),
    commercial_partner_id: fields.many2one('res.partner', { string: 'Customer Entity', readonly: true }),
    country_id: fields.many2one('res.country', { string: 'Customer Country', readonly: true }),
    team_id: fields.many2one('crm.team', { string: 'Sales Team', readonly: true }),
    user_id: fields.many2one('res.users', { string: 'Salesperson', readonly: true }),
    company_id: fields.many2one('res.company', { string: 'Company', readonly: true }),
    currency_id: fields.many2one('res.currency', { string: 'Currency', readonly: true, help: 'The company currency, in which the amounts are.' }),
    pricelist_id: fields.many2one('product.pricelist', { string: 'Pricelist', readonly: true }),
    state: fields.selection(ORDER_STATES, { string: 'Status', readonly: true }),
    invoice_status: fields.selection(INVOICE_STATUSES, { string: 'Invoice Status', readonly: true }),
    product_uom_qty: fields.float({ string: 'Qty Ordered', readonly: true }),
    qty_delivered: fields.float({ string: 'Qty Delivered', readonly: true }),
    qty_invoiced: fields.float({ string: 'Qty Invoiced', readonly: true }),
    qty_to_invoice: fields.float({ string: 'Qty To Invoice', readonly: true }),
    price_subtotal: fields.float({ string: 'Untaxed Total', readonly: true, help: 'In the company currency.' }),
    price_total: fields.float({ string: 'Total', readonly: true, help: 'In the company currency, taxes included.' }),
    discount: fields.float({ string: 'Discount %', readonly: true }),
    nbr: fields.integer({ string: '# of Lines', readonly: true }),
  };

  /** Column name -> SQL expression; extensions add theirs (Odoo 17's _select_additional_fields). */
  _select_additional_fields(): Record<string, string> {
    return {};
  }

  _select_sale(): string {
    const toCompany = 'CASE COALESCE(s.currency_rate, 0) WHEN 0 THEN 1.0 ELSE s.currency_rate END';
    const columns: Record<string, string> = {
      id: 'l.id',
      name: 's.name',
      date: 's.date_order',
      order_id: 's.id',
      product_id: 'l.product_id',
      product_tmpl_id: 'p.product_tmpl_id',
      categ_id: 't.categ_id',
      product_uom: 'l.product_uom',
      partner_id: 's.partner_id',
      commercial_partner_id: 'partner.commercial_partner_id',
      country_id: 'partner.country_id',
      team_id: 's.team_id',
      user_id: 's.user_id',
      company_id: 's.company_id',
      currency_id: 'company.currency_id',
      pricelist_id: 's.pricelist_id',
      state: 's.state',
      invoice_status: 'l.invoice_status',
      product_uom_qty: 'l.product_uom_qty',
      qty_delivered: 'l.qty_delivered',
      qty_invoiced: 'l.qty_invoiced',
      qty_to_invoice: 'l.qty_to_invoice',
      price_subtotal: `(l.price_subtotal / ${toCompany})::double precision`,
      price_total: `(l.price_total / ${toCompany})::double precision`,
      discount: 'l.discount',
      nbr: '1',
      create_uid: 'l.create_uid',
      create_date: 'l.create_date',
      write_uid: 'l.write_uid',
      write_date: 'l.write_date',
      ...this._select_additional_fields(),
    };
    return Object.entries(columns).map(([column, expression]) => `${expression} AS ${ident(column)}`).join(',\n       ');
  }

  _from_sale(): string {
    return `sale_order_line l
       JOIN sale_order s ON s.id = l.order_id
       JOIN res_company company ON company.id = s.company_id
       JOIN res_partner partner ON partner.id = s.partner_id
       LEFT JOIN product_product p ON p.id = l.product_id
       LEFT JOIN product_template t ON t.id = p.product_tmpl_id`;
  }

  _where_sale(): string {
    return 'l.display_type IS NULL';
  }

  _query(): string {
    return `SELECT ${this._select_sale()}\n  FROM ${this._from_sale()}\n WHERE ${this._where_sale()}`;
  }

  /** (Re)creates the view; dropped first because an extension may have changed its columns. */
  async init(): Promise<void> {
    const table = ident(this._meta.table);
    await this.env.cr.query(`DROP VIEW IF EXISTS ${table}`);
    await this.env.cr.query(`CREATE VIEW ${table} AS (${this._query()})`);
  }
}
