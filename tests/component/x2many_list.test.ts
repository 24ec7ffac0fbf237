import { FormController } from '../../static/web/src/views/form/form_controller';
import { makeTestEnv, mountComponent, nextTick } from './helpers';

const pickingFields = {
  name: { type: 'char', string: 'Reference' },
  state: { type: 'selection', string: 'Status', selection: [['draft', 'Draft'], ['done', 'Done']] },
  move_ids: { type: 'one2many', string: 'Operations', relation: 'stock.move', relation_field: 'picking_id' },
  display_name: { type: 'char', string: 'Name', readonly: true },
};
const moveFields = {
  product_id: { type: 'char', string: 'Product' },
  product_uom_qty: { type: 'float', string: 'Demand' },
  quantity: { type: 'float', string: 'Quantity' },
  state: { type: 'selection', string: 'Status', selection: [['draft', 'New'], ['done', 'Done']] },
};

async function mountPicking(moveNode: Record<string, unknown>, pickingState = 'draft') {
  const env = await makeTestEnv((route: string, params: any) => {
    if (route.endsWith('/read') && params.model === 'stock.picking') {
      return [{ id: 7, name: 'WH/OUT/00007', display_name: 'WH/OUT/00007', state: pickingState, move_ids: [21, 22] }];
    }
    if (route.endsWith('/read') && params.model === 'stock.move') {
      return [{ id: 21, product_id: 'Desk', product_uom_qty: 2, quantity: 1, state: 'draft' }, { id: 22, product_id: 'Chair', product_uom_qty: 4, quantity: 0, state: 'draft' }];
    }
    if (route.endsWith('/search_read')) return [];
    throw new Error(`unexpected ${route}`);
  });
  const arch = { sheet: [{ field: 'name' }, { field: 'state', invisible: true }, { field: 'move_ids', ...moveNode }] };
  const { fixture } = await mountComponent(FormController as any, env, {
    resModel: 'stock.picking', resId: 7, views: { form: { arch, id: 1 } }, context: {},
    models: { 'stock.picking': pickingFields, 'stock.move': moveFields },
  });
  await nextTick();
  return fixture;
}

const headers = (fixture: HTMLElement) => [...fixture.querySelectorAll('.o_field_one2many thead th')].map((th) => th.textContent).filter(Boolean);
const cellsPerRow = (fixture: HTMLElement) => [...fixture.querySelectorAll('.o_field_one2many .o_data_row')].map((row) => row.querySelectorAll('td.o_data_cell').length);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('x2many list columns', () => {
  test('a column invisible for the whole list (invisible: true) has neither header nor cells', async () => {
    const fixture = await mountPicking({ list: [{ field: 'product_id' }, { field: 'product_uom_qty' }, { field: 'state', invisible: true }] });
    expect(headers(fixture)).toEqual(['Product', 'Demand']);
    expect(cellsPerRow(fixture)).toEqual([2, 2]);
  });

  test('column_invisible: true hides the column, a column_invisible domain is evaluated on the parent record', async () => {
    // the domain tests the picking's state (draft / done); every move here is draft
    const list = [{ field: 'product_id' }, { field: 'product_uom_qty', column_invisible: true }, { field: 'quantity', column_invisible: [['state', '=', 'draft']] }];
    const draft = await mountPicking({ list });
    expect(headers(draft)).toEqual(['Product']);
    expect(cellsPerRow(draft)).toEqual([1, 1]);
    document.body.innerHTML = '';
    const done = await mountPicking({ list }, 'done');
    expect(headers(done)).toEqual(['Product', 'Quantity']);
    expect(cellsPerRow(done)).toEqual([2, 2]);
  });

  test('a per-line invisible domain keeps the column and hides only the matching cells', async () => {
    const fixture = await mountPicking({ list: [{ field: 'product_id' }, { field: 'quantity', invisible: [['quantity', '=', 0]] }] });
    expect(headers(fixture)).toEqual(['Product', 'Quantity']);
    const rows = [...fixture.querySelectorAll('.o_field_one2many .o_data_row')];
    expect(rows[0].querySelector('.o_field_widget[name="quantity"]')).not.toBeNull();
    expect(rows[1].querySelector('.o_field_widget[name="quantity"]')).toBeNull();
  });

  test('a readonly one2many has no Add a line and no delete button', async () => {
    const editable = await mountPicking({ list: [{ field: 'product_id' }] });
    expect(editable.querySelector('[data-testid="x2many-add"]')).not.toBeNull();
    expect(editable.querySelectorAll('[data-testid="x2many-remove"]').length).toBe(2);
    document.body.innerHTML = '';
    const readonly = await mountPicking({ readonly: true, list: [{ field: 'product_id' }] });
    expect(readonly.querySelectorAll('.o_field_one2many .o_data_row').length).toBe(2);
    expect(readonly.querySelector('[data-testid="x2many-add"]')).toBeNull();
    expect(readonly.querySelector('[data-testid="x2many-remove"]')).toBeNull();
    expect(readonly.querySelector('.o_list_record_remove_header')).toBeNull();
  });
});
