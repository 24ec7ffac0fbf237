import PDFDocument from 'pdfkit';
import type { Environment } from '../../base/orm/environment';

const TITLES: Record<string, string> = { out_invoice: 'Invoice', out_refund: 'Credit Note', in_invoice: 'Vendor Bill', in_refund: 'Vendor Credit Note', entry: 'Journal Entry' };

/** The data printed on an invoice, read once (the web layer may show it as HTML too). */
export async function invoiceReportData(env: Environment, moveId: number) {
  const move = await env.model('account.move').sudo().browse([moveId]).fetchOne(['name', 'move_type', 'state', 'invoice_date', 'invoice_date_due', 'partner_id', 'company_id', 'currency_id', 'amount_untaxed', 'amount_tax', 'amount_total', 'amount_residual', 'invoice_origin', 'ref']);
  const partner = move.partner_id ? await env.model('res.partner').sudo().browse([move.partner_id]).fetchOne(['name', 'street', 'zip', 'city', 'vat']) : null;
  const company = await env.model('res.company').sudo().browse([move.company_id]).fetchOne(['name', 'street', 'zip', 'city', 'vat']);
  const currency = await env.model('res.currency').sudo().browse([move.currency_id]).fetchOne(['name', 'decimal_places']);
  const { rows: lines } = await env.cr.query<{ name: string | null; quantity: number; price_unit: number; discount: number; price_subtotal: string; display_type: string }>(
    `SELECT name, quantity, price_unit, discount, price_subtotal, display_type FROM account_move_line WHERE move_id = $1 AND display_type IN ('product', 'line_section', 'line_note') ORDER BY sequence, id`, [moveId]);
  return { move, partner, company, currency, lines };
}

/** The invoice as a PDF (pdfkit): header, customer with Tax ID, lines and totals. */
export async function renderInvoicePdf(env: Environment, moveId: number): Promise<Buffer> {
  const { move, partner, company, currency, lines } = await invoiceReportData(env, moveId);
  const money = (value: number) => `${Number(value).toFixed(currency.decimal_places)} ${currency.name}`;
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${TITLES[move.move_type]} ${move.name}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => { doc.on('end', () => resolve(Buffer.concat(chunks))); doc.on('error', reject); });
  doc.fontSize(10).text(company.name);
  for (const part of [company.street, [company.zip, company.city].filter(Boolean).join(' '), company.vat ? `Tax ID: ${company.vat}` : '']) if (part) doc.text(part);
  doc.moveDown();
  if (partner) {
    doc.text(partner.name, { align: 'right' });
    for (const part of [partner.street, [partner.zip, partner.city].filter(Boolean).join(' ')]) if (part) doc.text(part, { align: 'right' });
    if (partner.vat) doc.text(`Tax ID: ${partner.vat}`, { align: 'right' });
  }
  doc.moveDown().fontSize(18).text(`${move.state === 'draft' ? 'Draft ' : ''}${TITLES[move.move_type]} ${move.name === '/' ? '' : move.name}`);
  doc.fontSize(10).text(`Date: ${move.invoice_date || ''}    Due: ${move.invoice_date_due || move.invoice_date || ''}${move.invoice_origin ? `    Source: ${move.invoice_origin}` : ''}`);
  doc.moveDown();
  for (const line of lines) {
    if (line.display_type !== 'product') { doc.font('Helvetica-Bold').text(line.name ?? '').font('Helvetica'); continue; }
    doc.text(`${line.name ?? ''} — ${line.quantity} × ${Number(line.price_unit).toFixed(currency.decimal_places)}${line.discount ? ` (−${line.discount}%)` : ''}    ${money(Number(line.price_subtotal))}`);
  }
  doc.moveDown();
  doc.text(`Untaxed Amount: ${money(move.amount_untaxed)}`, { align: 'right' });
  doc.text(`Taxes: ${money(move.amount_tax)}`, { align: 'right' });
  doc.font('Helvetica-Bold').text(`Total: ${money(move.amount_total)}`, { align: 'right' }).font('Helvetica');
  if (move.state === 'posted') doc.text(`Amount Due: ${money(move.amount_residual)}`, { align: 'right' });
  doc.end();
  return done;
}

/** The file name users get, e.g. INV_2026_00001.pdf. */
export function invoiceFilename(name: string, moveType: string): string {
  return `${(name && name !== '/' ? name : `Draft ${TITLES[moveType] ?? 'Invoice'}`).replace(/[^A-Za-z0-9_-]+/g, '_')}.pdf`;
}
