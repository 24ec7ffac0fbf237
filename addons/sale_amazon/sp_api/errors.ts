/** Every failure of an SP-API call reaches business code as this one type. */
export class SpApiError extends Error {
  override readonly name = 'SpApiError';
  /** The operation, e.g. `orders.getOrders`, or `lwa.token` for the token endpoint. */
  readonly operation: string;
  /** HTTP status, or null when no response came back (reset, timeout, refused). */
  readonly status: number | null;
  /** Amazon's error code (`InvalidInput`, `QuotaExceeded`, `invalid_grant`, …) or a transport code (`ECONNRESET`). */
  readonly code: string;
  readonly details: string | null;
  /** True when the same request may succeed later; the adapter has already retried within its bound. */
  readonly retryable: boolean;
  /** How many attempts were made before giving up. */
  readonly attempts: number;

  constructor(init: {
    operation: string; status: number | null; code: string; message: string;
    details?: string | null; retryable: boolean; attempts?: number;
  }) {
    super(init.message);
    this.operation = init.operation;
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? null;
    this.retryable = init.retryable;
    this.attempts = init.attempts ?? 1;
  }

  override toString(): string {
    return `SpApiError ${this.operation} ${this.status ?? '-'} ${this.code}: ${this.message}`;
  }
}

/** HTTP statuses that mean "try again later" rather than "your request is wrong". */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Socket-level failures worth retrying: the request may not have reached Amazon at all. */
export const RETRYABLE_NETWORK_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNABORTED',
  'API_RESPONSE_TIMEOUT', 'API_DEADLINE_TIMEOUT', 'API_IDLE_TIMEOUT', 'UND_ERR_SOCKET',
]);
