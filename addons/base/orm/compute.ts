import type { Environment } from './environment';
import type { Field } from './fields';
import type { ModelMeta } from './registry';
import { ident } from './sql';
import { mapDatabaseError } from './db_errors';
import type { Vals } from './values';

function queue(env: Environment, model: string, field: string, ids: number[]): void {
  if (!ids.length) return;
  let byField = env.cache.recompute.get(model);
  if (!byField) env.cache.recompute.set(model, (byField = new Map()));
  const set = byField.get(field) ?? new Set<number>();
  for (const id of ids) set.add(id);
  byField.set(field, set);
}

/** Finds the stored computed fields (and their records) that depend on these changed fields. */
async function resolveTriggers(env: Environment, meta: ModelMeta, ids: number[], fieldNames: string[]): Promise<void> {
  const byField = env.registry.triggers.get(meta.name);
  if (!byField || !ids.length) return;
  const seen = new Set<string>();
  for (const fname of fieldNames) {
    for (const trigger of byField.get(fname) ?? []) {
      const key = `${trigger.model}.${trigger.field}:${trigger.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!trigger.path) {
        queue(env, trigger.model, trigger.field, ids);
        continue;
      }
      const dependents = await env.model(trigger.model).sudo().withContext({ active_test: false })
        ._searchIds([[trigger.path, 'in', ids]], { activeTest: false, order: 'id' });
      queue(env, trigger.model, trigger.field, dependents);
    }
  }
}

export async function collectBeforeChange(env: Environment, meta: ModelMeta, ids: number[], fieldNames: string[]): Promise<void> {
  const relational = fieldNames.filter((f) => meta.fields.get(f)?.isRelational);
  if (relational.length) await resolveTriggers(env, meta, ids, relational);
}

export function markModified(env: Environment, meta: ModelMeta, ids: number[], fieldNames: string[]): Promise<void> {
  return resolveTriggers(env, meta, ids, fieldNames);
}

export async function markCreated(env: Environment, meta: ModelMeta, ids: number[]): Promise<void> {
  for (const field of meta.fields.values()) {
    if (field.computed && field.stored) queue(env, meta.name, field.name, ids);
  }
  await resolveTriggers(env, meta, ids, [...meta.fields.keys()]);
}

/** Recomputes queued stored fields until nothing is left; a compute may queue further ones. */
export async function recomputePending(env: Environment): Promise<void> {
  if (env.cache.recomputing) return; // the outer loop picks up what nested writes queue
  env.cache.recomputing = true;
  try {
    for (let round = 0; round < 10_000; round++) {
      const next = takeNext(env);
      if (!next) return;
      await recompute(env, next.meta, next.fields, next.ids);
    }
    throw new Error('Recomputation did not settle: computed fields depend on each other in a loop.');
  } finally {
    env.cache.recomputing = false;
  }
}

function takeNext(env: Environment): { meta: ModelMeta; fields: Field[]; ids: number[] } | null {
  for (const [model, byField] of env.cache.recompute) {
    for (const [fname, idSet] of byField) {
      const meta = env.registry.meta(model);
      const field = meta.fields.get(fname)!;
      // Fields sharing a compute method are computed together, as in Odoo.
      const siblings = [...meta.fields.values()].filter((f) => f.stored && (
        f.name === fname || (field.options.compute && f.options.compute === field.options.compute)));
      const ids = new Set(idSet);
      for (const sibling of siblings) {
        for (const id of byField.get(sibling.name) ?? []) ids.add(id);
        byField.delete(sibling.name);
      }
      if (!byField.size) env.cache.recompute.delete(model);
      return { meta, fields: siblings, ids: [...ids] };
    }
  }
  return null;
}

async function recompute(env: Environment, meta: ModelMeta, fields: Field[], ids: number[]): Promise<void> {
  const records = await env.model(meta.name).sudo().withContext({ active_test: false }).browse(ids).exists();
  if (!records.length) return;
  let values: Record<number, Vals>;
  const first = fields[0];
  if (first.options.related) {
    values = await computeRelated(records as any, fields);
  } else {
    values = (await (records as any)[first.options.compute!]()) ?? {};
  }
  for (const id of records.ids) {
    const row = values[id];
    if (!row) continue;
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const field of fields) {
      if (!(field.name in row)) continue;
      params.push(field.toColumn(row[field.name]));
      sets.push(`${ident(field.name)} = $${params.length}`);
    }
    if (!sets.length) continue;
    params.push(id);
    try {
      await env.cr.query(`UPDATE ${ident(meta.table)} SET ${sets.join(', ')} WHERE id = $${params.length}`, params);
    } catch (error) {
      throw mapDatabaseError(env.registry, error);
    }
  }
  await resolveTriggers(env, meta, records.ids, fields.map((f) => f.name));
}

async function computeRelated(records: { ids: number[]; env: Environment; _meta: ModelMeta }, fields: Field[]): Promise<Record<number, Vals>> {
  const result: Record<number, Vals> = {};
  for (const field of fields) {
    const parts = field.options.related!.split('.');
    let current = new Map<number, number | false>(records.ids.map((id) => [id, id]));
    let meta = records._meta;
    for (const part of parts.slice(0, -1)) {
      const ids = [...new Set([...current.values()].filter((v): v is number => Boolean(v)))];
      const { rows } = await records.env.cr.query<{ id: number; v: number | null }>(
        `SELECT id, ${ident(part)} AS v FROM ${ident(meta.table)} WHERE id = ANY($1::int[])`, [ids]);
      const next = new Map(rows.map((r) => [r.id, r.v ?? false] as const));
      current = new Map([...current].map(([owner, id]) => [owner, id ? next.get(id) ?? false : false]));
      meta = records.env.registry.meta(meta.fields.get(part)!.comodel!);
    }
    const last = parts[parts.length - 1];
    const targets = [...new Set([...current.values()].filter((v): v is number => Boolean(v)))];
    const rows = targets.length ? await records.env.model(meta.name).sudo().browse(targets).fetch([last]) : [];
    const byTarget = new Map(rows.map((row) => [row.id as number, row[last]]));
    for (const [owner, target] of current) {
      result[owner] = { ...(result[owner] ?? {}), [field.name]: target ? byTarget.get(target) ?? false : false };
    }
  }
  return result;
}
