/**
 * Login with Amazon's token endpoint, for the one call amazon-sp-api does not make: exchanging
 * the authorisation code of the consent page for the seller's refresh token. The request goes to
 * api.amazon.com, or through EndpointAgent to AMAZON_SP_API_ENDPOINT like every other Amazon call
 * (the Host header still names api.amazon.com, so one stand-in server can route it).
 */
import * as https from 'node:https';
import { EndpointAgent } from '../sp_api/endpoint_agent';

export const LWA_HOST = 'api.amazon.com';
const TOKEN_PATH = '/auth/o2/token';
const TIMEOUT_MS = 15_000;

/** The exchange failed; the message says why in words an admin can act on. */
export class LwaExchangeError extends Error {}

export interface CodeExchange {
  code: string;
  /** the redirect URI of the consent request, which LWA checks the code against */
  redirectUri: string;
  clientId: string;
  clientSecret: string;
  /** stand-in for Amazon (sandbox, proxy); undefined = Amazon itself */
  endpoint?: string;
}

/** Returns the refresh token Amazon grants for the authorisation code. */
export async function exchangeAuthorizationCode(exchange: CodeExchange): Promise<string> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code', code: exchange.code, redirect_uri: exchange.redirectUri, client_id: exchange.clientId, client_secret: exchange.clientSecret,
  }).toString();
  const agent = exchange.endpoint ? new EndpointAgent(exchange.endpoint) : undefined;
  try {
    const { status, text } = await post(body, agent);
    return refreshTokenFrom(status, text);
  } finally {
    agent?.destroy();
  }
}

function post(body: string, agent: https.Agent | undefined): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({
      host: LWA_HOST, path: TOKEN_PATH, method: 'POST', agent, timeout: TIMEOUT_MS,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded;charset=UTF-8', 'Content-Length': Buffer.byteLength(body), Accept: 'application/json' },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new LwaExchangeError(`Login with Amazon did not answer within ${TIMEOUT_MS / 1000} seconds. Try linking the account again.`)));
    req.on('error', (error) => reject(error instanceof LwaExchangeError ? error : new LwaExchangeError(`Login with Amazon could not be reached (${error.message}). Try linking the account again.`)));
    req.end(body);
  });
}

/** LWA answers errors as { error, error_description }; the description is what a person can read. */
function refreshTokenFrom(status: number, text: string): string {
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text);
  } catch {
    // a proxy's HTML error page: reported by status below
  }
  if (status === 200 && typeof json.refresh_token === 'string' && json.refresh_token) return json.refresh_token;
  const reason = typeof json.error_description === 'string' ? json.error_description : typeof json.error === 'string' ? json.error : `HTTP ${status}`;
  throw new LwaExchangeError(`Amazon refused the authorisation code: ${reason}. Start the linking again from the account.`);
}
