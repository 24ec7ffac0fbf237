import { extend } from '../../base/orm/registry';
import { fields } from '../../base/orm/fields';
import { UserError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';
import { trackingLink } from './delivery_carrier';

/**
 * Carrier and tracking reference on transfers, and the carrier check run inside
 * `button_validate` before anything is done. Addons (the Amazon connector) override
 * `_checkCarrierDetailsBeforeValidate` to require what they need; a UserError thrown there
 * refuses the validation, and the RPC transaction rolls everything back.
 */
export const StockPickingDelivery = extend('stock.picking', (Base) => class extends Base {
  static override _fields = {
    carrier_id: fields.many2one('delivery.carrier', { string: 'Carrier', index: true }),
    carrier_tracking_ref: fields.char({ string: 'Tracking Reference', copy: false }),
    carrier_tracking_url: fields.char({ string: 'Tracking URL', compute: '_compute_carrier_tracking_url' }),
  };

  async _compute_carrier_tracking_url(): Promise<Record<number, Vals>> {
    const rows = await this.sudo().fetch(['carrier_id', 'carrier_tracking_ref']);
    const carriers = new Map((await this.env.model('delivery.carrier').sudo().withContext({ active_test: false })
      .browse(rows.filter((r: Vals) => r.carrier_id).map((r: Vals) => r.carrier_id)).fetch(['tracking_url'])).map((c) => [c.id, c.tracking_url]));
    return Object.fromEntries(rows.map((r: Vals) => [r.id, { carrier_tracking_url: r.carrier_id ? trackingLink(carriers.get(r.carrier_id), r.carrier_tracking_ref) : false }]));
  }

  async _pre_action_done_hook() {
    await this._checkCarrierDetailsBeforeValidate();
    return super._pre_action_done_hook();
  }

  /**
   * Refuses to validate transfers whose carrier details are wrong. Here: a carrier must be
   * active and of the transfer's company. Override to require more (and call super).
   */
  async _checkCarrierDetailsBeforeValidate(): Promise<void> {
    const rows = await this.sudo().fetch(['name', 'carrier_id', 'company_id']);
    const withCarrier = rows.filter((r: Vals) => r.carrier_id);
    if (!withCarrier.length) return;
    const carriers = new Map((await this.env.model('delivery.carrier').sudo().withContext({ active_test: false })
      .browse(withCarrier.map((r: Vals) => r.carrier_id)).fetch(['name', 'active', 'company_id'])).map((c) => [c.id, c]));
    for (const picking of withCarrier) {
      const carrier = carriers.get(picking.carrier_id)!;
      if (!carrier.active) throw new UserError(`${picking.name} uses the archived shipping method ${carrier.name}: choose an active carrier, then validate.`);
      if (carrier.company_id && carrier.company_id !== picking.company_id) {
        throw new UserError(`${picking.name} uses the shipping method ${carrier.name} of another company: choose a carrier of this company, then validate.`);
      }
    }
  }
});
