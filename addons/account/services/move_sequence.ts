import type { Environment } from '../../base/orm/environment';

/**
 * The next number of an entry, Odoo 17 style: INV/2026/00001, RINV/... for credit notes,
 * PBNK1/... for payments; numbering restarts each year. The journal row is locked so two
 * transactions posting in the same journal wait for each other instead of sharing a number.
 */
export async function nextMoveName(env: Environment, moveId: number, journalId: number, date: string): Promise<{ name: string; sequence_prefix: string; sequence_number: number }> {
  const { rows: [journal] } = await env.cr.query<{ code: string; refund_sequence: boolean; payment_sequence: boolean }>(
    'SELECT code, refund_sequence, payment_sequence FROM account_journal WHERE id = $1 FOR UPDATE', [journalId]);
  const { rows: [move] } = await env.cr.query<{ move_type: string; payment_id: number | null }>('SELECT move_type, payment_id FROM account_move WHERE id = $1', [moveId]);
  let code = journal.code;
  if (journal.refund_sequence && (move.move_type === 'out_refund' || move.move_type === 'in_refund')) code = `R${code}`;
  if (journal.payment_sequence && move.payment_id) code = `P${code}`;
  const prefix = `${code}/${String(date).slice(0, 4)}/`;
  const { rows: [last] } = await env.cr.query<{ n: number | null }>(
    'SELECT max(sequence_number) AS n FROM account_move WHERE journal_id = $1 AND sequence_prefix = $2', [journalId, prefix]);
  const number = (last.n ?? 0) + 1;
  return { name: `${prefix}${String(number).padStart(5, '0')}`, sequence_prefix: prefix, sequence_number: number };
}
