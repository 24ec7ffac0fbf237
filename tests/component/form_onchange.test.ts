import { FormController } from '../../static/web/src/views/form/form_controller';
import { NotificationContainer } from '../../static/web/src/core/notifications/notification_container';
import { makeTestEnv, mountComponent, nextTick, input } from './helpers';

const accountFields = {
  name: { type: 'char', string: 'Name' },
  last_orders_sync: { type: 'datetime', string: 'Last Order Sync' },
  last_orders_sync_warning: { type: 'text', string: 'Effect', readonly: true, depends: ['last_orders_sync'] },
};
const arch = { sheet: [{ field: 'name' }, { field: 'last_orders_sync' }, { field: 'last_orders_sync_warning', invisible: [['last_orders_sync_warning', '=', false]] }] };

async function mountAccount() {
  const calls: any[] = [];
  const env = await makeTestEnv((route, params) => {
    if (route.endsWith('/read')) return [{ id: 3, name: 'US', last_orders_sync: '2026-01-10 12:00:00', last_orders_sync_warning: false }];
    if (route.endsWith('/onchange')) {
      calls.push(params.args);
      const message = `orders changed since ${params.args[1].last_orders_sync} will be fetched again`;
      return { value: { last_orders_sync_warning: message }, warning: { title: 'Last Order Sync', message } };
    }
    if (route.endsWith('/write')) {
      calls.push(['write', params.args]);
      return true;
    }
    throw new Error(`unexpected ${route}`);
  });
  const { fixture } = await mountComponent(FormController as any, env, {
    resModel: 'amazon.account', resId: 3, views: { form: { arch, id: 1 } }, models: { 'amazon.account': accountFields }, context: {},
  });
  const { fixture: notifications } = await mountComponent(NotificationContainer as any, env);
  await nextTick();
  return { fixture, notifications, calls };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('form onchange', () => {
  test('changing a field others depend on asks the server and shows the answer before saving; other fields do not', async () => {
    const { fixture, notifications, calls } = await mountAccount();
    expect(fixture.querySelector('[name="last_orders_sync_warning"]')).toBeNull();
    input(fixture.querySelector('[name="name"] input'), 'US main');
    await nextTick();
    expect(calls).toEqual([]);
    input(fixture.querySelector('[name="last_orders_sync"] input'), '2026-01-05T08:00', 'change');
    await nextTick();
    expect(calls).toHaveLength(1);
    const [ids, values, changed, spec] = calls[0];
    expect(ids).toEqual([3]);
    expect(values).toMatchObject({ name: 'US main', last_orders_sync: expect.stringMatching(/^2026-01-05 08:00/) });
    expect(changed).toEqual(['last_orders_sync']);
    expect(Object.keys(spec).sort()).toEqual(['last_orders_sync', 'last_orders_sync_warning', 'name']);
    expect(fixture.querySelector('[name="last_orders_sync_warning"]')!.textContent).toContain('will be fetched again');
    expect(notifications.querySelector('[data-type="warning"]')!.textContent).toContain('will be fetched again');

    (fixture.querySelector('[data-testid="form-save"]') as HTMLElement).click();
    await nextTick();
    const write = calls.find((c) => c[0] === 'write');
    expect(Object.keys(write[1][1]).sort()).toEqual(['last_orders_sync', 'name']); // the computed text is not written
  });

  test('changes made before the call goes out are sent together, with the latest values', async () => {
    const { fixture, calls } = await mountAccount();
    const dateInput = fixture.querySelector('[name="last_orders_sync"] input');
    for (const day of ['01', '02', '03']) input(dateInput, `2026-02-${day}T08:00`, 'change');
    await nextTick();
    expect(calls).toHaveLength(1);
    expect(calls[0][1].last_orders_sync).toMatch(/^2026-02-03 08:00/);
    expect(fixture.querySelector('[name="last_orders_sync_warning"]')!.textContent).toContain('2026-02-03 08:00');
  });
});
