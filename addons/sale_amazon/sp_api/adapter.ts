/**
 * The SP-API port over Amazon's Selling Partner API, through the `amazon-sp-api` client.
 * Requests go to Amazon, or to `AMAZON_SP_API_ENDPOINT` (the sandbox, a recorder, a proxy) when
 * it is set: every connection, token calls included, is redirected there by EndpointAgent.
 */
import { SellingPartner } from 'amazon-sp-api';
import { type Clock, systemClock } from './clock';
import { DeadlineAgent, EndpointAgent } from './endpoint_agent';
import { SpApiError } from './errors';
import { INCLUDED_DATA, map2026Order } from './map_orders_2026';
import { mapV0Order } from './map_orders_v0';
import type { SpApiPort } from './port';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { accountPacer, type Pacer } from './token_bucket';
import { type CallSpec, type RequestEvent, type SpApiLogger, type SpClient, Transport } from './transport';
import type {
  AmazonOrder, DocumentLocation, Feed, FinanceTransaction, FinanceTransactionBreakdown, FinancialAmount, FinancialEvent,
  FinancialEventGroup, ListChangedOrdersQuery, MarketplaceParticipation, Money, OrderPage, ProcessingStatus, Report,
  RestrictedDataToken, RestrictedResource, ShipmentConfirmation,
} from './types';
import { USAGE_PLANS, type UsagePlan } from './usage_plans';
import type {
  Breakdown2024, Currency2024, FinCurrency, FinEventGroup, FinShipmentEvent, FinShipmentItem, FinancialEvents, Order2026,
  SearchOrdersResponse2026, Transaction2024, V0Order, V0OrderItem, V0OrderItemsList, V0OrdersList, WireDocument, WireFeed,
  WireParticipation, WireReport,
} from './wire';

export interface SpApiAdapterConfig {
  sellerId: string;
  refreshToken: string;
  clientId: string;
  clientSecret: string;
  region: 'na' | 'eu' | 'fe';
  ordersApiVersion: '2026-01-01' | 'v0';
  /** http(s) URL of a server that stands in for Amazon; defaults to process.env.AMAZON_SP_API_ENDPOINT. */
  endpoint?: string;
  /** CA to trust for an https endpoint. */
  caCert?: string | Buffer;
  clock?: Clock;
  logger?: SpApiLogger;
  retryPolicy?: Partial<RetryPolicy>;
  /** Wall-clock ms to wait for a response before retrying (default 60 s, as the reference does). */
  requestTimeoutMs?: number;
  /** Usage plans to start from when a seller has its own (defaults: Amazon's published plans). */
  usagePlans?: Record<string, UsagePlan>;
  /** Observes every HTTP attempt (metrics, benchmark). */
  onRequest?: (event: RequestEvent) => void;
}

const ORDERS_PAGE = 100;
const PAGES_AHEAD = 2;
const RDT_MARGIN_MS = 5 * 60_000;

/** The restricted resources of the order import: PII of orders and of their items (gift messages). */
const ORDER_RDT_RESOURCES: RestrictedResource[] = [
  { method: 'GET', path: '/orders/v0/orders', dataElements: ['buyerInfo', 'shippingAddress'] },
  { method: 'GET', path: '/orders/v0/orders/{orderId}', dataElements: ['buyerInfo', 'shippingAddress'] },
  { method: 'GET', path: '/orders/v0/orders/{orderId}/orderItems', dataElements: ['buyerInfo'] },
];

export function createSpApiAdapter(config: SpApiAdapterConfig): SpApiPort {
  return new SpApiAdapter(config);
}

class SpApiAdapter implements SpApiPort {
  readonly ordersApiVersion: '2026-01-01' | 'v0';
  private readonly transport: Transport;
  private readonly pacer: Pacer;
  private readonly sp: SpClient;
  private readonly agent: DeadlineAgent;
  private readonly clock: Clock;
  private readonly logger?: SpApiLogger;
  private rdt: { token: string; expiresAt: number } | null = null;
  private rdtPending: Promise<string> | null = null;

  constructor(config: SpApiAdapterConfig) {
    this.ordersApiVersion = config.ordersApiVersion;
    this.clock = config.clock ?? systemClock;
    this.logger = config.logger;
    const endpoint = config.endpoint ?? process.env.AMAZON_SP_API_ENDPOINT;
    const timeoutMs = config.requestTimeoutMs ?? 60_000;
    // Always our agent, even to Amazon itself: it owns each request's deadline (see DeadlineAgent).
    this.agent = endpoint ? new EndpointAgent(endpoint, config.caCert, timeoutMs) : new DeadlineAgent(timeoutMs);
    this.sp = new SellingPartner({
      region: config.region,
      refresh_token: config.refreshToken,
      // Passed explicitly so that a developer's ~/.amzspapi/credentials is never read.
      credentials: { SELLING_PARTNER_APP_CLIENT_ID: config.clientId, SELLING_PARTNER_APP_CLIENT_SECRET: config.clientSecret },
      options: {
        https_proxy_agent: this.agent,
        auto_request_tokens: true,
        auto_request_throttled: false,
        retry_remote_timeout: false,
        debug_log: false,
      },
    } as never) as unknown as SpClient;
    this.pacer = accountPacer(`${config.sellerId}@${config.region}`, this.clock, { ...USAGE_PLANS, ...config.usagePlans });
    this.transport = new Transport(this.sp, this.pacer, this.clock, { ...DEFAULT_RETRY_POLICY, ...config.retryPolicy }, config.logger, config.onRequest);
  }

  close(): void {
    this.transport.close();
    this.agent.destroy();
  }

  /* ---------- Orders ---------- */

  listChangedOrderPages(query: ListChangedOrdersQuery): AsyncIterable<OrderPage> {
    return this.ordersApiVersion === 'v0' ? this.pagesV0(query) : this.pages2026(query);
  }

  canReadAhead(): boolean {
    return this.pacer.bucket(this.ordersApiVersion === 'v0' ? 'ordersV0.getOrders' : 'orders2026.searchOrders').plentiful;
  }

  async *listChangedOrders(query: ListChangedOrdersQuery): AsyncIterable<AmazonOrder> {
    for await (const page of this.listChangedOrderPages(query)) {
      query.onPage?.({ lastUpdatedBefore: page.lastUpdatedBefore, count: page.orders.length });
      yield* page.orders;
    }
  }

  async getOrder(orderRef: string): Promise<AmazonOrder | null> {
    try {
      if (this.ordersApiVersion === '2026-01-01') {
        const res = await this.call<{ order: Order2026 }>({
          operation: 'orders2026.getOrder', clientOperation: 'orders.getOrder', version: '2026-01-01',
          path: { orderId: orderRef }, query: { includedData: [...INCLUDED_DATA] },
        });
        return map2026Order(res.order);
      }
      const [order, items] = await Promise.all([
        this.call<{ payload: V0Order }>({
          operation: 'ordersV0.getOrder', clientOperation: 'orders.getOrder', version: 'v0', path: { orderId: orderRef },
          restrictedDataToken: (renew) => this.orderRdt(renew),
        }),
        this.orderItemsV0(orderRef),
      ]);
      return mapV0Order(order.payload, items);
    } catch (e) {
      if (e instanceof SpApiError && e.status === 404) return null;
      throw e;
    }
  }

  async confirmShipment(c: ShipmentConfirmation): Promise<void> {
    await this.call({
      operation: 'ordersV0.confirmShipment', clientOperation: 'orders.confirmShipment', version: 'v0', path: { orderId: c.orderRef },
      body: {
        marketplaceId: c.marketplaceId,
        packageDetail: {
          packageReferenceId: c.packageReferenceId,
          carrierCode: c.carrierCode,
          ...(c.carrierName ? { carrierName: c.carrierName } : {}),
          ...(c.shippingMethod ? { shippingMethod: c.shippingMethod } : {}),
          trackingNumber: c.trackingNumber,
          shipDate: c.shipDate,
          orderItems: c.items.map((i) => ({ orderItemId: i.orderItemId, quantity: i.quantity })),
        },
      },
    });
  }

  private async *pagesV0(q: ListChangedOrdersQuery): AsyncIterable<OrderPage> {
    const query: Record<string, unknown> = {
      MarketplaceIds: q.marketplaceIds,
      LastUpdatedAfter: q.lastUpdatedAfter,
      MaxResultsPerPage: ORDERS_PAGE,
      ...(q.lastUpdatedBefore ? { LastUpdatedBefore: q.lastUpdatedBefore } : {}),
      ...(q.statuses?.length ? { OrderStatuses: q.statuses } : {}),
      ...(q.fulfillmentChannels?.length ? { FulfillmentChannels: q.fulfillmentChannels.map((c) => (c === 'FBA' ? 'AFN' : 'MFN')) } : {}),
    };
    const fetchPage = restartablePages<V0Order>(async (nextToken, pinnedBefore) => {
      const res = await this.call<{ payload: V0OrdersList }>({
        operation: 'ordersV0.getOrders', clientOperation: 'orders.getOrders', version: 'v0',
        query: nextToken ? { ...query, NextToken: nextToken } : pinnedBefore ? { ...query, LastUpdatedBefore: pinnedBefore } : query,
        restrictedDataToken: (renew) => this.orderRdt(renew),
      });
      const list = res.payload;
      return { token: list.NextToken || undefined, lastUpdatedBefore: list.LastUpdatedBefore ?? null, orders: list.Orders };
    }, (o) => o.AmazonOrderId, this.logger);
    const withItems = async (token?: string) => {
      const page = await fetchPage(token);
      // Items are requested as soon as the page arrives, so their bucket never idles while we wait.
      const items = page.orders.map((o) => this.orderItemsV0(o.AmazonOrderId));
      items.forEach((p) => p.catch(() => undefined));
      return { ...page, items };
    };
    yield* this.prefetched(withItems, async (page) => {
      const items = await Promise.all(page.items);
      return page.orders.map((o, i) => mapV0Order(o, items[i]!));
    });
  }

  private async *pages2026(q: ListChangedOrdersQuery): AsyncIterable<OrderPage> {
    const statuses: Record<string, string> = {
      PendingAvailability: 'PENDING_AVAILABILITY', Pending: 'PENDING', Unshipped: 'UNSHIPPED', PartiallyShipped: 'PARTIALLY_SHIPPED',
      Shipped: 'SHIPPED', Canceled: 'CANCELLED', Unfulfillable: 'UNFULFILLABLE',
    };
    const query: Record<string, unknown> = {
      marketplaceIds: q.marketplaceIds,
      lastUpdatedAfter: q.lastUpdatedAfter,
      maxResultsPerPage: ORDERS_PAGE,
      includedData: [...INCLUDED_DATA],
      ...(q.lastUpdatedBefore ? { lastUpdatedBefore: q.lastUpdatedBefore } : {}),
      ...(q.statuses?.length ? { fulfillmentStatuses: [...new Set(q.statuses.map((s) => statuses[s]).filter(Boolean))] } : {}),
      ...(q.fulfillmentChannels?.length ? { fulfilledBy: q.fulfillmentChannels.map((c) => (c === 'FBA' ? 'AMAZON' : 'MERCHANT')) } : {}),
    };
    const fetchPage = restartablePages<Order2026>(async (token, pinnedBefore) => {
      const res = await this.call<SearchOrdersResponse2026>({
        operation: 'orders2026.searchOrders', clientOperation: 'orders.searchOrders', version: '2026-01-01',
        query: token ? { ...query, paginationToken: token } : pinnedBefore ? { ...query, lastUpdatedBefore: pinnedBefore } : query,
      });
      return { token: res.pagination?.nextToken || undefined, lastUpdatedBefore: res.lastUpdatedBefore ?? null, orders: res.orders };
    }, (o) => o.orderId, this.logger);
    yield* this.prefetched(fetchPage, async (page) => page.orders.map(map2026Order));
  }

  /**
   * Walks the pages of a search, keeping up to PAGES_AHEAD pages in flight beyond the one being
   * consumed, so that the usage plan, not our own latency, sets the pace.
   */
  private async *prefetched<P extends { token?: string; lastUpdatedBefore: string | null }>(
    fetchPage: (token?: string) => Promise<P>,
    finish: (page: P) => Promise<AmazonOrder[]>,
  ): AsyncIterable<OrderPage> {
    // slots[i] settles with page i once it is fetched; page i+1 is launched as soon as page i
    // arrives, unless the consumer is PAGES_AHEAD pages behind.
    const slots: { promise: Promise<P>; resolve: (p: P) => void; reject: (e: unknown) => void }[] = [];
    const slot = (i: number) => {
      if (!slots[i]) {
        let resolve!: (p: P) => void, reject!: (e: unknown) => void;
        const promise = new Promise<P>((res, rej) => ((resolve = res), (reject = rej)));
        promise.catch(() => undefined);
        slots[i] = { promise, resolve, reject };
      }
      return slots[i]!;
    };
    let consumed = 0;
    let stopped = false;
    let wake: (() => void) | null = null;
    const launch = (token: string | undefined, index: number) => {
      fetchPage(token).then(async (page) => {
        slot(index).resolve(page);
        if (!page.token) return;
        while (!stopped && index + 1 - consumed > PAGES_AHEAD) await new Promise<void>((r) => (wake = r));
        if (!stopped) launch(page.token, index + 1);
      }, (e) => slot(index).reject(e));
    };
    const wakeUp = () => {
      const w = wake as (() => void) | null;
      wake = null;
      w?.();
    };
    launch(undefined, 0);
    try {
      for (let i = 0; ; i++) {
        const page = await slot(i).promise;
        const orders = await finish(page);
        consumed = i + 1;
        wakeUp();
        yield { orders, lastUpdatedBefore: page.lastUpdatedBefore, hasMore: !!page.token };
        if (!page.token) return;
      }
    } finally {
      stopped = true;
      wakeUp();
    }
  }

  private async orderItemsV0(orderRef: string): Promise<V0OrderItem[]> {
    const items: V0OrderItem[] = [];
    let token: string | undefined;
    do {
      const res = await this.call<{ payload: V0OrderItemsList }>({
        operation: 'ordersV0.getOrderItems', clientOperation: 'orders.getOrderItems', version: 'v0', path: { orderId: orderRef },
        ...(token ? { query: { NextToken: token } } : {}),
        restrictedDataToken: (renew) => this.orderRdt(renew),
      });
      items.push(...res.payload.OrderItems);
      token = res.payload.NextToken || undefined;
    } while (token);
    return items;
  }

  /** One restricted data token for the whole order import, renewed five minutes before it expires. */
  private orderRdt(renew: boolean): Promise<string> {
    if (renew) this.rdt = null;
    if (this.rdt && this.clock.now() < this.rdt.expiresAt - RDT_MARGIN_MS) return Promise.resolve(this.rdt.token);
    this.rdtPending ??= this.createRestrictedDataToken(ORDER_RDT_RESOURCES)
      .then((t) => {
        this.rdt = { token: t.token, expiresAt: this.clock.now() + t.expiresInSeconds * 1000 };
        return t.token;
      })
      .finally(() => (this.rdtPending = null));
    return this.rdtPending;
  }

  /* ---------- Sellers, tokens ---------- */

  async getMarketplaceParticipations(): Promise<MarketplaceParticipation[]> {
    const res = await this.call<{ payload: WireParticipation[] }>({
      operation: 'sellers.getMarketplaceParticipations', clientOperation: 'sellers.getMarketplaceParticipations', version: 'v1',
    });
    return res.payload.map((p) => ({
      marketplaceId: p.marketplace.id, name: p.marketplace.name, countryCode: p.marketplace.countryCode,
      defaultCurrency: p.marketplace.defaultCurrencyCode, defaultLanguage: p.marketplace.defaultLanguageCode,
      domainName: p.marketplace.domainName, isParticipating: p.participation.isParticipating,
      hasSuspendedListings: p.participation.hasSuspendedListings,
    }));
  }

  async createRestrictedDataToken(resources: RestrictedResource[]): Promise<RestrictedDataToken> {
    const res = await this.call<{ restrictedDataToken: string; expiresIn: number }>({
      operation: 'tokens.createRestrictedDataToken', clientOperation: 'tokens.createRestrictedDataToken', version: '2021-03-01',
      body: { restrictedResources: resources },
    });
    return { token: res.restrictedDataToken, expiresInSeconds: res.expiresIn };
  }

  /* ---------- Feeds, reports, documents ---------- */

  async submitFeed(input: { feedType: string; marketplaceIds: string[]; content: string | Buffer; contentType: string; feedOptions?: Record<string, string> }): Promise<string> {
    const doc = await this.createFeedDocument(input.contentType);
    await this.uploadFeedDocument(doc, input.content, input.contentType);
    return this.createFeed({ feedType: input.feedType, marketplaceIds: input.marketplaceIds, inputFeedDocumentId: doc.documentId, feedOptions: input.feedOptions });
  }

  async createFeedDocument(contentType: string): Promise<DocumentLocation> {
    const res = await this.call<{ feedDocumentId: string; url: string }>({
      operation: 'feeds.createFeedDocument', clientOperation: 'feeds.createFeedDocument', version: '2021-06-30', body: { contentType },
    });
    return { documentId: res.feedDocumentId, url: res.url, compressionAlgorithm: null };
  }

  async uploadFeedDocument(document: DocumentLocation, content: string | Buffer, contentType: string): Promise<void> {
    await this.transport.document('feeds.uploadDocument', () => this.sp.upload({ url: document.url }, { content, contentType }));
  }

  async createFeed(input: { feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string; feedOptions?: Record<string, string> }): Promise<string> {
    const res = await this.call<{ feedId: string }>({
      operation: 'feeds.createFeed', clientOperation: 'feeds.createFeed', version: '2021-06-30',
      body: { feedType: input.feedType, marketplaceIds: input.marketplaceIds, inputFeedDocumentId: input.inputFeedDocumentId, ...(input.feedOptions ? { feedOptions: input.feedOptions } : {}) },
    });
    return res.feedId;
  }

  async getFeed(feedId: string): Promise<Feed> {
    const f = await this.call<WireFeed>({ operation: 'feeds.getFeed', clientOperation: 'feeds.getFeed', version: '2021-06-30', path: { feedId } });
    return {
      feedId: f.feedId, feedType: f.feedType, marketplaceIds: f.marketplaceIds ?? [], createdTime: f.createdTime,
      processingStatus: f.processingStatus as ProcessingStatus, processingStartTime: f.processingStartTime ?? null,
      processingEndTime: f.processingEndTime ?? null, resultFeedDocumentId: f.resultFeedDocumentId ?? null,
    };
  }

  async getFeedDocument(feedDocumentId: string): Promise<DocumentLocation> {
    const d = await this.call<WireDocument>({ operation: 'feeds.getFeedDocument', clientOperation: 'feeds.getFeedDocument', version: '2021-06-30', path: { feedDocumentId } });
    return { documentId: d.feedDocumentId ?? feedDocumentId, url: d.url, compressionAlgorithm: d.compressionAlgorithm === 'GZIP' ? 'GZIP' : null };
  }

  async downloadDocument(document: DocumentLocation): Promise<string> {
    const content = await this.transport.document('documents.download', () =>
      this.sp.download({ url: document.url, ...(document.compressionAlgorithm ? { compressionAlgorithm: document.compressionAlgorithm } : {}) }, { unzip: true }));
    return typeof content === 'string' ? content : Buffer.isBuffer(content) ? content.toString('utf8') : String(content);
  }

  async createReport(input: { reportType: string; marketplaceIds: string[]; dataStartTime?: string; dataEndTime?: string; reportOptions?: Record<string, string> }): Promise<string> {
    const res = await this.call<{ reportId: string }>({ operation: 'reports.createReport', clientOperation: 'reports.createReport', version: '2021-06-30', body: input });
    return res.reportId;
  }

  async getReport(reportId: string): Promise<Report> {
    const r = await this.call<WireReport>({ operation: 'reports.getReport', clientOperation: 'reports.getReport', version: '2021-06-30', path: { reportId } });
    return {
      reportId: r.reportId, reportType: r.reportType, marketplaceIds: r.marketplaceIds ?? [], createdTime: r.createdTime,
      processingStatus: r.processingStatus as ProcessingStatus, dataStartTime: r.dataStartTime ?? null, dataEndTime: r.dataEndTime ?? null,
      reportDocumentId: r.reportDocumentId ?? null,
    };
  }

  async getReportDocument(reportDocumentId: string): Promise<DocumentLocation> {
    const d = await this.call<WireDocument>({ operation: 'reports.getReportDocument', clientOperation: 'reports.getReportDocument', version: '2021-06-30', path: { reportDocumentId } });
    return { documentId: d.reportDocumentId ?? reportDocumentId, url: d.url, compressionAlgorithm: d.compressionAlgorithm === 'GZIP' ? 'GZIP' : null };
  }

  /* ---------- Finances ---------- */

  async listFinancialEventGroups(q: { startedAfter?: string; startedBefore?: string }): Promise<FinancialEventGroup[]> {
    const out: FinancialEventGroup[] = [];
    let token: string | undefined;
    do {
      const res = await this.call<{ payload: { FinancialEventGroupList?: FinEventGroup[]; NextToken?: string } }>({
        operation: 'financesV0.listFinancialEventGroups', clientOperation: 'finances.listFinancialEventGroups', version: 'v0',
        query: {
          MaxResultsPerPage: 100,
          ...(q.startedAfter ? { FinancialEventGroupStartedAfter: q.startedAfter } : {}),
          ...(q.startedBefore ? { FinancialEventGroupStartedBefore: q.startedBefore } : {}),
          ...(token ? { NextToken: token } : {}),
        },
      });
      out.push(...(res.payload.FinancialEventGroupList ?? []).map(mapGroup));
      token = res.payload.NextToken || undefined;
    } while (token);
    return out;
  }

  async listFinancialEventsByGroupId(groupId: string, q: { postedAfter?: string; postedBefore?: string } = {}): Promise<FinancialEvent[]> {
    const out: FinancialEvent[] = [];
    let token: string | undefined;
    do {
      const res = await this.call<{ payload: { FinancialEvents?: FinancialEvents; NextToken?: string } }>({
        operation: 'financesV0.listFinancialEventsByGroupId', clientOperation: 'finances.listFinancialEventsByGroupId', version: 'v0',
        path: { eventGroupId: groupId },
        query: {
          MaxResultsPerPage: 100,
          ...(q.postedAfter ? { PostedAfter: q.postedAfter } : {}),
          ...(q.postedBefore ? { PostedBefore: q.postedBefore } : {}),
          ...(token ? { NextToken: token } : {}),
        },
      });
      const events = res.payload.FinancialEvents ?? {};
      out.push(...(events.ShipmentEventList ?? []).map((e) => mapEvent('Shipment', e)));
      out.push(...(events.RefundEventList ?? []).map((e) => mapEvent('Refund', e)));
      token = res.payload.NextToken || undefined;
    } while (token);
    return out;
  }

  async listTransactions(q: { postedAfter: string; postedBefore?: string; marketplaceId?: string }): Promise<FinanceTransaction[]> {
    const out: FinanceTransaction[] = [];
    let token: string | undefined;
    do {
      const res = await this.call<{ payload: { transactions?: Transaction2024[]; nextToken?: string } }>({
        operation: 'finances2024.listTransactions', clientOperation: 'finances.listTransactions', version: '2024-06-19',
        query: {
          postedAfter: q.postedAfter,
          ...(q.postedBefore ? { postedBefore: q.postedBefore } : {}),
          ...(q.marketplaceId ? { marketplaceId: q.marketplaceId } : {}),
          ...(token ? { nextToken: token } : {}),
        },
      });
      out.push(...(res.payload.transactions ?? []).map(mapTransaction));
      token = res.payload.nextToken || undefined;
    } while (token);
    return out;
  }

  private async call<T>(spec: CallSpec): Promise<T> {
    return (await this.transport.call<T>(spec)).body;
  }
}

/* ---------- pagination that survives a page token Amazon stops accepting ---------- */

interface RawPage<O> {
  token?: string;
  lastUpdatedBefore: string | null;
  orders: O[];
}

/** How often one listing may start over before the refused token is reported. */
const MAX_LISTING_RESTARTS = 3;

/**
 * Wraps the fetch of one page of a changed-orders search so that a page token Amazon refuses
 * (400: expired or unknown) does not end the sync: the search starts again from its first page,
 * with the window pinned to the `LastUpdatedBefore` Amazon gave on the first page, and orders
 * already returned are left out. Nothing is assumed about the order Amazon sorts results in.
 */
function restartablePages<O>(
  fetch: (token: string | undefined, pinnedBefore: string | null) => Promise<RawPage<O>>,
  refOf: (order: O) => string,
  logger?: SpApiLogger,
): (token?: string) => Promise<RawPage<O>> {
  const seen = new Set<string>();
  let pinnedBefore: string | null = null;
  let restarts = 0;
  return async (token) => {
    let page: RawPage<O>;
    try {
      page = await fetch(token, null);
    } catch (e) {
      if (!token || !pinnedBefore || !isRefusedPageToken(e) || ++restarts > MAX_LISTING_RESTARTS) throw e;
      logger?.warn?.('Amazon refused a page token; listing the same window again', { restarts, lastUpdatedBefore: pinnedBefore });
      page = await fetch(undefined, pinnedBefore);
    }
    pinnedBefore ??= page.lastUpdatedBefore;
    const fresh = page.orders.filter((o) => !seen.has(refOf(o)));
    for (const o of fresh) seen.add(refOf(o));
    return { ...page, orders: fresh, lastUpdatedBefore: pinnedBefore ?? page.lastUpdatedBefore };
  };
}

function isRefusedPageToken(e: unknown): boolean {
  return e instanceof SpApiError && e.status === 400 && /token/i.test(`${e.message} ${e.details ?? ''}`);
}

/* ---------- finance mapping (small enough to live here) ---------- */

function money(c: FinCurrency | undefined): Money | null {
  return c && c.CurrencyCode !== undefined && c.CurrencyAmount !== undefined ? { amount: c.CurrencyAmount, currency: c.CurrencyCode } : null;
}

function mapGroup(g: FinEventGroup): FinancialEventGroup {
  return {
    groupId: g.FinancialEventGroupId ?? '', processingStatus: g.ProcessingStatus ?? 'Open', fundTransferStatus: g.FundTransferStatus ?? null,
    originalTotal: money(g.OriginalTotal), convertedTotal: money(g.ConvertedTotal), beginningBalance: money(g.BeginningBalance),
    fundTransferDate: g.FundTransferDate ?? null, traceId: g.TraceId ?? null, accountTail: g.AccountTail ?? null,
    startDate: g.FinancialEventGroupStart ?? null, endDate: g.FinancialEventGroupEnd ?? null,
  };
}

function mapEvent(kind: 'Shipment' | 'Refund', e: FinShipmentEvent): FinancialEvent {
  const items: FinShipmentItem[] = (kind === 'Shipment' ? e.ShipmentItemList : e.ShipmentItemAdjustmentList) ?? [];
  const amounts = (list: { type?: string; amount?: FinCurrency; id?: string }[]): FinancialAmount[] =>
    list.flatMap((x) => {
      const m = money(x.amount);
      return m ? [{ type: x.type ?? '', amount: m, ...(x.id ? { id: x.id } : {}) }] : [];
    });
  return {
    kind, orderRef: e.AmazonOrderId ?? null, marketplaceName: e.MarketplaceName ?? null, postedDate: e.PostedDate ?? null,
    items: items.map((i) => ({
      orderItemId: i.OrderItemId ?? null, sku: i.SellerSKU ?? null, quantity: i.QuantityShipped ?? 0,
      charges: amounts([...(i.ItemChargeList ?? []), ...(i.ItemChargeAdjustmentList ?? [])].map((c) => ({ type: c.ChargeType, amount: c.ChargeAmount }))),
      fees: amounts([...(i.ItemFeeList ?? []), ...(i.ItemFeeAdjustmentList ?? [])].map((c) => ({ type: c.FeeType, amount: c.FeeAmount }))),
      promotions: amounts([...(i.PromotionList ?? []), ...(i.PromotionAdjustmentList ?? [])].map((c) => ({ type: c.PromotionType, amount: c.PromotionAmount, id: c.PromotionId }))),
    })),
  };
}

function money2024(c: Currency2024 | undefined): Money | null {
  return c && c.currencyCode !== undefined && c.currencyAmount !== undefined ? { amount: c.currencyAmount, currency: c.currencyCode } : null;
}

function mapBreakdown(b: Breakdown2024): FinanceTransactionBreakdown[] {
  const amount = money2024(b.breakdownAmount);
  return amount ? [{ type: b.breakdownType ?? '', amount, breakdowns: (b.breakdowns ?? []).flatMap(mapBreakdown) }] : [];
}

function mapTransaction(t: Transaction2024): FinanceTransaction {
  const related = (name: string) => t.relatedIdentifiers?.find((r) => r.relatedIdentifierName === name)?.relatedIdentifierValue ?? null;
  return {
    transactionId: t.transactionId ?? null, transactionType: t.transactionType ?? null, transactionStatus: t.transactionStatus ?? null,
    description: t.description ?? null, postedDate: t.postedDate ?? null,
    marketplaceId: t.marketplaceDetails?.marketplaceId ?? t.sellingPartnerMetadata?.marketplaceId ?? null,
    total: money2024(t.totalAmount), orderRef: related('ORDER_ID'),
    settlementId: related('SETTLEMENT_ID') ?? related('FINANCIAL_EVENT_GROUP_ID'),
    breakdowns: (t.breakdowns ?? []).flatMap(mapBreakdown),
  };
}
