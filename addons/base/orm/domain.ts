import { AccessError, ValidationError } from './exceptions';
import type { Environment } from './environment';
import type { Field } from './fields';
import type { ModelMeta } from './registry';
import { SqlParams, ident, newAlias } from './sql';

export type DomainLeaf = [string, string, unknown];
export type DomainTerm = '&' | '|' | '!' | DomainLeaf;
export type Domain = DomainTerm[];

export const OPERATORS = new Set([
  '=', '!=', '<>', '<', '>', '<=', '>=', 'in', 'not in', 'like', 'ilike', 'not like', 'not ilike',
  '=like', '=ilike', 'child_of', 'parent_of', '=?',
]);
const TRUE_LEAF = '__true__';
const FALSE_LEAF = '__false__';

/** Checks a domain's shape and returns it in prefix form with explicit '&'. */
export function normalizeDomain(domain: unknown): Domain {
  if (domain === undefined || domain === null || domain === false) return [];
  if (!Array.isArray(domain)) throw new ValidationError(`Invalid domain ${JSON.stringify(domain)}: a domain is a list of conditions.`);
  const terms: DomainTerm[] = domain.map((term) => {
    if (term === '&' || term === '|' || term === '!') return term;
    if (Array.isArray(term) && term.length === 3 && typeof term[1] === 'string') {
      if ((term[0] === 0 || term[0] === 1) && term[1] === '=' && term[2] === 1) return [term[0] === 1 ? TRUE_LEAF : FALSE_LEAF, '=', 1];
      if (typeof term[0] !== 'string' || !term[0]) throw new ValidationError(`Invalid domain term ${JSON.stringify(term)}: the field name must be a text.`);
      const operator = term[1].toLowerCase();
      if (!OPERATORS.has(operator)) throw new ValidationError(`Invalid operator ${JSON.stringify(term[1])} in domain term ${JSON.stringify(term)}.`);
      return [term[0], operator, term[2]];
    }
    throw new ValidationError(`Invalid domain term ${JSON.stringify(term)}: expected '&', '|', '!' or [field, operator, value].`);
  });
  // Count how many operands are expected to check arity and add the implicit '&'s.
  let expected = 1;
  const result: DomainTerm[] = [];
  for (const term of terms) {
    if (expected === 0) {
      result.unshift('&');
      expected = 1;
    }
    if (term === '&' || term === '|') expected += 1;
    else if (term !== '!') expected -= 1;
    result.push(term);
  }
  if (terms.length && expected !== 0) throw new ValidationError(`Invalid domain ${JSON.stringify(domain)}: an operator is missing its operands.`);
  return result;
}

export function andDomains(...domains: Domain[]): Domain {
  const nonEmpty = domains.filter((d) => d.length);
  if (!nonEmpty.length) return [];
  const result: Domain = [];
  for (let i = 1; i < nonEmpty.length; i++) result.push('&');
  for (const d of nonEmpty) result.push(...d);
  return result;
}

export function orDomains(...domains: Domain[]): Domain {
  if (domains.some((d) => !d.length)) return [];
  const result: Domain = [];
  for (let i = 1; i < domains.length; i++) result.push('|');
  for (const d of domains) result.push(...d);
  return result;
}

/**
 * Compiles a normalised domain to a SQL boolean expression on `alias` (the model's table).
 * Dotted paths and relational operators become subqueries, so the result composes freely.
 */
export async function compileDomain(env: Environment, meta: ModelMeta, domain: Domain, alias: string, params: SqlParams): Promise<string> {
  let index = 0;
  const next = async (): Promise<string> => {
    const term = domain[index++];
    if (term === '&' || term === '|') {
      const left = await next();
      const right = await next();
      return `(${left} ${term === '&' ? 'AND' : 'OR'} ${right})`;
    }
    if (term === '!') return `(NOT ${await next()})`;
    return compileLeaf(env, meta, term, alias, params);
  };
  if (!domain.length) return 'TRUE';
  const sql = await next();
  return sql;
}

async function compileLeaf(env: Environment, meta: ModelMeta, leaf: DomainLeaf, alias: string, params: SqlParams): Promise<string> {
  const [path, rawOperator, value] = leaf;
  if (path === TRUE_LEAF) return 'TRUE';
  if (path === FALSE_LEAF) return 'FALSE';
  const operator = rawOperator === '<>' ? '!=' : rawOperator;
  if (operator === '=?') {
    if (value === false || value === null || value === undefined) return 'TRUE';
    return compileLeaf(env, meta, [path, '=', value], alias, params);
  }
  const [fname, ...rest] = path.split('.');
  const field = meta.fields.get(fname);
  if (!field) throw new ValidationError(`Invalid field ${JSON.stringify(fname)} on model ${JSON.stringify(meta.name)} in domain term ${JSON.stringify(leaf)}.`);
  if (field.options.groups && !env.su && !(await env.hasGroup(field.options.groups))) {
    throw new ValidationError(`You cannot search on the field ${JSON.stringify(fname)} of ${meta.name}.`);
  }
  // A pattern search on a secret is an oracle that reveals it character by character.
  if (field.options.writeOnly && !env.su) {
    throw new AccessError(`The field ${JSON.stringify(fname)} of ${meta.name} is write-only: it cannot be searched.`);
  }

  if (!field.stored && fname !== 'id') {
    if (field.options.related) return compileLeaf(env, meta, [[field.options.related, ...rest].join('.'), operator, value], alias, params);
    if (field.options.search) {
      const model = env.model(meta.name) as any;
      const sub = normalizeDomain(await model[field.options.search](operator, value));
      return compileDomain(env, meta, sub, alias, params);
    }
    if (fname === 'display_name' && meta.recName) return compileLeaf(env, meta, [meta.recName, operator, value], alias, params);
    if (!field.isX2many) throw new ValidationError(`The field ${meta.name}.${fname} is not stored and cannot be searched.`);
  }

  const comodel = field.comodel ? env.registry.meta(field.comodel) : null;
  if (rest.length) {
    if (!comodel) throw new ValidationError(`Invalid path ${JSON.stringify(path)}: ${meta.name}.${fname} is not a relational field.`);
    const sub = newAlias();
    const inner = await compileLeaf(env, comodel, [rest.join('.'), operator, value], sub, params);
    const active = comodel.fields.has('active') ? ` AND ${sub}."active" IS TRUE` : '';
    const ids = `SELECT ${sub}.id FROM ${ident(comodel.table)} ${sub} WHERE ${inner}${active}`;
    return relationalMembership(field, meta, comodel, alias, ids);
  }

  if (operator === 'child_of' || operator === 'parent_of') {
    const target = fname === 'id' ? meta : comodel;
    if (!target) throw new ValidationError(`Operator ${operator} needs a relational field, not ${meta.name}.${fname}.`);
    const ids = await resolveIds(env, target, value);
    const hierarchy = hierarchyQuery(target, operator, params.add(ids));
    if (fname === 'id') return `${alias}.id IN (${hierarchy})`;
    return relationalMembership(field, meta, target, alias, hierarchy);
  }

  if (field.type === 'many2one' && comodel && isNameValue(operator, value)) {
    const sub = newAlias();
    const inner = await compileLeaf(env, comodel, [comodel.recName ?? 'id', operator, value], sub, params);
    return `${alias}.${ident(fname)} IN (SELECT ${sub}.id FROM ${ident(comodel.table)} ${sub} WHERE ${inner})`;
  }

  if (field.isX2many && comodel) {
    if (value === false || value === null) {
      const exists = relationalMembership(field, meta, comodel, alias, `SELECT id FROM ${ident(comodel.table)}`);
      return operator === '=' ? `NOT ${exists}` : exists;
    }
    if (typeof value === 'string' || (Array.isArray(value) && value.some((v) => typeof v === 'string'))) {
      const sub = newAlias();
      const inner = await compileLeaf(env, comodel, [comodel.recName ?? 'id', operator, value], sub, params);
      return relationalMembership(field, meta, comodel, alias, `SELECT ${sub}.id FROM ${ident(comodel.table)} ${sub} WHERE ${inner}`);
    }
    const negative = operator === '!=' || operator === 'not in';
    const ids = toIdList(value, leaf);
    const membership = relationalMembership(field, meta, comodel, alias, `SELECT unnest(${params.add(ids)}::int[])`);
    return negative ? `NOT ${membership}` : membership;
  }

  return compileColumn(field, `${alias}.${ident(fname)}`, operator, value, leaf, params);
}

/** `alias` is related through `field` to one of the comodel ids the subquery yields. */
function relationalMembership(field: Field, meta: ModelMeta, comodel: ModelMeta, alias: string, ids: string): string {
  if (field.name === 'id') return `${alias}.id IN (${ids})`;
  if (field.type === 'many2one') return `${alias}.${ident(field.name)} IN (${ids})`;
  if (field.type === 'one2many') {
    const inverse = ident(field.options.inverse!);
    return `${alias}.id IN (SELECT ${inverse} FROM ${ident(comodel.table)} WHERE id IN (${ids}) AND ${inverse} IS NOT NULL)`;
  }
  const rel = many2manyTable(field, meta, comodel);
  return `${alias}.id IN (SELECT ${ident(rel.column1)} FROM ${ident(rel.table)} WHERE ${ident(rel.column2)} IN (${ids}))`;
}

function hierarchyQuery(meta: ModelMeta, operator: string, idsParam: string): string {
  const parent = ident(meta.parentName);
  const table = ident(meta.table);
  if (!meta.fields.has(meta.parentName)) throw new ValidationError(`Model ${meta.name} has no hierarchy for ${operator}.`);
  const step = operator === 'child_of'
    ? `SELECT x.id FROM ${table} x JOIN h ON x.${parent} = h.id`
    : `SELECT x.${parent} FROM ${table} x JOIN h ON x.id = h.id WHERE x.${parent} IS NOT NULL`;
  return `WITH RECURSIVE h(id) AS (SELECT id FROM ${table} WHERE id = ANY(${idsParam}::int[]) UNION ${step}) SELECT id FROM h`;
}

function isNameValue(operator: string, value: unknown): boolean {
  if (typeof value === 'string') return true;
  return (operator === 'in' || operator === 'not in') && Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string');
}

async function resolveIds(env: Environment, meta: ModelMeta, value: unknown): Promise<number[]> {
  if (typeof value === 'string') {
    const found = await (env.model(meta.name) as any).name_search(value, [], 'ilike', 1000);
    return found.map((pair: [number, string]) => pair[0]);
  }
  return toIdList(value, ['id', 'child_of', value]);
}

function toIdList(value: unknown, leaf: unknown): number[] {
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => Number.isInteger(v))) throw new ValidationError(`Invalid value in domain term ${JSON.stringify(leaf)}: expected record ids.`);
  return list as number[];
}

export function many2manyTable(field: Field, meta: ModelMeta, comodel: ModelMeta) {
  const [first, second] = [meta.table, comodel.table].sort();
  const table = field.options.relation ?? `${first}_${second}_rel`;
  const column1 = field.options.column1 ?? `${meta.table}_id`;
  let column2 = field.options.column2 ?? `${comodel.table}_id`;
  if (column1 === column2) column2 = `${column2}2`;
  return { table, column1, column2 };
}

function compileColumn(field: Field, column: string, operator: string, value: unknown, leaf: unknown, params: SqlParams): string {
  const invalid = (expected: string): never => {
    throw new ValidationError(`Invalid value in domain term ${JSON.stringify(leaf)}: ${expected}.`);
  };
  const scalar = (v: unknown): unknown => {
    if (v === null || v === undefined || v === false) return null;
    switch (field.type) {
      case 'integer': case 'many2one':
        if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
        if (!Number.isInteger(v)) invalid('expected an integer');
        return v;
      case 'float': case 'monetary':
        if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
        if (typeof v !== 'number' || !Number.isFinite(v)) invalid('expected a number');
        return v;
      case 'boolean':
        if (typeof v !== 'boolean') invalid('expected true or false');
        return v;
      case 'date': case 'datetime':
        if (typeof v !== 'string' || Number.isNaN(Date.parse(v.replace(' ', 'T')))) invalid('expected a date');
        return v;
      default:
        if (typeof v === 'object') invalid('expected a text');
        return String(v);
    }
  };
  const isText = ['char', 'text', 'html', 'selection'].includes(field.type);

  switch (operator) {
    case '=': case '!=': {
      if (Array.isArray(value)) return compileColumn(field, column, operator === '=' ? 'in' : 'not in', value, leaf, params);
      const v = scalar(value);
      if (v === null || (field.type === 'boolean' && v === false)) {
        const empty = field.type === 'boolean' ? `(${column} IS NULL OR ${column} = FALSE)` : `${column} IS NULL`;
        return operator === '=' ? empty : `NOT ${empty}`;
      }
      return operator === '=' ? `${column} = ${params.add(v)}` : `(${column} != ${params.add(v)} OR ${column} IS NULL)`;
    }
    case '<': case '>': case '<=': case '>=': {
      const v = scalar(value);
      if (v === null) return 'FALSE';
      return `${column} ${operator} ${params.add(v)}`;
    }
    case 'in': case 'not in': {
      const list = Array.isArray(value) ? value : [value];
      const withNull = list.some((v) => v === false || v === null);
      const values = list.filter((v) => v !== false && v !== null).map(scalar);
      const type = field.type === 'integer' || field.type === 'many2one' ? 'int[]' : field.type === 'float' || field.type === 'monetary' ? 'float8[]' : field.type === 'boolean' ? 'boolean[]' : 'text[]';
      const columnExpr = type === 'text[]' ? `${column}::text` : column;
      const member = values.length ? `${columnExpr} = ANY(${params.add(values)}::${type})` : 'FALSE';
      const inSql = withNull ? `(${member} OR ${column} IS NULL)` : member;
      if (operator === 'in') return inSql;
      return withNull ? `NOT ${inSql}` : `(NOT ${member} OR ${column} IS NULL)`;
    }
    case 'like': case 'ilike': case 'not like': case 'not ilike': case '=like': case '=ilike': {
      if (value === false || value === null) return operator.startsWith('not') ? `${column} IS NOT NULL` : `${column} IS NULL`;
      if (typeof value !== 'string' && typeof value !== 'number') invalid('expected a text pattern');
      const raw = operator.startsWith('=');
      // As Odoo: like/ilike wrap the value in %...% and leave its own % and _ as wildcards.
      const pattern = raw ? String(value) : `%${String(value)}%`;
      const sqlOp = operator.replace('=', '').toUpperCase();
      const target = isText ? column : `${column}::text`;
      if (operator.startsWith('not')) return `(${target} ${sqlOp} ${params.add(pattern)} OR ${column} IS NULL)`;
      return `${target} ${sqlOp} ${params.add(pattern)}`;
    }
    default:
      return invalid(`unsupported operator ${operator}`);
  }
}
