import type { Cursor, Database } from '../db/database';
import { MissingError, UserError } from './exceptions';
import type { Model } from './model';
import type { Registry } from './registry';
import { UnknownModel } from './registry';
import { recomputePending } from './compute';

export type Context = Record<string, any>;

export const SUPERUSER_ID = 1;

/**
 * Per-transaction memo shared by every Environment derived from the same one (sudo,
 * withContext...): group membership, access rights and external ids are read once per call.
 */
export interface TransactionCache {
  groups: Map<number, Set<string>>;
  companies: Map<number, { companyId: number; companyIds: number[] }>;
  xmlids: Map<string, { model: string; id: number } | null>;
  access: Map<string, boolean>;
  /** model -> computed field -> record ids waiting for a recompute */
  recompute: Map<string, Map<string, Set<number>>>;
  recomputing: boolean;
  /** whether the transaction's cursor runs this cache's flush before COMMIT and SAVEPOINT */
  flushRegistered?: boolean;
  /** the database the transaction belongs to, so long jobs can commit per unit of work */
  db?: Database;
}

/** Odoo's `env`: who acts (uid, su), on which transaction (cr), with which context. */
export class Environment {
  constructor(
    readonly registry: Registry,
    readonly cr: Cursor,
    readonly uid: number,
    readonly context: Context = {},
    readonly su: boolean = uid === SUPERUSER_ID,
    /** developer mode of the web session; base.group_no_one counts only when true */
    readonly debug: boolean = false,
    readonly cache: TransactionCache = newCache(),
  ) {}

  /** An empty recordset of the model, like `env['res.partner']`. */
  model<M extends Model = Model>(name: string): M {
    const meta = this.registry.models.get(name);
    if (!meta) throw new UserError(new UnknownModel(name).message);
    return new (meta.cls as any)(this, []) as M;
  }

  sudo(flag = true): Environment {
    return new Environment(this.registry, this.cr, this.uid, this.context, flag, this.debug, this.cache);
  }

  withUser(uid: number): Environment {
    return new Environment(this.registry, this.cr, uid, this.context, uid === SUPERUSER_ID, this.debug, this.cache);
  }

  withContext(context: Context, replace = false): Environment {
    return new Environment(this.registry, this.cr, this.uid, replace ? context : { ...this.context, ...context }, this.su, this.debug, this.cache);
  }

  /** The record behind an external id such as 'base.main_company'. */
  async ref<M extends Model = Model>(xmlid: string, raiseIfMissing = true): Promise<M> {
    const found = await this.lookupXmlid(xmlid);
    if (!found) {
      if (raiseIfMissing) throw new MissingError(`External ID not found in the system: ${xmlid}`);
      return null as unknown as M;
    }
    return this.model<M>(found.model).browse([found.id]) as M;
  }

  async refId(xmlid: string): Promise<number | null> {
    return (await this.lookupXmlid(xmlid))?.id ?? null;
  }

  private async lookupXmlid(xmlid: string): Promise<{ model: string; id: number } | null> {
    if (this.cache.xmlids.has(xmlid)) return this.cache.xmlids.get(xmlid)!;
    const [module, name] = xmlid.includes('.') ? xmlid.split(/\.(.*)/s) : ['', xmlid];
    const { rows } = await this.cr.query<{ model: string; res_id: number }>(
      'SELECT model, res_id FROM ir_model_data WHERE module = $1 AND name = $2', [module, name], { flush: false });
    const found = rows[0] ? { model: rows[0].model, id: rows[0].res_id } : null;
    this.cache.xmlids.set(xmlid, found);
    return found;
  }

  /** External ids of the groups the user belongs to, implied groups included. */
  async userGroups(uid = this.uid): Promise<Set<string>> {
    const cached = this.cache.groups.get(uid);
    if (cached) return cached;
    const { rows } = await this.cr.query<{ xmlid: string }>(
      `WITH RECURSIVE g(id) AS (
         SELECT gid FROM res_groups_users_rel WHERE uid = $1
         UNION SELECT r.hid FROM res_groups_implied_rel r JOIN g ON r.gid = g.id)
       SELECT d.module || '.' || d.name AS xmlid FROM g
       JOIN ir_model_data d ON d.model = 'res.groups' AND d.res_id = g.id`, [uid], { flush: false });
    const groups = new Set(rows.map((row) => row.xmlid));
    this.cache.groups.set(uid, groups);
    return groups;
  }

  /** Odoo's user_has_groups: base.group_no_one only counts in developer mode. */
  async hasGroup(xmlids: string): Promise<boolean> {
    if (this.uid === SUPERUSER_ID) return !xmlids.split(',').every((x) => x.trim() === 'base.group_no_one') || this.debug;
    const groups = await this.userGroups();
    return xmlids.split(',').map((x) => x.trim()).some((xmlid) => {
      const negate = xmlid.startsWith('!');
      const name = negate ? xmlid.slice(1) : xmlid;
      const member = groups.has(name) && (name !== 'base.group_no_one' || this.debug);
      return negate ? !member : member;
    });
  }

  /** The current company and the companies the user works in for this call. */
  async companies(): Promise<{ companyId: number; companyIds: number[] }> {
    const cached = this.cache.companies.get(this.uid);
    const base = cached ?? (await this.loadCompanies());
    if (!cached) this.cache.companies.set(this.uid, base);
    const allowed: unknown = this.context.allowed_company_ids;
    if (Array.isArray(allowed) && allowed.length) {
      const ids = allowed.filter((id): id is number => typeof id === 'number' && (this.su || base.companyIds.includes(id)));
      if (ids.length) return { companyId: ids[0], companyIds: ids };
    }
    return base;
  }

  private async loadCompanies(): Promise<{ companyId: number; companyIds: number[] }> {
    const { rows } = await this.cr.query<{ company_id: number; cids: number[] | null }>(
      'SELECT company_id, ARRAY(SELECT cid FROM res_company_users_rel WHERE user_id = $1 ORDER BY cid) AS cids FROM res_users WHERE id = $1', [this.uid], { flush: false });
    const companyId = rows[0]?.company_id ?? 1;
    const companyIds = [...(rows[0]?.cids ?? [])];
    if (!companyIds.includes(companyId)) companyIds.unshift(companyId);
    return { companyId, companyIds };
  }

  async companyId(): Promise<number> {
    return (await this.companies()).companyId;
  }

  /**
   * Odoo's flush: computes the stored computed fields still queued (in batch, one compute call
   * per field over all its pending records) and writes them. Reads through the ORM flush by
   * themselves, and so does COMMIT; code reading computed columns with raw SQL
   * (`env.cr.query`) calls it first.
   */
  async flush(): Promise<void> {
    if (this.cache.recompute.size) await recomputePending(this);
  }

  /** The Database behind this transaction: long jobs open one transaction per unit of work. */
  get db(): Database {
    if (!this.cache.db) throw new Error('This environment was created without its database handle.');
    return this.cache.db;
  }

  get user(): Model {
    return this.model('res.users').browse([this.uid]);
  }
}

export function newCache(): TransactionCache {
  return { groups: new Map(), companies: new Map(), xmlids: new Map(), access: new Map(), recompute: new Map(), recomputing: false };
}
