/** The adapter against the sandbox: orders with both Orders APIs, pagination, PII, status changes. */
import { iso } from '../../addons/sale_amazon/sp_api/clock';
import type { AmazonOrder } from '../../addons/sale_amazon/sp_api/types';
import type { SpApiPort } from '../../addons/sale_amazon/sp_api/port';
import { SpApiError } from '../../addons/sale_amazon/sp_api/errors';
import { type Sandbox, sandboxAdapter, startFastSandbox } from '../support/sandbox';

const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const DAY = 86400_000;

let sandbox: Sandbox;
let generated: AmazonOrder[];
const adapters: SpApiPort[] = [];

function adapter(version: '2026-01-01' | 'v0', region: 'na' | 'eu' | 'fe' = 'na'): SpApiPort {
  const a = sandboxAdapter(sandbox, { ordersApiVersion: version, region, sellerId: `${sandbox.credentials.sellerId}-${adapters.length}` });
  adapters.push(a);
  return a;
}

async function collect(port: SpApiPort, marketplaceIds: string[], after: number, extra: Partial<Parameters<SpApiPort['listChangedOrders']>[0]> = {}) {
  const marks: (string | null)[] = [];
  const orders: AmazonOrder[] = [];
  for await (const o of port.listChangedOrders({ marketplaceIds, lastUpdatedAfter: iso(after), onPage: (p) => marks.push(p.lastUpdatedBefore), ...extra })) orders.push(o);
  return { orders, marks };
}

beforeAll(async () => {
  sandbox = await startFastSandbox({ seed: 11 });
  const now = sandbox.clock.now();
  generated = sandbox.control.generateOrders({ count: 320, from: now - 12 * DAY, to: now - 6 * DAY, marketplaces: ['US', 'CA'] });
});

afterEach(() => expect(sandbox.control.modelViolations()).toEqual([]));

afterAll(async () => {
  adapters.forEach((a) => a.close());
  await sandbox.close();
});

describe.each(['2026-01-01', 'v0'] as const)('Orders API %s', (version) => {
  it('lists every changed order across several pages, with the high-water mark', async () => {
    const port = adapter(version);
    const after = sandbox.clock.now() - 20 * DAY;
    const { orders, marks } = await collect(port, [US, CA], after);
    expect(marks.length).toBeGreaterThanOrEqual(4);
    expect(orders.map((o) => o.ref).sort()).toEqual(generated.map((o) => o.ref).sort());
    // Amazon's LastUpdatedBefore: the same on every page, at least two minutes old.
    expect(new Set(marks).size).toBe(1);
    expect(Date.parse(marks[0]!)).toBeLessThanOrEqual(sandbox.clock.now() - 120_000);
    for (const o of orders) expect(o).toEqual(sandbox.control.order(o.ref));
  });

  it('filters by fulfilment channel and status', async () => {
    const port = adapter(version);
    const { orders } = await collect(port, [US], sandbox.clock.now() - 20 * DAY, { fulfillmentChannels: ['FBA'], statuses: ['Shipped'] });
    const expected = generated.filter((o) => o.marketplaceId === US && o.channel === 'FBA' && sandbox.control.order(o.ref).status === 'Shipped');
    expect(expected.length).toBeGreaterThan(0);
    expect(orders.map((o) => o.ref).sort()).toEqual(expected.map((o) => o.ref).sort());
  });

  it('gets one order, and null for a reference Amazon does not know', async () => {
    const port = adapter(version);
    const ref = generated.find((o) => o.items.length > 1)!.ref;
    expect(await port.getOrder(ref)).toEqual(sandbox.control.order(ref));
    expect(await port.getOrder('111-0000000-0000000')).toBeNull();
  });

  it('sees an order again after Amazon changes its status, from the previous high-water mark', async () => {
    const port = adapter(version);
    const first = await collect(port, [US, CA], sandbox.clock.now() - 20 * DAY);
    const mark = Date.parse(first.marks[first.marks.length - 1]!);
    const target = generated.find((o) => sandbox.control.order(o.ref).status === 'Unshipped')!;
    sandbox.control.setStatus(target.ref, 'Canceled');
    sandbox.control.advanceClock(180);
    const next = await collect(port, [US, CA], mark);
    expect(next.orders.map((o) => o.ref)).toEqual([target.ref]);
    expect(next.orders[0]!.status).toBe('Canceled');
  });

  it('answers a LastUpdatedBefore less than two minutes old with Amazon\'s 400', async () => {
    const port = adapter(version);
    const err = await collect(port, [US], sandbox.clock.now() - DAY, { lastUpdatedBefore: iso(sandbox.clock.now()) }).catch((e) => e);
    expect(err).toBeInstanceOf(SpApiError);
    expect(err).toMatchObject({ status: 400, code: 'InvalidInput', retryable: false });
  });

  it('refuses a marketplace of another region', async () => {
    const port = adapter(version, 'eu');
    const err = await collect(port, [US], sandbox.clock.now() - DAY).catch((e) => e);
    expect(err).toMatchObject({ status: 400, code: 'InvalidInput' });
  });
});

it('v0 reads buyer name and address through restricted data tokens', async () => {
  const port = adapter('v0');
  const token = await port.createRestrictedDataToken([{ method: 'GET', path: '/orders/v0/orders/{orderId}', dataElements: ['buyerInfo', 'shippingAddress'] }]);
  expect(token.token).toMatch(/^Atz\.sprdt\|/);
  expect(token.expiresInSeconds).toBe(3600);
  const named = generated.find((o) => o.buyer.name && o.channel === 'FBM')!;
  const o = await port.getOrder(named.ref);
  expect(o!.buyer.name).toBe(named.buyer.name);
  expect(o!.shippingAddress!.addressLine1).toBe(named.shippingAddress!.addressLine1);
});

it('v0 pages through the items of an order with more than one page of them', async () => {
  const many = Array.from({ length: 65 }, (_, k) => ({ ref: `${70000000000000 + k}`, sku: `SKU-${k}`, quantityOrdered: 1 + (k % 3) }));
  const [seeded] = sandbox.control.seedOrders([{ ref: '111-6500000-0000065', marketplaceId: US, items: many }]);
  const events: string[] = [];
  const port = sandboxAdapter(sandbox, { ordersApiVersion: 'v0', sellerId: 'ITEMS', onRequest: (e) => events.push(e.operation) });
  adapters.push(port);
  const got = await port.getOrder(seeded!.ref);
  expect(got!.items.map((i) => [i.ref, i.quantityOrdered])).toEqual(many.map((i) => [i.ref, i.quantityOrdered]));
  expect(events.filter((e) => e === 'ordersV0.getOrderItems')).toHaveLength(3); // 30 + 30 + 5
});

it('v0 renews the restricted data token before it expires', async () => {
  const events: string[] = [];
  const port = sandboxAdapter(sandbox, { ordersApiVersion: 'v0', sellerId: 'RDT', onRequest: (e) => events.push(`${e.operation}:${e.status}`) });
  adapters.push(port);
  const ref = generated.find((o) => o.buyer.name)!.ref;
  await port.getOrder(ref);
  sandbox.control.advanceClock(3400); // inside the five-minute margin of the one-hour token
  expect((await port.getOrder(ref))!.buyer.name).toBe(sandbox.control.order(ref).buyer.name);
  expect(events.filter((e) => e.startsWith('tokens.createRestrictedDataToken'))).toEqual(['tokens.createRestrictedDataToken:200', 'tokens.createRestrictedDataToken:200']);
  expect(events.some((e) => e.endsWith(':403'))).toBe(false);
});

it('reproduces the static examples of the models through the sandbox', async () => {
  const { loadModels } = await import('../../addons/sale_amazon/sandbox/models');
  const { map2026Order } = await import('../../addons/sale_amazon/sp_api/map_orders_2026');
  const models = loadModels();
  const examples = models.operation('orders2026.searchOrders').raw.responses['200']['x-amzn-api-sandbox'].static;
  const jp = map2026Order(examples[0].response.orders[0]);
  // Seed the example order (in the FE region, where Amazon.co.jp lives) and read it back with both APIs.
  sandbox.control.seedOrders([{ ...jp, items: jp.items }]);
  for (const version of ['2026-01-01', 'v0'] as const) {
    const got = await adapter(version, 'fe').getOrder(jp.ref);
    expect(got).toEqual({ ...jp, shippingAddress: { ...jp.shippingAddress!, phone: null } });
  }
});
