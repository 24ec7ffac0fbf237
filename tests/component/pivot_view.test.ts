import { PivotController } from '../../static/web/src/views/pivot/pivot_controller';
import { registry } from '../../static/web/src/core/registry';
import { makeTestEnv, mountComponent, nextTick } from './helpers';

const fields = {
  name: { type: 'char', string: 'Name' },
  team_id: { type: 'many2one', string: 'Team', relation: 'crm.team' },
  date: { type: 'date', string: 'Date' },
  price_total: { type: 'monetary', string: 'Total' },
};

/** A fake read_group (lazy=false, Odoo 17 shape) over these lines. */
const lines = [
  { team_id: [1, '<b>Amazon</b>'], 'date:month': 'January 2026', price_total: 10 },
  { team_id: [1, '<b>Amazon</b>'], 'date:month': 'February 2026', price_total: 20 },
  { team_id: [1, '<b>Amazon</b>'], 'date:month': 'February 2026', price_total: 5 },
  { team_id: [2, 'Direct'], 'date:month': 'January 2026', price_total: 100 },
  { team_id: false, 'date:month': 'February 2026', price_total: 1 },
];
function readGroup(groupby: string[]) {
  const groups = new Map<string, any>();
  for (const line of lines) {
    const key = JSON.stringify(groupby.map((g) => (line as any)[g]));
    const group = groups.get(key) ?? { ...Object.fromEntries(groupby.map((g) => [g, (line as any)[g]])), __count: 0, price_total: 0, __domain: [] };
    group.__count++;
    group.price_total += line.price_total;
    groups.set(key, group);
  }
  return [...groups.values()];
}

async function mountPivot(arch: any) {
  const env = await makeTestEnv((route, params) => {
    if (route.endsWith('/read_group')) {
      expect(params.kwargs.lazy).toBe(false);
      return readGroup(params.kwargs.groupby);
    }
    throw new Error(`unexpected ${route}`);
  });
  const { fixture } = await mountComponent(PivotController as any, env, {
    resModel: 'sale.report', models: { 'sale.report': fields }, domain: [['state', '=', 'sale']],
    views: { pivot: { id: 1, arch }, search: { id: 2, arch: { fields: ['name'], filters: [], groupby: [{ name: 'team', string: 'Team', field: 'team_id' }] } } },
  });
  await nextTick();
  return { fixture, env };
}

const texts = (root: ParentNode, selector: string) => [...root.querySelectorAll(selector)].map((e) => e.textContent?.trim());

afterEach(() => {
  document.body.innerHTML = '';
});

describe('pivot view', () => {
  test('rows by columns with two measures, row and column totals; labels as text', async () => {
    const { fixture, env } = await mountPivot({ rows: ['team_id'], cols: ['date:month'], measures: ['price_total', '__count'] });
    expect(texts(fixture, 'thead .o_pivot_col_headers .o_pivot_header_cell')).toEqual(['January 2026', 'February 2026', 'Total']);
    expect(texts(fixture, 'thead .o_pivot_measure_header')).toEqual(['Total', 'Count', 'Total', 'Count', 'Total', 'Count']);
    expect(texts(fixture, '.o_pivot_row_header')).toEqual(['<b>Amazon</b>', 'Direct', 'None']);
    expect(fixture.querySelector('.o_pivot_row_header b')).toBeNull();
    const rows = [...fixture.querySelectorAll('tbody .o_pivot_row')].map((r) => texts(r, '.o_pivot_cell_value'));
    expect(rows).toEqual([
      ['10.00', '1', '25.00', '2', '35.00', '3'],
      ['100.00', '1', '', '', '100.00', '1'],
      ['', '', '1.00', '1', '1.00', '1'],
    ]);
    expect(texts(fixture, 'tfoot .o_pivot_total')).toEqual(['110.00', '2', '26.00', '3', '136.00', '5']);
    const calls = env.calls.filter((c) => c.route.endsWith('/read_group')).map((c) => c.params.kwargs);
    expect(calls.map((k) => k.groupby)).toEqual(expect.arrayContaining([[], ['date:month'], ['team_id'], ['team_id', 'date:month']]));
    expect(calls[0].fields).toEqual(['price_total']);
    expect(calls[0].domain).toEqual([['state', '=', 'sale']]);
  });

  test('nested rows show subtotals; no columns gives a single Total column', async () => {
    const { fixture } = await mountPivot({ rows: ['team_id', 'date:month'], measures: ['__count'] });
    expect(fixture.querySelector('.o_pivot_col_headers')).toBeNull();
    const rows = [...fixture.querySelectorAll('tbody .o_pivot_row')].map((r) => [r.getAttribute('data-level'), r.querySelector('.o_pivot_row_header')?.textContent, ...texts(r, '.o_pivot_cell_value')]);
    expect(rows).toEqual([
      ['0', '<b>Amazon</b>', '3'], ['1', 'January 2026', '1'], ['1', 'February 2026', '2'],
      ['0', 'Direct', '1'], ['1', 'January 2026', '1'],
      ['0', 'None', '1'], ['1', 'February 2026', '1'],
    ]);
    expect(texts(fixture, 'tfoot .o_pivot_total')).toEqual(['5']);
  });

  test('toggling a measure and flipping the axes reload', async () => {
    const { fixture } = await mountPivot({ rows: ['team_id'], cols: [], measures: ['__count'] });
    (fixture.querySelector('.o_pivot_measure[data-measure="price_total"]') as HTMLElement).click();
    await nextTick();
    expect(texts(fixture, 'tfoot .o_pivot_total')).toEqual(['5', '136.00']);
    (fixture.querySelector('.o_pivot_flip_button') as HTMLElement).click();
    await nextTick();
    expect(texts(fixture, '.o_pivot_col_headers .o_pivot_header_cell')).toEqual(['<b>Amazon</b>', 'Direct', 'None', 'Total']);
    expect(fixture.querySelectorAll('tbody .o_pivot_row').length).toBe(0);
    expect(texts(fixture, 'tfoot .o_pivot_total')).toEqual(['3', '35.00', '1', '100.00', '1', '1.00', '5', '136.00']);
  });

  test('is registered as a view type', () => {
    expect(registry.category('views').contains('pivot')).toBe(true);
    expect(registry.category('views').contains('graph')).toBe(true);
  });
});
