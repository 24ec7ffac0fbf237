/**
 * Customers of Amazon orders. A contact is reused only when name, Amazon's anonymised e-mail and
 * address all match: contacts are never updated, so a buyer whose data changed gets a new contact
 * and older invoices keep the data they were issued with.
 *
 * A page of orders is resolved together (one search per kind of partner, one list-create of the
 * missing ones) with the same result as resolving the orders one after the other: an order reuses
 * the contact or delivery address that an earlier order of the same page created.
 */
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import type { AmazonAddress, AmazonOrder } from '../sp_api/types';

export interface ResolvedPartners {
  contactId: number;
  deliveryId: number;
}

const ADDRESS_KEYS = ['street', 'street2', 'zip', 'city', 'country_id', 'state_id'] as const;

/** What an order says about its buyer, in our values. */
interface Buyer {
  order: AmazonOrder;
  address: Vals;
  contactName: string;
  deliveryName: string;
  email: string | false;
  isBusiness: boolean;
}

/**
 * A partner found or planned: `id` is set once it exists. Orders that share a planned partner
 * share the object, so creating it once gives all of them its id.
 */
interface Slot {
  id?: number;
  vals: Vals;
}

/** Country ids by upper-cased ISO code, and state ids by "countryId/code or name as Amazon sent it (trimmed)". */
async function placeLookups(env: Environment, addresses: (AmazonAddress | null)[]): Promise<{ countries: Map<string, number>; states: Map<string, number> }> {
  const codes = [...new Set(addresses.map((a) => a?.countryCode?.trim().toUpperCase()).filter((c): c is string => !!c))];
  const countries = new Map<string, number>();
  if (codes.length) {
    const { rows } = await env.cr.query<{ id: number; code: string }>(
      'SELECT DISTINCT ON (upper(code)) id, upper(code) AS code FROM res_country WHERE upper(code) = ANY($1::text[]) ORDER BY upper(code), id', [codes]);
    for (const row of rows) countries.set(row.code, row.id);
  }
  const wanted = addresses.filter((a) => a?.stateOrRegion?.trim() && countries.has(a.countryCode?.trim().toUpperCase() ?? ''));
  const states = new Map<string, number>();
  if (wanted.length) {
    const countryIds = wanted.map((a) => countries.get(a!.countryCode!.trim().toUpperCase())!);
    const values = wanted.map((a) => a!.stateOrRegion!.trim());
    // Amazon sends a code ("CA") or a name ("California"): both are recognised, the lowest id wins.
    const { rows } = await env.cr.query<{ country_id: number; value: string; id: number }>(
      `SELECT DISTINCT ON (w.country_id, w.value) w.country_id, w.value, s.id
         FROM unnest($1::int[], $2::text[]) AS w(country_id, value)
         JOIN res_country_state s ON s.country_id = w.country_id AND (lower(s.code) = lower(w.value) OR lower(s.name) = lower(w.value))
        ORDER BY w.country_id, w.value, s.id`, [countryIds, values]);
    for (const row of rows) states.set(`${row.country_id}/${row.value}`, row.id);
  }
  return { countries, states };
}

/** Our address values for an Amazon address; unknown pieces stay empty. */
function addressOf(address: AmazonAddress | null, places: { countries: Map<string, number>; states: Map<string, number> }): Vals {
  if (!address) return { street: false, street2: false, zip: false, city: false, country_id: false, state_id: false, phone: false };
  const street2 = [address.addressLine2, address.addressLine3].map((s) => s?.trim()).filter(Boolean).join(' ');
  const countryId = (address.countryCode && places.countries.get(address.countryCode.trim().toUpperCase())) || false;
  const stateId = (countryId && address.stateOrRegion && places.states.get(`${countryId}/${address.stateOrRegion.trim()}`)) || false;
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

function sameAddress(partner: Vals, address: Vals): boolean {
  return ADDRESS_KEYS.every((key) => (partner[key] || false) === (address[key] || false));
}

function buyerOf(order: AmazonOrder, address: Vals): Buyer {
  const isBusiness = order.isBusinessOrder || order.shippingAddress?.addressType === 'Commercial';
  const contactName = (isBusiness ? order.buyer.companyName : null) || order.buyer.name || order.shippingAddress?.name || `Amazon Customer # ${order.ref}`;
  return {
    order, address, contactName, isBusiness,
    email: order.buyer.email?.trim() || false,
    deliveryName: order.shippingAddress?.name?.trim() || contactName,
  };
}

/** Creates the planned partners of the slots (one list-create) and gives each slot its id. */
async function createSlots(env: Environment, slots: Slot[]): Promise<void> {
  // A slot shared by several orders is created once.
  const planned = [...new Set(slots.filter((slot) => slot.id === undefined))];
  if (!planned.length) return;
  const created = await env.model('res.partner').sudo().create(planned.map((slot) => slot.vals));
  planned.forEach((slot, i) => { slot.id = created.ids[i]; });
}

/** The contact of each buyer: an existing one that matches everything, one created earlier in the page, or a new one. */
async function contactSlots(env: Environment, buyers: Buyer[], companyId: number): Promise<Slot[]> {
  const partners = env.model('res.partner').sudo();
  const withEmail = buyers.filter((b) => b.email);
  // Existing contacts first (in id order), then those this page plans, as if the orders ran one by one.
  const candidates: (Slot & { row: Vals })[] = [];
  if (withEmail.length) {
    const found = await partners.search([['type', '=', 'contact'], ['name', 'in', [...new Set(withEmail.map((b) => b.contactName))]],
      ['email', 'in', [...new Set(withEmail.map((b) => b.email))]], '|', ['company_id', '=', false], ['company_id', '=', companyId]], { order: 'id' });
    for (const row of await found.fetch(['name', 'email', 'vat', ...ADDRESS_KEYS])) candidates.push({ id: row.id, vals: row, row });
  }
  const slots: Slot[] = [];
  for (const buyer of buyers) {
    const vat = buyer.order.buyer.vatNumber || false;
    // Without Amazon's relay e-mail two buyers of the same name cannot be told apart: never reuse then.
    const match = buyer.email ? candidates.find((c) => c.row.name === buyer.contactName && c.row.email === buyer.email
      && sameAddress(c.row, buyer.address) && (!vat || c.row.vat === vat)) : undefined;
    if (match) {
      slots.push(match);
      continue;
    }
    const vals = {
      name: buyer.contactName, email: buyer.email, type: 'contact', company_id: companyId, customer_rank: 1,
      is_company: buyer.isBusiness, vat, ...buyer.address,
    };
    const slot = { vals, row: vals };
    candidates.push(slot);
    slots.push(slot);
  }
  await createSlots(env, slots);
  return slots;
}

/** The delivery address of each buyer: the contact itself when name and address are the same, else a child address. */
async function deliverySlots(env: Environment, buyers: Buyer[], contacts: Slot[], companyId: number): Promise<Slot[]> {
  const partners = env.model('res.partner').sudo();
  const contactIds = [...new Set(contacts.map((c) => c.id!))];
  const contactRows = new Map((await partners.browse(contactIds).fetch(['name', ...ADDRESS_KEYS])).map((r) => [r.id as number, r]));
  const needChild = buyers.map((buyer, i) => {
    const contact = contactRows.get(contacts[i].id!)!;
    return !!buyer.order.shippingAddress && !(contact.name === buyer.deliveryName && sameAddress(contact, buyer.address));
  });
  const candidates: (Slot & { parent: number; row: Vals })[] = [];
  const askFor = buyers.filter((_b, i) => needChild[i]);
  if (askFor.length) {
    const found = await partners.search([['parent_id', 'in', contactIds], ['type', '=', 'delivery'], ['name', 'in', [...new Set(askFor.map((b) => b.deliveryName))]]]);
    for (const row of await found.fetch(['parent_id', 'name', ...ADDRESS_KEYS])) candidates.push({ id: row.id, vals: row, row, parent: row.parent_id });
  }
  const slots: Slot[] = [];
  buyers.forEach((buyer, i) => {
    if (!needChild[i]) {
      slots.push(contacts[i]);
      return;
    }
    const parent = contacts[i].id!;
    const match = candidates.find((c) => c.parent === parent && c.row.name === buyer.deliveryName && sameAddress(c.row, buyer.address));
    if (match) {
      slots.push(match);
      return;
    }
    const vals = { ...buyer.address, name: buyer.deliveryName, email: buyer.email, type: 'delivery', parent_id: parent, company_id: companyId, customer_rank: 1 };
    const slot = { vals, row: vals, parent };
    candidates.push(slot);
    slots.push(slot);
  });
  await createSlots(env, slots);
  return slots;
}

/** The contact (and delivery address) of each order, in the order given: reused when everything matches, else created. */
export async function resolvePartners(env: Environment, orders: AmazonOrder[], companyId: number): Promise<ResolvedPartners[]> {
  if (!orders.length) return [];
  const places = await placeLookups(env, orders.map((o) => o.shippingAddress));
  const buyers = orders.map((order) => buyerOf(order, addressOf(order.shippingAddress, places)));
  const contacts = await contactSlots(env, buyers, companyId);
  const deliveries = await deliverySlots(env, buyers, contacts, companyId);
  return buyers.map((_b, i) => ({ contactId: contacts[i].id!, deliveryId: deliveries[i].id! }));
}
