import { andDomains, orDomains, type Domain } from '../../core/domain';
import type { FieldsGet } from '../record';

export interface SearchFieldSpec { field: string; string?: string; filter_domain?: Domain; operator?: string }
export interface FilterSpec { name: string; string: string; domain?: Domain; separator?: boolean; context?: Record<string, unknown> }
export interface GroupBySpec { name: string; string: string; field: string }
export interface Facet { key: string; kind: 'field' | 'filter' | 'groupBy'; label: string; values: string[] }

/**
 * The search state of a view: typed field searches, active filters and group-bys, turned into
 * one domain and a group-by list. Filters of one block (between separators) are OR-ed, as Odoo.
 */
export class SearchModel {
  readonly searchFields: SearchFieldSpec[];
  readonly filters: FilterSpec[];
  readonly groupBys: GroupBySpec[];
  fieldQueries: Array<{ field: string; text: string; id?: number }> = [];
  activeFilters: string[] = [];
  activeGroupBys: string[] = [];

  constructor(arch: any, readonly fields: FieldsGet, readonly context: Record<string, unknown> = {}, readonly uid = 0) {
    this.searchFields = (arch?.fields ?? []).map((f: string | SearchFieldSpec) => (typeof f === 'string' ? { field: f } : f)).filter((f: SearchFieldSpec) => fields[f.field]);
    this.filters = arch?.filters ?? [];
    this.groupBys = arch?.groupby ?? [];
    for (const [key, value] of Object.entries(context)) {
      if (!key.startsWith('search_default_') || !value) continue;
      const name = key.slice('search_default_'.length);
      if (this.filters.some((f) => f.name === name)) this.activeFilters.push(name);
      else if (this.groupBys.some((g) => g.name === name)) this.activeGroupBys.push(name);
    }
  }

  fieldLabel(spec: SearchFieldSpec): string {
    return spec.string ?? this.fields[spec.field]?.string ?? spec.field;
  }

  addFieldQuery(field: string, text: string, id?: number): void {
    this.fieldQueries.push({ field, text, id });
  }
  toggleFilter(name: string): void {
    this.activeFilters = this.activeFilters.includes(name) ? this.activeFilters.filter((n) => n !== name) : [...this.activeFilters, name];
  }
  toggleGroupBy(name: string): void {
    this.activeGroupBys = this.activeGroupBys.includes(name) ? this.activeGroupBys.filter((n) => n !== name) : [...this.activeGroupBys, name];
  }
  removeFacet(key: string): void {
    if (key === 'filters') this.activeFilters = [];
    else if (key === 'groupBy') this.activeGroupBys = [];
    else this.fieldQueries = this.fieldQueries.filter((q) => `field:${q.field}` !== key);
  }

  get facets(): Facet[] {
    const facets: Facet[] = [];
    for (const spec of this.searchFields) {
      const queries = this.fieldQueries.filter((q) => q.field === spec.field);
      if (queries.length) facets.push({ key: `field:${spec.field}`, kind: 'field', label: this.fieldLabel(spec), values: queries.map((q) => q.text) });
    }
    if (this.activeFilters.length) {
      facets.push({ key: 'filters', kind: 'filter', label: 'Filters', values: this.activeFilters.map((n) => this.filters.find((f) => f.name === n)?.string ?? n) });
    }
    if (this.activeGroupBys.length) {
      facets.push({ key: 'groupBy', kind: 'groupBy', label: 'Group By', values: this.activeGroupBys.map((n) => this.groupBys.find((g) => g.name === n)?.string ?? n) });
    }
    return facets;
  }

  /** The action's domain AND the field searches AND the filter blocks. */
  domain(actionDomain: Domain = []): Domain {
    const parts: Domain[] = [actionDomain];
    for (const spec of this.searchFields) {
      const queries = this.fieldQueries.filter((q) => q.field === spec.field);
      if (queries.length) parts.push(orDomains(queries.map((q) => this.fieldDomain(spec, q))));
    }
    let block: Domain[] = [];
    const flush = () => {
      if (block.length) parts.push(orDomains(block));
      block = [];
    };
    for (const filter of this.filters) {
      if (filter.separator) flush();
      else if (this.activeFilters.includes(filter.name)) block.push(substitute(filter.domain ?? [], { $uid: this.uid }));
    }
    flush();
    return andDomains(parts);
  }

  groupBy(): string[] {
    return this.activeGroupBys.map((name) => this.groupBys.find((g) => g.name === name)?.field).filter((f): f is string => Boolean(f));
  }

  private fieldDomain(spec: SearchFieldSpec, query: { text: string; id?: number }): Domain {
    if (spec.filter_domain) return substitute(spec.filter_domain, { $self: query.text, $uid: this.uid });
    const type = this.fields[spec.field]?.type;
    if (type === 'many2one' && query.id) return [[spec.field, '=', query.id]];
    if (type === 'selection') {
      const keys = (this.fields[spec.field].selection ?? []).filter(([, label]: [string, string]) => label.toLowerCase().includes(query.text.toLowerCase())).map(([k]: [string, string]) => k);
      return [[spec.field, 'in', keys]];
    }
    if (type === 'integer' || type === 'float' || type === 'monetary') return [[spec.field, '=', Number(query.text) || 0]];
    return [[spec.field, spec.operator ?? 'ilike', query.text]];
  }
}

/** Replaces "$self" / "$uid" placeholders in a domain. */
function substitute(domain: Domain, values: Record<string, unknown>): Domain {
  return JSON.parse(JSON.stringify(domain), (_key, value) => (typeof value === 'string' && value in values ? values[value] : value));
}
