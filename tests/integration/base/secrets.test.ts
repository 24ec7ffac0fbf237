import { AccessError, ValidationError } from '../../../addons/base/orm/exceptions';
import { engines } from '../../support/db';
import { createFixture, type Fixture } from './fixture';

/**
 * Write-only secrets (password hashes, API tokens) and fields of other groups cannot be read
 * back through a side door either: no search (a like-pattern oracle), no grouping, no
 * aggregate, no sort. Internal superuser code may still search them.
 */
for (const engine of engines()) describe(`secrets stay secret on ${engine}`, () => {
  let f: Fixture;
  beforeAll(async () => { f = await createFixture(engine); });
  afterAll(() => f?.close());

  test('a write-only field cannot be searched, grouped, aggregated or sorted by, even by the administrator', () => f.rollback(async (env) => {
    const users = env.model('res.users');
    await expect(users.search([['password', 'like', 'scrypt$%']])).rejects.toThrow(new AccessError('The field "password" of res.users is write-only: it cannot be searched.'));
    await expect(env.model('res.partner').search([['user_id.password', '!=', false]])).rejects.toThrow(/"password" of res.users is write-only/);
    await expect(users.read_group([], ['password:max'], [])).rejects.toThrow(AccessError);
    await expect(users.read_group([], ['login'], ['password'])).rejects.toThrow(/write-only: it cannot be grouped/);
    await expect(users.search([], { order: 'password' })).rejects.toThrow(ValidationError);
    expect((await users.search_read([['id', '=', 2]], ['login', 'password']))[0]).toEqual({ id: 2, login: 'admin', password: false });
    // The kernel itself (superuser) still can, e.g. to find users without a password.
    expect((await users.sudo().search([['password', '!=', false], ['id', '=', 2]])).ids).toEqual([2]);
  }));

  test('a field restricted to a group cannot be grouped or aggregated by users outside it', async () => {
    const grouped = (debug: boolean) => f.rollback(async (env) => {
      await env.model('test.everything').sudo().create({ name: 'grouped secret', secret: 'hush' });
      const records = env.model('test.everything');
      return Promise.all([
        records.read_group([['name', '=', 'grouped secret']], ['name'], ['secret']).catch((error) => error),
        records.read_group([['name', '=', 'grouped secret']], ['secret:count_distinct'], []).catch((error) => error),
      ]);
    }, { debug });
    const [byGroup, byAggregate] = await grouped(false);
    expect(byGroup).toBeInstanceOf(AccessError);
    expect(byAggregate).toBeInstanceOf(AccessError);
    // In developer mode the administrator is in base.group_no_one and may.
    const [allowedGroup, allowedAggregate] = await grouped(true);
    expect(allowedGroup).toEqual([expect.objectContaining({ secret: 'hush', secret_count: 1 })]);
    expect(allowedAggregate).toEqual([expect.objectContaining({ secret: 1 })]);
  });
});
