import * as fc from 'fast-check';
import { map2026Order, INCLUDED_DATA } from '../../../addons/sale_amazon/sp_api/map_orders_2026';
import { MappingError, mapV0Order } from '../../../addons/sale_amazon/sp_api/map_orders_v0';
import type { Order2026, V0Order, V0OrderItem } from '../../../addons/sale_amazon/sp_api/wire';
import { loadModels } from '../../../addons/sale_amazon/sandbox/models';
import { OrderGenerator } from '../../../addons/sale_amazon/sandbox/generator';
import { render2026Order, renderV0Item, renderV0Order } from '../../../addons/sale_amazon/sandbox/render_orders';

const models = loadModels();

function staticExamples(opKey: string, status = '200'): { request: any; response: any }[] {
  return models.operation(opKey).raw.responses[status]['x-amzn-api-sandbox'].static;
}

describe('Orders 2026-01-01 mapping on the official examples', () => {
  const orders: Order2026[] = staticExamples('orders2026.searchOrders').flatMap((e) => e.response.orders);
  const singles: Order2026[] = staticExamples('orders2026.getOrder').map((e) => e.response.order);
  // The documentation example (`examples`), besides the static sandbox ones.
  const documented: Order2026[] = models.operation('orders2026.searchOrders').raw.responses['200'].examples['application/json'].orders;

  it('maps every example order without losing items', () => {
    for (const o of [...orders, ...singles, ...documented]) {
      const d = map2026Order(o);
      expect(d.ref).toBe(o.orderId);
      expect(d.items.map((i) => i.ref)).toEqual(o.orderItems.map((i) => i.orderItemId));
    }
  });

  it('reads the Japanese FBA order: yen amounts, shipped, item totals for the quantity', () => {
    const d = map2026Order(orders.find((o) => o.orderId === '250-1234567-8901234')!);
    expect(d).toMatchObject({ status: 'Shipped', channel: 'FBA', marketplaceId: 'A1VC38T7YXB528', currency: 'JPY', orderTotal: 19940, shipServiceLevel: 'Standard' });
    expect(d.items[1]).toMatchObject({ sku: 'FIRE-TV-4K-MAX-JP', quantityOrdered: 2, quantityShipped: 2, itemPrice: 13960, itemTax: 0 });
    expect(d.buyer).toEqual({ name: 'John Smith', email: 'buyer-email@marketplace.amazon.co.jp', companyName: null, vatNumber: null });
  });

  it('reads the Brazilian business order: company, VAT registration, commercial address', () => {
    const d = map2026Order(orders.find((o) => o.orderId === '171-2345678-9012345')!);
    expect(d).toMatchObject({ status: 'Unshipped', channel: 'FBM', isBusinessOrder: true, currency: 'BRL', orderTotal: 1599.9 });
    expect(d.buyer).toMatchObject({ companyName: 'Oliveira Tecnologia Ltda', vatNumber: '1234567890' });
    expect(d.shippingAddress).toMatchObject({ city: 'São Paulo', addressType: 'Commercial', countryCode: 'BR' });
  });

  it('splits item tax and gift options from the US example', () => {
    const o = documented.find((x) => x.orderItems.some((i) => i.orderItemId === '12345678901234'));
    expect(o).toBeDefined();
    const item = map2026Order(o!).items.find((i) => i.ref === '12345678901234')!;
    expect(item).toMatchObject({ itemPrice: 99.98, itemTax: 0.02, isGift: true, giftWrapLevel: 'PREMIUM', giftMessage: 'Happy Holidays! Enjoy your new smart speakers.' });
  });

  it('refuses an order without fulfillment data rather than guessing its status', () => {
    const o = { ...orders[0]!, fulfillment: undefined };
    expect(() => map2026Order(o)).toThrow(MappingError);
  });
});

describe('Orders v0 mapping on the official examples', () => {
  const orders: V0Order[] = staticExamples('ordersV0.getOrders').flatMap((e) => e.response.payload.Orders);
  const items: V0OrderItem[] = staticExamples('ordersV0.getOrderItems').flatMap((e) => e.response.payload.OrderItems);

  it('maps every example order and item', () => {
    expect(orders.length).toBeGreaterThan(0);
    for (const o of orders) {
      const d = mapV0Order(o, items);
      expect(d.ref).toBe(o.AmazonOrderId);
      expect(d.status).toBe(o.OrderStatus);
      expect(d.items).toHaveLength(items.length);
    }
  });

  it('reads IsGift as Amazon\'s string and amounts as decimals', () => {
    const d = mapV0Order(orders[0]!, items);
    const wire = items[0]!;
    expect(d.items[0]!.isGift).toBe(wire.IsGift === 'true');
    expect(d.items[0]!.itemPrice).toBe(Number(wire.ItemPrice?.Amount ?? 0));
  });

  it('rejects an unreadable amount instead of reading it as zero', () => {
    expect(() => mapV0Order(orders[0]!, [{ ...items[0]!, ItemPrice: { CurrencyCode: 'USD', Amount: '12,50' } }])).toThrow(/ItemPrice/);
  });
});

describe('both Orders APIs give the same domain order (generated orders)', () => {
  const pii = { buyerInfo: true, shippingAddress: true };
  const everything = new Set<string>([...INCLUDED_DATA, 'PACKAGES']);

  it('round-trips through v0 and 2026 wire formats, which conform to the models', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const now = Date.UTC(2026, 5, 1);
        const generated = new OrderGenerator(seed).generate({ count: 15, from: now - 86400_000, to: now }, now, () => false);
        for (const s of generated) {
          const v0 = renderV0Order(s, pii);
          const v0Items = s.order.items.map((i) => renderV0Item(s, i, pii));
          const o2026 = render2026Order(s, everything);
          expect(models.validateDefinition('ordersV0', 'Order', v0)).toEqual([]);
          for (const it of v0Items) expect(models.validateDefinition('ordersV0', 'OrderItem', it)).toEqual([]);
          expect(models.validateDefinition('orders2026', 'Order', o2026)).toEqual([]);
          expect(mapV0Order(v0 as unknown as V0Order, v0Items as unknown as V0OrderItem[])).toEqual(s.order);
          expect(map2026Order(o2026 as unknown as Order2026)).toEqual(s.order);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('covers the cases the generator promises', () => {
    const now = Date.UTC(2026, 5, 1);
    const orders = new OrderGenerator(42).generate({ count: 600, from: now - 86400_000, to: now }, now, () => false).map((s) => s.order);
    const currencies = new Set(orders.map((o) => o.currency).filter(Boolean));
    expect([...currencies].sort()).toEqual(['CAD', 'EUR', 'GBP', 'JPY', 'USD']);
    expect(orders.some((o) => o.channel === 'FBA') && orders.some((o) => o.channel === 'FBM')).toBe(true);
    expect(orders.some((o) => o.items.length > 1)).toBe(true);
    expect(orders.some((o) => o.items.some((i) => i.giftWrapPrice > 0 && i.giftMessage))).toBe(true);
    expect(orders.some((o) => o.items.some((i) => i.promotionDiscount > 0))).toBe(true);
    expect(orders.some((o) => o.items.some((i) => i.shippingPrice > 0))).toBe(true);
    expect(orders.some((o) => o.isBusinessOrder && o.buyer.vatNumber)).toBe(true);
    expect(orders.some((o) => o.isReplacementOrder && o.replacedOrderRef && o.currency === null)).toBe(true);
    expect(orders.some((o) => o.channel === 'FBA' && o.buyer.name === null)).toBe(true);
    expect(orders.some((o) => /[^\x00-\x7f]/.test(o.buyer.name ?? ''))).toBe(true);
    expect(orders.some((o) => (o.shippingAddress?.addressLine1?.length ?? 0) > 100)).toBe(true);
  });
});
