/** How hard the adapter tries before it reports a failure. All delays are in Amazon time. */
export interface RetryPolicy {
  /** Attempts in total for server errors, timeouts and resets (1 = no retry). */
  maxAttempts: number;
  /** 429 answers tolerated per call; each waits for a token of the operation's bucket. */
  maxThrottleRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  maxThrottleRetries: 30,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
};

/**
 * Exponential backoff with "equal jitter": half the exponential delay is fixed, half random, so
 * many clients recovering from one outage do not retry in lockstep. `attempt` counts from 1.
 */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return exp / 2 + random() * (exp / 2);
}
