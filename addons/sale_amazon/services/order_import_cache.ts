/**
 * What one order's transaction learns that the next ones can reuse within a run: external ids
 * (default products, Customers location), the user's companies and groups. Each order still runs
 * in a transaction of its own; only facts read from committed data are carried over, and only
 * after the transaction that read them committed, so a rolled-back order never leaves a trace.
 */
import type { Environment, TransactionCache } from '../../base/orm/environment';

type Carried = Pick<TransactionCache, 'xmlids' | 'companies' | 'groups'>;

export class ImportRunCache {
  private readonly carried: Carried = { xmlids: new Map(), companies: new Map(), groups: new Map() };

  /** Gives a new order transaction what earlier ones learnt. */
  seed(env: Environment): void {
    for (const key of ['xmlids', 'companies', 'groups'] as const) {
      for (const [k, v] of this.carried[key] as Map<unknown, unknown>) (env.cache[key] as Map<unknown, unknown>).set(k, v);
    }
  }

  /** Keeps what a committed transaction learnt (a missing external id is looked up again next time). */
  keep(env: Environment): void {
    for (const [xmlid, found] of env.cache.xmlids) if (found) this.carried.xmlids.set(xmlid, found);
    for (const [uid, companies] of env.cache.companies) this.carried.companies.set(uid, companies);
    for (const [uid, groups] of env.cache.groups) this.carried.groups.set(uid, groups);
  }
}
