import { FormController } from '../../static/web/src/views/form/form_controller';
import { makeTestEnv, mountComponent, nextTick } from './helpers';

const fields = {
  name: { type: 'char', string: 'Account' },
  sync_state: { type: 'selection', string: 'Sync', selection: [['idle', 'Idle'], ['running', 'Running']] },
  fetched: { type: 'integer', string: 'Fetched' },
  display_name: { type: 'char', string: 'Name', readonly: true },
};
const arch = { sheet: [{ field: 'name' }, { field: 'sync_state' }, { field: 'fetched' }], poll: { seconds: 0.05, while: [['sync_state', '=', 'running']] } };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function mountPolling(states: Array<[string, number]>) {
  let reads = 0;
  const env = await makeTestEnv((route) => {
    if (!route.endsWith('/read')) throw new Error(`unexpected ${route}`);
    const [state, fetched] = states[Math.min(reads++, states.length - 1)];
    return [{ id: 1, name: 'US', display_name: 'US', sync_state: state, fetched }];
  });
  const mounted = await mountComponent(FormController as any, env, {
    resModel: 'amazon.account', resId: 1, views: { form: { arch, id: 1 } }, models: { 'amazon.account': fields }, context: {},
  });
  await nextTick();
  return { ...mounted, reads: () => reads };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('form "poll": live progress', () => {
  test('reloads while the record matches the domain, showing the new values, and stops when it no longer does', async () => {
    const { fixture, reads, app } = await mountPolling([['running', 10], ['running', 25], ['idle', 40]]);
    await wait(400);
    await nextTick();
    expect(reads()).toBe(3);
    expect((fixture.querySelector('.o_field_widget[name="fetched"] input') as HTMLInputElement).value).toBe('40');
    await wait(200);
    expect(reads()).toBe(3);
    app.destroy();
  });

  test('no polling when the record does not match, nor after the form is closed', async () => {
    const idle = await mountPolling([['idle', 0]]);
    await wait(200);
    expect(idle.reads()).toBe(1);
    idle.app.destroy();
    const running = await mountPolling([['running', 1]]);
    running.app.destroy();
    const before = running.reads();
    await wait(200);
    expect(running.reads()).toBe(before);
  });
});
