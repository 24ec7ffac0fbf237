/**
 * Demo mode: when sale_amazon is installed with demo data and no real endpoint is configured
 * (AMAZON_SP_API_ENDPOINT unset), `npm start` runs the SP-API sandbox in-process with a steady
 * flow of orders, and points the demo account at it.
 */
import type { App } from '../../base/http/routes';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { inTransaction } from './order_import';
import { returnUrl } from './lwa_consent';

export const DEMO_CREDENTIALS = {
  sellerId: 'A3SANDBOXSELLER',
  refreshToken: 'Atzr|demo-sandbox-refresh-token',
  clientId: 'amzn1.application-oa2-client.demo',
  clientSecret: 'amzn1.oa2-cs.v1.demo-sandbox-secret',
};

/** Orders of the past day per demo account's marketplaces: [count, marketplace codes]. */
const DEMO_HISTORY: Array<[number, string[]]> = [[12, ['US']], [18, ['DE', 'FR', 'UK']]];

async function setParam(app: App, key: string, value: string): Promise<void> {
  await app.db.transaction((cr) => cr.query(
    `INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES ($1, $2, now(), now())
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = now()`, [key, value]));
}

/**
 * "Link with Amazon" on a new account goes through the sandbox's consent page (approved by the
 * sandbox's seller) and back to this server, whose return route the sandbox's application lists.
 */
async function offerLinkWithAmazon(app: App, sandbox: Sandbox): Promise<void> {
  if (app.config?.port) {
    // Odoo records the server's address at the first admin login; the demo knows it from the start.
    const host = app.config.host === '0.0.0.0' ? 'localhost' : app.config.host;
    const base = `http://${host}:${app.config.port}`;
    await app.db.transaction((cr) => cr.query(
      "INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES ('web.base.url', $1, now(), now()) ON CONFLICT (key) DO NOTHING", [base]));
  }
  sandbox.authorizations.registerRedirectUri(await inTransaction({ db: app.db, registry: app.registry }, (env) => returnUrl(env)));
  await setParam(app, 'sale_amazon.app_id', sandbox.authorizations.application.id);
  await setParam(app, 'sale_amazon.app_beta', '1');
  await setParam(app, 'sale_amazon.seller_central_url', sandbox.url);
}

export async function startDemoServices(app: App): Promise<{ stop(): Promise<void> } | null> {
  if (process.env.AMAZON_SP_API_ENDPOINT) return null;
  if (!app.registry.models.has('amazon.account')) return null;
  const demoAccount = await inTransaction({ db: app.db, registry: app.registry }, (env) => env.refId('sale_amazon.demo_account'));
  if (!demoAccount) return null;
  const sandbox = await startSandbox({ trafficPerHour: 30, credentials: DEMO_CREDENTIALS, seed: Date.now() % 100000 });
  // A day of history, inside the demo accounts' cursor (a day ago): FBA orders are imported once
  // shipped, hours after payment, so a few hours of history could leave an account nothing to import.
  // Each demo account gets its own share: spread over all eight marketplaces, the US account could
  // draw none (see data/amazon_demo.ts for the accounts' marketplaces).
  const now = sandbox.clock.now();
  for (const [count, marketplaces] of DEMO_HISTORY) {
    sandbox.control.generateOrders({ count, marketplaces, from: now - 23 * 3600_000, to: now - 10 * 60_000 });
  }
  await setParam(app, 'sale_amazon.lwa_client_id', DEMO_CREDENTIALS.clientId);
  await setParam(app, 'sale_amazon.lwa_client_secret', DEMO_CREDENTIALS.clientSecret);
  await setParam(app, 'sale_amazon.sp_api_endpoint', sandbox.url);
  await offerLinkWithAmazon(app, sandbox);
  console.log(`Amazon demo: SP-API sandbox running at ${sandbox.url}; the demo account syncs from it.`);
  return { stop: () => sandbox.close() };
}
