import { AccessError } from './exceptions';
import type { Environment } from './environment';
import { SUPERUSER_ID } from './environment';
import { andDomains, normalizeDomain, orDomains, type Domain } from './domain';

export type Operation = 'read' | 'write' | 'create' | 'unlink';

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
    const { rows } = await env.cr.query<{ ok: boolean | null }>(
      `SELECT bool_or(perm_${operation}) AS ok FROM ir_model_access
        WHERE model = $2 AND active IS TRUE AND (group_id IS NULL OR group_id IN (${GROUP_IDS_SQL}))`,
      [env.uid, model]);
    allowed = Boolean(rows[0]?.ok);
    env.cache.access.set(key, allowed);
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
  const { rows } = await env.cr.query<{ domain_force: string; global: boolean }>(
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
