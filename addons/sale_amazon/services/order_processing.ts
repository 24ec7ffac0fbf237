/**
 * What one Amazon order does to our data, in the caller's transaction: create the confirmed
 * sales order, cancel it, or record that Amazon already knows its shipment. Idempotent: the
 * unique Amazon references make a second pass over the same order a no-op.
 */
import { ValidationError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import { marketplace as marketplaceInfo } from '../sp_api/marketplaces';
import type { AmazonOrder } from '../sp_api/types';
import { recordFbaMoves } from './fba_moves';
import { orderLineValues } from './order_lines';
import { resolvePartners } from './partner_resolver';

export type OrderOutcome = 'created' | 'updated' | 'skipped';

export interface AccountInfo {
  id: number;
  name: string;
  company_id: number;
  user_id: number | false;
  team_id: number | false;
  location_id: number | false;
}

/** The statuses in which a new order is imported: FBA once shipped by Amazon, FBM once paid. */
export function isImportable(order: AmazonOrder): boolean {
  return order.channel === 'FBA' ? order.status === 'Shipped' : order.status === 'Unshipped';
}

export async function loadAccount(env: Environment, accountId: number): Promise<AccountInfo> {
  const [row] = await env.model('amazon.account').sudo().withContext({ active_test: false }).browse([accountId])
    .fetch(['name', 'company_id', 'user_id', 'team_id', 'location_id']);
  return row as AccountInfo;
}

export async function processOrder(env: Environment, account: AccountInfo, order: AmazonOrder): Promise<{ outcome: OrderOutcome; orderId: number | null }> {
  const orders = env.model('sale.order').sudo();
  const [existing] = await (await orders.search([['amazon_order_ref', '=', order.ref]], { limit: 1 })).fetch(['state', 'amazon_channel']);
  if (!existing) {
    if (!isImportable(order)) return { outcome: 'skipped', orderId: null };
    return { outcome: 'created', orderId: await createOrder(env, account, order) };
  }
  if (order.status === 'Canceled' && existing.state !== 'cancel' && (await cancelFromAmazon(env, account, existing.id))) {
    return { outcome: 'updated', orderId: existing.id };
  }
  if (order.status === 'Shipped' && order.channel === 'FBM' && (await markShippedDeliveries(env, existing.id))) {
    return { outcome: 'updated', orderId: existing.id };
  }
  return { outcome: 'skipped', orderId: existing.id };
}

async function marketplaceOf(env: Environment, accountId: number, apiRef: string) {
  const { rows } = await env.cr.query<{ id: number; tax_included: boolean; team_id: number | null; location_id: number | null }>(
    `SELECT m.id, m.tax_included, s.team_id, s.location_id FROM amazon_marketplace m
       LEFT JOIN amazon_account_marketplace s ON s.marketplace_id = m.id AND s.account_id = $1
      WHERE m.api_ref = $2`, [accountId, apiRef]);
  if (!rows.length) throw new ValidationError(`The order is on the Amazon marketplace ${apiRef}, which this ERP does not know.`);
  return rows[0];
}

/**
 * The order's currency, activated when the company never sold in it before. Orders without a
 * total (free replacements) carry no currency: they are in the marketplace's own.
 */
async function currencyOf(env: Environment, order: AmazonOrder): Promise<number> {
  const code = order.currency ?? marketplaceInfo(order.marketplaceId)?.currency;
  if (!code) throw new ValidationError(`Amazon sent the order ${order.ref} without its currency, so its prices cannot be recorded. It will be fetched again later.`);
  const { rows } = await env.cr.query<{ id: number; active: boolean }>('SELECT id, active FROM res_currency WHERE name = $1', [code]);
  if (!rows.length) throw new ValidationError(`The order ${order.ref} is in ${code}, a currency this ERP does not know.`);
  if (!rows[0].active) await env.model('res.currency').sudo().browse([rows[0].id]).write({ active: true });
  return rows[0].id;
}

async function pricelistFor(env: Environment, companyId: number, currencyId: number): Promise<number> {
  const pricelists = env.model('product.pricelist').sudo().withContext({ allowed_company_ids: [companyId] }) as any;
  return pricelists._get_or_create_pricelist(currencyId);
}

async function warehouseOf(env: Environment, locationId: number | false | null): Promise<number | false> {
  if (!locationId) return false;
  const [row] = await env.model('stock.location').sudo().browse([locationId]).fetch(['warehouse_id']);
  return row?.warehouse_id || false;
}

async function defaultProducts(env: Environment): Promise<{ sale: number; shipping: number }> {
  const sale = await env.refId('sale_amazon.default_product');
  const shipping = await env.refId('sale_amazon.shipping_product');
  if (!sale || !shipping) throw new ValidationError('The default products "Amazon Sale" and "Amazon Shipping" are missing; upgrade the Amazon connector to restore them.');
  return { sale, shipping };
}

async function createOrder(env: Environment, account: AccountInfo, order: AmazonOrder): Promise<number> {
  const companyId = account.company_id;
  const marketplace = await marketplaceOf(env, account.id, order.marketplaceId);
  const currencyId = await currencyOf(env, order);
  const { contactId, deliveryId } = await resolvePartners(env, order, companyId);
  const position = await (env.model('account.fiscal.position').sudo() as any)._get_fiscal_position(deliveryId, companyId);
  const fiscalPositionId: number | false = position.ids[0] ?? false;
  const products = await defaultProducts(env);
  const lines = await orderLineValues({
    env, accountId: account.id, companyId, marketplaceId: marketplace.id, taxIncluded: marketplace.tax_included,
    fiscalPositionId, defaultProductId: products.sale, shippingProductId: products.shipping,
  }, order);
  const fbaLocation = marketplace.location_id ?? account.location_id;
  const fba = order.channel === 'FBA';
  const warehouseId = fba ? await warehouseOf(env, fbaLocation) : false;
  const created = await env.model('sale.order').sudo().withContext({ amazon_import: true, allowed_company_ids: [companyId] }).create({
    origin: `Amazon order ${order.ref}`,
    client_order_ref: order.ref,
    amazon_order_ref: order.ref,
    amazon_channel: fba ? 'fba' : 'fbm',
    amazon_account_id: account.id,
    amazon_marketplace_id: marketplace.id,
    company_id: companyId,
    partner_id: contactId,
    partner_invoice_id: contactId,
    partner_shipping_id: deliveryId,
    pricelist_id: await pricelistFor(env, companyId, currencyId),
    fiscal_position_id: fiscalPositionId,
    user_id: account.user_id,
    team_id: marketplace.team_id ?? account.team_id,
    ...(warehouseId && env.registry.models.get('sale.order')!.fields.has('warehouse_id') ? { warehouse_id: warehouseId } : {}),
    note: giftNote(order),
    order_line: lines.map((vals) => [0, 0, vals]),
  });
  const saleOrder = created as any;
  await saleOrder.action_confirm();
  // Confirmation stamps "now"; the order date is when the buyer ordered on Amazon.
  await saleOrder.write({ date_order: toOdooDatetime(order.purchaseDate) });
  if (fba) await recordFbaMoves(env, created.ids[0], fbaLocation || null);
  return created.ids[0];
}

function giftNote(order: AmazonOrder): string | false {
  const messages = order.items.filter((i) => i.isGift && i.giftMessage).map((i) => i.giftMessage!);
  return messages.length ? `Gift message: ${messages.join(' / ')}` : false;
}

export function toOdooDatetime(iso: string): string {
  return new Date(iso).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Amazon cancelled the order. What has not left is cancelled; when goods already left, the order
 * stays as it is and the salesperson is asked to create a return.
 */
const CANCELLED_AFTER_SHIPPING = 'Amazon cancelled this order after products had already been shipped. The order was kept: create a return to bring the stock back.';

/** Returns false when there was nothing left to do (the order was already handled by an earlier, overlapping sync). */
async function cancelFromAmazon(env: Environment, account: AccountInfo, orderId: number): Promise<boolean> {
  const order = env.model('sale.order').sudo().browse([orderId]) as any;
  const { rows } = await env.cr.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM stock_picking WHERE sale_id = $1 AND state = 'done'", [orderId]);
  const [row] = await order.fetch(['amazon_channel', 'name']);
  const goodsLeft = row.amazon_channel === 'fba' || rows[0].n > 0;
  if (!goodsLeft) {
    await order.withContext({ canceled_by_amazon: true })._action_cancel();
    await order.message_post('Amazon cancelled this order; it was cancelled here too.', { messageType: 'notification' });
    return true;
  }
  // The order stays confirmed, so every sync whose window covers the cancellation sees it again:
  // the note and the to-do are made once.
  const { rows: told } = await env.cr.query('SELECT 1 FROM mail_message WHERE model = $1 AND res_id = $2 AND body = $3 LIMIT 1', ['sale.order', orderId, CANCELLED_AFTER_SHIPPING]);
  if (told.length) return false;
  await order.message_post(CANCELLED_AFTER_SHIPPING, { messageType: 'notification' });
  await env.model('mail.activity').sudo().create({
    res_model: 'sale.order', res_id: orderId, user_id: account.user_id,
    summary: 'Create a return',
    note: `Amazon cancelled ${row.name} although products had already been shipped. Create a return for the shipped products so the stock is right.`,
  });
  return true;
}

/** Amazon says the FBM order is shipped: our open deliveries need no confirmation any more. */
async function markShippedDeliveries(env: Environment, orderId: number): Promise<boolean> {
  const pickings = env.model('stock.picking').sudo();
  const found = await pickings.search([['sale_id', '=', orderId], ['state', '!=', 'cancel'], '|', ['amazon_sync_status', '=', false], ['amazon_sync_status', '!=', 'done']]);
  if (!found.length) return false;
  await found.write({ amazon_sync_status: 'done', amazon_sync_error: false });
  return true;
}
