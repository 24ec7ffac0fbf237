import { Country, State } from 'country-state-city';
import currencyCodes from 'currency-codes';
import type { Environment } from '../../../addons/base/orm/environment';
import { AccessError, ValidationError } from '../../../addons/base/orm/exceptions';
import { roundTo } from '../../../addons/base/models/res_currency';
import { createTestDatabase, engines, type TestDatabase } from '../../support/db';

/** The base models the kernel ships: partners, companies, currencies, countries, message log. */
for (const engine of engines()) describe(`base models on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine); });
  afterAll(() => t?.close());

  const userIn = async (env: Environment, login: string, companyIds: number[]) => {
    const group = await env.refId('base.group_user');
    return (await env.model('res.users').sudo().create({
      name: login, login, password: 'pw', company_id: companyIds[0], company_ids: [[6, 0, companyIds]], groups_id: [[6, 0, [group]]],
    })).ids[0];
  };

  test('res.partner has Odoo\'s fields with their types', () => t.rollback(async (env) => {
    const described = await env.model('res.partner').fields_get([], ['type', 'relation', 'selection']);
    const expected: Record<string, string> = {
      name: 'char', type: 'selection', parent_id: 'many2one', child_ids: 'one2many', is_company: 'boolean', street: 'char', street2: 'char',
      zip: 'char', city: 'char', state_id: 'many2one', country_id: 'many2one', phone: 'char', email: 'char', vat: 'char', lang: 'char',
      company_id: 'many2one', customer_rank: 'integer', supplier_rank: 'integer', active: 'boolean', display_name: 'char',
    };
    for (const [name, type] of Object.entries(expected)) expect([name, described[name]?.type]).toEqual([name, type]);
    expect((described.type.selection as string[][]).map(([key]) => key).sort()).toEqual(['contact', 'delivery', 'invoice', 'other']);
    expect(described.state_id.relation).toBe('res.country.state');
    const company = await env.model('res.partner').create({ name: 'Globex', is_company: true });
    const address = await env.model('res.partner').create({ parent_id: company.ids[0], type: 'delivery' });
    const [row] = await address.read(['display_name', 'parent_id']);
    expect(row).toMatchObject({ display_name: 'Globex, Delivery Address', parent_id: [company.ids[0], 'Globex'] });
    expect((await company.read(['child_ids']))[0].child_ids).toEqual(address.ids);
  }));

  test('countries and states are the complete ISO data of the maintained package', () => t.rollback(async (env) => {
    const countries = env.model('res.country');
    expect(await countries.search_count([])).toBe(Country.getAllCountries().length);
    expect(await countries.search_count([])).toBeGreaterThanOrEqual(249);
    const us = await env.ref('base.us');
    expect((await us.read(['name', 'code']))[0]).toMatchObject({ name: 'United States', code: 'US' });
    const usStates = await env.model('res.country.state').search_count([['country_id', '=', us.ids[0]]]);
    expect(usStates).toBe(State.getStatesOfCountry('US').length);
    expect((await (await env.ref('base.state_us_ca')).read(['name', 'code']))[0]).toMatchObject({ name: 'California', code: 'CA' });
    expect(await env.model('res.country.state').search_count([['country_id.code', '=', 'DE']])).toBe(State.getStatesOfCountry('DE').length);
  }));

  test('currencies: ISO codes with their rounding, rates by date and company, conversion rounded in the target', () => t.rollback(async (env) => {
    const Currency = env.model('res.currency').withContext({ active_test: false });
    const isoCount = currencyCodes.data.filter((c) => /^[A-Z]{3}$/.test(c.code) && !c.code.startsWith('X')).length;
    expect(await Currency.search_count([])).toBe(isoCount);
    const byCode = async (code: string) => (await Currency.search_read([['name', '=', code]], ['rounding', 'decimal_places']))[0];
    expect(await byCode('EUR')).toMatchObject({ rounding: 0.01, decimal_places: 2 });
    expect(await byCode('JPY')).toMatchObject({ rounding: 1, decimal_places: 0 });
    expect(await byCode('KWD')).toMatchObject({ rounding: 0.001, decimal_places: 3 });

    const usd = await env.ref('base.USD');
    const eur = await env.ref('base.EUR');
    const company = await env.companyId();
    await env.model('res.currency.rate').create([
      { currency_id: eur.ids[0], name: '2024-01-01', rate: 0.9 },
      { currency_id: eur.ids[0], name: '2024-06-01', rate: 0.8 },
      { currency_id: eur.ids[0], name: '2024-06-01', rate: 0.5, company_id: company },
    ]);
    const rateOn = (date: string) => (eur as any)._rateOn(company, date);
    expect(await rateOn('2023-12-31')).toBe(1);
    expect(await rateOn('2024-03-01')).toBe(0.9);
    expect(await rateOn('2024-07-01')).toBe(0.5); // the company's own rate wins over the shared one
    expect((await eur.read(['rate']))[0].rate).toBe(0.5);
    // 100 USD -> EUR at 0.9 on 2024-03-01; 10.005 EUR -> USD rounds half away from zero.
    expect(await (usd as any)._convert(100, eur, company, '2024-03-01')).toBe(90);
    expect(await (eur as any)._convert(9.0045, usd, company, '2024-03-01')).toBe(10.01);
    expect(roundTo(2.675, 0.01)).toBe(2.68);
    expect(roundTo(-2.5, 1)).toBe(-3);
    expect(roundTo(1.0004, 0.001)).toBe(1);
  }));

  test('a CHECK constraint is a real database constraint with its readable message; nothing is written', async () => {
    await expect(t.rollback(async (env) => env.model('res.currency.rate').create({ currency_id: (await env.refId('base.EUR'))!, name: '2030-01-01', rate: -1 })))
      .rejects.toThrow(new ValidationError('The currency rate must be strictly positive.'));
    expect(await t.rollback(async (env) => env.model('res.currency.rate').search_count([['name', '=', '2030-01-01']]))).toBe(0);
    const constraint = await t.rollback(async (_env, cr) => (await cr.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'res_currency_rate_currency_rate_check'`)).rows[0]);
    expect(constraint.def).toMatch(/CHECK \(\(rate > /);
  });

  test('index=True creates a database index', () => t.rollback(async (_env, cr) => {
    const { rows } = await cr.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE tablename = 'res_partner'`);
    expect(rows.map((r) => r.indexname)).toEqual(expect.arrayContaining(['res_partner__vat_index', 'res_partner__parent_id_index', 'res_partner__company_id_index']));
  }));

  test('companies with branches; multi-company rules keep each user to the companies they work in', () => t.rollback(async (env) => {
    const main = (await env.ref('base.main_company')).ids[0];
    const branch = (await env.model('res.company').create({ name: 'Branch North', parent_id: main })).ids[0];
    const other = (await env.model('res.company').create({ name: 'Other Co' })).ids[0];
    expect((await env.model('res.company').browse([main]).read(['child_ids']))[0].child_ids).toContain(branch);
    const [inMain, inOther, shared] = (await env.model('res.partner').create([
      { name: 'MC partner main', company_id: main }, { name: 'MC partner other', company_id: other }, { name: 'MC partner shared', company_id: false },
    ])).ids;
    const mainUser = await userIn(env, 'mc-main', [main, branch]);
    const otherUser = await userIn(env, 'mc-other', [other]);
    const visible = async (uid: number) => (await env.withUser(uid).model('res.partner').search([['name', 'like', 'MC partner']], { order: 'id' })).ids;
    expect(await visible(mainUser)).toEqual([inMain, shared]);
    expect(await visible(otherUser)).toEqual([inOther, shared]);
    await expect(env.withUser(otherUser).model('res.partner').browse([inMain]).read(['name'])).rejects.toThrow(AccessError);
    expect((await env.withUser(mainUser).model('res.company').search([], { order: 'id' })).ids).toEqual([main, branch]);
    // allowed_company_ids narrows to the companies chosen in the switcher, never beyond the user's.
    const narrowed = env.withUser(mainUser).withContext({ allowed_company_ids: [branch, other] });
    expect(await narrowed.companies()).toEqual({ companyId: branch, companyIds: [branch] });
  }));

  test('record rules hold after create and write: no record created in, or moved to, a company the user does not work in', () => t.rollback(async (env) => {
    const main = (await env.ref('base.main_company')).ids[0];
    const other = (await env.model('res.company').create({ name: 'Elsewhere Co' })).ids[0];
    const otherUser = env.withUser(await userIn(env, 'rule-other', [other]));
    const count = () => env.model('res.partner').search_count([['name', 'like', 'Rule probe']]);
    // Each refused call runs in a savepoint, as an RPC call runs in its own transaction.
    await expect(env.cr.savepoint(() => otherUser.model('res.partner').create({ name: 'Rule probe in main', company_id: main }))).rejects.toThrow(AccessError);
    const own = await otherUser.model('res.partner').create({ name: 'Rule probe own', company_id: other });
    await expect(env.cr.savepoint(() => own.write({ company_id: main }))).rejects.toThrow(/company or user you do not have access to/);
    // The refused calls left nothing behind: the one partner created in the user's own company stays there.
    expect(await count()).toBe(1);
    expect((await env.model('res.partner').browse(own.ids).fetchOne(['company_id'])).company_id).toBe(other);
    // The administrator still creates companies (the company rule restricts reading only).
    expect((await env.model('res.company').create({ name: 'Third Co' })).ids).toHaveLength(1);
  }));

  test('message log: notes posted on records with author, date and type', () => t.rollback(async (env) => {
    const partner = await env.model('res.partner').create({ name: 'Logged Partner' });
    const [id] = await partner.message_post('Called about the order.');
    await partner.message_post('Imported from Amazon.', { messageType: 'notification', subject: 'Import' });
    const messages = await env.model('mail.message').search_read([['model', '=', 'res.partner'], ['res_id', '=', partner.ids[0]]], ['body', 'author_id', 'date', 'message_type', 'subject']);
    const adminPartner = (await env.model('res.users').browse([2]).fetchOne(['partner_id'])).partner_id;
    expect(messages.map((m) => [m.body, m.message_type, m.subject])).toEqual([
      ['Imported from Amazon.', 'notification', 'Import'], ['Called about the order.', 'comment', false],
    ]);
    expect(messages.find((m) => m.id === id)?.author_id).toEqual([adminPartner, expect.any(String)]);
    expect(messages[0].date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  }));
});
