/**
 * The ORM's write path in batch: list creates cost a constant number of statements, stored
 * computes are computed once per batch when something reads them (Odoo's flush), and nothing
 * that reads the database (search, read_group, raw SQL, constraints, commit) sees stale values.
 */
import type { Cursor } from '../../../addons/base/db/database';
import type { Environment } from '../../../addons/base/orm/environment';
import { engines } from '../../support/db';
import { createFixture, type Fixture } from './fixture';

const TE = 'test.everything';
const LINE = 'test.everything.line';

function records(n: number, prefix: string, country: number): Array<Record<string, unknown>> {
  return Array.from({ length: n }, (_, i) => ({
    name: `${prefix}${i}`, line_ids: [[0, 0, { qty: 1 }], [0, 0, { qty: i }]], country_ids: [[6, 0, [country]]],
  }));
}

async function rawTotal(cr: Cursor, id: number): Promise<number> {
  return (await cr.query<{ total: number }>('SELECT total FROM test_everything WHERE id = $1', [id])).rows[0].total;
}

for (const engine of engines()) describe(`ORM batch writes on ${engine}`, () => {
  let f: Fixture;
  /** record sizes of each _compute_total call */
  let computeCalls: number[];
  beforeAll(async () => {
    f = await createFixture(engine);
    const proto = f.registry.meta(TE).cls.prototype as unknown as { _compute_total(): Promise<unknown> };
    const original = proto._compute_total;
    proto._compute_total = async function (this: { ids: number[] }) {
      computeCalls.push(this.ids.length);
      return original.call(this);
    };
  });
  beforeEach(() => { computeCalls = []; });
  afterAll(() => f?.close());

  test('a list create returns the ids in the order of the values, and costs the same statements for 2 or 40 records', () => f.rollback(async (env, cr) => {
    const us = (await env.ref('base.us')).ids[0];
    const statements = async (n: number, prefix: string) => {
      const before = cr.queryCount;
      const created = await env.model(TE).create(records(n, prefix, us));
      await env.flush();
      return { count: cr.queryCount - before, created };
    };
    await statements(1, 'warm');
    const two = await statements(2, 'two');
    const forty = await statements(40, 'forty');
    expect(forty.count).toBe(two.count);
    const rows = await forty.created.fetch(['name', 'total', 'country_ids']);
    expect(rows.map((r) => r.name)).toEqual(Array.from({ length: 40 }, (_, i) => `forty${i}`));
    expect(rows.map((r) => r.total)).toEqual(Array.from({ length: 40 }, (_, i) => 1 + i));
    expect(rows.every((r) => r.country_ids.length === 1 && r.country_ids[0] === us)).toBe(true);
    expect([...forty.created.ids].sort((a, b) => a - b)).toEqual(forty.created.ids);
  }));

  test('a list create keeps every value as given, whatever its characters, NULLs and types', () => f.rollback(async (env) => {
    // The rows travel as one array per column: quoting, the word NULL and empty values must survive.
    const tricky = ['a "quoted" word', 'back\\slash \\"', '{braces, commas}', 'NULL', '', ' spaced ', 'null', 'é€😀 \u0627\u0644', 'new\nline\ttab'];
    const created = await env.model(TE).create(tricky.map((name, i) => ({
      name: `n${i}`, code: name, description: i % 2 ? name : false, ratio: i === 3 ? false : i / 3, amount: i * 1.25, flag: i % 2 === 0,
      day: i === 4 ? false : `2026-01-0${1 + (i % 9)}`, moment: `2026-02-03 04:05:0${i}`, state: i % 2 ? 'done' : 'draft', count: i === 5 ? 0 : i,
    })));
    const rows = await created.fetch(['code', 'description', 'ratio', 'amount', 'flag', 'day', 'moment', 'state', 'count']);
    expect(rows.map((r) => r.code)).toEqual(tricky.map((name) => (name === '' ? '' : name)));
    expect(rows.map((r) => r.description)).toEqual(tricky.map((name, i) => (i % 2 ? name : false)));
    expect(rows.map((r) => r.ratio)).toEqual(tricky.map((_, i) => (i === 3 ? 0 : i / 3)));
    expect(rows.map((r) => r.amount)).toEqual(tricky.map((_, i) => i * 1.25));
    expect(rows.map((r) => r.flag)).toEqual(tricky.map((_, i) => i % 2 === 0));
    expect(rows.map((r) => r.day)).toEqual(tricky.map((_, i) => (i === 4 ? false : `2026-01-0${1 + (i % 9)}`)));
    expect(rows.map((r) => r.moment)).toEqual(tricky.map((_, i) => `2026-02-03 04:05:0${i}`));
    expect(rows.map((r) => r.state)).toEqual(tricky.map((_, i) => (i % 2 ? 'done' : 'draft')));
    expect(rows.map((r) => r.count)).toEqual(tricky.map((_, i) => (i === 5 ? 0 : i)));
  }));

  test('_write_multi writes each record its own values in one statement, recomputes what depends on them and runs the checks', () => f.rollback(async (env, cr) => {
    const owners = await env.model(TE).create([{ name: 'm1', line_ids: [[0, 0, { qty: 1 }]] }, { name: 'm2', line_ids: [[0, 0, { qty: 1 }]] }]);
    const lines = await env.model(LINE).search([['owner_id', 'in', owners.ids]], { order: 'id' });
    const before = cr.queryCount;
    await lines._write_multi([{ qty: 4, name: 'four' }, { qty: 9, name: 'nine' }]);
    expect(cr.queryCount - before).toBeLessThanOrEqual(3);
    expect((await lines.fetch(['qty', 'name'])).map((r) => [r.qty, r.name])).toEqual([[4, 'four'], [9, 'nine']]);
    // The owners' stored totals follow their lines, computed at the next read.
    expect((await owners.fetch(['total'])).map((r) => r.total)).toEqual([4, 9]);
    // The model's checks run on the values written: a negative ratio is refused (its transaction rolls back).
    await expect(owners._write_multi([{ ratio: 1 }, { ratio: -1 }])).rejects.toThrow('The ratio cannot be negative.');
    await expect(lines._write_multi([{ qty: 1 }, { name: 'x' }])).rejects.toThrow('expects the same fields (qty) for every record');
    await expect(lines._write_multi([{ qty: 1 }])).rejects.toThrow('2 records but 1 dictionaries');
    await expect(owners._write_multi([{ line_ids: [] }, { line_ids: [] }])).rejects.toThrow('writes stored columns only, not line_ids');
    await expect(lines._write_multi([{ qty: 'many' }, { qty: 2 }])).rejects.toThrow('expected a number');
    await expect(owners._write_multi([{ name: false }, { name: 'kept' }])).rejects.toThrow('is required and cannot be emptied');
  }));

  test('a list create with one invalid record creates none of them', () => f.rollback(async (env) => {
    await expect(env.model(TE).create([{ name: 'fine one' }, { name: 'bad one', count: 'abc' }, { name: 'fine two' }]))
      .rejects.toThrow(/test\.everything\.count/);
    await expect(env.model(TE).create([{ name: 'fine three' }, { name: 'bad lines', line_ids: [[9, 0, {}]] }]))
      .rejects.toThrow(/expected a list of commands/);
    expect(await env.model(TE).search_count([['name', 'in', ['fine one', 'fine two', 'fine three']]])).toBe(0);
  }));

  test('a stored compute runs once per batch, when read, and search and read_group see it', () => f.rollback(async (env) => {
    const us = (await env.ref('base.us')).ids[0];
    const created = await env.model(TE).create(records(30, 'batch', us));
    expect(computeCalls).toEqual([30]);
    const lines = await env.model(LINE).search([['owner_id', 'in', created.ids.slice(0, 3)]], { order: 'id' });
    computeCalls = [];
    for (const id of lines.ids) await env.model(LINE).browse([id]).write({ qty: 100 });
    expect(computeCalls).toEqual([]); // queued, not computed after each write
    const found = await env.model(TE).search([['total', '=', 200]]);
    expect(found.ids).toEqual(created.ids.slice(0, 3));
    expect(computeCalls).toEqual([3]);
    const [group] = await env.model(TE).read_group([['id', 'in', created.ids]], ['total:sum'], ['state']);
    expect(group.total).toBe(3 * 200 + 27 * 1 + Array.from({ length: 27 }, (_, i) => i + 3).reduce((a, b) => a + b, 0));
  }));

  test('raw SQL through env.cr, a savepoint rolled back and the commit all see the computed values', async () => {
    const id = await f.commit(async (env) => (await env.model(TE).create({ name: 'committed', code: 'BATCH-COMMIT', line_ids: [[0, 0, { qty: 2 }]] })).ids[0]);
    try {
      await f.commit(async (env, cr) => {
        const line = await env.model(LINE).search([['owner_id', '=', id]]);
        await line.write({ qty: 5 });
        expect(await rawTotal(cr, id)).toBe(5);
        await line.write({ qty: 6 });
        await expect(cr.savepoint(async () => { await env.flush(); throw new Error('undo'); })).rejects.toThrow('undo');
        expect(await rawTotal(cr, id)).toBe(6);
        await line.write({ qty: 7 }); // left queued: the commit computes it
      });
      expect(await f.rollback((_env, cr) => rawTotal(cr, id))).toBe(7);
    } finally {
      await f.commit((env) => env.model(TE).browse([id]).unlink());
    }
  });

  test('lines created for existing records find the records to recompute from their values, without a search', () => f.rollback(async (env, cr) => {
    const owners = await env.model(TE).create([{ name: 'o1' }, { name: 'o2' }, { name: 'o3' }]);
    const statements: string[] = [];
    const query = cr.query.bind(cr);
    cr.query = ((sql: string, params?: unknown[], options?: object) => {
      statements.push(sql);
      return query(sql, params, options);
    }) as Cursor['query'];
    await env.model(LINE).create(owners.ids.flatMap((id, i) => [{ owner_id: id, qty: i }, { owner_id: id, qty: 10 }]));
    const searches = statements.filter((sql) => /^SELECT 0 AS k/.test(sql));
    expect(searches).toEqual([]);
    expect((await owners.fetch(['total'])).map((r) => r.total)).toEqual([10, 11, 12]);
    // A write that moves lines is resolved by one query for every dependent path.
    statements.length = 0;
    const lines = await env.model(LINE).search([['owner_id', '=', owners.ids[0]]]);
    await lines.write({ owner_id: owners.ids[1] });
    expect((await owners.fetch(['total'])).map((r) => r.total)).toEqual([0, 21, 12]);
  }));

  test('constraints see the computed values of the records they check', () => f.rollback(async (env: Environment) => {
    await expect(env.model(TE).create([{ name: 'ok', line_ids: [[0, 0, { qty: 1 }]] }, { name: 'negative', line_ids: [[0, 0, { qty: -5 }]] }]))
      .rejects.toThrow('The total cannot be negative.');
  }));

  test('a check on a stored computed field runs again when a later change recomputes it', () => f.rollback(async (env: Environment, cr) => {
    const owner = await env.model(TE).create({ name: 'fine', line_ids: [[0, 0, { qty: 2 }]] });
    await env.flush();
    const lines = await env.model(LINE).search([['owner_id', '=', owner.ids[0]]]);
    // The line's change is fine for the line; the owner's total it leads to is not, at the flush.
    await expect(cr.savepoint(async () => {
      await lines.write({ qty: -3 });
      await owner.fetch(['total']);
    })).rejects.toThrow('The total cannot be negative.');
    expect((await owner.fetchOne(['total'])).total).toBe(2);
  }));
});
