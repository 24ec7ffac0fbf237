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

/** Model-level rights (ir.model.access): does any of the user's groups grant the operation? */
export async function checkModelAccess(env: Environment, model: string, operation: Operation, raise = true): Promise<boolean> {
  if (env.su) return true;
  const key = `${env.uid}:${model}:${operation}`;
  let allowed = env.cache.access.get(key);
  if (allowed === undefined) {
    // One round trip: the right itself, plus what ruleDomain() and env.companies() will need
    // for this model and operation in the same transaction (they read them from the cache).
    const { rows } = await env.cr.query<{ ok: boolean | null; rules: RuleRow[] | null; company_id: number | null; cids: number[] | null }>(
      `WITH RECURSIVE g(id) AS (
         SELECT gid FROM res_groups_users_rel WHERE uid = $1
         UNION SELECT r.hid FROM res_groups_implied_rel r JOIN g ON r.gid = g.id)
       SELECT (SELECT bool_or(perm_${operation}) FROM ir_model_access
                WHERE model = $2 AND active IS TRUE AND (group_id IS NULL OR group_id IN (SELECT id FROM g))) AS ok,
              (SELECT json_agg(json_build_object('domain_force', r.domain_force, 'global', NOT EXISTS (SELECT 1 FROM rule_group_rel x WHERE x.rule_group_id = r.id)) ORDER BY r.id)
                 FROM ir_rule r
                WHERE r.model = $2 AND r.active IS TRUE AND r.perm_${operation} IS TRUE
                  AND (NOT EXISTS (SELECT 1 FROM rule_group_rel x WHERE x.rule_group_id = r.id)
                       OR EXISTS (SELECT 1 FROM rule_group_rel x WHERE x.rule_group_id = r.id AND x.group_id IN (SELECT id FROM g)))) AS rules,
              (SELECT company_id FROM res_users WHERE id = $1) AS company_id,
              ARRAY(SELECT cid FROM res_company_users_rel WHERE user_id = $1 ORDER BY cid) AS cids`,
      [env.uid, model]);
    allowed = Boolean(rows[0]?.ok);
    env.cache.access.set(key, allowed);
    ruleCache(env).set(key, typeof rows[0]?.rules === 'string' ? JSON.parse(rows[0].rules) : rows[0]?.rules ?? []);
    if (!env.cache.companies.has(env.uid) && rows[0]) {
      const companyId = rows[0].company_id ?? 1;
      const companyIds = [...(rows[0].cids ?? [])];
      if (!companyIds.includes(companyId)) companyIds.unshift(companyId);
      env.cache.companies.set(env.uid, { companyId, companyIds });
    }
  }
  if (!allowed && raise) {
    const meta = env.registry.meta(model);
    throw new AccessError(`You are not allowed to ${verb(operation)} ${meta.description} records (${model}). Ask your administrator for access.`);
  }
  return allowed;
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
    [env.uid, model]);
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
