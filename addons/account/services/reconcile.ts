import type { Environment } from '../../base/orm/environment';
import { UserError } from '../../base/orm/exceptions';
import { roundTo } from '../../base/models/res_currency';

interface OpenLine {
  id: number; move_id: number; account_id: number; account_code: string; reconcilable: boolean; parent_state: string; reconciled: boolean;
  currency_id: number; residual: number; residual_currency: number; rounding: number; company_rounding: number; date: string;
}

async function openLines(env: Environment, lineIds: number[]): Promise<OpenLine[]> {
  const { rows } = await env.cr.query<any>(
    `SELECT l.id, l.move_id, l.account_id, a.code AS account_code,
            (a.reconcile OR a.account_type IN ('asset_receivable', 'liability_payable')) AS reconcilable,
            l.parent_state, l.reconciled, l.currency_id, l.amount_residual AS residual, l.amount_residual_currency AS residual_currency,
            c.rounding, cc.rounding AS company_rounding, l.date
       FROM account_move_line l JOIN account_account a ON a.id = l.account_id
       JOIN res_currency c ON c.id = l.currency_id JOIN res_currency cc ON cc.id = l.company_currency_id
      WHERE l.id = ANY($1::int[]) ORDER BY l.date, l.id`, [lineIds]);
  return rows.map((r: any) => ({ ...r, residual: Number(r.residual), residual_currency: Number(r.residual_currency), rounding: Number(r.rounding), company_rounding: Number(r.company_rounding) }));
}

/**
 * Matches debit items with credit items of one account, oldest first, recording each match
 * as an account.partial.reconcile; when everything is matched, an account.full.reconcile.
 * Residual amounts and the invoices' payment states follow.
 */
export async function reconcileLines(env: Environment, lineIds: number[]): Promise<void> {
  const lines = await openLines(env, lineIds);
  if (lines.length !== new Set(lineIds).size) throw new UserError('Some journal items to reconcile do not exist or have no account.');
  if (lines.length < 2) throw new UserError('Select at least two journal items to reconcile.');
  const accounts = new Set(lines.map((l) => l.account_id));
  if (accounts.size > 1) throw new UserError(`Only items of the same account can be reconciled; these use ${[...new Set(lines.map((l) => l.account_code))].join(', ')}.`);
  if (!lines[0].reconcilable) throw new UserError(`Account ${lines[0].account_code} does not allow reconciliation: tick "Allow Reconciliation" on it first.`);
  if (lines.some((l) => l.parent_state !== 'posted')) throw new UserError('Only items of posted entries can be reconciled: post the entries first.');
  if (lines.some((l) => l.reconciled)) throw new UserError('Some of these items are already fully reconciled.');

  const debits = lines.filter((l) => l.residual > 0 || (l.residual === 0 && l.residual_currency > 0));
  const credits = lines.filter((l) => l.residual < 0 || (l.residual === 0 && l.residual_currency < 0));
  const partials: Array<Record<string, unknown>> = [];
  let d = 0;
  let c = 0;
  while (d < debits.length && c < credits.length) {
    const debit = debits[d];
    const credit = credits[c];
    const sameCurrency = debit.currency_id === credit.currency_id;
    let amount: number;
    let debitAmountCurrency: number;
    let creditAmountCurrency: number;
    if (sameCurrency) {
      const matched = Math.min(debit.residual_currency, -credit.residual_currency);
      debitAmountCurrency = creditAmountCurrency = matched;
      // The company amount closes the side that is closed in currency (no exchange difference here).
      amount = matched === debit.residual_currency ? debit.residual : matched === -credit.residual_currency ? -credit.residual
        : roundTo(matched * debit.residual / debit.residual_currency, debit.company_rounding);
      amount = Math.min(amount, debit.residual, -credit.residual);
    } else {
      amount = Math.min(debit.residual, -credit.residual);
      debitAmountCurrency = roundTo(debit.residual ? amount * debit.residual_currency / debit.residual : 0, debit.rounding);
      creditAmountCurrency = roundTo(credit.residual ? amount * -credit.residual_currency / -credit.residual : 0, credit.rounding);
    }
    partials.push({ debit_move_id: debit.id, credit_move_id: credit.id, amount, debit_amount_currency: debitAmountCurrency, credit_amount_currency: creditAmountCurrency, max_date: debit.date > credit.date ? debit.date : credit.date });
    debit.residual = roundTo(debit.residual - amount, debit.company_rounding);
    debit.residual_currency = roundTo(debit.residual_currency - debitAmountCurrency, debit.rounding);
    credit.residual = roundTo(credit.residual + amount, credit.company_rounding);
    credit.residual_currency = roundTo(credit.residual_currency + creditAmountCurrency, credit.rounding);
    if (Math.abs(debit.residual_currency) < debit.rounding / 2 || debit.residual <= 0) d++;
    if (Math.abs(credit.residual_currency) < credit.rounding / 2 || credit.residual >= 0) c++;
  }
  if (!partials.length) throw new UserError('There is nothing to reconcile: select both debit and credit items.');
  await env.model('account.partial.reconcile').sudo().create(partials);
  await refreshResiduals(env, lineIds);
  await createFullReconcile(env, lineIds);
  await refreshMoves(env, lineIds);
}

/** Removes the matchings of these items, restoring their residual amounts. */
export async function unreconcileLines(env: Environment, lineIds: number[]): Promise<void> {
  if (!lineIds.length) return;
  const { rows } = await env.cr.query<{ id: number; debit_move_id: number; credit_move_id: number }>(
    'SELECT id, debit_move_id, credit_move_id FROM account_partial_reconcile WHERE debit_move_id = ANY($1::int[]) OR credit_move_id = ANY($1::int[])', [lineIds]);
  if (!rows.length) return;
  const touched = [...new Set(rows.flatMap((r) => [r.debit_move_id, r.credit_move_id]))];
  await env.cr.query(
    `DELETE FROM account_full_reconcile WHERE id IN (SELECT full_reconcile_id FROM account_move_line WHERE id = ANY($1::int[]) AND full_reconcile_id IS NOT NULL)`, [touched]);
  await env.cr.query('UPDATE account_move_line SET full_reconcile_id = NULL WHERE id = ANY($1::int[])', [touched]);
  await env.cr.query('DELETE FROM account_partial_reconcile WHERE id = ANY($1::int[])', [rows.map((r) => r.id)]);
  await refreshResiduals(env, touched);
  await refreshMoves(env, touched);
}

/** Residual = amount minus what matchings took; reconciled when nothing is left. */
async function refreshResiduals(env: Environment, lineIds: number[]): Promise<void> {
  await env.cr.query(
    `UPDATE account_move_line l SET
        amount_residual = l.balance
          - COALESCE((SELECT sum(p.amount) FROM account_partial_reconcile p WHERE p.debit_move_id = l.id), 0)
          + COALESCE((SELECT sum(p.amount) FROM account_partial_reconcile p WHERE p.credit_move_id = l.id), 0),
        amount_residual_currency = l.amount_currency
          - COALESCE((SELECT sum(p.debit_amount_currency) FROM account_partial_reconcile p WHERE p.debit_move_id = l.id), 0)
          + COALESCE((SELECT sum(p.credit_amount_currency) FROM account_partial_reconcile p WHERE p.credit_move_id = l.id), 0)
      WHERE l.id = ANY($1::int[])`, [lineIds]);
  await env.cr.query(
    `UPDATE account_move_line l SET reconciled = (abs(l.amount_residual) < cc.rounding / 2 AND abs(l.amount_residual_currency) < c.rounding / 2)
       FROM res_currency c, res_currency cc WHERE c.id = l.currency_id AND cc.id = l.company_currency_id AND l.id = ANY($1::int[])`, [lineIds]);
}

/** When every item connected through matchings is settled, the group gets one matching number. */
async function createFullReconcile(env: Environment, lineIds: number[]): Promise<void> {
  const { rows } = await env.cr.query<{ id: number; reconciled: boolean }>(
    `WITH RECURSIVE linked(id) AS (
        SELECT unnest($1::int[])
        UNION SELECT CASE WHEN p.debit_move_id = linked.id THEN p.credit_move_id ELSE p.debit_move_id END
          FROM account_partial_reconcile p JOIN linked ON p.debit_move_id = linked.id OR p.credit_move_id = linked.id)
     SELECT l.id, l.reconciled FROM account_move_line l JOIN linked ON linked.id = l.id`, [lineIds]);
  if (!rows.length || rows.some((r) => !r.reconciled)) return;
  const ids = rows.map((r) => r.id);
  const full = await env.model('account.full.reconcile').sudo().create({});
  await env.cr.query('UPDATE account_move_line SET full_reconcile_id = $1 WHERE id = ANY($2::int[])', [full.ids[0], ids]);
  await env.cr.query('UPDATE account_partial_reconcile SET full_reconcile_id = $1 WHERE debit_move_id = ANY($2::int[]) OR credit_move_id = ANY($2::int[])', [full.ids[0], ids]);
}

/**
 * Amounts due and payment states of the entries of these items, and of the invoices paid by
 * payments among them (a bank match turns their invoices from in_payment to paid).
 */
async function refreshMoves(env: Environment, lineIds: number[]): Promise<void> {
  const { rows } = await env.cr.query<{ move_id: number }>(
    `WITH moves AS (SELECT DISTINCT move_id FROM account_move_line WHERE id = ANY($1::int[]))
     SELECT move_id FROM moves
     UNION
     SELECT other.move_id FROM account_move_line l JOIN moves ON moves.move_id = l.move_id
       JOIN account_partial_reconcile p ON p.debit_move_id = l.id OR p.credit_move_id = l.id
       JOIN account_move_line other ON other.id IN (p.debit_move_id, p.credit_move_id)`, [lineIds]);
  const moves = env.model('account.move').sudo().browse(rows.map((r) => r.move_id)) as any;
  await moves._recompute_amounts();
  if (env.registry.has('account.payment')) await (env.model('account.payment').sudo() as any)._refreshMatchedStates(rows.map((r) => r.move_id));
}
