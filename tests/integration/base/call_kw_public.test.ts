import { callKw } from '../../../addons/base/rpc/call_kw';
import { Registry } from '../../../addons/base/orm/registry';
import { Model } from '../../../addons/base/orm/model';
import { Environment } from '../../../addons/base/orm/environment';
import { models as baseModels } from '../../../addons/base/index';
import { createTestDatabase, engines, type TestDatabase } from '../../support/db';

/** An abstract model (no table) with a record method and a model method, both public. */
class Calculator extends Model {
  static override _name = 'test.calculator';
  static override _auto = false;
  static override _public = ['describe_records'];
  static override _public_model = ['add'];
  async describe_records(suffix: string): Promise<string> {
    return `${this.ids.join(',')}${suffix}`;
  }
  async add(a: number, b: number, options?: { times?: number }): Promise<number> {
    return (a + b) * (options?.times ?? 1);
  }
  async not_listed(): Promise<string> {
    return 'secret';
  }
}

for (const engine of engines()) describe(`call_kw public methods on ${engine}`, () => {
  let t: TestDatabase;
  const registry = new Registry();
  registry.register('base', baseModels);
  registry.register('test_calculator', [Calculator]);
  registry.setup();
  beforeAll(async () => { t = await createTestDatabase(engine); });
  afterAll(() => t?.close());
  const call = (method: string, args: unknown[], kwargs: Record<string, unknown> = {}) =>
    t.db.transaction((cr) => callKw(new Environment(registry, cr, 2), 'test.calculator', method, args, kwargs));

  test('a _public_model method gets the arguments as sent (no ids), keywords as a last object', async () => {
    expect(await call('add', [2, 3])).toBe(5);
    expect(await call('add', [2, 3], { times: 4 })).toBe(20);
  });

  test('a _public method is called on the records named by the first argument', async () => {
    expect(await call('describe_records', [[4, 5], '!'])).toBe('4,5!');
    await expect(call('describe_records', ['x'])).rejects.toThrow(/first argument must be a record id/);
  });

  test('a method in neither list cannot be called', async () => {
    await expect(call('not_listed', [[1]])).rejects.toThrow(/cannot be called over RPC/);
    await expect(call('nope', [])).rejects.toThrow(/does not exist/);
  });
});
