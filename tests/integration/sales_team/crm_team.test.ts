import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';

async function makeUser(env: Environment, login: string, groups: string[], companyId?: number): Promise<number> {
  const groupIds = [];
  for (const xmlid of groups) groupIds.push(await env.refId(xmlid));
  const company = companyId ?? (await env.refId('base.main_company'))!;
  const user = await env.model('res.users').sudo().create({
    name: login, login, company_id: company, company_ids: [[6, 0, [company]]], groups_id: [[6, 0, groupIds]],
  });
  return user.ids[0];
}

for (const engine of engines()) describe(`sales_team on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['sales_team'] }); });
  afterAll(() => t.close());

  test('the main company has exactly one default "Sales" team', () => t.rollback(async (env) => {
    const team = await env.ref('sales_team.team_sales_department');
    const [row] = await team.fetch(['name', 'company_id']);
    expect(row).toMatchObject({ name: 'Sales', company_id: await env.refId('base.main_company') });
    expect(await env.model('crm.team').search_count([['company_id', '=', row.company_id]])).toBe(1);
  }));

  test('a new company gets its own Sales team', () => t.rollback(async (env) => {
    const company = await env.model('res.company').create({ name: 'Second Co' });
    const teams = await env.model('crm.team').search_read([['company_id', '=', company.ids[0]]], ['name']);
    expect(teams.map((team) => team.name)).toEqual(['Sales']);
  }));

  test('groups imply each other: manager > all documents > own documents > internal user', () => t.rollback(async (env) => {
    const uid = await makeUser(env, 'mgr', ['sales_team.group_sale_manager']);
    const groups = await env.userGroups(uid);
    for (const xmlid of ['sales_team.group_sale_salesman_all_leads', 'sales_team.group_sale_salesman', 'base.group_user']) {
      expect(groups.has(xmlid)).toBe(true);
    }
    expect((await env.userGroups(2)).has('sales_team.group_sale_manager')).toBe(true);
  }));

  test('default team: the team the user belongs to, else the company team', () => t.rollback(async (env) => {
    const uid = await makeUser(env, 'seller', ['sales_team.group_sale_salesman']);
    const defaultTeam = await env.refId('sales_team.team_sales_department');
    const asSeller = env.withUser(uid);
    expect(await asSeller.model<any>('crm.team')._get_default_team_id()).toBe(defaultTeam);
    const web = await env.model('crm.team').create({ name: 'Web', sequence: 20, member_ids: [[6, 0, [uid]]] });
    expect(await asSeller.model<any>('crm.team')._get_default_team_id()).toBe(web.ids[0]);
    expect(await env.model<any>('crm.team')._get_default_team_id()).toBe(defaultTeam);
  }));

  test('users only see the teams of their companies; salesmen cannot delete teams', () => t.rollback(async (env) => {
    const other = await env.model('res.company').create({ name: 'Other Co' });
    const uid = await makeUser(env, 'other_seller', ['sales_team.group_sale_salesman'], other.ids[0]);
    const seen = await env.withUser(uid).model('crm.team').search_read([], ['company_id']);
    expect(seen.map((team) => team.company_id[0])).toEqual([other.ids[0]]);
    const own = env.withUser(uid).model('crm.team').browse(seen[0].id);
    await expect(own.unlink()).rejects.toThrow(/not allowed to delete/);
    const mainTeam = await env.refId('sales_team.team_sales_department');
    await expect(env.withUser(uid).model('crm.team').browse(mainTeam!).read(['name'])).rejects.toThrow(/company or user you do not have access to/);
  }));
});
