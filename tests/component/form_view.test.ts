import { FormController } from '../../static/web/src/views/form/form_controller';
import { makeTestEnv, mountComponent, nextTick, input, ServerError } from './helpers';

const partnerFields = {
  name: { type: 'char', string: 'Name', required: true },
  is_company: { type: 'boolean', string: 'Is a Company' },
  parent_id: { type: 'many2one', string: 'Company', relation: 'res.partner' },
  type: { type: 'selection', string: 'Type', selection: [['contact', 'Contact'], ['invoice', 'Invoice Address']] },
  comment: { type: 'text', string: 'Notes' },
  category_id: { type: 'many2many', string: 'Tags', relation: 'res.partner.category' },
  credit: { type: 'monetary', string: 'Credit', currency_field: 'currency_id' },
  currency_id: { type: 'many2one', string: 'Currency', relation: 'res.currency' },
  display_name: { type: 'char', string: 'Display Name', readonly: true },
  child_ids: { type: 'one2many', string: 'Contacts', relation: 'res.partner', relation_field: 'parent_id' },
};

const formArch = {
  sheet: [
    { field: 'is_company' },
    { field: 'name', class: 'o_title' },
    { field: 'parent_id', invisible: [['is_company', '=', true]] },
    { group: [{ field: 'type', readonly: [['is_company', '=', true]] }, { field: 'comment', required: [['type', '=', 'invoice']] }, { field: 'category_id', widget: 'many2many_tags' }, { field: 'credit' }, { field: 'currency_id', domain: [['partner_ids', '=', '$record.parent_id'], ['active', '=', true]] }] },
    { field: 'child_ids', editable: 'bottom', list: [{ field: 'name' }] },
  ],
  header: { buttons: [{ name: 'action_confirm', string: 'Confirm', type: 'object', invisible: [['type', '=', 'invoice']] }] },
};

function fakeServer(record: Record<string, unknown>, writes: unknown[]) {
  return (route: string, params: any) => {
    if (route.endsWith('/read')) {
      const [ids, fields] = params.args;
      if (params.model === 'res.partner' && ids[0] === 7) return [{ id: 7, ...record }];
      return ids.map((id: number) => Object.fromEntries([['id', id], ...fields.map((f: string) => [f, f === 'display_name' ? `Rec ${id}` : `Line ${id}`])]));
    }
    if (route.endsWith('/write')) {
      writes.push(params.args);
      if (params.args[1].name === 'boom') throw new Error('Name "boom" is not allowed.');
      if (params.args[1].credit < 0) throw new ServerError('The credit cannot be negative.', 'odoo.exceptions.ValidationError', 200, ['credit', 'not_in_form']);
      return true;
    }
    if (route.endsWith('/name_search')) return [[3, 'Azure Interior'], [4, 'Deco Addict']];
    if (route.endsWith('/search_read')) return [];
    if (route.endsWith('/default_get')) return {};
    if (route === '/web/dataset/call_button') return false;
    throw new Error(`unexpected ${route}`);
  };
}

const baseRecord = {
  name: 'Wood Corner', is_company: false, parent_id: [3, 'Azure Interior'], type: 'contact', comment: '<img src=x onerror="window.__pwned=1">',
  category_id: [11], credit: 1234.5, currency_id: [1, 'USD'], display_name: 'Wood Corner', child_ids: [21],
};

async function mountForm(record = baseRecord) {
  const writes: unknown[] = [];
  const env = await makeTestEnv(fakeServer(record, writes));
  const { fixture } = await mountComponent(FormController as any, env, {
    resModel: 'res.partner', resId: 7, views: { form: { arch: formArch, id: 1 } }, models: { 'res.partner': partnerFields }, context: {},
  });
  await nextTick();
  return { fixture, writes, env };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('form view', () => {
  test('renders every field type from the record', async () => {
    const { fixture } = await mountForm();
    expect((fixture.querySelector('[name="name"] input') as HTMLInputElement).value).toBe('Wood Corner');
    expect((fixture.querySelector('[name="parent_id"] input') as HTMLInputElement).value).toBe('Azure Interior');
    expect((fixture.querySelector('[name="type"] select') as HTMLSelectElement).value).toBe('contact');
    expect(fixture.querySelector('[name="category_id"] .o_tag')?.textContent).toContain('Rec 11');
    expect((fixture.querySelector('[name="credit"] input') as HTMLInputElement).value).toBe('1234.5');
    expect(fixture.querySelectorAll('.o_field_one2many .o_data_row')).toHaveLength(1);
  });

  test('text from the server is rendered as text, never as HTML', async () => {
    const { fixture } = await mountForm({ ...baseRecord, name: '<b>bold</b>', display_name: '<b>bold</b>' });
    const textarea = fixture.querySelector('[name="comment"] textarea') as HTMLTextAreaElement;
    expect(textarea.value).toBe('<img src=x onerror="window.__pwned=1">');
    expect(fixture.querySelector('img')).toBeNull();
    expect(fixture.querySelector('b')).toBeNull();
    expect((window as any).__pwned).toBeUndefined();
  });

  test('invisible, readonly and required modifiers follow the record as it is edited', async () => {
    const { fixture } = await mountForm();
    expect(fixture.querySelector('[name="parent_id"]')).not.toBeNull();
    expect(fixture.querySelector('button[name="action_confirm"]')).not.toBeNull();
    const checkbox = fixture.querySelector('[name="is_company"] input') as HTMLInputElement;
    checkbox.checked = true;
    checkbox.dispatchEvent(new Event('change', { bubbles: true }));
    await nextTick();
    expect(fixture.querySelector('[name="parent_id"]')).toBeNull();
    expect(fixture.querySelector('[name="type"] select')).toBeNull(); // read-only now
    expect(fixture.querySelector('[name="type"]')?.textContent).toContain('Contact');
    expect(fixture.querySelector('[name="comment"]')?.classList.contains('o_required_modifier')).toBe(false);
    checkbox.checked = false;
    checkbox.dispatchEvent(new Event('change', { bubbles: true }));
    await nextTick();
    input(fixture.querySelector('[name="type"] select'), 'invoice', 'change');
    await nextTick();
    expect(fixture.querySelector('[name="comment"]')?.classList.contains('o_required_modifier')).toBe(true);
    expect(fixture.querySelector('button[name="action_confirm"]')).toBeNull();
  });

  test('saving writes only the changed fields, in Odoo values', async () => {
    const { fixture, writes } = await mountForm();
    input(fixture.querySelector('[name="name"] input'), 'Wood Corner SA');
    input(fixture.querySelector('[name="credit"] input'), '99.5', 'change');
    (fixture.querySelector('[name="category_id"] .o_delete') as HTMLElement).click();
    await nextTick();
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([[[7], { name: 'Wood Corner SA', credit: 99.5, category_id: [[6, 0, []]] }]]);
  });

  test('a required field left empty blocks the save and is marked', async () => {
    const { fixture, writes } = await mountForm();
    input(fixture.querySelector('[name="name"] input'), '');
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([]);
    expect(fixture.querySelector('[name="name"]')?.classList.contains('o_field_invalid')).toBe(true);
  });

  test('a number that cannot be read stays marked on its field and blocks the save until retyped', async () => {
    const { fixture, writes } = await mountForm();
    const credit = () => fixture.querySelector('.o_field_widget[name="credit"]')!;
    input(credit().querySelector('input'), '12x', 'change');
    await nextTick();
    expect(credit().classList).toContain('o_field_invalid');
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([]);
    expect(credit().classList).toContain('o_field_invalid');
    input(credit().querySelector('input'), '12', 'change');
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([[[7], { credit: 12 }]]);
    expect(credit().classList).not.toContain('o_field_invalid');
  });

  test('one2many lines: added and removed lines become commands', async () => {
    const { fixture, writes } = await mountForm();
    (fixture.querySelector('.o_field_x2many_list_row_add') as HTMLElement).click();
    await nextTick();
    const rows = fixture.querySelectorAll('.o_field_one2many .o_data_row');
    expect(rows).toHaveLength(2);
    input(rows[1].querySelector('[name="name"] input'), 'New line');
    (rows[0].querySelector('.o_list_record_remove button') as HTMLElement).click();
    await nextTick();
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([[[7], { child_ids: [[0, 0, { name: 'New line' }], [2, 21]] }]]);
  });

  test('many2one autocompletes with name_search and saves the id', async () => {
    const { fixture, writes, env } = await mountForm();
    const m2o = fixture.querySelector('[name="parent_id"] input') as HTMLInputElement;
    input(m2o, 'Dec');
    await nextTick();
    expect(env.calls.some((c) => c.route.endsWith('/name_search') && c.params.kwargs.name === 'Dec')).toBe(true);
    const items = fixture.querySelectorAll('.o_autocomplete_item');
    expect([...items].map((i) => i.textContent)).toEqual(['Azure Interior', 'Deco Addict']);
    items[1].dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    await nextTick();
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(writes).toEqual([[[7], { parent_id: 4 }]]);
  });

  test('a many2one domain takes "$record.<field>" values from the record as edited', async () => {
    const { fixture, env } = await mountForm();
    const searchedDomain = async () => {
      input(fixture.querySelector('[name="currency_id"] input'), 'U');
      await nextTick();
      return env.calls.filter((c) => c.route.endsWith('/name_search') && c.params.model === 'res.currency').at(-1)!.params.kwargs.args;
    };
    expect(await searchedDomain()).toEqual([['partner_ids', '=', 3], ['active', '=', true]]);
    input(fixture.querySelector('[name="parent_id"] input'), 'Dec');
    await nextTick();
    fixture.querySelectorAll('[name="parent_id"] .o_autocomplete_item')[1].dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    await nextTick();
    expect(await searchedDomain()).toEqual([['partner_ids', '=', 4], ['active', '=', true]]);
  });

  test('a server error shows its message in a notification, not the traceback', async () => {
    const { fixture, env } = await mountForm();
    const { NotificationContainer } = await import('../../static/web/src/core/notifications/notification_container');
    const { fixture: notifications } = await mountComponent(NotificationContainer as any, env);
    input(fixture.querySelector('[name="name"] input'), 'boom');
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(notifications.textContent).toContain('Name "boom" is not allowed.');
    expect(notifications.textContent).not.toContain('Traceback');
  });

  test('a validation error naming a field marks it with the message, besides the notification, until the field changes', async () => {
    const { fixture, env } = await mountForm();
    const { NotificationContainer } = await import('../../static/web/src/core/notifications/notification_container');
    const { fixture: notifications } = await mountComponent(NotificationContainer as any, env);
    input(fixture.querySelector('[name="credit"] input'), '-5', 'change');
    (fixture.querySelector('.o_form_button_save') as HTMLElement).click();
    await nextTick();
    expect(notifications.textContent).toContain('The credit cannot be negative.');
    expect(fixture.querySelector('[name="credit"]')!.classList.contains('o_field_invalid')).toBe(true);
    expect(fixture.querySelector('[data-testid="field-error-credit"]')?.textContent).toBe('The credit cannot be negative.');
    expect(fixture.querySelectorAll('.o_field_invalid')).toHaveLength(1);
    input(fixture.querySelector('[name="credit"] input'), '5', 'change');
    await nextTick();
    expect(fixture.querySelector('[name="credit"]')!.classList.contains('o_field_invalid')).toBe(false);
    expect(fixture.querySelector('[data-testid="field-error-credit"]')).toBeNull();
  });
});
