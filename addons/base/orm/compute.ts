import type { Environment } from './environment';
import type { Field } from './fields';
import type { ModelMeta, Trigger } from './registry';
import { SqlParams, ident } from './sql';
import { compileDomain } from './domain';
import { mapDatabaseError } from './db_errors';
import { runConstraints } from './write';
import type { Vals } from './values';

function queue(env: Environment, model: string, field: string, ids: number[]): void {
  if (!ids.length) return;
  let byField = env.cache.recompute.get(model);
  if (!byField) env.cache.recompute.set(model, (byField = new Map()));
  const set = byField.get(field) ?? new Set<number>();
  for (const id of ids) set.add(id);
  byField.set(field, set);
  if (!env.cache.flushRegistered) {
    // Queued work is never lost: the cursor runs it before COMMIT and before a SAVEPOINT.
    env.cache.flushRegistered = true;
    env.cr.onFlush(() => env.flush());
  }
}

/** Column values of records just created, by id (what they point to is known without a query). */
export type CreatedValues = Map<number, Map<string, unknown>>;

/**
 * Finds the stored computed fields (and their records) that depend on these changed fields.
 * The dependents reached through a path are searched in one query for all paths; for records
 * just created, most paths need no query at all (see dependentsOfCreated).
 */
async function resolveTriggers(env: Environment, meta: ModelMeta, ids: number[], fieldNames: string[], created?: CreatedValues): Promise<void> {
  const byField = env.registry.triggers.get(meta.name);
  if (!byField || !ids.length) return;
  const seen = new Set<string>();
  const waiting: Trigger[] = [];
  for (const fname of fieldNames) {
    for (const trigger of byField.get(fname) ?? []) {
      const key = `${trigger.model}.${trigger.field}:${trigger.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!trigger.path) queue(env, trigger.model, trigger.field, ids);
      else waiting.push(trigger);
    }
  }
  const searches = new Map<string, { model: string; path: string; ids: number[] }>();
  const known = new Map<string, number[]>();
  for (const trigger of waiting) {
    const pathKey = `${trigger.model}:${trigger.path}`;
    if (searches.has(pathKey) || known.has(pathKey)) continue;
    const fromValues = created ? dependentsOfCreated(env, meta, trigger, created) : undefined;
    if (fromValues === undefined) searches.set(pathKey, { model: trigger.model, path: trigger.path, ids });
    else if (fromValues.search) searches.set(pathKey, { model: trigger.model, path: fromValues.search.path, ids: fromValues.search.ids });
    else known.set(pathKey, fromValues.ids);
  }
  for (const [pathKey, found] of await searchDependents(env, searches)) known.set(pathKey, found);
  for (const trigger of waiting) queue(env, trigger.model, trigger.field, known.get(`${trigger.model}:${trigger.path}`) ?? []);
}

/**
 * Dependents of records just created, from their values: nothing can point to a new record
 * yet through a many2one (what points to it later queues its own recompute), and
 * through a one2many the parents are the values of the inverse many2one just inserted.
 * Returns undefined when the path needs the general search.
 */
function dependentsOfCreated(env: Environment, meta: ModelMeta, trigger: Trigger, created: CreatedValues):
  { ids: number[]; search?: { path: string; ids: number[] } } | undefined {
  const parts = trigger.path.split('.');
  let current = env.registry.meta(trigger.model);
  for (const part of parts.slice(0, -1)) {
    const hop = current.fields.get(part);
    if (!hop?.comodel) return undefined;
    current = env.registry.meta(hop.comodel);
  }
  const last = current.fields.get(parts[parts.length - 1]);
  if (!last || last.comodel !== meta.name) return undefined;
  // (A many2many can: a new record's own many2many may share its relation table.)
  if (last.type === 'many2one') return { ids: [] };
  const inverse = last.options.inverse;
  if (last.type !== 'one2many' || !inverse || meta.fields.get(inverse)?.computed) return undefined;
  const parents = new Set<number>();
  for (const columns of created.values()) {
    const parent = columns.get(inverse);
    if (typeof parent === 'number') parents.add(parent);
  }
  if (parts.length === 1 || !parents.size) return { ids: [...parents] };
  return { ids: [], search: { path: parts.slice(0, -1).join('.'), ids: [...parents] } };
}

/** The records of each (model, path) whose path leads to one of the ids: one query for all. */
async function searchDependents(env: Environment, searches: Map<string, { model: string; path: string; ids: number[] }>): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  if (!searches.size) return found;
  const params = new SqlParams();
  const selects: string[] = [];
  const keys = [...searches.keys()];
  for (const [index, key] of keys.entries()) {
    const { model, path, ids } = searches.get(key)!;
    const meta = env.registry.meta(model);
    // Paths through stored computes read their columns: those must be up to date first.
    if (crossesComputed(env, meta, path)) await env.flush();
    const where = await compileDomain(env.sudo().withContext({ active_test: false }), meta, [[path, 'in', ids]], 't0', params);
    selects.push(`SELECT ${index} AS k, t0.id FROM ${ident(meta.table)} t0 WHERE ${where}`);
    found.set(key, []);
  }
  const { rows } = await env.cr.query<{ k: number; id: number }>(`${selects.join(' UNION ALL ')} ORDER BY 1, 2`, params.values, { flush: false });
  for (const row of rows) found.get(keys[row.k])!.push(row.id);
  return found;
}

function crossesComputed(env: Environment, meta: ModelMeta, path: string): boolean {
  let current = meta;
  for (const part of path.split('.')) {
    const field = current.fields.get(part);
    if (!field) return false;
    if (field.computed) return true;
    if (!field.comodel) return false;
    current = env.registry.meta(field.comodel);
  }
  return false;
}

export async function collectBeforeChange(env: Environment, meta: ModelMeta, ids: number[], fieldNames: string[]): Promise<void> {
  const relational = fieldNames.filter((f) => meta.fields.get(f)?.isRelational);
  if (relational.length) await resolveTriggers(env, meta, ids, relational);
}

export function markModified(env: Environment, meta: ModelMeta, ids: number[], fieldNames: string[]): Promise<void> {
  return resolveTriggers(env, meta, ids, fieldNames);
}

/**
 * Queues the stored computes of new records and of what depends on them (`columns`: their
 * inserted values, in id order), except the fields precomputed into the INSERT for some of them.
 */
export async function markCreated(env: Environment, meta: ModelMeta, ids: number[], columns: Array<Map<string, unknown>>,
  precomputed: Map<string, number[]> = new Map()): Promise<void> {
  for (const field of meta.fields.values()) {
    if (field.computed && field.stored) queue(env, meta.name, field.name, ids);
  }
  const created: CreatedValues = new Map(ids.map((id, i) => [id, columns[i]]));
  await resolveTriggers(env, meta, ids, [...meta.fields.keys()], created);
  // Taken off afterwards, as their own fields' triggers queue them again. Nothing else can have
  // queued them for these ids: only their children, created since the INSERT, point to them,
  // and a field depending on given children is never precomputed (see precompute.ts).
  const byField = env.cache.recompute.get(meta.name);
  for (const [name, done] of precomputed) {
    const pending = byField?.get(name);
    if (!pending) continue;
    for (const id of done) pending.delete(id);
    if (!pending.size) byField!.delete(name);
  }
  if (byField && !byField.size) env.cache.recompute.delete(meta.name);
}

/**
 * For each stored computed field ("model.field"), the stored computed fields whose recompute can
 * change it: itself and, however far, the computed fields it depends on. A plain field is written
 * at once, so only these can be stale.
 */
const upstreamByRegistry = new WeakMap<object, Map<string, Set<string>>>();
function upstream(env: Environment, key: string): Set<string> {
  let byKey = upstreamByRegistry.get(env.registry);
  if (!byKey) upstreamByRegistry.set(env.registry, (byKey = new Map()));
  const cached = byKey.get(key);
  if (cached) return cached;
  const sources = new Map<string, string[]>();
  for (const [model, byField] of env.registry.triggers) {
    for (const [fname, triggers] of byField) {
      const changed = env.registry.meta(model).fields.get(fname);
      if (!changed?.computed || !changed.stored) continue;
      for (const t of triggers) {
        const target = `${t.model}.${t.field}`;
        sources.set(target, [...(sources.get(target) ?? []), `${model}.${fname}`]);
      }
    }
  }
  const found = new Set<string>([key]);
  for (const todo = [key]; todo.length;) {
    for (const source of sources.get(todo.pop()!) ?? []) {
      if (!found.has(source)) {
        found.add(source);
        todo.push(source);
      }
    }
  }
  byKey.set(key, found);
  return found;
}

/**
 * Whether a queued recompute could change one of these stored fields of the model: reads of
 * stored fields flush only then, so the recomputes of a batch are not written (and written
 * again) at every read in between (a transfer's state while its moves are being reserved).
 */
export function mayBeStale(env: Environment, model: string, fieldNames: string[]): boolean {
  if (!env.cache.recompute.size) return false;
  for (const fname of fieldNames) {
    for (const key of upstream(env, `${model}.${fname}`)) {
      const dot = key.lastIndexOf('.');
      if (env.cache.recompute.get(key.slice(0, dot))?.has(key.slice(dot + 1))) return true;
    }
  }
  return false;
}

/** Queues a stored computed field of existing records for the next flush, as a change of its dependencies would. */
export function queueRecompute(env: Environment, model: string, fieldNames: string[], ids: number[]): void {
  for (const name of fieldNames) queue(env, model, name, ids);
}

/** Recomputes queued stored fields until nothing is left; a compute may queue further ones. */
export async function recomputePending(env: Environment): Promise<void> {
  if (env.cache.recomputing) return; // the outer loop picks up what nested writes queue
  env.cache.recomputing = true;
  try {
    for (let round = 0; round < 10_000; round++) {
      const level = lowestPendingLevel(env);
      if (level === null) return;
      // Fields of one dependency level never read one another: all of them are computed, then
      // each model's new values are written together (one row version per record, not one
      // per field), then what depends on them is queued for the next level.
      const changes = new ComputedChanges();
      for (let next = takeNext(env, level); next; next = takeNext(env, level)) await recompute(env, next.meta, next.fields, next.ids, changes);
      await changes.write(env);
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

/**
 * How deep a stored computed field sits in the dependency graph: 0 when it depends on plain
 * fields only, otherwise one more than the deepest computed field it depends on. Recomputing
 * the lowest levels first means a compute reads values already up to date (an order's total
 * after its lines' subtotals), so each field is computed once per flush.
 */
const levelsByRegistry = new WeakMap<object, Map<string, number>>();
function levels(env: Environment): Map<string, number> {
  const cached = levelsByRegistry.get(env.registry);
  if (cached) return cached;
  const level = new Map<string, number>();
  const edges: Array<[string, string]> = [];
  for (const [model, byField] of env.registry.triggers) {
    for (const [fname, triggers] of byField) {
      const changed = env.registry.meta(model).fields.get(fname);
      if (!changed?.computed || !changed.stored) continue;
      for (const t of triggers) edges.push([`${model}.${fname}`, `${t.model}.${t.field}`]);
    }
  }
  // Bellman-Ford style relaxation; a cycle stops growing at the number of edges.
  for (let round = 0, grew = true; grew && round <= edges.length; round++) {
    grew = false;
    for (const [from, to] of edges) {
      const next = (level.get(from) ?? 0) + 1;
      if (from !== to && next > (level.get(to) ?? 0)) {
        level.set(to, next);
        grew = true;
      }
    }
  }
  levelsByRegistry.set(env.registry, level);
  return level;
}

function lowestPendingLevel(env: Environment): number | null {
  const depth = levels(env);
  let lowest: number | null = null;
  for (const [model, byField] of env.cache.recompute) {
    for (const fname of byField.keys()) {
      const level = depth.get(`${model}.${fname}`) ?? 0;
      if (lowest === null || level < lowest) lowest = level;
    }
  }
  return lowest;
}

/** A queued field of this level and the fields computed with it, taken off the queue. */
function takeNext(env: Environment, level: number): { meta: ModelMeta; fields: Field[]; ids: number[] } | null {
  const depth = levels(env);
  let best: { model: string; fname: string } | null = null;
  for (const [model, byField] of env.cache.recompute) {
    for (const fname of byField.keys()) {
      if ((depth.get(`${model}.${fname}`) ?? 0) === level) best ??= { model, fname };
    }
  }
  if (!best) return null;
  const byField = env.cache.recompute.get(best.model)!;
  const meta = env.registry.meta(best.model);
  const field = meta.fields.get(best.fname)!;
  // Fields sharing a compute method are computed together, as in Odoo; so are the queued
  // related fields that start from a plain field (they cannot depend on one another).
  const siblings = [...meta.fields.values()].filter((f) => f.stored && (
    f.name === best!.fname || (field.options.compute && f.options.compute === field.options.compute)
    || (byField.has(f.name) && startsFromPlainField(meta, field) && startsFromPlainField(meta, f))));
  const ids = new Set<number>();
  for (const sibling of siblings) {
    for (const id of byField.get(sibling.name) ?? []) ids.add(id);
    byField.delete(sibling.name);
  }
  if (!byField.size) env.cache.recompute.delete(best.model);
  return { meta, fields: siblings, ids: [...ids] };
}

/** Column types whose stored value compares exactly with the value about to be written. */
const COMPARABLE = new Set(['char', 'text', 'selection', 'integer', 'many2one', 'float', 'monetary', 'boolean']);

function sameValue(field: Field, stored: unknown, next: unknown): boolean {
  if (!COMPARABLE.has(field.type)) return false;
  if (stored === null || stored === undefined || next === null) return (stored ?? null) === next;
  if (field.type === 'float' || field.type === 'monetary' || field.type === 'integer') return Number(stored) === next;
  return stored === next;
}

/** New computed values of one dependency level, by model and record, written by write(). */
class ComputedChanges {
  private readonly byModel = new Map<ModelMeta, Map<number, Map<Field, unknown>>>();

  add(meta: ModelMeta, id: number, field: Field, value: unknown): void {
    const records = this.byModel.get(meta) ?? this.byModel.set(meta, new Map()).get(meta)!;
    (records.get(id) ?? records.set(id, new Map()).get(id)!).set(field, value);
  }

  /** One UPDATE ... FROM unnest per model and set of changed fields; then their dependents are queued. */
  async write(env: Environment): Promise<void> {
    for (const [meta, records] of this.byModel) {
      const groups = new Map<string, { fields: Field[]; ids: number[]; values: unknown[][] }>();
      for (const [id, changed] of records) {
        const fields = [...changed.keys()];
        const key = fields.map((f) => f.name).join(',');
        const group = groups.get(key) ?? groups.set(key, { fields, ids: [], values: fields.map(() => []) }).get(key)!;
        group.ids.push(id);
        group.fields.forEach((field, i) => group.values[i].push(changed.get(field)));
      }
      for (const group of groups.values()) {
        try {
          await writeComputed(env, meta, group.fields, group.ids, group.values);
        } catch (error) {
          throw mapDatabaseError(env.registry, error);
        }
      }
      for (const group of groups.values()) await resolveTriggers(env, meta, group.ids, group.fields.map((f) => f.name));
      // A check on a stored computed field runs on its new value, as it would on a write of it.
      const model = env.model(meta.name).sudo().withContext({ active_test: false });
      for (const group of groups.values()) await runConstraints(model.browse(group.ids), group.fields.map((f) => f.name));
    }
  }
}

async function recompute(env: Environment, meta: ModelMeta, fields: Field[], ids: number[], changes: ComputedChanges): Promise<void> {
  // One read gives both which records still exist and what they hold: a value that did not
  // change is not written again, and what depends on it is not recomputed for nothing.
  const { rows: current } = await env.cr.query<Record<string, unknown>>(
    `SELECT id, ${fields.map((f) => ident(f.name)).join(', ')} FROM ${ident(meta.table)} WHERE id = ANY($1::int[])`, [ids], { flush: false });
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
  // Only values that differ from the stored ones are written (and trigger their dependents).
  for (const id of records.ids) {
    const row = values[id];
    if (!row) continue;
    for (const field of fields) {
      if (!(field.name in row)) continue;
      const value = field.toColumn(row[field.name]);
      if (!sameValue(field, stored.get(id)![field.name], value)) changes.add(meta, id, field, value);
    }
  }
}

/**
 * Writes each record's computed values in one statement: the values travel as text arrays
 * (one parameter per field whatever the number of records) and are cast to the column type.
 */
async function writeComputed(env: Environment, meta: ModelMeta, fields: Field[], ids: number[], values: unknown[][]): Promise<void> {
  const sets = fields.map((f, i) => `${ident(f.name)} = v.c${i}::${f.columnType()}`);
  const arrays = fields.map((_, i) => `$${i + 2}::text[]`);
  const columns = fields.map((_, i) => `c${i}`);
  await env.cr.query(
    `UPDATE ${ident(meta.table)} t SET ${sets.join(', ')} FROM unnest($1::int[], ${arrays.join(', ')}) AS v(id, ${columns.join(', ')}) WHERE t.id = v.id`,
    [ids, ...values.map((list) => list.map((value) => (value === null ? null : String(value))))], { flush: false });
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
          `SELECT id, ${ident(part)} AS v FROM ${ident(meta.table)} WHERE id = ANY($1::int[])`, [ids], { flush: false });
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
