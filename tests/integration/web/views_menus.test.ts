import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import { Environment } from '../../../addons/base/orm/environment';
import { visibleMenus } from '../../../addons/web/controllers/menus';
import type { IrActionsActWindow } from '../../../addons/web/models/ir_actions_act_window';

for (const engine of engines()) describe(`web views and menus on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['web'] }); });
  afterAll(() => t.close());

  /** A plain internal user (no Settings rights), created inside the rolled-back transaction. */
  async function makeUser(env: Environment): Promise<number> {
    const user = await env.model('res.users').sudo().create({ name: 'Demo', login: `demo_${Date.now()}`, password: 'demo', groups_id: [[6, 0, [await env.refId('base.group_user')]]] });
    return user.ids[0];
  }

  test('get_views returns the declared archs and the fields of the model and of x2many sub-lists', () => t.rollback(async (env) => {
    const result = await env.model('res.partner').get_views([[false, 'list'], [false, 'form'], [false, 'search']]);
    expect(result.views.list.id).toBe(await env.refId('web.view_partner_tree'));
    expect((result.views.list.arch as any).fields.map((f: any) => f.field)).toContain('email');
    expect(result.models['res.partner'].name.type).toBe('char');
    expect(result.views.search.arch).toMatchObject({ fields: expect.arrayContaining(['name']) });
    expect(Object.keys(result.models)).toEqual(['res.partner']); // child_ids is res.partner too
  }));

  test('developer-mode nodes are removed outside debug mode and kept in it; groups keys never reach the client', () => t.rollback(async (env) => {
    const pages = (arch: any) => arch.sheet.find((n: any) => n.notebook).notebook.map((p: any) => p.page);
    const normal = await env.model('res.partner').get_views([[false, 'form']]);
    expect(pages(normal.views.form.arch)).toEqual(['Contacts & Addresses', 'Internal Notes']);
    expect(JSON.stringify(normal.views.form.arch)).not.toContain('groups');
    const debugEnv = new Environment(env.registry, env.cr, env.uid, {}, env.su, true);
    const debug = await debugEnv.model('res.partner').get_views([[false, 'form']]);
    expect(pages(debug.views.form.arch)).toEqual(['Contacts & Addresses', 'Internal Notes', 'Technical']);
  }));

  test('modifier domains reach the client intact (only field-name lists are filtered)', () => t.rollback(async (env) => {
    const result = await env.model('res.partner').get_views([[false, 'form']]);
    const parent = (result.views.form.arch as any).sheet.find((n: any) => n.field === 'parent_id');
    expect(parent.invisible).toEqual([['is_company', '=', true]]);
  }));

  test('a model without views gets default archs', () => t.rollback(async (env) => {
    const result = await env.model('res.country').get_views([[false, 'list'], [false, 'form']]);
    expect(result.views.list).toMatchObject({ id: false, arch: { fields: [{ field: 'name' }] } });
    expect(JSON.stringify(result.views.form.arch)).toContain('"code"');
  }));

  test('an arch given as JSON is stored as JSON text; invalid JSON text is refused', () => t.rollback(async (env) => {
    const view = await env.model('ir.ui.view').create({ name: 'x', model: 'res.partner', type: 'list', arch: { fields: [{ field: 'name' }] } });
    const [row] = await view.fetch(['arch']);
    expect(JSON.parse(row.arch as string)).toEqual({ fields: [{ field: 'name' }] });
    await expect(env.model('ir.ui.view').create({ name: 'y', model: 'res.partner', type: 'list', arch: '<tree/>' })).rejects.toThrow(/must be JSON/);
  }));

  test('actions load in the client shape with their view', () => t.rollback(async (env) => {
    const id = (await env.refId('web.action_res_users'))!;
    const action = await env.model<IrActionsActWindow>('ir.actions.act_window').browse([id])._forClient('web.action_res_users');
    expect(action).toMatchObject({ type: 'ir.actions.act_window', res_model: 'res.users', views: [[await env.refId('web.view_users_tree'), 'list'], [false, 'form']], domain: [], context: {} });
  }));

  test('menus: the admin sees Contacts and Settings; a plain user only Contacts', () => t.rollback(async (env) => {
    const names = (menus: Record<string, any>) => menus.root.children.map((id: number) => menus[id].name);
    expect(names(await visibleMenus(env))).toEqual(['Contacts', 'Settings']);
    const uid = await makeUser(env);
    expect(names(await visibleMenus(env.withUser(uid)))).toEqual(['Contacts']);
  }));

  test('menus: Groups (developer mode only) appears only in debug mode', () => t.rollback(async (env) => {
    const childNames = (menus: Record<string, any>) => {
      const users = Object.values(menus).find((m: any) => m.xmlid === 'web.menu_users') as any;
      return users.children.map((id: number) => menus[id].name);
    };
    expect(childNames(await visibleMenus(env))).toEqual(['Users', 'Companies']);
    const debugEnv = new Environment(env.registry, env.cr, env.uid, {}, env.su, true);
    expect(childNames(await visibleMenus(debugEnv))).toEqual(['Users', 'Companies', 'Groups']);
  }));
});
