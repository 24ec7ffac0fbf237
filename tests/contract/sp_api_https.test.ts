/** AMAZON_SP_API_ENDPOINT as an https URL: the sandbox's generated certificate, and only it, is trusted. */
import { iso } from '../../addons/sale_amazon/sp_api/clock';
import { matchCarrier } from '../../addons/sale_amazon/sp_api/carriers';
import { SpApiError } from '../../addons/sale_amazon/sp_api/errors';
import { makeSandboxCertificate } from '../../addons/sale_amazon/sandbox/certificate';
import type { SpApiPort } from '../../addons/sale_amazon/sp_api/port';
import { type Sandbox, sandboxAdapter, startFastSandbox } from '../support/sandbox';

const US = 'ATVPDKIKX0DER';
let sandbox: Sandbox;
const open: SpApiPort[] = [];

function port(overrides: Parameters<typeof sandboxAdapter>[1] = {}): SpApiPort {
  const p = sandboxAdapter(sandbox, { sellerId: `TLS${open.length}`, ...overrides });
  open.push(p);
  return p;
}

beforeAll(async () => {
  sandbox = await startFastSandbox({ seed: 3, https: true });
});
afterEach(() => expect(sandbox.control.modelViolations()).toEqual([]));
afterAll(async () => {
  open.forEach((p) => p.close());
  await sandbox.close();
});

it('serves https with a certificate made at start', () => {
  expect(sandbox.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  expect(sandbox.caCert).toMatch(/^-----BEGIN CERTIFICATE-----/);
});

it('carries token, API, 204 and document traffic over TLS when the adapter trusts the sandbox certificate', async () => {
  const p = port({ ordersApiVersion: 'v0' });
  const [o] = sandbox.control.seedOrders([{ ref: '111-7000000-0000001', marketplaceId: US, channel: 'FBM', status: 'Unshipped', items: [{ ref: '70000000000001', quantityOrdered: 1 }] }]);
  expect((await p.getOrder(o!.ref))!.ref).toBe(o!.ref);
  await p.confirmShipment({
    orderRef: o!.ref, marketplaceId: US, packageReferenceId: '1', ...matchCarrier('UPS'), trackingNumber: '1Z999AA10123456784',
    shipDate: iso(sandbox.clock.now() - 60_000), items: [{ orderItemId: '70000000000001', quantity: 1 }],
  });
  expect(sandbox.control.order(o!.ref).status).toBe('Shipped');
  const feedId = await p.submitFeed({ feedType: 'POST_ORDER_FULFILLMENT_DATA', marketplaceIds: [US], content: 'not xml', contentType: 'text/xml; charset=UTF-8' });
  sandbox.control.advanceClock(300);
  const feed = await p.getFeed(feedId);
  expect(await p.downloadDocument(await p.getFeedDocument(feed.resultFeedDocumentId!))).toContain('ProcessingReport');
  expect(sandbox.control.feeds().find((f) => f.feedId === feedId)!.content).toBe('not xml');
});

it('refuses the sandbox when the adapter trusts only the system CAs', async () => {
  const err = await port({ caCert: undefined, retryPolicy: { maxAttempts: 1 } }).getMarketplaceParticipations().catch((e) => e);
  expect(err).toBeInstanceOf(SpApiError);
  expect(err).toMatchObject({ operation: 'lwa.token', status: null });
  expect(err.code).toMatch(/SELF_SIGNED|CERT/);
});

it('refuses the sandbox when the adapter trusts another CA', async () => {
  const other = await makeSandboxCertificate();
  const err = await port({ caCert: other.cert, retryPolicy: { maxAttempts: 1 } }).getMarketplaceParticipations().catch((e) => e);
  expect(err).toBeInstanceOf(SpApiError);
  expect(err.code).toMatch(/SELF_SIGNED|CERT|SIGNATURE/);
});
