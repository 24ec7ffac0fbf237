import type { Model } from '../../base/orm/model';
import { UserError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';

/** Orders invoiced together share these invoice values (Odoo's _get_invoice_grouping_keys). */
const GROUPING_KEYS = ['company_id', 'partner_id', 'currency_id'];

interface OrderInvoice {
  orderId: number;
  vals: Vals;
  lines: Vals[];
}

/**
 * sale.order._create_invoices: one customer invoice per order (grouped) or per company, invoice
 * address and currency, holding what each order line has left to invoice. Moves are created as
 * superuser: a salesperson invoices through the order without accounting rights, as in Odoo.
 */
export async function createInvoices(orders: Model, grouped: boolean, final: boolean): Promise<Model> {
  await orders.checkAccess('write');
  const perOrder: OrderInvoice[] = [];
  for (const order of orders) {
    const lines = await invoiceableLines(order, final);
    if (!lines.length) continue;
    const lineVals: Vals[] = [];
    let sequence = 0;
    for (const line of lines) lineVals.push(await (line as any)._prepare_invoice_line(++sequence));
    perOrder.push({ orderId: order.ids[0], vals: await prepareInvoice(order), lines: lineVals });
  }
  if (!perOrder.length) {
    throw new UserError('There is nothing to invoice on these orders: confirm them first, and for products invoiced on delivered quantities, deliver them before invoicing.');
  }
  const invoices = grouped ? perOrder.map((entry) => mergeInvoices([entry])) : groupInvoices(perOrder);
  const moves = orders.env.model('account.move').sudo().withContext({ default_move_type: 'out_invoice' });
  const created = await moves.create(invoices.map((invoice) => (final ? refundIfNegative(invoice) : invoice)));
  return created.withEnv(orders.env);
}

/**
 * The lines to invoice: positive quantities left (negative ones too when final), and the
 * sections and notes that head them; a section with nothing to invoice under it is dropped.
 */
async function invoiceableLines(order: Model, final: boolean): Promise<Model[]> {
  const lines = await order.env.model('sale.order.line').sudo().search([['order_id', '=', order.ids[0]]]);
  const rows = await lines.fetch(['display_type', 'qty_to_invoice']);
  const result: Model[] = [];
  let pendingSection: number | null = null;
  for (const row of rows) {
    if (row.display_type === 'line_section') {
      pendingSection = row.id;
      continue;
    }
    const invoiceable = row.display_type === 'line_note' || row.qty_to_invoice > 0 || (final && row.qty_to_invoice < 0);
    if (!invoiceable) continue;
    if (pendingSection !== null && row.display_type !== 'line_note') {
      result.push(lines.browse([pendingSection]));
      pendingSection = null;
    }
    result.push(lines.browse([row.id]));
  }
  // Notes alone are not worth an invoice.
  return result.some((line) => rows.find((r) => r.id === line.ids[0])?.display_type === false) ? result : [];
}

/** The invoice header for one order (Odoo's _prepare_invoice). */
async function prepareInvoice(order: Model): Promise<Vals> {
  const [row] = await order.sudo().fetch([
    'name', 'client_order_ref', 'currency_id', 'partner_invoice_id', 'partner_shipping_id', 'fiscal_position_id',
    'user_id', 'team_id', 'company_id', 'note',
  ]);
  return {
    move_type: 'out_invoice',
    ref: row.client_order_ref || false,
    currency_id: row.currency_id,
    partner_id: row.partner_invoice_id,
    partner_shipping_id: row.partner_shipping_id,
    fiscal_position_id: row.fiscal_position_id,
    invoice_origin: row.name,
    invoice_user_id: row.user_id,
    team_id: row.team_id,
    company_id: row.company_id,
    journal_id: await saleJournal(order, row.company_id),
    narration: row.note || false,
    payment_reference: row.name,
  };
}

async function saleJournal(order: Model, companyId: number): Promise<number> {
  const journals = await order.env.model('account.journal').sudo().search([['type', '=', 'sale'], ['company_id', '=', companyId]], { limit: 1 });
  if (!journals.length) {
    const { rows } = await order.env.cr.query<{ name: string }>('SELECT name FROM res_company WHERE id = $1', [companyId]);
    throw new UserError(`The company ${rows[0]?.name ?? companyId} has no sales journal to put invoices in: create a journal of type Sales first.`);
  }
  return journals.ids[0];
}

function groupInvoices(perOrder: OrderInvoice[]): Vals[] {
  const groups = new Map<string, OrderInvoice[]>();
  for (const entry of perOrder) {
    const key = JSON.stringify(GROUPING_KEYS.map((k) => entry.vals[k]));
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  return [...groups.values()].map(mergeInvoices);
}

/** One invoice for several orders: origins and references joined, lines one after the other. */
function mergeInvoices(entries: OrderInvoice[]): Vals {
  const [first] = entries;
  const unique = (values: unknown[]) => [...new Set(values.filter(Boolean))].join(', ') || false;
  let sequence = 0;
  const lines = entries.flatMap((entry) => entry.lines).map((line) => ({ ...line, sequence: ++sequence }));
  return {
    ...first.vals,
    invoice_origin: unique(entries.map((e) => e.vals.invoice_origin)),
    ref: unique(entries.map((e) => e.vals.ref)),
    payment_reference: entries.length === 1 ? first.vals.payment_reference : false,
    invoice_line_ids: lines.map((line) => [0, 0, line]),
  };
}

/** A final invoice whose lines add up to a negative amount is a credit note with positive quantities. */
function refundIfNegative(invoice: Vals): Vals {
  const lines = invoice.invoice_line_ids as Array<[number, number, Vals]>;
  const total = lines.reduce((sum, [, , line]) => sum + (line.quantity ?? 0) * (line.price_unit ?? 0) * (1 - (line.discount ?? 0) / 100), 0);
  if (total >= 0) return invoice;
  return {
    ...invoice,
    move_type: 'out_refund',
    invoice_line_ids: lines.map(([a, b, line]) => [a, b, line.display_type === 'product' ? { ...line, quantity: -line.quantity } : line]),
  };
}
