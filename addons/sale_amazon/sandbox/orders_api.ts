/** Orders v0 and Orders 2026-01-01 operations of the sandbox, over the same orders. */
import type { OrderStatus } from '../sp_api/types';
import { iso } from '../sp_api/clock';
import { isAmazonCarrierCode } from '../sp_api/carriers';
import { MARKETPLACES, marketplace } from '../sp_api/marketplaces';
import { ApiFailure, type ApiRequest, type ApiResponse, TWO_MINUTES, dateParam, decodeToken, encodeToken, invalidInput } from './api_context';
import { render2026Order, renderV0Item, renderV0Order } from './render_orders';
import type { SandboxOrder, ShipmentPackage } from './state';

const STATUS_FROM_2026: Record<string, OrderStatus> = {
  PENDING_AVAILABILITY: 'PendingAvailability', PENDING: 'Pending', UNSHIPPED: 'Unshipped', PARTIALLY_SHIPPED: 'PartiallyShipped',
  SHIPPED: 'Shipped', CANCELLED: 'Canceled', UNFULFILLABLE: 'Unfulfillable',
};

interface SearchWindow {
  /** 'lu' = by last update, 'cr' = by creation. */
  by: 'lu' | 'cr';
  after: number;
  before: number;
}

interface Cursor extends SearchWindow {
  /** Last (time, ref) returned: the next page starts strictly after it. */
  last: [number, string];
}

interface Filters {
  marketplaceIds: string[];
  statuses?: OrderStatus[];
  channels?: ('FBA' | 'FBM')[];
  orderIds?: string[];
  maxResults: number;
}

function checkMarketplaces(ids: string[] | undefined, req: ApiRequest): string[] {
  const inRegion = [...MARKETPLACES.values()].filter((m) => m.region === req.region).map((m) => m.id);
  if (!ids || ids.length === 0) return inRegion;
  const wrong = ids.filter((id) => !inRegion.includes(id));
  if (wrong.length) throw invalidInput(`Invalid MarketplaceId(s) for this region: ${wrong.join(', ')}.`);
  return ids;
}

/** Amazon's window rules: one of created / last-updated, Before ≥ After and ≥ 2 minutes old. */
function searchWindow(req: ApiRequest, names: { ca: string; cb: string; la: string; lb: string }): SearchWindow {
  const p = req.params;
  const ca = dateParam(p[names.ca], names.ca), cb = dateParam(p[names.cb], names.cb);
  const la = dateParam(p[names.la], names.la), lb = dateParam(p[names.lb], names.lb);
  const latest = req.now - TWO_MINUTES;
  if (ca === undefined && la === undefined) throw invalidInput(`Either ${names.ca} or ${names.la} is required. Both cannot be empty.`);
  if (ca !== undefined && (la !== undefined || lb !== undefined)) throw invalidInput(`${names.la} and ${names.lb} cannot be set when ${names.ca} is set.`);
  if (la !== undefined && cb !== undefined) throw invalidInput(`${names.ca} or ${names.cb} cannot be set when ${names.la} is set.`);
  const [after, before, bName] = ca !== undefined ? [ca, cb, names.cb] : [la!, lb, names.lb];
  if (before !== undefined && before < after) throw invalidInput(`${bName} must be equal to or after the matching After date.`);
  if (before !== undefined && before > latest) throw invalidInput(`${bName} must be at least two minutes before the current time.`);
  return { by: ca !== undefined ? 'cr' : 'lu', after, before: before ?? latest };
}

function search(req: ApiRequest, window: SearchWindow, cursor: [number, string] | null, f: Filters): { page: SandboxOrder[]; more: boolean } {
  const index = req.state.index(window.by);
  // First entry after the cursor (or at the window start): a binary search, then a forward scan.
  const after = (e: { t: number; ref: string }) => (cursor ? e.t > cursor[0] || (e.t === cursor[0] && e.ref > cursor[1]) : e.t >= window.after);
  let lo = 0, hi = index.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (after(index[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  const page: SandboxOrder[] = [];
  for (let i = lo; i < index.length; i++) {
    const { t, o } = index[i]!;
    if (t > window.before) break;
    if (t < window.after) continue;
    if (!f.marketplaceIds.includes(o.order.marketplaceId)) continue;
    if (f.statuses && !f.statuses.includes(o.order.status)) continue;
    if (f.channels && !f.channels.includes(o.order.channel)) continue;
    if (f.orderIds && !f.orderIds.includes(o.order.ref)) continue;
    // One match beyond the page tells whether there is a next one.
    if (page.length === f.maxResults) return { page, more: true };
    page.push(o);
  }
  return { page, more: false };
}

function nextCursor(window: SearchWindow, page: SandboxOrder[]): string {
  const last = page[page.length - 1]!;
  const t = Date.parse(window.by === 'lu' ? last.order.lastUpdateDate : last.order.purchaseDate);
  return encodeToken({ ...window, last: [t, last.order.ref] } satisfies Cursor);
}

function maxResults(value: unknown): number {
  if (value === undefined) return 100;
  if (typeof value !== 'number' || value < 1 || value > 100) throw invalidInput('MaxResultsPerPage must be between 1 and 100.');
  return value;
}

function findOrder(req: ApiRequest, orderId: string): SandboxOrder {
  const o = req.state.orders.get(orderId);
  if (!o || marketplace(o.order.marketplaceId)?.region !== req.region) throw new ApiFailure(404, 'NotFound', `Order ${orderId} not found.`);
  return o;
}

/* ---------- Orders v0 ---------- */

export function getOrders(req: ApiRequest): ApiResponse {
  const p = req.params;
  const filters: Filters = {
    marketplaceIds: checkMarketplaces(p.MarketplaceIds, req),
    statuses: p.OrderStatuses,
    channels: p.FulfillmentChannels?.map((c: string) => (c === 'AFN' ? 'FBA' : 'FBM')),
    orderIds: p.AmazonOrderIds,
    maxResults: maxResults(p.MaxResultsPerPage),
  };
  if (p.SellerOrderId !== undefined && (p.OrderStatuses || p.FulfillmentChannels || p.LastUpdatedAfter || p.LastUpdatedBefore || p.BuyerEmail)) {
    throw invalidInput('SellerOrderId cannot be combined with OrderStatuses, FulfillmentChannels, LastUpdated dates or BuyerEmail.');
  }
  // "NextToken doesn't affect any filters": the filters come again; the window and position come from the token.
  let window: SearchWindow;
  let cursor: [number, string] | null = null;
  if (p.NextToken !== undefined) {
    const c = decodeToken<Cursor>(p.NextToken);
    if (!c || !Array.isArray(c.last)) throw invalidInput('Invalid NextToken.');
    window = { by: c.by, after: c.after, before: c.before };
    cursor = c.last;
  } else {
    window = searchWindow(req, { ca: 'CreatedAfter', cb: 'CreatedBefore', la: 'LastUpdatedAfter', lb: 'LastUpdatedBefore' });
  }
  const { page, more } = search(req, window, cursor, filters);
  const orders = page.filter((o) => !p.SellerOrderId || o.sellerOrderId === p.SellerOrderId);
  return {
    status: 200,
    body: {
      payload: {
        Orders: orders.map((o) => renderV0Order(o, req.pii)),
        ...(more ? { NextToken: nextCursor(window, page) } : {}),
        ...(window.by === 'lu' ? { LastUpdatedBefore: iso(window.before) } : { CreatedBefore: iso(window.before) }),
      },
    },
  };
}

export function getOrderV0(req: ApiRequest): ApiResponse {
  const o = findOrder(req, req.params.orderId);
  return { status: 200, body: { payload: renderV0Order(o, req.pii) } };
}

const ITEMS_PER_PAGE = 30;

export function getOrderItems(req: ApiRequest): ApiResponse {
  const o = findOrder(req, req.params.orderId);
  const start = req.params.NextToken !== undefined ? decodeToken<{ ref: string; start: number }>(req.params.NextToken) : { ref: o.order.ref, start: 0 };
  if (start.ref !== o.order.ref || typeof start.start !== 'number') throw invalidInput('Invalid NextToken.');
  const items = o.order.items.slice(start.start, start.start + ITEMS_PER_PAGE);
  const more = start.start + ITEMS_PER_PAGE < o.order.items.length;
  return {
    status: 200,
    body: {
      payload: {
        AmazonOrderId: o.order.ref,
        OrderItems: items.map((i) => renderV0Item(o, i, req.pii)),
        ...(more ? { NextToken: encodeToken({ ref: o.order.ref, start: start.start + ITEMS_PER_PAGE }) } : {}),
      },
    },
  };
}

export function getOrderAddress(req: ApiRequest): ApiResponse {
  const o = findOrder(req, req.params.orderId);
  const rendered = renderV0Order(o, req.pii);
  return {
    status: 200,
    body: { payload: { AmazonOrderId: o.order.ref, ...(o.order.buyer.companyName && req.pii.shippingAddress ? { BuyerCompanyName: o.order.buyer.companyName } : {}), ...(rendered.ShippingAddress ? { ShippingAddress: rendered.ShippingAddress } : {}) } },
  };
}

export function getOrderBuyerInfo(req: ApiRequest): ApiResponse {
  const o = findOrder(req, req.params.orderId);
  const info = (renderV0Order(o, req.pii).BuyerInfo ?? {}) as Record<string, unknown>;
  return { status: 200, body: { payload: { AmazonOrderId: o.order.ref, ...info } } };
}

/**
 * Checks a package the way Amazon does and returns the reason it is refused, or null.
 * Shared by confirmShipment and the order fulfillment feed.
 */
export function shipmentProblem(o: SandboxOrder | undefined, pkg: Omit<ShipmentPackage, 'via' | 'at'>, options: { carrierCodeRequired: boolean }): string | null {
  if (!o) return 'The order does not exist.';
  if (o.order.channel !== 'FBM') return 'Orders fulfilled by Amazon cannot be confirmed by the seller.';
  if (o.order.status === 'Canceled') return 'The order was canceled.';
  if (o.order.status === 'Pending' || o.order.status === 'PendingAvailability') return 'The order is not ready for shipment (payment pending).';
  if (!/^[1-9]\d*$/.test(pkg.packageReferenceId)) return 'packageReferenceId must be a positive number.';
  if (o.packages.some((p) => p.packageReferenceId === pkg.packageReferenceId)) return `Package ${pkg.packageReferenceId} was already confirmed for this order.`;
  if (options.carrierCodeRequired || pkg.carrierCode) {
    if (pkg.carrierCode === 'Other') {
      if (!pkg.carrierName?.trim()) return 'carrierName is required when carrierCode is Other.';
    } else if (!isAmazonCarrierCode(pkg.carrierCode)) {
      return `Unknown carrierCode ${pkg.carrierCode}; use one of Amazon's carrier codes or Other with a carrierName.`;
    }
  } else if (!pkg.carrierName?.trim()) {
    return 'A carrier code or carrier name is required.';
  }
  if (!pkg.trackingNumber?.trim()) return 'A tracking number is required.';
  if (pkg.items.length === 0) return 'The package has no items.';
  const seen = new Set<string>();
  for (const line of pkg.items) {
    const item = o.order.items.find((i) => i.ref === line.orderItemId);
    if (!item) return `Order item ${line.orderItemId} is not part of order ${o.order.ref}.`;
    if (seen.has(line.orderItemId)) return `Order item ${line.orderItemId} appears twice in the package.`;
    seen.add(line.orderItemId);
    if (!Number.isInteger(line.quantity) || line.quantity < 1) return `Quantity of order item ${line.orderItemId} must be a positive integer.`;
    if (item.quantityShipped + line.quantity > item.quantityOrdered) {
      return `Order item ${line.orderItemId}: ${line.quantity} more shipped would exceed the ${item.quantityOrdered} ordered (${item.quantityShipped} already shipped).`;
    }
  }
  return null;
}

export function confirmShipment(req: ApiRequest): ApiResponse {
  const orderId = req.params.orderId as string;
  const o = findOrder(req, orderId);
  const body = req.body as { marketplaceId: string; packageDetail: any };
  if (body.marketplaceId !== o.order.marketplaceId) throw invalidInput(`Order ${orderId} does not belong to marketplace ${body.marketplaceId}.`);
  const d = body.packageDetail;
  const pkg = {
    packageReferenceId: String(d.packageReferenceId), carrierCode: d.carrierCode, carrierName: d.carrierName ?? null,
    shippingMethod: d.shippingMethod ?? null, trackingNumber: d.trackingNumber, shipDate: d.shipDate,
    items: (d.orderItems as { orderItemId: string; quantity: number }[]).map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
  };
  const problem = shipmentProblem(o, pkg, { carrierCodeRequired: true });
  if (problem) throw invalidInput(problem);
  if (Date.parse(pkg.shipDate) > req.now + 24 * 3600_000) throw invalidInput('shipDate cannot be in the future.');
  req.state.applyPackage(o, { ...pkg, via: 'confirmShipment', at: iso(req.now) }, req.now);
  return { status: 204 };
}

/* ---------- Orders 2026-01-01 ---------- */

function includedData(req: ApiRequest): Set<string> {
  return new Set<string>(req.params.includedData ?? []);
}

export function searchOrders(req: ApiRequest): ApiResponse {
  const p = req.params;
  const filters: Filters = {
    marketplaceIds: checkMarketplaces(p.marketplaceIds, req),
    statuses: p.fulfillmentStatuses?.map((s: string) => STATUS_FROM_2026[s]),
    channels: p.fulfilledBy?.map((c: string) => (c === 'AMAZON' ? 'FBA' : 'FBM')),
    maxResults: maxResults(p.maxResultsPerPage),
  };
  let window: SearchWindow;
  let cursor: [number, string] | null = null;
  if (p.paginationToken !== undefined) {
    const c = decodeToken<Cursor>(p.paginationToken, 'paginationToken');
    if (!c || !Array.isArray(c.last)) throw invalidInput('Invalid paginationToken.');
    window = { by: c.by, after: c.after, before: c.before };
    cursor = c.last;
  } else {
    window = searchWindow(req, { ca: 'createdAfter', cb: 'createdBefore', la: 'lastUpdatedAfter', lb: 'lastUpdatedBefore' });
  }
  const { page, more } = search(req, window, cursor, filters);
  const data = includedData(req);
  return {
    status: 200,
    body: {
      orders: page.map((o) => render2026Order(o, data)),
      ...(more ? { pagination: { nextToken: nextCursor(window, page) } } : {}),
      ...(window.by === 'lu' ? { lastUpdatedBefore: iso(window.before) } : { createdBefore: iso(window.before) }),
    },
  };
}

export function getOrder2026(req: ApiRequest): ApiResponse {
  const o = findOrder(req, req.params.orderId);
  return { status: 200, body: { order: render2026Order(o, includedData(req)) } };
}
