/**
 * SKU ↔ product pairing: an offer is created the first time a SKU is sold on an account. A page
 * of orders looks its SKUs up together and creates the missing offers with one list-create.
 */
import type { Environment } from '../../base/orm/environment';

export interface OfferRef {
  id: number;
  productId: number;
}

/** The product whose internal reference is each code (the lowest id when several), for the company. */
export async function productsByCode(env: Environment, codes: string[], companyId: number): Promise<Map<string, number>> {
  const wanted = [...new Set(codes)];
  if (!wanted.length) return new Map();
  const { rows } = await env.cr.query<{ code: string; id: number }>(
    `SELECT DISTINCT ON (p.default_code) p.default_code AS code, p.id FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
      WHERE p.default_code = ANY($1::text[]) AND p.active AND (t.company_id IS NULL OR t.company_id = $2) ORDER BY p.default_code, p.id`, [wanted, companyId]);
  return new Map(rows.map((r) => [r.code, r.id]));
}

/**
 * The account's offer for each SKU, created from the product whose internal reference is the SKU
 * (or the default product) on the marketplace where it is first seen. An offer still on the default
 * product is re-linked once a product with that reference exists.
 *
 * @param sightings SKUs with the marketplace they were sold on, in the order the orders list them
 */
export async function findOrCreateOffers(env: Environment, accountId: number, companyId: number,
  sightings: { sku: string; marketplaceId: number }[], defaultProductId: number): Promise<Map<string, OfferRef>> {
  const offers = env.model('amazon.offer').sudo();
  const skus = [...new Set(sightings.map((s) => s.sku))];
  const result = new Map<string, OfferRef>();
  if (!skus.length) return result;
  const products = await productsByCode(env, skus, companyId);
  const existing = await (await offers.search([['account_id', '=', accountId], ['sku', 'in', skus]])).fetch(['sku', 'product_id']);
  for (const offer of existing) {
    const better = offer.product_id === defaultProductId ? products.get(offer.sku) : undefined;
    if (better) await offers.browse([offer.id]).write({ product_id: better });
    result.set(offer.sku, { id: offer.id, productId: better ?? offer.product_id });
  }
  const firstSeen = new Map<string, number>();
  for (const { sku, marketplaceId } of sightings) if (!result.has(sku) && !firstSeen.has(sku)) firstSeen.set(sku, marketplaceId);
  if (!firstSeen.size) return result;
  const missing = [...firstSeen].map(([sku, marketplaceId]) => ({ account_id: accountId, marketplace_id: marketplaceId, sku, product_id: products.get(sku) ?? defaultProductId }));
  const created = await offers.create(missing);
  missing.forEach((vals, i) => result.set(vals.sku, { id: created.ids[i], productId: vals.product_id }));
  return result;
}
