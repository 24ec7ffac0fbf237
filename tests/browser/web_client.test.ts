import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/server';
import { artifactPath, browserAvailable, buildAssetsOnce, launchBrowser } from '../support/browser';

const describeIf = browserAvailable() ? describe : describe.skip;

describeIf('web client in chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await buildAssetsOnce();
    server = await startTestServer('pglite', { addons: ['web'] });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => errors.push(error.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('admin logs in, opens Settings > Users and creates a contact through the form', async () => {
    // Figures, not timed assertions (issue 6: the first screen interactive within a second on loopback).
    const started = Date.now();
    await page.goto(`${server.url}/web`);
    await page.waitForSelector('#login');
    const loginScreen = Date.now() - started;
    await page.fill('#login', 'admin');
    await page.fill('#password', 'admin');
    const submitted = Date.now();
    await page.click('.o_login_button');
    await page.waitForSelector('.o_main_navbar');
    await page.waitForSelector('.o_list_view');
    console.log(`time to first interactive screen on loopback: login page ${loginScreen} ms; after login submit, navbar and first list ${Date.now() - submitted} ms`);

    // Settings > Users & Companies > Users
    await page.click('.o_menu_toggle');
    await page.click('[data-menu-xmlid="web.menu_administration"]');
    await page.click('.o_menu_section[data-menu-xmlid="web.menu_users"]');
    await page.click('[data-menu-xmlid="web.menu_action_res_users"]');
    await page.waitForSelector('.o_list_view .o_data_cell[name="login"]');
    expect(await page.locator('.o_data_cell[name="login"]').allTextContents()).toContain('admin');
    await page.screenshot({ path: artifactPath('settings_users_list.png') });

    // Contacts > New > fill the form > Save
    await page.click('.o_menu_toggle');
    await page.click('[data-menu-xmlid="web.menu_contacts"]');
    await page.waitForSelector('.o_list_button_add');
    await page.click('.o_list_button_add');
    await page.waitForSelector('.o_form_view');
    await page.fill('.o_field_widget[name="name"] input', 'Browser Made Ltd <b>bold</b>');
    await page.fill('.o_field_widget[name="email"] input', 'hello@browser.example');
    await page.fill('.o_field_widget[name="city"] input', 'Ghent');
    await page.click('.o_form_button_save');
    await page.waitForSelector('.breadcrumb-item.active:has-text("Browser Made Ltd")');
    await page.screenshot({ path: artifactPath('contact_form_saved.png') });

    const rows = await server.database.rollback((env) => env.model('res.partner').search_read([['email', '=', 'hello@browser.example']], ['name', 'city', 'is_company']));
    expect(rows).toEqual([expect.objectContaining({ name: 'Browser Made Ltd <b>bold</b>', city: 'Ghent', is_company: true })]);
    // The name is shown as text, never parsed as markup.
    expect(await page.locator('.breadcrumb-item.active b').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 120_000);
});
