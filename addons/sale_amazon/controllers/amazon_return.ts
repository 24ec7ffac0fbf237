/**
 * GET /amazon/return: where Seller Central sends the seller after the consent page, with the
 * seller id, an authorisation code and the state we signed. A state that does not verify is
 * refused (403) before anything is read or written.
 */
import type { HttpRoute, RouteContext } from '../../base/http/routes';
import { AccessError, UserError } from '../../base/orm/exceptions';
import { SpApiError } from '../sp_api/errors';
import { RETURN_PATH } from '../services/lwa_consent';
import { linkAccount } from '../services/lwa_link';
import { verifyState } from '../services/lwa_state';
import { LwaExchangeError } from '../services/lwa_token_exchange';
import { sendLinkError } from './error_page';

/** The account's form in the web client (see static/web/src/webclient/webclient.ts loadRouterState). */
export function accountFormUrl(accountId: number): string {
  return `/web#action=sale_amazon.action_amazon_accounts&model=amazon.account&view_type=form&id=${accountId}`;
}

/** Errors worth explaining to the admin; anything else is a bug and goes to the server's 500. */
function linkErrorStatus(error: unknown): number | null {
  if (error instanceof AccessError) return 403;
  if (error instanceof UserError) return 400;
  if (error instanceof LwaExchangeError || error instanceof SpApiError) return 502;
  return null;
}

async function handleReturn(ctx: RouteContext): Promise<void> {
  const env = ctx.env!;
  const query = ctx.url.searchParams;
  const state = await verifyState(env, query.get('state'));
  if (!state) return sendLinkError(ctx.res, 403, 'This link with Amazon was not started from this database, or its address was altered. Start again with "Link with Amazon" on the account.', '/web');
  const back = accountFormUrl(state.account_id);
  const sellerId = query.get('selling_partner_id');
  const code = query.get('spapi_oauth_code');
  if (!sellerId || !code) return sendLinkError(ctx.res, 400, 'Amazon did not send the seller id and the authorisation code back. Start again with "Link with Amazon" on the account.', back);
  try {
    // A failure in any step leaves the account as it was: no seller id without its token.
    await env.cr.savepoint(() => linkAccount(env, { accountId: state.account_id, sellerId, code, redirectUri: state.return_url }));
  } catch (error) {
    const status = linkErrorStatus(error);
    if (status === null) throw error;
    return sendLinkError(ctx.res, status, (error as Error).message, back);
  }
  // The server sends this once the link is committed: the account form the browser loads next shows it linked.
  ctx.res.writeHead(303, { Location: back, 'Cache-Control': 'no-store' });
  ctx.res.end();
}

export const amazonReturn: HttpRoute = { method: 'GET', path: RETURN_PATH, auth: 'user', handler: handleReturn };
