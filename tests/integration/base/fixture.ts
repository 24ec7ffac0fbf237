/**
 * A test database with `base` installed plus one extra model covering every field kind
 * (installed by syncing a registry that adds it), and helpers to run code as a user.
 */
import type { Cursor } from '../../../addons/base/db/database';
import { Environment } from '../../../addons/base/orm/environment';
import { Model } from '../../../addons/base/orm/model';
import { fields } from '../../../addons/base/orm/fields';
import { Registry } from '../../../addons/base/orm/registry';
import { syncSchema } from '../../../addons/base/orm/schema';
import { ValidationError } from '../../../addons/base/orm/exceptions';
import { models as baseModels } from '../../../addons/base/index';
import { createTestDatabase, type Engine, type TestDatabase } from '../../support/db';

export class TestEverything extends Model {
  static override _name = 'test.everything';
  static override _description = 'Test Record';
  static override _order = 'sequence, id';
  static override _fields = {
    name: fields.char({ required: true }),
    code: fields.char(),
    sequence: fields.integer({ default: 10 }),
    description: fields.text(),
    body: fields.html(),
    count: fields.integer({ default: 7 }),
    ratio: fields.float(),
    amount: fields.monetary(),
    flag: fields.boolean(),
    day: fields.date(),
    moment: fields.datetime(),
    state: fields.selection([['draft', 'Draft'], ['done', 'Done']], { default: 'draft' }),
    data: fields.binary(),
    partner_id: fields.many2one('res.partner'),
    parent_id: fields.many2one('test.everything', { ondelete: 'cascade' }),
    child_ids: fields.one2many('test.everything', 'parent_id'),
    line_ids: fields.one2many('test.everything.line', 'owner_id'),
    country_ids: fields.many2many('res.country', { relation: 'test_everything_country_rel', column1: 'owner_id', column2: 'country_id' }),
    secret: fields.char({ groups: 'base.group_no_one' }),
    admin_note: fields.char({ groups: 'base.group_system' }),
    locked: fields.char({ readonly: true }),
    total: fields.float({ compute: '_compute_total', depends: ['line_ids.qty'], store: true }),
    double_count: fields.integer({ compute: '_compute_double', depends: ['count'] }),
    partner_country_code: fields.char({ related: 'partner_id.country_id.code' }),
    partner_country_id: fields.many2one('res.country', { related: 'partner_id.country_id', store: true }),
    active: fields.boolean({ default: true }),
  };
  static override _sql_constraints: Array<[string, string, string]> = [['code_uniq', 'unique(code)', 'The code must be unique.']];
  static override _constrains = { _check_ratio: ['ratio'], _check_total: ['total'] };

  async _compute_total(): Promise<Record<number, Record<string, unknown>>> {
    const { rows } = await this.env.cr.query<{ id: number; total: number }>(
      `SELECT t.id, COALESCE(SUM(l.qty), 0)::float AS total FROM test_everything t LEFT JOIN test_everything_line l ON l.owner_id = t.id
        WHERE t.id = ANY($1::int[]) GROUP BY t.id`, [this.ids]);
    return Object.fromEntries(rows.map((r) => [r.id, { total: r.total }]));
  }
  async _compute_double(): Promise<Record<number, Record<string, unknown>>> {
    const rows = await this.fetch(['count']);
    return Object.fromEntries(rows.map((r) => [r.id, { double_count: r.count * 2 }]));
  }
  async _check_ratio(): Promise<void> {
    for (const row of await this.fetch(['ratio'])) if (row.ratio < 0) throw new ValidationError('The ratio cannot be negative.');
  }
  /** Reads the stored computed column with raw SQL: it must already hold the computed value. */
  async _check_total(): Promise<void> {
    const { rows } = await this.env.cr.query<{ total: number | null }>('SELECT total FROM test_everything WHERE id = ANY($1::int[]) AND total < 0', [this.ids]);
    if (rows.length) throw new ValidationError('The total cannot be negative.');
  }
}

export class TestEverythingLine extends Model {
  static override _name = 'test.everything.line';
  static override _description = 'Test Line';
  static override _fields = {
    name: fields.char(),
    qty: fields.float(),
    owner_id: fields.many2one('test.everything', { required: true, ondelete: 'cascade' }),
  };
}

export interface Fixture {
  t: TestDatabase;
  registry: Registry;
  /** runs fn as uid in a rolled-back transaction */
  rollback<T>(fn: (env: Environment, cr: Cursor) => Promise<T>, options?: { uid?: number; debug?: boolean }): Promise<T>;
  commit<T>(fn: (env: Environment, cr: Cursor) => Promise<T>, options?: { uid?: number; debug?: boolean }): Promise<T>;
  close(): Promise<void>;
}

class Rollback extends Error {}

export async function createFixture(engine: Engine): Promise<Fixture> {
  const t = await createTestDatabase(engine, { addons: ['base'] });
  const registry = new Registry();
  registry.register('base', baseModels);
  registry.register('test_base', [TestEverything, TestEverythingLine]);
  registry.setup();
  await t.db.transaction(async (cr) => {
    await syncSchema(cr, registry);
    for (const model of ['test.everything', 'test.everything.line']) {
      await cr.query(
        `INSERT INTO ir_model_access (name, model, group_id, perm_read, perm_write, perm_create, perm_unlink, active)
         SELECT $1, $2, d.res_id, true, true, true, true, true FROM ir_model_data d WHERE d.module = 'base' AND d.name = 'group_user'`,
        [`access_${model}`, model]);
    }
  });
  const run = async <T>(fn: (env: Environment, cr: Cursor) => Promise<T>, keep: boolean, options: { uid?: number; debug?: boolean } = {}) => {
    let value!: T;
    try {
      await t.db.transaction(async (cr) => {
        const uid = options.uid ?? 2;
        value = await fn(new Environment(registry, cr, uid, {}, uid === 1, options.debug ?? false), cr);
        if (!keep) throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return value;
  };
  return {
    t, registry,
    rollback: (fn, options) => run(fn, false, options),
    commit: (fn, options) => run(fn, true, options),
    close: () => t.close(),
  };
}

/** A user in base.group_user only (no Settings rights); returns its id. */
export async function createPlainUser(env: Environment, login = 'plain'): Promise<number> {
  const group = await env.refId('base.group_user');
  const company = await env.refId('base.main_company');
  const user = await env.model('res.users').sudo().create({
    name: `Plain ${login}`, login, password: 'plain-pass', company_id: company, company_ids: [[6, 0, [company]]], groups_id: [[6, 0, [group]]],
  });
  return user.ids[0];
}
