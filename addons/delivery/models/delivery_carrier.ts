import { Model } from '../../base/orm/model';
import { fields } from '../../base/orm/fields';
import { ValidationError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';

/** Placeholder in a tracking URL replaced by the tracking reference, as carriers' sites expect. */
export const TRACKING_PLACEHOLDER = '<shipmentTrackingNumber>';

/**
 * A shipping method. Integrations (e.g. the Amazon connector's carriers) extend
 * `delivery_type` with their own keys; here a fixed price or price rules.
 */
export class DeliveryCarrier extends Model {
  static override _name = 'delivery.carrier';
  static override _description = 'Shipping Methods';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ string: 'Delivery Method', required: true }),
    sequence: fields.integer({ default: 10 }),
    active: fields.boolean({ default: true }),
    delivery_type: fields.selection([['fixed', 'Fixed Price'], ['base_on_rule', 'Based on Rules']], { string: 'Provider', default: 'fixed', required: true }),
    product_id: fields.many2one('product.product', { string: 'Delivery Product', required: true, ondelete: 'restrict', help: 'The service product invoiced for shipping.' }),
    fixed_price: fields.float({ string: 'Fixed Price', default: 0, digits: [16, 2] }),
    tracking_url: fields.char({ string: 'Tracking Link', help: `Link to follow a shipment; ${TRACKING_PLACEHOLDER} is replaced by the tracking reference.` }),
    carrier_description: fields.text({ string: 'Carrier Description' }),
    company_id: fields.many2one('res.company', { string: 'Company', index: true, default: (env: Environment) => env.companyId() }),
  };
  static override _constrains = { _check_fixed_price: ['fixed_price'] };
  static override _public = ['get_tracking_link'];

  async _check_fixed_price(): Promise<void> {
    for (const row of await this.sudo().fetch(['name', 'fixed_price'])) {
      if (row.fixed_price < 0) throw new ValidationError(`The shipping method ${row.name} has a negative price: enter 0 or more.`);
    }
  }

  /** The link to follow a shipment with this carrier, or false when the carrier has none. */
  async get_tracking_link(trackingRef: string): Promise<string | false> {
    const [carrier] = await this.sudo().fetch(['tracking_url']);
    return trackingLink(carrier?.tracking_url, trackingRef);
  }
}

/** The carrier's tracking URL with the reference put in (or appended when there is no placeholder). */
export function trackingLink(url: string | false | undefined, trackingRef: string | false | undefined): string | false {
  if (!url || !trackingRef) return false;
  const reference = encodeURIComponent(trackingRef);
  return url.includes(TRACKING_PLACEHOLDER) ? url.split(TRACKING_PLACEHOLDER).join(reference) : `${url}${reference}`;
}
