/**
 * Slows down password guessing without handing attackers a way to lock users out.
 *
 * - Per (login, client address): after `perClient` failures within `windowMs`, that address is
 *   refused for that login until the window has passed. Guessing from one address is slow.
 * - Per login, across all addresses: after `ceiling` failures within the window (a distributed
 *   attack), the login is refused from every address except those it recently logged in from
 *   successfully. The real user, coming back from a known address, is never locked out by
 *   someone else's failures; the ceiling is high so a handful of bad addresses cannot reach it.
 *
 * This class keeps its state in the process; on PostgreSQL the counts live in the database
 * instead (SharedLoginThrottle), so that all workers share them.
 */
export interface ThrottleLimits {
  perClient: number;
  ceiling: number;
  windowMs: number;
  /** how long a successful (login, address) pair stays exempt from the per-login ceiling */
  trustMs: number;
}

export const DEFAULT_LIMITS: ThrottleLimits = { perClient: 5, ceiling: 100, windowMs: 60_000, trustMs: 30 * 86_400_000 };

/** Bound on remembered keys, so a flood of random logins cannot grow memory without limit. */
const MAX_KEYS = 50_000;

export type ThrottleVerdict = 'allowed' | 'client' | 'login';

export class LoginThrottle {
  private readonly byClient = new Map<string, number[]>();
  private readonly byLogin = new Map<string, number[]>();
  private readonly trusted = new Map<string, number>();
  private readonly limits: ThrottleLimits;

  constructor(limits: Partial<ThrottleLimits> = {}, private readonly now = () => Date.now()) {
    this.limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** Why an attempt for this login from this address is refused now, or 'allowed'. */
  verdict(login: string, client: string): ThrottleVerdict {
    if (this.recent(this.byClient, pairKey(login, client)).length >= this.limits.perClient) return 'client';
    if (this.recent(this.byLogin, login).length >= this.limits.ceiling && !this.isTrusted(login, client)) return 'login';
    return 'allowed';
  }

  isBlocked(login: string, client: string): boolean {
    return this.verdict(login, client) !== 'allowed';
  }

  recordFailure(login: string, client: string): void {
    const at = this.now();
    this.push(this.byClient, pairKey(login, client), at);
    this.push(this.byLogin, login, at);
  }

  /** A success clears the address's failures and trusts the address for this login. */
  recordSuccess(login: string, client: string): void {
    const key = pairKey(login, client);
    this.byClient.delete(key);
    if (this.trusted.size >= MAX_KEYS) this.trusted.clear();
    this.trusted.set(key, this.now() + this.limits.trustMs);
  }

  private isTrusted(login: string, client: string): boolean {
    const until = this.trusted.get(pairKey(login, client));
    return until !== undefined && until > this.now();
  }

  private push(map: Map<string, number[]>, key: string, at: number): void {
    if (!map.has(key) && map.size >= MAX_KEYS) this.prune(map);
    map.set(key, [...this.recent(map, key), at]);
  }

  private recent(map: Map<string, number[]>, key: string): number[] {
    const since = this.now() - this.limits.windowMs;
    const list = (map.get(key) ?? []).filter((t) => t > since);
    if (list.length) map.set(key, list);
    else map.delete(key);
    return list;
  }

  private prune(map: Map<string, number[]>): void {
    for (const key of [...map.keys()]) this.recent(map, key);
    if (map.size >= MAX_KEYS) map.clear();
  }
}

function pairKey(login: string, client: string): string {
  return `${login}\0${client}`;
}

/** Address used when a login does not come through HTTP (scripts, tests calling the ORM). */
export const LOCAL_CLIENT = 'local';

export const loginThrottle = new LoginThrottle();
