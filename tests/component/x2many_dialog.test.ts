import { FormController } from '../../static/web/src/views/form/form_controller';
import { DialogContainer } from '../../static/web/src/core/dialog/dialog_container';
import { makeTestEnv, mountComponent, nextTick, input } from './helpers';

const orderFields = {
  name: { type: 'char', string: 'Order' },
  order_line: { type: 'one2many', string: 'Lines', relation: 'sale.order.line', relation_field: 'order_id' },
  display_name: { type: 'char', string: 'Name', readonly: true },
};
const lineFields = {
  name: { type: 'char', string: 'Description', required: true },
  product_uom_qty: { type: 'float', string: 'Quantity' },
  price_unit: { type: 'float', string: 'Unit Price' },
  discount: { type: 'float', string: 'Discount' },
};

function server(writes: unknown[]) {
  return (route: string, params: any) => {
    if (route.endsWith('/read') && params.model === 'sale.order') return [{ id: 5, name: 'S00005', display_name: 'S00005', order_line: [11] }];
    if (route.endsWith('/read') && params.model === 'sale.order.line') {
      return [{ id: 11, name: '<i>Desk</i>', product_uom_qty: 2, price_unit: 100, discount: 0 }];
    }
    if (route.endsWith('/write')) {
      writes.push(params.args);
      return true;
    }
    if (route.endsWith('/search_read')) return [];
    if (route.endsWith('/default_get')) return { product_uom_qty: 1, discount: 0 };
    throw new Error(`unexpected ${route}`);
  };
}

async function mountOrder(lineNode: Record<string, unknown>, extraFormFields: Record<string, unknown> = {}) {
  const writes: unknown[] = [];
  const env = await makeTestEnv(server(writes));
  const arch = { sheet: [{ field: 'name' }, { field: 'order_line', ...lineNode }] };
  const { fixture } = await mountComponent(FormController as any, env, {
    resModel: 'sale.order', resId: 5, views: { form: { arch, id: 1 } }, context: {},
    models: { 'sale.order': { ...orderFields, ...extraFormFields }, 'sale.order.line': lineFields },
  });
  const { fixture: dialogs } = await mountComponent(DialogContainer as any, env);
  await nextTick();
  return { fixture, dialogs, writes, env };
}

const lineList = [{ field: 'name' }, { field: 'product_uom_qty' }];
const subForm = { sheet: [{ group: [{ field: 'name' }, { field: 'product_uom_qty' }, { field: 'price_unit' }, { field: 'discount' }] }] };

afterEach(() => {
  document.body.innerHTML = '';
});

describe('x2many lines in a sub-form dialog (list not editable)', () => {
  test('a click opens the line in its sub-form with fields not in the list; Save & Close keeps the change for the parent save', async () => {
    const { fixture, dialogs, writes, env } = await mountOrder({ list: lineList, form: subForm });
    const lineRead = env.calls.find((c) => c.route.endsWith('/read') && c.params.model === 'sale.order.line')!;
    expect(lineRead.params.args[1].sort()).toEqual(['discount', 'name', 'price_unit', 'product_uom_qty']);
    const row = fixture.querySelector('.o_field_one2many .o_data_row') as HTMLElement;
    expect(row.querySelector('input')).toBeNull(); // cells are text: the dialog edits
    expect(row.textContent).toContain('<i>Desk</i>');
    row.click();
    await nextTick();
    const dialog = dialogs.querySelector('[data-testid="x2many-line-dialog"]')!;
    expect(dialog.querySelector('.modal-title')!.textContent).toBe('Lines');
    expect((dialog.querySelector('.o_field_widget[name="price_unit"] input') as HTMLInputElement).value).toBe('100');
    input(dialog.querySelector('.o_field_widget[name="discount"] input'), '10', 'change');
    (dialog.querySelector('[data-testid="x2many-line-save"]') as HTMLElement).click();
    await nextTick();
    expect(dialogs.querySelector('[data-testid="x2many-line-dialog"]')).toBeNull();
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([[[5], { order_line: [[1, 11, { discount: 10 }]] }]]);
  });

  test('Discard puts the line back as it was and nothing is written', async () => {
    const { fixture, dialogs, writes } = await mountOrder({ list: lineList, form: subForm });
    (fixture.querySelector('.o_field_one2many .o_data_row') as HTMLElement).click();
    await nextTick();
    input(dialogs.querySelector('.o_field_widget[name="product_uom_qty"] input'), '9', 'change');
    (dialogs.querySelector('[data-testid="x2many-line-discard"]') as HTMLElement).click();
    await nextTick();
    expect(fixture.querySelector('.o_field_one2many .o_data_row [name="product_uom_qty"]')!.textContent!.trim()).toBe('2.00');
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([]);
  });

  test('Add a line opens an empty sub-form (the list columns without a form); required fields keep it open; saved lines are created with the parent', async () => {
    const { fixture, dialogs, writes, env } = await mountOrder({ list: lineList, context: { default_discount: 5 } });
    (fixture.querySelector('[data-testid="x2many-add"]') as HTMLElement).click();
    await nextTick();
    expect(fixture.querySelectorAll('.o_field_one2many .o_data_row')).toHaveLength(1); // not added before Save
    const dialog = dialogs.querySelector('[data-testid="x2many-line-dialog"]')!;
    expect([...dialog.querySelectorAll('.o_field_widget')].map((f) => f.getAttribute('name'))).toEqual(['name', 'product_uom_qty']);
    const defaults = env.calls.find((c) => c.route.endsWith('/default_get'))!;
    expect(defaults.params).toMatchObject({ model: 'sale.order.line', args: [['name', 'product_uom_qty']], kwargs: { context: { default_discount: 5 } } });
    expect((dialog.querySelector('.o_field_widget[name="product_uom_qty"] input') as HTMLInputElement).value).toBe('1');
    input(dialog.querySelector('.o_field_widget[name="product_uom_qty"] input'), '3', 'change');
    (dialog.querySelector('[data-testid="x2many-line-save"]') as HTMLElement).click();
    await nextTick();
    expect(dialogs.querySelector('.o_field_widget[name="name"]')!.classList).toContain('o_field_invalid');
    input(dialogs.querySelector('.o_field_widget[name="name"] input'), 'Chair');
    (dialogs.querySelector('[data-testid="x2many-line-save"]') as HTMLElement).click();
    await nextTick();
    expect(fixture.querySelectorAll('.o_field_one2many .o_data_row')).toHaveLength(2);
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([[[5], { order_line: [[0, 0, { name: 'Chair', product_uom_qty: 3 }]] }]]);
  });

  test('with "editable" the lines are still edited in place, without a dialog', async () => {
    const { fixture, dialogs } = await mountOrder({ list: lineList, editable: 'bottom' });
    const row = fixture.querySelector('.o_field_one2many .o_data_row') as HTMLElement;
    expect((row.querySelector('.o_field_widget[name="name"] input') as HTMLInputElement).value).toBe('<i>Desk</i>');
    row.click();
    await nextTick();
    expect(dialogs.querySelector('[data-testid="x2many-line-dialog"]')).toBeNull();
  });
});
