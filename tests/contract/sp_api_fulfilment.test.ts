/** Shipment confirmation, fulfilment feeds and reports, against the sandbox. */
import { iso } from '../../addons/sale_amazon/sp_api/clock';
import { SpApiError } from '../../addons/sale_amazon/sp_api/errors';
import { matchCarrier } from '../../addons/sale_amazon/sp_api/carriers';
import type { SpApiPort } from '../../addons/sale_amazon/sp_api/port';
import type { ShipmentConfirmation } from '../../addons/sale_amazon/sp_api/types';
import { type Sandbox, sandboxAdapter, startFastSandbox } from '../support/sandbox';

const US = 'ATVPDKIKX0DER';
let sandbox: Sandbox;
let port: SpApiPort;

beforeAll(async () => {
  // Ten times real time: fast enough for the usage plans here, slow enough that a loaded machine
  // cannot skip a feed's or report's IN_QUEUE state (10-30 Amazon seconds) between two calls.
  sandbox = await startFastSandbox({ seed: 5, timeScale: 10 });
  port = sandboxAdapter(sandbox, { ordersApiVersion: '2026-01-01' });
});
afterEach(() => expect(sandbox.control.modelViolations()).toEqual([]));
afterAll(async () => {
  port.close();
  await sandbox.close();
});

function seedFbm(ref: string, quantities: number[], extra: object = {}) {
  return sandbox.control.seedOrders([{
    ref, marketplaceId: US, channel: 'FBM', status: 'Unshipped',
    items: quantities.map((q, i) => ({ ref: `${ref.replace(/-/g, '')}${i}`, quantityOrdered: q, itemPrice: 10 * q })),
    ...extra,
  }])[0]!;
}

function confirmation(orderRef: string, items: { orderItemId: string; quantity: number }[], extra: Partial<ShipmentConfirmation> = {}): ShipmentConfirmation {
  return {
    orderRef, marketplaceId: US, packageReferenceId: '1', ...matchCarrier('UPS'), trackingNumber: '1Z999AA10123456784',
    shipDate: iso(sandbox.clock.now() - 3600_000), items, ...extra,
  };
}

describe('confirmShipment', () => {
  it('ships part of an order, then the rest: PartiallyShipped, then Shipped', async () => {
    const o = seedFbm('111-0000001-0000001', [2, 1]);
    await port.confirmShipment(confirmation(o.ref, [{ orderItemId: o.items[0]!.ref, quantity: 1 }]));
    expect((await port.getOrder(o.ref))!.status).toBe('PartiallyShipped');
    await port.confirmShipment(confirmation(o.ref, [{ orderItemId: o.items[0]!.ref, quantity: 1 }, { orderItemId: o.items[1]!.ref, quantity: 1 }], { packageReferenceId: '2', ...matchCarrier('Bob\'s Vans') }));
    const after = (await port.getOrder(o.ref))!;
    expect(after.status).toBe('Shipped');
    expect(after.items.map((i) => i.quantityShipped)).toEqual([2, 1]);
    const sent = sandbox.control.confirmations().filter((c) => c.orderRef === o.ref);
    expect(sent.map((c) => [c.package.carrierCode, c.package.carrierName])).toEqual([['UPS', null], ['Other', 'Bob\'s Vans']]);
  });

  const refused: [string, (ref: string, item: string) => ShipmentConfirmation][] = [
    ['an over-shipped quantity', (ref, item) => confirmation(ref, [{ orderItemId: item, quantity: 3 }])],
    ['an item of another order', (ref) => confirmation(ref, [{ orderItemId: '99999999999999', quantity: 1 }])],
    ['a carrier code not on Amazon\'s list', (ref, item) => confirmation(ref, [{ orderItemId: item, quantity: 1 }], { carrierCode: 'Bob' })],
    ['Other without a carrier name', (ref, item) => confirmation(ref, [{ orderItemId: item, quantity: 1 }], { carrierCode: 'Other', carrierName: undefined })],
    ['an empty tracking number', (ref, item) => confirmation(ref, [{ orderItemId: item, quantity: 1 }], { trackingNumber: ' ' })],
    ['a non-numeric package reference', (ref, item) => confirmation(ref, [{ orderItemId: item, quantity: 1 }], { packageReferenceId: 'PKG-1' })],
    ['a ship date that is not ISO 8601', (ref, item) => confirmation(ref, [{ orderItemId: item, quantity: 1 }], { shipDate: '02/21/2022' })],
  ];
  it.each(refused)('refuses %s with a typed 400', async (_what, make) => {
    const o = seedFbm(`111-0000002-${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, [2]);
    const err = await port.confirmShipment(make(o.ref, o.items[0]!.ref)).catch((e) => e);
    expect(err).toBeInstanceOf(SpApiError);
    expect(err).toMatchObject({ operation: 'ordersV0.confirmShipment', status: 400, code: 'InvalidInput', retryable: false });
    expect(sandbox.control.order(o.ref).status).toBe('Unshipped');
  });

  it('refuses FBA orders, cancelled orders and unknown orders', async () => {
    const fba = sandbox.control.seedOrders([{ ref: '111-0000003-0000001', marketplaceId: US, channel: 'FBA', status: 'Unshipped' }])[0]!;
    const cancelled = seedFbm('111-0000003-0000002', [1], { status: 'Canceled' });
    for (const o of [fba, cancelled]) {
      await expect(port.confirmShipment(confirmation(o.ref, [{ orderItemId: o.items[0]!.ref, quantity: 1 }]))).rejects.toMatchObject({ status: 400 });
    }
    await expect(port.confirmShipment(confirmation('111-0000003-0000009', [{ orderItemId: '1', quantity: 1 }]))).rejects.toMatchObject({ status: 404 });
  });
});

describe('feeds', () => {
  it('processes an order fulfillment feed after a delay and reports per-message errors (GZIP result)', async () => {
    const good = seedFbm('111-0000004-0000001', [1]);
    const fba = sandbox.control.seedOrders([{ ref: '111-0000004-0000002', marketplaceId: US, channel: 'FBA', status: 'Shipped' }])[0]!;
    const message = (id: number, ref: string, item: string) => `
  <Message><MessageID>${id}</MessageID><OrderFulfillment>
    <AmazonOrderID>${ref}</AmazonOrderID><FulfillmentDate>${iso(sandbox.clock.now() - 60_000)}</FulfillmentDate>
    <FulfillmentData><CarrierName>DHL</CarrierName><ShipperTrackingNumber>JD0141</ShipperTrackingNumber></FulfillmentData>
    <Item><AmazonOrderItemCode>${item}</AmazonOrderItemCode><Quantity>1</Quantity></Item>
  </OrderFulfillment></Message>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header><DocumentVersion>1.01</DocumentVersion><MerchantIdentifier>${sandbox.credentials.sellerId}</MerchantIdentifier></Header>
  <MessageType>OrderFulfillment</MessageType>${message(1, good.ref, good.items[0]!.ref)}${message(2, fba.ref, fba.items[0]!.ref)}
</AmazonEnvelope>`;
    const feedId = await port.submitFeed({ feedType: 'POST_ORDER_FULFILLMENT_DATA', marketplaceIds: [US], content: xml, contentType: 'text/xml; charset=UTF-8' });
    expect((await port.getFeed(feedId)).processingStatus).toBe('IN_QUEUE');
    sandbox.control.advanceClock(60);
    expect((await port.getFeed(feedId)).processingStatus).toBe('IN_PROGRESS');
    sandbox.control.advanceClock(120);
    const feed = await port.getFeed(feedId);
    expect(feed).toMatchObject({ processingStatus: 'DONE', feedType: 'POST_ORDER_FULFILLMENT_DATA', marketplaceIds: [US] });
    const doc = await port.getFeedDocument(feed.resultFeedDocumentId!);
    expect(doc.compressionAlgorithm).toBe('GZIP');
    const report = await port.downloadDocument(doc);
    expect(report).toContain('<MessagesProcessed>2</MessagesProcessed>');
    expect(report).toContain('<MessagesWithError>1</MessagesWithError>');
    expect(report).toContain(`<AmazonOrderID>${fba.ref}</AmazonOrderID>`);
    expect(sandbox.control.order(good.ref).status).toBe('Shipped');
    expect(sandbox.control.feeds().find((f) => f.feedId === feedId)!.content).toBe(xml);
  });

  it('marks a feed that is not XML as FATAL', async () => {
    const feedId = await port.submitFeed({ feedType: 'POST_ORDER_FULFILLMENT_DATA', marketplaceIds: [US], content: 'not xml', contentType: 'text/xml; charset=UTF-8' });
    sandbox.control.advanceClock(300);
    const feed = await port.getFeed(feedId);
    expect(feed.processingStatus).toBe('FATAL');
    expect(await port.downloadDocument(await port.getFeedDocument(feed.resultFeedDocumentId!))).toContain('XML parsing error');
  });

  it('ends a feed type the sandbox does not process as FATAL, saying so in the result', async () => {
    const feedId = await port.submitFeed({ feedType: 'POST_PRODUCT_DATA', marketplaceIds: [US], content: '<AmazonEnvelope/>', contentType: 'text/xml; charset=UTF-8' });
    sandbox.control.advanceClock(300);
    const feed = await port.getFeed(feedId);
    expect(feed.processingStatus).toBe('FATAL');
    expect(await port.downloadDocument(await port.getFeedDocument(feed.resultFeedDocumentId!))).toContain('does not process POST_PRODUCT_DATA');
  });

  it('refuses to create a feed whose document was never uploaded', async () => {
    const doc = await port.createFeedDocument('text/xml; charset=UTF-8');
    await expect(port.createFeed({ feedType: 'POST_ORDER_FULFILLMENT_DATA', marketplaceIds: [US], inputFeedDocumentId: doc.documentId })).rejects.toMatchObject({ status: 400, code: 'InvalidInput' });
  });

  it('refuses an upload after the pre-signed URL expired (5 minutes)', async () => {
    const doc = await port.createFeedDocument('text/xml; charset=UTF-8');
    sandbox.control.advanceClock(301);
    await expect(port.uploadFeedDocument(doc, '<x/>', 'text/xml; charset=UTF-8')).rejects.toMatchObject({ operation: 'feeds.uploadDocument', code: 'AccessDenied', retryable: false });
  });
});

describe('reports', () => {
  it('creates, waits for and downloads an orders report', async () => {
    const now = sandbox.clock.now();
    const orders = sandbox.control.generateOrders({ count: 12, from: now - 3 * 86400_000, to: now - 86400_000, marketplaces: ['US'] });
    const reportId = await port.createReport({ reportType: 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL', marketplaceIds: [US], dataStartTime: iso(now - 4 * 86400_000) });
    expect((await port.getReport(reportId)).processingStatus).toBe('IN_QUEUE');
    sandbox.control.advanceClock(90);
    const report = await port.getReport(reportId);
    expect(report.processingStatus).toBe('DONE');
    const tsv = await port.downloadDocument(await port.getReportDocument(report.reportDocumentId!));
    const rows = tsv.trim().split('\n').map((l) => l.split('\t'));
    expect(rows[0]!.slice(0, 3)).toEqual(['amazon-order-id', 'merchant-order-id', 'purchase-date']);
    const ids = new Set(rows.slice(1).map((r) => r[0]));
    for (const o of orders) expect(ids.has(o.ref)).toBe(true);
  });

  it('marks a report type the sandbox cannot build as FATAL', async () => {
    const reportId = await port.createReport({ reportType: 'GET_MERCHANT_LISTINGS_ALL_DATA', marketplaceIds: [US] });
    sandbox.control.advanceClock(90);
    expect(await port.getReport(reportId)).toMatchObject({ processingStatus: 'FATAL', reportDocumentId: null });
  });
});
