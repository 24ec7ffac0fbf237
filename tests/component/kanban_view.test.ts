import { KanbanController } from '../../static/web/src/views/kanban/kanban_controller';
import { makeTestEnv, mountComponent, nextTick, input } from './helpers';

const fields = {
  display_name: { type: 'char', string: 'Name' },
  email: { type: 'char', string: 'Email' },
  country_id: { type: 'many2one', string: 'Country', relation: 'res.country', groupable: true },
  customer_rank: { type: 'integer', string: 'Customer Rank' },
};
const partners = [
  { id: 1, display_name: '<img src=x onerror="window.__pwned=1">Azure', email: 'azure@example.com', country_id: [21, 'Belgium'], customer_rank: 2 },
  { id: 2, display_name: 'Deco Addict', email: false, country_id: false, customer_rank: 0 },
];
const arch = { fields: [{ field: 'display_name' }, { field: 'email' }, { field: 'country_id' }, { field: 'customer_rank', string: 'Rank' }] };

async function mountKanban(kanbanArch: Record<string, unknown> = arch) {
  const env = await makeTestEnv((route, params) => {
    if (route.endsWith('/search_read')) return params.kwargs.domain.some((t: unknown) => Array.isArray(t) && t[0] === 'country_id' && t[2] === false) ? [partners[1]] : partners;
    if (route.endsWith('/search_count')) return partners.length;
    if (route.endsWith('/read_group')) return [{ country_id: [21, 'Belgium'], country_id_count: 1, __domain: [['country_id', '=', 21]] }, { country_id: false, country_id_count: 1, __domain: [['country_id', '=', false]] }];
    throw new Error(`unexpected ${route}`);
  });
  const opened: unknown[] = [];
  const { fixture } = await mountComponent(KanbanController as any, env, {
    resModel: 'res.partner', models: { 'res.partner': fields }, context: {}, domain: [],
    views: { kanban: { id: 1, arch: kanbanArch }, search: { id: 2, arch: { fields: ['display_name'], groupby: [{ name: 'country', string: 'Country', field: 'country_id' }] } } },
    openRecord: (id: number | false) => opened.push(id),
  });
  await nextTick();
  return { fixture, env, opened };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('kanban view', () => {
  test('a card per record with the arch fields as text (empty ones left out); a click or Enter opens the form; New opens an empty one', async () => {
    const { fixture, env, opened } = await mountKanban();
    const cards = fixture.querySelectorAll('[data-testid="kanban-card"]');
    expect([...cards].map((c) => c.getAttribute('data-id'))).toEqual(['1', '2']);
    expect(cards[0].querySelector('.o_kanban_record_title')!.textContent).toBe('<img src=x onerror="window.__pwned=1">Azure');
    expect(fixture.querySelector('img')).toBeNull();
    expect([...cards[0].querySelectorAll('.o_kanban_record_field')].map((f) => f.textContent!.trim())).toEqual(['azure@example.com', 'Belgium', 'Rank: 2']);
    expect([...cards[1].querySelectorAll('.o_kanban_record_field')].map((f) => f.textContent!.trim())).toEqual(['Rank: 0']);
    expect(env.calls.find((c) => c.route.endsWith('/search_read'))!.params.kwargs.fields.sort()).toEqual(['country_id', 'customer_rank', 'display_name', 'email']);
    (cards[1] as HTMLElement).click();
    cards[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    (fixture.querySelector('[data-testid="kanban-new"]') as HTMLElement).click();
    expect(opened).toEqual([2, 1, false]);
  });

  test('quick search filters the cards through the search bar', async () => {
    const { fixture, env } = await mountKanban();
    const search = fixture.querySelector('[data-testid="search-input"]') as HTMLInputElement;
    input(search, 'deco');
    await nextTick();
    search.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await nextTick();
    expect(env.calls.filter((c) => c.route.endsWith('/search_read')).at(-1)!.params.kwargs.domain).toEqual([['display_name', 'ilike', 'deco']]);
    expect(fixture.querySelector('.o_searchview_facet')!.textContent).toContain('deco');
  });

  test('default_group_by shows a column per group with its count and its cards', async () => {
    const { fixture, env } = await mountKanban({ ...arch, default_group_by: 'country_id' });
    const columns = fixture.querySelectorAll('[data-testid="kanban-column"]');
    expect([...columns].map((c) => c.getAttribute('data-group'))).toEqual(['Belgium', 'None']);
    expect(columns[0].querySelector('.o_kanban_counter')!.textContent).toBe('1');
    expect([...columns[1].querySelectorAll('[data-testid="kanban-card"]')].map((c) => c.getAttribute('data-id'))).toEqual(['2']);
    expect(env.calls.find((c) => c.route.endsWith('/read_group'))!.params.kwargs.groupby).toEqual(['country_id']);
  });
});
