/**
 * After linking, the account learns from Amazon which marketplaces the seller sells on
 * (getMarketplaceParticipations). Those become the available marketplaces; the newly available ones
 * are synchronised too, and synchronised ones the seller left are dropped.
 */
import type { Environment } from '../../base/orm/environment';
import type { SpApiPort } from '../sp_api/port';

export async function updateAvailableMarketplaces(env: Environment, accountId: number, port: SpApiPort): Promise<void> {
  const participations = await port.getMarketplaceParticipations();
  const refs = participations.filter((p) => p.isParticipating).map((p) => p.marketplaceId);
  const available = await env.model('amazon.marketplace').sudo()._searchIds([['api_ref', 'in', refs]]);
  const accounts = env.model('amazon.account').withContext({ active_test: false }).browse([accountId]);
  const [account] = await accounts.sudo().fetch(['seller_key', 'available_marketplace_ids', 'active_marketplace_ids']);
  const before = new Set<number>(account.available_marketplace_ids);
  const takenElsewhere = await marketplacesOfOtherRegistrations(env, accountId, account.seller_key);
  const added = available.filter((id) => !before.has(id) && !takenElsewhere.has(id));
  const active = [...(account.active_marketplace_ids as number[]).filter((id) => available.includes(id)), ...added];
  // Written as the user: only those allowed to change the account may relink it.
  await accounts.write({ available_marketplace_ids: [[6, 0, available]], active_marketplace_ids: [[6, 0, active]] });
}

/**
 * Marketplaces another registration of the same seller already synchronises: adding them here
 * would import their orders twice (the account's constraint refuses it), so they stay off.
 */
async function marketplacesOfOtherRegistrations(env: Environment, accountId: number, sellerKey: string | false): Promise<Set<number>> {
  if (!sellerKey) return new Set();
  const { rows } = await env.cr.query<{ id: number }>(
    `SELECT r.marketplace_id AS id FROM amazon_account_active_marketplace_rel r JOIN amazon_account a ON a.id = r.account_id
      WHERE a.id <> $1 AND a.seller_key = $2 AND a.active`, [accountId, sellerKey]);
  return new Set(rows.map((r) => r.id));
}
