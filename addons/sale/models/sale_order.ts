import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import { roundTo } from '../../base/models/res_currency';
import type { Vals } from '../../base/orm/values';
import { createInvoices } from '../services/create_invoices';

export const ORDER_STATES: Array<[string, string]> = [
  ['draft', 'Quotation'], ['sent', 'Quotation Sent'], ['sale', 'Sales Order'], ['cancel', 'Cancelled'],
];
export const INVOICE_STATUSES: Array<[string, string]> = [
  ['upselling', 'Upselling Opportunity'], ['invoiced', 'Fully Invoiced'], ['to invoice', 'To Invoice'], ['no', 'Nothing to Invoice'],
];

type Computed = Record<number, Vals>;

/** Facts read once when several orders are created together (memo: what addons look up per company). */
export interface OrderLookups {
  partners: Set<number>;
  pricelists: Map<number, number>;
  /** Order references reserved per company. */
  names: Map<number, string[]>;
  memo: Map<string, Promise<unknown>>;
}

function nowUtc(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ');
}

/** Quotations and sales orders (Odoo's sale.order). */
export class SaleOrder extends Model {
  static override _name = 'sale.order';
  static override _description = 'Sales Order';
  static override _order = 'date_order desc, id desc';
  static override _fields = {
    name: fields.char({ string: 'Order Reference', required: true, default: 'New', copy: false, index: true }),
    origin: fields.char({ string: 'Source Document', help: 'Reference of the document that generated this order (e.g. an Amazon order id).' }),
    client_order_ref: fields.char({ string: 'Customer Reference', copy: false }),
    state: fields.selection(ORDER_STATES, { string: 'Status', default: 'draft', readonly: true, copy: false, index: true }),
    locked: fields.boolean({ default: false, copy: false, help: 'Locked orders cannot be modified.' }),
    date_order: fields.datetime({ string: 'Order Date', required: true, index: true, copy: false, default: () => nowUtc() }),
    validity_date: fields.date({ string: 'Expiration', copy: false }),
    partner_id: fields.many2one('res.partner', { string: 'Customer', required: true, index: true, ondelete: 'restrict' }),
    partner_invoice_id: fields.many2one('res.partner', { string: 'Invoice Address', required: true, ondelete: 'restrict' }),
    partner_shipping_id: fields.many2one('res.partner', { string: 'Delivery Address', required: true, ondelete: 'restrict' }),
    user_id: fields.many2one('res.users', { string: 'Salesperson', index: true, default: (env) => env.uid }),
    team_id: fields.many2one('crm.team', { string: 'Sales Team', index: true }),
    company_id: fields.many2one('res.company', { string: 'Company', required: true, index: true, default: (env) => env.companyId() }),
    pricelist_id: fields.many2one('product.pricelist', { string: 'Pricelist', ondelete: 'restrict' }),
    currency_id: fields.many2one('res.currency', { string: 'Currency', related: 'pricelist_id.currency_id', store: true, precompute: true, ondelete: 'restrict' }),
    currency_rate: fields.float({
      string: 'Currency Rate', compute: '_compute_currency_rate', depends: ['currency_id', 'company_id', 'date_order'], store: true, precompute: true,
      help: 'Units of the order currency per unit of the company currency on the order date.',
    }),
    fiscal_position_id: fields.many2one('account.fiscal.position', { string: 'Fiscal Position', help: 'Adapts the taxes of the lines to this customer.' }),
    note: fields.html({ string: 'Terms and conditions' }),
    order_line: fields.one2many('sale.order.line', 'order_id', { string: 'Order Lines', copy: true }),
    amount_untaxed: fields.monetary({ string: 'Untaxed Amount', compute: '_compute_amounts', store: true, depends: ['order_line.price_subtotal', 'order_line.price_tax', 'order_line.price_total', 'currency_id'] }),
    amount_tax: fields.monetary({ string: 'Taxes', compute: '_compute_amounts', store: true, depends: ['order_line.price_subtotal', 'order_line.price_tax', 'order_line.price_total', 'currency_id'] }),
    amount_total: fields.monetary({ string: 'Total', compute: '_compute_amounts', store: true, depends: ['order_line.price_subtotal', 'order_line.price_tax', 'order_line.price_total', 'currency_id'] }),
    invoice_status: fields.selection(INVOICE_STATUSES, {
      string: 'Invoice Status', compute: '_compute_invoice_status', store: true, depends: ['state', 'order_line.invoice_status'],
    }),
    invoice_ids: fields.many2many('account.move', { string: 'Invoices', compute: '_get_invoiced' }),
    invoice_count: fields.integer({ string: 'Invoice Count', compute: '_get_invoiced' }),
    amount_to_invoice: fields.monetary({ string: 'Amount to Invoice', compute: '_compute_amount_to_invoice' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['name_company_uniq', 'unique(company_id, name)', 'This order reference is already used in this company: order references must be unique.'],
  ];
  static override _public = [
    'action_confirm', 'action_cancel', 'action_draft', 'action_quotation_sent', 'action_lock', 'action_unlock',
    'action_update_taxes', 'action_view_invoice',
  ];

  // ------------------------------------------------------------------ create / write / unlink

  /** Fills the reference, addresses, pricelist, currency, team and fiscal position, then creates atomically. */
  override async create(valsList: Vals | Vals[]): Promise<this> {
    const list = Array.isArray(valsList) ? valsList : [valsList];
    return this.env.cr.savepoint(async () => {
      const prepared: Vals[] = [];
      const lookups = await this._create_lookups(list);
      for (const vals of list) prepared.push(await this._prepare_create_vals(vals ?? {}, lookups));
      return super.create(prepared);
    });
  }

  /** What preparing several orders reads once: which customers exist, the pricelists' currencies (one query each). */
  async _create_lookups(list: Vals[]): Promise<OrderLookups> {
    const ids = (key: string) => [...new Set(list.map((vals) => vals?.[key]).filter((id): id is number => Number.isInteger(id)))];
    const partnerIds = ids('partner_id');
    const pricelistIds = ids('pricelist_id');
    const partners = new Set(partnerIds.length ? (await this.env.model('res.partner').sudo().browse(partnerIds).exists()).ids : []);
    const pricelists = new Map((pricelistIds.length ? await this.env.model('product.pricelist').sudo().browse(pricelistIds).fetch(['currency_id']) : [])
      .map((row) => [row.id as number, row.currency_id]));
    // References of the orders without one, reserved per company in one statement, handed out in list order.
    const names = new Map<number, string[]>();
    const unnamed = new Map<number, number>();
    for (const vals of list) {
      if (vals?.name && vals.name !== 'New') continue;
      const companyId: number = vals?.company_id || (await this.env.companyId());
      unnamed.set(companyId, (unnamed.get(companyId) ?? 0) + 1);
    }
    for (const [companyId, count] of unnamed) {
      const sequences = this.env.sudo().withContext({ allowed_company_ids: [companyId] }).model<any>('ir.sequence');
      names.set(companyId, await sequences._next_many_by_code('sale.order', count));
    }
    return { partners, pricelists, names, memo: new Map() };
  }

  async _prepare_create_vals(given: Vals, lookups?: OrderLookups): Promise<Vals> {
    const vals = { ...given };
    const env = this.env;
    const companyId: number = vals.company_id || (await env.companyId());
    const inCompany = env.sudo().withContext({ allowed_company_ids: [companyId] });
    if (!vals.partner_id) throw new UserError('A sales order needs a customer: set partner_id.');
    const partner = lookups?.partners.has(vals.partner_id) ? inCompany.model('res.partner').browse([vals.partner_id]) : await inCompany.model('res.partner').browse([vals.partner_id]).exists();
    if (!partner.length) throw new UserError(`The customer with id ${vals.partner_id} does not exist: choose an existing contact.`);
    if (!vals.partner_invoice_id || !vals.partner_shipping_id) {
      const addresses = await (partner as any).address_get(['delivery', 'invoice']);
      vals.partner_invoice_id ||= addresses.invoice;
      vals.partner_shipping_id ||= addresses.delivery;
    }
    if (!vals.name || vals.name === 'New') vals.name = lookups?.names.get(companyId)?.shift() ?? await inCompany.model<any>('ir.sequence').next_by_code('sale.order');
    if (!vals.pricelist_id) {
      const { rows } = await env.cr.query<{ currency_id: number }>('SELECT currency_id FROM res_company WHERE id = $1', [companyId]);
      vals.pricelist_id = await inCompany.model<any>('product.pricelist')._get_or_create_pricelist(rows[0].currency_id);
    }
    // Stored now (not only recomputed later) so lines created with the order already see it.
    const known = lookups?.pricelists.get(vals.pricelist_id);
    const [pricelist] = known ? [{ currency_id: known }] : await inCompany.model('product.pricelist').browse([vals.pricelist_id]).fetch(['currency_id']);
    if (!pricelist) throw new UserError(`The pricelist with id ${vals.pricelist_id} does not exist: choose an existing pricelist.`);
    vals.currency_id = pricelist.currency_id;
    if (!('team_id' in vals)) {
      vals.team_id = await inCompany.model<any>('crm.team')._get_default_team_id(vals.user_id ?? env.uid);
    }
    if (!('fiscal_position_id' in vals)) {
      const position = await inCompany.model<any>('account.fiscal.position')._get_fiscal_position(vals.partner_shipping_id, companyId);
      vals.fiscal_position_id = position.ids[0] ?? false;
    }
    return vals;
  }

  override async write(vals: Vals): Promise<true> {
    if (!vals || typeof vals !== 'object' || Array.isArray(vals)) return super.write(vals);
    return this.env.cr.savepoint(async () => {
      if ('pricelist_id' in vals) await this._check_pricelist_change(vals.pricelist_id);
      const changes = { ...vals };
      if (vals.pricelist_id) {
        const [pricelist] = await this.env.model('product.pricelist').sudo().browse([vals.pricelist_id]).fetch(['currency_id']);
        changes.currency_id = pricelist.currency_id;
      }
      if ('partner_id' in vals && vals.partner_id && !('partner_invoice_id' in vals || 'partner_shipping_id' in vals)) {
        const addresses = await (this.env.model('res.partner').sudo().browse([vals.partner_id]) as any).address_get(['delivery', 'invoice']);
        changes.partner_invoice_id = addresses.invoice;
        changes.partner_shipping_id = addresses.delivery;
      }
      return super.write(changes);
    });
  }

  /** Prices are in the pricelist currency: changing it under a confirmed order would change what was sold. */
  async _check_pricelist_change(pricelistId: unknown): Promise<void> {
    for (const order of await this.sudo().fetch(['name', 'state', 'pricelist_id'])) {
      if (order.state === 'sale' && order.pricelist_id !== pricelistId) {
        throw new UserError(`The pricelist of the confirmed order ${order.name} cannot be changed: cancel it and reset it to quotation first.`);
      }
    }
  }

  override async unlink(): Promise<true> {
    for (const order of await this.sudo().fetch(['name', 'state'])) {
      if (!['draft', 'cancel'].includes(order.state)) {
        throw new UserError(`The order ${order.name} has been sent or confirmed, so it cannot be deleted: cancel it first.`);
      }
    }
    return super.unlink();
  }

  // ------------------------------------------------------------------ computes

  async _compute_amounts(): Promise<Computed> {
    const { rows } = await this.env.cr.query<{ id: number; rounding: number | null; untaxed: string | null; tax: string | null; total: string | null }>(
      `SELECT s.id, c.rounding, sum(l.price_subtotal) AS untaxed, sum(l.price_tax) AS tax, sum(l.price_total) AS total
         FROM sale_order s LEFT JOIN res_currency c ON c.id = s.currency_id
         LEFT JOIN sale_order_line l ON l.order_id = s.id AND l.display_type IS NULL
        WHERE s.id = ANY($1::int[]) GROUP BY s.id, c.rounding`, [this.ids]);
    const result: Computed = {};
    for (const row of rows) {
      const round = (value: string | null) => roundTo(Number(value ?? 0), Number(row.rounding ?? 0.01));
      result[row.id] = { amount_untaxed: round(row.untaxed), amount_tax: round(row.tax), amount_total: round(row.total) };
    }
    return result;
  }

  /** Each rate is looked up once per currency, company and day, however many orders share it. */
  async _compute_currency_rate(): Promise<Computed> {
    const result: Computed = {};
    const orders = await this.sudo().fetch(['currency_id', 'company_id', 'date_order']);
    const companies = [...new Set(orders.filter((o) => o.company_id).map((o) => o.company_id as number))];
    const { rows } = companies.length
      ? await this.env.cr.query<{ id: number; currency_id: number }>('SELECT id, currency_id FROM res_company WHERE id = ANY($1::int[])', [companies])
      : { rows: [] };
    const companyCurrency = new Map(rows.map((r) => [r.id, r.currency_id]));
    const currencies = this.env.model<any>('res.currency').sudo();
    const rates = new Map<string, Promise<number>>();
    const rateOn = (currencyId: number, companyId: number, date: string) => {
      const key = `${currencyId}/${companyId}/${date}`;
      if (!rates.has(key)) rates.set(key, currencies.browse([currencyId])._rateOn(companyId, date));
      return rates.get(key)!;
    };
    for (const order of orders) {
      if (!order.currency_id || !order.company_id) {
        result[order.id] = { currency_rate: 1 };
        continue;
      }
      const date = String(order.date_order || nowUtc()).slice(0, 10);
      const orderRate = await rateOn(order.currency_id, order.company_id, date);
      const companyRate = await rateOn(companyCurrency.get(order.company_id)!, order.company_id, date);
      result[order.id] = { currency_rate: companyRate ? orderRate / companyRate : 1 };
    }
    return result;
  }

  /** Odoo's order invoice status, from its lines (sections and notes do not count). */
  async _compute_invoice_status(): Promise<Computed> {
    const orders = await this.sudo().fetch(['state']);
    const { rows } = await this.env.cr.query<{ order_id: number; invoice_status: string | null }>(
      'SELECT order_id, invoice_status FROM sale_order_line WHERE order_id = ANY($1::int[]) AND display_type IS NULL', [this.ids]);
    const result: Computed = {};
    for (const order of orders) {
      const statuses = rows.filter((r) => r.order_id === order.id).map((r) => r.invoice_status ?? 'no');
      let status = 'no';
      if (order.state !== 'sale') status = 'no';
      else if (statuses.includes('to invoice')) status = 'to invoice';
      else if (statuses.length && statuses.every((s) => s === 'invoiced')) status = 'invoiced';
      else if (statuses.length && statuses.every((s) => s === 'invoiced' || s === 'upselling')) status = 'upselling';
      result[order.id] = { invoice_status: status };
    }
    return result;
  }

  /** The customer invoices and credit notes holding lines of these orders. */
  async _get_invoiced(): Promise<Computed> {
    const { rows } = await this.env.cr.query<{ order_id: number; move_ids: number[] }>(
      `SELECT l.order_id, array_agg(DISTINCT aml.move_id ORDER BY aml.move_id) AS move_ids
         FROM sale_order_line l
         JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = l.id
         JOIN account_move_line aml ON aml.id = rel.invoice_line_id
         JOIN account_move m ON m.id = aml.move_id
        WHERE l.order_id = ANY($1::int[]) AND m.move_type IN ('out_invoice', 'out_refund')
        GROUP BY l.order_id`, [this.ids]);
    const byOrder = new Map(rows.map((row) => [row.order_id, row.move_ids.map(Number)]));
    return Object.fromEntries(this.ids.map((id) => {
      const moves = byOrder.get(id) ?? [];
      return [id, { invoice_ids: moves, invoice_count: moves.length }];
    }));
  }

  /** What is left to invoice, taxes included, at the lines' prices. */
  async _compute_amount_to_invoice(): Promise<Computed> {
    const result: Computed = Object.fromEntries(this.ids.map((id) => [id, { amount_to_invoice: 0 }]));
    const lines = await this.env.model('sale.order.line').sudo().search([['order_id', 'in', this.ids], ['display_type', '=', false]]);
    const rows = await lines.fetch(['order_id', 'qty_to_invoice', 'price_unit', 'discount', 'tax_id', 'currency_id', 'order_partner_id']);
    const roundings = new Map<number, number>();
    for (const line of rows) {
      if (!line.qty_to_invoice) continue;
      const taxes = this.env.model<any>('account.tax').sudo().browse(line.tax_id);
      const amounts = await taxes.compute_all(line.price_unit * (1 - (line.discount || 0) / 100), {
        currency_id: line.currency_id, quantity: line.qty_to_invoice, partner_id: line.order_partner_id,
      });
      result[line.order_id].amount_to_invoice += amounts.total_included;
      if (!roundings.has(line.order_id)) {
        const { rows: currency } = await this.env.cr.query<{ rounding: number }>('SELECT rounding FROM res_currency WHERE id = $1', [line.currency_id]);
        roundings.set(line.order_id, Number(currency[0]?.rounding ?? 0.01));
      }
    }
    for (const [orderId, rounding] of roundings) result[orderId].amount_to_invoice = roundTo(result[orderId].amount_to_invoice, rounding);
    return result;
  }

  // ------------------------------------------------------------------ state changes

  /** Odoo 17's _confirmation_error_message: why these orders cannot be confirmed, or false. */
  async _confirmation_error_message(): Promise<string | false> {
    const orders = await this.sudo().fetch(['name', 'state']);
    const wrong = orders.filter((order) => !['draft', 'sent'].includes(order.state));
    if (wrong.length) {
      return `Only quotations can be confirmed; ${wrong.map((o) => `${o.name} is ${stateLabel(o.state)}`).join(', ')}.`;
    }
    const { rows } = await this.env.cr.query<{ name: string }>(
      `SELECT DISTINCT s.name FROM sale_order_line l JOIN sale_order s ON s.id = l.order_id
        WHERE l.order_id = ANY($1::int[]) AND l.display_type IS NULL AND l.product_id IS NULL`, [this.ids]);
    if (rows.length) return `The order ${rows.map((r) => r.name).join(', ')} has a line without a product: set a product or turn the line into a note.`;
    return false;
  }

  async action_confirm(): Promise<boolean> {
    if (!this.ids.length) return true;
    await this.checkAccess('write');
    const error = await this._confirmation_error_message();
    if (error) throw new UserError(error);
    await this.env.cr.savepoint(async () => {
      await this.write(this._prepare_confirmation_values());
      await this._action_confirm();
    });
    return true;
  }

  _prepare_confirmation_values(): Vals {
    return { state: 'sale', date_order: nowUtc() };
  }

  /** Hook run after the orders are confirmed (sale_stock creates deliveries here). */
  async _action_confirm(): Promise<void> {
    return undefined;
  }

  /**
   * Why these orders cannot be cancelled, or false. Addons refuse cancellation by overriding it
   * (call super first): e.g. sale_stock when goods have already left the warehouse.
   */
  async _cancellation_error_message(): Promise<string | false> {
    const locked = (await this.sudo().fetch(['name', 'locked'])).filter((order) => order.locked);
    if (locked.length) return `The order ${locked.map((o) => o.name).join(', ')} is locked and cannot be cancelled: unlock it first.`;
    return false;
  }

  async action_cancel(): Promise<boolean> {
    if (!this.ids.length) return true;
    await this.checkAccess('write');
    const error = await this._cancellation_error_message();
    if (error) throw new UserError(error);
    await this.env.cr.savepoint(() => this._action_cancel());
    return true;
  }

  /** Cancels the orders and their draft invoices; addons extend it (sale_stock cancels pickings). */
  async _action_cancel(): Promise<void> {
    const invoices = await this._draft_invoices();
    if (invoices.length) await (invoices as any).button_cancel();
    await this.write({ state: 'cancel' });
  }

  async _draft_invoices(): Promise<Model> {
    const invoiceIds = Object.values(await this._get_invoiced()).flatMap((row) => row.invoice_ids as number[]);
    const moves = this.env.model('account.move').sudo();
    if (!invoiceIds.length) return moves;
    return moves.search([['id', 'in', invoiceIds], ['state', '=', 'draft']]);
  }

  async action_draft(): Promise<boolean> {
    const orders = (await this.sudo().fetch(['state'])).filter((o) => ['cancel', 'sent'].includes(o.state)).map((o) => o.id as number);
    if (orders.length) await this.browse(orders).write({ state: 'draft' });
    return true;
  }

  async action_quotation_sent(): Promise<boolean> {
    const notDraft = (await this.sudo().fetch(['name', 'state'])).filter((o) => o.state !== 'draft');
    if (notDraft.length) throw new UserError(`Only quotations can be marked as sent; ${notDraft.map((o) => o.name).join(', ')} is not a quotation.`);
    await this.write({ state: 'sent' });
    return true;
  }

  async action_lock(): Promise<boolean> {
    await this.write({ locked: true });
    return true;
  }

  async action_unlock(): Promise<boolean> {
    await this.write({ locked: false });
    return true;
  }

  /** Resets the line taxes to the products' taxes as mapped by the order's current fiscal position. */
  async action_update_taxes(): Promise<boolean> {
    const lines = await this.env.model('sale.order.line').search([['order_id', 'in', this.ids], ['display_type', '=', false]]);
    for (const line of lines) {
      const [row] = await line.fetch(['product_id', 'order_id']);
      const taxIds = await (this.env.model('sale.order.line') as any)._default_taxes(row.product_id, row.order_id);
      await line.write({ tax_id: [[6, 0, taxIds]] });
    }
    return true;
  }

  // ------------------------------------------------------------------ invoicing

  /**
   * Creates the customer invoices of what is left to invoice (ordered or delivered quantities,
   * per the products' invoicing policy). grouped: one invoice per order; otherwise orders of the
   * same company, invoice address and currency share one. final: also invoice negative quantities.
   */
  async _create_invoices(grouped = false, final = false): Promise<Model> {
    return this.env.cr.savepoint(() => createInvoices(this, grouped, final));
  }

  /** The window action opening these orders' invoices. */
  async action_view_invoice(): Promise<Vals> {
    const invoiceIds = Object.values(await this._get_invoiced()).flatMap((row) => row.invoice_ids as number[]);
    const action: Vals = { type: 'ir.actions.act_window', name: 'Invoices', res_model: 'account.move', context: { default_move_type: 'out_invoice' } };
    if (invoiceIds.length === 1) return { ...action, view_mode: 'form', res_id: invoiceIds[0], views: [[false, 'form']] };
    return { ...action, view_mode: 'list,form', domain: [['id', 'in', [...new Set(invoiceIds)]]], views: [[false, 'list'], [false, 'form']] };
  }
}

function stateLabel(state: string): string {
  return (ORDER_STATES.find(([key]) => key === state)?.[1] ?? state).toLowerCase();
}
