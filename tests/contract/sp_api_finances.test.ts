/** Finances (v0 groups and events, 2024-06-19 transactions) and Sellers, against the sandbox. */
import { iso } from '../../addons/sale_amazon/sp_api/clock';
import type { SpApiPort } from '../../addons/sale_amazon/sp_api/port';
import type { AmazonOrder } from '../../addons/sale_amazon/sp_api/types';
import { type Sandbox, sandboxAdapter, startFastSandbox } from '../support/sandbox';

const DAY = 86400_000;
let sandbox: Sandbox;
let port: SpApiPort;
let orders: AmazonOrder[];

beforeAll(async () => {
  sandbox = await startFastSandbox({ seed: 3 });
  port = sandboxAdapter(sandbox, { region: 'eu' });
  const now = sandbox.clock.now();
  orders = sandbox.control.generateOrders({ count: 150, from: now - 60 * DAY, to: now - 20 * DAY, marketplaces: ['DE', 'FR', 'UK'], fbaShare: 0.8 });
});
afterEach(() => expect(sandbox.control.modelViolations()).toEqual([]));
afterAll(async () => {
  port.close();
  await sandbox.close();
});

const sum = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;

it('lists settlement groups whose events match the shipped orders', async () => {
  const groups = await port.listFinancialEventGroups({ startedAfter: iso(sandbox.clock.now() - 90 * DAY) });
  expect(groups.length).toBeGreaterThan(3);
  expect(new Set(groups.map((g) => g.originalTotal!.currency))).toEqual(new Set(['EUR', 'GBP']));
  expect(groups.some((g) => g.processingStatus === 'Closed' && g.fundTransferStatus === 'Succeeded')).toBe(true);

  const shipped = orders.filter((o) => sandbox.control.order(o.ref).status === 'Shipped' && o.currency);
  const seen = new Set<string>();
  // A line may ship in several packages (FBA splits some orders): its events add up to the line.
  const principalAndTax = new Map<string, number>();
  for (const g of groups) {
    const events = await port.listFinancialEventsByGroupId(g.groupId);
    const total = sum(events.flatMap((e) => e.items.flatMap((i) => [...i.charges, ...i.fees, ...i.promotions].map((c) => c.amount.amount))));
    expect(total).toBeCloseTo(g.originalTotal!.amount, 2);
    for (const e of events.filter((x) => x.kind === 'Shipment')) {
      seen.add(e.orderRef!);
      const order = sandbox.control.order(e.orderRef!);
      for (const item of e.items) {
        const charge = (t: string) => item.charges.find((c) => c.type === t)?.amount.amount ?? 0;
        const key = `${e.orderRef} ${item.orderItemId}`;
        principalAndTax.set(key, (principalAndTax.get(key) ?? 0) + charge('Principal') + charge('Tax'));
        expect(item.fees.find((f) => f.type === 'Commission')!.amount.amount).toBeLessThan(0);
        if (order.channel === 'FBA') expect(item.fees.some((f) => f.type === 'FBAPerUnitFulfillmentFee')).toBe(true);
        if (item.promotions.length) expect(item.promotions[0]!.amount.amount).toBeLessThan(0);
      }
    }
  }
  // Refund events reverse the principal of orders that were shipped.
  const refundEvents = (await Promise.all(groups.map((g) => port.listFinancialEventsByGroupId(g.groupId)))).flat().filter((e) => e.kind === 'Refund');
  expect(refundEvents.length).toBeGreaterThan(0);
  for (const e of refundEvents) {
    expect(seen.has(e.orderRef!)).toBe(true);
    expect(e.items.every((i) => (i.charges.find((c) => c.type === 'Principal')?.amount.amount ?? 0) < 0)).toBe(true);
  }
  for (const [key, amount] of principalAndTax) {
    const [ref, itemRef] = key.split(' ');
    // VAT-inclusive marketplaces: principal + tax is what the buyer paid for the line.
    expect(amount).toBeCloseTo(sandbox.control.order(ref!).items.find((i) => i.ref === itemRef)!.itemPrice, 2);
  }
  expect([...seen].sort()).toEqual(shipped.map((o) => o.ref).sort());
});

it('pages through transactions that add up to the same money', async () => {
  const after = iso(sandbox.clock.now() - 90 * DAY);
  const transactions = await port.listTransactions({ postedAfter: after });
  expect(transactions.length).toBeGreaterThan(50); // more than one page of 50
  const groups = await port.listFinancialEventGroups({ startedAfter: after });
  for (const currency of ['EUR', 'GBP']) {
    expect(sum(transactions.filter((t) => t.total!.currency === currency).map((t) => t.total!.amount)))
      .toBeCloseTo(sum(groups.filter((g) => g.originalTotal!.currency === currency).map((g) => g.originalTotal!.amount)), 2);
  }
  // The generator refunds a few FBA orders days after shipping (seed 3: some in this window).
  const refunds = transactions.filter((t) => t.transactionType === 'Refund');
  expect(refunds.length).toBeGreaterThan(0);
  for (const r of refunds) expect(r.total!.amount).toBeLessThan(0);
  expect(transactions.every((t) => t.orderRef && t.settlementId && t.breakdowns.length === 2)).toBe(true);
});

it('answers a date range ending in the last two minutes with 400', async () => {
  await expect(port.listTransactions({ postedAfter: iso(sandbox.clock.now() - DAY), postedBefore: iso(sandbox.clock.now()) })).rejects.toMatchObject({ status: 400 });
});

it('lists the marketplaces of the region the seller sells in', async () => {
  const eu = await port.getMarketplaceParticipations();
  expect(eu.map((m) => m.countryCode).sort()).toEqual(['DE', 'ES', 'FR', 'GB', 'IT']);
  expect(eu.find((m) => m.countryCode === 'GB')).toMatchObject({ marketplaceId: 'A1F83G8C2ARO7P', defaultCurrency: 'GBP', isParticipating: true });
  const na = sandboxAdapter(sandbox, { region: 'na' });
  expect((await na.getMarketplaceParticipations()).map((m) => m.marketplaceId).sort()).toEqual(['A2EUQ1WTGCTBG2', 'ATVPDKIKX0DER']);
  na.close();
});
