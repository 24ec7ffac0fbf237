import { AccessError, ValidationError } from './exceptions';
import type { Field } from './fields';
import type { Model } from './model';
import type { ModelMeta } from './registry';
import { checkModelAccess } from './access';
import { fromColumn, emptyValue, type Vals } from './values';

/** What a form shows at once when one of its fields changes, before anything is saved. */
export interface OnchangeResult {
  value: Vals;
  warning: false | { title: string; message: string; type?: 'notification' | 'dialog' };
}

/**
 * Odoo 17's `onchange(values, field_names, fields_spec)`: the computed fields (stored or not,
 * related included) that depend on the changed fields, computed on a virtual record holding the
 * form's values. Nothing is written: the record's compute methods run on a recordset whose
 * fetch() answers with the form's values, so they compute exactly what a save would store or
 * show. A model may add a warning with `_onchange_warning(changedFields)`, called on that same
 * virtual record after the computation.
 */
export async function onchangeRecord(records: Model, values: unknown, fieldNames: unknown, fieldsSpec: unknown): Promise<OnchangeResult> {
  const meta = records._meta;
  if (records.ids.length > 1) throw new ValidationError(`onchange works on one ${meta.name} record at a time, got ${records.ids.length}.`);
  const changed = checkNames(meta, fieldNames, 'field_names');
  const requested = specNames(meta, fieldsSpec);
  await checkModelAccess(records.env, meta.name, 'read');
  if (records.ids.length) await records.checkAccess('read');
  // The form may only hold fields the user may see: a hidden field is neither sent nor computed from.
  for (const name of [...changed, ...Object.keys(values as object ?? {})]) {
    const field = meta.fields.get(name);
    if (field && !(await mayRead(records, field))) throw new AccessError(`You do not have access to the field ${JSON.stringify(name)} of ${meta.description} (${meta.name}).`);
  }

  const edited: Vals = { ...(await storedValues(records)), ...formValues(meta, values) };
  const virtual = virtualRecord(records, edited);
  const computedBy = new Map<string, Vals>();
  const value: Vals = {};
  for (const field of onchangeDependents(meta, changed)) {
    edited[field.name] = await computeOn(virtual, field, edited, computedBy);
    if (requested.has(field.name) && (await mayRead(records, field))) value[field.name] = edited[field.name];
  }
  const hook = (virtual as unknown as { _onchange_warning?: (names: string[]) => Promise<OnchangeResult['warning']> })._onchange_warning;
  const warning = typeof hook === 'function' ? (await hook.call(virtual, changed)) || false : false;
  return { value: await pairMany2ones(records, value), warning };
}

/**
 * Computed fields depending on the given fields, directly or through one another, in an order
 * where each comes after what it depends on (the first segment of a `depends` or `related`
 * path is the field of this model it follows). x2many computed fields are left to the save.
 */
export function onchangeDependents(meta: ModelMeta, changed: string[]): Field[] {
  const found: Field[] = [];
  const seen = new Set(changed);
  let frontier = changed;
  while (frontier.length) {
    const next: string[] = [];
    for (const field of meta.fields.values()) {
      if (seen.has(field.name) || !field.computed || field.isX2many) continue;
      const paths = field.options.related ? [field.options.related] : field.options.depends ?? [];
      if (!paths.some((path) => frontier.includes(path.split('.')[0]))) continue;
      seen.add(field.name);
      found.push(field);
      next.push(field.name);
    }
    frontier = next;
  }
  return found;
}

function checkNames(meta: ModelMeta, names: unknown, what: string): string[] {
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new ValidationError(`onchange on ${meta.name}: ${what} must be a list of field names, got ${JSON.stringify(names)?.slice(0, 60)}.`);
  }
  for (const name of names) if (!meta.fields.has(name)) throw new ValidationError(`onchange on ${meta.name}: unknown field ${JSON.stringify(name)} in ${what}.`);
  return names as string[];
}

/** Odoo sends `{field: {}}`; a plain list of names is accepted too. */
function specNames(meta: ModelMeta, spec: unknown): Set<string> {
  if (Array.isArray(spec)) return new Set(checkNames(meta, spec, 'fields_spec'));
  if (spec && typeof spec === 'object') return new Set(Object.keys(spec).filter((name) => meta.fields.has(name)));
  throw new ValidationError(`onchange on ${meta.name}: fields_spec must be an object {field: {}}, got ${JSON.stringify(spec)?.slice(0, 60)}.`);
}

/** The saved values of an existing record (fetch format); nothing for a new one. */
async function storedValues(records: Model): Promise<Vals> {
  if (!records.ids.length) return {};
  const names = [...records._meta.fields.values()].filter((f) => f.stored && !f.options.writeOnly).map((f) => f.name);
  const [row] = await records.sudo().fetch(names);
  return row ?? {};
}

/** The form's values in fetch format (many2one an id, many2many ids), checked like a write. */
export function formValues(meta: ModelMeta, values: unknown): Vals {
  if (!values || typeof values !== 'object' || Array.isArray(values)) {
    throw new ValidationError(`onchange on ${meta.name}: values must be an object {field: value}.`);
  }
  const result: Vals = {};
  for (const [name, raw] of Object.entries(values as Vals)) {
    const field = meta.fields.get(name);
    if (!field) throw new ValidationError(`onchange on ${meta.name}: unknown field ${JSON.stringify(name)} in values.`);
    if (name === 'id' || field.type === 'one2many' || field.options.writeOnly) continue;
    if (field.type === 'many2many') result[name] = many2manyIds(raw);
    else if (field.type === 'many2one' && Array.isArray(raw)) result[name] = fromColumn(field, field.toColumn(raw[0]));
    else result[name] = fromColumn(field, field.toColumn(raw));
  }
  return result;
}

function many2manyIds(raw: unknown): number[] {
  if (!Array.isArray(raw)) return [];
  let ids: number[] = [];
  for (const item of raw) {
    if (typeof item === 'number') ids.push(item);
    else if (Array.isArray(item) && item[0] === 6 && Array.isArray(item[2])) ids = [...item[2]];
    else if (Array.isArray(item) && item[0] === 4 && typeof item[1] === 'number') ids.push(item[1]);
    else if (Array.isArray(item) && item[0] === 3) ids = ids.filter((id) => id !== item[1]);
  }
  return [...new Set(ids)];
}

/**
 * The record as the form holds it: fetch() of this record answers with the form's values (then
 * the saved ones, for an existing record), so compute methods read what the user typed. A new
 * record is id 0, which no table holds: SQL a compute runs on other tables finds nothing for it.
 */
function virtualRecord<T extends Model>(records: T, edited: Vals): T {
  return virtualRecords(records, new Map([[records.ids[0] ?? 0, edited]]));
}

/**
 * Records whose fetch() answers with given values: the form's record for onchange, the records
 * about to be inserted for create's precompute (see precompute.ts). An id above 0 is an existing
 * record (fields not given are read from its row); 0 and below are records no table holds yet
 * (fields not given are empty), so SQL a compute runs on their ids finds nothing for them.
 * Recordsets derived from them (sudo, browse...) keep answering the same way.
 */
export function virtualRecords<T extends Model>(records: T, valuesById: Map<number, Vals>): T {
  const meta = records._meta;
  const Base = records.constructor as unknown as new (env: unknown, ids: number[]) => Model;
  class VirtualRecord extends Base {
    override async fetch(fields?: string[]): Promise<Vals[]> {
      const own = this.ids.filter((id) => valuesById.has(id));
      if (!own.length) return super.fetch(fields);
      const names = fields?.length ? fields : [...meta.fields.keys()];
      // Ids not held here, and fields the values lack on existing records, come from the table.
      const missingOf = (id: number) => names.filter((name) => !(name in valuesById.get(id)!));
      const fromTable = new Map<number, Vals>();
      const others = this.ids.filter((id) => !valuesById.has(id));
      if (others.length) for (const row of await super.fetch.call(this.browse(others), fields)) fromTable.set(row.id as number, row);
      const savedIds = own.filter((id) => id > 0 && missingOf(id).length);
      if (savedIds.length) {
        const wanted = [...new Set(savedIds.flatMap(missingOf))];
        for (const row of await super.fetch.call(this.browse(savedIds), wanted)) fromTable.set(row.id as number, row);
      }
      const result: Vals[] = [];
      for (const id of this.ids) {
        const edited = valuesById.get(id);
        if (!edited) {
          if (fromTable.has(id)) result.push(fromTable.get(id)!);
          continue;
        }
        const saved = fromTable.get(id);
        const row: Vals = { id };
        for (const name of names) if (name !== 'id') row[name] = name in edited ? edited[name] : id > 0 ? saved?.[name] : emptyValue(meta.fields.get(name)!);
        result.push(row);
      }
      return result;
    }
  }
  return new VirtualRecord(records.env, [...valuesById.keys()]) as unknown as T;
}

/** One computed field's value on the virtual record; fields sharing a compute method run it once. */
async function computeOn(virtual: Model, field: Field, edited: Vals, computedBy: Map<string, Vals>): Promise<unknown> {
  const id = virtual.ids[0];
  if (field.options.related) return followPath(virtual, field.options.related.split('.'), edited);
  const method = field.options.compute!;
  if (!computedBy.has(method)) {
    const compute = (virtual as unknown as Record<string, () => Promise<Record<number, Vals>>>)[method];
    if (typeof compute !== 'function') throw new ValidationError(`Compute method ${method} is missing on ${virtual._name}.`);
    computedBy.set(method, ((await compute.call(virtual)) ?? {})[id] ?? {});
  }
  const row = computedBy.get(method)!;
  return field.name in row ? row[field.name] : emptyValue(field);
}

/** A related field: its path followed from the form's value of its first field. */
async function followPath(virtual: Model, parts: string[], edited: Vals): Promise<unknown> {
  let meta = virtual._meta;
  let value: unknown = edited[parts[0]];
  for (let index = 1; index < parts.length; index++) {
    const part = parts[index];
    const hop = meta.fields.get(parts[index - 1])!;
    meta = virtual.env.registry.meta(hop.comodel!);
    if (!value) return emptyValue(meta.fields.get(part)!);
    const [row] = await virtual.env.model(meta.name).sudo().browse([value as number]).fetch([part]);
    value = row ? row[part] : emptyValue(meta.fields.get(part)!);
  }
  return value;
}

async function mayRead(records: Model, field: Field): Promise<boolean> {
  return !field.options.groups || records.env.su || records.env.hasGroup(field.options.groups);
}

/** many2one values as [id, display_name], as read() returns them. */
async function pairMany2ones(records: Model, value: Vals): Promise<Vals> {
  for (const [name, id] of Object.entries(value)) {
    const field = records._meta.fields.get(name)!;
    if (field.type !== 'many2one' || !id) continue;
    const names = await records.env.model(field.comodel!).sudo().browse([id as number])._displayNames();
    value[name] = [id, names.get(id as number) ?? ''];
  }
  return value;
}
