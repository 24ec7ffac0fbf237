/**
 * Amazon-supplied text with HTML is shown as text in the real web client (chromium): the buyer's
 * name on the contact form and list, and on the sales order form and list, never runs as markup.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type RpcClient, type TestServer } from '../../support/server';
import { browserAvailable, buildAssetsOnce, launchBrowser } from '../../support/browser';
import { securityEngine } from './helpers';

jest.setTimeout(180_000);
const describeIf = browserAvailable() ? describe : describe.skip;
const engine = securityEngine();

const PAYLOAD = '<img src=x onerror="window.__xss=(window.__xss||0)+1">';
const SCRIPT = '<script>window.__xss=(window.__xss||0)+1</script>';

describeIf(`Amazon text rendered as text in chromium (${engine})`, () => {
  let s: TestServer;
  let admin: RpcClient;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const errors: string[] = [];
  let partnerId: number;
  let orderId: number;
  let accountId: number;

  beforeAll(async () => {
    await buildAssetsOnce();
    s = await startTestServer(engine, { addons: ['sale_amazon'] });
    admin = await s.login('admin', 'admin');
    // What the order import writes for a buyer called like this (tests/integration/security/amazon_payloads
    // checks the import stores such names byte for byte).
    partnerId = await admin.callKw('res.partner', 'create', [{ name: PAYLOAD, street: SCRIPT, city: '<b>Seattle</b>', comment: PAYLOAD }]);
    const product = await admin.callKw('product.product', 'create', [{ name: 'Mug <i>italic</i>', type: 'consu', list_price: 12 }]);
    orderId = await admin.callKw('sale.order', 'create', [{
      partner_id: partnerId, client_order_ref: SCRIPT, origin: PAYLOAD,
      order_line: [[0, 0, { product_id: product, name: `${PAYLOAD} gift: ${SCRIPT}`, product_uom_qty: 1 }]],
    }]);
    const [us] = await admin.callKw('ir.model.data', 'search_read', [[['module', '=', 'sale_amazon'], ['name', '=', 'marketplace_us']]], { fields: ['res_id'] });
    accountId = await admin.callKw('amazon.account', 'create', [{ name: `Account ${PAYLOAD}`, seller_key: 'A1XSS', base_marketplace_id: us.res_id }]);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => undefined); });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${s.url}/web`);
    await page.fill('#login', 'admin');
    await page.fill('#password', 'admin');
    await page.click('.o_login_button');
    await page.waitForSelector('.o_main_navbar');
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  async function noMarkupRan() {
    // give an injected image time to fail loading and fire onerror
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await page.locator('.o_action_manager img[src="x"], .o_action_manager script:not([src])').count()).toBe(0);
  }

  test('contact form and list show the buyer name as text', async () => {
    await page.goto(`${s.url}/web#action=web.action_contacts&view_type=form&id=${partnerId}`);
    await page.waitForSelector('.o_form_view .o_field_widget[name="name"]');
    const name = page.locator('.o_form_view .o_field_widget[name="name"] input, .o_form_view .o_field_widget[name="name"] span').first();
    const shown = (await name.evaluate((el) => (el instanceof HTMLInputElement ? el.value : el.textContent))) ?? '';
    expect(shown).toBe(PAYLOAD);
    await expect(page.locator('.breadcrumb-item.active').textContent()).resolves.toContain(PAYLOAD);
    await noMarkupRan();

    await page.goto('about:blank');
    await page.goto(`${s.url}/web#action=web.action_contacts`);
    await page.waitForSelector('.o_list_view .o_data_cell[name="display_name"]');
    expect(await page.locator('.o_list_view .o_data_cell[name="display_name"]').allTextContents()).toContain(PAYLOAD);
    await noMarkupRan();
  });

  test('sales order form and list show Amazon text as text', async () => {
    await page.goto('about:blank');
    await page.goto(`${s.url}/web#action=sale.action_orders&view_type=form&id=${orderId}`);
    await page.waitForSelector('.o_form_view .o_field_widget[name="partner_id"]');
    const partner = page.locator('.o_form_view .o_field_widget[name="partner_id"]');
    const text = await partner.evaluate((el) => {
      const input = el.querySelector('input');
      return input ? input.value : el.textContent;
    });
    expect(text).toContain(PAYLOAD);
    await page.waitForSelector('.o_form_view .o_field_widget[name="order_line"] .o_data_row');
    // cells show text, editable cells hold it in inputs: both count
    const lines = await page.locator('.o_form_view .o_field_widget[name="order_line"]').evaluate((el) =>
      [el.textContent ?? '', ...[...el.querySelectorAll('input, textarea')].map((i) => (i as HTMLInputElement).value)].join('\n'));
    expect(lines).toContain(PAYLOAD);
    expect(lines).toContain(SCRIPT);
    await noMarkupRan();

    await page.goto('about:blank');
    await page.goto(`${s.url}/web#action=sale.action_quotations`);
    await page.waitForSelector('.o_list_view .o_data_cell[name="partner_id"]');
    expect((await page.locator('.o_list_view .o_data_cell[name="partner_id"]').allTextContents()).join('\n')).toContain(PAYLOAD);
    await noMarkupRan();
    expect(errors).toEqual([]);
  });

  test('control: the same text parsed as HTML does run, so the checks above can fail', async () => {
    const probe = await browser.newPage();
    try {
      await probe.setContent(`<div id="o">${PAYLOAD}</div>`);
      await probe.waitForFunction(() => (window as any).__xss === 1, undefined, { timeout: 5000 });
      expect(await probe.evaluate(() => (window as any).__xss)).toBe(1);
    } finally {
      await probe.close();
    }
  });

  test('Last Order Sync and the Sync buttons are not on the account page outside developer mode, and are in it', async () => {
    const sync = '.o_form_view button[name="action_sync_orders"], .o_form_view button[name="action_sync_pickings"]';
    const cursor = '.o_form_view .o_field_widget[name="last_orders_sync"]';
    /** The field may sit on any notebook page: look at each. */
    const cursorInSomePage = async () => {
      if (await page.locator(cursor).count()) return true;
      const tabs = page.locator('.o_form_view .o_notebook .nav-link');
      for (let i = 0; i < (await tabs.count()); i++) {
        const tab = await tabs.nth(i).elementHandle();
        await tab!.click();
        // The page renders on the next frame: counting at once can miss a field that is there.
        await page.waitForFunction((el) => el.classList.contains('active'), tab);
        if (await page.locator(cursor).count()) return true;
      }
      return false;
    };
    await page.goto('about:blank');
    await page.goto(`${s.url}/web?debug=0#action=sale_amazon.action_amazon_accounts&view_type=form&id=${accountId}`);
    await page.waitForSelector('.o_form_view .o_field_widget[name="seller_key"]');
    expect(await page.locator(sync).count()).toBe(0);
    expect(await cursorInSomePage()).toBe(false);
    expect(await page.content()).not.toContain('Last Order Sync');
    const title = await page.locator('.breadcrumb-item.active').textContent();
    expect(title).toContain(PAYLOAD);
    await noMarkupRan();

    await page.goto('about:blank');
    await page.goto(`${s.url}/web?debug=1#action=sale_amazon.action_amazon_accounts&view_type=form&id=${accountId}`);
    await page.waitForSelector('.o_form_view .o_field_widget[name="seller_key"]');
    expect(await page.locator(sync).count()).toBe(2);
    expect(await cursorInSomePage()).toBe(true);
    await page.goto(`${s.url}/web?debug=0`);
  });
});
