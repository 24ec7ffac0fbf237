/**
 * Demo: the seller's two registrations linked to the in-process sandbox (see services/demo.ts),
 * with the refresh token entered directly as a developer would for a self-authorised app. An
 * account talks to one Amazon region, so North America and Europe are two accounts of the same
 * seller with disjoint marketplaces.
 */
import type { Environment } from '../../base/orm/environment';
import { upsertRecord } from '../../base/loader/data';
import { DEMO_CREDENTIALS } from '../services/demo';

// Start a day back so the first sync brings the sandbox's recent orders in.
const dayAgo = () => new Date(Date.now() - 24 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');

async function demoAccount(env: Environment, addon: string, id: string, name: string, codes: string[]): Promise<void> {
  const ids = await Promise.all(codes.map(async (code) => (await env.refId(`sale_amazon.marketplace_${code}`))!));
  await upsertRecord(env, addon, {
    id, model: 'amazon.account', noupdate: true,
    values: {
      name, seller_key: DEMO_CREDENTIALS.sellerId, refresh_token: DEMO_CREDENTIALS.refreshToken,
      base_marketplace_id: ids[0], available_marketplace_ids: [[6, 0, ids]], active_marketplace_ids: [[6, 0, ids]],
      last_orders_sync: dayAgo(),
    },
  });
}

export async function load(env: Environment, addon: string): Promise<void> {
  await demoAccount(env, addon, 'demo_account', 'Amazon Sandbox US (demo)', ['us']);
  await demoAccount(env, addon, 'demo_account_eu', 'Amazon Sandbox EU (demo)', ['de', 'fr', 'uk']);
}
