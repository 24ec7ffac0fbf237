import { ValidationError } from './exceptions';
import type { Field } from './fields';
import type { Model } from './model';
import { ident } from './sql';
import { markCreated } from './compute';
import { AUTOMATIC, applyX2many, checkVals, normalizeCommands, now, run, runConstraints, articled } from './write';
import { createX2manyLinks } from './x2many_create';
import { precomputeRows } from './precompute';
import type { Vals } from './values';

/** Rows per INSERT statement: bounds the size of one statement's arrays for huge lists. */
const ROWS_PER_INSERT = 5000;

/** One record about to be inserted: its column values and its x2many commands. */
export interface PreparedRow {
  columns: Map<string, unknown>;
  x2many: Array<{ field: Field; value: unknown }>;
}

/**
 * Odoo's create(vals_list): the records of one call cost a constant number of statements
 * whatever their count (one multi-row INSERT per chunk, x2many commands batched per field,
 * stored computes queued for one batched recompute, constraints checked once over all).
 * Every record is checked and converted before the first INSERT, so a bad one writes nothing.
 */
export async function createRecords(model: Model, valsList: Vals[]): Promise<number[]> {
  const meta = model._meta;
  const env = model.env;
  if (!valsList.length) return [];
  const writable = [...meta.fields.values()].filter((f) => !AUTOMATIC.has(f.name) && (f.stored || f.isX2many) && !(f.computed && !f.stored));
  // Defaults are computed once for the whole list, as Odoo's default_get per create call.
  const defaults = await model.default_get(writable.map((f) => f.name));
  for (const given of valsList) await checkVals(model, given, true);
  const rows = valsList.map((given) => prepareRow(model, defaults, given));
  // Odoo's precompute: what can be computed from the values goes into the INSERT, so the
  // records are not rewritten by an UPDATE at the flush.
  const precomputed = await precomputeRows(model, defaults, valsList, rows);
  const ids = await insertRows(model, rows);
  const created = model.browse(ids);
  const leftover = await createX2manyLinks(created, ids, rows);
  for (const { index, field, value } of leftover) await applyX2many(model.browse([ids[index]]), field, value);
  await markCreated(env, meta, ids, rows.map((row) => row.columns), new Map([...precomputed].map(([name, indexes]) => [name, indexes.map((i) => ids[i])])));
  await runConstraints(created, null);
  return ids;
}

/** Column values of one record: given values over defaults, converted and checked. */
function prepareRow(model: Model, defaults: Vals, given: Vals): PreparedRow {
  const meta = model._meta;
  const vals: Vals = { ...defaults, ...given };
  const columns = new Map<string, unknown>();
  const x2many: PreparedRow['x2many'] = [];
  for (const field of meta.fields.values()) {
    if (AUTOMATIC.has(field.name)) continue;
    const value = vals[field.name];
    if (field.isX2many) {
      // Commands are checked here too: a malformed one refuses the list before anything is written.
      if (value !== undefined && value !== false) x2many.push({ field, value: normalizeCommands(field, value) });
      continue;
    }
    // A stored computed field is computed after the insert unless the caller gives its value.
    if (!field.stored || (field.computed && !(field.name in given))) continue;
    const converted = value === undefined ? (field.type === 'boolean' ? false : null) : field.toColumn(value);
    if (field.options.required && (converted === null || converted === '') && !field.computed) {
      throw new ValidationError(`The field "${field.string}" is required to create ${articled(meta.description)}.`, [field.name]);
    }
    columns.set(field.name, converted);
  }
  return { columns, x2many };
}

/**
 * One INSERT ... SELECT FROM unnest(one array per column) RETURNING id per chunk: the statement
 * has as many parameters as columns whatever the number of rows, so PostgreSQL parses and plans
 * a few dozen parameters instead of one per value. Rows come out of unnest and RETURNING in
 * array order (Odoo relies on the same for its VALUES lists), so ids[i] is the record of rows[i].
 */
async function insertRows(model: Model, rows: PreparedRow[]): Promise<number[]> {
  const meta = model._meta;
  const env = model.env;
  // The union of the columns given: a record that does not give a column gets NULL there,
  // which is what omitting it would store (columns have no database default).
  const names = [...new Set(rows.flatMap((row) => [...row.columns.keys()]))];
  const types = ['integer', 'timestamp(0) without time zone', 'integer', 'timestamp(0) without time zone', ...names.map((name) => meta.fields.get(name)!.columnType())];
  const columns = ['create_uid', 'create_date', 'write_uid', 'write_date', ...names];
  const stamp = now();
  const ids: number[] = [];
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const arrays: unknown[][] = [chunk.map(() => env.uid), chunk.map(() => stamp), chunk.map(() => env.uid), chunk.map(() => stamp)];
    for (const name of names) arrays.push(chunk.map((row) => (row.columns.has(name) ? row.columns.get(name) : null)));
    const { rows: inserted } = await run(model, () => env.cr.query<{ id: number }>(
      `INSERT INTO ${ident(meta.table)} (${columns.map(ident).join(', ')}) SELECT * FROM unnest(${types.map((type, i) => `$${i + 1}::${type}[]`).join(', ')}) RETURNING id`,
      arrays, { flush: false }));
    for (const row of inserted) ids.push(row.id);
  }
  return ids;
}
