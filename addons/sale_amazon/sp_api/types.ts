/**
 * Domain types of the SP-API port. Business code sees only these, never wire JSON.
 *
 * Conventions (decided once, for every type below):
 * - Money is a plain decimal `number` (19.99, not cents). Every amount of an order and of its items
 *   is in the order's `currency`; amounts of finances carry their own currency (`Money`), because a
 *   settlement group can differ from the order currency.
 * - Discounts are positive numbers (a 5.00 promotion is `promotionDiscount: 5`), whatever sign the
 *   wire format uses.
 * - Dates are ISO-8601 UTC strings as Amazon sends them (`2026-01-05T10:00:00Z`).
 * - A value Amazon did not send is `null`, never an empty string, so "unknown" and "empty" differ.
 */

export type OrderStatus =
  | 'Pending'
  | 'Unshipped'
  | 'PartiallyShipped'
  | 'Shipped'
  | 'Canceled'
  | 'Unfulfillable'
  | 'InvoiceUnconfirmed'
  | 'PendingAvailability';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'Pending', 'Unshipped', 'PartiallyShipped', 'Shipped', 'Canceled', 'Unfulfillable', 'InvoiceUnconfirmed', 'PendingAvailability',
];

/** FBA = fulfilled by Amazon (AFN), FBM = fulfilled by the merchant (MFN). */
export type FulfillmentChannel = 'FBA' | 'FBM';

/** Amazon's shipment service level category, in Orders v0 spelling. */
export type ShipServiceLevel =
  | 'Expedited' | 'FreeEconomy' | 'NextDay' | 'Priority' | 'SameDay' | 'SecondDay' | 'Scheduled' | 'Standard';

export interface Money {
  amount: number;
  currency: string;
}

export interface AmazonAddress {
  name: string | null;
  companyName: string | null;
  addressLine1: string | null;
  addressLine2: string | null;
  addressLine3: string | null;
  city: string | null;
  county: string | null;
  stateOrRegion: string | null;
  postalCode: string | null;
  countryCode: string | null;
  phone: string | null;
  addressType: 'Residential' | 'Commercial' | null;
}

export interface AmazonBuyer {
  /** Missing for many North American FBA orders and whenever PII is not granted. */
  name: string | null;
  /** Amazon's anonymised relay address (…@marketplace.amazon.com); FBM orders only. */
  email: string | null;
  companyName: string | null;
  /** The buyer's VAT / tax registration number on business orders, when Amazon gives it. */
  vatNumber: string | null;
}

export interface AmazonOrderItem {
  /** Amazon's OrderItemId: the reference shipment confirmations use. */
  ref: string;
  sku: string | null;
  asin: string | null;
  title: string | null;
  quantityOrdered: number;
  quantityShipped: number;
  /** Price of the whole line (unit price × quantity); tax-inclusive on tax-included marketplaces. */
  itemPrice: number;
  itemTax: number;
  shippingPrice: number;
  shippingTax: number;
  shippingDiscount: number;
  shippingDiscountTax: number;
  promotionDiscount: number;
  promotionDiscountTax: number;
  isGift: boolean;
  giftWrapPrice: number;
  giftWrapTax: number;
  giftWrapLevel: string | null;
  giftMessage: string | null;
}

export interface AmazonOrder {
  /** Amazon's order id, 3-7-7 digits. */
  ref: string;
  status: OrderStatus;
  channel: FulfillmentChannel;
  marketplaceId: string;
  purchaseDate: string;
  lastUpdateDate: string;
  /** Null when Amazon sends no total (pending and some cancelled orders). */
  currency: string | null;
  orderTotal: number | null;
  buyer: AmazonBuyer;
  /** Null when Amazon sends no address (PII not granted, or FBA orders without one). */
  shippingAddress: AmazonAddress | null;
  isBusinessOrder: boolean;
  isReplacementOrder: boolean;
  replacedOrderRef: string | null;
  shipServiceLevel: ShipServiceLevel | null;
  items: AmazonOrderItem[];
}

/** One page of changed orders, with the high-water mark Amazon echoes. */
export interface OrderPage {
  orders: AmazonOrder[];
  /**
   * Amazon's `LastUpdatedBefore` for this search: every order updated before it has been (or will be,
   * on the following pages) returned. The connector stores it as the next `lastUpdatedAfter`.
   */
  lastUpdatedBefore: string | null;
  /** Whether more pages follow. */
  hasMore: boolean;
}

export interface ListChangedOrdersQuery {
  marketplaceIds: string[];
  lastUpdatedAfter: string;
  /** Must be at least two minutes in the past; Amazon computes it when omitted. */
  lastUpdatedBefore?: string;
  fulfillmentChannels?: FulfillmentChannel[];
  statuses?: OrderStatus[];
  /** Called after every page with its high-water mark, before its orders are yielded. */
  onPage?: (page: { lastUpdatedBefore: string | null; count: number }) => void;
}

export interface ShipmentConfirmation {
  orderRef: string;
  marketplaceId: string;
  /** Positive integer as a string: Amazon accepts only numeric package references. */
  packageReferenceId: string;
  carrierCode: string;
  /** Required when carrierCode is 'Other'. */
  carrierName?: string;
  shippingMethod?: string;
  trackingNumber: string;
  shipDate: string;
  items: { orderItemId: string; quantity: number }[];
}

export interface MarketplaceParticipation {
  marketplaceId: string;
  name: string;
  countryCode: string;
  defaultCurrency: string;
  defaultLanguage: string;
  domainName: string;
  isParticipating: boolean;
  hasSuspendedListings: boolean;
}

export type ProcessingStatus = 'CANCELLED' | 'DONE' | 'FATAL' | 'IN_PROGRESS' | 'IN_QUEUE';

export interface Feed {
  feedId: string;
  feedType: string;
  marketplaceIds: string[];
  createdTime: string;
  processingStatus: ProcessingStatus;
  processingStartTime: string | null;
  processingEndTime: string | null;
  resultFeedDocumentId: string | null;
}

export interface Report {
  reportId: string;
  reportType: string;
  marketplaceIds: string[];
  createdTime: string;
  processingStatus: ProcessingStatus;
  dataStartTime: string | null;
  dataEndTime: string | null;
  reportDocumentId: string | null;
}

/** A document (feed input, feed result, report) as Amazon hands it out: where and how it is packed. */
export interface DocumentLocation {
  documentId: string;
  url: string;
  compressionAlgorithm: 'GZIP' | null;
}

export interface FinancialEventGroup {
  groupId: string;
  processingStatus: 'Open' | 'Closed' | string;
  fundTransferStatus: string | null;
  originalTotal: Money | null;
  convertedTotal: Money | null;
  beginningBalance: Money | null;
  fundTransferDate: string | null;
  traceId: string | null;
  accountTail: string | null;
  startDate: string | null;
  endDate: string | null;
}

/** One charge, fee or promotion line of a financial event; fees and refunds are negative, as Amazon sends them. */
export interface FinancialAmount {
  type: string;
  amount: Money;
  /** Promotion id, for promotions. */
  id?: string;
}

export interface FinancialEventItem {
  orderItemId: string | null;
  sku: string | null;
  quantity: number;
  charges: FinancialAmount[];
  fees: FinancialAmount[];
  promotions: FinancialAmount[];
}

/** A shipment (sale) or refund event: what Amazon charged the buyer and fees it kept, per item. */
export interface FinancialEvent {
  kind: 'Shipment' | 'Refund';
  orderRef: string | null;
  marketplaceName: string | null;
  postedDate: string | null;
  items: FinancialEventItem[];
}

export interface FinanceTransactionBreakdown {
  type: string;
  amount: Money;
  breakdowns: FinanceTransactionBreakdown[];
}

/** A Finances 2024-06-19 transaction. */
export interface FinanceTransaction {
  transactionId: string | null;
  transactionType: string | null;
  transactionStatus: string | null;
  description: string | null;
  postedDate: string | null;
  marketplaceId: string | null;
  total: Money | null;
  orderRef: string | null;
  settlementId: string | null;
  breakdowns: FinanceTransactionBreakdown[];
}

export interface RestrictedResource {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  dataElements?: ('buyerInfo' | 'shippingAddress' | 'buyerTaxInformation')[];
}

export interface RestrictedDataToken {
  token: string;
  expiresInSeconds: number;
}
