/** Faults the sandbox can be told to inject, for tests and demos of the adapter's recovery. */
export type FaultType =
  | 'throttle' // 429 QuotaExceeded, Amazon's body
  | 'error500' // 500 InternalFailure
  | 'error503' // 503 ServiceUnavailable
  | 'slow' // answer normally after delayMs (wall-clock)
  | 'timeout' // never answer; the client's timeout must fire
  | 'reset' // destroy the connection without an answer
  | 'malformed' // 200 with a truncated JSON body
  | 'expiredToken' // 403 "The access token you provided has expired."
  | 'expiredPageToken'; // 400 InvalidInput on the next request that carries a page token (NextToken, paginationToken)

export interface Fault {
  type: FaultType;
  /** Operation key (`ordersV0.getOrders`), `lwa.token`, `documents`, or undefined for every SP-API call. */
  operation?: string;
  /** How many matching requests it hits; default 1. */
  count?: number;
  /** For `slow`: wall-clock milliseconds to wait before answering. */
  delayMs?: number;
}

export const FAULT_TYPES: readonly FaultType[] = ['throttle', 'error500', 'error503', 'slow', 'timeout', 'reset', 'malformed', 'expiredToken', 'expiredPageToken'];

export class FaultInjector {
  private faults: { fault: Fault; left: number }[] = [];

  inject(fault: Fault): void {
    if (!FAULT_TYPES.includes(fault.type)) throw new Error(`unknown fault type ${String(fault.type)}`);
    this.faults.push({ fault, left: fault.count ?? 1 });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that hits this request, if any (and counts it down). A page-token fault waits for a request with a page token. */
  take(operation: string, request: { pageToken?: boolean } = {}): Fault | undefined {
    const isApi = operation !== 'lwa.token' && operation !== 'documents';
    const hit = this.faults.find((f) => f.left > 0 && (f.fault.operation === operation || (f.fault.operation === undefined && isApi))
      && (f.fault.type !== 'expiredPageToken' || request.pageToken === true));
    if (!hit) return undefined;
    hit.left -= 1;
    this.faults = this.faults.filter((f) => f.left > 0);
    return hit.fault;
  }

  pending(): Fault[] {
    return this.faults.map((f) => ({ ...f.fault, count: f.left }));
  }
}
