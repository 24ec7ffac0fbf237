import { formatValue } from '../../core/format';
import type { FieldsGet } from '../record';

/**
 * Helpers shared by the graph and pivot views to read Odoo 17 read_group answers: the value of a
 * group-by in a group (`[id, name]` for a many2one, a label for `date:month`), a stable key for
 * it, its display text (plain text, for t-esc / chart labels) and a measure's value.
 */
export function groupValue(group: Record<string, any>, groupBy: string): unknown {
  return group[groupBy] ?? group[groupBy.split(':')[0]] ?? false;
}

export function groupKey(group: Record<string, any>, groupBy: string): string {
  const value = groupValue(group, groupBy);
  return JSON.stringify(Array.isArray(value) ? value[0] : value);
}

export function groupLabel(group: Record<string, any>, groupBy: string, fields: FieldsGet): string {
  const value = groupValue(group, groupBy);
  if (value === false || value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return String(value[1] ?? value[0]);
  const [fieldName, granularity] = groupBy.split(':');
  const field = fields[fieldName];
  if (granularity || !field) return String(value);
  if (field.type === 'boolean') return value ? 'Yes' : 'No';
  return formatValue(value, field as any) || String(value);
}

/** `__count` reads `__count` (lazy=false) or `<field>_count` (lazy); any other measure its aggregate. */
export function measureValue(group: Record<string, any>, measure: string, groupBys: string[] = []): number {
  if (measure === '__count') {
    if (typeof group.__count === 'number') return group.__count;
    for (const g of groupBys) {
      const count = group[`${g.split(':')[0]}_count`] ?? group[`${g}_count`];
      if (typeof count === 'number') return count;
    }
    return 0;
  }
  return Number(group[measure]) || 0;
}

export function measureLabel(measure: string, fields: FieldsGet): string {
  return measure === '__count' ? 'Count' : String(fields[measure]?.string ?? measure);
}

/** Fields that can be measured: stored numbers (and the record count). */
export function measurableFields(fields: FieldsGet): string[] {
  return Object.entries(fields)
    .filter(([name, f]: [string, any]) => name !== 'id' && ['integer', 'float', 'monetary'].includes(f.type) && f.store !== false)
    .map(([name]) => name);
}

/** The aggregate list for read_group: `__count` needs none. */
export function readGroupFields(measures: string[]): string[] {
  const fields = measures.filter((m) => m !== '__count');
  return fields.length ? fields : ['__count'];
}

export function formatMeasure(value: number, measure: string, fields: FieldsGet): string {
  const type = measure === '__count' ? 'integer' : fields[measure]?.type;
  const digits = type === 'integer' ? 0 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
