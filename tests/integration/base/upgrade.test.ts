import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDatabase } from '../../../addons/base/loader/loader';
import { ROOT } from '../../../addons/base/loader/manifest';
import { Environment, SUPERUSER_ID } from '../../../addons/base/orm/environment';
import type { Registry } from '../../../addons/base/orm/registry';
import { createTestDatabase, engines, type TestDatabase } from '../../support/db';

/**
 * Upgrading an addon whose models and data change between versions, with a test-only addon
 * (test_upgrade, in ./upgrade_addon) whose manifest the test writes next to a copy of base's.
 */
const HERE = 'tests/integration/base/upgrade_addon';

function manifestsFor(version: string, entry: string, data: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'erp-manifests-'));
  copyFileSync(join(ROOT, 'manifests', 'base.json'), join(dir, 'base.json'));
  writeFileSync(join(dir, 'test_upgrade.json'), JSON.stringify({ name: 'test_upgrade', version, depends: ['base'], entry: `${HERE}/${entry}`, data: data.map((d) => `${HERE}/${d}`) }));
  return dir;
}

for (const engine of engines()) describe(`addon upgrade on ${engine}`, () => {
  let t: TestDatabase;
  const dirs: string[] = [];
  beforeAll(async () => { t = await createTestDatabase(engine); });
  afterAll(async () => {
    await t?.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  const load = (version: string, entry: string, data: string[], log?: (line: string) => void) => {
    const dir = manifestsFor(version, entry, data);
    dirs.push(dir);
    return loadDatabase(t.db, { addons: ['test_upgrade'], manifestsDir: dir, log });
  };
  const inTransaction = <T>(registry: Registry, fn: (env: Environment) => Promise<T>) =>
    t.db.transaction((cr) => fn(new Environment(registry, cr, SUPERUSER_ID, { active_test: false })));
  const column = (name: string) => t.db.transaction(async (cr) => (await cr.query<{ type: string; notnull: boolean }>(
    `SELECT format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull FROM pg_attribute a
      WHERE a.attrelid = 'test_upgrade_item'::regclass AND a.attname = $1`, [name])).rows[0]);
  const version = () => t.db.transaction(async (cr) => (await cr.query<{ v: string }>(`SELECT latest_version AS v FROM ir_module_module WHERE name = 'test_upgrade'`)).rows[0]?.v);

  test('types change with their data, new required fields get their default, data files re-run in upgrade mode', async () => {
    const v1 = await load('1.0', 'v1.ts', ['data_v1.json']);
    expect(await column('note')).toMatchObject({ type: 'character varying' });
    expect(await column('size')).toMatchObject({ type: 'integer' });
    const oldId = await inTransaction(v1.registry, async (env) => {
      const old = await env.model('test.upgrade.item').create({ name: 'Old', size: 3, note: 'a short note' });
      // The user edits both data records; only the updatable one is rewritten by the upgrade.
      await (await env.ref('test_upgrade.item_kept')).write({ name: 'Kept (edited by user)' });
      await (await env.ref('test_upgrade.item_updatable')).write({ name: 'Updatable (edited by user)' });
      return old.ids[0];
    });

    const log: string[] = [];
    const v2 = await load('2.0', 'v2.ts', ['data_v2.json'], (line) => log.push(line));
    expect(log).toContain('Upgrading test_upgrade 2.0');
    expect(await version()).toBe('2.0');
    expect(await column('note')).toMatchObject({ type: 'text' });
    expect(await column('size')).toMatchObject({ type: 'double precision' });
    expect(await column('kind')).toMatchObject({ type: 'text', notnull: true });
    expect(await column('code')).toMatchObject({ notnull: true });
    await inTransaction(v2.registry, async (env) => {
      const [old] = await env.model('test.upgrade.item').browse([oldId]).fetch(['size', 'note', 'kind', 'code', 'flag']);
      expect(old).toMatchObject({ size: 3, note: 'a short note', kind: 'standard', code: 'legacy', flag: true });
      const [kept] = await (await env.ref('test_upgrade.item_kept')).fetch(['name', 'size']);
      expect(kept).toMatchObject({ name: 'Kept (edited by user)', size: 2 });
      const [updatable] = await (await env.ref('test_upgrade.item_updatable')).fetch(['name', 'size']);
      expect(updatable).toMatchObject({ name: 'Updatable v2', size: 1.5 });
      const [created] = await (await env.ref('test_upgrade.item_new')).fetch(['name', 'kind', 'code']);
      expect(created).toMatchObject({ name: 'New in v2', kind: 'special', code: 'N' });
    });

    // Same version again: nothing to upgrade, nothing rewritten.
    const again: string[] = [];
    await load('2.0', 'v2.ts', ['data_v2.json'], (line) => again.push(line));
    expect(again).toEqual([]);

    // A conversion the data cannot follow stops the upgrade with the field named; nothing changes.
    await expect(load('3.0', 'v3.ts', ['data_v2.json'])).rejects.toThrow(/Cannot change the column of test\.upgrade\.item\.code from character varying to integer.*Convert or clear/s);
    expect(await version()).toBe('2.0');
    expect(await column('code')).toMatchObject({ type: 'character varying' });
  });
});
