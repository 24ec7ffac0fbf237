import { ListController } from '../../static/web/src/views/list/list_controller';
import { evaluateDomain } from '../../static/web/src/core/domain';
import { makeTestEnv, mountComponent, nextTick, input } from './helpers';

const fields = {
  name: { type: 'char', string: 'Name', sortable: true },
  state: { type: 'selection', string: 'Status', selection: [['draft', 'Quotation'], ['sale', 'Sales Order']], sortable: true },
  amount: { type: 'float', string: 'Amount', sortable: true },
  team_id: { type: 'many2one', string: 'Team', relation: 'crm.team', sortable: true },
};
const rows = [
  { id: 1, name: '<script>x()</script>S001', state: 'draft', amount: 10, team_id: [1, 'Amazon'] },
  { id: 2, name: 'S002', state: 'sale', amount: 32.5, team_id: false },
];

async function mountList() {
  const env = await makeTestEnv((route, params) => {
    if (route.endsWith('/search_read')) return rows;
    if (route.endsWith('/search_count')) return rows.length;
    if (route.endsWith('/read_group')) return [{ team_id: [1, 'Amazon'], team_id_count: 1, __domain: [['team_id', '=', 1]] }, { team_id: false, team_id_count: 1, __domain: [['team_id', '=', false]] }];
    if (route.endsWith('/unlink')) return true;
    throw new Error(`unexpected ${route} ${JSON.stringify(params)}`);
  });
  const opened: unknown[] = [];
  const { fixture } = await mountComponent(ListController as any, env, {
    resModel: 'sale.order', models: { 'sale.order': fields }, context: { search_default_draft: 1 }, domain: [['company_id', '=', 1]],
    views: {
      list: { id: 1, arch: { fields: [{ field: 'name' }, { field: 'state', widget: 'badge' }, { field: 'amount', sum: true }, { field: 'team_id' }] } },
      search: { id: 2, arch: { fields: ['name'], filters: [{ name: 'draft', string: 'Quotations', domain: [['state', '=', 'draft']] }], groupby: [{ name: 'team', string: 'Team', field: 'team_id' }] } },
    },
    openRecord: (id: number) => opened.push(id),
  });
  await nextTick();
  return { fixture, env, opened };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('list view', () => {
  test('with no records, says so and shows the action\'s help as text', async () => {
    const env = await makeTestEnv((route) => {
      if (route.endsWith('/search_read')) return [];
      if (route.endsWith('/search_count')) return 0;
      throw new Error(`unexpected ${route}`);
    });
    const { fixture } = await mountComponent(ListController as any, env, {
      resModel: 'sale.order', models: { 'sale.order': fields }, help: '<b>Import</b> your Amazon orders',
      views: { list: { id: 1, arch: { fields: [{ field: 'name' }] } }, search: { id: 2, arch: { fields: ['name'] } } },
    });
    await nextTick();
    expect(fixture.querySelector('.o_view_nocontent_smiling_face')?.textContent).toBe('No record found');
    expect(fixture.querySelector('.o_view_nocontent_help')?.textContent).toBe('<b>Import</b> your Amazon orders');
    expect(fixture.querySelector('.o_view_nocontent b')).toBeNull();
    expect(fixture.querySelector('.o_list_table')).toBeNull();
  });

  test('shows formatted cells as text, the sum, and applies search_default filters with the action domain', async () => {
    const { fixture, env } = await mountList();
    const cells = [...fixture.querySelectorAll('.o_data_row:first-child .o_data_cell')].map((c) => c.textContent?.trim());
    expect(cells).toEqual(['<script>x()</script>S001', 'Quotation', '10.00', 'Amazon']);
    expect(fixture.querySelector('script')).toBeNull();
    expect(fixture.querySelector('tfoot')?.textContent).toContain('42.50');
    const search = env.calls.find((c) => c.route.endsWith('/search_read'))!;
    expect(search.params.kwargs.domain).toEqual(['&', ['company_id', '=', 1], ['state', '=', 'draft']]);
  });

  test('sorting a column asks the server for that order', async () => {
    const { fixture, env } = await mountList();
    (fixture.querySelector('th[data-name="amount"]') as HTMLElement).click();
    await nextTick();
    expect(env.calls.filter((c) => c.route.endsWith('/search_read')).at(-1)!.params.kwargs.order).toBe('amount asc');
    (fixture.querySelector('th[data-name="amount"]') as HTMLElement).click();
    await nextTick();
    expect(env.calls.filter((c) => c.route.endsWith('/search_read')).at(-1)!.params.kwargs.order).toBe('amount desc');
  });

  test('typing in the search bar searches the field; group by shows read_group rows', async () => {
    const { fixture, env } = await mountList();
    input(fixture.querySelector('.o_searchview_input'), 'S00');
    await nextTick();
    (fixture.querySelector('.o_searchview_autocomplete li') as HTMLElement).dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    await nextTick();
    expect(env.calls.filter((c) => c.route.endsWith('/search_read')).at(-1)!.params.kwargs.domain)
      .toEqual(['&', '&', ['company_id', '=', 1], ['name', 'ilike', 'S00'], ['state', '=', 'draft']]);
    (fixture.querySelector('.o_group_by_menu button') as HTMLElement).click();
    await nextTick();
    (fixture.querySelector('.o_group_by_menu .o_menu_item') as HTMLElement).click();
    await nextTick();
    expect([...fixture.querySelectorAll('.o_group_header .o_group_name')].map((g) => g.textContent)).toEqual(['Amazon', 'None']);
  });

  test('clicking a row opens it; selecting rows offers Delete', async () => {
    const { fixture, opened, env } = await mountList();
    (fixture.querySelector('.o_data_row .o_data_cell') as HTMLElement).click();
    expect(opened).toEqual([1]);
    (fixture.querySelector('.o_data_row .o_list_record_selector') as HTMLElement).click();
    await nextTick();
    expect(fixture.querySelector('.o_selection_count')?.textContent).toContain('1 selected');
    window.confirm = () => true;
    (fixture.querySelector('.o_list_delete') as HTMLElement).click();
    await nextTick();
    expect(env.calls.find((c) => c.route.endsWith('/unlink'))!.params.args).toEqual([[1]]);
  });
});

describe('modifier domains', () => {
  test('prefix operators, many2one ids and empty values', () => {
    const values = { state: 'draft', partner_id: [4, 'Deco'], qty: 0, tags: [[1, 'a']] };
    expect(evaluateDomain([['partner_id', '=', 4]], values)).toBe(true);
    expect(evaluateDomain(['|', ['state', '=', 'sale'], ['qty', '<=', 0]], values)).toBe(true);
    expect(evaluateDomain(['!', ['state', 'in', ['draft', 'sent']]], values)).toBe(false);
    expect(evaluateDomain([['missing', '=', false]], values)).toBe(true);
    expect(evaluateDomain([['state', 'ilike', 'DRA']], values)).toBe(true);
  });
});
