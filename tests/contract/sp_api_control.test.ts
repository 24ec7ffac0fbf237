/** The sandbox's HTTP control API, AMAZON_SP_API_ENDPOINT, and the Orders v0 examples reproduced. */
import { createSpApiAdapter } from '../../addons/sale_amazon/sp_api/adapter';
import { mapV0Order } from '../../addons/sale_amazon/sp_api/map_orders_v0';
import { loadModels } from '../../addons/sale_amazon/sandbox/models';
import { type Sandbox, sandboxAdapter, startFastSandbox } from '../support/sandbox';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startFastSandbox({ seed: 21 });
});
afterEach(() => expect(sandbox.control.modelViolations()).toEqual([]));
afterAll(() => sandbox.close());

async function control(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sandbox.url}/_sandbox${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  expect(res.ok).toBe(true);
  return res.json();
}

it('is driven over HTTP by another process: generate, change status, advance the clock, inject faults', async () => {
  const info = await control('GET', '/info');
  expect(info.credentials).toEqual(sandbox.credentials);
  const { orders } = await control('POST', '/orders/generate', { count: 5, marketplaces: ['DE'], from: Date.parse(info.now) - 86400_000, to: Date.parse(info.now) - 3600_000 });
  expect(orders).toHaveLength(5);
  const ref = orders[0].ref;
  expect((await control('POST', `/orders/${ref}/status`, { status: 'Canceled' })).order.status).toBe('Canceled');
  expect((await control('GET', `/orders/${ref}`)).order.status).toBe('Canceled');
  const { now } = await control('POST', '/clock/advance', { seconds: 600 });
  expect(Date.parse(now) - Date.parse(info.now)).toBeGreaterThanOrEqual(600_000);
  await control('POST', '/faults', { type: 'error503', operation: 'orders2026.getOrder' });
  const port = sandboxAdapter(sandbox, { region: 'eu' });
  expect((await port.getOrder(ref))!.status).toBe('Canceled');
  port.close();
  expect((await control('GET', '/stats')).stats.byOperation['orders2026.getOrder']).toMatchObject({ errors: 1 });
  expect(await control('GET', '/confirmations')).toEqual({ confirmations: [] });
});

it('reaches the endpoint named by AMAZON_SP_API_ENDPOINT when the config names none', async () => {
  const saved = process.env.AMAZON_SP_API_ENDPOINT;
  process.env.AMAZON_SP_API_ENDPOINT = sandbox.url;
  try {
    const c = sandbox.credentials;
    const port = createSpApiAdapter({ sellerId: 'ENV', clientId: c.clientId, clientSecret: c.clientSecret, refreshToken: c.refreshToken, region: 'na', ordersApiVersion: 'v0', clock: sandbox.clock });
    expect((await port.getMarketplaceParticipations()).length).toBe(2);
    port.close();
  } finally {
    if (saved === undefined) delete process.env.AMAZON_SP_API_ENDPOINT;
    else process.env.AMAZON_SP_API_ENDPOINT = saved;
  }
});

it('serves the Orders v0 example order back identically through both Orders APIs', async () => {
  const m = loadModels();
  const order = m.operation('ordersV0.getOrders').raw.responses['200']['x-amzn-api-sandbox'].static[0].response.payload.Orders[0];
  const items = m.operation('ordersV0.getOrderItems').raw.responses['200']['x-amzn-api-sandbox'].static[0].response.payload.OrderItems;
  const expected = mapV0Order(order, items);
  sandbox.control.seedOrders([expected]);
  for (const version of ['v0', '2026-01-01'] as const) {
    const port = sandboxAdapter(sandbox, { ordersApiVersion: version, sellerId: `EX-${version}` });
    expect(await port.getOrder(expected.ref)).toEqual(expected);
    port.close();
  }
});
