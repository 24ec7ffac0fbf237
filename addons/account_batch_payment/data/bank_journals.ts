import type { Environment } from '../../base/orm/environment';

/** Bank journals that exist at install get the Batch Deposit method too. */
export async function load(env: Environment): Promise<void> {
  const method = await env.refId('account_batch_payment.account_payment_method_batch_deposit');
  const journals = await env.model('account.journal').sudo().search([['type', '=', 'bank']]);
  for (const journal of journals) {
    const existing = await env.model('account.payment.method.line').sudo().search_count([['journal_id', '=', journal.ids[0]], ['payment_method_id', '=', method]]);
    if (!existing) await env.model('account.payment.method.line').sudo().create({ journal_id: journal.ids[0], payment_method_id: method });
  }
}
