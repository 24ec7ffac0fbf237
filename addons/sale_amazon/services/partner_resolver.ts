/**
 * Customers of Amazon orders. A contact is reused only when name, Amazon's anonymised e-mail and
 * address all match: contacts are never updated, so a buyer whose data changed gets a new contact
 * and older invoices keep the data they were issued with.
 */
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import type { AmazonAddress, AmazonOrder } from '../sp_api/types';

export interface ResolvedPartners {
  contactId: number;
  deliveryId: number;
}

const ADDRESS_KEYS = ['street', 'street2', 'zip', 'city', 'country_id', 'state_id'] as const;

/** Our address values for an Amazon address; unknown pieces stay empty. */
export async function addressValues(env: Environment, address: AmazonAddress | null): Promise<Vals> {
  if (!address) return { street: false, street2: false, zip: false, city: false, country_id: false, state_id: false, phone: false };
  const street2 = [address.addressLine2, address.addressLine3].map((s) => s?.trim()).filter(Boolean).join(' ');
  const countryId = address.countryCode ? await countryByCode(env, address.countryCode) : false;
  const stateId = countryId && address.stateOrRegion ? await stateOf(env, countryId, address.stateOrRegion) : false;
  return {
    street: address.addressLine1?.trim() || false,
    street2: street2 || false,
    zip: address.postalCode?.trim() || false,
    city: address.city?.trim() || false,
    country_id: countryId,
    state_id: stateId,
    phone: address.phone?.trim() || false,
  };
}

async function countryByCode(env: Environment, code: string): Promise<number | false> {
  const { rows } = await env.cr.query<{ id: number }>('SELECT id FROM res_country WHERE upper(code) = upper($1) LIMIT 1', [code.trim()]);
  return rows[0]?.id ?? false;
}

/** Amazon sends a code ("CA") or a name ("California") for the state; both are recognised. */
async function stateOf(env: Environment, countryId: number, value: string): Promise<number | false> {
  const { rows } = await env.cr.query<{ id: number }>(
    'SELECT id FROM res_country_state WHERE country_id = $1 AND (lower(code) = lower($2) OR lower(name) = lower($2)) ORDER BY id LIMIT 1', [countryId, value.trim()]);
  return rows[0]?.id ?? false;
}

function sameAddress(partner: Vals, address: Vals): boolean {
  return ADDRESS_KEYS.every((key) => (partner[key] || false) === (address[key] || false));
}

/** The contact (and delivery address) of an order, reused when everything matches, else created. */
export async function resolvePartners(env: Environment, order: AmazonOrder, companyId: number): Promise<ResolvedPartners> {
  const partners = env.model('res.partner').sudo();
  const address = await addressValues(env, order.shippingAddress);
  const isBusiness = order.isBusinessOrder || order.shippingAddress?.addressType === 'Commercial';
  const contactName = (isBusiness ? order.buyer.companyName : null) || order.buyer.name || order.shippingAddress?.name || `Amazon Customer # ${order.ref}`;
  const email = order.buyer.email?.trim() || false;
  const deliveryName = order.shippingAddress?.name?.trim() || contactName;

  let contactId: number | undefined;
  // Without Amazon's relay e-mail two buyers of the same name cannot be told apart: never reuse then.
  if (email) {
    const found = await partners.search(
      [['type', '=', 'contact'], ['name', '=', contactName], ['email', '=', email], '|', ['company_id', '=', false], ['company_id', '=', companyId]], { order: 'id' });
    const candidates = await found.fetch([...ADDRESS_KEYS, 'vat']);
    const match = candidates.find((c) => sameAddress(c, address) && (!order.buyer.vatNumber || c.vat === order.buyer.vatNumber));
    contactId = match?.id as number | undefined;
  }
  if (!contactId) {
    const created = await partners.create({
      name: contactName, email, type: 'contact', company_id: companyId, customer_rank: 1,
      is_company: isBusiness, vat: order.buyer.vatNumber || false,
      ...address,
    });
    contactId = created.ids[0];
  }
  const [contact] = await partners.browse([contactId]).fetch(['name', ...ADDRESS_KEYS]);
  if (!order.shippingAddress || (contact.name === deliveryName && sameAddress(contact, address))) return { contactId, deliveryId: contactId };

  const children = await partners.browse([]).search([['parent_id', '=', contactId], ['type', '=', 'delivery'], ['name', '=', deliveryName]]);
  for (const child of await children.fetch([...ADDRESS_KEYS])) if (sameAddress(child, address)) return { contactId, deliveryId: child.id };
  const delivery = await partners.create({ ...address, name: deliveryName, email, type: 'delivery', parent_id: contactId, company_id: companyId, customer_rank: 1 });
  return { contactId, deliveryId: delivery.ids[0] };
}
