/**
 * Steps shared by the browser tours (Odoo's tour style: drive the screens a user sees through the
 * selectors of docs/views.md "Test hooks", then assert the database).
 */
import type { Page } from 'playwright-core';
import { artifactPath } from './browser';

/** Counts the page's JSON-RPC calls in flight, so a step can wait until the client settled. */
export function trackRpc(page: Page): { idle(timeoutMs?: number): Promise<void>; errors: string[]; console: string[] } {
  let inFlight = 0;
  const errors: string[] = [];
  /** console.error output of the page (OWL logs there the cause of a lifecycle error). */
  const consoleErrors: string[] = [];
  page.on('console', (message) => { if (message.type() === 'error') consoleErrors.push(message.text()); });
  const isRpc = (url: string) => /\/web\/(dataset|action|session|webclient)\//.test(url);
  page.on('request', (r) => { if (isRpc(r.url())) inFlight++; });
  page.on('requestfinished', (r) => { if (isRpc(r.url())) inFlight--; });
  page.on('requestfailed', (r) => { if (isRpc(r.url())) inFlight--; });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => { if (response.status() >= 400) consoleErrors.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`); });
  return {
    errors,
    console: consoleErrors,
    async idle(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      // Two quiet checks in a row: a response often triggers the next call on the next tick.
      let quiet = 0;
      while (quiet < 2) {
        if (Date.now() > deadline) throw new Error(`${inFlight} RPC call(s) still running after ${timeoutMs} ms`);
        await page.waitForTimeout(50);
        quiet = inFlight === 0 ? quiet + 1 : 0;
      }
    },
  };
}

export async function login(page: Page, url: string, login = 'admin', password = 'admin'): Promise<void> {
  await page.goto(`${url}/web/login`);
  await page.fill('#login', login);
  await page.fill('#password', password);
  await page.click('[data-testid="login-submit"]');
  await page.waitForSelector('.o_main_navbar');
}

/**
 * Opens a menu through the navbar: the app from the home menu, then the section (a dropdown)
 * and its entry, or a section that is itself an entry. Waits for the action's breadcrumb.
 */
export async function openMenu(page: Page, app: string, ...path: string[]): Promise<void> {
  await page.click('.o_menu_toggle');
  await page.click(`.o_app[data-menu-xmlid="${app}"]`);
  for (const xmlid of path) await page.click(`.o_main_navbar [data-menu-xmlid="${xmlid}"]`);
}

/** Waits until the last breadcrumb is the given text (the screen that opened). */
export async function waitForBreadcrumb(page: Page, text: string): Promise<void> {
  await page.locator('.breadcrumb-item').last().filter({ hasText: text }).waitFor();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const path = artifactPath(name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** The text of the danger notification shown, waiting for one to appear. */
export async function dangerNotification(page: Page): Promise<string> {
  const notification = page.locator('[data-testid="notification"][data-type="danger"]').last();
  await notification.waitFor();
  return (await notification.innerText()).trim();
}

/** Closes every notification shown (they would otherwise pile up across steps). */
export async function clearNotifications(page: Page): Promise<void> {
  for (const close of await page.locator('[data-testid="notification"] .o_notification_close').all()) {
    await close.click().catch(() => undefined);
  }
}

/** Types into a many2one field and picks the suggestion with that exact text. */
export async function pickMany2one(page: Page, scope: string, text: string): Promise<void> {
  const input = page.locator(`${scope} input`).first();
  await input.click();
  await input.fill(text);
  await page.locator(`${scope} .o_autocomplete_item`, { hasText: text }).first().click();
}
