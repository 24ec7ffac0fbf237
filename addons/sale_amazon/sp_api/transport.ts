/**
 * One SP-API call done right: paced by the account's token bucket, with the LWA access token
 * refreshed before it expires, 429s waited out, 5xx / timeouts / resets retried with exponential
 * backoff and jitter within a bound, and every failure turned into an SpApiError.
 * amazon-sp-api builds and sends the requests; its own blind retries are switched off
 * (`raw_result`, `retry_remote_timeout: false`) so that this is the only retry policy.
 */
import type { Clock } from './clock';
import { RETRYABLE_NETWORK_CODES, SpApiError } from './errors';
import { backoffDelayMs, type RetryPolicy } from './retry';
import type { Pacer } from './token_bucket';

/** The part of amazon-sp-api's SellingPartner the adapter uses. */
export interface SpClient {
  callAPI(req: Record<string, unknown>): Promise<any>;
  refreshAccessToken(scope?: string): Promise<void>;
  download(details: { url: string; compressionAlgorithm?: string }, options?: Record<string, unknown>): Promise<any>;
  upload(details: { url: string }, feed: { content: string | Buffer; contentType: string }): Promise<any>;
}

export interface SpApiLogger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  info?(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
}

/** What happened to one HTTP attempt (for metrics, the benchmark and tests). */
export interface RequestEvent {
  operation: string;
  status: number | null;
  code?: string;
  attempt: number;
  at: number;
}

export interface CallSpec {
  /** Our operation key (usage plan), e.g. `ordersV0.getOrders`. */
  operation: string;
  /** amazon-sp-api's operation name, e.g. `orders.getOrders`, and its version. */
  clientOperation: string;
  version: string;
  path?: Record<string, string>;
  query?: Record<string, unknown>;
  body?: unknown;
  /** Supplies a restricted data token; called again with `renew` after Amazon says it expired. */
  restrictedDataToken?: (renew: boolean) => Promise<string>;
}

type RawResult = { statusCode: number; body: string; headers: Record<string, string | string[] | undefined> };

export interface CallResult<T> {
  status: number;
  body: T;
}

/** LWA access tokens live one hour; refresh five minutes early (as the reference connector does). */
const TOKEN_LIFETIME_MS = 3600_000;
const TOKEN_MARGIN_MS = 5 * 60_000;

export class Transport {
  private tokenExpiresAt = 0;
  /** Aborted by close(): waits for a bucket token or a backoff end at once. */
  private readonly closing = new AbortController();
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly sp: SpClient,
    private readonly pacer: Pacer,
    private readonly clock: Clock,
    private readonly policy: RetryPolicy,
    private readonly logger: SpApiLogger = {},
    private readonly onRequest?: (e: RequestEvent) => void,
  ) {}

  async call<T>(spec: CallSpec): Promise<CallResult<T>> {
    let failures = 0;
    let throttles = 0;
    let tokenRenewals = 0;
    let renewRdt = false;
    for (let attempt = 1; ; attempt++) {
      this.checkOpen(spec.operation);
      await this.ensureAccessToken();
      // Tokens first, then the bucket: a token renewal must not hold a bucket token while it runs.
      if (spec.restrictedDataToken) await spec.restrictedDataToken(renewRdt);
      renewRdt = false;
      const bucket = this.pacer.bucket(spec.operation);
      await bucket.take(this.closing.signal).catch(() => this.checkOpen(spec.operation));
      let res: RawResult;
      try {
        res = await this.send(spec);
      } catch (e) {
        if (e instanceof SpApiError) throw e; // from the RDT supplier, already typed and retried
        const code = errorCode(e);
        this.emit(spec.operation, null, code, attempt);
        if (RETRYABLE_NETWORK_CODES.has(code) && ++failures < this.policy.maxAttempts) {
          await this.backoff(spec.operation, failures, code);
          continue;
        }
        throw new SpApiError({
          operation: spec.operation, status: null, code, message: errorMessage(e),
          retryable: RETRYABLE_NETWORK_CODES.has(code), attempts: attempt,
        });
      } finally {
        bucket.release();
      }
      const status = res.statusCode;
      const limit = Number(header(res.headers, 'x-amzn-ratelimit-limit'));
      if (limit > 0) bucket.setRate(limit);
      const parsed = parseBody(res.body);
      const error = parsed.ok ? (parsed.value as { errors?: { code?: string; message?: string; details?: string }[] })?.errors?.[0] : undefined;
      this.emit(spec.operation, status, error?.code, attempt);

      if (status >= 200 && status < 300) {
        if (status === 204 || res.body.trim() === '') return { status, body: null as T };
        if (parsed.ok) return { status, body: parsed.value as T };
        // A truncated or garbled success body: the answer was lost in transit, ask again.
        if (++failures < this.policy.maxAttempts) {
          await this.backoff(spec.operation, failures, 'JSON_PARSE_ERROR');
          continue;
        }
        throw new SpApiError({ operation: spec.operation, status, code: 'JSON_PARSE_ERROR', message: 'Amazon sent a body that is not JSON', details: res.body.slice(0, 200), retryable: true, attempts: attempt });
      }
      const fail = (retryable: boolean) => new SpApiError({
        operation: spec.operation, status, code: error?.code ?? `HTTP_${status}`, message: error?.message ?? `HTTP ${status}`,
        details: error?.details ?? null, retryable, attempts: attempt,
      });
      if (status === 429) {
        // Amazon's bucket is empty whatever ours says: wait for the next token, a bounded number of times.
        bucket.drain();
        if (++throttles <= this.policy.maxThrottleRetries) continue;
        throw fail(true);
      }
      if (status === 403 && error?.code === 'Unauthorized' && /expired/i.test(error.details ?? '') && tokenRenewals < 2) {
        tokenRenewals++;
        if (/restricted data token/i.test(error.details ?? '')) renewRdt = true;
        else this.tokenExpiresAt = 0;
        continue;
      }
      if (status >= 500) {
        if (++failures < this.policy.maxAttempts) {
          await this.backoff(spec.operation, failures, String(status));
          continue;
        }
        throw fail(true);
      }
      throw fail(false);
    }
  }

  /** One HTTP attempt. The wait for a bucket token may have been long: tokens are checked again (a cached, valid one costs nothing). */
  private async send(spec: CallSpec): Promise<RawResult> {
    await this.ensureAccessToken();
    const rdt = spec.restrictedDataToken ? await spec.restrictedDataToken(false) : undefined;
    return this.sp.callAPI({
      operation: spec.clientOperation,
      path: spec.path,
      query: spec.query,
      body: spec.body,
      ...(rdt ? { restricted_data_token: rdt } : {}),
      // No `timeouts`: the request deadline is the agent's (see DeadlineAgent), whose timer ends with the request.
      options: { version: spec.version, raw_result: true },
    });
  }

  /** A pre-signed document URL: no bucket, no token, the same bounded retries. */
  async document<T>(operation: string, run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const value = await run();
        this.emit(operation, 200, undefined, attempt);
        return value;
      } catch (e) {
        const code = errorCode(e);
        const retryable = RETRYABLE_NETWORK_CODES.has(code) || /InternalError|ServiceUnavailable|SlowDown/.test(code);
        this.emit(operation, null, code, attempt);
        if (retryable && attempt < this.policy.maxAttempts) {
          await this.backoff(operation, attempt, code);
          continue;
        }
        throw new SpApiError({ operation, status: null, code, message: errorMessage(e), retryable, attempts: attempt });
      }
    }
  }

  /** Ends every wait of this transport; calls still running fail with a non-retryable `CLOSED`. */
  close(): void {
    this.closing.abort();
  }

  private checkOpen(operation: string): void {
    if (this.closing.signal.aborted) {
      throw new SpApiError({ operation, status: null, code: 'CLOSED', message: 'The SP-API adapter was closed', retryable: false });
    }
  }

  /** Forgets the access token, so that the next call asks LWA for a new one. */
  invalidateAccessToken(): void {
    this.tokenExpiresAt = 0;
  }

  private async ensureAccessToken(): Promise<void> {
    if (this.clock.now() < this.tokenExpiresAt - TOKEN_MARGIN_MS) return;
    // One refresh at a time; concurrent calls wait for it.
    this.refreshing ??= this.refreshAccessToken().finally(() => (this.refreshing = null));
    await this.refreshing;
  }

  private async refreshAccessToken(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const requestedAt = this.clock.now();
      try {
        await this.sp.refreshAccessToken();
        this.tokenExpiresAt = requestedAt + TOKEN_LIFETIME_MS;
        this.emit('lwa.token', 200, undefined, attempt);
        this.logger.debug?.('LWA access token refreshed');
        return;
      } catch (e) {
        const code = errorCode(e);
        // invalid_client / invalid_grant / unsupported_grant_type: wrong credentials, retrying cannot help.
        const retryable = !/^(invalid_|unauthorized_client|unsupported_grant_type)/.test(code);
        this.emit('lwa.token', null, code, attempt);
        if (retryable && attempt < this.policy.maxAttempts) {
          await this.backoff('lwa.token', attempt, code);
          continue;
        }
        throw new SpApiError({ operation: 'lwa.token', status: null, code, message: errorMessage(e), retryable, attempts: attempt });
      }
    }
  }

  private async backoff(operation: string, attempt: number, reason: string): Promise<void> {
    const delay = backoffDelayMs(attempt, this.policy);
    this.logger.warn?.('SP-API call failed, retrying', { operation, attempt, reason, delayMs: Math.round(delay) });
    await this.clock.sleep(delay, this.closing.signal);
    this.checkOpen(operation);
  }

  private emit(operation: string, status: number | null, code: string | undefined, attempt: number): void {
    this.onRequest?.({ operation, status, code, attempt, at: this.clock.now() });
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function parseBody(body: string): { ok: true; value: unknown } | { ok: false } {
  if (!body || !body.trim()) return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

function errorCode(e: unknown): string {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'string' && code ? code : 'UNKNOWN_ERROR';
}

function errorMessage(e: unknown): string {
  const m = (e as { message?: unknown })?.message;
  return typeof m === 'string' && m ? m : String(e);
}
