/**
 * The second leg of linking an account, once Amazon sent the seller back with an authorisation
 * code: remember the seller, trade the code for the seller's refresh token, and learn the
 * marketplaces the seller sells on. Runs as the user who clicked "Link with Amazon", so only
 * those allowed to change the account can link it.
 */
import { MissingError } from '../../base/orm/exceptions';
import type { Environment } from '../../base/orm/environment';
import { createAccountPort, lwaClient, spApiEndpoint } from './port_factory';
import { updateAvailableMarketplaces } from './lwa_marketplaces';
import { exchangeAuthorizationCode } from './lwa_token_exchange';

export interface AmazonAuthorisation {
  accountId: number;
  sellerId: string;
  code: string;
  /** the redirect URI the consent page was asked to return to (the signed state's return URL) */
  redirectUri: string;
}

export async function linkAccount(env: Environment, auth: AmazonAuthorisation): Promise<void> {
  const account = env.model('amazon.account').withContext({ active_test: false }).browse([auth.accountId]);
  if (!(await account.sudo().exists()).length) throw new MissingError(`The Amazon account ${auth.accountId} no longer exists; create it again and link it from its form.`);
  await account.write({ seller_key: auth.sellerId });
  const refreshToken = await exchangeAuthorizationCode({ code: auth.code, redirectUri: auth.redirectUri, ...(await lwaClient(env)), endpoint: await spApiEndpoint(env) });
  await account.write({ refresh_token: refreshToken });
  const port = await createAccountPort(env, auth.accountId);
  try {
    await updateAvailableMarketplaces(env, auth.accountId, port);
  } finally {
    port.close();
  }
}
