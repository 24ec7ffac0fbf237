import { FormController } from '../../static/web/src/views/form/form_controller';
import { ListController } from '../../static/web/src/views/list/list_controller';
import { NotificationContainer } from '../../static/web/src/core/notifications/notification_container';
import { browser } from '../../static/web/src/core/browser/browser';
import { makeTestEnv, mountComponent, nextTick, ServerError, type RpcHandler } from './helpers';

const moveFields = {
  name: { type: 'char', string: 'Number' },
  state: { type: 'selection', string: 'Status', selection: [['draft', 'Draft'], ['posted', 'Posted']] },
  amount_total: { type: 'monetary', string: 'Total' },
  display_name: { type: 'char', string: 'Display Name', readonly: true },
};
const formArch = {
  header: { buttons: [
    { name: 'action_invoice_download_pdf', string: 'Download', type: 'object' },
    { name: 'action_open_portal', string: 'Portal', type: 'object' },
    { name: 'action_invoice_send', string: 'Send', type: 'object' },
    { name: 'action_sync', string: 'Sync', type: 'object' },
  ] },
  sheet: [{ field: 'name' }, { field: 'state' }],
};
const listArch = {
  fields: [{ field: 'name' }, { field: 'amount_total' }],
  actions: [
    { name: 'create_batch_payment', string: 'Create batch payment' },
    { name: 'action_register_payment', string: 'Register Payment' },
    { name: 'account.action_payment_register', string: 'Register (action)', type: 'action' },
  ],
};
const rows = [{ id: 1, name: 'INV/1', amount_total: 10 }, { id: 2, name: 'INV/2', amount_total: 20 }, { id: 3, name: 'INV/3', amount_total: 30 }];

function server(buttons: Record<string, (ids: number[]) => unknown>): RpcHandler {
  return (route, params) => {
    if (route.endsWith('/read')) return params.args[0].map((id: number) => ({ id, name: `INV/${id}`, state: 'posted', display_name: `INV/${id}` }));
    if (route.endsWith('/search_read')) return rows;
    if (route.endsWith('/search_count')) return rows.length;
    if (route === '/web/dataset/call_button') return buttons[params.method](params.args[0]);
    if (route === '/web/action/load') return { id: 40, type: 'ir.actions.act_window', name: 'Register Payment', res_model: 'account.payment.register', target: 'new', views: [[false, 'form']], context: { dont_redirect: true } };
    throw new Error(`unexpected ${route} ${JSON.stringify(params)}`);
  };
}

async function mountForm(handler: RpcHandler) {
  const env = await makeTestEnv(handler);
  const { fixture } = await mountComponent(FormController as any, env, {
    resModel: 'account.move', resId: 7, views: { form: { arch: formArch, id: 1 } }, models: { 'account.move': moveFields }, context: {},
  });
  const notifications = await mountComponent(NotificationContainer as any, env);
  await nextTick();
  return { fixture, env, notifications: notifications.fixture };
}

async function mountList(handler: RpcHandler) {
  const env = await makeTestEnv(handler);
  const { fixture } = await mountComponent(ListController as any, env, {
    resModel: 'account.move', models: { 'account.move': moveFields }, context: { default_move_type: 'out_invoice' }, domain: [],
    views: { list: { id: 1, arch: listArch }, search: { id: 2, arch: { fields: ['name'], filters: [], groupby: [] } } },
    openRecord: () => undefined,
  });
  await nextTick();
  return { fixture, env };
}

async function click(fixture: HTMLElement, selector: string) {
  const el = fixture.querySelector(selector) as HTMLElement | null;
  if (!el) throw new Error(`nothing matches ${selector}`);
  el.click();
  await nextTick();
}

async function selectRows(fixture: HTMLElement, ids: number[]) {
  for (const id of ids) await click(fixture, `.o_data_row[data-id="${id}"] .o_list_record_selector`);
}

afterEach(() => {
  jest.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('buttons returning files, URLs and errors', () => {
  test('a method returning { filename, mimetype, data } makes the browser save the decoded file', async () => {
    const download = jest.spyOn(browser, 'download').mockImplementation(() => undefined);
    const pdf = Buffer.from('%PDF-1.7 invoice').toString('base64');
    const { fixture, env } = await mountForm(server({ action_invoice_download_pdf: () => ({ filename: 'INV_2026_0001.pdf', mimetype: 'application/pdf', data: pdf }) }));
    await click(fixture, 'button[name="action_invoice_download_pdf"]');
    expect(env.calls.find((c) => c.route === '/web/dataset/call_button')!.params).toMatchObject({ model: 'account.move', method: 'action_invoice_download_pdf', args: [[7]] });
    expect(download).toHaveBeenCalledTimes(1);
    const [filename, mimetype, bytes] = download.mock.calls[0];
    expect([filename, mimetype]).toEqual(['INV_2026_0001.pdf', 'application/pdf']);
    expect(Buffer.from(bytes).toString()).toBe('%PDF-1.7 invoice');
  });

  test('an ir.actions.act_url opens its URL (in this tab for target self)', async () => {
    const open = jest.spyOn(browser, 'open').mockImplementation(() => undefined);
    const { fixture } = await mountForm(server({ action_open_portal: () => ({ type: 'ir.actions.act_url', url: '/web/content/account.move/7/action_invoice_download_pdf', target: 'self' }) }));
    await click(fixture, 'button[name="action_open_portal"]');
    expect(open).toHaveBeenCalledWith('/web/content/account.move/7/action_invoice_download_pdf', '_self');
  });

  test('a UserError from a button is shown as a notification with its message as text, never the stack', async () => {
    const { fixture, notifications } = await mountForm(server({ action_invoice_send: () => { throw new ServerError('Amazon hides <buyer> e-mails: this invoice cannot be sent.'); } }));
    await click(fixture, 'button[name="action_invoice_send"]');
    const note = notifications.querySelector('.o_notification')!;
    expect(note.querySelector('.o_notification_title')!.textContent).toBe('Invalid Operation');
    expect(note.querySelector('.o_notification_content')!.textContent).toBe('Amazon hides <buyer> e-mails: this invoice cannot be sent.');
    expect(note.querySelector('buyer')).toBeNull();
    expect(notifications.textContent).not.toContain('Traceback');
  });
});

test('a display_notification client action shows its message as a success notification, then runs its next action', async () => {
  const open = jest.spyOn(browser, 'open').mockImplementation(() => undefined);
  const { fixture, notifications } = await mountForm(server({ action_sync: () => ({
    type: 'ir.actions.client', tag: 'display_notification',
    params: { title: 'Sync finished', message: '<b>3</b> orders imported', type: 'success', next: { type: 'ir.actions.act_url', url: '/odoo/orders', target: 'self' } },
  }) }));
  await click(fixture, 'button[name="action_sync"]');
  const note = notifications.querySelector('[data-testid="notification"]')!;
  expect(note.getAttribute('data-type')).toBe('success');
  expect(note.querySelector('.o_notification_title')!.textContent).toBe('Sync finished');
  expect(note.querySelector('.o_notification_content')!.textContent).toBe('<b>3</b> orders imported');
  expect(note.querySelector('b')).toBeNull();
  expect(open).toHaveBeenCalledWith('/odoo/orders', '_self');
});

describe('list actions on the selected records', () => {
  test('Create batch payment calls the method on the selected ids and opens the form it returns', async () => {
    const { fixture, env } = await mountList(server({ create_batch_payment: (ids) => ({ type: 'ir.actions.act_window', res_model: 'account.batch.payment', res_id: 9, view_mode: 'form', name: `Batch of ${ids.length}` }) }));
    expect(fixture.querySelector('[data-testid="list-action-create_batch_payment"]')).toBeNull(); // only with a selection
    await selectRows(fixture, [1, 3]);
    await click(fixture, '[data-testid="list-action-create_batch_payment"]');
    const call = env.calls.find((c) => c.route === '/web/dataset/call_button')!;
    expect(call.params).toMatchObject({ model: 'account.move', method: 'create_batch_payment', args: [[1, 3]] });
    expect(call.params.kwargs.context).toMatchObject({ default_move_type: 'out_invoice', tz: 'UTC' });
    const current = env.services.action.state.stack.at(-1);
    expect(current).toMatchObject({ viewType: 'form', resId: 9, action: { res_model: 'account.batch.payment' } });
  });

  test('an action returned with view_mode "tree,form" (or views [[false, "tree"]]) opens the list view', async () => {
    for (const returned of [{ view_mode: 'tree,form' }, { views: [[false, 'tree'], [false, 'form']] }]) {
      const { fixture, env } = await mountList(server({ create_batch_payment: () => ({ type: 'ir.actions.act_window', res_model: 'account.payment', name: 'Payments', domain: [['id', 'in', [1, 3]]], ...returned }) }));
      await selectRows(fixture, [1, 3]);
      await click(fixture, '[data-testid="list-action-create_batch_payment"]');
      expect(env.services.action.state.stack.at(-1)).toMatchObject({ viewType: 'list', action: { res_model: 'account.payment', views: [[false, 'list'], [false, 'form']] } });
      document.body.innerHTML = '';
    }
  });

  test('Register Payment opens the wizard the method returns as a dialog; closing it reloads the list', async () => {
    const { fixture, env } = await mountList(server({
      action_register_payment: () => ({ type: 'ir.actions.act_window', name: 'Register Payment', res_model: 'account.payment.register', target: 'new', views: [[false, 'form']], context: { dont_redirect: true } }),
    }));
    await selectRows(fixture, [1, 2, 3]);
    await click(fixture, '[data-testid="list-action-action_register_payment"]');
    const dialogs = env.services.dialog.dialogs;
    expect(dialogs).toHaveLength(1);
    // the wizard learns the selected invoices; the list's defaults (default_move_type) do not follow it
    expect(dialogs[0].props.action).toMatchObject({ res_model: 'account.payment.register', context: { active_ids: [1, 2, 3], active_id: 1, active_model: 'account.move', dont_redirect: true } });
    expect(dialogs[0].props.action.context).not.toHaveProperty('default_move_type');
    const searches = env.calls.filter((c) => c.route.endsWith('/search_read')).length;
    dialogs[0].props.close();
    await nextTick();
    expect(env.calls.filter((c) => c.route.endsWith('/search_read')).length).toBeGreaterThan(searches);
  });

  test('an entry of type action opens that action with active_ids, active_model and the selection', async () => {
    const { fixture, env } = await mountList(server({}));
    await selectRows(fixture, [2, 3]);
    await click(fixture, '[data-testid="list-action-account.action_payment_register"]');
    expect(env.calls.find((c) => c.route === '/web/action/load')!.params).toEqual({ action_id: 'account.action_payment_register' });
    expect(env.services.dialog.dialogs[0].props.action.context).toMatchObject({ active_ids: [2, 3], active_id: 2, active_model: 'account.move', dont_redirect: true });
  });

  test('a refused list action keeps the selection and shows the server message', async () => {
    const { fixture, env } = await mountList(server({ create_batch_payment: () => { throw new ServerError('All payments of a batch must use the same journal.'); } }));
    const { fixture: notes } = await mountComponent(NotificationContainer as any, env);
    await selectRows(fixture, [1, 2]);
    await click(fixture, '[data-testid="list-action-create_batch_payment"]');
    expect(notes.querySelector('.o_notification_content')!.textContent).toBe('All payments of a batch must use the same journal.');
    expect(fixture.querySelector('.o_selection_count')!.textContent).toContain('2 selected');
    expect(env.services.action.state.stack).toHaveLength(0);
  });
});
