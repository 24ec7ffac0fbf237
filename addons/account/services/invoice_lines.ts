import type { Environment } from '../../base/orm/environment';
import { roundTo } from '../../base/models/res_currency';
import { computeTaxes } from '../tools/tax_compute';
import type { Vals } from '../../base/orm/values';

/** Product lines of customer invoices and vendor refunds are credits; the others debits. */
export function productSign(moveType: string): 1 | -1 {
  return moveType === 'out_invoice' || moveType === 'in_refund' ? -1 : 1;
}

export function isInvoice(moveType: string): boolean {
  return moveType !== 'entry';
}

interface MoveRow {
  id: number; move_type: string; state: string; currency_id: number; company_id: number; partner_id: number | false;
  date: string; invoice_date: string | false; invoice_date_due: string | false; payment_reference: string | false; journal_id: number;
}

/**
 * Rebuilds what an invoice derives from its product lines, as Odoo does on every change: each
 * product line's amounts, one tax line per tax and account, and the receivable (or payable)
 * line that balances the entry. Amounts are rounded in the invoice currency and converted at
 * the invoice date; the receivable line takes the conversion rounding so the entry balances.
 */
export async function syncInvoiceLines(env: Environment, move: MoveRow): Promise<void> {
  const lineModel = env.model('account.move.line').sudo().withContext({ skip_invoice_sync: true, skip_move_guard: true });
  const { rows: lines } = await env.cr.query<{ id: number; display_type: string; quantity: number; price_unit: number; discount: number; account_id: number | null; name: string | null }>(
    `SELECT id, display_type, quantity, price_unit, discount, account_id, name FROM account_move_line WHERE move_id = $1 ORDER BY sequence, id`, [move.id]);
  const generated = lines.filter((l) => l.display_type === 'tax' || l.display_type === 'payment_term');
  if (generated.length) await lineModel.browse(generated.map((l) => l.id)).unlink();
  const products = lines.filter((l) => l.display_type === 'product');
  if (!products.length) return;

  const currency = await env.model('res.currency').sudo().browse([move.currency_id]).fetchOne(['rounding']);
  const company = await env.model('res.company').sudo().browse([move.company_id]).fetchOne(['currency_id', 'account_default_receivable_id', 'account_default_payable_id']);
  const companyCurrency = env.model('res.currency').sudo().browse([company.currency_id]) as any;
  const moveCurrency = env.model('res.currency').sudo().browse([move.currency_id]) as any;
  const { rounding: companyRounding } = await companyCurrency.fetchOne(['rounding']);
  const date = move.invoice_date || move.date;
  const toCompany = (amount: number): Promise<number> => moveCurrency._convert(amount, companyCurrency, move.company_id, date);
  const sign = productSign(move.move_type);

  const { rows: taxLinks } = await env.cr.query<{ line: number; tax: number }>(
    `SELECT account_move_line_id AS line, account_tax_id AS tax FROM account_move_line_account_tax_rel WHERE account_move_line_id = ANY($1::int[])`, [products.map((l) => l.id)]);
  const taxTotals = new Map<string, { tax: number; name: string; account: number; amountCurrency: number; base: number }>();
  let totalAmountCurrency = 0;
  let totalBalance = 0;
  for (const line of products) {
    const taxIds = taxLinks.filter((link) => link.line === line.id).map((link) => link.tax);
    const taxes = await (env.model('account.tax').sudo().browse(taxIds) as any)._taxSpecs();
    const priceUnit = line.price_unit * (1 - (line.discount || 0) / 100);
    const result = computeTaxes(taxes, priceUnit, line.quantity, currency.rounding);
    const amountCurrency = sign * result.total_excluded;
    const balance = await toCompany(amountCurrency);
    await lineModel.browse([line.id]).write({
      price_subtotal: result.total_excluded, price_total: result.total_included, amount_currency: amountCurrency, balance,
    });
    totalAmountCurrency += amountCurrency;
    totalBalance += balance;
    for (const detail of result.taxes) {
      const account = (detail.account_id || line.account_id) as number;
      const key = `${detail.id}:${account}`;
      const entry = taxTotals.get(key) ?? { tax: detail.id, name: detail.name, account, amountCurrency: 0, base: 0 };
      entry.amountCurrency = roundTo(entry.amountCurrency + sign * detail.amount, currency.rounding);
      entry.base += detail.base;
      taxTotals.set(key, entry);
    }
  }

  const newLines: Vals[] = [];
  for (const entry of taxTotals.values()) {
    if (!entry.amountCurrency) continue;
    const balance = await toCompany(entry.amountCurrency);
    totalAmountCurrency += entry.amountCurrency;
    totalBalance += balance;
    newLines.push({
      move_id: move.id, display_type: 'tax', name: entry.name, account_id: entry.account, tax_line_id: entry.tax, partner_id: move.partner_id,
      amount_currency: entry.amountCurrency, balance, tax_base_amount: roundTo(entry.base, currency.rounding), currency_id: move.currency_id, sequence: 9000,
    });
  }
  const receivable = move.move_type.startsWith('out_') ? company.account_default_receivable_id : company.account_default_payable_id;
  newLines.push({
    move_id: move.id, display_type: 'payment_term', name: move.payment_reference || '', account_id: receivable, partner_id: move.partner_id,
    amount_currency: roundTo(-totalAmountCurrency, currency.rounding), balance: roundTo(-totalBalance, companyRounding),
    currency_id: move.currency_id, date_maturity: move.invoice_date_due || move.invoice_date || move.date, sequence: 9999,
  });
  await lineModel.create(newLines);
}
