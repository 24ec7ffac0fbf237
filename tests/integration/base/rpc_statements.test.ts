import type { App } from '../../../addons/base/http/routes';
import { DEFAULT_CONFIG } from '../../../addons/base/http/app';
import { buildRegistry } from '../../../addons/base/loader/loader';
import { dispatchService } from '../../../addons/base/rpc/services';
import type { Cursor } from '../../../addons/base/db/database';
import { AccessError } from '../../../addons/base/orm/exceptions';
import { createTestDatabase, engines, type TestDatabase } from '../../support/db';

/**
 * The per-call cost of the external API: an object.execute_kw search_read with a many2one
 * runs two statements (credentials with rights, then the search with the names joined), and
 * the joined names are exactly the display names a separate read gives.
 */
for (const engine of engines()) describe(`statements per RPC call on ${engine}`, () => {
  let t: TestDatabase;
  let app: App;
  const statements: string[] = [];
  beforeAll(async () => {
    t = await createTestDatabase(engine);
    const loaded = buildRegistry({ addons: ['base'] });
    // Count what each call sends, through the real transaction of the real database.
    const db = Object.create(t.db);
    db.transaction = <T>(fn: (cr: Cursor) => Promise<T>) => t.db.transaction((cr) => {
      const counting = Object.create(cr);
      counting.query = (sql: string, params?: unknown[]) => {
        statements.push(sql);
        return cr.query(sql, params);
      };
      return fn(counting);
    });
    app = { db, registry: t.registry, config: { ...DEFAULT_CONFIG, dbName: t.db.name }, manifests: loaded.manifests, order: loaded.order };
  });
  afterAll(() => t?.close());

  const executeKw = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
    dispatchService(app, 'object', 'execute_kw', [t.db.name, 2, 'admin', model, method, args, kwargs]);

  test('search_read with a many2one: two statements, names as read gives them; composed names cost one more', async () => {
    const [belgium] = await executeKw('res.country', 'search_read', [[['code', '=', 'BE']], ['name']]) as any[];
    const company = await executeKw('res.partner', 'create', [{ name: 'Stmt Company', is_company: true, country_id: belgium.id }]) as number;
    await executeKw('res.partner', 'create', [{ name: 'Stmt Contact', parent_id: company, country_id: belgium.id }]);
    await executeKw('res.partner', 'search_read', [[['name', 'like', 'Stmt %']], ['name']]); // credentials now verified and cached
    statements.length = 0;
    const withCountry = await executeKw('res.partner', 'search_read', [[['name', 'like', 'Stmt %']], ['name', 'country_id']], { order: 'name' }) as any[];
    expect(statements).toHaveLength(2);
    expect(withCountry.map((r) => r.country_id)).toEqual([[belgium.id, belgium.name], [belgium.id, belgium.name]]);
    statements.length = 0;
    const rows = await executeKw('res.partner', 'search_read', [[['name', 'like', 'Stmt %']], ['name', 'country_id', 'parent_id']], { order: 'name' }) as any[];
    expect(statements).toHaveLength(3);
    expect(rows).toEqual([
      { id: company, name: 'Stmt Company', country_id: [belgium.id, belgium.name], parent_id: false },
      // parent_id targets res.partner, whose display names are composed ("Company, Contact"): read after, not joined.
      { id: expect.any(Number), name: 'Stmt Contact', country_id: [belgium.id, belgium.name], parent_id: [company, 'Stmt Company'] },
    ]);
    const read = await executeKw('res.partner', 'read', [rows.map((r) => r.id), ['country_id', 'parent_id']]) as any[];
    expect(read.map((r) => [r.country_id, r.parent_id])).toEqual(rows.map((r) => [r.country_id, r.parent_id]));
  });

  test('a user without the right is still refused, with the rights fetched alongside the credentials', async () => {
    const group = (await executeKw('ir.model.data', 'search_read', [[['module', '=', 'base'], ['name', '=', 'group_user']], ['res_id']]) as any[])[0].res_id;
    const uid = await executeKw('res.users', 'create', [{ name: 'Stmt Plain', login: 'stmt-plain', password: 'stmt-pass', groups_id: [[6, 0, [group]]] }]);
    await expect(dispatchService(app, 'object', 'execute_kw', [t.db.name, uid, 'stmt-pass', 'ir.config_parameter', 'search_read', [[]]]))
      .rejects.toBeInstanceOf(AccessError);
    await expect(dispatchService(app, 'object', 'execute_kw', [t.db.name, uid, 'stmt-pass', 'res.company', 'write', [[1], { name: 'Renamed' }]]))
      .rejects.toThrow(/not allowed to modify/);
  });
});
