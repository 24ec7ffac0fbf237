/**
 * Demo: an Amazon account linked to the in-process sandbox (see services/demo.ts), with the
 * refresh token entered directly as a developer would for a self-authorised app.
 */
import type { Environment } from '../../base/orm/environment';
import { upsertRecord } from '../../base/loader/data';
import { DEMO_CREDENTIALS } from '../services/demo';

export async function load(env: Environment, addon: string): Promise<void> {
  const marketplace = async (code: string) => (await env.refId(`sale_amazon.marketplace_${code}`))!;
  const ids = [await marketplace('us'), await marketplace('de'), await marketplace('fr'), await marketplace('uk')];
  await upsertRecord(env, addon, {
    id: 'demo_account', model: 'amazon.account', noupdate: true,
    values: {
      name: 'Amazon Sandbox (demo)', seller_key: DEMO_CREDENTIALS.sellerId, refresh_token: DEMO_CREDENTIALS.refreshToken,
      base_marketplace_id: ids[0], available_marketplace_ids: [[6, 0, ids]], active_marketplace_ids: [[6, 0, ids]],
      // Start a day back so the first sync brings the sandbox's recent orders in.
      last_orders_sync: new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 19).replace('T', ' '),
    },
  });
}
