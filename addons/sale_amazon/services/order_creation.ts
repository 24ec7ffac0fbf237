/**
 * New Amazon orders become confirmed sales orders, a page at a time in the caller's transaction:
 * the page's marketplaces, currencies, customers, offers and taxes are read (or created) together,
 * then all its sales orders and their lines are created with one create, and they are confirmed
 * together (FBM deliveries, FBA done moves).
 */
import { ValidationError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import { marketplace as marketplaceInfo } from '../sp_api/marketplaces';
import type { AmazonOrder } from '../sp_api/types';
import { recordFbaMoves } from './fba_moves';
import { orderLineValues, type OrderPricing } from './order_lines';
import { resolvePartners } from './partner_resolver';

export interface AccountInfo {
  id: number;
  name: string;
  company_id: number;
  user_id: number | false;
  team_id: number | false;
  location_id: number | false;
}

interface MarketplaceRow {
  id: number;
  tax_included: boolean;
  team_id: number | null;
  location_id: number | null;
}

export function toOdooDatetime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/** The marketplaces of the orders (with the account's settings for each), by Amazon id. */
async function marketplacesOf(env: Environment, accountId: number, orders: AmazonOrder[]): Promise<Map<string, MarketplaceRow>> {
  const refs = [...new Set(orders.map((o) => o.marketplaceId))];
  const { rows } = await env.cr.query<MarketplaceRow & { api_ref: string }>(
    `SELECT m.api_ref, m.id, m.tax_included, s.team_id, s.location_id FROM amazon_marketplace m
       LEFT JOIN amazon_account_marketplace s ON s.marketplace_id = m.id AND s.account_id = $1
      WHERE m.api_ref = ANY($2::text[])`, [accountId, refs]);
  const found = new Map(rows.map((r) => [r.api_ref, r]));
  const unknown = refs.find((ref) => !found.has(ref));
  if (unknown) throw new ValidationError(`The order is on the Amazon marketplace ${unknown}, which this ERP does not know.`);
  return found;
}

/**
 * The currency of each order, activated when the company never sold in it before. Orders without
 * a total (free replacements) carry no currency: they are in the marketplace's own.
 */
async function currenciesOf(env: Environment, orders: AmazonOrder[]): Promise<number[]> {
  const codes = orders.map((order) => {
    const code = order.currency ?? marketplaceInfo(order.marketplaceId)?.currency;
    if (!code) throw new ValidationError(`Amazon sent the order ${order.ref} without its currency, so its prices cannot be recorded. It will be fetched again later.`);
    return code;
  });
  const { rows } = await env.cr.query<{ id: number; name: string; active: boolean }>('SELECT id, name, active FROM res_currency WHERE name = ANY($1::text[])', [[...new Set(codes)]]);
  const byCode = new Map(rows.map((r) => [r.name, r]));
  const missing = codes.findIndex((code) => !byCode.has(code));
  if (missing >= 0) throw new ValidationError(`The order ${orders[missing].ref} is in ${codes[missing]}, a currency this ERP does not know.`);
  const inactive = rows.filter((r) => !r.active && codes.includes(r.name)).map((r) => r.id);
  if (inactive.length) await env.model('res.currency').sudo().browse(inactive).write({ active: true });
  return codes.map((code) => byCode.get(code)!.id);
}

/** The fiscal position of each delivery address: one lookup per distinct country and VAT presence. */
async function fiscalPositions(env: Environment, deliveryIds: number[], companyId: number): Promise<(number | false)[]> {
  const { rows } = await env.cr.query<{ id: number; country_id: number | null; vat: string | null }>(
    'SELECT id, country_id, vat FROM res_partner WHERE id = ANY($1::int[])', [[...new Set(deliveryIds)]]);
  const keyOf = new Map(rows.map((r) => [r.id, `${r.country_id}/${Boolean(r.vat)}`]));
  const positions = env.model('account.fiscal.position').sudo() as any;
  const byKey = new Map<string, number | false>();
  for (const id of deliveryIds) {
    const key = keyOf.get(id)!;
    if (!byKey.has(key)) byKey.set(key, (await positions._get_fiscal_position(id, companyId)).ids[0] ?? false);
  }
  return deliveryIds.map((id) => byKey.get(keyOf.get(id)!)!);
}

async function defaultProducts(env: Environment): Promise<{ sale: number; shipping: number }> {
  const sale = await env.refId('sale_amazon.default_product');
  const shipping = await env.refId('sale_amazon.shipping_product');
  if (!sale || !shipping) throw new ValidationError('The default products "Amazon Sale" and "Amazon Shipping" are missing; upgrade the Amazon connector to restore them.');
  return { sale, shipping };
}

/** Calls fn once per distinct key (in first-seen order) and returns its value for every key given. */
async function perDistinct<K, V>(keys: K[], fn: (key: K) => Promise<V>): Promise<V[]> {
  const values = new Map<K, V>();
  for (const key of keys) if (!values.has(key)) values.set(key, await fn(key));
  return keys.map((key) => values.get(key)!);
}

function giftNote(order: AmazonOrder): string | false {
  const messages = order.items.filter((i) => i.isGift && i.giftMessage).map((i) => i.giftMessage!);
  return messages.length ? `Gift message: ${messages.join(' / ')}` : false;
}

/** Creates the confirmed sales orders of new, importable Amazon orders; returns their ids in the same order. */
export async function createOrders(env: Environment, account: AccountInfo, orders: AmazonOrder[]): Promise<number[]> {
  if (!orders.length) return [];
  const companyId = account.company_id;
  const inCompany = env.sudo().withContext({ amazon_import: true, allowed_company_ids: [companyId] });
  const marketplaces = await marketplacesOf(env, account.id, orders);
  const currencies = await currenciesOf(env, orders);
  const partners = await resolvePartners(env, orders, companyId);
  const positions = await fiscalPositions(env, partners.map((p) => p.deliveryId), companyId);
  const products = await defaultProducts(env);
  const pricing: OrderPricing[] = orders.map((order, i) => {
    const marketplace = marketplaces.get(order.marketplaceId)!;
    return { marketplaceId: marketplace.id, taxIncluded: marketplace.tax_included, fiscalPositionId: positions[i], shippedByAmazon: order.channel === 'FBA' };
  });
  const lines = await orderLineValues({ env, accountId: account.id, companyId, defaultProductId: products.sale, shippingProductId: products.shipping }, orders, pricing);
  const pricelistModel = inCompany.model('product.pricelist') as any;
  const pricelists = await perDistinct(currencies, (currencyId) => pricelistModel._get_or_create_pricelist(currencyId) as Promise<number>);
  const fbaLocations = orders.map((order) => (marketplaces.get(order.marketplaceId)!.location_id ?? account.location_id) || false);
  const hasWarehouse = env.registry.models.get('sale.order')!.fields.has('warehouse_id');
  const warehouses = await perDistinct(orders.map((o, i) => (o.channel === 'FBA' ? fbaLocations[i] : false)), (locationId) => warehouseOf(env, locationId));
  const saleOrders = inCompany.model('sale.order') as any;
  // Created already confirmed, with the values action_confirm would write (state 'sale'; under
  // amazon_import the date stays the Amazon purchase date), so the lines' precomputed state,
  // qty_to_invoice and invoice_status are right at the INSERT instead of rewritten by UPDATEs.
  // action_confirm's checks hold by construction: the orders are new, and every line the import
  // makes has a product except its notes.
  const confirmation: Vals = saleOrders._prepare_confirmation_values();
  const created = await saleOrders.create(orders.map((order, i): Vals => {
    const marketplace = marketplaces.get(order.marketplaceId)!;
    const { contactId, deliveryId } = partners[i];
    return {
      origin: `Amazon order ${order.ref}`,
      client_order_ref: order.ref,
      amazon_order_ref: order.ref,
      amazon_channel: order.channel === 'FBA' ? 'fba' : 'fbm',
      amazon_account_id: account.id,
      amazon_marketplace_id: marketplace.id,
      company_id: companyId,
      partner_id: contactId,
      partner_invoice_id: contactId,
      partner_shipping_id: deliveryId,
      pricelist_id: pricelists[i],
      fiscal_position_id: positions[i],
      user_id: account.user_id,
      team_id: marketplace.team_id ?? account.team_id,
      // The order date is when the buyer ordered on Amazon; the confirmation values under amazon_import keep it.
      date_order: toOdooDatetime(order.purchaseDate),
      ...(warehouses[i] && hasWarehouse ? { warehouse_id: warehouses[i] } : {}),
      note: giftNote(order),
      // The lines of all the orders are created together by the ORM (one create of sale.order.line).
      order_line: lines[i].map((vals) => [0, 0, vals]),
      ...confirmation,
    };
  }));
  const orderIds: number[] = created.ids;
  // The confirmation's side effects (sale_stock's FBM deliveries), as action_confirm runs them after its write.
  await created._action_confirm();
  await recordFbaMoves(env, orders.flatMap((order, i) => (order.channel === 'FBA' ? [{ orderId: orderIds[i], locationId: fbaLocations[i] }] : [])));
  return orderIds;
}

async function warehouseOf(env: Environment, locationId: number | false): Promise<number | false> {
  if (!locationId) return false;
  const [row] = await env.model('stock.location').sudo().browse([locationId]).fetch(['warehouse_id']);
  return row?.warehouse_id || false;
}
