/**
 * Generated orders live over (sandbox) time: Pending → Unshipped → PartiallyShipped → Shipped, or
 * Canceled; FBM orders wait for the seller's shipment confirmation (or a configured auto-ship
 * delay). The clock is moved by hand (time scale 1), so every step is deterministic.
 */
import { iso } from '../../addons/sale_amazon/sp_api/clock';
import { matchCarrier } from '../../addons/sale_amazon/sp_api/carriers';
import type { AmazonOrder, OrderStatus } from '../../addons/sale_amazon/sp_api/types';
import type { SpApiPort } from '../../addons/sale_amazon/sp_api/port';
import { type Sandbox, sandboxAdapter, startSandbox } from '../support/sandbox';

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const HOUR = 3600_000;
const MINUTE = 60_000;

let sandbox: Sandbox;
const ports: SpApiPort[] = [];

beforeEach(async () => {
  sandbox = await startSandbox({ timeScale: 1, seed: 41 });
});
afterEach(async () => {
  expect(sandbox.control.modelViolations()).toEqual([]);
  ports.splice(0).forEach((p) => p.close());
  await sandbox.close();
});

function port(version: '2026-01-01' | 'v0' = '2026-01-01'): SpApiPort {
  const p = sandboxAdapter(sandbox, { ordersApiVersion: version, sellerId: `LIFE${ports.length}` });
  ports.push(p);
  return p;
}

const statuses = (ref: string) => sandbox.control.history(ref).map((h) => h.status);

/** The paths Amazon's order life cycle allows. */
const LIFE = /^Pending( Unshipped( PartiallyShipped)*( Shipped)?)?( Canceled)?$/;
const RANK: Record<string, number> = { Pending: 0, Unshipped: 1, PartiallyShipped: 2, Shipped: 3, Canceled: 3 };

it('moves generated orders through the life cycle, and a sync sees each change as it happens', async () => {
  const now = sandbox.clock.now();
  const orders = sandbox.control.generateOrders({ count: 120, from: now - 4 * MINUTE, to: now - 3 * MINUTE, marketplaces: ['US', 'CA'] });
  expect(orders.every((o) => o.status === 'Pending')).toBe(true);

  // A sync every six hours for four days, each from the previous high-water mark.
  const p = port();
  const seen = new Map<string, OrderStatus[]>();
  let mark = iso(now - 5 * MINUTE);
  for (let step = 0; step < 16; step++) {
    sandbox.control.advanceClock(6 * 3600);
    for await (const page of p.listChangedOrderPages({ marketplaceIds: [US, CA], lastUpdatedAfter: mark })) {
      for (const o of page.orders) seen.set(o.ref, [...(seen.get(o.ref) ?? []), o.status]);
      if (!page.hasMore && page.lastUpdatedBefore) mark = page.lastUpdatedBefore;
    }
  }

  for (const o of orders) {
    const path = statuses(o.ref);
    expect(path.join(' ')).toMatch(LIFE);
    const final = sandbox.control.order(o.ref);
    if (final.status !== 'Canceled') {
      // FBA is shipped by Amazon within a day or two; FBM waits for the seller.
      expect(final.status).toBe(o.channel === 'FBA' ? 'Shipped' : 'Unshipped');
    }
    // The sync saw the order's statuses in order and ended where the sandbox is.
    const observed = seen.get(o.ref)!;
    expect(observed[observed.length - 1]).toBe(final.status);
    for (let i = 1; i < observed.length; i++) expect(RANK[observed[i]!]!).toBeGreaterThanOrEqual(RANK[observed[i - 1]!]!);
  }
  const paths = orders.map((o) => statuses(o.ref).join(' '));
  expect(paths).toContain('Pending Unshipped PartiallyShipped Shipped');
  expect(paths).toContain('Pending Unshipped Shipped');
  expect(paths.some((x) => x.endsWith('Canceled'))).toBe(true);
  expect(orders.filter((o) => o.channel === 'FBM' && sandbox.control.order(o.ref).status === 'Unshipped').length).toBeGreaterThan(0);
});

it('keeps FBM orders Unshipped until the seller confirms, then PartiallyShipped and Shipped', async () => {
  const now = sandbox.clock.now();
  const orders = sandbox.control.generateOrders({ count: 40, fbaShare: 0, from: now - 10 * MINUTE, to: now - 5 * MINUTE, marketplaces: ['US'] });
  sandbox.control.advanceClock(10 * 24 * 3600);
  const waiting = orders.filter((o) => sandbox.control.order(o.ref).status === 'Unshipped');
  expect(waiting.length).toBeGreaterThan(30);
  const target = waiting.find((o) => o.items.reduce((n, i) => n + i.quantityOrdered, 0) > 1)!;
  const items = sandbox.control.order(target.ref).items;
  const p = port('v0');
  const confirm = (packageReferenceId: string, lines: { orderItemId: string; quantity: number }[]) => p.confirmShipment({
    orderRef: target.ref, marketplaceId: US, packageReferenceId, ...matchCarrier('USPS'), trackingNumber: `9400${packageReferenceId}`,
    shipDate: iso(sandbox.clock.now() - HOUR), items: lines,
  });
  await confirm('1', [{ orderItemId: items[0]!.ref, quantity: 1 }]);
  expect((await p.getOrder(target.ref))!.status).toBe('PartiallyShipped');
  await confirm('2', items.map((i, k) => ({ orderItemId: i.ref, quantity: i.quantityOrdered - (k === 0 ? 1 : 0) })).filter((l) => l.quantity > 0));
  expect((await p.getOrder(target.ref))!.status).toBe('Shipped');
  expect(statuses(target.ref)).toEqual(['Pending', 'Unshipped', 'PartiallyShipped', 'Shipped']);
});

it('auto-ships FBM orders after the configured delay, only what the seller has not shipped', async () => {
  const now = sandbox.clock.now();
  const orders = sandbox.control.generateOrders({ count: 30, fbaShare: 0, fbmAutoShipShare: 1, fbmAutoShipAfterHours: 12, from: now - 2 * MINUTE, to: now - MINUTE, marketplaces: ['US'] });
  sandbox.control.advanceClock(11 * 3600); // paid within 30 minutes, so 11 h in nothing has shipped
  const unshipped = orders.filter((o) => sandbox.control.order(o.ref).status === 'Unshipped');
  expect(unshipped.length).toBe(orders.filter((o) => sandbox.control.order(o.ref).status !== 'Canceled').length);
  const own = unshipped.find((o) => o.items[0]!.quantityOrdered === 1)!;
  await port('v0').confirmShipment({
    orderRef: own.ref, marketplaceId: US, packageReferenceId: '1', ...matchCarrier('UPS'), trackingNumber: '1Z1',
    shipDate: iso(sandbox.clock.now() - MINUTE), items: [{ orderItemId: own.items[0]!.ref, quantity: 1 }],
  });
  sandbox.control.advanceClock(3 * 24 * 3600);
  for (const o of unshipped) expect(sandbox.control.order(o.ref).status).toBe('Shipped');
  // The sandbox shipped the rest of the seller's order, never its items twice.
  expect(sandbox.control.order(own.ref).items.every((i) => i.quantityShipped === i.quantityOrdered)).toBe(true);
  expect(sandbox.control.confirmations().map((c) => c.orderRef)).toEqual([own.ref]);
});

it('never cancels an order after something has shipped', async () => {
  const now = sandbox.clock.now();
  const [o] = sandbox.control.seedOrders([{
    ref: '111-4100000-0000001', channel: 'FBM', status: 'Unshipped', purchaseDate: iso(now - HOUR),
    items: [{ ref: '41000000000001', quantityOrdered: 2 }], schedule: [{ at: iso(now + HOUR), status: 'Canceled' }],
  }]) as [AmazonOrder];
  await port('v0').confirmShipment({
    orderRef: o.ref, marketplaceId: US, packageReferenceId: '1', ...matchCarrier('UPS'), trackingNumber: '1Z2',
    shipDate: iso(now - MINUTE), items: [{ orderItemId: '41000000000001', quantity: 1 }],
  });
  sandbox.control.advanceClock(2 * 3600);
  expect(sandbox.control.order(o.ref).status).toBe('PartiallyShipped');
});

it('makes demo traffic that starts Pending and moves on as Amazon time passes', async () => {
  await sandbox.close();
  sandbox = await startSandbox({ timeScale: 36_000, trafficPerHour: 600, seed: 43 }); // ten Amazon hours a second
  const start = sandbox.clock.now();
  await new Promise((r) => setTimeout(r, 1200));
  const refs = sandbox.control.orders().map((o) => o.ref);
  expect(refs.length).toBeGreaterThan(20);
  expect(refs.every((ref) => statuses(ref)[0] === 'Pending')).toBe(true);
  expect(refs.some((ref) => statuses(ref).includes('Unshipped'))).toBe(true);
  expect(sandbox.clock.now() - start).toBeGreaterThan(10 * HOUR);
});
