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
  // Several computed fields of a model usually depend through the same path (an order's totals
  // and invoice status all over its lines): their records are searched once.
  const dependentsByPath = new Map<string, number[]>();
  for (const fname of fieldNames) {
    for (const trigger of byField.get(fname) ?? []) {
      const key = `${trigger.model}.${trigger.field}:${trigger.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!trigger.path) {
        queue(env, trigger.model, trigger.field, ids);
        continue;
      }
      const pathKey = `${trigger.model}:${trigger.path}`;
      let dependents = dependentsByPath.get(pathKey);
      if (!dependents) {
        dependents = await env.model(trigger.model).sudo().withContext({ active_test: false })
          ._searchIds([[trigger.path, 'in', ids]], { activeTest: false, order: 'id' });
        dependentsByPath.set(pathKey, dependents);
      }
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

function startsFromPlainField(meta: ModelMeta, field: Field): boolean {
  const related = field.options.related;
  if (!related) return false;
  const first = meta.fields.get(related.split('.')[0]);
  return Boolean(first && !first.computed);
}

function takeNext(env: Environment): { meta: ModelMeta; fields: Field[]; ids: number[] } | null {
  for (const [model, byField] of env.cache.recompute) {
    for (const [fname, idSet] of byField) {
      const meta = env.registry.meta(model);
      const field = meta.fields.get(fname)!;
      // Fields sharing a compute method are computed together, as in Odoo; so are the queued
      // related fields that start from a plain field (they cannot depend on one another).
      const siblings = [...meta.fields.values()].filter((f) => f.stored && (
        f.name === fname || (field.options.compute && f.options.compute === field.options.compute)
        || (byField.has(f.name) && startsFromPlainField(meta, field) && startsFromPlainField(meta, f))));
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

/** Column types whose stored value compares exactly with the value about to be written. */
const COMPARABLE = new Set(['char', 'text', 'selection', 'integer', 'many2one', 'float', 'monetary', 'boolean']);

function sameValue(field: Field, stored: unknown, next: unknown): boolean {
  if (!COMPARABLE.has(field.type)) return false;
  if (stored === null || stored === undefined || next === null) return (stored ?? null) === next;
  if (field.type === 'float' || field.type === 'monetary' || field.type === 'integer') return Number(stored) === next;
  return stored === next;
}

async function recompute(env: Environment, meta: ModelMeta, fields: Field[], ids: number[]): Promise<void> {
  // One read gives both which records still exist and what they hold: a value that did not
  // change is not written again, and what depends on it is not recomputed for nothing.
  const { rows: current } = await env.cr.query<Record<string, unknown>>(
    `SELECT id, ${fields.map((f) => ident(f.name)).join(', ')} FROM ${ident(meta.table)} WHERE id = ANY($1::int[])`, [ids]);
  if (!current.length) return;
  const stored = new Map(current.map((row) => [row.id as number, row]));
  const records = env.model(meta.name).sudo().withContext({ active_test: false }).browse(ids.filter((id) => stored.has(id)));
  let values: Record<number, Vals>;
  const first = fields[0];
  if (first.options.related) {
    values = await computeRelated(records as any, fields);
  } else {
    values = (await (records as any)[first.options.compute!]()) ?? {};
  }
  // Records getting the same new values are updated by one statement.
  const updates = new Map<string, { fields: Field[]; params: unknown[]; ids: number[] }>();
  const changedIds = new Map<string, number[]>();
  for (const id of records.ids) {
    const row = values[id];
    if (!row) continue;
    const changed: Field[] = [];
    const params: unknown[] = [];
    for (const field of fields) {
      if (!(field.name in row)) continue;
      const next = field.toColumn(row[field.name]);
      if (sameValue(field, stored.get(id)![field.name], next)) continue;
      changed.push(field);
      params.push(next);
    }
    if (!changed.length) continue;
    const key = JSON.stringify([changed.map((f) => f.name), params]);
    const update = updates.get(key) ?? updates.set(key, { fields: changed, params, ids: [] }).get(key)!;
    update.ids.push(id);
    const names = changed.map((f) => f.name).join(',');
    (changedIds.get(names) ?? changedIds.set(names, []).get(names)!).push(id);
  }
  for (const { fields: changed, params, ids: targets } of updates.values()) {
    const sets = changed.map((f, i) => `${ident(f.name)} = $${i + 1}`);
    try {
      await env.cr.query(`UPDATE ${ident(meta.table)} SET ${sets.join(', ')} WHERE id = ANY($${params.length + 1}::int[])`, [...params, targets]);
    } catch (error) {
      throw mapDatabaseError(env.registry, error);
    }
  }
  for (const [names, targets] of changedIds) await resolveTriggers(env, meta, targets, names.split(','));
}

async function computeRelated(records: { ids: number[]; env: Environment; _meta: ModelMeta }, fields: Field[]): Promise<Record<number, Vals>> {
  const result: Record<number, Vals> = {};
  // Related fields computed together mostly share their first hop (order_id.…): read it once.
  const hops = new Map<string, Map<number, number | false>>();
  const endsByModel = new Map<string, { targets: Set<number>; names: Set<string>; fields: Array<{ field: Field; last: string; current: Map<number, number | false> }> }>();
  for (const field of fields) {
    const parts = field.options.related!.split('.');
    let current = new Map<number, number | false>(records.ids.map((id) => [id, id]));
    let meta = records._meta;
    for (const part of parts.slice(0, -1)) {
      const hopKey = `${meta.table}.${part}`;
      const next = hops.get(hopKey) ?? hops.set(hopKey, new Map()).get(hopKey)!;
      const ids = [...new Set([...current.values()].filter((v): v is number => typeof v === 'number' && !next.has(v)))];
      if (ids.length) {
        const { rows } = await records.env.cr.query<{ id: number; v: number | null }>(
          `SELECT id, ${ident(part)} AS v FROM ${ident(meta.table)} WHERE id = ANY($1::int[])`, [ids]);
        for (const r of rows) next.set(r.id, r.v ?? false);
      }
      current = new Map([...current].map(([owner, id]) => [owner, id ? next.get(id) ?? false : false]));
      meta = records.env.registry.meta(meta.fields.get(part)!.comodel!);
    }
    const ends = endsByModel.get(meta.name) ?? endsByModel.set(meta.name, { targets: new Set(), names: new Set(), fields: [] }).get(meta.name)!;
    for (const target of current.values()) if (target) ends.targets.add(target);
    ends.names.add(parts[parts.length - 1]);
    ends.fields.push({ field, last: parts[parts.length - 1], current });
  }
  // The last step of every field ending on the same model is one read.
  for (const [model, ends] of endsByModel) {
    const rows = ends.targets.size ? await records.env.model(model).sudo().browse([...ends.targets]).fetch([...ends.names]) : [];
    const byTarget = new Map(rows.map((row) => [row.id as number, row]));
    for (const { field, last, current } of ends.fields) {
      for (const [owner, target] of current) {
        result[owner] = { ...(result[owner] ?? {}), [field.name]: target ? byTarget.get(target as number)?.[last] ?? false : false };
      }
    }
  }
  return result;
}
