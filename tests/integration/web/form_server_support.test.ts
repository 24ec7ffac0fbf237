/**
 * What the form view asks of the server besides read and write: which fields a refusal concerns
 * (error data.fields) and onchange (computed fields of the record as edited, before saving),
 * with the Amazon account's Last Order Sync as the case the connector needs.
 */
import { engines } from '../../support/db';
import { RpcError, type RpcClient } from '../../support/server';
import { amazonServer, enterDeveloperMode, type AmazonServerSetup } from '../sale_amazon/helpers';

async function refusal(call: Promise<unknown>): Promise<{ name: string; message: string; fields?: string[] }> {
  const error = await call.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(RpcError);
  return (error as RpcError).data as { name: string; message: string; fields?: string[] };
}

for (const engine of engines()) describe(`form support over RPC on ${engine}`, () => {
  let setup: AmazonServerSetup;
  let admin: RpcClient;
  beforeAll(async () => {
    setup = await amazonServer(engine);
    admin = await setup.server.login('admin', 'admin');
  });
  afterAll(() => setup?.close());

  const onchange = (ids: number[], values: Record<string, unknown>, changed: string[]) =>
    admin.callKw('amazon.account', 'onchange', [ids, values, changed, { last_orders_sync: {}, last_orders_sync_warning: {}, name: {} }]);

  test('a refused value names its field: _constrains check, required field, wrong type; other errors name none', async () => {
    const partner = await admin.callKw('res.partner', 'create', [{ name: 'Loop Co', is_company: true }]);
    const loop = await refusal(admin.callKw('res.partner', 'write', [[partner], { parent_id: partner }]));
    expect(loop).toMatchObject({ name: 'odoo.exceptions.ValidationError', fields: ['parent_id'] });
    const required = await refusal(admin.callKw('amazon.account', 'write', [[setup.accountId], { base_marketplace_id: false }]));
    expect(required).toMatchObject({ name: 'odoo.exceptions.ValidationError', fields: ['base_marketplace_id'] });
    expect(await refusal(admin.callKw('res.partner', 'write', [[partner], { is_company: 'yes' }]))).toMatchObject({ fields: ['is_company'] });
    const unrelated = await refusal(admin.callKw('res.partner', 'write', [[999999], { name: 'gone' }]));
    expect(unrelated.fields).toBeUndefined();
    expect(await admin.callKw('res.partner', 'search_count', [[['parent_id', '=', partner]]])).toBe(0);
  });

  test('onchange of Last Order Sync: a past date re-reads, a future one skips; nothing is written; developer mode only', async () => {
    const { accountId } = setup;
    // Where the last finished synchronisation stopped: the reference a "past" cursor is compared with.
    await setup.server.database.commit(async (env) => {
      await env.model('amazon.sync.run').sudo().create({ account_id: accountId, kind: 'orders', state: 'done', window_start: '2026-01-01 00:00:00', window_end: '2026-01-10 12:00:00' });
      await env.model('amazon.account').sudo().browse([accountId]).write({ last_orders_sync: '2026-01-10 12:00:00' });
    });
    const outside = await refusal(onchange([accountId], { last_orders_sync: '2026-01-05 08:00:00' }, ['last_orders_sync']));
    expect(outside.name).toBe('odoo.exceptions.AccessError');
    await enterDeveloperMode(setup.server, admin);

    const past = await onchange([accountId], { name: 'Renamed, unsaved', last_orders_sync: '2026-01-05 08:00:00' }, ['last_orders_sync']);
    expect(Object.keys(past.value)).toEqual(['last_orders_sync_warning']);
    expect(past.value.last_orders_sync_warning).toMatch(/reads again every order changed since 2026-01-05 08:00:00.*none is duplicated/);
    expect(past.warning).toEqual({ title: 'Last Order Sync', message: past.value.last_orders_sync_warning });

    const future = await onchange([accountId], { last_orders_sync: '2099-01-01 00:00:00' }, ['last_orders_sync']);
    expect(future.value.last_orders_sync_warning).toMatch(/before 2099-01-01 00:00:00.*will not be imported/);
    const unchanged = await onchange([accountId], { last_orders_sync: '2026-01-10 12:00:00' }, ['last_orders_sync']);
    expect(unchanged).toEqual({ value: { last_orders_sync_warning: false }, warning: false });
    // a new account (no id): computed from the form's values alone
    const fresh = await onchange([], { last_orders_sync: '2099-01-01 00:00:00' }, ['last_orders_sync']);
    expect(fresh.value.last_orders_sync_warning).toMatch(/in the future/);

    const [saved] = await admin.callKw('amazon.account', 'read', [[accountId], ['name', 'last_orders_sync', 'last_orders_sync_warning']]);
    expect(saved).toMatchObject({ last_orders_sync: '2026-01-10 12:00:00', last_orders_sync_warning: false });
    expect(saved.name).not.toBe('Renamed, unsaved');
  });

  test('onchange refuses bad input with a message naming it', async () => {
    await expect(onchange([setup.accountId], { no_such_field: 1 }, ['last_orders_sync'])).rejects.toThrow(/unknown field "no_such_field" in values/);
    await expect(onchange([setup.accountId], { last_orders_sync: 'soon' }, ['last_orders_sync'])).rejects.toThrow(/last_orders_sync/);
    await expect(admin.callKw('amazon.account', 'onchange', [[setup.accountId], {}, 'last_orders_sync', {}])).rejects.toThrow(/field_names must be a list/);
  });
});
