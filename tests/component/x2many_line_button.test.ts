import { FormController } from '../../static/web/src/views/form/form_controller';
import { DialogContainer } from '../../static/web/src/core/dialog/dialog_container';
import { makeTestEnv, mountComponent, nextTick, input } from './helpers';

const orderFields = {
  name: { type: 'char', string: 'Order', required: true },
  order_line: { type: 'one2many', string: 'Lines', relation: 'sale.order.line', relation_field: 'order_id' },
};
const lineFields = { name: { type: 'char', string: 'Description', required: true }, product_uom_qty: { type: 'float', string: 'Quantity' } };
const lineNode = {
  field: 'order_line', list: [{ field: 'name' }, { field: 'product_uom_qty' }],
  form: { sheet: [{ field: 'name' }, { field: 'product_uom_qty' }, { button: 'action_split', string: 'Split', type: 'object' }] },
};

/** An order with lines, which a write with a create command really extends (ids from 12). */
function statefulServer() {
  const order = { id: 5, name: 'S00005', display_name: 'S00005', order_line: [11] };
  const lines = new Map<number, Record<string, unknown>>([[11, { id: 11, name: 'Desk', product_uom_qty: 2 }]]);
  const log: string[] = [];
  const handler = (route: string, params: any) => {
    if (route.endsWith('/read') && params.model === 'sale.order') {
      log.push('read order');
      return [{ ...order }];
    }
    if (route.endsWith('/read') && params.model === 'sale.order.line') return params.args[0].map((id: number) => ({ ...lines.get(id) }));
    if (route.endsWith('/write')) {
      const [, vals] = params.args;
      log.push(`write ${JSON.stringify(vals)}`);
      if (vals.name !== undefined) order.name = vals.name;
      for (const [code, id, values] of vals.order_line ?? []) {
        if (code === 0) {
          const newId = 11 + lines.size;
          lines.set(newId, { id: newId, ...values });
          order.order_line = [...order.order_line, newId];
        } else if (code === 1) lines.set(id, { ...lines.get(id), ...values });
      }
      return true;
    }
    if (route === '/web/dataset/call_button') {
      log.push(`button ${params.model}.${params.method} ${JSON.stringify(params.args)}`);
      return false;
    }
    if (route.endsWith('/default_get')) return { product_uom_qty: 1 };
    if (route.endsWith('/search_read')) return [];
    throw new Error(`unexpected ${route}`);
  };
  return { handler, log };
}

async function mountOrder() {
  const server = statefulServer();
  const env = await makeTestEnv(server.handler);
  const { fixture } = await mountComponent(FormController as any, env, {
    resModel: 'sale.order', resId: 5, views: { form: { arch: { sheet: [{ field: 'name' }, lineNode] }, id: 1 } }, context: {},
    models: { 'sale.order': orderFields, 'sale.order.line': lineFields },
  });
  const { fixture: dialogs } = await mountComponent(DialogContainer as any, env);
  await nextTick();
  return { fixture, dialogs, log: server.log };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('a button in a one2many line dialog', () => {
  test('saves the parent with the line first, runs on the saved line (a new one gets its id), then reloads', async () => {
    const { fixture, dialogs, log } = await mountOrder();
    (fixture.querySelector('.o_field_one2many .o_data_row') as HTMLElement).click();
    await nextTick();
    input(dialogs.querySelector('[name="product_uom_qty"] input'), '3', 'change');
    log.length = 0;
    (dialogs.querySelector('[data-testid="button-action_split"]') as HTMLElement).click();
    await nextTick(6);
    expect(dialogs.querySelector('[data-testid="x2many-line-dialog"]')).toBeNull();
    expect(log).toEqual([
      'write {"order_line":[[1,11,{"product_uom_qty":3}]]}', 'read order',
      'button sale.order.line.action_split [[11]]', 'read order',
    ]);

    (fixture.querySelector('[data-testid="x2many-add"]') as HTMLElement).click();
    await nextTick();
    input(dialogs.querySelector('[name="name"] input'), 'Chair');
    log.length = 0;
    (dialogs.querySelector('[data-testid="button-action_split"]') as HTMLElement).click();
    await nextTick(6);
    expect(log).toEqual([
      'write {"order_line":[[0,0,{"name":"Chair","product_uom_qty":1}]]}', 'read order',
      'button sale.order.line.action_split [[12]]', 'read order',
    ]);
    expect(fixture.querySelectorAll('.o_field_one2many .o_data_row')).toHaveLength(2);
  });

  test('does not run when the parent cannot be saved; the line stays in the form, the invalid field marked', async () => {
    const { fixture, dialogs, log } = await mountOrder();
    input(fixture.querySelector('[name="name"] input'), '');
    (fixture.querySelector('.o_field_one2many .o_data_row') as HTMLElement).click();
    await nextTick();
    input(dialogs.querySelector('[name="product_uom_qty"] input'), '4', 'change');
    log.length = 0;
    (dialogs.querySelector('[data-testid="button-action_split"]') as HTMLElement).click();
    await nextTick(6);
    expect(log).toEqual([]);
    expect(fixture.querySelector('[name="name"]')!.classList.contains('o_field_invalid')).toBe(true);
    expect(fixture.querySelector('.o_field_one2many .o_data_row')!.textContent).toContain('4');
  });

  test('a line left invalid in the dialog keeps the dialog open and runs nothing', async () => {
    const { fixture, dialogs, log } = await mountOrder();
    (fixture.querySelector('[data-testid="x2many-add"]') as HTMLElement).click();
    await nextTick();
    log.length = 0;
    (dialogs.querySelector('[data-testid="button-action_split"]') as HTMLElement).click();
    await nextTick();
    expect(dialogs.querySelector('[data-testid="x2many-line-dialog"] [name="name"]')!.classList.contains('o_field_invalid')).toBe(true);
    expect(log).toEqual([]);
  });
});
