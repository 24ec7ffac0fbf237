/**
 * Amazon's published default usage plans (token bucket: `rate` tokens per second, `burst` bucket
 * size), copied from the "Usage Plan" table of each operation in the official models
 * (shared/sp-api-models). A unit test re-reads the models and fails if this table drifts.
 * The adapter starts from these and follows `x-amzn-RateLimit-Limit` when Amazon sends it.
 */
export interface UsagePlan {
  rate: number;
  burst: number;
}

/** Keyed by `<api>.<operationId>`; the api ids name the model files (see sandbox/models.ts). */
export const USAGE_PLANS = {
  'ordersV0.getOrders': { rate: 0.0167, burst: 20 },
  'ordersV0.getOrder': { rate: 0.5, burst: 30 },
  'ordersV0.getOrderBuyerInfo': { rate: 0.5, burst: 30 },
  'ordersV0.getOrderAddress': { rate: 0.5, burst: 30 },
  'ordersV0.getOrderItems': { rate: 0.5, burst: 30 },
  'ordersV0.getOrderItemsBuyerInfo': { rate: 0.5, burst: 30 },
  'ordersV0.updateShipmentStatus': { rate: 5, burst: 15 },
  'ordersV0.getOrderRegulatedInfo': { rate: 0.5, burst: 30 },
  'ordersV0.updateVerificationStatus': { rate: 0.5, burst: 30 },
  'ordersV0.confirmShipment': { rate: 2, burst: 10 },
  'orders2026.searchOrders': { rate: 0.0056, burst: 20 },
  'orders2026.getOrder': { rate: 0.5, burst: 30 },
  'feeds.getFeeds': { rate: 0.0222, burst: 10 },
  'feeds.createFeed': { rate: 0.0083, burst: 15 },
  'feeds.cancelFeed': { rate: 2, burst: 15 },
  'feeds.getFeed': { rate: 2, burst: 15 },
  'feeds.createFeedDocument': { rate: 0.5, burst: 15 },
  'feeds.getFeedDocument': { rate: 0.0222, burst: 10 },
  'reports.getReports': { rate: 0.0222, burst: 10 },
  'reports.createReport': { rate: 0.0167, burst: 15 },
  'reports.cancelReport': { rate: 0.0222, burst: 10 },
  'reports.getReport': { rate: 2, burst: 15 },
  'reports.getReportSchedules': { rate: 0.0222, burst: 10 },
  'reports.createReportSchedule': { rate: 0.0222, burst: 10 },
  'reports.cancelReportSchedule': { rate: 0.0222, burst: 10 },
  'reports.getReportSchedule': { rate: 0.0222, burst: 10 },
  'reports.getReportDocument': { rate: 0.0167, burst: 15 },
  'financesV0.listFinancialEventGroups': { rate: 0.5, burst: 30 },
  'financesV0.listFinancialEventsByGroupId': { rate: 0.5, burst: 30 },
  'financesV0.listFinancialEventsByOrderId': { rate: 0.5, burst: 30 },
  'financesV0.listFinancialEvents': { rate: 0.5, burst: 30 },
  'finances2024.listTransactions': { rate: 0.5, burst: 10 },
  'finances2024.listBalances': { rate: 0.5, burst: 10 },
  'finances2024.listSummary': { rate: 0.5, burst: 10 },
  'sellers.getMarketplaceParticipations': { rate: 0.016, burst: 15 },
  'sellers.getAccount': { rate: 0.016, burst: 15 },
  'tokens.createRestrictedDataToken': { rate: 1, burst: 10 },
} as const satisfies Record<string, UsagePlan>;

export type OperationKey = keyof typeof USAGE_PLANS;

/**
 * The least time `calls` requests of one operation can take under its plan, starting with a full
 * bucket: the first `burst` go at once, each further one waits 1/rate seconds. Returns milliseconds.
 */
export function pacingFloorMs(plan: UsagePlan, calls: number): number {
  return (Math.max(0, calls - plan.burst) / plan.rate) * 1000;
}
