import type { Domain } from '../../core/domain';
import type { FieldsGet } from '../record';
import { formatMeasure, groupKey, groupLabel, measureValue, readGroupFields } from '../graph/group_utils';

export interface PivotRow { path: string[]; label: string; level: number; values: string[] }
export interface PivotCol { key: string; label: string }
export interface PivotTable { cols: PivotCol[]; rows: PivotRow[]; total: string[]; measures: string[]; hasCols: boolean }

type ReadGroup = (domain: Domain, fields: string[], groupBy: string[]) => Promise<Array<Record<string, any>>>;

/**
 * Builds the pivot table from read_group (lazy=false): one call per row depth with the column
 * group-bys (the cells) and one without (the row totals). Rows are nested by their group-by
 * path, each header row carrying its subtotal; columns are the combinations of the column
 * group-bys, then Total; the last row holds the grand totals. Every label is plain text.
 */
export async function loadPivot(readGroup: ReadGroup, params: { domain: Domain; rows: string[]; cols: string[]; measures: string[]; fields: FieldsGet }): Promise<PivotTable> {
  const { domain, rows, cols, measures, fields } = params;
  const aggregates = readGroupFields(measures);
  const requests: Array<Promise<{ depth: number; withCols: boolean; groups: Array<Record<string, any>> }>> = [];
  for (let depth = 0; depth <= rows.length; depth++) {
    const rowGroupBys = rows.slice(0, depth);
    requests.push(readGroup(domain, aggregates, rowGroupBys).then((groups) => ({ depth, withCols: false, groups })));
    if (cols.length) requests.push(readGroup(domain, aggregates, [...rowGroupBys, ...cols]).then((groups) => ({ depth, withCols: true, groups })));
  }
  const answers = await Promise.all(requests);

  const cells = new Map<string, Record<string, any>>();
  const colList: PivotCol[] = [];
  const children = new Map<string, Array<{ path: string[]; label: string }>>();
  const pathOf = (group: Record<string, any>, depth: number) => rows.slice(0, depth).map((g) => groupKey(group, g));
  const colKeyOf = (group: Record<string, any>) => JSON.stringify(cols.map((g) => groupKey(group, g)));

  for (const { depth, withCols, groups } of answers) {
    for (const group of groups) {
      const path = pathOf(group, depth);
      const colKey = withCols ? colKeyOf(group) : '';
      cells.set(`${JSON.stringify(path)}|${colKey}`, group);
      if (withCols && depth === 0 && !colList.some((c) => c.key === colKey)) {
        colList.push({ key: colKey, label: cols.map((g) => groupLabel(group, g, fields)).join(' / ') });
      }
      if (!withCols && depth > 0) {
        const parent = JSON.stringify(path.slice(0, -1));
        const siblings = children.get(parent) ?? [];
        if (!siblings.some((s) => JSON.stringify(s.path) === JSON.stringify(path))) siblings.push({ path, label: groupLabel(group, rows[depth - 1], fields) });
        children.set(parent, siblings);
      }
    }
  }

  const valuesOf = (path: string[], depth: number): string[] => {
    const groupBysAt = rows.slice(0, depth);
    const out: string[] = [];
    for (const col of [...colList.map((c) => c.key), '']) {
      const group = cells.get(`${JSON.stringify(path)}|${col}`);
      for (const measure of measures) {
        out.push(group ? formatMeasure(measureValue(group, measure, col ? [...groupBysAt, ...cols] : groupBysAt), measure, fields) : '');
      }
    }
    return out;
  };

  const rowList: PivotRow[] = [];
  const visit = (parent: string[]) => {
    for (const child of children.get(JSON.stringify(parent)) ?? []) {
      rowList.push({ path: child.path, label: child.label, level: child.path.length - 1, values: valuesOf(child.path, child.path.length) });
      visit(child.path);
    }
  };
  visit([]);
  return { cols: colList, rows: rowList, total: valuesOf([], 0), measures, hasCols: cols.length > 0 };
}
