/**
 * The first leg of linking an account: the Seller Central consent page of the home marketplace,
 * for this ERP's Amazon application, with a signed state that brings the seller back here.
 */
import { UserError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import { signState } from './lwa_state';

export const RETURN_PATH = '/amazon/return';
const DEFAULT_BASE_URL = 'http://localhost:8069';

async function param(env: Environment, key: string): Promise<string | undefined> {
  const { rows } = await env.cr.query<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = $1', [key]);
  return rows[0]?.value || undefined;
}

function truthy(value: string | undefined): boolean {
  return !!value && !['0', 'false', 'no', 'off'].includes(value.trim().toLowerCase());
}

/** The Seller Central application id (amzn1.sp.solution...), per database or per server. */
async function applicationId(env: Environment): Promise<string> {
  const id = (await param(env, 'sale_amazon.app_id')) ?? process.env.AMAZON_SP_APP_ID;
  if (!id) throw new UserError('The Amazon application of this ERP is not configured: set the system parameter sale_amazon.app_id (or AMAZON_SP_APP_ID) to the application id shown in Seller Central (Develop Apps).');
  return id;
}

/**
 * An application still in draft in Seller Central only authorises with version=beta; a published
 * one must not send it. The admin says which through sale_amazon.app_beta (or AMAZON_SP_APP_BETA).
 */
async function isBetaApplication(env: Environment): Promise<boolean> {
  return truthy((await param(env, 'sale_amazon.app_beta')) ?? process.env.AMAZON_SP_APP_BETA);
}

/**
 * Where the browser finds the consent page: the home marketplace's Seller Central, unless the admin
 * points it elsewhere (sale_amazon.seller_central_url or AMAZON_SELLER_CENTRAL_URL): the SP-API
 * sandbox serves the consent page in demo and tests.
 */
async function sellerCentralUrl(env: Environment, marketplaceId: number): Promise<string> {
  const override = (await param(env, 'sale_amazon.seller_central_url')) ?? process.env.AMAZON_SELLER_CENTRAL_URL;
  if (override) return override;
  const [marketplace] = await env.model('amazon.marketplace').sudo().browse([marketplaceId]).fetch(['seller_central_url']);
  return String(marketplace.seller_central_url);
}

/** Where Amazon's redirect lands: this server's public address, as the admin set it. */
export async function returnUrl(env: Environment): Promise<string> {
  const base = (await param(env, 'web.base.url')) ?? DEFAULT_BASE_URL;
  return `${base.replace(/\/+$/, '')}${RETURN_PATH}`;
}

/**
 * The consent page URL for one account. It names the redirect URI (one of those registered with the
 * application) rather than relying on the registration's first: the code exchange must repeat it.
 */
export async function consentUrl(env: Environment, accountId: number): Promise<string> {
  const [account] = await env.model('amazon.account').sudo().withContext({ active_test: false }).browse([accountId]).fetch(['base_marketplace_id']);
  const redirectUri = await returnUrl(env);
  const query = new URLSearchParams({
    application_id: await applicationId(env),
    state: await signState(env, { account_id: accountId, return_url: redirectUri }),
    redirect_uri: redirectUri,
  });
  if (await isBetaApplication(env)) query.set('version', 'beta');
  return `${(await sellerCentralUrl(env, account.base_marketplace_id)).replace(/\/+$/, '')}/apps/authorize/consent?${query}`;
}
