import { ListController } from '../../static/web/src/views/list/list_controller';
import { NotificationContainer } from '../../static/web/src/core/notifications/notification_container';
import { makeTestEnv, mountComponent, nextTick, input } from './helpers';

const quantFields = {
  location_id: { type: 'many2one', string: 'Location', relation: 'stock.location', required: true },
  product_id: { type: 'many2one', string: 'Product', relation: 'product.product', required: true },
  quantity: { type: 'float', string: 'Quantity', readonly: true },
  inventory_quantity: { type: 'float', string: 'Counted Quantity' },
  inventory_diff_quantity: { type: 'float', string: 'Difference', readonly: true },
  inventory_quantity_set: { type: 'boolean', string: 'Set', readonly: true },
  display_name: { type: 'char', string: 'Name', readonly: true },
};
const arch = {
  editable: 'bottom',
  fields: [
    { field: 'location_id' }, { field: 'product_id' }, { field: 'quantity', string: 'On Hand Quantity' },
    { field: 'inventory_quantity', string: 'Counted Quantity' },
    { field: 'inventory_diff_quantity', invisible: [['inventory_quantity_set', '=', false]] }, { field: 'inventory_quantity_set', invisible: true },
  ],
};

function quantServer(writes: unknown[][], creates: unknown[]) {
  const rows = [
    { id: 1, location_id: [8, 'WH/Stock'], product_id: [3, 'Desk <b>Combination</b>'], quantity: 10, inventory_quantity: 0, inventory_diff_quantity: 0, inventory_quantity_set: false, display_name: 'q1' },
    { id: 2, location_id: [8, 'WH/Stock'], product_id: [4, 'Chair'], quantity: 4, inventory_quantity: 6, inventory_diff_quantity: 2, inventory_quantity_set: true, display_name: 'q2' },
  ];
  return (route: string, params: any) => {
    if (route.endsWith('/search_read')) return rows;
    if (route.endsWith('/search_count')) return rows.length;
    if (route.endsWith('/read')) return params.args[0].map((id: number) => rows.find((r) => r.id === id));
    if (route.endsWith('/default_get')) return { inventory_quantity: 0 };
    if (route.endsWith('/write')) {
      writes.push(params.args);
      Object.assign(rows.find((r) => r.id === params.args[0][0])!, params.args[1]);
      return true;
    }
    if (route.endsWith('/create')) {
      creates.push(params.args[0]);
      return 3;
    }
    if (route.endsWith('/name_search')) return [[9, 'WH/Shelf 1']];
    if (route.endsWith('/read_group')) return [{ location_id: [8, 'WH/Stock'], location_id_count: 2, __domain: [['location_id', '=', 8]] }];
    throw new Error(`unexpected ${route}`);
  };
}

async function mountQuants(context: Record<string, unknown> = {}) {
  const writes: unknown[][] = [];
  const creates: unknown[] = [];
  const env = await makeTestEnv(quantServer(writes, creates));
  const opened: unknown[] = [];
  const { fixture } = await mountComponent(ListController as any, env, {
    resModel: 'stock.quant', models: { 'stock.quant': quantFields }, context, domain: [],
    views: { list: { id: 1, arch }, search: { id: 2, arch: { fields: [], filters: [], groupby: [{ name: 'locationgroup', string: 'Location', field: 'location_id' }] } } },
    openRecord: (id: unknown) => opened.push(id),
  });
  const { fixture: notes } = await mountComponent(NotificationContainer as any, env);
  await nextTick();
  return { fixture, env, writes, creates, opened, notes };
}

const row = (fixture: HTMLElement, id: number) => fixture.querySelector(`.o_data_row[data-id="${id}"]`) as HTMLElement;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('editable list', () => {
  test('a hidden column is still read, so the modifiers of shown columns can test it', async () => {
    const { fixture, env } = await mountQuants();
    expect(env.calls.find((c) => c.route.endsWith('/search_read'))!.params.kwargs.fields).toContain('inventory_quantity_set');
    expect(row(fixture, 1).querySelector('[name="inventory_diff_quantity"]')!.textContent!.trim()).toBe('');
    expect(row(fixture, 2).querySelector('[name="inventory_diff_quantity"]')!.textContent!.trim()).toBe('2.00');
    expect(fixture.querySelector('th[data-name="inventory_quantity_set"]')).toBeNull();
  });

  test('clicking a row edits it in place; Enter saves the counted quantity with write and the list reloads', async () => {
    const { fixture, writes, opened } = await mountQuants();
    row(fixture, 1).click();
    await nextTick();
    expect(opened).toEqual([]);
    const edited = fixture.querySelector('[data-testid="list-edited-row"]') as HTMLElement;
    expect(edited.getAttribute('data-id')).toBe('1');
    expect(edited.querySelector('[name="quantity"] input')).toBeNull(); // read-only field stays text
    expect((edited.querySelector('[name="product_id"] input') as HTMLInputElement).value).toBe('Desk <b>Combination</b>');
    expect(edited.querySelector('b')).toBeNull();
    const counted = edited.querySelector('[name="inventory_quantity"] input') as HTMLInputElement;
    input(counted, '7', 'change');
    counted.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await nextTick();
    expect(writes).toEqual([[[1], { inventory_quantity: 7 }]]);
    expect(fixture.querySelector('[data-testid="list-edited-row"]')).toBeNull();
    expect(row(fixture, 1).querySelector('[name="inventory_quantity"]')!.textContent!.trim()).toBe('7.00');
  });

  test('clicking another row saves the edited one first; Escape discards without writing', async () => {
    const { fixture, writes } = await mountQuants();
    row(fixture, 1).click();
    await nextTick();
    input(fixture.querySelector('[data-testid="list-edited-row"] [name="inventory_quantity"] input'), '12', 'change');
    row(fixture, 2).click();
    await nextTick();
    expect(writes).toEqual([[[1], { inventory_quantity: 12 }]]);
    expect(fixture.querySelector('[data-testid="list-edited-row"]')!.getAttribute('data-id')).toBe('2');
    const counted = fixture.querySelector('[data-testid="list-edited-row"] [name="inventory_quantity"] input') as HTMLInputElement;
    input(counted, '99', 'change');
    counted.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await nextTick();
    expect(fixture.querySelector('[data-testid="list-edited-row"]')).toBeNull();
    expect(writes).toHaveLength(1);
  });

  test('leaving a row without changes writes nothing and does not reload', async () => {
    const { fixture, writes, env } = await mountQuants();
    row(fixture, 1).click();
    await nextTick();
    const searches = env.calls.filter((c) => c.route.endsWith('/search_read')).length;
    (fixture.querySelector('[data-testid="list-save"]') as HTMLElement).click();
    await nextTick();
    expect(fixture.querySelector('[data-testid="list-edited-row"]')).toBeNull();
    expect(writes).toEqual([]);
    expect(env.calls.filter((c) => c.route.endsWith('/search_read')).length).toBe(searches);
  });

  test('New adds an empty row at the bottom; required fields are checked before create', async () => {
    const { fixture, creates, opened, notes } = await mountQuants();
    (fixture.querySelector('[data-testid="list-new"]') as HTMLElement).click();
    await nextTick();
    expect(opened).toEqual([]);
    const rows = [...fixture.querySelectorAll('tbody .o_data_row')];
    expect(rows.at(-1)!.getAttribute('data-id')).toBe('new');
    (fixture.querySelector('[data-testid="list-save"]') as HTMLElement).click();
    await nextTick();
    expect(creates).toEqual([]);
    expect(notes.textContent).toContain('Location, Product');
    expect(fixture.querySelector('[data-testid="list-edited-row"] .o_field_widget[name="location_id"]')!.classList).toContain('o_field_invalid');
    for (const name of ['location_id', 'product_id']) {
      const box = fixture.querySelector(`[data-testid="list-edited-row"] [name="${name}"] input`) as HTMLInputElement;
      input(box, 'x');
      await nextTick();
      (fixture.querySelector('.o_autocomplete_item') as HTMLElement).dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
      await nextTick();
    }
    input(fixture.querySelector('[data-testid="list-edited-row"] [name="inventory_quantity"] input'), '5', 'change');
    (fixture.querySelector('[data-testid="list-save"]') as HTMLElement).click();
    await nextTick();
    expect(creates).toEqual([{ location_id: 9, product_id: 9, inventory_quantity: 5 }]);
    expect(fixture.querySelector('[data-testid="list-edited-row"]')).toBeNull();
  });

  test('in a list grouped at open (search_default), a row of an open group is edited and refreshed in place', async () => {
    const { fixture, writes, env, opened } = await mountQuants({ search_default_locationgroup: 1 });
    (fixture.querySelector('.o_group_header') as HTMLElement).click();
    await nextTick();
    expect(env.calls.filter((c) => c.route.endsWith('/search_read')).at(-1)!.params.kwargs.fields).toContain('inventory_quantity_set');
    row(fixture, 2).click();
    await nextTick();
    expect(opened).toEqual([]);
    const counted = fixture.querySelector('[data-testid="list-edited-row"] [name="inventory_quantity"] input') as HTMLInputElement;
    input(counted, '3', 'change');
    (fixture.querySelector('[data-testid="list-save"]') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([[[2], { inventory_quantity: 3 }]]);
    expect(fixture.querySelector('[data-testid="list-edited-row"]')).toBeNull();
    expect(fixture.querySelector('.o_group_header .o_group_caret')!.textContent).toBe('▾'); // still open
    expect(row(fixture, 2).querySelector('[name="inventory_quantity"]')!.textContent!.trim()).toBe('3.00');
  });
});
