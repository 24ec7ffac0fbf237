import type { Environment } from '../../../addons/base/orm/environment';
import { AccessError, MissingError, UserError, ValidationError } from '../../../addons/base/orm/exceptions';
import { engines } from '../../support/db';
import { createFixture, createPlainUser, type Fixture } from './fixture';

const TE = 'test.everything';

async function count(env: Environment, model = TE, domain: unknown[] = []): Promise<number> {
  return env.model(model).sudo().withContext({ active_test: false }).search_count(domain);
}

for (const engine of engines()) describe(`ORM on ${engine}`, () => {
  let f: Fixture;
  beforeAll(async () => { f = await createFixture(engine); });
  afterAll(() => f?.close());

  describe('fields', () => {
    test('every field type round-trips through create and read', () => f.rollback(async (env) => {
      const us = (await env.ref('base.us')).ids[0];
      const partner = await env.model('res.partner').create({ name: 'P', country_id: us });
      const values = {
        name: 'Everything', code: 'E1', description: 'line 1\nline 2 ünïcödé', body: '<p>Hi &amp; <b>bye</b></p>', count: -42, ratio: 3.25,
        amount: 1234.56, flag: true, day: '2024-02-29', moment: '2024-03-01 23:59:58', state: 'done', data: Buffer.from('hello').toString('base64'),
        partner_id: partner.ids[0], country_ids: [[6, 0, [us]]],
      };
      const rec = await env.model(TE).create(values);
      const [row] = await rec.read(Object.keys(values));
      expect(row).toEqual({ id: rec.ids[0], ...values, partner_id: [partner.ids[0], 'P'], country_ids: [us] });
      expect(typeof row.amount).toBe('number');
    }));

    test('empty values read as Odoo sends them: false, 0, []', () => f.rollback(async (env) => {
      const rec = await env.model(TE).create({ name: 'Empty' });
      const [row] = await rec.read(['code', 'description', 'body', 'ratio', 'amount', 'flag', 'day', 'moment', 'data', 'partner_id', 'line_ids', 'country_ids', 'total', 'partner_country_code']);
      expect(row).toEqual({ id: rec.ids[0], code: false, description: false, body: false, ratio: 0, amount: 0, flag: false, day: false, moment: false, data: false, partner_id: false, line_ids: [], country_ids: [], total: 0, partner_country_code: false });
    }));

    test('ISO datetimes are stored in UTC; bad values are refused with the field named', () => f.rollback(async (env) => {
      const rec = await env.model(TE).create({ name: 'D', moment: '2024-01-01T10:00:00+02:00' });
      expect((await rec.read(['moment']))[0].moment).toBe('2024-01-01 08:00:00');
      const bad: Array<[string, unknown]> = [['count', 'abc'], ['count', 1.5], ['ratio', 'x'], ['flag', 'yes'], ['day', '2024-13-45'], ['day', 12],
        ['moment', 'tomorrow'], ['state', 'unknown'], ['partner_id', 'P'], ['partner_id', -1], ['name', { a: 1 }], ['count', 2 ** 40]];
      for (const [field, value] of bad) {
        await expect(env.model(TE).create({ name: 'bad', [field]: value })).rejects.toThrow(new RegExp(`test\\.everything\\.${field}`));
      }
    }));

    test('many2one reads [id, display_name] and display_name composes partners', () => f.rollback(async (env) => {
      const company = await env.model('res.partner').create({ name: 'Acme', is_company: true });
      const person = await env.model('res.partner').create({ name: 'Jane', parent_id: company.ids[0] });
      const rec = await env.model(TE).create({ name: 'M', partner_id: person.ids[0] });
      expect((await rec.read(['partner_id', 'display_name']))[0]).toEqual({ id: rec.ids[0], partner_id: [person.ids[0], 'Acme, Jane'], display_name: 'M' });
      expect((await rec.fetch(['partner_id']))[0].partner_id).toBe(person.ids[0]);
    }));

    test('stored computed commercial_partner_id follows parent changes down the hierarchy', () => f.rollback(async (env) => {
      const P = env.model('res.partner');
      const a = (await P.create({ name: 'A', is_company: true })).ids[0];
      const b = (await P.create({ name: 'B', is_company: true })).ids[0];
      const c = (await P.create({ name: 'C', parent_id: a })).ids[0];
      const d = (await P.create({ name: 'D', parent_id: c })).ids[0];
      const cp = async (id: number) => (await P.browse([id]).fetchOne(['commercial_partner_id'])).commercial_partner_id;
      expect([await cp(a), await cp(c), await cp(d)]).toEqual([a, a, a]);
      await P.browse([c]).write({ parent_id: b });
      expect([await cp(c), await cp(d)]).toEqual([b, b]);
      await P.browse([c]).write({ parent_id: false });
      expect([await cp(c), await cp(d)]).toEqual([c, c]);
      await P.browse([c]).write({ parent_id: a });
      await P.browse([a]).write({ is_company: false, parent_id: b });
      expect([await cp(a), await cp(c), await cp(d)]).toEqual([b, b, b]);
    }));

    test('stored computed over a one2many is recomputed on line create, write and unlink', () => f.rollback(async (env) => {
      const rec = await env.model(TE).create({ name: 'T', line_ids: [[0, 0, { qty: 2 }], [0, 0, { qty: 3 }]] });
      const total = async () => (await rec.fetchOne(['total'])).total;
      expect(await total()).toBe(5);
      const lines = await env.model('test.everything.line').search([['owner_id', '=', rec.ids[0]]], { order: 'id' });
      await lines.browse([lines.ids[0]]).write({ qty: 10 });
      expect(await total()).toBe(13);
      await env.model('test.everything.line').create({ owner_id: rec.ids[0], qty: 1 });
      expect(await total()).toBe(14);
      await lines.browse([lines.ids[1]]).unlink();
      expect(await total()).toBe(11);
    }));

    test('non-stored computed and related fields; stored related follows its source', () => f.rollback(async (env) => {
      const [us, be] = [(await env.ref('base.us')).ids[0], (await env.ref('base.be')).ids[0]];
      const partner = await env.model('res.partner').create({ name: 'P', country_id: us });
      const rec = await env.model(TE).create({ name: 'R', count: 21, partner_id: partner.ids[0] });
      expect((await rec.read(['double_count', 'partner_country_code', 'partner_country_id']))[0])
        .toMatchObject({ double_count: 42, partner_country_code: 'US', partner_country_id: [us, 'United States'] });
      await partner.write({ country_id: be });
      await rec.write({ count: 1 });
      expect((await rec.read(['double_count', 'partner_country_code', 'partner_country_id']))[0])
        .toMatchObject({ double_count: 2, partner_country_code: 'BE', partner_country_id: [be, 'Belgium'] });
      expect(await env.model(TE).search_count([['partner_country_code', '=', 'BE'], ['id', '=', rec.ids[0]]])).toBe(1);
      await expect(rec.write({ double_count: 3 })).rejects.toThrow(ValidationError);
    }));

    test('defaults, default_get and context defaults', () => f.rollback(async (env) => {
      const rec = await env.model(TE).create({ name: 'Def' });
      expect((await rec.read(['count', 'state', 'active', 'sequence']))[0]).toMatchObject({ count: 7, state: 'draft', active: true, sequence: 10 });
      expect(await env.model(TE).default_get(['count', 'state', 'name', 'nope'])).toEqual({ count: 7, state: 'draft' });
      const ctx = env.model(TE).withContext({ default_count: 99 });
      expect(await ctx.default_get(['count'])).toEqual({ count: 99 });
      expect((await (await ctx.create({ name: 'Ctx' })).read(['count']))[0].count).toBe(99);
    }));

    test('required fields: create and write refused, nothing written', () => f.rollback(async (env) => {
      const before = await count(env);
      await expect(env.model(TE).create({ count: 1 })).rejects.toThrow(/"Name" is required/);
      await expect(env.model(TE).create([{ name: 'ok' }, { name: '' }])).rejects.toThrow(ValidationError);
      const rec = await env.model(TE).create({ name: 'R' });
      await expect(rec.write({ name: false })).rejects.toThrow(/required/);
      expect((await rec.read(['name']))[0].name).toBe('R');
      expect(await count(env)).toBe(before + 1);
    }));

    test('fields_get describes types, readonly, required, relations and selections', () => f.rollback(async (env) => {
      const all = await env.model(TE).fields_get();
      expect(all.name).toMatchObject({ type: 'char', required: true, readonly: false, store: true });
      expect(all.locked).toMatchObject({ readonly: true });
      expect(all.total).toMatchObject({ type: 'float', readonly: true, store: true });
      expect(all.double_count).toMatchObject({ readonly: true, store: false });
      expect(all.partner_id).toMatchObject({ type: 'many2one', relation: 'res.partner' });
      expect(all.line_ids).toMatchObject({ type: 'one2many', relation: 'test.everything.line', relation_field: 'owner_id' });
      expect(all.state.selection).toEqual([['draft', 'Draft'], ['done', 'Done']]);
      const some = await env.model(TE).fields_get(['name', 'count'], ['type', 'string']);
      expect(some).toEqual({ name: { type: 'char', string: 'Name' }, count: { type: 'integer', string: 'Count' } });
    }));

    test('groups fields: hidden from read and fields_get, refused on read, write and search', async () => {
      const id = await f.commit(async (env) => (await env.model(TE).create({ name: 'G', secret: 's', admin_note: 'a' })).ids[0], { uid: 1 });
      // admin outside developer mode: base.group_no_one does not count
      await f.rollback(async (env) => {
        const rec = env.model(TE).browse([id]);
        const [row] = await rec.read();
        expect(row).not.toHaveProperty('secret');
        expect(row.admin_note).toBe('a');
        expect(await env.model(TE).fields_get()).not.toHaveProperty('secret');
        await expect(rec.read(['secret'])).rejects.toThrow(AccessError);
        await expect(rec.write({ secret: 'x' })).rejects.toThrow(AccessError);
        await expect(env.model(TE).search([['secret', '=', 's']])).rejects.toThrow(ValidationError);
      });
      await f.rollback(async (env) => {
        expect((await env.model(TE).browse([id]).read(['secret']))[0].secret).toBe('s');
        await env.model(TE).browse([id]).write({ secret: 't' });
        expect(await env.model(TE).search_count([['secret', '=', 't']])).toBe(1);
      }, { debug: true });
      await f.rollback(async (env) => {
        const uid = await createPlainUser(env);
        const asUser = env.withUser(uid);
        const [row] = await asUser.model(TE).browse([id]).read();
        expect(row).not.toHaveProperty('admin_note');
        await expect(asUser.model(TE).browse([id]).write({ admin_note: 'x' })).rejects.toThrow(AccessError);
        expect((await env.model(TE).browse([id]).read(['admin_note']))[0].admin_note).toBe('a');
      });
    });

    test('writeOnly password is never read back', () => f.rollback(async (env) => {
      const [row] = await env.model('res.users').browse([2]).read(['password', 'login']);
      expect(row.password).toBe(false);
      const [all] = await env.model('res.users').browse([2]).read();
      expect(all).not.toHaveProperty('password');
    }));
  });

  describe('constraints and transactions', () => {
    test('SQL unique constraint: readable ValidationError and the whole call rolled back', async () => {
      await f.commit(async (env) => { await env.model(TE).create({ name: 'U1', code: 'UNIQ' }); });
      const error = await f.commit(async (env) => {
        await env.model(TE).create({ name: 'written before the error', code: 'BEFORE' });
        await env.model(TE).create({ name: 'U2', code: 'UNIQ' });
      }).catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.message).toBe('The code must be unique.');
      await f.rollback(async (env) => {
        expect(await count(env, TE, [['code', '=', 'UNIQ']])).toBe(1);
        expect(await count(env, TE, [['code', '=', 'BEFORE']])).toBe(0);
      });
      const onWrite = await f.commit(async (env) => {
        const rec = await env.model(TE).create({ name: 'U3', code: 'OTHER' });
        await rec.write({ code: 'UNIQ' });
      }).catch((e) => e);
      expect(onWrite).toBeInstanceOf(ValidationError);
      await f.rollback(async (env) => expect(await count(env, TE, [['code', '=', 'OTHER']])).toBe(0));
    });

    test('model _constrains run on create and write; nothing written', async () => {
      await f.rollback(async (env, cr) => {
        const before = await count(env);
        await expect(cr.savepoint(() => env.model(TE).create({ name: 'neg', ratio: -1 }))).rejects.toThrow('The ratio cannot be negative.');
        expect(await count(env)).toBe(before);
      });
      // Like Odoo, the check runs after the write: the call (RPC = transaction) is what rolls back.
      const id = await f.commit(async (env) => (await env.model(TE).create({ name: 'pos', ratio: 1 })).ids[0]);
      await expect(f.commit(async (env) => { await env.model(TE).browse([id]).write({ ratio: -5, name: 'changed' }); })).rejects.toThrow(ValidationError);
      await f.rollback(async (env) => expect((await env.model(TE).browse([id]).read(['ratio', 'name']))[0]).toMatchObject({ ratio: 1, name: 'pos' }));
      // and over a committed call: the failing create leaves no row behind
      await expect(f.commit(async (env) => { await env.model(TE).create({ name: 'neg-committed', ratio: -1 }); })).rejects.toThrow(ValidationError);
      await f.rollback(async (env) => expect(await count(env, TE, [['name', '=', 'neg-committed']])).toBe(0));
    });

    test('savepoint: an error inside rolls back only the savepoint', () => f.rollback(async (env, cr) => {
      await env.model(TE).create({ name: 'outer' });
      await expect(cr.savepoint(async () => {
        await env.model(TE).create({ name: 'inner' });
        await env.model(TE).create({ name: 'dup', code: 'SP' });
        await env.model(TE).create({ name: 'dup2', code: 'SP' });
      })).rejects.toThrow(ValidationError);
      expect(await count(env, TE, [['name', 'in', ['inner', 'dup']]])).toBe(0);
      const kept = await cr.savepoint(async () => (await env.model(TE).create({ name: 'kept' })).ids[0]);
      expect(await count(env, TE, [['name', 'in', ['outer', 'kept']]])).toBe(2);
      expect(kept).toBeGreaterThan(0);
    }));

    test('ir.sequence numbers with prefix, padding and step', () => f.rollback(async (env) => {
      await env.model('ir.sequence').sudo().create({ name: 'Test', code: 'test.seq', prefix: 'T/%(year)s/', padding: 4, number_next: 8, number_increment: 2 });
      const seq = env.model('ir.sequence') as any;
      const year = new Date().getUTCFullYear();
      expect(await seq.next_by_code('test.seq')).toBe(`T/${year}/0008`);
      expect(await seq.next_by_code('test.seq')).toBe(`T/${year}/0010`);
      await expect(seq.next_by_code('missing.code')).rejects.toThrow(UserError);
    }));
  });

  describe('CRUD and search', () => {
    test('create dict and list, read, write, unlink, missing records', () => f.rollback(async (env) => {
      const one = await env.model(TE).create({ name: 'one' });
      expect(one.ids).toHaveLength(1);
      const many = await env.model(TE).create([{ name: 'a' }, { name: 'b', count: 2 }]);
      expect(many.ids).toHaveLength(2);
      expect((await many.read(['name', 'count'])).map((r) => [r.name, r.count])).toEqual([['a', 7], ['b', 2]]);
      expect(await many.write({ count: 5, description: 'x' })).toBe(true);
      expect((await many.read(['count', 'description'])).map((r) => [r.count, r.description])).toEqual([[5, 'x'], [5, 'x']]);
      expect(await many.unlink()).toBe(true);
      await expect(many.read(['name'])).rejects.toThrow(MissingError);
      expect((await many.exists()).ids).toEqual([]);
      expect(await env.model(TE).search_count([['id', 'in', many.ids]])).toBe(0);
      await expect(env.model(TE).create('nope' as any)).rejects.toThrow(ValidationError);
      await expect(one.write({ no_such_field: 1 })).rejects.toThrow(/Invalid field "no_such_field"/);
    }));

    test('search with offset, limit and order; search_read; search_count', () => f.rollback(async (env) => {
      const names = ['s-c', 's-a', 's-e', 's-b', 's-d'];
      await env.model(TE).create(names.map((name, i) => ({ name, count: i })));
      const domain = [['name', '=like', 's-%']];
      const byName = await env.model(TE).search(domain, { order: 'name asc' });
      expect((await byName.read(['name'])).map((r) => r.name)).toEqual(['s-a', 's-b', 's-c', 's-d', 's-e']);
      const page = await env.model(TE).search(domain, { order: 'name desc', offset: 1, limit: 2 });
      expect((await page.read(['name'])).map((r) => r.name)).toEqual(['s-d', 's-c']);
      const rows = await env.model(TE).search_read(domain, ['name', 'count'], { order: 'count desc', limit: 2 });
      expect(rows).toEqual([expect.objectContaining({ name: 's-d', count: 4 }), expect.objectContaining({ name: 's-b', count: 3 })]);
      expect(Object.keys(rows[0]).sort()).toEqual(['count', 'id', 'name']);
      expect(await env.model(TE).search_count(domain)).toBe(5);
      expect(await env.model(TE).search_count(domain, { limit: 3 })).toBe(3);
      await expect(env.model(TE).search(domain, { order: 'name; DROP TABLE x' })).rejects.toThrow(ValidationError);
      await expect(env.model(TE).search(domain, { order: 'nope' })).rejects.toThrow(ValidationError);
      await expect(env.model(TE).search(domain, { limit: -1 })).rejects.toThrow(ValidationError);
    }));

    test('active: archived records hidden unless active_test is false or the domain mentions active', () => f.rollback(async (env) => {
      const rec = await env.model(TE).create({ name: 'archived-one' });
      await rec.action_archive();
      const domain = [['name', '=', 'archived-one']];
      expect(await env.model(TE).search_count(domain)).toBe(0);
      expect((await env.model(TE).search(domain)).ids).toEqual([]);
      expect(await env.model(TE).name_search('archived-one')).toEqual([]);
      expect(await env.model(TE).withContext({ active_test: false }).search_count(domain)).toBe(1);
      expect(await env.model(TE).search_count([...domain, ['active', '=', false]])).toBe(1);
      expect((await rec.read(['active']))[0].active).toBe(false);
      await rec.action_unarchive();
      expect(await env.model(TE).search_count(domain)).toBe(1);
    }));

    test('read_group by date:month and date:day with aggregates, lazy and not', () => f.rollback(async (env) => {
      await env.model(TE).create([
        { name: 'g1', code: 'g-1', day: '2024-01-05', count: 1, ratio: 1.5, state: 'draft' },
        { name: 'g2', code: 'g-2', day: '2024-01-20', count: 2, ratio: 2, state: 'done' },
        { name: 'g3', code: 'g-3', day: '2024-02-01', count: 4, ratio: 0.5, state: 'done' },
        { name: 'g4', code: 'g-4', day: '2024-02-01', count: 8, ratio: 1, state: 'done' },
      ]);
      const domain = [['code', '=like', 'g-%']];
      const months = await env.model(TE).read_group(domain, ['count:sum', 'ratio:max'], ['day:month']);
      expect(months.map((g) => [g['day:month'], g.day_count, g.count, g.ratio])).toEqual([['January 2024', 2, 3, 2], ['February 2024', 2, 12, 1]]);
      for (const group of months) expect(await env.model(TE).search_count(group.__domain)).toBe(group.day_count);
      const days = await env.model(TE).read_group(domain, ['count'], ['day:day']);
      expect(days.map((g) => [g['day:day'], g.day_count, g.count])).toEqual([['05 Jan 2024', 1, 1], ['20 Jan 2024', 1, 2], ['01 Feb 2024', 2, 12]]);
      const lazy = await env.model(TE).read_group(domain, ['count:sum'], ['state', 'day:month']);
      expect(lazy.map((g) => [g.state, g.state_count, g.count])).toEqual([['done', 3, 14], ['draft', 1, 1]]);
      expect(lazy[0].__context).toEqual({ group_by: ['day:month'] });
      const full = await env.model(TE).read_group(domain, ['count:sum'], ['state', 'day:month'], { lazy: false });
      expect(full.map((g) => [g.state, g['day:month'], g.__count, g.count])).toEqual([['done', 'January 2024', 1, 2], ['done', 'February 2024', 2, 12], ['draft', 'January 2024', 1, 1]]);
      for (const group of full) expect(await env.model(TE).search_count(group.__domain)).toBe(group.__count);
      const partners = await env.model('res.partner').read_group([['id', '=', 2]], [], ['company_id']);
      expect(partners).toHaveLength(1);
    }));

    test('read_group many2one groups read [id, name]', () => f.rollback(async (env) => {
      const p = await env.model('res.partner').create({ name: 'Grouper' });
      await env.model(TE).create([{ name: 'm1', code: 'rg-1', partner_id: p.ids[0] }, { name: 'm2', code: 'rg-2', partner_id: p.ids[0] }, { name: 'm3', code: 'rg-3' }]);
      const groups = await env.model(TE).read_group([['code', '=like', 'rg-%']], ['count'], ['partner_id']);
      expect(groups.map((g) => [g.partner_id, g.partner_id_count])).toEqual([[[p.ids[0], 'Grouper'], 2], [false, 1]]);
      expect(await env.model(TE).search_count(groups[1].__domain)).toBe(1);
    }));

    test('name_search, copy', () => f.rollback(async (env) => {
      const [a, b] = (await env.model(TE).create([{ name: 'Alpha Unique', code: 'A1', country_ids: [[6, 0, [(await env.ref('base.us')).ids[0]]]], line_ids: [[0, 0, { qty: 1 }]] }, { name: 'Beta Unique' }])).ids;
      expect(await env.model(TE).name_search('unique', [], 'ilike', 10)).toEqual([[a, 'Alpha Unique'], [b, 'Beta Unique']]);
      expect(await env.model(TE).name_search('Alpha Unique', [], '=')).toEqual([[a, 'Alpha Unique']]);
      expect(await env.model(TE).name_search('unique', [['id', '!=', a]])).toEqual([[b, 'Beta Unique']]);
      const copy = await env.model(TE).browse([a]).copy({ code: 'A2' });
      const [row] = await copy.read(['name', 'code', 'country_ids', 'line_ids']);
      expect(row).toMatchObject({ name: 'Alpha Unique (copy)', code: 'A2', line_ids: [] });
      expect(row.country_ids).toHaveLength(1);
      await expect(env.model(TE).browse([a]).copy()).rejects.toThrow('The code must be unique.');
      // Found by the RPC fuzzing: a non-dictionary reached the copy and crashed it with a TypeError.
      await expect(env.model(TE).browse([b]).copy(true as never)).rejects.toThrow(`copy on ${TE} expects a dictionary of values to change, got true.`);
    }));

    test('x2many commands 0..6 on one2many and many2many, plain id lists', () => f.rollback(async (env) => {
      const codes = ['US', 'BE', 'FR'];
      const [us, be, fr] = await Promise.all(codes.map(async (c) => (await env.model('res.country').search([['code', '=', c]])).ids[0]));
      const rec = await env.model(TE).create({ name: 'X', line_ids: [[0, 0, { name: 'l1', qty: 1 }], [0, 'virtual_2', { name: 'l2', qty: 2 }]], country_ids: [[4, us, 0]] });
      const lines = async () => (await rec.read(['line_ids']))[0].line_ids as number[];
      const countries = async () => ((await rec.read(['country_ids']))[0].country_ids as number[]).sort((x, y) => x - y);
      const [l1, l2] = await lines();
      await rec.write({ line_ids: [[1, l1, { qty: 10 }]] });
      expect((await env.model('test.everything.line').browse([l1]).fetchOne(['qty'])).qty).toBe(10);
      await rec.write({ line_ids: [[2, l1, false]] });
      expect((await env.model('test.everything.line').browse([l1]).exists()).ids).toEqual([]);
      const l3 = (await env.model('test.everything.line').create({ owner_id: (await env.model(TE).create({ name: 'other' })).ids[0], qty: 3 })).ids[0];
      await rec.write({ line_ids: [[4, l3]] });
      expect((await lines()).sort()).toEqual([l2, l3].sort());
      await rec.write({ line_ids: [[3, l3, 0]] }); // required cascading inverse: the line is deleted
      expect(await lines()).toEqual([l2]);
      await rec.write({ line_ids: [[5, 0, 0]] });
      expect(await lines()).toEqual([]);
      await rec.write({ country_ids: [[4, be], [4, fr]] });
      expect(await countries()).toEqual([us, be, fr].sort((x, y) => x - y));
      await rec.write({ country_ids: [[3, be]] });
      expect(await countries()).toEqual([us, fr].sort((x, y) => x - y));
      await rec.write({ country_ids: [[6, 0, [be]]] });
      expect(await countries()).toEqual([be]);
      await rec.write({ country_ids: [[5]] });
      expect(await countries()).toEqual([]);
      await rec.write({ country_ids: [us, fr] });
      expect(await countries()).toEqual([us, fr].sort((x, y) => x - y));
      const child = await env.model(TE).create({ name: 'child' });
      await rec.write({ child_ids: [[6, 0, [child.ids[0]]]] });
      expect((await rec.read(['child_ids']))[0].child_ids).toEqual(child.ids);
      await rec.write({ child_ids: [[0, 0, { name: 'new child' }]] });
      expect((await rec.read(['child_ids']))[0].child_ids).toHaveLength(2);
      for (const bad of [[[7, 0, 0]], [[1, 0, {}]], [[6, 0, 'x']], 'x', [[0, 0, 5]]]) {
        await expect(rec.write({ country_ids: bad })).rejects.toThrow(ValidationError);
      }
    }));
  });

  describe('domains', () => {
    let ids: Record<string, number>;
    const search = (env: Environment, domain: unknown[]) => env.model(TE).search([['code', '=like', 'dom-%'], ...domain], { order: 'id' });
    const names = async (env: Environment, domain: unknown[]) => (await (await search(env, domain)).read(['name'])).map((r) => r.name);

    beforeAll(() => f.commit(async (env) => {
      const us = (await env.ref('base.us')).ids[0];
      const be = (await env.ref('base.be')).ids[0];
      const pUS = (await env.model('res.partner').create({ name: 'US Partner', country_id: us })).ids[0];
      const pBE = (await env.model('res.partner').create({ name: 'BE Partner', country_id: be })).ids[0];
      const root = (await env.model(TE).create({ name: 'root', code: 'dom-root', count: 1, ratio: 1.5, flag: true, day: '2024-01-01', partner_id: pUS, country_ids: [[6, 0, [us]]] })).ids[0];
      const child = (await env.model(TE).create({ name: 'child', code: 'dom-child', count: 2, ratio: 2.5, day: '2024-06-01', parent_id: root, partner_id: pBE, country_ids: [[6, 0, [us, be]]] })).ids[0];
      const grand = (await env.model(TE).create({ name: 'Grand_Child', code: 'dom-grand', count: 3, parent_id: child, description: 'has 100% text' })).ids[0];
      ids = { root, child, grand, us, be, pUS, pBE };
    }));

    test('comparison operators', () => f.rollback(async (env) => {
      expect(await names(env, [['count', '=', 2]])).toEqual(['child']);
      expect(await names(env, [['count', '!=', 2]])).toEqual(['root', 'Grand_Child']);
      expect(await names(env, [['count', '<', 2]])).toEqual(['root']);
      expect(await names(env, [['count', '>', 2]])).toEqual(['Grand_Child']);
      expect(await names(env, [['count', '<=', 2]])).toEqual(['root', 'child']);
      expect(await names(env, [['count', '>=', 2]])).toEqual(['child', 'Grand_Child']);
      expect(await names(env, [['ratio', '>', 2]])).toEqual(['child']);
      expect(await names(env, [['day', '>=', '2024-02-01']])).toEqual(['child']);
      expect(await names(env, [['flag', '=', true]])).toEqual(['root']);
      expect(await names(env, [['flag', '=', false]])).toEqual(['child', 'Grand_Child']);
      expect(await names(env, [['day', '=', false]])).toEqual(['Grand_Child']);
      expect(await names(env, [['description', '!=', false]])).toEqual(['Grand_Child']);
      expect(await names(env, [['ratio', '!=', 1.5]])).toEqual(['child', 'Grand_Child']);
    }));

    test('in, not in, and the empty list', () => f.rollback(async (env) => {
      expect(await names(env, [['count', 'in', [1, 3]]])).toEqual(['root', 'Grand_Child']);
      expect(await names(env, [['count', 'not in', [1, 3]]])).toEqual(['child']);
      expect(await names(env, [['count', 'in', []]])).toEqual([]);
      expect(await names(env, [['count', 'not in', []]])).toEqual(['root', 'child', 'Grand_Child']);
      expect(await names(env, [['name', 'in', ['root', 'child']]])).toEqual(['root', 'child']);
      expect(await names(env, [['parent_id', 'in', [false]]])).toEqual(['root']);
      expect(await names(env, [['parent_id', 'not in', [ids.root]]])).toEqual(['root', 'Grand_Child']);
    }));

    test('like, ilike, =like, =ilike and their negations', () => f.rollback(async (env) => {
      expect(await names(env, [['name', 'like', 'Child']])).toEqual(['Grand_Child']);
      expect(await names(env, [['name', 'ilike', 'child']])).toEqual(['child', 'Grand_Child']);
      expect(await names(env, [['name', 'not ilike', 'child']])).toEqual(['root']);
      expect(await names(env, [['name', 'not like', 'Child']])).toEqual(['root', 'child']);
      expect(await names(env, [['name', '=like', 'c%']])).toEqual(['child']);
      expect(await names(env, [['name', '=ilike', 'G%']])).toEqual(['Grand_Child']);
      // As in Odoo, like wraps the value in %...% and keeps its % and _ as wildcards
      expect(await names(env, [['description', 'like', '100%']])).toEqual(['Grand_Child']);
      expect(await names(env, [['name', 'like', 'r%t']])).toEqual(['root']);
      expect(await names(env, [['name', 'like', 'Gr_nd']])).toEqual(['Grand_Child']);
      expect(await names(env, [['name', 'not ilike', 'CH_LD']])).toEqual(['root']);
      expect(await names(env, [['name', 'like', 'n_c']])).toEqual([]);
      expect(await names(env, [['name', '=like', '_oot']])).toEqual(['root']);
    }));

    test('child_of, parent_of', () => f.rollback(async (env) => {
      expect(await names(env, [['id', 'child_of', ids.root]])).toEqual(['root', 'child', 'Grand_Child']);
      expect(await names(env, [['id', 'child_of', [ids.child]]])).toEqual(['child', 'Grand_Child']);
      expect(await names(env, [['id', 'parent_of', ids.grand]])).toEqual(['root', 'child', 'Grand_Child']);
      expect(await names(env, [['parent_id', 'child_of', ids.root]])).toEqual(['child', 'Grand_Child']);
      expect(await names(env, [['id', 'child_of', 'child']])).toEqual(['child', 'Grand_Child']);
    }));

    test("'&', '|', '!' in prefix notation", () => f.rollback(async (env) => {
      expect(await names(env, ['|', ['count', '=', 1], ['count', '=', 3]])).toEqual(['root', 'Grand_Child']);
      expect(await names(env, ['!', ['count', '=', 1]])).toEqual(['child', 'Grand_Child']);
      expect(await names(env, ['&', ['count', '>', 1], ['name', 'ilike', 'grand']])).toEqual(['Grand_Child']);
      expect(await names(env, ['|', ['count', '=', 1], '&', ['count', '>', 1], ['name', '=', 'child']])).toEqual(['root', 'child']);
      expect(await names(env, ['!', '|', ['count', '=', 1], ['count', '=', 2]])).toEqual(['Grand_Child']);
      expect(await names(env, [[1, '=', 1]])).toEqual(['root', 'child', 'Grand_Child']);
      expect(await names(env, [[0, '=', 1]])).toEqual([]);
    }));

    test('dotted paths, many2one by name, x2many membership', () => f.rollback(async (env) => {
      expect(await names(env, [['partner_id.country_id.code', '=', 'BE']])).toEqual(['child']);
      expect(await names(env, [['partner_id.country_id.code', 'in', ['US', 'BE']]])).toEqual(['root', 'child']);
      expect(await names(env, [['parent_id.parent_id.name', '=', 'root']])).toEqual(['Grand_Child']);
      expect(await names(env, [['partner_id', '=', 'US Partner']])).toEqual(['root']);
      expect(await names(env, [['partner_id', 'ilike', 'partner']])).toEqual(['root', 'child']);
      expect(await names(env, [['partner_id', '=', false]])).toEqual(['Grand_Child']);
      expect(await names(env, [['country_ids', 'in', [ids.be]]])).toEqual(['child']);
      expect(await names(env, [['country_ids', '=', ids.us]])).toEqual(['root', 'child']);
      expect(await names(env, [['country_ids.code', '=', 'BE']])).toEqual(['child']);
      expect(await names(env, [['country_ids', '=', false]])).toEqual(['Grand_Child']);
      expect(await names(env, [['child_ids.name', '=', 'Grand_Child']])).toEqual(['child']);
      expect(await names(env, [['child_ids', '!=', false]])).toEqual(['root', 'child']);
      expect(await names(env, [['display_name', '=', 'root']])).toEqual(['root']);
      expect(await names(env, [['count', '=?', false]])).toEqual(['root', 'child', 'Grand_Child']);
      expect(await names(env, [['count', '=?', 2]])).toEqual(['child']);
    }));

    test.each([
      [[['nope', '=', 1]], /Invalid field "nope"/],
      [[['count', 'between', [1, 2]]], /Invalid operator/],
      [[['count', '=', 'abc']], /expected an integer/],
      [[['count', '=', { a: 1 }]], /Invalid value/],
      [[['flag', '=', 'yes']], /true or false/],
      [[['day', '>', 'never']], /expected a date/],
      [[['name.code', '=', 1]], /not a relational field/],
      [[['count', 'child_of', 1]], /relational/],
      [['|', ['count', '=', 1]], /missing its operands/],
      [[['double_count', '=', 2]], /not stored/],
      ['count = 1', /list of conditions/],
    ])('invalid domain %j is a ValidationError', async (domain, pattern) => {
      await f.rollback(async (env) => {
        await expect(env.model(TE).search(domain as unknown[])).rejects.toThrow(ValidationError);
        await expect(env.model(TE).search(domain as unknown[])).rejects.toThrow(pattern as RegExp);
      });
    });
  });

  test('reading N records with relational fields costs the same number of queries for N=5 and N=50', () => f.rollback(async (env, cr) => {
    const us = (await env.ref('base.us')).ids[0];
    const partner = (await env.model('res.partner').create({ name: 'QC' })).ids[0];
    const vals = Array.from({ length: 50 }, (_, i) => ({ name: `qc-${i}`, code: `qc-${i}`, partner_id: partner, parent_id: false, country_ids: [[6, 0, [us]]], line_ids: [[0, 0, { qty: i }]] }));
    const recs = await env.model(TE).create(vals);
    const fieldsList = ['name', 'partner_id', 'country_ids', 'line_ids', 'partner_country_code', 'partner_country_id', 'double_count', 'display_name', 'create_uid'];
    const measure = async (n: number) => {
      const subset = recs.browse(recs.ids.slice(0, n));
      await subset.read(fieldsList); // warm per-transaction caches (access rights, groups)
      const start = cr.queryCount;
      const rows = await subset.read(fieldsList);
      expect(rows).toHaveLength(n);
      const searchStart = cr.queryCount;
      await env.model(TE).search_read([['code', '=like', 'qc-%']], fieldsList, { limit: n });
      return [searchStart - start, cr.queryCount - searchStart];
    };
    const five = await measure(5);
    const fifty = await measure(50);
    expect(fifty).toEqual(five);
    expect(five[0]).toBeLessThanOrEqual(12);
  }));

  test('access rights: a plain user cannot write companies or read config parameters', () => f.rollback(async (env) => {
    const uid = await createPlainUser(env);
    const user = env.withUser(uid);
    await expect(user.model('res.company').browse([1]).write({ name: 'Hacked' })).rejects.toThrow(AccessError);
    await expect(user.model('ir.config_parameter').search([])).rejects.toThrow(AccessError);
    await expect(user.model('ir.config_parameter').create({ key: 'k', value: 'v' })).rejects.toThrow(AccessError);
    expect((await env.model('res.company').browse([1]).read(['name']))[0].name).toBe('My Company');
    expect((await user.model('res.partner').search([['id', '=', 1]])).ids).toEqual([1]);
  }));
});
