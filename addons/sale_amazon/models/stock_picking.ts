import { extend } from '../../base/orm/registry';
import { runInBackground } from '../../base/db/background_jobs';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';
import { amazonDeliveries, retryPickingSync } from '../services/shipment_confirmation';

export const AMAZON_SYNC_STATUSES: Array<[string, string]> = [
  ['pending', 'Scheduled for Amazon Synchronization'],
  ['processing', 'Being Confirmed to Amazon'],
  // The confirmation was sent but its answer lost: the deliveries cron asks Amazon before sending again.
  ['unknown', 'Answer Lost, Checking with Amazon'],
  ['done', 'Synchronized with Amazon'],
  ['error', 'Synchronization with Amazon Failed'],
];

/**
 * FBM deliveries of Amazon orders: Amazon requires a carrier and a tracking number for every
 * shipment; once validated, the delivery waits (status 'pending') to be confirmed to Amazon.
 */
export const StockPickingAmazon = extend('stock.picking', (Base) => class extends Base {
  static override _fields = {
    amazon_sync_status: fields.selection(AMAZON_SYNC_STATUSES, { string: 'Amazon Synchronization', readonly: true, copy: false, index: true }),
    amazon_sync_error: fields.text({ string: 'Amazon Error', readonly: true, copy: false }),
  };
  static override _public = ['action_retry_amazon_sync'];

  /** delivery's hook, run inside button_validate before anything is done: a refusal writes nothing. */
  async _checkCarrierDetailsBeforeValidate(): Promise<void> {
    await super._checkCarrierDetailsBeforeValidate();
    await this._check_carrier_details_compliance();
  }

  /** Amazon requires carrier and tracking for every shipment it does not already know about. */
  async _check_carrier_details_compliance(): Promise<void> {
    for (const picking of await amazonDeliveries(this.sudo())) {
      if (picking.amazon_sync_status === 'done') continue;
      if (!picking.carrier_name) {
        throw new UserError(`${picking.name} ships an Amazon order: Amazon needs the carrier and tracking number of each shipment. Set the Carrier on this delivery, then validate again.`);
      }
      if (!picking.carrier_tracking_ref) {
        throw new UserError(`${picking.name} ships an Amazon order: Amazon needs the tracking number of each shipment. Enter the Tracking Reference given by ${picking.carrier_name}, then validate again.`);
      }
    }
  }

  /** The validated delivery is queued for confirmation in the same transaction as its validation. */
  async _action_done(): Promise<boolean> {
    const result = await super._action_done();
    const toQueue = (await amazonDeliveries(this.sudo())).filter((p) => p.state === 'done' && p.amazon_sync_status !== 'done');
    if (toQueue.length) await this.sudo().browse(toQueue.map((p) => p.id)).write({ amazon_sync_status: 'pending', amazon_sync_error: false });
    return result;
  }

  /** Button "Retry Amazon Sync" on a delivery whose confirmation failed: confirmed in the background once this commits. */
  async action_retry_amazon_sync(): Promise<boolean> {
    const rows = await this.fetch(['amazon_sync_status']);
    const ids = rows.filter((r) => ['error', 'processing', 'unknown'].includes(r.amazon_sync_status)).map((r) => r.id);
    if (!ids.length) throw new UserError('Only deliveries whose confirmation to Amazon failed can be retried.');
    await this.sudo().browse(ids).write({ amazon_sync_status: 'pending' });
    const ctx = { db: this.env.db, registry: this.env.registry, uid: this.env.uid };
    this.env.cr.afterCommit(() => runInBackground('Amazon delivery retry', (signal) => retryPickingSync({ ...ctx, signal }, ids)));
    return true;
  }
});
