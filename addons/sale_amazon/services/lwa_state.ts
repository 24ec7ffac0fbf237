/**
 * The `state` of the Login with Amazon consent round trip. Amazon hands it back untouched on the
 * return route, so it is the only proof that the seller started the flow from this database for
 * this account: it is signed with the database secret and checked in constant time.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Environment } from '../../base/orm/environment';

const SECRET_KEY = 'database.secret';
/** Domain separation: the database secret may sign other things; this tag makes the MAC ours only. */
const SIGNATURE_TAG = 'sale_amazon.lwa_state';

export interface LwaState {
  account_id: number;
  return_url: string;
}

/** The database secret, created on first need (install creates it too; older databases get it here). */
export async function databaseSecret(env: Environment): Promise<string> {
  const { rows } = await env.cr.query<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = $1', [SECRET_KEY]);
  if (rows[0]?.value) return rows[0].value;
  // ON CONFLICT: two requests racing on a fresh database must end up signing with the same secret.
  await env.cr.query(
    'INSERT INTO ir_config_parameter (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
    [SECRET_KEY, randomBytes(32).toString('hex')]);
  const again = await env.cr.query<{ value: string }>('SELECT value FROM ir_config_parameter WHERE key = $1', [SECRET_KEY]);
  return again.rows[0].value;
}

function signature(secret: string, state: LwaState): string {
  return createHmac('sha256', secret).update(`${SIGNATURE_TAG}\n${state.account_id}\n${state.return_url}`).digest('hex');
}

/** The JSON text put in the consent URL's `state` parameter. */
export async function signState(env: Environment, state: LwaState): Promise<string> {
  const secret = await databaseSecret(env);
  return JSON.stringify({ account_id: state.account_id, return_url: state.return_url, signature: signature(secret, state) });
}

/** The state Amazon sent back, or null when it is malformed or its signature does not match. */
export async function verifyState(env: Environment, text: string | null): Promise<LwaState | null> {
  if (!text) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  const { account_id: accountId, return_url: returnUrl, signature: given } = (parsed ?? {}) as Record<string, unknown>;
  if (!Number.isSafeInteger(accountId) || typeof returnUrl !== 'string' || typeof given !== 'string') return null;
  const state: LwaState = { account_id: accountId as number, return_url: returnUrl };
  const expected = Buffer.from(signature(await databaseSecret(env), state), 'utf8');
  const received = Buffer.from(given, 'utf8');
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) return null;
  return state;
}
