import { AccessError, ValidationError } from './exceptions';
import type { Model } from './model';
import { andDomains, compileDomain, normalizeDomain, type Domain } from './domain';
import { ruleDomain } from './access';
import { SqlParams, ident } from './sql';
import type { Vals } from './values';

export interface ReadGroupOptions {
  offset?: number;
  limit?: number | null;
  orderby?: string | null;
  lazy?: boolean;
}

const GRANULARITIES = ['day', 'week', 'month', 'quarter', 'year'] as const;
type Granularity = (typeof GRANULARITIES)[number];
const AGGREGATES = new Set(['sum', 'avg', 'min', 'max', 'count', 'count_distinct', 'bool_and', 'bool_or', 'array_agg']);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

interface GroupSpec {
  key: string;
  field: string;
  granularity?: Granularity;
  type: string;
  comodel?: string;
}

/**
 * Odoo 17's read_group: groups with `<groupby>`, `<groupby>_count` (lazy) or `__count`,
 * `__domain` to open the group, and the requested aggregates (`amount:sum`, or the field's
 * default sum for numbers).
 */
export async function readGroup(model: Model, domain: unknown, fields: string[], groupbyArg: string | string[], options: ReadGroupOptions): Promise<Vals[]> {
  const meta = model._meta;
  const env = model.env;
  const isTextList = (value: unknown) => Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (groupbyArg !== undefined && groupbyArg !== null && (groupbyArg as unknown) !== false && typeof groupbyArg !== 'string' && !isTextList(groupbyArg)) {
    throw new ValidationError(`Invalid groupby ${JSON.stringify(groupbyArg)?.slice(0, 80)}: expected a field name or a list of them.`);
  }
  if (fields !== undefined && fields !== null && (fields as unknown) !== false && !isTextList(fields)) {
    throw new ValidationError(`Invalid read_group fields ${JSON.stringify(fields)?.slice(0, 80)}: expected a list such as ["amount_total:sum"].`);
  }
  if (options.orderby && typeof options.orderby !== 'string') throw new ValidationError(`Invalid orderby ${JSON.stringify(options.orderby)?.slice(0, 80)}: expected a text such as "amount_total desc".`);
  for (const name of ['limit', 'offset'] as const) {
    const value = options[name];
    if (value && (!Number.isInteger(value) || (value as number) < 0)) throw new ValidationError(`Invalid ${name} ${JSON.stringify(value)}: expected a positive integer.`);
  }
  const groupbyList = (Array.isArray(groupbyArg) ? groupbyArg : [groupbyArg]).filter(Boolean);
  const lazy = options.lazy !== false;
  const groupby = lazy ? groupbyList.slice(0, 1) : groupbyList;
  const specs: GroupSpec[] = groupby.map((spec) => {
    const [fname, granularity] = spec.split(':');
    const field = meta.fields.get(fname);
    if (!field || !field.stored) throw new ValidationError(`Invalid groupby ${JSON.stringify(spec)} on ${meta.name}: unknown or not stored field.`);
    if (granularity && !GRANULARITIES.includes(granularity as Granularity)) throw new ValidationError(`Invalid date granularity ${JSON.stringify(granularity)}: use ${GRANULARITIES.join(', ')}.`);
    const isDate = field.type === 'date' || field.type === 'datetime';
    return { key: spec, field: fname, granularity: isDate ? ((granularity as Granularity) ?? 'month') : undefined, type: field.type, comodel: field.comodel };
  });

  for (const spec of specs) await checkReadable(env, meta, spec.field);
  const aggregates: Array<{ alias: string; sql: string }> = [];
  for (const spec of fields || []) {
    // Odoo's forms: "field", "field:agg" and "alias:agg(field)".
    const match = /^(\w+)(?::(\w+)(?:\((\w+)\))?)?$/.exec(spec.trim());
    if (!match) throw new ValidationError(`Invalid aggregate ${JSON.stringify(spec)}: expected "field", "field:sum" or "alias:sum(field)".`);
    const [aliasName, fname, func] = match[3] ? [match[1], match[3], match[2]] : [undefined, match[1], match[2]];
    if (fname === '__count' || specs.some((s) => s.field === fname)) continue;
    const field = meta.fields.get(fname);
    if (!field) throw new ValidationError(`Invalid field ${JSON.stringify(fname)} on ${meta.name} in read_group.`);
    const aggregate = func ?? (['integer', 'float', 'monetary'].includes(field.type) ? 'sum' : null);
    if (!aggregate || !field.stored) continue;
    await checkReadable(env, meta, fname);
    if (!AGGREGATES.has(aggregate)) throw new ValidationError(`Invalid aggregate function ${JSON.stringify(aggregate)}.`);
    const expression = aggregate === 'count_distinct' ? `count(DISTINCT t.${ident(fname)})` : `${aggregate}(t.${ident(fname)})`;
    aggregates.push({ alias: aliasName ?? fname, sql: expression });
  }

  let normalized = normalizeDomain(domain);
  if (env.context.active_test !== false && meta.fields.has('active') && !JSON.stringify(normalized).includes('"active"')) {
    normalized = andDomains(normalized, [['active', '=', true]]);
  }
  if (!env.su) normalized = andDomains(normalized, await ruleDomain(env, meta.name, 'read'));
  const params = new SqlParams();
  const where = await compileDomain(env, meta, normalized, 't', params);
  const keys = specs.map((spec, i) => ({ spec, alias: `g${i}`, sql: groupExpression(spec) }));
  const select = [
    ...keys.map((k) => `${k.sql} AS ${k.alias}`),
    'count(*)::int AS __count',
    ...aggregates.map((a) => `${a.sql} AS ${ident(a.alias)}`),
  ].join(', ');
  const groupSql = keys.length ? ` GROUP BY ${keys.map((k) => k.alias).join(', ')}` : '';
  const orderSql = orderBy(options.orderby, keys, aggregates.map((a) => a.alias));
  const limit = options.limit ? ` LIMIT ${options.limit}` : '';
  const offset = options.offset ? ` OFFSET ${options.offset}` : '';
  const { rows } = await env.cr.query<Vals>(`SELECT ${select} FROM ${ident(meta.table)} t WHERE ${where}${groupSql}${orderSql}${limit}${offset}`, params.values);

  const names = new Map<string, Map<number, string>>();
  for (const k of keys) {
    if (k.spec.type !== 'many2one') continue;
    const ids = [...new Set(rows.map((r) => r[k.alias]).filter(Boolean))] as number[];
    names.set(k.alias, await env.model(k.spec.comodel!).sudo().browse(ids)._displayNames());
  }

  return rows.map((row) => {
    const group: Vals = {};
    const groupDomain: Domain = [];
    for (const k of keys) {
      const value = row[k.alias];
      if (k.spec.type === 'many2one') group[k.spec.key] = value ? [value, names.get(k.alias)?.get(value) ?? ''] : false;
      else if (k.spec.granularity) group[k.spec.key] = value ? dateLabel(String(value), k.spec.granularity) : false;
      else group[k.spec.key] = value ?? false;
      groupDomain.push(...domainFor(k.spec, value));
    }
    if (lazy && keys.length) group[`${keys[0].spec.field}_count`] = row.__count;
    else group.__count = row.__count;
    for (const a of aggregates) group[a.alias] = row[a.alias] === null ? 0 : Number(row[a.alias]) || row[a.alias];
    group.__domain = andDomains(groupDomain, normalizeDomain(domain));
    if (lazy && groupbyList.length > 1) group.__context = { group_by: groupbyList.slice(1) };
    return group;
  });
}

function groupExpression(spec: GroupSpec): string {
  const column = `t.${ident(spec.field)}`;
  if (!spec.granularity) return column;
  return `date_trunc('${spec.granularity}', ${column})::date`;
}

function orderBy(orderby: string | null | undefined, keys: Array<{ spec: GroupSpec; alias: string }>, aggregates: string[]): string {
  if (!orderby) return keys.length ? ` ORDER BY ${keys.map((k) => `${k.alias} ASC NULLS LAST`).join(', ')}` : '';
  const terms = orderby.split(',').map((term) => {
    const match = /^\s*([\w:]+)(?:\s+(asc|desc))?\s*$/i.exec(term);
    if (!match) throw new ValidationError(`Invalid orderby ${JSON.stringify(orderby)}.`);
    const key = keys.find((k) => k.spec.key === match[1] || k.spec.field === match[1]);
    const target = key ? key.alias : match[1] === '__count' ? '__count' : aggregates.includes(match[1]) ? ident(match[1]) : null;
    if (!target) throw new ValidationError(`Invalid orderby ${JSON.stringify(match[1])}: order by a grouped field or an aggregate.`);
    return `${target} ${(match[2] ?? 'asc').toUpperCase()}`;
  });
  return ` ORDER BY ${terms.join(', ')}`;
}

function domainFor(spec: GroupSpec, value: unknown): Domain {
  if (value === null || value === undefined) return [[spec.field, '=', false]];
  if (!spec.granularity) return [[spec.field, '=', value]];
  const start = String(value).slice(0, 10);
  const end = addPeriod(start, spec.granularity);
  const fmt = (d: string) => (spec.type === 'datetime' ? `${d} 00:00:00` : d);
  return ['&', [spec.field, '>=', fmt(start)], [spec.field, '<', fmt(end)]];
}

function addPeriod(start: string, granularity: Granularity): string {
  const date = new Date(`${start}T00:00:00Z`);
  switch (granularity) {
    case 'day': date.setUTCDate(date.getUTCDate() + 1); break;
    case 'week': date.setUTCDate(date.getUTCDate() + 7); break;
    case 'month': date.setUTCMonth(date.getUTCMonth() + 1); break;
    case 'quarter': date.setUTCMonth(date.getUTCMonth() + 3); break;
    case 'year': date.setUTCFullYear(date.getUTCFullYear() + 1); break;
  }
  return date.toISOString().slice(0, 10);
}

/** Odoo's group labels: "26 Nov 2026", "W48 2026", "November 2026", "Q4 2026", "2026". */
function dateLabel(start: string, granularity: Granularity): string {
  const date = new Date(`${start.slice(0, 10)}T00:00:00Z`);
  const year = date.getUTCFullYear();
  switch (granularity) {
    case 'day': return `${String(date.getUTCDate()).padStart(2, '0')} ${MONTHS[date.getUTCMonth()].slice(0, 3)} ${year}`;
    case 'week': return `W${isoWeek(date)} ${year}`;
    case 'month': return `${MONTHS[date.getUTCMonth()]} ${year}`;
    case 'quarter': return `Q${Math.floor(date.getUTCMonth() / 3) + 1} ${year}`;
    default: return String(year);
  }
}

function isoWeek(date: Date): number {
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = target.getUTCDay() || 7;
  target.setUTCDate(target.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(target.getUTCFullYear(), 0, 1));
  return Math.ceil(((target.getTime() - yearStart.getTime()) / 86400000 + 1) / 7);
}

/** Grouping or aggregating a field shows its values: secrets and fields of other groups cannot be. */
async function checkReadable(env: Model['env'], meta: Model['_meta'], fname: string): Promise<void> {
  const field = meta.fields.get(fname);
  if (!field || env.su) return;
  if (field.options.writeOnly) throw new AccessError(`The field ${JSON.stringify(fname)} of ${meta.description} (${meta.name}) is write-only: it cannot be grouped or aggregated.`);
  if (field.options.groups && !(await env.hasGroup(field.options.groups))) {
    throw new AccessError(`You do not have access to the field ${JSON.stringify(fname)} of ${meta.description} (${meta.name}).`);
  }
}
