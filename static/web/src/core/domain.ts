/**
 * Client-side evaluation of Odoo domains (prefix notation) on a record's values: this is what
 * makes `invisible`, `readonly` and `required` modifiers follow the record as the user edits.
 */
export type DomainTerm = '&' | '|' | '!' | [string, string, unknown] | boolean;
export type Domain = DomainTerm[];
export type Modifier = boolean | Domain | undefined | null;
export type Values = Record<string, unknown>;

export function evaluateModifier(modifier: Modifier, values: Values): boolean {
  if (modifier === undefined || modifier === null || modifier === false) return false;
  if (modifier === true) return true;
  if (typeof modifier === 'string') return evaluateDomain(JSON.parse(modifier) as Domain, values);
  return evaluateDomain(modifier, values);
}

export function evaluateDomain(domain: Domain, values: Values): boolean {
  if (!domain.length) return true;
  let index = 0;
  const next = (): boolean => {
    if (index >= domain.length) throw new Error(`Invalid domain ${JSON.stringify(domain)}: missing terms.`);
    const term = domain[index++];
    if (term === '&') return both(next(), next(), (a, b) => a && b);
    if (term === '|') return both(next(), next(), (a, b) => a || b);
    if (term === '!') return !next();
    if (term === true || term === false) return term;
    return matchTerm(term, values);
  };
  const results: boolean[] = [];
  while (index < domain.length) results.push(next());
  return results.every(Boolean); // implicit '&' between top-level terms
}

function both(a: boolean, b: boolean, op: (a: boolean, b: boolean) => boolean): boolean {
  return op(a, b);
}

/** Values as domains compare them: many2one by id, x2many as id lists, empty as false. */
function normalise(value: unknown): unknown {
  if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'number' && typeof value[1] === 'string') return value[0];
  if (value && typeof value === 'object' && 'currentIds' in (value as object)) return (value as { currentIds: number[] }).currentIds;
  if (value === null || value === undefined || value === '') return false;
  return value;
}

function matchTerm([field, operator, expected]: [string, string, unknown], values: Values): boolean {
  const value = normalise(values[field]);
  const list = Array.isArray(value) ? value : null;
  switch (operator) {
    case '=': case '==':
      if (list) return expected === false ? list.length === 0 : list.includes(expected);
      return value === expected || (expected === false && value === false);
    case '!=': case '<>':
      if (list) return expected === false ? list.length > 0 : !list.includes(expected);
      return value !== expected;
    case '>': return value !== false && (value as number) > (expected as number);
    case '>=': return value !== false && (value as number) >= (expected as number);
    case '<': return value !== false && (value as number) < (expected as number);
    case '<=': return value !== false && (value as number) <= (expected as number);
    case 'in': {
      const options = Array.isArray(expected) ? expected : [expected];
      return list ? list.some((v) => options.includes(v)) : options.includes(value);
    }
    case 'not in': {
      const options = Array.isArray(expected) ? expected : [expected];
      return list ? !list.some((v) => options.includes(v)) : !options.includes(value);
    }
    case 'like': case 'ilike': case 'not like': case 'not ilike': case '=like': case '=ilike': {
      const insensitive = operator.includes('ilike');
      const text = value === false ? '' : String(value);
      const pattern = String(expected ?? '');
      const found = operator.startsWith('=')
        ? new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`, insensitive ? 'i' : '').test(text)
        : (insensitive ? text.toLowerCase().includes(pattern.toLowerCase()) : text.includes(pattern));
      return operator.startsWith('not') ? !found : found;
    }
    default:
      throw new Error(`Unsupported operator "${operator}" in domain term ${JSON.stringify([field, operator, expected])}.`);
  }
}

/** ['&', a, b] for non-empty parts; [] when none. */
export function andDomains(domains: Domain[]): Domain {
  const parts = domains.filter((d) => d.length);
  if (!parts.length) return [];
  return [...Array(parts.length - 1).fill('&'), ...parts.flat()] as Domain;
}

export function orDomains(domains: Domain[]): Domain {
  const parts = domains.filter((d) => d.length);
  if (!parts.length) return [];
  return [...Array(parts.length - 1).fill('|'), ...parts.flat()] as Domain;
}

/**
 * A field node's domain with the record's values put in: `"$record.journal_id"` becomes the
 * record's journal id (Odoo writes `[('journal_id', '=', journal_id)]`), so a many2one offers only
 * what fits the values being edited. many2one values compare by id, x2many as id lists.
 */
export function bindRecordValues(domain: Domain, values: Values): Domain {
  const bind = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('$record.')) return normalise(values[value.slice('$record.'.length)]);
    return Array.isArray(value) ? value.map(bind) : value;
  };
  return domain.map((term) => (Array.isArray(term) ? [term[0], term[1], bind(term[2])] as DomainTerm : term));
}
