/**
 * The sandbox's control and fault API: seed or generate orders, move the clock and statuses,
 * read what the client confirmed or submitted, inject faults. The same object backs the HTTP
 * routes under /_sandbox/ so a demo in another process can drive it.
 */
import type { AmazonBuyer, AmazonOrder, AmazonOrderItem, OrderStatus } from '../sp_api/types';
import { ORDER_STATUSES } from '../sp_api/types';
import { type ScaledClock, iso } from '../sp_api/clock';
import { MARKETPLACES_BY_CODE, marketplace } from '../sp_api/marketplaces';
import type { Fault, FaultInjector } from './faults';
import { type GenerateOptions, OrderGenerator } from './generator';
import type { RateLimiter } from './rate_limiter';
import type { SandboxOrder, SandboxState, ShipmentPackage } from './state';

/** An order to seed: anything left out gets a plausible default. */
export type SeedOrder = Partial<Omit<AmazonOrder, 'items' | 'buyer'>> & {
  buyer?: Partial<AmazonBuyer>;
  items?: Partial<AmazonOrderItem>[];
  sellerOrderId?: string;
  /** Future status changes, as ISO dates. */
  schedule?: { at: string; status: OrderStatus }[];
};

export interface RequestStats {
  requests: number;
  throttled: number;
  errors: number;
  byOperation: Record<string, { requests: number; throttled: number; errors: number }>;
}

export interface ModelViolation {
  operation: string;
  status: number;
  issues: { where: string; message: string }[];
}

export class SandboxControl {
  private readonly generator: OrderGenerator;
  readonly violations: ModelViolation[] = [];
  readonly stats: RequestStats = { requests: 0, throttled: 0, errors: 0, byOperation: {} };

  constructor(
    private readonly state: SandboxState,
    private readonly clock: ScaledClock,
    private readonly faults: FaultInjector,
    private readonly limiter: RateLimiter,
    seed: number,
  ) {
    this.generator = new OrderGenerator(seed);
  }

  now(): string {
    return iso(this.clock.now());
  }

  seedOrders(orders: SeedOrder[]): AmazonOrder[] {
    return orders.map((seed, n) => {
      const o = this.fromSeed(seed, n);
      this.state.addOrder(o);
      return o.order;
    });
  }

  generateOrders(opts: GenerateOptions): AmazonOrder[] {
    const generated = this.generator.generate(opts, this.clock.now(), (ref) => this.state.orders.has(ref));
    for (const o of generated) this.state.addOrder(o);
    this.state.tick(this.clock.now());
    return generated.map((o) => o.order);
  }

  /** Sets an order's status now, as if Amazon (or the seller in Seller Central) changed it. */
  setStatus(orderRef: string, status: OrderStatus): AmazonOrder {
    if (!ORDER_STATUSES.includes(status)) throw new Error(`unknown status ${status}`);
    const o = this.sandboxOrder(orderRef);
    o.schedule = [];
    this.state.setStatus(o, status, this.clock.now());
    return o.order;
  }

  order(orderRef: string): AmazonOrder {
    return this.sandboxOrder(orderRef).order;
  }

  /** Every order the sandbox holds, in the order they were added. */
  orders(): AmazonOrder[] {
    return [...this.state.orders.values()].map((o) => o.order);
  }

  /** The statuses an order went through, oldest first, with when. */
  history(orderRef: string): { at: string; status: OrderStatus }[] {
    return (this.sandboxOrder(orderRef).history ?? []).map((h) => ({ at: iso(h.at), status: h.status }));
  }

  /** Moves Amazon time forward: tokens expire, statuses change, feeds finish. */
  advanceClock(seconds: number): string {
    this.clock.advance(seconds * 1000);
    this.state.tick(this.clock.now());
    return this.now();
  }

  confirmations(): { orderRef: string; package: ShipmentPackage }[] {
    return this.state.confirmations.map((c) => ({ orderRef: c.orderRef, package: { ...c.package, items: [...c.package.items] } }));
  }

  feeds(): { feedId: string; feedType: string; status: string; content: string | null; results: unknown[] }[] {
    return [...this.state.feeds.values()].map((f) => ({
      feedId: f.feedId, feedType: f.feedType, status: f.status,
      content: this.state.documents.get(f.inputFeedDocumentId)?.content?.toString('utf8') ?? null, results: [...f.results],
    }));
  }

  injectFault(fault: Fault): void {
    this.faults.inject(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  pendingFaults(): Fault[] {
    return this.faults.pending();
  }

  resetRateLimits(): void {
    this.limiter.reset();
  }

  resetStats(): void {
    Object.assign(this.stats, { requests: 0, throttled: 0, errors: 0, byOperation: {} });
  }

  /** Responses that did not conform to the models (sandbox bugs; tests assert there are none). */
  modelViolations(): ModelViolation[] {
    return [...this.violations];
  }

  private sandboxOrder(ref: string): SandboxOrder {
    const o = this.state.orders.get(ref);
    if (!o) throw new Error(`no order ${ref} in the sandbox`);
    return o;
  }

  private fromSeed(seed: SeedOrder, n: number): SandboxOrder {
    const now = this.clock.now();
    const m = marketplace(seed.marketplaceId ?? '') ?? MARKETPLACES_BY_CODE.get('US')!;
    const ref = seed.ref ?? `111-${String(Math.floor(now) % 1e7).padStart(7, '0')}-${String(1000000 + n).slice(-7)}`;
    const purchaseDate = seed.purchaseDate ?? iso(now - 3600_000);
    const currency = seed.currency === undefined ? m.currency : seed.currency;
    const items: AmazonOrderItem[] = (seed.items ?? [{}]).map((i, k) => ({
      // 14 digits like Amazon's, unique per order: the order number's last 12 and the item's position.
      ref: i.ref ?? `${ref.replace(/\D/g, '').slice(-12)}${String(k + 100).slice(-2)}`,
      sku: i.sku ?? `SKU-${k + 1}`, asin: i.asin ?? `B0SEED${String(k).padStart(4, '0')}`, title: i.title ?? `Seeded product ${k + 1}`,
      quantityOrdered: i.quantityOrdered ?? 1, quantityShipped: i.quantityShipped ?? 0,
      itemPrice: i.itemPrice ?? 10, itemTax: i.itemTax ?? 0, shippingPrice: i.shippingPrice ?? 0, shippingTax: i.shippingTax ?? 0,
      shippingDiscount: i.shippingDiscount ?? 0, shippingDiscountTax: i.shippingDiscountTax ?? 0,
      promotionDiscount: i.promotionDiscount ?? 0, promotionDiscountTax: i.promotionDiscountTax ?? 0,
      isGift: i.isGift ?? false, giftWrapPrice: i.giftWrapPrice ?? 0, giftWrapTax: i.giftWrapTax ?? 0,
      giftWrapLevel: i.giftWrapLevel ?? null, giftMessage: i.giftMessage ?? null,
    }));
    const total = items.reduce((s, i) => s + i.itemPrice + i.shippingPrice + i.giftWrapPrice - i.promotionDiscount - i.shippingDiscount
      + (m.taxIncluded ? 0 : i.itemTax + i.shippingTax + i.giftWrapTax - i.promotionDiscountTax), 0);
    const order: AmazonOrder = {
      ref, status: seed.status ?? 'Unshipped', channel: seed.channel ?? 'FBM', marketplaceId: m.id,
      purchaseDate, lastUpdateDate: seed.lastUpdateDate ?? purchaseDate,
      currency, orderTotal: seed.orderTotal !== undefined ? seed.orderTotal : currency ? Math.round(total * 100) / 100 : null,
      buyer: { name: null, email: null, companyName: null, vatNumber: null, ...seed.buyer },
      shippingAddress: seed.shippingAddress === undefined
        ? { name: 'Sandbox Buyer', companyName: null, addressLine1: '1 Main Street', addressLine2: null, addressLine3: null, city: 'Seattle', county: null, stateOrRegion: 'WA', postalCode: '98101', countryCode: m.countryCode, phone: null, addressType: 'Residential' }
        : seed.shippingAddress,
      isBusinessOrder: seed.isBusinessOrder ?? false, isReplacementOrder: seed.isReplacementOrder ?? false,
      replacedOrderRef: seed.replacedOrderRef ?? null, shipServiceLevel: seed.shipServiceLevel === undefined ? 'Standard' : seed.shipServiceLevel, items,
    };
    return {
      order, sellerOrderId: seed.sellerOrderId ?? null, isPrime: false, shipServiceLevelName: `Std ${m.code} Dom`, promotionIds: {},
      latestShipDate: iso(Date.parse(purchaseDate) + 48 * 3600_000),
      schedule: (seed.schedule ?? []).map((s) => ({ at: Date.parse(s.at), status: s.status })), packages: [], refundAt: null,
    };
  }
}
