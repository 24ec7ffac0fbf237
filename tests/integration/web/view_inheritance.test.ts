import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import { Environment } from '../../../addons/base/orm/environment';

for (const engine of engines()) describe(`view inheritance on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['web'] }); });
  afterAll(() => t.close());

  const formOf = async (env: Environment) => (await env.model('res.partner').get_views([[false, 'form']])).views.form;
  const sheetFields = (arch: any): string[] => JSON.stringify(arch).match(/"field":"[a-z_]+"/g)!.map((m) => m.slice(9, -1));
  async function extend(env: Environment, patches: unknown[], extra: Record<string, unknown> = {}) {
    const parent = await env.refId('web.view_partner_form');
    return env.model('ir.ui.view').create({ name: 'res.partner.form.test', inherit_id: parent, arch: { patches }, ...extra });
  }

  test('an extension takes its model and type from its parent and patches the parent view in get_views', () => t.rollback(async (env) => {
    const view = await extend(env, [
      { after: { field: 'parent_id' }, insert: [{ field: 'lang' }] },
      { before: { field: 'street' }, insert: [{ separator: 'Address' }] },
      { inside: { page: 'Internal Notes' }, insert: [{ field: 'create_date' }] },
      { replace: { field: 'website' }, with: [] },
      { attributes: { field: 'email' }, set: { widget: null, required: true } },
      { inside: { arch: 'header.buttons' }, insert: [{ name: 'action_archive', string: 'Archive', type: 'object' }] },
    ]);
    const [row] = await view.fetch(['model', 'type']);
    expect(row).toMatchObject({ model: 'res.partner', type: 'form' });
    const form = await formOf(env);
    expect(form.id).toBe(await env.refId('web.view_partner_form'));
    const arch = form.arch as any;
    const names = sheetFields(arch.sheet);
    expect(names.indexOf('lang')).toBe(names.indexOf('parent_id') + 1);
    expect(names).not.toContain('website');
    const leftGroup = arch.sheet.find((n: any) => n.group).group[0].group;
    expect(leftGroup[leftGroup.findIndex((n: any) => n.field === 'street') - 1]).toEqual({ separator: 'Address' });
    const notes = arch.sheet.find((n: any) => n.notebook).notebook.find((p: any) => p.page === 'Internal Notes');
    expect(notes.children.map((c: any) => c.field)).toEqual(['comment', 'create_date']);
    const email = JSON.stringify(arch).match(/\{"field":"email"[^}]*\}/)![0];
    expect(JSON.parse(email)).toEqual({ field: 'email', required: true });
    expect(arch.header.buttons).toEqual([{ name: 'action_archive', string: 'Archive', type: 'object' }]);
  }));

  test('requesting the extension by id shows the parent view with the extension applied', () => t.rollback(async (env) => {
    const view = await extend(env, [{ after: { field: 'parent_id' }, insert: [{ field: 'lang' }] }]);
    const result = await env.model('res.partner').get_views([[view.ids[0], 'form']]);
    expect(result.views.form.id).toBe(await env.refId('web.view_partner_form'));
    expect(sheetFields((result.views.form.arch as any).sheet)).toContain('lang');
  }));

  test('extensions apply in priority order, an extension of an extension after its parent; inactive ones are skipped', () => t.rollback(async (env) => {
    const late = await extend(env, [{ after: { field: 'parent_id' }, insert: [{ field: 'lang' }] }], { priority: 30 });
    await extend(env, [{ after: { field: 'parent_id' }, insert: [{ field: 'create_date' }] }], { priority: 5 });
    await env.model('ir.ui.view').create({ name: 'child of late', inherit_id: late.ids[0], arch: { patches: [{ after: { field: 'lang' }, insert: [{ field: 'write_date' }] }] } });
    await extend(env, [{ after: { field: 'parent_id' }, insert: [{ field: 'create_uid' }] }], { active: false });
    const names = sheetFields((await formOf(env)).arch);
    const at = names.indexOf('parent_id');
    expect(names.slice(at, at + 4)).toEqual(['parent_id', 'lang', 'write_date', 'create_date']);
    expect(names).not.toContain('create_uid');
  }));

  test('a node added by a patch keeps its groups: developer-mode only nodes appear only in debug mode', () => t.rollback(async (env) => {
    await extend(env, [{ after: { field: 'parent_id' }, insert: [{ field: 'lang', groups: 'base.group_no_one' }] }]);
    expect(sheetFields((await formOf(env)).arch)).not.toContain('lang');
    const debugEnv = new Environment(env.registry, env.cr, env.uid, {}, env.su, true);
    const debugArch = (await formOf(debugEnv)).arch;
    expect(sheetFields(debugArch)).toContain('lang');
    expect(JSON.stringify(debugArch)).not.toContain('groups');
  }));

  test('list columns, list actions and search filters are located by field and name', () => t.rollback(async (env) => {
    const tree = await env.refId('web.view_partner_tree');
    await env.model('ir.ui.view').create({ name: 'list ext', inherit_id: tree, arch: { patches: [
      { before: { field: 'email' }, insert: [{ field: 'lang' }] },
      { inside: { arch: 'actions' }, insert: [{ name: 'action_archive', string: 'Archive them' }] },
    ] } });
    const search = await env.refId('web.view_res_partner_filter');
    await env.model('ir.ui.view').create({ name: 'search ext', inherit_id: search, arch: { patches: [{ after: { field: 'name' }, insert: ['lang'] }] } });
    const result = await env.model('res.partner').get_views([[false, 'list'], [false, 'search']]);
    const columns = (result.views.list.arch as any).fields.map((c: any) => c.field);
    expect(columns.indexOf('lang')).toBe(columns.indexOf('email') - 1);
    expect((result.views.list.arch as any).actions).toEqual([{ name: 'action_archive', string: 'Archive them' }]);
    const searchFields = (result.views.search.arch as any).fields;
    expect(searchFields[searchFields.indexOf('name') + 1]).toBe('lang');
  }));

  test('a patch whose target is missing is refused with the view named', () => t.rollback(async (env) => {
    await extend(env, [{ after: { field: 'no_such_field' }, insert: [{ field: 'lang' }] }], { name: 'broken.partner.extension' });
    await expect(formOf(env)).rejects.toThrow(/Inheriting view "broken\.partner\.extension" \(id \d+\), patch 1: no node matches \{"field":"no_such_field"\}/);
  }));

  test('a malformed patch is refused with a clear message', () => t.rollback(async (env) => {
    await extend(env, [{ after: { field: 'name' }, replace: { field: 'name' }, insert: [] }], { name: 'two.ops' });
    await expect(formOf(env)).rejects.toThrow(/"two\.ops".*exactly one of after, before, inside, replace, attributes/);
  }));
});
