import { DateTime } from 'luxon';
import { FormController } from '../../static/web/src/views/form/form_controller';
import { makeTestEnv, mountComponent, nextTick } from './helpers';

const fields = { name: { type: 'char', string: 'Name' }, display_name: { type: 'char', string: 'Name', readonly: true } };
const today = DateTime.now().toISODate()!;
const yesterday = DateTime.now().minus({ days: 1 }).toISODate()!;

function server(done: number[]) {
  const activities = [
    { id: 1, summary: 'Check <script>alert(1)</script> return', note: 'Buyer said:\n<b>broken</b>', user_id: [2, 'Mitchell Admin'], date_deadline: yesterday },
    { id: 2, summary: 'Call carrier', note: false, user_id: false, date_deadline: today },
  ];
  return (route: string, params: any) => {
    if (route.endsWith('/read')) return [{ id: 4, name: 'WH/OUT/00004', display_name: 'WH/OUT/00004' }];
    if (route.endsWith('/search_read') && params.model === 'mail.message') {
      return [{ id: 9, body: 'Amazon says <img src=x onerror=alert(1)>', subject: false, author_id: [3, 'OdooBot'], date: '2026-03-01 10:00:00', message_type: 'notification' }];
    }
    if (route.endsWith('/search_read') && params.model === 'mail.activity') return activities.filter((a) => !done.includes(a.id));
    if (route.endsWith('/action_done')) {
      done.push(...params.args[0]);
      return true;
    }
    throw new Error(`unexpected ${route}`);
  };
}

async function mountWithChatter() {
  const done: number[] = [];
  const env = await makeTestEnv(server(done));
  const { fixture } = await mountComponent(FormController as any, env, {
    resModel: 'stock.picking', resId: 4, views: { form: { arch: { sheet: [{ field: 'name' }], chatter: true }, id: 1 } }, models: { 'stock.picking': fields }, context: {},
  });
  await nextTick();
  return { fixture, env, done };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('chatter: activities and message log under the form', () => {
  test('activities and messages of the record are listed as text, overdue ones marked', async () => {
    const { fixture, env } = await mountWithChatter();
    const activityCall = env.calls.find((c) => c.params.model === 'mail.activity')!;
    expect(activityCall.params.kwargs.domain).toEqual([['res_model', '=', 'stock.picking'], ['res_id', '=', 4], ['state', '=', 'open']]);
    const chatter = fixture.querySelector('[data-testid="chatter"]')!;
    const activities = chatter.querySelectorAll('[data-testid="activity"]');
    expect(activities).toHaveLength(2);
    expect(activities[0].classList).toContain('o_activity_overdue');
    expect(activities[0].querySelector('.o_activity_summary')!.textContent).toBe('Check <script>alert(1)</script> return');
    expect(activities[0].querySelector('.o_activity_note')!.textContent).toBe('Buyer said:\n<b>broken</b>');
    expect(activities[0].querySelector('.o_activity_user')!.textContent).toBe('for Mitchell Admin');
    expect(activities[1].classList).toContain('o_activity_today');
    expect(chatter.querySelector('[data-testid="message"] .o_message_body')!.textContent).toBe('Amazon says <img src=x onerror=alert(1)>');
    expect(chatter.querySelector('script, img, b')).toBeNull();
  });

  test('Mark Done closes the activity and the list reloads', async () => {
    const { fixture, done } = await mountWithChatter();
    (fixture.querySelector('[data-testid="activity"][data-id="2"] [data-testid="activity-done"]') as HTMLElement).click();
    await nextTick();
    expect(done).toEqual([2]);
    expect([...fixture.querySelectorAll('[data-testid="activity"]')].map((a) => a.getAttribute('data-id'))).toEqual(['1']);
  });

  test('a new record has no chatter yet', async () => {
    const env = await makeTestEnv((route) => (route.endsWith('/default_get') ? {} : null));
    const { fixture } = await mountComponent(FormController as any, env, {
      resModel: 'stock.picking', resId: false, views: { form: { arch: { sheet: [{ field: 'name' }], chatter: true }, id: 1 } }, models: { 'stock.picking': fields }, context: {},
    });
    await nextTick();
    expect(fixture.querySelector('[data-testid="chatter"]')).toBeNull();
    expect(env.calls.some((c) => c.params.model === 'mail.activity')).toBe(false);
  });
});
