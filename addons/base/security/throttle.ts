/**
 * Slows down password guessing: after `maxFailures` failed logins for one login name within
 * `windowMs`, further attempts are refused until the window has passed.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly maxFailures = 5, private readonly windowMs = 60_000, private readonly now = () => Date.now()) {}

  isBlocked(login: string): boolean {
    return this.recent(login).length >= this.maxFailures;
  }

  recordFailure(login: string): void {
    this.failures.set(login, [...this.recent(login), this.now()]);
  }

  recordSuccess(login: string): void {
    this.failures.delete(login);
  }

  private recent(login: string): number[] {
    const since = this.now() - this.windowMs;
    const list = (this.failures.get(login) ?? []).filter((t) => t > since);
    if (list.length) this.failures.set(login, list);
    else this.failures.delete(login);
    return list;
  }
}

export const loginThrottle = new LoginThrottle();
