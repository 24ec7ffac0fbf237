/**
 * What the sandbox knows: orders (in domain terms, rendered to either Orders API on the way out),
 * their scheduled status changes, shipments, feeds, reports, documents and financial events.
 * Time is the sandbox clock's; `tick()` applies every change that has come due.
 */
import type { AmazonOrder, OrderStatus, ProcessingStatus } from '../sp_api/types';
import { iso } from '../sp_api/clock';
import { marketplace } from '../sp_api/marketplaces';
import { round } from './money';

export interface ScheduledChange {
  at: number;
  status: OrderStatus;
  /**
   * A shipment Amazon makes (FBA) or the seller makes outside the API (FBM auto-ship): these
   * quantities, or `'rest'` for everything not shipped yet. The status then follows the quantities
   * (PartiallyShipped or Shipped) rather than `status`.
   */
  ship?: { orderItemId: string; quantity: number }[] | 'rest';
}

/** One status an order went through, and when (for tests and demos of the life cycle). */
export interface StatusChange {
  at: number;
  status: OrderStatus;
}

export interface ShipmentPackage {
  packageReferenceId: string;
  carrierCode: string;
  carrierName: string | null;
  shippingMethod: string | null;
  trackingNumber: string;
  shipDate: string;
  items: { orderItemId: string; quantity: number }[];
  /** How Amazon learnt about it. */
  via: 'confirmShipment' | 'feed' | 'sandbox';
  at: string;
}

export interface SandboxOrder {
  order: AmazonOrder;
  sellerOrderId: string | null;
  isPrime: boolean;
  /** Orders v0 `ShipServiceLevel`, e.g. "Std US D2D Dom". */
  shipServiceLevelName: string;
  promotionIds: Record<string, string[]>;
  latestShipDate: string;
  /** Status changes that will happen by themselves (Amazon's side of the life cycle). */
  schedule: ScheduledChange[];
  packages: ShipmentPackage[];
  /** Every status the order has had, oldest first (filled in by SandboxState). */
  history?: StatusChange[];
  /** Items refunded after shipping (finances only; the order stays Shipped as on Amazon). */
  refundAt: number | null;
}

export interface FinancialEventRecord {
  kind: 'Shipment' | 'Refund';
  orderRef: string;
  marketplaceId: string;
  currency: string;
  postedAt: number;
  items: { orderItemId: string; sku: string; quantity: number; charges: [string, number][]; fees: [string, number][]; promotions: [string, string, number][] }[];
}

export interface SandboxDocument {
  id: string;
  kind: 'feed-input' | 'feed-result' | 'report';
  contentType: string;
  content: Buffer | null;
  gzip: boolean;
  expiresAt: number;
}

export interface SandboxFeed {
  feedId: string;
  feedType: string;
  marketplaceIds: string[];
  inputFeedDocumentId: string;
  feedOptions: Record<string, string> | null;
  createdAt: number;
  startAt: number;
  doneAt: number;
  status: ProcessingStatus;
  resultFeedDocumentId: string | null;
  /** Per-message results, once processed. */
  results: { messageId: string; code: 'Error' | 'Warning'; messageCode: string; description: string; orderRef: string | null }[];
  messagesProcessed: number;
}

export interface SandboxReport {
  reportId: string;
  reportType: string;
  marketplaceIds: string[];
  dataStartTime: string | null;
  dataEndTime: string | null;
  createdAt: number;
  startAt: number;
  doneAt: number;
  status: ProcessingStatus;
  reportDocumentId: string | null;
}

export interface IndexEntry {
  t: number;
  ref: string;
  o: SandboxOrder;
}

/** Which side effects a status change has on items and finances. */
export class SandboxState {
  readonly orders = new Map<string, SandboxOrder>();
  readonly feeds = new Map<string, SandboxFeed>();
  readonly reports = new Map<string, SandboxReport>();
  readonly documents = new Map<string, SandboxDocument>();
  readonly financialEvents: FinancialEventRecord[] = [];
  readonly confirmations: { orderRef: string; package: ShipmentPackage }[] = [];
  private sequence = 1000;
  /** Bumped by every change to an order's dates or status: the search indexes below are rebuilt on it. */
  private version = 0;
  private readonly indexes = new Map<'lu' | 'cr', { version: number; entries: IndexEntry[] }>();
  /** Earliest scheduled change of any order: tick() has nothing to do before it. */
  private nextDue = -Infinity;

  nextId(prefix = ''): string {
    return `${prefix}${++this.sequence}`;
  }

  addOrder(o: SandboxOrder): void {
    if (this.orders.has(o.order.ref)) throw new Error(`order ${o.order.ref} already exists`);
    o.schedule.sort((a, b) => a.at - b.at);
    o.history ??= [{ at: Date.parse(o.order.lastUpdateDate), status: o.order.status }];
    this.orders.set(o.order.ref, o);
    this.version++;
    this.nextDue = -Infinity;
  }

  /** Applies every scheduled change due at `now`, in time order, with its own timestamp. */
  tick(now: number): void {
    if (now < this.nextDue) return;
    let next = Infinity;
    for (const o of this.orders.values()) {
      while (o.schedule.length > 0 && o.schedule[0]!.at <= now) {
        this.apply(o, o.schedule.shift()!);
      }
      if (o.refundAt !== null && o.refundAt <= now) {
        this.postRefund(o, o.refundAt);
        o.refundAt = null;
      }
      if (o.schedule.length > 0) next = Math.min(next, o.schedule[0]!.at);
      if (o.refundAt !== null) next = Math.min(next, o.refundAt);
    }
    this.nextDue = next;
  }

  /**
   * A change that has come due. Life goes on between scheduling and now: a seller may have shipped
   * (so an automatic shipment only sends what is left, and nothing if all is gone) and Amazon never
   * cancels an order that has shipped anything.
   */
  private apply(o: SandboxOrder, change: ScheduledChange): void {
    const status = o.order.status;
    if (status === 'Canceled') return;
    if (change.status === 'Canceled' && o.order.items.some((i) => i.quantityShipped > 0)) return;
    if (!change.ship) return this.setStatus(o, change.status, change.at);
    if (status === 'Pending' || status === 'PendingAvailability') return; // never shipped before payment
    const lines = change.ship === 'rest'
      ? o.order.items.map((i) => ({ orderItemId: i.ref, quantity: i.quantityOrdered - i.quantityShipped }))
      : change.ship.map((l) => {
        const item = o.order.items.find((i) => i.ref === l.orderItemId);
        return { orderItemId: l.orderItemId, quantity: item ? Math.min(l.quantity, item.quantityOrdered - item.quantityShipped) : 0 };
      });
    const shipping = lines.filter((l) => l.quantity > 0);
    if (shipping.length) this.shipItems(o, shipping, change.at);
  }

  /** Moves an order to a status as Amazon would, updating its last-update time. */
  setStatus(o: SandboxOrder, status: OrderStatus, at: number): void {
    const order = o.order;
    if (order.status === status) return;
    const wasShipped = order.status === 'Shipped';
    this.record(o, status, at);
    if (status === 'Canceled') o.schedule = [];
    if (status === 'Shipped' && !wasShipped) {
      const before = order.items.map((i) => i.quantityShipped);
      for (const item of order.items) item.quantityShipped = item.quantityOrdered;
      this.postShipment(o, at, order.items.map((item, i) => [item.ref, item.quantityOrdered - before[i]!] as [string, number]));
    }
  }

  /** Records an FBM package the seller confirmed (API or feed) and moves the order on. */
  applyPackage(o: SandboxOrder, pkg: ShipmentPackage, at: number): void {
    o.packages.push(pkg);
    this.confirmations.push({ orderRef: o.order.ref, package: pkg });
    this.shipItems(o, pkg.items, at);
  }

  /** Shipped quantities: the order becomes PartiallyShipped or Shipped and the sale is settled. */
  private shipItems(o: SandboxOrder, lines: { orderItemId: string; quantity: number }[], at: number): void {
    const shipped: [string, number][] = [];
    for (const line of lines) {
      const item = o.order.items.find((i) => i.ref === line.orderItemId)!;
      item.quantityShipped += line.quantity;
      shipped.push([item.ref, line.quantity]);
    }
    const all = o.order.items.every((i) => i.quantityShipped >= i.quantityOrdered);
    const status = all ? 'Shipped' : 'PartiallyShipped';
    if (status !== o.order.status) this.record(o, status, at);
    else o.order.lastUpdateDate = iso(Math.max(at, Date.parse(o.order.lastUpdateDate)));
    this.version++;
    this.postShipment(o, at, shipped);
  }

  /** Sets the status, bumps the last-update time (never backwards) and remembers the step. */
  private record(o: SandboxOrder, status: OrderStatus, at: number): void {
    o.order.status = status;
    o.order.lastUpdateDate = iso(Math.max(at, Date.parse(o.order.lastUpdateDate)));
    (o.history ??= []).push({ at, status });
    this.version++;
  }

  /**
   * Every order sorted by (last-update or purchase time, reference), the order searches page in.
   * Built once per change of state rather than per request: with tens of thousands of orders a
   * per-request sort costs the CPU time that, under a time scale, becomes minutes of Amazon time.
   */
  index(by: 'lu' | 'cr'): readonly IndexEntry[] {
    const cached = this.indexes.get(by);
    if (cached && cached.version === this.version) return cached.entries;
    const entries = [...this.orders.values()].map((o) => ({ t: Date.parse(by === 'lu' ? o.order.lastUpdateDate : o.order.purchaseDate), ref: o.order.ref, o }));
    entries.sort((a, b) => a.t - b.t || (a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0));
    this.indexes.set(by, { version: this.version, entries });
    return entries;
  }

  /**
   * A settlement (ShipmentEvent) for the shipped quantities: the buyer's charges, Amazon's referral
   * fee (15 %) and, for FBA, the per-unit fulfilment fee. Amounts are pro-rated per unit shipped.
   */
  private postShipment(o: SandboxOrder, at: number, shipped: [string, number][]): void {
    const order = o.order;
    const currency = order.currency;
    if (!currency) return; // replacement orders are free: nothing to settle
    const m = marketplace(order.marketplaceId);
    const items: FinancialEventRecord['items'] = [];
    for (const [ref, qty] of shipped) {
      if (qty <= 0) continue;
      const item = order.items.find((i) => i.ref === ref)!;
      // Cumulative rounding: the packages of a line add up to the line to the cent.
      const after = item.quantityShipped / item.quantityOrdered;
      const before = (item.quantityShipped - qty) / item.quantityOrdered;
      const r = (v: number) => round(round(v * after, currency) - round(v * before, currency), currency);
      const net = (gross: number, tax: number) => (m?.taxIncluded ? gross - tax : gross);
      const charges: [string, number][] = [
        ['Principal', r(net(item.itemPrice, item.itemTax))],
        ['Tax', r(item.itemTax)],
      ];
      if (item.shippingPrice) charges.push(['ShippingCharge', r(net(item.shippingPrice, item.shippingTax))], ['ShippingTax', r(item.shippingTax)]);
      if (item.giftWrapPrice) charges.push(['GiftWrap', r(net(item.giftWrapPrice, item.giftWrapTax))], ['GiftWrapTax', r(item.giftWrapTax)]);
      const gross = item.itemPrice + (m?.taxIncluded ? 0 : item.itemTax) + item.shippingPrice - item.promotionDiscount - item.shippingDiscount;
      const fees: [string, number][] = [['Commission', -r(gross * 0.15)]];
      if (order.channel === 'FBA') fees.push(['FBAPerUnitFulfillmentFee', -round(qty * feePerUnit(currency), currency)]);
      const promotions: [string, string, number][] = [];
      const ids = o.promotionIds[item.ref] ?? [];
      if (item.promotionDiscount) promotions.push(['PromotionMetaDataDefinitionValue', ids[0] ?? 'PROMO', -r(item.promotionDiscount)]);
      if (item.shippingDiscount) promotions.push(['PromotionMetaDataDefinitionValue', ids[1] ?? ids[0] ?? 'FREESHIP', -r(item.shippingDiscount)]);
      items.push({ orderItemId: item.ref, sku: item.sku ?? '', quantity: qty, charges, fees, promotions });
    }
    if (items.length) this.financialEvents.push({ kind: 'Shipment', orderRef: order.ref, marketplaceId: order.marketplaceId, currency, postedAt: at, items });
  }

  /** A refund of every shipped unit: charges and the referral fee reversed, less Amazon's 20 % refund commission. */
  private postRefund(o: SandboxOrder, at: number): void {
    const sale = this.financialEvents.filter((e) => e.kind === 'Shipment' && e.orderRef === o.order.ref);
    if (!sale.length) return;
    const currency = sale[0]!.currency;
    const items = sale.flatMap((e) => e.items).map((it) => {
      const commission = it.fees.find(([t]) => t === 'Commission')?.[1] ?? 0;
      return {
        orderItemId: it.orderItemId, sku: it.sku, quantity: it.quantity,
        charges: it.charges.map(([t, a]) => [t, -a] as [string, number]),
        fees: [['Commission', -commission], ['RefundCommission', round(commission * 0.2, currency)]] as [string, number][],
        promotions: it.promotions.map(([t, id, a]) => [t, id, -a] as [string, string, number]),
      };
    });
    this.financialEvents.push({ kind: 'Refund', orderRef: o.order.ref, marketplaceId: o.order.marketplaceId, currency, postedAt: at, items });
  }
}

function feePerUnit(currency: string): number {
  const perUsd: Record<string, number> = { USD: 1, CAD: 1.35, EUR: 0.92, GBP: 0.79, JPY: 150 };
  return 3.22 * (perUsd[currency] ?? 1);
}
