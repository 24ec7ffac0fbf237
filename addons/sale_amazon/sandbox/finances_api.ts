/**
 * Finances v0 (settlement groups and their events) and Finances 2024-06-19 (transactions), both
 * derived from the shipment and refund events the order life cycle posts: a group is one currency
 * over a 14-day settlement period, closed and paid out a day after it ends.
 */
import { iso } from '../sp_api/clock';
import { marketplace } from '../sp_api/marketplaces';
import { ApiFailure, type ApiRequest, type ApiResponse, TWO_MINUTES, dateParam, decodeToken, encodeToken, invalidInput } from './api_context';
import { round } from './money';
import type { FinancialEventRecord, SandboxState } from './state';

const PERIOD_MS = 14 * 86400_000;
/** Settlement periods start on a fixed Thursday, 2024-01-04T00:00:00Z. */
const ANCHOR = Date.UTC(2024, 0, 4);

interface Group {
  id: string;
  currency: string;
  start: number;
  end: number;
  events: FinancialEventRecord[];
}

const periodOf = (t: number) => Math.floor((t - ANCHOR) / PERIOD_MS);
const groupId = (currency: string, period: number) => `${currency}${String(period).padStart(4, '0')}SBX${String(period * 7919 % 100000).padStart(5, '0')}`;

function eventTotal(e: FinancialEventRecord): number {
  let t = 0;
  for (const it of e.items) {
    for (const [, a] of it.charges) t += a;
    for (const [, a] of it.fees) t += a;
    for (const [, , a] of it.promotions) t += a;
  }
  return round(t, e.currency);
}

function groups(state: SandboxState, now: number): Group[] {
  const map = new Map<string, Group>();
  for (const e of state.financialEvents) {
    if (e.postedAt > now) continue;
    const period = periodOf(e.postedAt);
    const id = groupId(e.currency, period);
    let g = map.get(id);
    if (!g) map.set(id, (g = { id, currency: e.currency, start: ANCHOR + period * PERIOD_MS, end: ANCHOR + (period + 1) * PERIOD_MS, events: [] }));
    g.events.push(e);
  }
  return [...map.values()].sort((a, b) => a.start - b.start || (a.id < b.id ? -1 : 1));
}

function groupJson(g: Group, now: number): Record<string, unknown> {
  const closed = g.end <= now;
  const paid = g.end + 86400_000;
  const total = round(g.events.reduce((s, e) => s + eventTotal(e), 0), g.currency);
  return {
    FinancialEventGroupId: g.id,
    ProcessingStatus: closed ? 'Closed' : 'Open',
    ...(closed ? { FundTransferStatus: paid <= now ? 'Succeeded' : 'Processing' } : {}),
    OriginalTotal: { CurrencyCode: g.currency, CurrencyAmount: total },
    ...(closed && paid <= now ? { FundTransferDate: iso(paid), TraceId: `SBX${g.id}`, AccountTail: '042' } : {}),
    BeginningBalance: { CurrencyCode: g.currency, CurrencyAmount: 0 },
    FinancialEventGroupStart: iso(g.start),
    ...(closed ? { FinancialEventGroupEnd: iso(g.end) } : {}),
  };
}

function pageSize(value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || value < 1 || value > 100) throw invalidInput('MaxResultsPerPage must be between 1 and 100.');
  return value;
}

/** Offset tokens that remember the query they belong to ("include the same arguments"). */
function paging(req: ApiRequest, tokenName: string, query: unknown): number {
  return pagingState(req, tokenName, query).o;
}

/** Like paging(), also returning what the first page fixed (e.g. a default end date of "now − 2 min"). */
function pagingState(req: ApiRequest, tokenName: string, query: unknown): { o: number; fixed?: number } {
  const token = req.params[tokenName];
  if (token === undefined) return { o: 0 };
  const t = decodeToken<{ q: string; o: number; fixed?: number }>(token, tokenName);
  if (t.q !== JSON.stringify(query) || typeof t.o !== 'number') throw invalidInput(`${tokenName} does not belong to this request.`);
  return t;
}

export function listFinancialEventGroups(req: ApiRequest): ApiResponse {
  const p = req.params;
  const latest = req.now - TWO_MINUTES;
  const after = dateParam(p.FinancialEventGroupStartedAfter, 'FinancialEventGroupStartedAfter');
  const before = dateParam(p.FinancialEventGroupStartedBefore, 'FinancialEventGroupStartedBefore');
  if (after === undefined && before !== undefined) throw invalidInput('Date range is invalid.');
  if (after !== undefined && after > latest) throw invalidInput('Date range is invalid.', 'FinancialEventGroupStartedAfter must be more than two minutes before the request.');
  if (before !== undefined && (before > latest || (after !== undefined && before < after))) throw invalidInput('Date range is invalid.');
  const size = pageSize(p.MaxResultsPerPage, 10);
  const query = { after, before, size };
  const offset = paging(req, 'NextToken', query);
  const all = groups(req.state, req.now).filter((g) => (after === undefined || g.start >= after) && (before === undefined || g.start <= before));
  const page = all.slice(offset, offset + size);
  return {
    status: 200,
    body: {
      payload: {
        FinancialEventGroupList: page.map((g) => groupJson(g, req.now)),
        ...(offset + size < all.length ? { NextToken: encodeToken({ q: JSON.stringify(query), o: offset + size }) } : {}),
      },
    },
  };
}

function currency(code: string, amount: number): { CurrencyCode: string; CurrencyAmount: number } {
  return { CurrencyCode: code, CurrencyAmount: round(amount, code) };
}

function shipmentEventJson(e: FinancialEventRecord): Record<string, unknown> {
  const refund = e.kind === 'Refund';
  const items = e.items.map((it, n) => ({
    SellerSKU: it.sku,
    OrderItemId: it.orderItemId,
    ...(refund ? { OrderAdjustmentItemId: `${it.orderItemId.slice(-8)}${n}` } : {}),
    QuantityShipped: it.quantity,
    [refund ? 'ItemChargeAdjustmentList' : 'ItemChargeList']: it.charges.map(([t, a]) => ({ ChargeType: t, ChargeAmount: currency(e.currency, a) })),
    [refund ? 'ItemFeeAdjustmentList' : 'ItemFeeList']: it.fees.map(([t, a]) => ({ FeeType: t, FeeAmount: currency(e.currency, a) })),
    [refund ? 'PromotionAdjustmentList' : 'PromotionList']: it.promotions.map(([t, id, a]) => ({ PromotionType: t, PromotionId: id, PromotionAmount: currency(e.currency, a) })),
  }));
  return {
    AmazonOrderId: e.orderRef,
    MarketplaceName: marketplace(e.marketplaceId)?.name ?? e.marketplaceId,
    PostedDate: iso(e.postedAt),
    [refund ? 'ShipmentItemAdjustmentList' : 'ShipmentItemList']: items,
  };
}

export function listFinancialEventsByGroupId(req: ApiRequest): ApiResponse {
  const p = req.params;
  const g = groups(req.state, req.now).find((x) => x.id === p.eventGroupId);
  if (!g) throw invalidInput('Bad event group ID provided.');
  const latest = req.now - TWO_MINUTES;
  const after = dateParam(p.PostedAfter, 'PostedAfter');
  const before = dateParam(p.PostedBefore, 'PostedBefore');
  if (before !== undefined && after === undefined) throw invalidInput('PostedBefore requires PostedAfter.');
  if ((after !== undefined && after > latest) || (before !== undefined && (before > latest || before < after!))) throw invalidInput('Date range is invalid.');
  const size = pageSize(p.MaxResultsPerPage, 100);
  const query = { g: g.id, after, before, size };
  const offset = paging(req, 'NextToken', query);
  const events = g.events.filter((e) => (after === undefined || e.postedAt >= after) && (before === undefined || e.postedAt < before));
  const page = events.slice(offset, offset + size);
  return {
    status: 200,
    body: {
      payload: {
        FinancialEvents: {
          ShipmentEventList: page.filter((e) => e.kind === 'Shipment').map(shipmentEventJson),
          RefundEventList: page.filter((e) => e.kind === 'Refund').map(shipmentEventJson),
        },
        ...(offset + size < events.length ? { NextToken: encodeToken({ q: JSON.stringify(query), o: offset + size }) } : {}),
      },
    },
  };
}

const TRANSACTIONS_PER_PAGE = 50;

export function listTransactions(req: ApiRequest): ApiResponse {
  const p = req.params;
  const latest = req.now - TWO_MINUTES;
  const after = dateParam(p.postedAfter, 'postedAfter');
  const givenBefore = dateParam(p.postedBefore, 'postedBefore');
  const query = { after, before: givenBefore, m: p.marketplaceId, s: p.transactionStatus, n: p.relatedIdentifierName, v: p.relatedIdentifierValue };
  const { o: offset, fixed } = pagingState(req, 'nextToken', query);
  // The default end ("two minutes before the request") is fixed by the first page for the following ones.
  const before = givenBefore ?? fixed ?? latest;
  if (after === undefined && p.relatedIdentifierName === undefined) throw invalidInput('postedAfter is required when no related identifier is given.');
  if (offset === 0 && ((after !== undefined && after > latest) || before > latest || (after !== undefined && before < after))) throw invalidInput('Date range is invalid.');
  const byEvent = new Map<FinancialEventRecord, Group>();
  for (const g of groups(req.state, req.now)) for (const e of g.events) byEvent.set(e, g);
  const all = [...byEvent.entries()].filter(([e, g]) => {
    if (after !== undefined && e.postedAt < after) return false;
    if (e.postedAt >= before) return false;
    if (p.marketplaceId && e.marketplaceId !== p.marketplaceId) return false;
    if (p.relatedIdentifierName === 'ORDER_ID' && p.relatedIdentifierValue !== e.orderRef) return false;
    if (p.relatedIdentifierName === 'FINANCIAL_EVENT_GROUP_ID' && p.relatedIdentifierValue !== g.id) return false;
    if (p.transactionStatus && p.transactionStatus !== status(g, req.now)) return false;
    return true;
  }).sort(([a], [b]) => a.postedAt - b.postedAt);
  const page = all.slice(offset, offset + TRANSACTIONS_PER_PAGE);
  return {
    status: 200,
    body: {
      payload: {
        transactions: page.map(([e, g]) => transactionJson(e, g, req)),
        ...(offset + TRANSACTIONS_PER_PAGE < all.length ? { nextToken: encodeToken({ q: JSON.stringify(query), o: offset + TRANSACTIONS_PER_PAGE, fixed: before }) } : {}),
      },
    },
  };
}

const status = (g: Group, now: number) => (g.end <= now ? 'RELEASED' : 'DEFERRED');

function transactionJson(e: FinancialEventRecord, g: Group, req: ApiRequest): Record<string, unknown> {
  const c = (amount: number) => ({ currencyCode: e.currency, currencyAmount: round(amount, e.currency) });
  const sum = (pairs: [string, number][]) => pairs.reduce((s, [, a]) => s + a, 0);
  const charges = new Map<string, number>();
  const fees = new Map<string, number>();
  let promotions = 0;
  for (const it of e.items) {
    for (const [t, a] of it.charges) charges.set(t, (charges.get(t) ?? 0) + a);
    for (const [t, a] of it.fees) fees.set(t, (fees.get(t) ?? 0) + a);
    promotions += it.promotions.reduce((s, [, , a]) => s + a, 0);
  }
  const sales = [...charges.entries()];
  const expenses = [...fees.entries()];
  const breakdowns = [
    { breakdownType: 'Sales', breakdownAmount: c(sum(sales) + promotions), breakdowns: [
      ...sales.map(([t, a]) => ({ breakdownType: t, breakdownAmount: c(a) })),
      ...(promotions ? [{ breakdownType: 'Promotion', breakdownAmount: c(promotions) }] : []),
    ] },
    { breakdownType: 'Expenses', breakdownAmount: c(sum(expenses)), breakdowns: expenses.map(([t, a]) => ({ breakdownType: t, breakdownAmount: c(a) })) },
  ];
  const m = marketplace(e.marketplaceId);
  return {
    sellingPartnerMetadata: { sellingPartnerId: req.sellerId, accountType: 'Standard Orders', marketplaceId: e.marketplaceId },
    relatedIdentifiers: [
      { relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: e.orderRef },
      { relatedIdentifierName: 'FINANCIAL_EVENT_GROUP_ID', relatedIdentifierValue: g.id },
    ],
    transactionType: e.kind,
    transactionId: `${g.id}-${e.orderRef}-${e.kind}-${e.postedAt}`,
    transactionStatus: status(g, req.now),
    description: e.kind === 'Shipment' ? 'Order Payment' : 'Refund',
    postedDate: iso(e.postedAt),
    totalAmount: c(eventTotal(e)),
    marketplaceDetails: { marketplaceId: e.marketplaceId, marketplaceName: m?.name ?? e.marketplaceId },
    breakdowns,
  };
}

export { ApiFailure };
