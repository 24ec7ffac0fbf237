import { AccessError } from './exceptions';
import type { Environment } from './environment';
import { SUPERUSER_ID } from './environment';
import { andDomains, normalizeDomain, orDomains, type Domain } from './domain';

export type Operation = 'read' | 'write' | 'create' | 'unlink';

interface RuleRow {
  domain_force: string;
  global: boolean;
}

/** Per-transaction rules, keyed like the access cache and cleared with it (see ruleDomain). */
const rulesByCache = new WeakMap<Map<string, boolean>, Map<string, RuleRow[]>>();
function ruleCache(env: Environment): Map<string, RuleRow[]> {
  let map = rulesByCache.get(env.cache.access);
  if (!map) rulesByCache.set(env.cache.access, (map = new Map()));
  return map;
}

const GROUP_IDS_SQL = `WITH RECURSIVE g(id) AS (
   SELECT gid FROM res_groups_users_rel WHERE uid = $1
   UNION SELECT r.hid FROM res_groups_implied_rel r JOIN g ON r.gid = g.id)
 SELECT id FROM g`;

/** What one access lookup returns: the right, the rules, and the user's companies. */
export interface AccessRow {
  ok: boolean | null;
  rules: RuleRow[] | string | null;
  company_id: number | null;
  cids: number[] | null;
}

/**
 * The columns of one access lookup for user `$uid` on model `$model` (placeholders given by
 * the caller), to be selected `FROM` anything after `ACCESS_GROUPS_CTE`. The RPC layer puts them
 * in its credential query, so a call checks password and rights in one round trip.
 */
export function accessColumns(operation: Operation, uid: string, model: string): string {
  checkOperation(operation);
  return `(SELECT bool_or(perm_${operation}) FROM ir_model_access
             WHERE model = ${model} AND active IS TRUE AND (group_id IS NULL OR group_id = ANY(ARRAY(SELECT id FROM g)))) AS ok,
          (SELECT json_agg(json_build_object('domain_force', r.domain_force, 'global', NOT EXISTS (SELECT 1 FROM rule_group_rel x WHERE x.rule_group_id = r.id)) ORDER BY r.id)
             FROM ir_rule r
            WHERE r.model = ${model} AND r.active IS TRUE AND r.perm_${operation} IS TRUE
              AND (NOT EXISTS (SELECT 1 FROM rule_group_rel x WHERE x.rule_group_id = r.id)
                   OR EXISTS (SELECT 1 FROM rule_group_rel x WHERE x.rule_group_id = r.id AND x.group_id = ANY(ARRAY(SELECT id FROM g))))) AS rules,
          (SELECT company_id FROM res_users WHERE id = ${uid}) AS company_id,
          ARRAY(SELECT cid FROM res_company_users_rel WHERE user_id = ${uid} ORDER BY cid) AS cids`;
}

/**
 * The user's groups, implied ones included, as the CTE `g` that accessColumns() reads as an
 * array (`= ANY(ARRAY(...))`, not `IN (SELECT ...)`: the planner cannot size a recursive CTE
 * and would build a large hash for a handful of groups).
 */
export function accessGroupsCte(uid: string): string {
  return `WITH RECURSIVE g(id) AS (
     SELECT gid FROM res_groups_users_rel WHERE uid = ${uid}
     UNION SELECT r.hid FROM res_groups_implied_rel r JOIN g ON r.gid = g.id)`;
}

/**
 * Stores an access lookup made elsewhere (the RPC credential query) in the transaction's
 * cache, as checkModelAccess() would have; later checks of that model and operation are free.
 */
export function rememberAccess(env: Environment, model: string, operation: Operation, row: AccessRow | undefined): boolean {
  const key = `${env.uid}:${model}:${operation}`;
  const allowed = Boolean(row?.ok);
  env.cache.access.set(key, allowed);
  ruleCache(env).set(key, typeof row?.rules === 'string' ? JSON.parse(row.rules) : row?.rules ?? []);
  if (!env.cache.companies.has(env.uid) && row) {
    const companyId = row.company_id ?? 1;
    const companyIds = [...(row.cids ?? [])];
    if (!companyIds.includes(companyId)) companyIds.unshift(companyId);
    env.cache.companies.set(env.uid, { companyId, companyIds });
  }
  return allowed;
}

/** Model-level rights (ir.model.access): does any of the user's groups grant the operation? */
export async function checkModelAccess(env: Environment, model: string, operation: Operation, raise = true): Promise<boolean> {
  if (env.su) return true;
  let allowed = env.cache.access.get(`${env.uid}:${model}:${operation}`);
  if (allowed === undefined) {
    // One round trip: the right itself, plus what ruleDomain() and env.companies() will need
    // for this model and operation in the same transaction (they read them from the cache).
    const { rows } = await env.cr.query<AccessRow>(`${accessGroupsCte('$1')} SELECT ${accessColumns(operation, '$1', '$2')}`, [env.uid, model], { prepare: true, flush: false });
    allowed = rememberAccess(env, model, operation, rows[0]);
  }
  if (!allowed && raise) {
    const meta = env.registry.meta(model);
    throw new AccessError(`You are not allowed to ${verb(operation)} ${meta.description} records (${model}). Ask your administrator for access.`);
  }
  return allowed;
}

function checkOperation(operation: string): void {
  if (!['read', 'write', 'create', 'unlink'].includes(operation)) throw new Error(`Unknown access operation ${JSON.stringify(operation)}`);
}

function verb(operation: Operation): string {
  return { read: 'access', write: 'modify', create: 'create', unlink: 'delete' }[operation];
}

/**
 * Record rules (ir.rule) as one domain: global rules all apply, group rules apply when at
 * least one of them matches, as in Odoo. Placeholders: "$uid", "$company_id", "$company_ids".
 */
export async function ruleDomain(env: Environment, model: string, operation: Operation): Promise<Domain> {
  if (env.su || env.uid === SUPERUSER_ID) return [];
  const key = `${env.uid}:${model}:${operation}`;
  // Rules fetched with the access right are valid as long as that cached right is.
  const cached = env.cache.access.has(key) ? ruleCache(env).get(key) : undefined;
  const { rows } = cached ? { rows: cached } : await env.cr.query<RuleRow>(
    `SELECT r.domain_force, NOT EXISTS (SELECT 1 FROM rule_group_rel x WHERE x.rule_group_id = r.id) AS global
       FROM ir_rule r
      WHERE r.model = $2 AND r.active IS TRUE AND r.perm_${operation} IS TRUE
        AND (NOT EXISTS (SELECT 1 FROM rule_group_rel x WHERE x.rule_group_id = r.id)
             OR EXISTS (SELECT 1 FROM rule_group_rel x WHERE x.rule_group_id = r.id AND x.group_id IN (${GROUP_IDS_SQL})))`,
    [env.uid, model], { flush: false });
  if (!rows.length) return [];
  const { companyId, companyIds } = await env.companies();
  const substitute = (value: unknown): unknown => {
    if (value === '$uid') return env.uid;
    if (value === '$company_id') return companyId;
    if (value === '$company_ids') return companyIds;
    if (Array.isArray(value)) return value.map(substitute);
    return value;
  };
  const parse = (text: string) => normalizeDomain(substitute(JSON.parse(text)) as unknown[]);
  const globals = rows.filter((r) => r.global).map((r) => parse(r.domain_force));
  const groups = rows.filter((r) => !r.global).map((r) => parse(r.domain_force));
  return andDomains(...globals, groups.length ? orDomains(...groups) : []);
}
