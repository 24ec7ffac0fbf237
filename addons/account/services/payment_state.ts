import type { Environment } from '../../base/orm/environment';

/**
 * Odoo's payment_state of invoices: not_paid, partial, in_payment (paid by payments still
 * waiting on an outstanding account for the bank statement) or paid. Entries are not_paid.
 */
export async function computePaymentStates(env: Environment, moveIds: number[]): Promise<Map<number, string>> {
  const states = new Map<number, string>();
  const { rows } = await env.cr.query<{ id: number; move_type: string; state: string; total: string; residual: string; rounding: number }>(
    `SELECT m.id, m.move_type, m.state,
            COALESCE(sum(l.amount_currency), 0) AS total, COALESCE(sum(l.amount_residual_currency), 0) AS residual, c.rounding
       FROM account_move m JOIN res_currency c ON c.id = m.currency_id
       LEFT JOIN account_move_line l ON l.move_id = m.id AND l.display_type = 'payment_term'
      WHERE m.id = ANY($1::int[]) GROUP BY m.id, c.rounding`, [moveIds]);
  for (const row of rows) {
    if (row.move_type === 'entry' || row.state !== 'posted') { states.set(row.id, 'not_paid'); continue; }
    const half = Number(row.rounding) / 2;
    const total = Math.abs(Number(row.total));
    const residual = Math.abs(Number(row.residual));
    if (total < half) states.set(row.id, 'paid');
    else if (residual < half) states.set(row.id, (await paidByPendingPayment(env, row.id)) ? 'in_payment' : 'paid');
    else if (Math.abs(residual - total) < half) states.set(row.id, 'not_paid');
    else states.set(row.id, 'partial');
  }
  return states;
}

/** True when a payment that paid this invoice still waits on its outstanding account. */
async function paidByPendingPayment(env: Environment, moveId: number): Promise<boolean> {
  const { rows } = await env.cr.query(
    `SELECT 1 FROM account_move_line term
       JOIN account_partial_reconcile p ON p.debit_move_id = term.id OR p.credit_move_id = term.id
       JOIN account_move_line other ON other.id = CASE WHEN p.debit_move_id = term.id THEN p.credit_move_id ELSE p.debit_move_id END
       JOIN account_move pm ON pm.id = other.move_id AND pm.payment_id IS NOT NULL
       JOIN account_move_line outstanding ON outstanding.move_id = pm.id AND outstanding.id <> other.id
       JOIN account_account a ON a.id = outstanding.account_id
      WHERE term.move_id = $1 AND term.display_type = 'payment_term'
        AND a.account_type <> 'asset_cash' AND NOT outstanding.reconciled
      LIMIT 1`, [moveId]);
  return rows.length > 0;
}
