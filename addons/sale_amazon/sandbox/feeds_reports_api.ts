/**
 * Feeds and Reports 2021-06-30 of the sandbox, and the pre-signed document host they hand out.
 * Feeds and reports are processed after a delay (Amazon time); an order fulfillment feed confirms
 * shipments like confirmShipment does and reports per-message errors in its result document.
 */
import * as zlib from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { iso } from '../sp_api/clock';
import { marketplace } from '../sp_api/marketplaces';
import { ApiFailure, type ApiRequest, type ApiResponse, dateParam, invalidInput } from './api_context';
import { fmt } from './money';
import { shipmentProblem } from './orders_api';
import type { SandboxDocument, SandboxFeed, SandboxReport, SandboxState } from './state';

const URL_LIFETIME_MS = 5 * 60_000;
const FEED_QUEUE_MS = 30_000;
const FEED_PROCESSING_MS = 90_000;
const REPORT_PROCESSING_MS = 60_000;

export const SUPPORTED_FEED_TYPES = ['POST_ORDER_FULFILLMENT_DATA'];
export const SUPPORTED_REPORT_TYPES = ['GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL', 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_ORDER_DATE_GENERAL'];

function uuid(state: SandboxState): string {
  const n = state.nextId().padStart(12, '0');
  return `0356cf79-b8b0-4226-b4b9-${n.slice(-12)}`;
}

export function documentUrl(host: string, doc: SandboxDocument): string {
  return `https://${host}/${doc.kind}/${doc.id}?X-Amz-Expires=300&X-Amz-Date=${iso(doc.expiresAt - URL_LIFETIME_MS).replace(/[-:]/g, '')}`;
}

function checkMarketplaceIds(ids: string[], req: ApiRequest): void {
  const wrong = ids.filter((id) => marketplace(id)?.region !== req.region);
  if (wrong.length) throw invalidInput(`Invalid marketplaceIds for this region: ${wrong.join(', ')}.`);
}

/* ---------- Feeds ---------- */

export function createFeedDocument(req: ApiRequest): ApiResponse {
  const doc: SandboxDocument = { id: uuid(req.state), kind: 'feed-input', contentType: req.body.contentType, content: null, gzip: false, expiresAt: req.now + URL_LIFETIME_MS };
  req.state.documents.set(doc.id, doc);
  return { status: 201, body: { feedDocumentId: doc.id, url: documentUrl(req.documentsHost, doc) } };
}

export function createFeed(req: ApiRequest): ApiResponse {
  const b = req.body as { feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string; feedOptions?: Record<string, string> };
  checkMarketplaceIds(b.marketplaceIds, req);
  const doc = req.state.documents.get(b.inputFeedDocumentId);
  if (!doc || doc.kind !== 'feed-input') throw invalidInput(`Feed document ${b.inputFeedDocumentId} does not exist.`);
  if (!doc.content) throw invalidInput(`Feed document ${b.inputFeedDocumentId} has no content: upload it to its url first.`);
  const feed: SandboxFeed = {
    feedId: req.state.nextId('5000'), feedType: b.feedType, marketplaceIds: b.marketplaceIds, inputFeedDocumentId: doc.id,
    feedOptions: b.feedOptions ?? null, createdAt: req.now, startAt: req.now + FEED_QUEUE_MS,
    doneAt: req.now + FEED_QUEUE_MS + FEED_PROCESSING_MS, status: 'IN_QUEUE', resultFeedDocumentId: null, results: [], messagesProcessed: 0,
  };
  req.state.feeds.set(feed.feedId, feed);
  return { status: 202, body: { feedId: feed.feedId } };
}

function feedJson(f: SandboxFeed): Record<string, unknown> {
  return {
    feedId: f.feedId, feedType: f.feedType, marketplaceIds: f.marketplaceIds, createdTime: iso(f.createdAt), processingStatus: f.status,
    ...(f.status !== 'IN_QUEUE' ? { processingStartTime: iso(f.startAt) } : {}),
    ...(f.status === 'DONE' || f.status === 'FATAL' ? { processingEndTime: iso(f.doneAt) } : {}),
    ...(f.resultFeedDocumentId ? { resultFeedDocumentId: f.resultFeedDocumentId } : {}),
  };
}

export function getFeed(req: ApiRequest): ApiResponse {
  const feed = req.state.feeds.get(req.params.feedId);
  if (!feed) throw new ApiFailure(404, 'NotFound', `Feed ${req.params.feedId} not found.`);
  return { status: 200, body: feedJson(feed) };
}

export function getFeedDocument(req: ApiRequest): ApiResponse {
  const doc = req.state.documents.get(req.params.feedDocumentId);
  if (!doc || doc.kind !== 'feed-result') throw new ApiFailure(404, 'NotFound', `Feed document ${req.params.feedDocumentId} not found.`);
  doc.expiresAt = req.now + URL_LIFETIME_MS;
  return { status: 200, body: { feedDocumentId: doc.id, url: documentUrl(req.documentsHost, doc), ...(doc.gzip ? { compressionAlgorithm: 'GZIP' } : {}) } };
}

/** Moves feeds along their life cycle; processing happens when a feed reaches its done time. */
export function advanceFeeds(state: SandboxState, now: number, sellerId: string): void {
  for (const feed of state.feeds.values()) {
    if (feed.status === 'IN_QUEUE' && now >= feed.startAt) feed.status = 'IN_PROGRESS';
    if (feed.status === 'IN_PROGRESS' && now >= feed.doneAt) processFeed(state, feed, sellerId);
  }
}

const xml = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => ['Message', 'Item'].includes(name) });

function processFeed(state: SandboxState, feed: SandboxFeed, sellerId: string): void {
  const input = state.documents.get(feed.inputFeedDocumentId)!;
  const text = input.content!.toString('utf8');
  let report: string;
  if (!SUPPORTED_FEED_TYPES.includes(feed.feedType)) {
    feed.status = 'FATAL';
    report = processingReport(sellerId, feed, 0, [{ messageId: '0', code: 'Error', messageCode: '90001', description: `The sandbox does not process ${feed.feedType} feeds.`, orderRef: null }]);
  } else {
    let parsed: any;
    try {
      parsed = xml.parse(text, true);
    } catch (e) {
      parsed = null;
    }
    const envelope = parsed?.AmazonEnvelope;
    if (!envelope || envelope.MessageType !== 'OrderFulfillment' || !Array.isArray(envelope.Message)) {
      feed.status = 'FATAL';
      report = processingReport(sellerId, feed, 0, [{ messageId: '0', code: 'Error', messageCode: '5001', description: 'XML parsing error: the document is not an AmazonEnvelope of MessageType OrderFulfillment.', orderRef: null }]);
    } else {
      for (const message of envelope.Message as any[]) applyFulfillmentMessage(state, feed, message, feed.doneAt);
      feed.messagesProcessed = envelope.Message.length;
      feed.status = 'DONE';
      report = processingReport(sellerId, feed, feed.messagesProcessed, feed.results);
    }
  }
  // Result documents come GZIP-compressed, as Amazon may send them.
  const doc: SandboxDocument = { id: uuid(state), kind: 'feed-result', contentType: 'text/xml; charset=UTF-8', content: zlib.gzipSync(Buffer.from(report, 'utf8')), gzip: true, expiresAt: feed.doneAt + URL_LIFETIME_MS };
  state.documents.set(doc.id, doc);
  feed.resultFeedDocumentId = doc.id;
}

function applyFulfillmentMessage(state: SandboxState, feed: SandboxFeed, message: any, at: number): void {
  const messageId = String(message.MessageID ?? '');
  const f = message.OrderFulfillment;
  const fail = (description: string, orderRef: string | null, messageCode = '18028'): void => {
    feed.results.push({ messageId, code: 'Error', messageCode, description, orderRef });
  };
  if (!/^[1-9]\d*$/.test(messageId)) return fail('MessageID must be a positive integer.', null, '8001');
  if (!f || !f.AmazonOrderID) return fail('OrderFulfillment needs an AmazonOrderID.', null, '8001');
  const ref = String(f.AmazonOrderID);
  if (!f.FulfillmentDate || Number.isNaN(Date.parse(f.FulfillmentDate))) return fail('FulfillmentDate is missing or not a dateTime.', ref, '8001');
  const o = state.orders.get(ref);
  if (o && !feed.marketplaceIds.includes(o.order.marketplaceId)) return fail(`Order ${ref} is not in the feed's marketplaces.`, ref);
  const data = f.FulfillmentData ?? {};
  const items = (f.Item ?? []).map((i: any) => ({ orderItemId: String(i.AmazonOrderItemCode ?? ''), quantity: i.Quantity === undefined ? NaN : Number(i.Quantity) }));
  // Without Item elements the whole remaining order ships.
  const lines = items.length > 0 ? items.map((l: { orderItemId: string; quantity: number }) => {
    if (!Number.isNaN(l.quantity)) return l;
    const item = o?.order.items.find((i) => i.ref === l.orderItemId);
    return { ...l, quantity: item ? item.quantityOrdered - item.quantityShipped : 1 };
  }) : (o?.order.items ?? []).filter((i) => i.quantityShipped < i.quantityOrdered).map((i) => ({ orderItemId: i.ref, quantity: i.quantityOrdered - i.quantityShipped }));
  const pkg = {
    packageReferenceId: String(f.MerchantFulfillmentID ?? `${feed.feedId}${messageId}`),
    carrierCode: data.CarrierCode ? String(data.CarrierCode) : '',
    carrierName: data.CarrierName ? String(data.CarrierName) : null,
    shippingMethod: data.ShippingMethod ? String(data.ShippingMethod) : null,
    trackingNumber: data.ShipperTrackingNumber ? String(data.ShipperTrackingNumber) : '',
    shipDate: String(f.FulfillmentDate),
    items: lines,
  };
  const problem = shipmentProblem(o, pkg, { carrierCodeRequired: false });
  if (problem) return fail(problem, ref);
  state.applyPackage(o!, { ...pkg, via: 'feed', at: iso(at) }, at);
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function processingReport(sellerId: string, feed: SandboxFeed, processed: number, results: SandboxFeed['results']): string {
  const errors = new Set(results.filter((r) => r.code === 'Error').map((r) => r.messageId)).size;
  const resultXml = results.map((r) => `
      <Result>
        <MessageID>${escapeXml(r.messageId)}</MessageID>
        <ResultCode>${r.code}</ResultCode>
        <ResultMessageCode>${r.messageCode}</ResultMessageCode>
        <ResultDescription>${escapeXml(r.description)}</ResultDescription>${r.orderRef ? `
        <AdditionalInfo><AmazonOrderID>${escapeXml(r.orderRef)}</AmazonOrderID></AdditionalInfo>` : ''}
      </Result>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
  <Header><DocumentVersion>1.02</DocumentVersion><MerchantIdentifier>${escapeXml(sellerId)}</MerchantIdentifier></Header>
  <MessageType>ProcessingReport</MessageType>
  <Message>
    <MessageID>1</MessageID>
    <ProcessingReport>
      <DocumentTransactionID>${feed.feedId}</DocumentTransactionID>
      <StatusCode>Complete</StatusCode>
      <ProcessingSummary>
        <MessagesProcessed>${processed}</MessagesProcessed>
        <MessagesSuccessful>${Math.max(0, processed - errors)}</MessagesSuccessful>
        <MessagesWithError>${errors}</MessagesWithError>
        <MessagesWithWarning>0</MessagesWithWarning>
      </ProcessingSummary>${resultXml}
    </ProcessingReport>
  </Message>
</AmazonEnvelope>
`;
}

/* ---------- Reports ---------- */

export function createReport(req: ApiRequest): ApiResponse {
  const b = req.body as { reportType: string; marketplaceIds: string[]; dataStartTime?: string; dataEndTime?: string };
  checkMarketplaceIds(b.marketplaceIds, req);
  const start = dateParam(b.dataStartTime, 'dataStartTime');
  const end = dateParam(b.dataEndTime, 'dataEndTime');
  if (end !== undefined && end > req.now) throw invalidInput('dataEndTime must be prior to or equal to the current date and time.');
  if (start !== undefined && end !== undefined && end < start) throw invalidInput('dataEndTime must be after dataStartTime.');
  const report: SandboxReport = {
    reportId: req.state.nextId('7000'), reportType: b.reportType, marketplaceIds: b.marketplaceIds,
    dataStartTime: b.dataStartTime ?? null, dataEndTime: b.dataEndTime ?? null, createdAt: req.now,
    startAt: req.now + 10_000, doneAt: req.now + REPORT_PROCESSING_MS, status: 'IN_QUEUE', reportDocumentId: null,
  };
  req.state.reports.set(report.reportId, report);
  return { status: 202, body: { reportId: report.reportId } };
}

export function getReport(req: ApiRequest): ApiResponse {
  const r = req.state.reports.get(req.params.reportId);
  if (!r) throw new ApiFailure(404, 'NotFound', `Report ${req.params.reportId} not found.`);
  return {
    status: 200,
    body: {
      reportId: r.reportId, reportType: r.reportType, marketplaceIds: r.marketplaceIds, createdTime: iso(r.createdAt), processingStatus: r.status,
      ...(r.dataStartTime ? { dataStartTime: r.dataStartTime } : {}), ...(r.dataEndTime ? { dataEndTime: r.dataEndTime } : {}),
      ...(r.status !== 'IN_QUEUE' ? { processingStartTime: iso(r.startAt) } : {}),
      ...(r.status === 'DONE' || r.status === 'FATAL' ? { processingEndTime: iso(r.doneAt) } : {}),
      ...(r.reportDocumentId ? { reportDocumentId: r.reportDocumentId } : {}),
    },
  };
}

export function getReportDocument(req: ApiRequest): ApiResponse {
  const doc = req.state.documents.get(req.params.reportDocumentId);
  if (!doc || doc.kind !== 'report') throw new ApiFailure(404, 'NotFound', `Report document ${req.params.reportDocumentId} not found.`);
  doc.expiresAt = req.now + URL_LIFETIME_MS;
  return { status: 200, body: { reportDocumentId: doc.id, url: documentUrl(req.documentsHost, doc), ...(doc.gzip ? { compressionAlgorithm: 'GZIP' } : {}) } };
}

export function advanceReports(state: SandboxState, now: number): void {
  for (const r of state.reports.values()) {
    if (r.status === 'IN_QUEUE' && now >= r.startAt) r.status = 'IN_PROGRESS';
    if (r.status !== 'IN_PROGRESS' || now < r.doneAt) continue;
    if (!SUPPORTED_REPORT_TYPES.includes(r.reportType)) {
      r.status = 'FATAL';
      continue;
    }
    const doc: SandboxDocument = { id: uuid(state), kind: 'report', contentType: 'text/tab-separated-values; charset=UTF-8', content: Buffer.from(ordersReport(state, r), 'utf8'), gzip: false, expiresAt: r.doneAt + URL_LIFETIME_MS };
    state.documents.set(doc.id, doc);
    r.reportDocumentId = doc.id;
    r.status = 'DONE';
  }
}

const REPORT_COLUMNS = ['amazon-order-id', 'merchant-order-id', 'purchase-date', 'last-updated-date', 'order-status', 'fulfillment-channel', 'sales-channel', 'sku', 'asin', 'product-name', 'quantity', 'currency', 'item-price', 'item-tax', 'shipping-price', 'shipping-tax', 'gift-wrap-price', 'gift-wrap-tax', 'item-promotion-discount', 'ship-promotion-discount', 'ship-city', 'ship-state', 'ship-postal-code', 'ship-country', 'is-business-order'];

/** The flat-file orders report: one row per order item, tab-separated, as Amazon lays it out. */
function ordersReport(state: SandboxState, r: SandboxReport): string {
  const byUpdate = r.reportType.includes('LAST_UPDATE');
  const from = r.dataStartTime ? Date.parse(r.dataStartTime) : r.createdAt - 30 * 86400_000;
  const to = r.dataEndTime ? Date.parse(r.dataEndTime) : r.createdAt;
  const clean = (v: string | null | undefined) => (v ?? '').replace(/[\t\r\n]/g, ' ');
  const rows = [REPORT_COLUMNS.join('\t')];
  for (const { order: o, sellerOrderId } of state.orders.values()) {
    const t = Date.parse(byUpdate ? o.lastUpdateDate : o.purchaseDate);
    if (t < from || t > to || !r.marketplaceIds.includes(o.marketplaceId)) continue;
    const cur = o.currency ?? '';
    const money = (v: number) => (cur ? fmt(v, cur) : '');
    for (const i of o.items) {
      rows.push([
        o.ref, sellerOrderId ?? '', o.purchaseDate, o.lastUpdateDate, o.status, o.channel === 'FBA' ? 'Amazon' : 'Merchant',
        marketplace(o.marketplaceId)?.name ?? '', clean(i.sku), clean(i.asin), clean(i.title), String(i.quantityOrdered), cur,
        money(i.itemPrice), money(i.itemTax), money(i.shippingPrice), money(i.shippingTax), money(i.giftWrapPrice), money(i.giftWrapTax),
        money(-i.promotionDiscount), money(-i.shippingDiscount), clean(o.shippingAddress?.city), clean(o.shippingAddress?.stateOrRegion),
        clean(o.shippingAddress?.postalCode), clean(o.shippingAddress?.countryCode), String(o.isBusinessOrder),
      ].map((v) => clean(v)).join('\t'));
    }
  }
  return rows.join('\n') + '\n';
}
