import { GraphController, graphChart } from '../../static/web/src/views/graph/graph_controller';
import { buildChartConfig, type ChartConfig } from '../../static/web/src/views/graph/graph_model';
import { makeTestEnv, mountComponent, nextTick } from './helpers';

const fields = {
  team_id: { type: 'many2one', string: 'Team', relation: 'crm.team' },
  state: { type: 'selection', string: 'Status', selection: [['draft', 'Quotation'], ['sale', 'Sales Order']] },
  date: { type: 'date', string: 'Date' },
  price_total: { type: 'monetary', string: 'Total' },
};

const byTeam = [
  { team_id: [1, '<img src=x onerror=alert(1)>Amazon'], __count: 3, price_total: 35, __domain: [] },
  { team_id: [2, 'Direct'], __count: 1, price_total: 100, __domain: [] },
  { team_id: false, __count: 1, price_total: 1, __domain: [] },
];
const byTeamMonth = [
  { team_id: [1, 'Amazon'], 'date:month': 'January 2026', __count: 1, price_total: 10 },
  { team_id: [1, 'Amazon'], 'date:month': 'February 2026', __count: 2, price_total: 25 },
  { team_id: [2, 'Direct'], 'date:month': 'January 2026', __count: 1, price_total: 100 },
];

async function mountGraph(arch: any) {
  const configs: ChartConfig[] = [];
  const original = graphChart.create;
  graphChart.create = (_canvas, config) => {
    configs.push(JSON.parse(JSON.stringify(config)));
    return { destroy() {} };
  };
  const env = await makeTestEnv((route, params) => {
    if (route.endsWith('/read_group')) return params.kwargs.groupby.length === 2 ? byTeamMonth : byTeam;
    throw new Error(`unexpected ${route}`);
  });
  const { fixture, app } = await mountComponent(GraphController as any, env, {
    resModel: 'sale.report', models: { 'sale.report': fields }, domain: [['state', '=', 'sale']],
    views: { graph: { id: 1, arch }, search: { id: 2, arch: { fields: [], filters: [], groupby: [{ name: 'month', string: 'Month', field: 'date:month' }] } } },
  });
  await nextTick();
  graphChart.create = original;
  return { fixture, env, configs, app, restore: () => (graphChart.create = original) };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('graph view', () => {
  test('builds a bar chart of the measure by the arch rows, from read_group', async () => {
    const { configs, env } = await mountGraph({ type: 'bar', rows: ['team_id'], measure: 'price_total' });
    const call = env.calls.find((c) => c.route.endsWith('/read_group'))!.params.kwargs;
    expect(call).toMatchObject({ groupby: ['team_id'], fields: ['price_total'], lazy: false, domain: [['state', '=', 'sale']] });
    const config = configs.at(-1)!;
    expect(config.type).toBe('bar');
    expect(config.data.labels).toEqual(['<img src=x onerror=alert(1)>Amazon', 'Direct', 'None']);
    expect(config.data.datasets).toHaveLength(1);
    expect(config.data.datasets[0]).toMatchObject({ label: 'Total', data: [35, 100, 1] });
  });

  test('switching chart type and measure rebuilds the config', async () => {
    const { fixture, configs, restore } = await mountGraph({ type: 'bar', rows: ['team_id'], measure: 'price_total' });
    graphChart.create = (_c, config) => (configs.push(JSON.parse(JSON.stringify(config))), { destroy() {} });
    try {
      (fixture.querySelector('.o_graph_button[data-mode="pie"]') as HTMLElement).click();
      await nextTick();
      expect(configs.at(-1)!.type).toBe('pie');
      expect(configs.at(-1)!.data.datasets[0].data).toEqual([35, 100, 1]);
      expect(configs.at(-1)!.data.datasets[0].backgroundColor).toHaveLength(3);
      const select = fixture.querySelector('.o_graph_measure') as HTMLSelectElement;
      expect([...select.options].map((o) => o.textContent)).toEqual(['Count', 'Total']);
      select.value = '__count';
      select.dispatchEvent(new Event('change', { bubbles: true }));
      await nextTick();
      expect(configs.at(-1)!.data.datasets[0]).toMatchObject({ label: 'Count', data: [3, 1, 1] });
      (fixture.querySelector('.o_graph_button[data-mode="line"]') as HTMLElement).click();
      await nextTick();
      expect(configs.at(-1)!.type).toBe('line');
    } finally {
      restore();
    }
  });

  test('two group-bys (date:month from the search bar replaces rows) give one dataset per second value', () => {
    const config = buildChartConfig({ groups: byTeamMonth, groupBys: ['team_id', 'date:month'], measure: 'price_total', type: 'bar', stacked: true, fields: fields as any });
    expect(config.data.labels).toEqual(['Amazon', 'Direct']);
    expect(config.data.datasets.map((d) => [d.label, d.data])).toEqual([['January 2026', [10, 100]], ['February 2026', [25, 0]]]);
    expect(config.options.scales.y.stacked).toBe(true);
    const none = buildChartConfig({ groups: [{ __count: 4 }], groupBys: [], measure: '__count', type: 'bar', fields: fields as any });
    expect(none.data).toMatchObject({ labels: ['Total'], datasets: [{ data: [4] }] });
    const lazy = buildChartConfig({ groups: [{ state: 'draft', state_count: 2 }], groupBys: ['state'], measure: '__count', type: 'line', fields: fields as any });
    expect(lazy.data).toMatchObject({ labels: ['Quotation'], datasets: [{ data: [2] }] });
  });

  test('the search bar group-by replaces the arch rows', async () => {
    const { fixture, env, restore } = await mountGraph({ type: 'bar', rows: ['team_id'], measure: '__count' });
    graphChart.create = () => ({ destroy() {} });
    try {
      (fixture.querySelector('.o_group_by_menu button') as HTMLElement).click();
      await nextTick();
      (fixture.querySelector('.o_group_by_menu .o_menu_item') as HTMLElement).click();
      await nextTick();
      expect(env.calls.filter((c) => c.route.endsWith('/read_group')).at(-1)!.params.kwargs.groupby).toEqual(['date:month']);
    } finally {
      restore();
    }
  });

  test('without a 2D canvas context (jsdom) nothing is drawn and nothing breaks', async () => {
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = (() => null) as any;
    try {
      const env = await makeTestEnv(() => byTeam);
      const { fixture } = await mountComponent(GraphController as any, env, {
        resModel: 'sale.report', models: { 'sale.report': fields }, views: { graph: { id: 1, arch: { rows: ['team_id'] } } },
      });
      await nextTick();
      expect(fixture.querySelector('canvas')).not.toBeNull();
      expect(fixture.querySelector('.o_graph_button.active')?.textContent).toBe('bar');
    } finally {
      HTMLCanvasElement.prototype.getContext = getContext;
    }
  });
});
