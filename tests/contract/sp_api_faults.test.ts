/** Tokens, usage plans and injected faults: each recovered from, or surfaced as a typed error. */
import * as http from 'node:http';
import { iso } from '../../addons/sale_amazon/sp_api/clock';
import { SpApiError } from '../../addons/sale_amazon/sp_api/errors';
import type { RequestEvent } from '../../addons/sale_amazon/sp_api/transport';
import type { SpApiPort } from '../../addons/sale_amazon/sp_api/port';
import type { SpApiAdapterConfig } from '../../addons/sale_amazon/sp_api/adapter';
import { type Sandbox, sandboxAdapter, startFastSandbox } from '../support/sandbox';

let sandbox: Sandbox;
const open: SpApiPort[] = [];
let orderRef: string;
let accounts = 0;

function port(overrides: Partial<SpApiAdapterConfig> = {}, events?: RequestEvent[]): SpApiPort {
  // A fresh account each time, so that one test's pacing state does not leak into the next.
  const p = sandboxAdapter(sandbox, { sellerId: `A${++accounts}`, onRequest: events ? (e) => events.push(e) : undefined, ...overrides });
  open.push(p);
  return p;
}

beforeAll(async () => {
  sandbox = await startFastSandbox({ seed: 9 });
  orderRef = sandbox.control.seedOrders([{ ref: '111-1000000-0000001' }])[0]!.ref;
});
afterEach(() => {
  sandbox.control.clearFaults();
  expect(sandbox.control.modelViolations()).toEqual([]);
});
afterAll(async () => {
  open.forEach((p) => p.close());
  await sandbox.close();
});

describe('LWA', () => {
  it('reports wrong client credentials as a non-retryable invalid_client', async () => {
    const err = await port({ clientSecret: 'wrong' }).getOrder(orderRef).catch((e) => e);
    expect(err).toBeInstanceOf(SpApiError);
    expect(err).toMatchObject({ operation: 'lwa.token', code: 'invalid_client', retryable: false });
  });

  it('reports a revoked refresh token as a non-retryable invalid_grant', async () => {
    await expect(port({ refreshToken: 'Atzr|revoked' }).getOrder(orderRef)).rejects.toMatchObject({ operation: 'lwa.token', code: 'invalid_grant', retryable: false });
  });

  it('caches the access token and refreshes it when it expires', async () => {
    const events: RequestEvent[] = [];
    const p = port({}, events);
    await p.getOrder(orderRef);
    await p.getOrder(orderRef);
    expect(events.filter((e) => e.operation === 'lwa.token')).toHaveLength(1);
    // An hour later the sandbox refuses the token; the adapter (whose clock moved too) refreshes first.
    sandbox.control.advanceClock(3600);
    await p.getOrder(orderRef);
    expect(events.filter((e) => e.operation === 'lwa.token')).toHaveLength(2);
    expect(events.some((e) => e.status === 403)).toBe(false);
  });

  it('recovers when Amazon says the token expired before we expected', async () => {
    const events: RequestEvent[] = [];
    const p = port({}, events);
    await p.getOrder(orderRef);
    sandbox.control.injectFault({ type: 'expiredToken', operation: 'orders2026.getOrder' });
    expect(await p.getOrder(orderRef)).not.toBeNull();
    expect(events.map((e) => `${e.operation}:${e.status}`)).toEqual(['lwa.token:200', 'orders2026.getOrder:200', 'orders2026.getOrder:403', 'lwa.token:200', 'orders2026.getOrder:200']);
  });

  it('retries a failing token endpoint', async () => {
    sandbox.control.injectFault({ type: 'error503', operation: 'lwa.token', count: 2 });
    expect(await port().getOrder(orderRef)).not.toBeNull();
  });
});

describe('usage plans', () => {
  it('waits out a 429 storm and succeeds', async () => {
    const events: RequestEvent[] = [];
    sandbox.control.injectFault({ type: 'throttle', operation: 'orders2026.getOrder', count: 6 });
    expect(await port({}, events).getOrder(orderRef)).not.toBeNull();
    const calls = events.filter((e) => e.operation === 'orders2026.getOrder');
    expect(calls.map((e) => e.status)).toEqual([429, 429, 429, 429, 429, 429, 200]);
    // After a 429 the adapter waits for a token (0.5 per second on getOrder): at least 2 s between attempts.
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(1900);
  });

  it('gives up after its bound with a retryable QuotaExceeded', async () => {
    sandbox.control.injectFault({ type: 'throttle', operation: 'orders2026.getOrder', count: 100 });
    const err = await port({ retryPolicy: { maxThrottleRetries: 3 } }).getOrder(orderRef).catch((e) => e);
    expect(err).toMatchObject({ status: 429, code: 'QuotaExceeded', retryable: true, attempts: 4 });
  });

  it('never exceeds the sandbox\'s real usage plan: a burst and more pass without a 429', async () => {
    const events: RequestEvent[] = [];
    const p = port({}, events);
    sandbox.control.resetRateLimits();
    // getOrder: burst 30, 0.5/s. Forty calls at once: 30 at once, then one every 2 s.
    await Promise.all(Array.from({ length: 40 }, () => p.getOrder(orderRef)));
    const calls = events.filter((e) => e.operation === 'orders2026.getOrder');
    expect(calls.filter((e) => e.status === 429)).toEqual([]);
    expect(calls).toHaveLength(40);
    expect(calls[39]!.at - calls[0]!.at).toBeGreaterThanOrEqual(19_000);
  });
});

describe('server and network faults', () => {
  const recovered: [string, object][] = [
    ['a 500', { type: 'error500', count: 2 }],
    ['a 503', { type: 'error503', count: 2 }],
    ['a reset connection', { type: 'reset', count: 2 }],
    ['a timeout', { type: 'timeout', count: 1 }],
    ['a slow answer', { type: 'slow', delayMs: 100 }],
    ['a malformed JSON body', { type: 'malformed', count: 1 }],
  ];
  it.each(recovered)('recovers from %s', async (_what, fault) => {
    const events: RequestEvent[] = [];
    sandbox.control.injectFault({ operation: 'orders2026.getOrder', ...(fault as { type: 'error500' }) });
    const order = await port({ requestTimeoutMs: 300 }, events).getOrder(orderRef);
    expect(order?.ref).toBe(orderRef);
    expect(sandbox.control.pendingFaults()).toEqual([]);
  });

  it('backs off exponentially between 5xx retries', async () => {
    const events: RequestEvent[] = [];
    sandbox.control.injectFault({ type: 'error500', operation: 'orders2026.getOrder', count: 3 });
    await port({ retryPolicy: { baseDelayMs: 4000, maxDelayMs: 60_000 } }, events).getOrder(orderRef);
    const at = events.filter((e) => e.operation === 'orders2026.getOrder').map((e) => e.at);
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // Equal jitter: attempt n waits between half and all of base * 2^(n-1).
    expect(gaps[0]).toBeGreaterThanOrEqual(2000);
    expect(gaps[1]).toBeGreaterThanOrEqual(4000);
    expect(gaps[2]).toBeGreaterThanOrEqual(8000);
  });

  it('surfaces a persistent 500 as a retryable SpApiError after its bound', async () => {
    sandbox.control.injectFault({ type: 'error500', operation: 'orders2026.getOrder', count: 50 });
    const err = await port({ retryPolicy: { maxAttempts: 3 } }).getOrder(orderRef).catch((e) => e);
    expect(err).toMatchObject({ operation: 'orders2026.getOrder', status: 500, code: 'InternalFailure', retryable: true, attempts: 3 });
  });

  it('surfaces persistent resets as a retryable network error', async () => {
    sandbox.control.injectFault({ type: 'reset', operation: 'orders2026.getOrder', count: 50 });
    const err = await port({ retryPolicy: { maxAttempts: 2 } }).getOrder(orderRef).catch((e) => e);
    expect(err).toMatchObject({ operation: 'orders2026.getOrder', status: null, code: 'ECONNRESET', retryable: true });
  });

  it('surfaces requests that never get an answer as a retryable deadline error after its bound', async () => {
    sandbox.control.injectFault({ type: 'timeout', operation: 'orders2026.getOrder', count: 50 });
    const err = await port({ requestTimeoutMs: 100, retryPolicy: { maxAttempts: 2 } }).getOrder(orderRef).catch((e) => e);
    expect(err).toBeInstanceOf(SpApiError);
    expect(err).toMatchObject({ operation: 'orders2026.getOrder', status: null, code: 'API_DEADLINE_TIMEOUT', retryable: true, attempts: 2 });
  });

  it('surfaces persistently malformed JSON as a typed error after its bound', async () => {
    sandbox.control.injectFault({ type: 'malformed', operation: 'orders2026.getOrder', count: 50 });
    const err = await port({ retryPolicy: { maxAttempts: 2 } }).getOrder(orderRef).catch((e) => e);
    expect(err).toMatchObject({ operation: 'orders2026.getOrder', status: 200, code: 'JSON_PARSE_ERROR', retryable: true, attempts: 2 });
  });

  it('retries a failing document download', async () => {
    const p = port();
    const feedId = await p.submitFeed({ feedType: 'POST_ORDER_FULFILLMENT_DATA', marketplaceIds: ['ATVPDKIKX0DER'], content: 'x', contentType: 'text/xml; charset=UTF-8' });
    sandbox.control.advanceClock(300);
    const doc = await p.getFeedDocument((await p.getFeed(feedId)).resultFeedDocumentId!);
    sandbox.control.injectFault({ type: 'reset', operation: 'documents', count: 2 });
    expect(await p.downloadDocument(doc)).toContain('ProcessingReport');
  });
});

describe('page tokens Amazon stops accepting', () => {
  let listed: string[];
  beforeAll(() => {
    const now = sandbox.clock.now();
    listed = sandbox.control.generateOrders({ count: 250, from: now - 30 * 86400_000, to: now - 20 * 86400_000, marketplaces: ['CA'] }).map((o) => o.ref);
  });
  const list = async (p: SpApiPort) => {
    const refs: string[] = [];
    for await (const o of p.listChangedOrders({ marketplaceIds: ['A2EUQ1WTGCTBG2'], lastUpdatedAfter: iso(sandbox.clock.now() - 40 * 86400_000) })) refs.push(o.ref);
    return refs;
  };

  it.each([['2026-01-01', 'orders2026.searchOrders'], ['v0', 'ordersV0.getOrders']] as const)('lists every order once when Orders %s refuses a page token mid-way', async (version, operation) => {
    const events: RequestEvent[] = [];
    sandbox.control.injectFault({ type: 'expiredPageToken', operation });
    const refs = await list(port({ ordersApiVersion: version }, events));
    expect(sandbox.control.pendingFaults()).toEqual([]);
    expect(events.filter((e) => e.operation === operation).map((e) => e.status)).toEqual([200, 400, 200, 200, 200]);
    expect(refs).toHaveLength(listed.length);
    expect([...refs].sort()).toEqual([...listed].sort());
  });

  it('reports a page token refused every time as a typed, non-retryable error', async () => {
    sandbox.control.injectFault({ type: 'expiredPageToken', operation: 'orders2026.searchOrders', count: 10 });
    const err = await list(port()).catch((e) => e);
    expect(err).toBeInstanceOf(SpApiError);
    expect(err).toMatchObject({ operation: 'orders2026.searchOrders', status: 400, code: 'InvalidInput', retryable: false });
  });
});

describe('request validation by the sandbox', () => {
  function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const url = new URL(sandbox.url);
    return new Promise((resolve, reject) => {
      http.get({ host: url.hostname, port: url.port, path, headers: { host: 'sellingpartnerapi-na.amazon.com', ...headers } }, (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(b) }));
      }).on('error', reject);
    });
  }

  it('answers 403 without an access token, and 400 to a request the model does not allow', async () => {
    expect(await raw('/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2026-01-01T00%3A00%3A00Z')).toMatchObject({ status: 403, body: { errors: [{ code: 'Unauthorized' }] } });
    const p = port();
    await p.getOrder(orderRef); // gets a token through LWA; borrow it from the sandbox's point of view
    const token = await new Promise<string>((resolve, reject) => {
      const url = new URL(sandbox.url);
      const c = sandbox.credentials;
      const req = http.request({ host: url.hostname, port: url.port, path: '/auth/o2/token', method: 'POST', headers: { host: 'api.amazon.com', 'content-type': 'application/json' } }, (res) => {
        let b = '';
        res.on('data', (x) => (b += x));
        res.on('end', () => resolve(JSON.parse(b).access_token));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ grant_type: 'refresh_token', refresh_token: c.refreshToken, client_id: c.clientId, client_secret: c.clientSecret }));
    });
    const bad = await raw('/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&CreatedAfter=2026-01-01T00%3A00%3A00Z&MaxResultsPerPage=many&Colour=red', { 'x-amz-access-token': token });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].code).toBe('InvalidInput');
    expect(bad.body.errors[0].message).toMatch(/Colour/);
    // Without a restricted data token, PII stays hidden even for the seller's own orders.
    const anon = await raw(`/orders/v0/orders/${orderRef}`, { 'x-amz-access-token': token });
    expect(anon.status).toBe(200);
    expect(anon.body.payload.BuyerInfo).toBeUndefined();
    expect(anon.body.payload.ShippingAddress.AddressLine1).toBeUndefined();
  });
});
