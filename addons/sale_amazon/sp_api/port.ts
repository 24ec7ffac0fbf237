/**
 * What the connector may ask of Amazon, in domain types. The adapter (adapter.ts) implements it
 * over the SP-API; tests may implement it in memory. Every method fails with `SpApiError` only.
 */
import type {
  AmazonOrder, DocumentLocation, Feed, FinanceTransaction, FinancialEvent, FinancialEventGroup,
  ListChangedOrdersQuery, MarketplaceParticipation, OrderPage, Report, RestrictedDataToken, RestrictedResource,
  ShipmentConfirmation,
} from './types';

export interface SpApiPort {
  /** Which Orders API this account speaks. */
  readonly ordersApiVersion: '2026-01-01' | 'v0';

  /**
   * Every order changed in the window, page by page, items included. Pages are fetched ahead while
   * the caller works, at the fastest pace the usage plans allow.
   */
  listChangedOrderPages(query: ListChangedOrdersQuery): AsyncIterable<OrderPage>;
  /**
   * Whether pages may be asked for well ahead of need: Amazon's quota for order searches is more
   * than half full. A page read ahead by a run that then stops is a request spent for nothing, and
   * the quota refills slowly (one search a minute after its burst). Absent: always.
   */
  canReadAhead?(): boolean;
  /** The same orders one by one; `query.onPage` reports each page's high-water mark. */
  listChangedOrders(query: ListChangedOrdersQuery): AsyncIterable<AmazonOrder>;
  /** One order with its items, or null when Amazon does not know the reference. */
  getOrder(orderRef: string): Promise<AmazonOrder | null>;

  /** Orders v0 confirmShipment: one package of an FBM order. */
  confirmShipment(confirmation: ShipmentConfirmation): Promise<void>;

  getMarketplaceParticipations(): Promise<MarketplaceParticipation[]>;

  /** createFeedDocument + upload + createFeed; returns the feed id. */
  submitFeed(input: { feedType: string; marketplaceIds: string[]; content: string | Buffer; contentType: string; feedOptions?: Record<string, string> }): Promise<string>;
  createFeedDocument(contentType: string): Promise<DocumentLocation>;
  uploadFeedDocument(document: DocumentLocation, content: string | Buffer, contentType: string): Promise<void>;
  createFeed(input: { feedType: string; marketplaceIds: string[]; inputFeedDocumentId: string; feedOptions?: Record<string, string> }): Promise<string>;
  getFeed(feedId: string): Promise<Feed>;
  getFeedDocument(feedDocumentId: string): Promise<DocumentLocation>;
  /** The content of a document (feed result or report), gunzipped when Amazon compressed it. */
  downloadDocument(document: DocumentLocation): Promise<string>;

  createReport(input: { reportType: string; marketplaceIds: string[]; dataStartTime?: string; dataEndTime?: string; reportOptions?: Record<string, string> }): Promise<string>;
  getReport(reportId: string): Promise<Report>;
  getReportDocument(reportDocumentId: string): Promise<DocumentLocation>;

  /** Settlement groups started in the window (Finances v0), all pages. */
  listFinancialEventGroups(query: { startedAfter?: string; startedBefore?: string }): Promise<FinancialEventGroup[]>;
  /** Shipment and refund events of one group (Finances v0), all pages. */
  listFinancialEventsByGroupId(groupId: string, query?: { postedAfter?: string; postedBefore?: string }): Promise<FinancialEvent[]>;
  /** Finances 2024-06-19 transactions posted in the window, all pages. */
  listTransactions(query: { postedAfter: string; postedBefore?: string; marketplaceId?: string }): Promise<FinanceTransaction[]>;

  createRestrictedDataToken(resources: RestrictedResource[]): Promise<RestrictedDataToken>;

  /** Releases sockets. */
  close(): void;
}
