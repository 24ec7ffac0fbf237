/**
 * The account over RPC, as the web client and external clients reach it: who may change it, the
 * write-only refresh token, and the developer-only cursor and Sync buttons.
 */
import { engines } from '../../support/db';
import { RpcError, type RpcClient } from '../../support/server';
import { amazonServer, enterDeveloperMode, odooDatetime, US, userWithGroups, waitForRun, type AmazonServerSetup } from './helpers';

async function refusal(promise: Promise<unknown>): Promise<RpcError> {
  const error = await promise.then(() => null, (e) => e);
  expect(error).toBeInstanceOf(RpcError);
  return error as RpcError;
}

for (const engine of engines()) describe(`sale_amazon account security over RPC on ${engine}`, () => {
  let setup: AmazonServerSetup;
  let salesman: RpcClient;
  let manager: RpcClient;
  let admin: RpcClient;
  let token: string;
  beforeAll(async () => {
    setup = await amazonServer(engine);
    token = setup.sandbox.credentials.refreshToken;
    salesman = await userWithGroups(setup.server, 'amazon-salesman', ['sales_team.group_sale_salesman']);
    manager = await userWithGroups(setup.server, 'amazon-manager', ['sales_team.group_sale_manager', 'base.group_no_one']);
    admin = await setup.server.login('admin', 'admin');
  });
  afterAll(() => setup?.close());

  test('a salesperson reads the account but never its refresh token, and cannot change anything', async () => {
    const { accountId } = setup;
    const [row] = await salesman.callKw('amazon.account', 'read', [[accountId], ['name', 'refresh_token', 'seller_key']]);
    expect(row).toMatchObject({ name: 'Sandbox US', refresh_token: false });
    const all = await salesman.callKw('amazon.account', 'search_read', [[['id', '=', accountId]]], {});
    expect(all[0]).not.toHaveProperty('refresh_token');
    expect(all[0]).not.toHaveProperty('last_orders_sync');
    expect(JSON.stringify(all)).not.toContain(token);

    for (const vals of [{ name: 'Renamed' }, { refresh_token: 'Atzr|stolen' }, { last_orders_sync: '2020-01-01 00:00:00' }]) {
      expect((await refusal(salesman.callKw('amazon.account', 'write', [[accountId], vals]))).data.name).toBe('odoo.exceptions.AccessError');
    }
    expect((await refusal(salesman.callKw('amazon.account', 'create', [{ name: 'Mine', base_marketplace_id: 1 }]))).data.name).toBe('odoo.exceptions.AccessError');
    expect((await refusal(salesman.callKw('amazon.account', 'unlink', [[accountId]]))).data.name).toBe('odoo.exceptions.AccessError');
    expect((await refusal(salesman.call('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[accountId]], kwargs: {} }))).data.name)
      .toBe('odoo.exceptions.AccessError');
    const fields = await salesman.callKw('amazon.account', 'fields_get', [], { attributes: ['type'] });
    expect(fields).not.toHaveProperty('last_orders_sync');
  });

  test('nobody reads the refresh token back, not even the administrator in developer mode', async () => {
    const { accountId } = setup;
    const devAdmin = await setup.server.login('admin', 'admin');
    await enterDeveloperMode(setup.server, devAdmin);
    for (const client of [admin, devAdmin, manager]) {
      const [row] = await client.callKw('amazon.account', 'read', [[accountId], ['refresh_token']]);
      expect(row.refresh_token).toBe(false);
      const rows = await client.callKw('amazon.account', 'search_read', [[]], {});
      expect(JSON.stringify(rows)).not.toContain(token);
    }
    // The manager may replace it (write-only), and the stored value is the new one.
    await manager.callKw('amazon.account', 'write', [[accountId], { refresh_token: token }]);
    expect(await setup.server.database.rollback(async (env) => (await env.cr.query<{ t: string }>('SELECT refresh_token AS t FROM amazon_account WHERE id = $1', [accountId])).rows[0].t)).toBe(token);
  });

  test('outside developer mode a manager edits the account but not the cursor, and the Sync buttons are refused', async () => {
    const { accountId } = setup;
    await manager.callKw('amazon.account', 'write', [[accountId], { name: 'Sandbox US (renamed)' }]);
    await manager.callKw('amazon.account', 'write', [[accountId], { name: 'Sandbox US' }]);
    const cursor = await refusal(manager.callKw('amazon.account', 'write', [[accountId], { last_orders_sync: '2020-01-01 00:00:00' }]));
    expect(cursor.data).toMatchObject({ name: 'odoo.exceptions.AccessError', message: expect.stringContaining('Last Order Sync') });
    expect((await refusal(manager.callKw('amazon.account', 'read', [[accountId], ['last_orders_sync']]))).data.name).toBe('odoo.exceptions.AccessError');
    for (const [method, label] of [['action_sync_orders', 'Sync Orders'], ['action_sync_pickings', 'Sync Pickings']]) {
      const error = await refusal(manager.call('/web/dataset/call_button', { model: 'amazon.account', method, args: [[accountId]], kwargs: {} }));
      expect(error.data.name).toBe('odoo.exceptions.AccessError');
      expect(error.data.message).toBe(`${label} is a developer tool: activate the developer mode (Settings, or add ?debug=1 to the address) to use it.`);
    }
    // The form the server sends has neither the cursor nor the buttons.
    const views = await manager.callKw('amazon.account', 'get_views', [], { views: [[false, 'form']] });
    const arch = JSON.stringify(views.views.form.arch);
    expect(arch).not.toContain('last_orders_sync');
    expect(arch).not.toContain('action_sync_orders');
    expect(arch).toContain('refresh_token');
  });

  test('in developer mode a manager moves the cursor and is told what it will do; Sync Pickings runs', async () => {
    const { accountId, sandbox } = setup;
    const dev = await setup.server.login('amazon-manager', 'amazon-manager-pass');
    await enterDeveloperMode(setup.server, dev);
    const views = await dev.callKw('amazon.account', 'get_views', [], { views: [[false, 'form']] });
    const arch = JSON.stringify(views.views.form.arch);
    for (const name of ['last_orders_sync', 'last_orders_sync_warning', 'action_sync_orders', 'action_sync_pickings']) expect(arch).toContain(name);

    const warning = async (value: string) => {
      await dev.callKw('amazon.account', 'write', [[accountId], { last_orders_sync: value }]);
      const [row] = await dev.callKw('amazon.account', 'read', [[accountId], ['last_orders_sync', 'last_orders_sync_warning']]);
      expect(row.last_orders_sync).toBe(value);
      return row.last_orders_sync_warning;
    };
    // A run that finished gives the point reached; before it, only a future date is worth a word.
    const runs = await dev.callKw('amazon.sync.run', 'search', [[]]);
    const lastRun = Math.max(0, ...runs);
    expect(await warning(odooDatetime(new Date().toISOString(), 30 * 86400))).toMatch(/^This date is in the future: orders whose Amazon status changes before .* will not be imported/);
    await dev.callKw('amazon.account', 'write', [[accountId], { last_orders_sync: odooDatetime(sandbox.control.now(), -3600) }]);
    await dev.call('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[accountId]], kwargs: {} });
    const run = await waitForRun(dev, accountId, lastRun);
    expect(run.state).toBe('done');
    const [{ last_orders_sync: reached }] = await dev.callKw('amazon.account', 'read', [[accountId], ['last_orders_sync']]);
    expect(await dev.callKw('amazon.account', 'read', [[accountId], ['last_orders_sync_warning']])).toEqual([{ id: accountId, last_orders_sync_warning: false }]);
    expect(await warning(odooDatetime('2026-01-01T00:00:00Z'))).toBe(
      'The next synchronisation reads again every order changed since 2026-01-01 00:00:00 (UTC): orders missing here are imported, orders already imported are updated, and none is duplicated.');
    await dev.callKw('amazon.account', 'write', [[accountId], { last_orders_sync: reached }]);

    // Sync Pickings confirms a delivery validated with its carrier and tracking number.
    const [seeded] = sandbox.control.seedOrders([{ marketplaceId: US, channel: 'FBM', status: 'Unshipped', lastUpdateDate: sandbox.control.now(),
      buyer: { name: 'Pia Dev', email: 'pia@marketplace.amazon.com' }, items: [{ sku: 'DEV-LAMP', quantityOrdered: 1, itemPrice: 30, itemTax: 2 }] }]);
    sandbox.control.advanceClock(180);
    await dev.call('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[accountId]], kwargs: {} });
    expect(await waitForRun(dev, accountId, run.id)).toMatchObject({ state: 'done', created: 1 });
    await setup.server.database.commit(async (env) => {
      const picking = await env.model('stock.picking').search([['sale_id.amazon_order_ref', '=', seeded.ref]]) as any;
      const product = await env.model('product.product').create({ name: 'UPS shipping', type: 'service' });
      const carrier = await env.model('delivery.carrier').create({ name: 'UPS', product_id: product.ids[0] });
      await picking.write({ carrier_id: carrier.ids[0], carrier_tracking_ref: '1Z999' });
      for (const move of await env.model('stock.move').search_read([['picking_id', '=', picking.ids[0]]], ['product_uom_qty'])) {
        await env.model('stock.move').browse([move.id]).write({ quantity: move.product_uom_qty });
      }
      await picking.button_validate();
      expect((await picking.fetchOne(['amazon_sync_status'])).amazon_sync_status).toBe('pending');
    });
    const action = await dev.call('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_pickings', args: [[accountId]], kwargs: {} });
    expect(action).toMatchObject({ type: 'ir.actions.client', tag: 'display_notification' });
    expect(await waitForRun(dev, accountId, 0, 'pickings')).toMatchObject({ state: 'done', fetched: 1, updated: 1, failed: 0 });
    expect(sandbox.control.confirmations().map((c) => [c.orderRef, c.package.carrierCode, c.package.trackingNumber])).toEqual([[seeded.ref, 'UPS', '1Z999']]);
  });

  test('a failing synchronisation never shows the refresh token in its messages or the server log', async () => {
    const secret = 'Atzr|never-show-this-token-0123456789';
    const errors = jest.spyOn(console, 'error');
    const logs = jest.spyOn(console, 'log');
    try {
      const dev = await setup.server.login('admin', 'admin');
      await enterDeveloperMode(setup.server, dev);
      const [marketplace] = await dev.callKw('amazon.marketplace', 'search', [[['api_ref', '=', 'A2EUQ1WTGCTBG2']]]);
      const accountId = await dev.callKw('amazon.account', 'create', [{ name: 'Unknown token', seller_key: 'A3OTHERSELLER', refresh_token: secret, base_marketplace_id: marketplace }]);
      await dev.call('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[accountId]], kwargs: {} });
      const run = await waitForRun(dev, accountId, 0);
      expect(run.state).toBe('failed');
      expect(run.message).toMatch(/^Synchronisation stopped: /);
      const everything = JSON.stringify([run, errors.mock.calls, logs.mock.calls, await dev.callKw('amazon.account', 'read', [[accountId], []])]);
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain('never-show-this-token');
    } finally {
      errors.mockRestore();
      logs.mockRestore();
    }
  });

  test('Amazon Settings (administrators): the LWA client and endpoint as system parameters, the secret write-only, the payouts journal of the company', async () => {
    const { sandbox, server } = setup;
    const defaults = await admin.callKw('amazon.settings', 'default_get', [['lwa_client_id', 'lwa_client_secret', 'lwa_client_secret_set', 'sp_api_endpoint', 'amazon_payment_journal_id']]);
    expect(defaults).toMatchObject({ lwa_client_id: sandbox.credentials.clientId, lwa_client_secret_set: true });
    expect(defaults.lwa_client_secret ?? false).toBe(false);
    expect(defaults.amazon_payment_journal_id).toBeTruthy();
    const [bank] = await admin.callKw('account.journal', 'search', [[['code', '=', 'BNK1']]]);
    const id = await admin.callKw('amazon.settings', 'create', [{ ...defaults, lwa_client_secret: 'amzn1.oa2-cs.v1.rotated-secret', sp_api_endpoint: sandbox.url, amazon_payment_journal_id: bank }]);
    const saved = await admin.call('/web/dataset/call_button', { model: 'amazon.settings', method: 'action_save', args: [[id]], kwargs: {} });
    expect(saved).toMatchObject({ tag: 'display_notification', params: { message: 'The Amazon settings are saved.' } });
    const [row] = await admin.callKw('amazon.settings', 'read', [[id], ['lwa_client_secret', 'lwa_client_secret_set']]);
    expect(row).toMatchObject({ lwa_client_secret: false, lwa_client_secret_set: true });
    const stored = await server.database.rollback(async (env) => {
      const { rows } = await env.cr.query<{ key: string; value: string }>("SELECT key, value FROM ir_config_parameter WHERE key LIKE 'sale_amazon.%' ORDER BY key");
      const journal = (await env.model('res.company').browse([await env.companyId()]).fetchOne(['amazon_payment_journal_id'])).amazon_payment_journal_id;
      // Nothing of the secret is left on settings records.
      const { rows: leftovers } = await env.cr.query('SELECT id FROM amazon_settings WHERE lwa_client_secret IS NOT NULL');
      return { params: Object.fromEntries(rows.map((r) => [r.key, r.value])), journal, leftovers: leftovers.length };
    });
    expect(stored).toEqual({
      params: { 'sale_amazon.lwa_client_id': sandbox.credentials.clientId, 'sale_amazon.lwa_client_secret': 'amzn1.oa2-cs.v1.rotated-secret', 'sale_amazon.sp_api_endpoint': sandbox.url },
      journal: bank, leftovers: 0,
    });
    const refused = await manager.callKw('amazon.settings', 'create', [{}]).catch((e) => e);
    expect(refused.data.name).toBe('odoo.exceptions.AccessError');
    // Put the sandbox's secret back for the other tests.
    const restore = await admin.callKw('amazon.settings', 'create', [{ lwa_client_secret: sandbox.credentials.clientSecret, sp_api_endpoint: false }]);
    await admin.call('/web/dataset/call_button', { model: 'amazon.settings', method: 'action_save', args: [[restore]], kwargs: {} });
  });
});
