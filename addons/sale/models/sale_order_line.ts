import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError, ValidationError } from '../../base/orm/exceptions';
import { roundTo } from '../../base/models/res_currency';
import type { Vals } from '../../base/orm/values';
import { computeTaxes, type TaxSpec } from '../../account/tools/tax_compute';
import { ORDER_STATES, INVOICE_STATUSES } from './sale_order';

type Computed = Record<number, Vals>;

type ProductInfo = { description: string; uom_id: number; list_price: number; product_tmpl_id: number };

/** Facts read once when several lines are prepared together. */
interface LineLookups {
  orders: Set<unknown>;
  products: Map<unknown, Promise<ProductInfo>>;
}

function memo<K, V>(cache: Map<K, Promise<V>>, key: K, read: () => Promise<V>): Promise<V> {
  if (!cache.has(key)) cache.set(key, read());
  return cache.get(key)!;
}

/** Fields a locked order keeps as they are: they define what was sold. */
const LOCKED_FIELDS = ['product_id', 'name', 'price_unit', 'product_uom', 'product_uom_qty', 'tax_id', 'discount'];
/** Quantities are compared at this precision (Odoo's "Product Unit of Measure" digits). */
const QTY_PRECISION = 1e-6;

function cleanQty(value: number): number {
  return Math.abs(value) < QTY_PRECISION ? 0 : Number(value.toFixed(6));
}

/** A line of a sales order: a product sold, or a section / note that only structures the order. */
export class SaleOrderLine extends Model {
  static override _name = 'sale.order.line';
  static override _description = 'Sales Order Line';
  static override _order = 'order_id, sequence, id';
  static override _fields = {
    order_id: fields.many2one('sale.order', { string: 'Order Reference', required: true, ondelete: 'cascade', index: true }),
    sequence: fields.integer({ default: 10 }),
    display_type: fields.selection([['line_section', 'Section'], ['line_note', 'Note']], { default: false, help: 'Technical field for UX purpose.' }),
    name: fields.text({ string: 'Description', required: true }),
    product_id: fields.many2one('product.product', { string: 'Product', ondelete: 'restrict', index: true, domain: [['sale_ok', '=', true]] }),
    product_uom_qty: fields.float({ string: 'Quantity', default: 1.0, digits: [16, 3] }),
    product_uom: fields.many2one('uom.uom', { string: 'Unit of Measure', ondelete: 'restrict' }),
    price_unit: fields.float({ string: 'Unit Price', default: 0.0, digits: [16, 6] }),
    discount: fields.float({ string: 'Discount (%)', default: 0.0, digits: [16, 2] }),
    tax_id: fields.many2many('account.tax', {
      string: 'Taxes', relation: 'account_tax_sale_order_line_rel', column1: 'sale_order_line_id', column2: 'account_tax_id',
      domain: [['type_tax_use', '=', 'sale']],
    }),
    price_subtotal: fields.monetary({ string: 'Subtotal', compute: '_compute_amount', store: true, precompute: true, depends: ['product_uom_qty', 'discount', 'price_unit', 'tax_id', 'currency_id'] }),
    price_tax: fields.monetary({ string: 'Total Tax', compute: '_compute_amount', store: true, precompute: true, depends: ['product_uom_qty', 'discount', 'price_unit', 'tax_id', 'currency_id'] }),
    price_total: fields.monetary({ string: 'Total', compute: '_compute_amount', store: true, precompute: true, depends: ['product_uom_qty', 'discount', 'price_unit', 'tax_id', 'currency_id'] }),
    qty_delivered_method: fields.selection([['manual', 'Manual'], ['stock_move', 'Stock Moves']], {
      string: 'Method to update delivered qty', compute: '_compute_qty_delivered_method', store: true, precompute: true, depends: ['product_id'],
      help: 'Manual: the delivered quantity is set by hand. Stock Moves: sale_stock sets it from validated deliveries.',
    }),
    qty_delivered: fields.float({ string: 'Delivery Quantity', default: 0.0, copy: false, digits: [16, 3] }),
    invoice_lines: fields.many2many('account.move.line', {
      string: 'Invoice Lines', relation: 'sale_order_line_invoice_rel', column1: 'order_line_id', column2: 'invoice_line_id', copy: false,
    }),
    qty_invoiced: fields.float({
      string: 'Invoiced Quantity', compute: '_compute_qty_invoiced', store: true, precompute: true, digits: [16, 3],
      depends: ['invoice_lines', 'invoice_lines.quantity', 'invoice_lines.sale_line_ids', 'invoice_lines.move_id.state', 'invoice_lines.move_id.move_type'],
    }),
    qty_to_invoice: fields.float({
      string: 'Quantity To Invoice', compute: '_compute_qty_to_invoice', store: true, precompute: true, digits: [16, 3],
      depends: ['qty_invoiced', 'qty_delivered', 'product_uom_qty', 'state', 'product_id', 'display_type'],
    }),
    invoice_status: fields.selection(INVOICE_STATUSES, {
      string: 'Invoice Status', compute: '_compute_invoice_status', store: true, precompute: true,
      depends: ['state', 'product_uom_qty', 'qty_delivered', 'qty_to_invoice', 'qty_invoiced'],
    }),
    company_id: fields.many2one('res.company', { string: 'Company', related: 'order_id.company_id', store: true, precompute: true, index: true }),
    currency_id: fields.many2one('res.currency', { string: 'Currency', related: 'order_id.currency_id', store: true, precompute: true }),
    order_partner_id: fields.many2one('res.partner', { string: 'Customer', related: 'order_id.partner_id', store: true, precompute: true, index: true }),
    salesman_id: fields.many2one('res.users', { string: 'Salesperson', related: 'order_id.user_id', store: true, precompute: true }),
    state: fields.selection(ORDER_STATES, { string: 'Order Status', related: 'order_id.state', store: true, precompute: true }),
  };
  static override _constrains = { _check_product_uom_qty: ['product_uom_qty'] };

  // ------------------------------------------------------------------ create / write / unlink

  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    return this.env.cr.savepoint(async () => {
      const prepared: Vals[] = [];
      const lookups = await this._line_lookups(list);
      for (const vals of list) prepared.push(await this._prepare_line_vals(vals ?? {}, false, lookups));
      await this._check_orders_editable(prepared.map((vals) => vals.order_id), Object.keys(prepared[0] ?? {}));
      return super.create(prepared);
    });
  }

  override async write(vals: Vals): Promise<true> {
    if (!vals || typeof vals !== 'object' || Array.isArray(vals) || !this.ids.length) return super.write(vals);
    return this.env.cr.savepoint(async () => {
      checkQuantity(vals.product_uom_qty);
      const orders = (await this.sudo().fetch(['order_id'])).map((row) => row.order_id as number);
      await this._check_orders_editable(orders, Object.keys(vals));
      if (!vals.product_id) return super.write(vals);
      // A new product brings its own description, price, unit and taxes unless they are given.
      const byOrder = new Map<number, number[]>();
      (await this.sudo().fetch(['order_id'])).forEach((row) => byOrder.set(row.order_id, [...(byOrder.get(row.order_id) ?? []), row.id]));
      for (const [orderId, lineIds] of byOrder) {
        const { order_id: _order, ...prepared } = await this._prepare_line_vals({ ...vals, order_id: orderId }, true);
        await super.write.call(this.browse(lineIds), prepared);
      }
      return true;
    });
  }

  override async unlink(): Promise<true> {
    const { rows } = await this.env.cr.query<{ name: string }>(
      `SELECT DISTINCT s.name FROM sale_order_line l JOIN sale_order s ON s.id = l.order_id
        WHERE l.id = ANY($1::int[]) AND s.state = 'sale' AND l.display_type IS NULL`, [this.ids]);
    if (rows.length) {
      throw new UserError(`Lines of the confirmed order ${rows.map((r) => r.name).join(', ')} cannot be removed: set their quantity to 0 instead.`);
    }
    return super.unlink();
  }

  /** Locked orders keep what was sold: their product, quantity, price and tax lines cannot change. */
  async _check_orders_editable(orderIds: unknown[], fieldNames: string[]): Promise<void> {
    const touched = fieldNames.filter((name) => LOCKED_FIELDS.includes(name));
    const ids = [...new Set(orderIds.filter((id): id is number => Number.isInteger(id)))];
    if (!touched.length || !ids.length) return;
    const { rows } = await this.env.cr.query<{ name: string }>('SELECT name FROM sale_order WHERE id = ANY($1::int[]) AND locked', [ids]);
    if (rows.length) {
      throw new UserError(`The order ${rows.map((r) => r.name).join(', ')} is locked: its ${touched.join(', ')} cannot be changed. Unlock it first.`);
    }
  }

  /**
   * Completes a line's values from its product and order: description, unit, price in the
   * order's currency, and the product's taxes of the order's company mapped by its fiscal position.
   * Refuses an unknown order or product and negative quantities before anything is written.
   */
  async _prepare_line_vals(given: Vals, productChanged = false, lookups?: LineLookups): Promise<Vals> {
    const vals = { ...given };
    checkQuantity(vals.product_uom_qty);
    if (!vals.order_id) throw new ValidationError('A sales order line must belong to an order: set order_id.');
    const exists = lookups ? lookups.orders.has(vals.order_id) : (await this.env.model('sale.order').sudo().browse([vals.order_id]).exists()).length > 0;
    if (!exists) throw new ValidationError(`The sales order with id ${vals.order_id} does not exist.`);
    if (vals.display_type) {
      if (vals.product_id) throw new ValidationError('A section or note line cannot have a product: remove the product or make it a regular line.');
      if (!vals.name) throw new ValidationError('A section or note line needs a text: set its name.');
      return vals;
    }
    if (!vals.product_id) throw new ValidationError('A sales order line needs a product (or must be a section or a note): set product_id.');
    const product = await (lookups ? memo(lookups.products, vals.product_id, () => this._product_info(vals.product_id)) : this._product_info(vals.product_id));
    if (!vals.name || (productChanged && !('name' in given))) vals.name = product.description;
    if (!vals.product_uom || (productChanged && !('product_uom' in given))) vals.product_uom = product.uom_id;
    if (!('price_unit' in given)) vals.price_unit = await this._price_in_order_currency(product.list_price, vals.order_id);
    if (!('tax_id' in given)) vals.tax_id = [[6, 0, await this._default_taxes(vals.product_id, vals.order_id)]];
    return vals;
  }

  /** What preparing these lines reads once: which of their orders exist (one query), then each product once. */
  async _line_lookups(list: Vals[]): Promise<LineLookups> {
    const orderIds = [...new Set(list.map((vals) => vals?.order_id).filter((id): id is number => Number.isInteger(id)))];
    const orders = new Set(orderIds.length ? (await this.env.model('sale.order').sudo().browse(orderIds).exists()).ids : []);
    return { orders, products: new Map() };
  }

  async _product_info(productId: unknown): Promise<ProductInfo> {
    if (!Number.isInteger(productId) || (productId as number) <= 0) throw new ValidationError(`Unknown product ${JSON.stringify(productId)}: choose an existing product.`);
    const products = this.env.model('product.product').sudo().withContext({ active_test: false });
    const found = await products.browse([productId as number]).exists();
    if (!found.length) throw new ValidationError(`The product with id ${productId} does not exist: choose an existing product.`);
    const [row] = await found.fetch(['uom_id', 'list_price', 'description_sale', 'product_tmpl_id']);
    const name = (await found._displayNames()).get(productId as number) ?? '';
    return {
      description: row.description_sale ? `${name}\n${row.description_sale}` : name,
      uom_id: row.uom_id, list_price: row.list_price ?? 0, product_tmpl_id: row.product_tmpl_id,
    };
  }

  /** The product's sales price is in the company currency; the order may be in another. */
  async _price_in_order_currency(listPrice: number, orderId: number): Promise<number> {
    const { rows } = await this.env.cr.query<{ currency_id: number | null; company_id: number; company_currency: number; date_order: Date | string }>(
      `SELECT s.currency_id, s.company_id, c.currency_id AS company_currency, s.date_order
         FROM sale_order s JOIN res_company c ON c.id = s.company_id WHERE s.id = $1`, [orderId]);
    const order = rows[0];
    if (!order.currency_id || order.currency_id === order.company_currency) return listPrice;
    const currencies = this.env.model<any>('res.currency').sudo();
    const date = new Date(order.date_order).toISOString().slice(0, 10);
    return currencies.browse([order.company_currency])._convert(listPrice, currencies.browse([order.currency_id]), order.company_id, date);
  }

  /** The product's customer taxes of the order's company, mapped by the order's fiscal position. */
  async _default_taxes(productId: number | false, orderId: number): Promise<number[]> {
    if (!productId) return [];
    const { rows } = await this.env.cr.query<{ tax_id: number }>(
      `SELECT r.tax_id FROM product_product p JOIN product_taxes_rel r ON r.prod_id = p.product_tmpl_id
         JOIN account_tax t ON t.id = r.tax_id JOIN sale_order s ON s.id = $2
        WHERE p.id = $1 AND t.company_id = s.company_id AND t.active ORDER BY t.sequence, t.id`, [productId, orderId]);
    const [order] = await this.env.model('sale.order').sudo().browse([orderId]).fetch(['fiscal_position_id']);
    const position = this.env.model<any>('account.fiscal.position').sudo().browse(order.fiscal_position_id ? [order.fiscal_position_id] : []);
    const mapped = await position.map_tax(rows.map((r) => r.tax_id));
    return mapped.ids;
  }

  async _check_product_uom_qty(): Promise<void> {
    for (const row of await this.sudo().fetch(['product_uom_qty'])) checkQuantity(row.product_uom_qty);
  }

  // ------------------------------------------------------------------ computes

  /**
   * Subtotal, tax and total of each line as account.tax.compute_all gives them, rounded per line.
   * The lines' taxes and currency roundings are read once for all the lines (computeTaxes is what
   * compute_all runs on them).
   */
  async _compute_amount(): Promise<Computed> {
    const result: Computed = {};
    const rows = await this.sudo().fetch(['display_type', 'price_unit', 'discount', 'product_uom_qty', 'tax_id', 'currency_id', 'order_partner_id', 'company_id']);
    const priced = rows.filter((line) => !line.display_type);
    for (const line of rows) if (line.display_type) result[line.id] = { price_subtotal: 0, price_tax: 0, price_total: 0 };
    if (!priced.length) return result;
    const companyCurrencies = await this._company_currencies(priced.filter((l) => !l.currency_id).map((l) => l.company_id));
    const currencyOf = (line: Vals): number | false => line.currency_id || companyCurrencies.get(line.company_id) || false;
    const roundings = await this._currency_roundings(priced.map(currencyOf));
    const specs = new Map<number, TaxSpec>((await (this.env.model('account.tax').sudo().browse([...new Set(priced.flatMap((l) => l.tax_id as number[]))]) as any)._taxSpecs())
      .map((spec: TaxSpec) => [spec.id, spec]));
    for (const line of priced) {
      const rounding = roundings.get(currencyOf(line)) ?? 0.01;
      // _taxSpecs sorted them by sequence and id: keep that order for the line's own taxes.
      const taxes = [...specs.values()].filter((spec) => (line.tax_id as number[]).includes(spec.id));
      const amounts = computeTaxes(taxes, line.price_unit * (1 - (line.discount || 0) / 100), line.product_uom_qty, rounding);
      result[line.id] = {
        price_subtotal: amounts.total_excluded,
        price_tax: roundTo(amounts.total_included - amounts.total_excluded, rounding),
        price_total: amounts.total_included,
      };
    }
    return result;
  }

  /** The currency of each company (one query). */
  async _company_currencies(companyIds: Array<number | false>): Promise<Map<number, number>> {
    const ids = [...new Set(companyIds.filter((id): id is number => Boolean(id)))];
    if (!ids.length) return new Map();
    const { rows } = await this.env.cr.query<{ id: number; currency_id: number }>('SELECT id, currency_id FROM res_company WHERE id = ANY($1::int[])', [ids]);
    return new Map(rows.map((r) => [r.id, r.currency_id]));
  }

  /** The rounding of each currency (one query; 0.01 without a currency). */
  async _currency_roundings(currencyIds: Array<number | false>): Promise<Map<number | false, number>> {
    const ids = [...new Set(currencyIds.filter((id): id is number => Boolean(id)))];
    const roundings = new Map<number | false, number>([[false, 0.01]]);
    if (!ids.length) return roundings;
    const { rows } = await this.env.cr.query<{ id: number; rounding: number }>('SELECT id, rounding FROM res_currency WHERE id = ANY($1::int[])', [ids]);
    for (const row of rows) roundings.set(row.id, Number(row.rounding ?? 0.01));
    return roundings;
  }

  /** Manual by default; sale_stock answers 'stock_move' for goods it delivers. */
  async _compute_qty_delivered_method(): Promise<Computed> {
    return Object.fromEntries(this.ids.map((id) => [id, { qty_delivered_method: 'manual' }]));
  }

  /**
   * Quantities on customer invoices (minus credit notes) that are not cancelled. The invoice
   * lines are read through fetch(): qty_invoiced is precomputed on lines not inserted yet, whose
   * invoice_lines only fetch() knows.
   */
  async _compute_qty_invoiced(): Promise<Computed> {
    const lines = await this.sudo().fetch(['invoice_lines']);
    const amlIds = [...new Set(lines.flatMap((line) => line.invoice_lines as number[]))];
    const { rows } = amlIds.length ? await this.env.cr.query<{ id: number; qty: string | number | null }>(
      `SELECT aml.id, CASE WHEN m.move_type = 'out_refund' THEN -aml.quantity ELSE aml.quantity END AS qty
         FROM account_move_line aml JOIN account_move m ON m.id = aml.move_id
        WHERE aml.id = ANY($1::int[]) AND m.state <> 'cancel' AND m.move_type IN ('out_invoice', 'out_refund')`, [amlIds]) : { rows: [] };
    const quantities = new Map(rows.map((row) => [row.id, Number(row.qty ?? 0)]));
    return Object.fromEntries(lines.map((line) => [line.id, {
      qty_invoiced: cleanQty((line.invoice_lines as number[]).reduce((sum, aml) => sum + (quantities.get(aml) ?? 0), 0)),
    }]));
  }

  /** Ordered or delivered quantity (per the product's invoicing policy) not invoiced yet. */
  async _compute_qty_to_invoice(): Promise<Computed> {
    const rows = await this.sudo().fetch(['state', 'display_type', 'product_id', 'product_uom_qty', 'qty_delivered', 'qty_invoiced']);
    const policies = await this._invoice_policies(rows.map((r) => r.product_id));
    const result: Computed = {};
    for (const line of rows) {
      let qty = 0;
      if (line.state === 'sale' && !line.display_type) {
        const base = policies.get(line.product_id) === 'delivery' ? line.qty_delivered : line.product_uom_qty;
        qty = base - line.qty_invoiced;
      }
      result[line.id] = { qty_to_invoice: cleanQty(qty) };
    }
    return result;
  }

  async _invoice_policies(productIds: Array<number | false>): Promise<Map<number, string>> {
    const ids = productIds.filter((id): id is number => Boolean(id));
    if (!ids.length) return new Map();
    const { rows } = await this.env.cr.query<{ id: number; policy: string | null }>(
      `SELECT p.id, t.invoice_policy AS policy FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
        WHERE p.id = ANY($1::int[])`, [ids]);
    return new Map(rows.map((row) => [row.id, row.policy ?? 'order']));
  }

  /** Odoo's line invoice status: to invoice, fully invoiced, upselling (delivered more than ordered) or nothing. */
  async _compute_invoice_status(): Promise<Computed> {
    const rows = await this.sudo().fetch(['state', 'display_type', 'product_id', 'product_uom_qty', 'qty_delivered', 'qty_invoiced', 'qty_to_invoice']);
    const policies = await this._invoice_policies(rows.map((r) => r.product_id));
    const result: Computed = {};
    for (const line of rows) {
      let status = 'no';
      if (line.state !== 'sale' || line.display_type) status = 'no';
      else if (Math.abs(line.qty_to_invoice) >= QTY_PRECISION) status = 'to invoice';
      else if (policies.get(line.product_id) === 'order' && line.product_uom_qty >= 0 && line.qty_delivered - line.product_uom_qty >= QTY_PRECISION) status = 'upselling';
      else if (line.qty_invoiced - line.product_uom_qty > -QTY_PRECISION) status = 'invoiced';
      result[line.id] = { invoice_status: status };
    }
    return result;
  }

  // ------------------------------------------------------------------ invoicing

  /** The invoice line values for this sale line (Odoo's _prepare_invoice_line). */
  async _prepare_invoice_line(sequence: number): Promise<Vals> {
    const [line] = await this.sudo().fetch(['display_type', 'name', 'product_id', 'product_uom', 'qty_to_invoice', 'discount', 'price_unit', 'tax_id']);
    const vals: Vals = {
      display_type: line.display_type || 'product',
      sequence,
      name: line.name,
      sale_line_ids: [[4, line.id]],
    };
    if (line.display_type) return vals;
    return {
      ...vals,
      product_id: line.product_id,
      product_uom_id: line.product_uom,
      quantity: line.qty_to_invoice,
      discount: line.discount,
      price_unit: line.price_unit,
      tax_ids: [[6, 0, line.tax_id]],
    };
  }
}

function checkQuantity(value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValidationError(`The quantity of a sales order line must be a number, got ${JSON.stringify(value)}.`);
  }
  if (value < 0) {
    throw new ValidationError(`The quantity of a sales order line cannot be negative (${value}): to take goods back, issue a credit note or a return instead.`);
  }
}
