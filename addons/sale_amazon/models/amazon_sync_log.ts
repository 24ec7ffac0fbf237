import { Model } from '../../base/orm/model';
import { runInBackground } from '../../base/db/background_jobs';
import { fields } from '../../base/orm/fields';
import type { Vals } from '../../base/orm/values';
import { retryLoggedOrders } from '../services/order_import';

export const SYNC_LOG_STATES: Array<[string, string]> = [['retry', 'To Retry'], ['done', 'Recovered']];

/**
 * An Amazon order we could not import (or update). It is never dropped: the next order syncs
 * retry it once its backoff has passed, and users can retry it at once.
 */
export class AmazonSyncLog extends Model {
  static override _name = 'amazon.sync.log';
  static override _description = 'Amazon Order Synchronisation Error';
  static override _order = 'state desc, next_retry, id';
  static override _rec_name = 'order_ref';
  static override _fields = {
    account_id: fields.many2one('amazon.account', { string: 'Account', required: true, index: true, ondelete: 'cascade' }),
    order_ref: fields.char({ string: 'Amazon Order Reference', required: true, index: true }),
    error: fields.text({ string: 'Last Error', readonly: true }),
    attempts: fields.integer({ default: 0, readonly: true }),
    last_attempt: fields.datetime({ readonly: true }),
    next_retry: fields.datetime({ string: 'Next Automatic Retry', readonly: true }),
    state: fields.selection(SYNC_LOG_STATES, { default: 'retry', required: true, readonly: true, index: true }),
    sale_order_id: fields.many2one('sale.order', { string: 'Sales Order', readonly: true, ondelete: 'set null' }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [
    ['account_order_uniq', 'unique(account_id, order_ref)', 'This Amazon order is already in the list of orders to retry.'],
  ];
  static override _public = ['action_retry'];

  /** Button "Retry": fetches the orders again once this transaction commits, in the background. */
  async action_retry(): Promise<Vals> {
    const rows = await this.fetch(['account_id', 'order_ref']);
    const byAccount = new Map<number, string[]>();
    for (const row of rows) byAccount.set(row.account_id, [...(byAccount.get(row.account_id) ?? []), row.order_ref]);
    const ctx = { db: this.env.db, registry: this.env.registry, uid: this.env.uid };
    this.env.cr.afterCommit(() => {
      for (const [accountId, refs] of byAccount) runInBackground(`Amazon order retry of account ${accountId}`, (signal) => retryLoggedOrders({ ...ctx, signal }, accountId, { refs }));
    });
    return { type: 'ir.actions.client', tag: 'display_notification', params: { title: 'Amazon', message: `${rows.length} order(s) will be fetched again from Amazon.`, sticky: false } };
  }
}
