import type { Environment } from '../../../addons/base/orm/environment';

/** A posted customer invoice (or vendor bill) of one line at `price` with the given taxes. */
export async function postedInvoice(env: Environment, options: { partnerId: number; price: number; moveType?: string; taxIds?: number[]; currencyId?: number; quantity?: number }): Promise<any> {
  const move = await env.model('account.move').create({
    move_type: options.moveType ?? 'out_invoice', partner_id: options.partnerId, invoice_date: '2026-03-01', currency_id: options.currencyId ?? false,
    invoice_line_ids: [[0, 0, { name: 'Service', quantity: options.quantity ?? 1, price_unit: options.price, tax_ids: [[6, 0, options.taxIds ?? []]] }]],
  }) as any;
  await move.action_post();
  return move;
}

export async function partner(env: Environment, name: string, vals: Record<string, unknown> = {}): Promise<number> {
  return (await env.model('res.partner').create({ name, ...vals })).ids[0];
}
