/**
 * Builds the SP-API port of an account. Credentials come from the account (seller id, refresh
 * token) and from the application's LWA client, configured once per database
 * (ir.config_parameter) or per server (environment variables).
 */
import { UserError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import { createSpApiAdapter, type SpApiAdapterConfig } from '../sp_api/adapter';
import type { SpApiPort } from '../sp_api/port';

const REGIONS: Record<string, 'na' | 'eu' | 'fe'> = { 'us-east-1': 'na', 'eu-west-1': 'eu', 'us-west-2': 'fe' };

/** Settings every port of this process gets (tests share the sandbox clock and a short timeout). */
let processOverrides: Partial<SpApiAdapterConfig> = {};
export function configureSpApi(overrides: Partial<SpApiAdapterConfig>): void {
  processOverrides = overrides;
}

async function param(env: Environment, key: string): Promise<string | undefined> {
  const { rows } = await env.cr.query<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = $1', [key]);
  return rows[0]?.value || undefined;
}

export interface AccountCredentials {
  name: string;
  sellerKey: string;
  refreshToken: string;
  region: 'na' | 'eu' | 'fe';
  ordersApiVersion: '2026-01-01' | 'v0';
}

/** Reads what the port needs; refuses with a message that says what to fill in. */
export async function accountCredentials(env: Environment, accountId: number): Promise<AccountCredentials> {
  const [account] = await env.model('amazon.account').sudo().withContext({ active_test: false }).browse([accountId])
    .fetch(['name', 'seller_key', 'refresh_token', 'base_marketplace_id', 'orders_api_version']);
  if (!account) throw new UserError(`The Amazon account ${accountId} does not exist.`);
  if (!account.seller_key || !account.refresh_token) {
    throw new UserError(`The Amazon account "${account.name}" is not linked to Amazon yet: set its Seller ID and refresh token first.`);
  }
  const [marketplace] = await env.model('amazon.marketplace').sudo().browse([account.base_marketplace_id]).fetch(['region']);
  return {
    name: account.name, sellerKey: account.seller_key, refreshToken: account.refresh_token,
    region: REGIONS[marketplace.region] ?? 'na', ordersApiVersion: account.orders_api_version,
  };
}

/** The application's LWA client (one per ERP, not per seller). */
export async function lwaClient(env: Environment): Promise<{ clientId: string; clientSecret: string }> {
  const clientId = (await param(env, 'sale_amazon.lwa_client_id')) ?? process.env.AMAZON_LWA_CLIENT_ID;
  const clientSecret = (await param(env, 'sale_amazon.lwa_client_secret')) ?? process.env.AMAZON_LWA_CLIENT_SECRET;
  if (!clientId || !clientSecret) {
    throw new UserError('The Login with Amazon client of this ERP is not configured: set the system parameters sale_amazon.lwa_client_id and sale_amazon.lwa_client_secret (or AMAZON_LWA_CLIENT_ID / AMAZON_LWA_CLIENT_SECRET).');
  }
  return { clientId, clientSecret };
}

/** Where Amazon traffic goes instead of Amazon (sandbox, proxy), or undefined for Amazon itself. */
export async function spApiEndpoint(env: Environment): Promise<string | undefined> {
  return processOverrides.endpoint ?? (await param(env, 'sale_amazon.sp_api_endpoint')) ?? process.env.AMAZON_SP_API_ENDPOINT;
}

export async function createAccountPort(env: Environment, accountId: number): Promise<SpApiPort> {
  const creds = await accountCredentials(env, accountId);
  const { clientId, clientSecret } = await lwaClient(env);
  const endpoint = (await param(env, 'sale_amazon.sp_api_endpoint')) ?? process.env.AMAZON_SP_API_ENDPOINT;
  return createSpApiAdapter({
    sellerId: creds.sellerKey, refreshToken: creds.refreshToken, clientId, clientSecret,
    region: creds.region, ordersApiVersion: creds.ordersApiVersion,
    ...(endpoint ? { endpoint } : {}),
    ...processOverrides,
  });
}
