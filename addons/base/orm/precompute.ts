import type { Field } from './fields';
import type { Model } from './model';
import type { ModelMeta, Registry } from './registry';
import { formValues, virtualRecords } from './onchange';
import { emptyValue, type Vals } from './values';
import type { PreparedRow } from './create';

/**
 * A field that can be precomputed, and the x2many fields of its own record it depends on
 * (directly or through another precomputed field): a record created with new records in one of
 * those (its one2many children) has them only after its INSERT, so its value is left to the
 * recompute. A compute method reading an x2many must read it through fetch().
 */
interface Plan {
  order: Field[];
  x2manyDeps: Map<Field, Set<string>>;
}

const plans = new WeakMap<object, Map<string, Plan>>();

/**
 * The precompute fields of a model that are safe, in an order where each comes after the
 * precomputed fields it depends on (related fields first: compute methods read them without
 * declaring them, as sale.order.line's amounts read company_id). A field is safe when each of
 * its paths starts from a plain field, an x2many (see Plan) or a safe precompute field of the
 * record, and everything read beyond the first hop is a plain field or a safe precompute field
 * without x2many dependencies: a record that another record of the same create points to (an
 * order its new lines point to) has been inserted already, but its other stored computes are
 * queued only after the create, so they are not in its row yet.
 */
export function precomputePlan(registry: Registry, meta: ModelMeta): Plan {
  const byModel = plans.get(registry) ?? plans.set(registry, new Map()).get(registry)!;
  const cached = byModel.get(meta.name);
  if (cached) return cached;
  const verdicts = new Map<Field, Set<string> | null>();
  const analyse = (field: Field, owner: ModelMeta, visiting: Set<Field>): Set<string> | null => {
    if (verdicts.has(field)) return verdicts.get(field)!;
    if (visiting.has(field)) return null;
    visiting.add(field);
    let result: Set<string> | null = new Set();
    if (!field.options.precompute || !field.stored || !field.computed || field.isX2many) result = null;
    const paths = field.options.related ? [field.options.related] : field.options.depends ?? [];
    if (field.options.compute && !field.options.depends) result = null;
    for (const path of paths) {
      if (!result) break;
      const parts = path.split('.');
      const first = owner.fields.get(parts[0]);
      if (!first) { result = null; break; }
      if (first.isX2many) result.add(first.name);
      else if (first.computed) {
        const inner = first.stored ? analyse(first, owner, visiting) : null;
        if (!inner) { result = null; break; }
        for (const name of inner) result.add(name);
      }
      if (first.isX2many) continue; // the children of a new record: none unless given (then not precomputed)
      let current = first.comodel ? registry.meta(first.comodel) : null;
      for (const part of parts.slice(1)) {
        const hop = current?.fields.get(part);
        if (!hop) { result = null; break; }
        if (hop.computed) {
          const inner = hop.stored ? analyse(hop, current!, visiting) : null;
          if (!inner || inner.size) { result = null; break; }
        }
        if (hop.isX2many) { result = null; break; }
        current = hop.comodel ? registry.meta(hop.comodel) : null;
      }
    }
    visiting.delete(field);
    verdicts.set(field, result);
    return result;
  };
  const safe = [...meta.fields.values()].filter((f) => f.options.precompute && analyse(f, meta, new Set()) !== null);
  // Order: a field after the safe fields of its record it depends on; related fields first.
  const order: Field[] = [];
  const placed = new Set<string>();
  const remaining = [...safe].sort((a, b) => Number(Boolean(b.options.related)) - Number(Boolean(a.options.related)));
  while (remaining.length) {
    const index = remaining.findIndex((f) => (f.options.related ? [f.options.related] : f.options.depends ?? [])
      .every((path) => { const first = path.split('.')[0]; return placed.has(first) || !safe.some((s) => s.name === first); }));
    const [next] = remaining.splice(index === -1 ? 0 : index, 1);
    order.push(next);
    placed.add(next.name);
  }
  const plan: Plan = { order, x2manyDeps: new Map(order.map((f) => [f, verdicts.get(f)!])) };
  byModel.set(meta.name, plan);
  return plan;
}

/**
 * Whether create values give an x2many records that do not exist before the INSERT: children of
 * a one2many, or many2many targets created with it. Links to existing records (3 to 6) are known:
 * the virtual record's fetch() answers with them.
 */
function givesNewRecords(field: Field, value: unknown): boolean {
  if (value === undefined || value === false || (Array.isArray(value) && value.length === 0)) return false;
  if (field.type === 'one2many') return true;
  if (!Array.isArray(value)) return true;
  return !value.every((item) => typeof item === 'number' || (Array.isArray(item) && item[0] >= 3 && item[0] <= 6));
}

/**
 * Computes the safe precompute fields of the records about to be inserted, on virtual records
 * holding their create values and defaults, and puts the values in their rows' columns.
 * Returns, per field, the indexes of the rows it was precomputed for (their recompute is not
 * queued). The compute methods run once per field over all the rows, as the recompute would.
 */
export async function precomputeRows(model: Model, defaults: Vals, valsList: Vals[], rows: PreparedRow[]): Promise<Map<string, number[]>> {
  const done = new Map<string, number[]>();
  const meta = model._meta;
  const plan = precomputePlan(model.env.registry, meta);
  if (!plan.order.length) return done;
  // Virtual ids -1, -2, ...: no table holds them, so SQL on them finds nothing (no children yet).
  const valuesById = new Map<number, Vals>();
  // Per row (a list may hold thousands): the fields' values over the defaults, no intermediate copies.
  const one2many = [...meta.fields.values()].filter((f) => f.type === 'one2many').map((f) => f.name);
  for (let index = 0; index < valsList.length; index++) {
    const merged: Vals = {};
    for (const name in defaults) if (meta.fields.has(name)) merged[name] = defaults[name];
    for (const name in valsList[index]) if (meta.fields.has(name)) merged[name] = valsList[index][name];
    const vals = formValues(meta, merged);
    for (const name of one2many) if (!(name in vals)) vals[name] = [];
    valuesById.set(-(index + 1), vals);
  }
  const records = model.sudo().withContext({ active_test: false });
  const computedBy = new Map<string, Record<number, Vals>>();
  const relatedBy = new Map<string, Record<number, Vals>>();
  for (const field of plan.order) {
    const x2many = [...plan.x2manyDeps.get(field)!].map((name) => meta.fields.get(name)!);
    const indexes: number[] = [];
    for (let index = 0; index < valsList.length; index++) {
      const given = valsList[index];
      if (!(field.name in given) && !x2many.some((x) => givesNewRecords(x, given[x.name]))) indexes.push(index);
    }
    if (!indexes.length) continue;
    let values: Record<number, Vals>;
    if (field.options.related) {
      // The related fields through the same path (a line's company, currency, customer, state:
      // all order_id.something) follow it once, for every row: each keeps the rows it needs.
      const path = field.options.related.split('.').slice(0, -1).join('.');
      if (!relatedBy.has(field.name)) {
        const group = plan.order.filter((f) => f.options.related && f.options.related.split('.').slice(0, -1).join('.') === path);
        const all = virtualRecords(records, valuesById);
        const computed = await followRelated(all, group, valuesById);
        for (const member of group) relatedBy.set(member.name, computed);
      }
      values = relatedBy.get(field.name)!;
    } else {
      const virtual = virtualRecords(records, new Map(indexes.map((index) => [-(index + 1), valuesById.get(-(index + 1))!])));
      const method = field.options.compute!;
      // Fields sharing a method over the same rows run it once, as the recompute does.
      const key = `${method}:${indexes.join(',')}`;
      if (!computedBy.has(key)) {
        const compute = (virtual as unknown as Record<string, () => Promise<Record<number, Vals>>>)[method];
        computedBy.set(key, (await compute.call(virtual)) ?? {});
      }
      values = computedBy.get(key)!;
    }
    for (const index of indexes) {
      const id = -(index + 1);
      const row = values[id];
      // A compute that gives no value for a record (it found nothing for a virtual id) leaves it queued for the recompute.
      if (!row || !(field.name in row)) continue;
      const value = row[field.name];
      // Later precomputes of the same record read this value, as they would read the column.
      valuesById.get(id)![field.name] = value === null || value === undefined ? emptyValue(field) : value;
      rows[index].columns.set(field.name, field.toColumn(value));
      (done.get(field.name) ?? done.set(field.name, []).get(field.name)!).push(index);
    }
  }
  return done;
}

/**
 * Related fields sharing a path over the virtual records: each hop is one read of the distinct
 * targets, and the last one reads all the fields' values together.
 */
async function followRelated(virtual: Model, group: Field[], valuesById: Map<number, Vals>): Promise<Record<number, Vals>> {
  const parts = group[0].options.related!.split('.');
  let meta = virtual._meta;
  let current = new Map<number, unknown>(virtual.ids.map((id) => [id, valuesById.get(id)![parts[0]]]));
  const hops = parts.length - 1;
  for (let index = 1; index <= hops; index++) {
    meta = virtual.env.registry.meta(meta.fields.get(parts[index - 1])!.comodel!);
    const last = index === hops;
    const names = last ? group.map((f) => f.options.related!.split('.').pop()!) : [parts[index]];
    const targets = [...new Set([...current.values()].filter((v): v is number => typeof v === 'number' && v > 0))];
    const rows = targets.length ? await virtual.env.model(meta.name).sudo().withContext({ active_test: false }).browse(targets).fetch([...new Set(names)]) : [];
    const byId = new Map(rows.map((row) => [row.id as number, row]));
    if (last) {
      const result: Record<number, Vals> = {};
      for (const [id, target] of current) {
        const row = typeof target === 'number' ? byId.get(target) : undefined;
        const out: Vals = {};
        group.forEach((field, i) => (out[field.name] = row ? row[names[i]] : emptyValue(meta.fields.get(names[i])!)));
        result[id] = out;
      }
      return result;
    }
    const empty = emptyValue(meta.fields.get(parts[index])!);
    for (const [id, target] of current) current.set(id, typeof target === 'number' && byId.has(target) ? byId.get(target)![parts[index]] : empty);
  }
  // A related field of the record itself (no hop): its own value.
  return Object.fromEntries([...current].map(([id, value]) => [id, Object.fromEntries(group.map((f) => [f.name, value]))]));
}
