import { AccessError, ValidationError } from './exceptions';
import type { Field } from './fields';
import type { Model } from './model';
import { missing } from './model';
import { many2manyTable } from './domain';
import { compileOrder } from './order';
import { ident } from './sql';
import { emptyValue, fromColumn, type Vals } from './values';
import { mayBeStale } from './compute';

export interface ReadOptions {
  /** 'pair' = Odoo's [id, display_name]; 'id' = the bare id (internal fetch) */
  m2oFormat: 'pair' | 'id';
  checkGroups: boolean;
  /** internal reads may see write-only secrets; RPC reads never do */
  includeSecrets?: boolean;
  /** rows already selected by the caller (search_read); used when they hold every stored column needed */
  prefetched?: Vals[];
}

/**
 * Reads records in a constant number of queries whatever their count: one for the columns,
 * one per many2one target model for names, one per x2many field, one per computed method.
 */
export async function readRecords(records: Model, requested: string[] | null, options: ReadOptions): Promise<Vals[]> {
  const meta = records._meta;
  const env = records.env;
  if (!records.ids.length) return [];
  if (requested !== null && (!Array.isArray(requested) || !requested.every((f) => typeof f === 'string'))) {
    throw new ValidationError(`read expects a list of field names.`);
  }
  // Stored computes still queued are computed before their columns are read. A fetch of stored
  // columns flushes only when a queued recompute could change one of them; anything else
  // (names, x2many, computed on the fly) reads other tables and flushes everything.
  const columnsOnly = options.m2oFormat === 'id' && !!requested?.length
    && requested.every((name) => { const field = meta.fields.get(name); return !!field && field.stored && !field.isX2many; });
  if (!columnsOnly || mayBeStale(env, meta.name, requested!)) await env.flush();
  const fieldList: Field[] = [];
  for (const name of requested?.length ? requested : [...meta.fields.keys()]) {
    const field = meta.fields.get(name);
    if (!field) throw new ValidationError(`Invalid field ${JSON.stringify(name)} on model ${JSON.stringify(meta.name)}.`);
    if (field.options.groups && options.checkGroups && !(await env.hasGroup(field.options.groups))) {
      if (requested?.length) throw new AccessError(`You do not have access to the field ${JSON.stringify(name)} of ${meta.description} (${meta.name}).`);
      continue;
    }
    if (!requested?.length && (field.type === 'binary' || field.options.writeOnly)) continue;
    fieldList.push(field);
  }

  const stored = fieldList.filter((f) => f.stored && f.name !== 'id');
  const columns = ['id', ...stored.map((f) => f.name)].map((c) => `t.${ident(c)}`).join(', ');
  const usable = options.prefetched && options.prefetched.length === records.ids.length && stored.every((f) => f.name in options.prefetched![0]);
  const { rows } = usable
    ? { rows: options.prefetched! }
    : await env.cr.query<Vals>(`SELECT ${columns} FROM ${ident(meta.table)} t WHERE t.id = ANY($1::int[])`, [records.ids], { flush: false });
  if (rows.length !== records.ids.length) throw missing(meta, records.ids, rows.map((r) => r.id));
  const byId = new Map(rows.map((row) => [row.id as number, row]));
  const result: Vals[] = records.ids.map((id) => ({ id }));
  const rowsInOrder = records.ids.map((id) => byId.get(id)!);

  for (const field of stored) {
    result.forEach((out, i) => {
      out[field.name] = field.options.writeOnly && !options.includeSecrets ? false : fromColumn(field, rowsInOrder[i][field.name]);
    });
  }

  const relatedValues = await readRelatedFields(records, fieldList.filter((f) => !f.stored && f.name !== 'id' && f.options.related && !(f.isX2many && !f.computed)));
  for (const field of fieldList.filter((f) => !f.stored && f.name !== 'id')) {
    if (field.isX2many && !field.computed) {
      const related = await readX2many(records, field);
      result.forEach((out) => (out[field.name] = related.get(out.id) ?? []));
    } else if (field.options.related) {
      const values = relatedValues.get(field.name)!;
      result.forEach((out) => (out[field.name] = values.get(out.id) ?? emptyValue(field)));
    } else if (field.options.compute) {
      const computed = await (records as any)[field.options.compute]();
      result.forEach((out) => {
        const value = computed?.[out.id]?.[field.name];
        out[field.name] = value === undefined || value === null ? emptyValue(field) : value;
      });
    }
  }

  if (options.m2oFormat === 'pair') await pairMany2ones(records, fieldList, result, usable ? rowsInOrder : null);
  return result;
}

/**
 * Replaces many2one ids by [id, display_name], one query per target model, except for names
 * the caller's query already joined in (`__name_<field>` in the prefetched rows).
 */
async function pairMany2ones(records: Model, fieldList: Field[], result: Vals[], prefetched: Vals[] | null): Promise<void> {
  const env = records.env;
  const idsByModel = new Map<string, Set<number>>();
  const joined = (field: Field) => prefetched !== null && `__name_${field.name}` in prefetched[0];
  for (const field of fieldList.filter((f) => f.type === 'many2one' && joined(f))) {
    result.forEach((out, i) => {
      const name = prefetched![i][`__name_${field.name}`];
      out[field.name] = out[field.name] ? [out[field.name], name === null || name === undefined ? '' : String(name)] : false;
    });
  }
  const many2ones = fieldList.filter((f) => f.type === 'many2one' && !joined(f));
  for (const field of many2ones) {
    const set = idsByModel.get(field.comodel!) ?? new Set<number>();
    for (const out of result) if (out[field.name]) set.add(out[field.name]);
    idsByModel.set(field.comodel!, set);
  }
  const names = new Map<string, Map<number, string>>();
  for (const [model, ids] of idsByModel) {
    if (ids.size) names.set(model, await env.model(model).sudo().browse([...ids])._displayNames());
  }
  for (const field of many2ones) {
    for (const out of result) {
      const id = out[field.name];
      out[field.name] = id ? [id, names.get(field.comodel!)?.get(id) ?? ''] : false;
    }
  }
}

async function readX2many(records: Model, field: Field): Promise<Map<number, number[]>> {
  const env = records.env;
  const meta = records._meta;
  const comodel = env.registry.meta(field.comodel!);
  const map = new Map<number, number[]>();
  const activeFilter = comodel.fields.has('active') && env.context.active_test !== false ? ' AND c."active" IS TRUE' : '';
  if (field.type === 'one2many') {
    const inverse = ident(field.options.inverse!);
    const order = compileOrder(env.registry, comodel, null, 'c');
    const { rows } = await env.cr.query<{ id: number; owner: number }>(
      `SELECT c.id, c.${inverse} AS owner FROM ${ident(comodel.table)} c WHERE c.${inverse} = ANY($1::int[])${activeFilter} ORDER BY ${order}`,
      [records.ids]);
    for (const row of rows) map.set(row.owner, [...(map.get(row.owner) ?? []), row.id]);
  } else {
    const rel = many2manyTable(field, meta, comodel);
    const order = compileOrder(env.registry, comodel, null, 'c');
    const { rows } = await env.cr.query<{ id: number; owner: number }>(
      `SELECT r.${ident(rel.column2)} AS id, r.${ident(rel.column1)} AS owner FROM ${ident(rel.table)} r
        JOIN ${ident(comodel.table)} c ON c.id = r.${ident(rel.column2)}
       WHERE r.${ident(rel.column1)} = ANY($1::int[])${activeFilter} ORDER BY ${order}`, [records.ids]);
    for (const row of rows) map.set(row.owner, [...(map.get(row.owner) ?? []), row.id]);
  }
  return map;
}

/**
 * Related fields through the same path (a variant's name, unit and type, all from its template)
 * follow it once and read their last fields together.
 */
async function readRelatedFields(records: Model, related: Field[]): Promise<Map<string, Map<number, unknown>>> {
  const byPath = new Map<string, Field[]>();
  for (const field of related) {
    const path = field.options.related!.split('.').slice(0, -1).join('.');
    byPath.set(path, [...(byPath.get(path) ?? []), field]);
  }
  const out = new Map<string, Map<number, unknown>>();
  for (const group of byPath.values()) {
    for (const [name, values] of await readRelated(records, group)) out.set(name, values);
  }
  return out;
}

/** Follows a related path hop by hop, each hop one query for all records. */
async function readRelated(records: Model, group: Field[]): Promise<Map<string, Map<number, unknown>>> {
  const env = records.env;
  const field = group[0];
  const parts = field.options.related!.split('.');
  let current = new Map<number, number | false>(records.ids.map((id) => [id, id]));
  let model = records._meta;
  for (const part of parts.slice(0, -1)) {
    const hop = model.fields.get(part);
    if (!hop || hop.type !== 'many2one') throw new ValidationError(`Related path ${field.options.related} must go through many2one fields.`);
    const ids = [...new Set([...current.values()].filter((v): v is number => Boolean(v)))];
    const { rows } = await env.cr.query<{ id: number; v: number | null }>(
      `SELECT id, ${ident(part)} AS v FROM ${ident(model.table)} WHERE id = ANY($1::int[])`, [ids]);
    const next = new Map(rows.map((r) => [r.id, r.v ?? false] as const));
    current = new Map([...current].map(([owner, id]) => [owner, id ? next.get(id) ?? false : false]));
    model = env.registry.meta(hop.comodel!);
  }
  const lasts = group.map((f) => f.options.related!.split('.').pop()!);
  const targets = [...new Set([...current.values()].filter((v): v is number => Boolean(v)))];
  const values = targets.length ? await env.model(model.name).sudo().browse(targets).fetch([...new Set(lasts)]) : [];
  const byTarget = new Map(values.map((row) => [row.id as number, row]));
  return new Map(group.map((f, i) => [f.name, new Map([...current].map(([owner, id]) => [owner, id ? byTarget.get(id)?.[lasts[i]] : undefined]))]));
}
