/**
 * Issue 6's proof, as Odoo tours: a user drives the web client in chromium through the Amazon
 * connector's flows, each tour ending with assertions on the database. One ERP server (PGlite, the
 * sale_amazon addon) and one in-process SP-API sandbox for the file; the tours run in order and
 * build on each other's data (the orders the sync imports are delivered, invoiced and paid).
 * Screenshots land in tests/artifacts/tour<N>_*.png for review.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';
import { browserAvailable, buildAssetsOnce, launchBrowser } from '../support/browser';
import { clearNotifications, dangerNotification, login, openMenu, pickMany2one, screenshot, trackRpc, waitForBreadcrumb } from '../support/browser_tour';
import { startSandbox, type Sandbox } from '../support/sandbox';
import { configureSpApi } from '../../addons/sale_amazon/services/port_factory';
import { MARKETPLACES_BY_CODE } from '../../addons/sale_amazon/sp_api/marketplaces';

const US = MARKETPLACES_BY_CODE.get('US')!.id;
const describeIf = browserAvailable() ? describe : describe.skip;

/** Odoo's datetime text (UTC) of an ISO instant, shifted by some seconds. */
function odooDatetime(iso: string, offsetSeconds = 0): string {
  return new Date(Date.parse(iso) + offsetSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

const ADDRESS = { addressLine1: '1 Main St', city: 'Seattle', stateOrRegion: 'WA', postalCode: '98101', countryCode: 'US' };

describeIf('Amazon connector tours in chromium (issue 6)', () => {
  let server: TestServer;
  let sandbox: Sandbox;
  let browser: Browser;
  let page: Page;
  let rpc: ReturnType<typeof trackRpc>;
  let accountId: number;
  /** Amazon references of the seeded orders: one FBM (delivered by us), three FBA (shipped by Amazon). */
  let fbmRef: string;
  let fbaRefs: string[];

  beforeAll(async () => {
    await buildAssetsOnce();
    // Amazon time is wall-clock time here, so the Last Order Sync typed in the form means what it says.
    sandbox = await startSandbox({ enforceRateLimits: false });
    configureSpApi({ endpoint: sandbox.url, clock: sandbox.clock, requestTimeoutMs: 5000, retryPolicy: { baseDelayMs: 1, maxDelayMs: 5 } as never });
    server = await startTestServer('pglite', { addons: ['sale_amazon'] });
    accountId = await server.database.commit(async (env) => {
      const c = sandbox.credentials;
      await env.cr.query(`INSERT INTO ir_config_parameter (key, value) VALUES ('sale_amazon.lwa_client_id', $1), ('sale_amazon.lwa_client_secret', $2)`, [c.clientId, c.clientSecret]);
      for (const [code, name] of [['LAMP', 'Desk Lamp'], ['BULB', 'LED Bulb'], ['BOOK', 'Paperback Book']]) {
        await env.model('product.product').create({ name, default_code: code, type: 'consu' });
      }
      const shipping = await env.model('product.product').create({ name: 'UPS shipping', type: 'service' });
      await env.model('delivery.carrier').create({ name: 'UPS', product_id: shipping.ids[0] });
      const us = await env.refId('sale_amazon.marketplace_us');
      const account = await env.model('amazon.account').sudo().create({
        name: 'Sandbox US', seller_key: c.sellerId, refresh_token: c.refreshToken, base_marketplace_id: us,
        available_marketplace_ids: [[6, 0, [us]]], active_marketplace_ids: [[6, 0, [us]]],
        // The cursor is an hour back: the orders seeded three hours back are behind it.
        last_orders_sync: odooDatetime(sandbox.control.now(), -3600),
      });
      return account.ids[0] as number;
    });
    const threeHoursAgo = new Date(Date.parse(sandbox.control.now()) - 3 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const seeded = sandbox.control.seedOrders([
      { marketplaceId: US, channel: 'FBM', status: 'Unshipped', purchaseDate: threeHoursAgo, lastUpdateDate: threeHoursAgo,
        buyer: { name: 'Sam Carter', email: 'sam@marketplace.amazon.com' }, shippingAddress: { name: 'Sam Carter', ...ADDRESS } as never,
        items: [{ sku: 'LAMP', quantityOrdered: 3, itemPrice: 90, itemTax: 6 }, { sku: 'BULB', quantityOrdered: 2, itemPrice: 10, itemTax: 1 }] },
      ...['Pat Payout', 'Lou Payout', 'Kim Payout'].map((name, n) => ({
        marketplaceId: US, channel: 'FBA' as const, status: 'Shipped' as const, purchaseDate: threeHoursAgo, lastUpdateDate: threeHoursAgo,
        buyer: { name, email: `${name.split(' ')[0].toLowerCase()}@marketplace.amazon.com` }, shippingAddress: { name, ...ADDRESS } as never,
        items: [{ sku: 'BOOK', quantityOrdered: n + 1, itemPrice: 12.5 * (n + 1), itemTax: 1 }],
      })),
    ]);
    fbmRef = seeded[0].ref;
    fbaRefs = seeded.slice(1).map((o) => o.ref);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    rpc = trackRpc(page);
    // OWL reports a lifecycle error's cause separately: log it, so a crash of the client says why.
    await page.addInitScript(() => {
      window.addEventListener('error', (e) => console.error(e.error?.cause?.stack ?? e.error?.stack ?? e.message));
      window.addEventListener('unhandledrejection', (e) => console.error(e.reason?.cause?.stack ?? e.reason?.stack ?? String(e.reason)));
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await sandbox?.close();
  });

  afterEach(() => {
    // No tour may leave an uncaught error in the page (console errors are printed to explain one).
    const errors = rpc.errors.splice(0);
    const consoleErrors = rpc.console.splice(0);
    if (errors.length) console.log(`page errors: ${errors.join('\n')}\nconsole errors: ${consoleErrors.join('\n')}`);
    expect(errors).toEqual([]);
  });

  /** The developer-mode flag of the browser's session, as the database holds it. */
  const sessionDebug = async (): Promise<boolean> => {
    const sids = (await page.context().cookies()).map((c) => c.value);
    const { rows } = await server.database.db.transaction((cr) => cr.query<{ debug: boolean }>('SELECT debug FROM http_session WHERE sid = ANY($1::varchar[])', [sids]));
    expect(rows).toHaveLength(1);
    return rows[0].debug;
  };

  const accountForm = async () => {
    await openMenu(page, 'sale.sale_menu_root', 'sale.menu_sale_config', 'sale_amazon.menu_amazon_accounts');
    await waitForBreadcrumb(page, 'Amazon Accounts');
    await page.click(`[data-testid="list-row"][data-id="${accountId}"]`);
    await waitForBreadcrumb(page, 'Sandbox US');
    await rpc.idle();
  };

  test('tour 1: log in; the Amazon account form hides Last Order Sync and the Sync buttons outside developer mode, shows them inside', async () => {
    await login(page, server.url);
    await accountForm();
    await page.click('[data-testid="page-Order Follow-up"]');
    await page.locator('[data-testid="field-team_id"]').waitFor();
    await screenshot(page, 'tour1_account_form.png');
    expect(await page.locator('[data-testid="field-last_orders_sync"]').count()).toBe(0);
    expect(await page.locator('[data-testid="button-action_sync_orders"]').count()).toBe(0);
    expect(await page.locator('[data-testid="button-action_sync_pickings"]').count()).toBe(0);
    expect(await page.getByText('Last Order Sync').count()).toBe(0);
    expect(await page.locator('.o_debug_indicator').count()).toBe(0);
    expect(await sessionDebug()).toBe(false);

    // The user menu's toggle reloads the same screen in developer mode.
    await page.click('[data-testid="user-menu"]');
    await page.click('[data-testid="debug-toggle"]');
    await page.locator('.o_debug_indicator').waitFor();
    expect(page.url()).toContain('debug=1');
    await waitForBreadcrumb(page, 'Sandbox US');
    await rpc.idle();
    await page.click('[data-testid="page-Order Follow-up"]');
    await page.locator('[data-testid="field-last_orders_sync"]').waitFor();
    await page.locator('[data-testid="button-action_sync_orders"]').waitFor();
    await page.locator('[data-testid="button-action_sync_pickings"]').waitFor();
    await screenshot(page, 'tour1_account_form_debug.png');

    // Developer mode is the session's flag, stored with the session.
    expect(await sessionDebug()).toBe(true);
    expect(await page.locator('[data-testid="field-last_orders_sync"] input').inputValue()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d$/);
  });
  test('tour 2: in developer mode, moving Last Order Sync shows its effect before saving; moved back, Sync Orders import the orders; Sales > Orders shows them with reference and channel', async () => {
    // Behind the cursor, the seeded orders are not imported yet.
    expect(await server.database.rollback((env) => env.model('sale.order').search_count([['amazon_order_ref', 'in', [fbmRef, ...fbaRefs]]]))).toBe(0);
    await page.click('[data-testid="page-Order Follow-up"]');
    // Moving the date says what it will do before anything is saved (onchange): a future date skips orders.
    const effect = page.locator('[data-testid="field-last_orders_sync_warning"]');
    await page.fill('[data-testid="field-last_orders_sync"] input', '2099-01-01T00:00');
    await effect.filter({ hasText: 'will not be imported' }).waitFor();
    await page.locator('[data-testid="notification"][data-type="warning"]', { hasText: 'in the future' }).waitFor();
    await clearNotifications(page);
    const twoDaysAgo = new Date(Date.now() - 2 * 86400_000);
    const typed = `${twoDaysAgo.toISOString().slice(0, 10)}T08:00`;
    await page.fill('[data-testid="field-last_orders_sync"] input', typed);
    await effect.waitFor({ state: 'detached' }); // never synchronised: an earlier date just reads from there
    await page.click('[data-testid="form-save"]');
    await rpc.idle();
    const [saved] = await server.database.rollback((env) => env.model('amazon.account').browse([accountId]).fetch(['last_orders_sync']));
    expect(String(saved.last_orders_sync).slice(0, 10)).toBe(typed.slice(0, 10));

    await page.click('[data-testid="button-action_sync_orders"]');
    await page.locator('[data-testid="notification"]', { hasText: 'Synchronisation started' }).waitFor();
    // The form follows the run (it polls while a sync runs): the Sync Log shows it finished.
    await page.click('[data-testid="page-Sync Log"]');
    const runRow = page.locator('[data-testid="field-sync_run_ids"] .o_data_row').first();
    await runRow.locator('[data-testid="field-state"]', { hasText: 'Done' }).waitFor({ timeout: 60_000 });
    expect(await runRow.locator('[data-testid="field-created"]').innerText()).toBe('4');
    await screenshot(page, 'tour2_account_sync_log.png');
    await clearNotifications(page);

    // After a synchronisation, moving the date back says those orders are read again, not duplicated; discarded.
    const [synced] = await server.database.rollback((env) => env.model('amazon.account').browse([accountId]).fetch(['last_orders_sync']));
    await page.click('[data-testid="page-Order Follow-up"]');
    await page.fill('[data-testid="field-last_orders_sync"] input', typed);
    await effect.filter({ hasText: /reads again every order changed since .* none is duplicated/ }).waitFor();
    await screenshot(page, 'tour2_last_sync_moved_back.png');
    await page.click('[data-testid="form-discard"]');
    await effect.waitFor({ state: 'detached' });
    await clearNotifications(page);
    const [kept] = await server.database.rollback((env) => env.model('amazon.account').browse([accountId]).fetch(['last_orders_sync']));
    expect(kept.last_orders_sync).toBe(synced.last_orders_sync);

    await openMenu(page, 'sale.sale_menu_root', 'sale.sale_order_menu', 'sale.menu_sale_order');
    await waitForBreadcrumb(page, 'Sales Orders');
    for (const ref of [fbmRef, ...fbaRefs]) await page.locator('td[name="amazon_order_ref"]', { hasText: ref }).waitFor();
    const fbmRow = page.locator('[data-testid="list-row"]', { has: page.locator('td[name="amazon_order_ref"]', { hasText: fbmRef }) });
    expect(await fbmRow.locator('td[name="amazon_channel"] .o_field_badge').innerText()).toMatch(/Merchant|FBM/i);
    const fbaRow = page.locator('[data-testid="list-row"]', { has: page.locator('td[name="amazon_order_ref"]', { hasText: fbaRefs[0] }) });
    expect(await fbaRow.locator('td[name="amazon_channel"] .o_field_badge').innerText()).toMatch(/Amazon|FBA/i);
    await screenshot(page, 'tour2_sales_orders.png');

    // Each Amazon order became exactly one sales order, confirmed, with its channel.
    const orders = await server.database.rollback((env) => env.model('sale.order').search_read([['amazon_order_ref', 'in', [fbmRef, ...fbaRefs]]], ['amazon_order_ref', 'amazon_channel', 'state', 'amazon_account_id']));
    expect(orders.map((o) => o.amazon_order_ref).sort()).toEqual([fbmRef, ...fbaRefs].sort());
    for (const order of orders) expect(order).toMatchObject({ state: 'sale', amazon_account_id: [accountId, 'Sandbox US'] });
    expect(orders.filter((o) => o.amazon_channel === 'fbm').map((o) => o.amazon_order_ref)).toEqual([fbmRef]);
    const [run] = await server.database.rollback((env) => env.model('amazon.sync.run').search_read([['account_id', '=', accountId], ['kind', '=', 'orders']], ['state', 'created', 'failed', 'trigger'], { order: 'id desc', limit: 1 }));
    expect(run).toMatchObject({ state: 'done', created: 4, failed: 0, trigger: 'manual' });
  });
  test('tour 3: an FBM delivery validated partly without tracking is refused with the message; with carrier and tracking it is done and the backorder created', async () => {
    const { orderName, pickingId } = await server.database.rollback(async (env) => {
      const [order] = await env.model('sale.order').search_read([['amazon_order_ref', '=', fbmRef]], ['name']);
      const pickings = await env.model('stock.picking').search([['sale_id', '=', order.id]]);
      expect(pickings.ids).toHaveLength(1);
      return { orderName: order.name as string, pickingId: pickings.ids[0] as number };
    });
    await openMenu(page, 'stock.menu_stock_root', 'stock.menu_stock_warehouse_mgmt', 'stock.out_picking');
    await waitForBreadcrumb(page, 'Deliveries');
    await rpc.idle();
    // Whatever the default filter says, the delivery is found by its source document.
    while (await page.locator('.o_searchview_facet .o_facet_remove').count()) {
      await page.locator('.o_searchview_facet .o_facet_remove').first().click();
      await rpc.idle();
    }
    await page.fill('[data-testid="search-input"]', orderName);
    await page.locator('.o_searchview_autocomplete li', { hasText: 'Source Document' }).click();
    await page.locator(`[data-testid="list-row"][data-id="${pickingId}"]`).waitFor();
    expect(await page.locator('[data-testid="list-row"]').count()).toBe(1);
    await screenshot(page, 'tour3_deliveries.png');
    await page.click(`[data-testid="list-row"][data-id="${pickingId}"]`);
    await page.locator('[data-testid="field-move_ids"] .o_data_row').first().waitFor();
    await rpc.idle();

    // Ship 2 of the 3 lamps and both bulbs.
    const products: string[] = [];
    for (const row of await page.locator('[data-testid="field-move_ids"] .o_data_row').all()) {
      products.push(await row.locator('[data-testid="field-product_id"] input').inputValue());
      await row.locator('[data-testid="field-quantity"] input').fill('2');
      await row.locator('[data-testid="field-quantity"] input').press('Tab');
    }
    expect(products).toEqual(['[LAMP] Desk Lamp', '[BULB] LED Bulb']);
    await pickMany2one(page, '[data-testid="field-carrier_id"]', 'UPS');
    await page.click('[data-testid="button-button_validate"]');
    const refusal = await dangerNotification(page);
    expect(refusal).toContain('Amazon needs the tracking number of each shipment. Enter the Tracking Reference given by UPS, then validate again.');
    await screenshot(page, 'tour3_validate_refused.png');
    await clearNotifications(page);
    await rpc.idle();
    // Refused: saved (the form saves before the button) but not done.
    expect(await server.database.rollback((env) => env.model('stock.picking').browse([pickingId]).fetchOne(['state', 'carrier_tracking_ref']))).toMatchObject({ carrier_tracking_ref: false });
    expect((await server.database.rollback((env) => env.model('stock.picking').browse([pickingId]).fetchOne(['state']))).state).not.toBe('done');

    await page.fill('[data-testid="field-carrier_tracking_ref"] input', '1Z-TOUR-0001');
    await page.click('[data-testid="button-button_validate"]');
    const dialog = page.locator('[data-testid="dialog"]');
    await dialog.waitFor();
    await screenshot(page, 'tour3_backorder_question.png');
    await dialog.locator('[data-testid="button-process"]').click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.o_statusbar_status .o_arrow_button_current', { hasText: 'Done' }).waitFor();
    await rpc.idle();
    await screenshot(page, 'tour3_delivery_done.png');

    await server.database.rollback(async (env) => {
      expect(await env.model('stock.picking').browse([pickingId]).fetchOne(['state', 'amazon_sync_status', 'carrier_tracking_ref']))
        .toMatchObject({ state: 'done', amazon_sync_status: 'pending', carrier_tracking_ref: '1Z-TOUR-0001' });
      const backorders = await env.model('stock.picking').search_read([['backorder_id', '=', pickingId]], ['state']);
      expect(backorders).toHaveLength(1);
      expect(backorders[0].state).not.toMatch(/done|cancel/);
      const left = await env.model('stock.move').search_read([['picking_id', '=', backorders[0].id]], ['product_id', 'product_uom_qty']);
      expect(left.map((m) => [String(m.product_id[1]), m.product_uom_qty])).toEqual([[expect.stringContaining('LAMP'), 1]]);
    });

    // Sync Pickings (developer mode) tells Amazon: the sandbox records the package.
    await accountForm();
    await page.click('[data-testid="button-action_sync_pickings"]');
    await page.locator('[data-testid="notification"]', { hasText: 'being confirmed to Amazon' }).waitFor();
    const deadline = Date.now() + 30_000;
    while (sandbox.control.confirmations().filter((c) => c.orderRef === fbmRef).length === 0 && Date.now() < deadline) await page.waitForTimeout(100);
    const packages = sandbox.control.confirmations().filter((c) => c.orderRef === fbmRef).map((c) => c.package);
    expect(packages).toHaveLength(1);
    expect(packages[0]).toMatchObject({ carrierCode: 'UPS', trackingNumber: '1Z-TOUR-0001' });
    expect(packages[0].items.map((i) => i.quantity).sort()).toEqual([2, 2]);
    // ... and the delivery is marked confirmed once the sync commits.
    let status: unknown;
    while (Date.now() < deadline) {
      status = (await server.database.rollback((env) => env.model('stock.picking').browse([pickingId]).fetchOne(['amazon_sync_status']))).amazon_sync_status;
      if (status !== 'pending') break;
      await page.waitForTimeout(100);
    }
    expect(status).toBe('done');
    await clearNotifications(page);
  });
  test('tour 4: Inventory > Reporting > Moves History shows the FBA sales leaving the Amazon location for Customers', async () => {
    const expected = await server.database.rollback(async (env) => {
      const orders = await env.model('sale.order').search_read([['amazon_order_ref', 'in', fbaRefs]], ['name']);
      const { location_id: amazonLocation } = await env.model('amazon.account').browse([accountId]).fetchOne(['location_id']);
      const lines = await env.model('stock.move.line').search_read([['location_id', '=', amazonLocation], ['state', '=', 'done']], ['reference', 'location_id', 'location_dest_id', 'quantity', 'move_id']);
      const moves = await env.model('stock.move').search_read([['id', 'in', lines.map((l) => l.move_id[0])]], ['origin']);
      expect(moves.map((m) => m.origin).sort()).toEqual(orders.map((o) => o.name).sort());
      return lines;
    });
    // One done move per FBA order, from the account's FBA location (WH/Amazon) to Customers, none for the FBM one.
    expect(expected).toHaveLength(3);
    for (const line of expected) {
      expect(line.location_id[1]).toBe('WH/Amazon');
      expect(line.location_dest_id[1]).toBe('Partners/Customers');
    }
    await openMenu(page, 'stock.menu_stock_root', 'stock.menu_warehouse_report', 'stock.stock_move_line_menu');
    await waitForBreadcrumb(page, 'Moves History');
    await rpc.idle();
    await screenshot(page, 'tour4_moves_history_by_product.png');
    // Drop the default group-by (by product), keep Done, and look for what left the Amazon location.
    await page.locator('.o_searchview_facet', { hasText: 'Product' }).locator('.o_facet_remove').click();
    await rpc.idle();
    await page.fill('[data-testid="search-input"]', 'Amazon');
    await page.locator('.o_searchview_autocomplete li', { hasText: 'From' }).click();
    await rpc.idle();
    const rows = page.locator('[data-testid="list-row"]');
    await rows.first().waitFor();
    const shown = [];
    for (const row of await rows.all()) {
      shown.push({ id: Number(await row.getAttribute('data-id')), reference: await row.locator('td[name="reference"]').innerText(),
        from: await row.locator('td[name="location_id"]').innerText(), to: await row.locator('td[name="location_dest_id"]').innerText(),
        quantity: Number(await row.locator('td[name="quantity"]').innerText()) });
    }
    await screenshot(page, 'tour4_moves_history_fba.png');
    expect(shown.sort((a, b) => a.id - b.id)).toEqual(expected.sort((a, b) => a.id - b.id).map((l) => ({
      id: l.id, reference: l.reference, from: 'WH/Amazon', to: 'Partners/Customers', quantity: l.quantity })));
    expect(shown.map((r) => r.quantity).sort()).toEqual([1, 2, 3]);
  });
  test('tour 5: Register Payment offers each journal\'s own methods; three invoices paid (Amazon Payments, Batch Deposit), then Create batch payment and Validate', async () => {
    // The invoices of the three FBA orders (sales order invoicing), posted.
    const invoiceIds: number[] = await server.database.commit(async (env) => {
      const orders = await env.model('sale.order').search([['amazon_order_ref', 'in', fbaRefs]]);
      const invoices = await (orders as any)._create_invoices();
      await invoices.action_post();
      return invoices.ids;
    });
    expect(invoiceIds).toHaveLength(3);
    const { journalId, batchLineId } = await server.database.rollback(async (env) => {
      const [journal] = await env.model('account.journal').search_read([['name', '=', 'Amazon Payments']], ['id']);
      const [line] = await env.model('account.payment.method.line').search_read([['journal_id', '=', journal.id], ['code', '=', 'batch_payment']], ['id']);
      return { journalId: journal.id as number, batchLineId: line.id as number };
    });

    await openMenu(page, 'account.menu_finance', 'account.menu_finance_receivables', 'account.menu_action_move_out_invoice_type');
    await waitForBreadcrumb(page, 'Invoices');
    for (const id of invoiceIds) await page.click(`[data-testid="list-row"][data-id="${id}"] .o_list_record_selector`);
    await page.locator('.o_selection_count', { hasText: '3 selected' }).waitFor();
    await screenshot(page, 'tour5_invoices_selected.png');
    await page.click('[data-testid="list-action-action_register_payment"]');
    const dialog = page.locator('[data-testid="dialog"]');
    await dialog.waitFor();
    await rpc.idle();
    // Proposed for Amazon invoices: the Amazon Payments journal and its Batch Deposit method.
    const journalField = '[data-testid="dialog"] [data-testid="field-journal_id"]';
    const methodField = '[data-testid="dialog"] [data-testid="field-payment_method_line_id"]';
    expect(await page.locator(`${journalField} input`).inputValue()).toBe('Amazon Payments');
    expect(await page.locator(`${methodField} input`).inputValue()).toBe('Batch Deposit');
    const methodShown = (name: string) => page.waitForFunction(([selector, text]) => (document.querySelector(selector) as HTMLInputElement | null)?.value === text, [`${methodField} input`, name]);
    /** The methods the field offers (its dropdown for an empty text); then picks one of them. */
    const offeredThenPick = async (pick: string): Promise<string[]> => {
      await page.locator(`${methodField} input`).fill('');
      await page.locator(`${methodField} .o_autocomplete_item`).first().waitFor();
      await rpc.idle();
      const offered = await page.locator(`${methodField} .o_autocomplete_item`).allInnerTexts();
      await page.locator(`${methodField} .o_autocomplete_item`, { hasText: pick }).click();
      return offered;
    };
    // Another journal offers its own methods (the Cash journal has no Batch Deposit) and proposes one of them.
    await pickMany2one(page, journalField, 'Cash');
    await methodShown('Manual');
    expect(await offeredThenPick('Manual')).toEqual(['Manual']);
    await pickMany2one(page, journalField, 'Amazon Payments');
    await rpc.idle();
    expect(await offeredThenPick('Batch Deposit')).toEqual(['Manual', 'Batch Deposit']);
    await methodShown('Batch Deposit');
    await screenshot(page, 'tour5_register_payment.png');
    await dialog.locator('[data-testid="button-action_create_payments"]').click();
    await dialog.waitFor({ state: 'detached' });
    await rpc.idle();

    const paymentIds: number[] = await server.database.rollback(async (env) => {
      const payments = await env.model('account.payment').search_read([['journal_id', '=', journalId]], ['state', 'payment_method_line_id', 'amount']);
      expect(payments).toHaveLength(3);
      for (const payment of payments) expect(payment).toMatchObject({ state: 'posted', payment_method_line_id: [batchLineId, 'Batch Deposit'] });
      const invoices = await env.model('account.move').browse(invoiceIds).fetch(['payment_state']);
      expect(invoices.map((m) => m.payment_state)).toEqual(['in_payment', 'in_payment', 'in_payment']);
      return payments.map((p) => p.id as number);
    });

    // Create Payment opens the payments it made; the user selects them all.
    await waitForBreadcrumb(page, 'Payments');
    await page.locator('[data-testid="list-row"]').first().waitFor();
    expect((await page.locator('[data-testid="list-row"]').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-id'))))).sort()).toEqual([...paymentIds].sort());
    await page.click('[data-testid="list-select-all"]');
    await page.locator('.o_selection_count', { hasText: '3 selected' }).waitFor();
    await screenshot(page, 'tour5_payments_selected.png');
    await page.click('[data-testid="list-action-create_batch_payment"]');
    await page.locator('[data-testid="button-validate_batch"]').waitFor();
    await rpc.idle();
    expect(await page.locator('[data-testid="field-payment_ids"] .o_data_row').count()).toBe(3);
    await screenshot(page, 'tour5_batch_draft.png');
    await page.click('[data-testid="button-validate_batch"]');
    await page.locator('.o_statusbar_status .o_arrow_button_current', { hasText: /Sent/ }).waitFor();
    await rpc.idle();
    await screenshot(page, 'tour5_batch_validated.png');

    await server.database.rollback(async (env) => {
      const batches = await env.model('account.batch.payment').search_read([], ['state', 'batch_type', 'journal_id', 'payment_ids', 'amount']);
      expect(batches).toHaveLength(1);
      expect(batches[0]).toMatchObject({ state: 'sent', batch_type: 'inbound', journal_id: [journalId, 'Amazon Payments'] });
      expect([...batches[0].payment_ids].sort()).toEqual([...paymentIds].sort());
      const total = (await env.model('account.move').browse(invoiceIds).fetch(['amount_total'])).reduce((sum, m) => sum + (m.amount_total as number), 0);
      expect(batches[0].amount).toBeCloseTo(total, 2);
    });
  });
  test('tour 6: Sales > Reporting > Sales Analysis as a graph by sales team, then the pivot; both show what the database sums', async () => {
    // A sale made outside Amazon, by another team, so the analysis has two teams to compare.
    await server.database.commit(async (env) => {
      const team = await env.model('crm.team').create({ name: 'Direct Sales' });
      const partner = await env.model('res.partner').create({ name: 'Walk-in Customer' });
      const [lamp] = (await env.model('product.product').search([['default_code', '=', 'LAMP']])).ids;
      const order = await env.model('sale.order').create({ partner_id: partner.ids[0], team_id: team.ids[0], order_line: [[0, 0, { product_id: lamp, product_uom_qty: 1, price_unit: 55 }]] });
      await (order as any).action_confirm();
    });
    const expected = await server.database.rollback(async (env) => {
      const lines = await env.model('sale.report').search_read([['state', '=', 'sale']], ['team_id', 'price_subtotal']);
      const byTeam = new Map<string, number>();
      for (const line of lines) byTeam.set(line.team_id[1], Math.round(((byTeam.get(line.team_id[1]) ?? 0) + line.price_subtotal) * 100) / 100);
      return byTeam;
    });
    expect([...expected.keys()].sort()).toEqual(['Amazon', 'Direct Sales']);

    await openMenu(page, 'sale.sale_menu_root', 'sale.menu_sale_report', 'sale.menu_report_product_all');
    await waitForBreadcrumb(page, 'Sales Analysis');
    await page.locator('.o_graph_view canvas').waitFor();
    await rpc.idle();
    // Group by Sales Team: the graph reads the groups again; what it draws is that answer.
    const answer = page.waitForResponse((r) => r.url().includes('/sale.report/read_group'));
    await page.click('[data-testid="search-groupby"]');
    await page.click('[data-testid="groupby-team"]');
    const groups = (await (await answer).json()).result as Array<Record<string, any>>;
    await page.click('[data-testid="search-groupby"]'); // closes the dropdown
    await page.click('.o_graph_button[data-mode="bar"]');
    await rpc.idle();
    await page.locator('.o_searchview_facet', { hasText: 'Sales Team' }).waitFor();
    await screenshot(page, 'tour6_sales_graph_by_team.png');
    expect(new Map(groups.map((g) => [g.team_id[1], g.price_subtotal]))).toEqual(expected);
    // The chart is drawn: the canvas holds pixels of more than one colour.
    const drawn = await page.locator('.o_graph_view canvas').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set<number>();
      for (let i = 0; i < data.length; i += 4 * 97) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2] | (data[i + 3] << 24));
      return colours.size;
    });
    expect(drawn).toBeGreaterThan(2);

    await page.click('.o_switch_view.o_pivot');
    await page.locator('.o_pivot_table').waitFor();
    await rpc.idle();
    await screenshot(page, 'tour6_sales_pivot_by_team.png');
    const headers = await page.locator('.o_pivot_measure_row .o_pivot_total_measure').allInnerTexts();
    const column = headers.findIndex((h) => /Untaxed|Subtotal/i.test(h));
    expect(column).toBeGreaterThanOrEqual(0);
    const rows = new Map<string, number>();
    for (const row of await page.locator('.o_pivot_row[data-level="0"]').all()) {
      const values = await row.locator('.o_pivot_cell_value').allInnerTexts();
      // The Total columns come last, one per measure.
      rows.set((await row.locator('.o_pivot_row_header').innerText()).trim(), Number(values[values.length - headers.length + column].replace(/[^\d.-]/g, '')));
    }
    expect(rows).toEqual(expected);
  });

  test('tour 7: Amazon Accounts as kanban cards; a card shows the account\'s orders as the database counts them and opens its form', async () => {
    await openMenu(page, 'sale.sale_menu_root', 'sale.menu_sale_config', 'sale_amazon.menu_amazon_accounts');
    await waitForBreadcrumb(page, 'Amazon Accounts');
    await page.click('.o_switch_view.o_kanban');
    const card = page.locator(`[data-testid="kanban-card"][data-id="${accountId}"]`);
    await card.waitFor();
    await rpc.idle();
    await screenshot(page, 'tour7_amazon_accounts_kanban.png');
    const orders = await server.database.rollback((env) => env.model('sale.order').search_count([['amazon_account_id', '=', accountId]]));
    expect(orders).toBeGreaterThan(0);
    expect(await card.locator('.o_kanban_record_title').innerText()).toBe('Sandbox US');
    expect(await card.locator('[name="order_count"]').innerText()).toBe(`Orders: ${orders}`);
    await card.click();
    await waitForBreadcrumb(page, 'Sandbox US');
    await rpc.idle();
  });
});
