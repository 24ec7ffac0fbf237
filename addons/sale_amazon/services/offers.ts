/** SKU ↔ product pairing: an offer is created the first time a SKU is sold on an account. */
import type { Environment } from '../../base/orm/environment';

export async function productByCode(env: Environment, code: string, companyId: number): Promise<number | false> {
  const { rows } = await env.cr.query<{ id: number }>(
    `SELECT p.id FROM product_product p JOIN product_template t ON t.id = p.product_tmpl_id
      WHERE p.default_code = $1 AND p.active AND (t.company_id IS NULL OR t.company_id = $2) ORDER BY p.id LIMIT 1`, [code, companyId]);
  return rows[0]?.id ?? false;
}

/**
 * The account's offer for a SKU, created from the product whose internal reference is the SKU (or
 * the default product). An offer still on the default product is re-linked once a product with
 * that reference exists.
 */
export async function findOrCreateOffer(env: Environment, accountId: number, marketplaceId: number, sku: string, defaultProductId: number): Promise<{ id: number; productId: number }> {
  const offers = env.model('amazon.offer').sudo();
  const [companyRow] = await env.model('amazon.account').sudo().withContext({ active_test: false }).browse([accountId]).fetch(['company_id']);
  const companyId = companyRow.company_id as number;
  const [existing] = await (await offers.search([['account_id', '=', accountId], ['sku', '=', sku]], { limit: 1 })).fetch(['product_id']);
  if (existing) {
    if (existing.product_id === defaultProductId) {
      const product = await productByCode(env, sku, companyId);
      if (product) {
        await offers.browse([existing.id]).write({ product_id: product });
        return { id: existing.id, productId: product };
      }
    }
    return { id: existing.id, productId: existing.product_id as number };
  }
  const productId = (await productByCode(env, sku, companyId)) || defaultProductId;
  const created = await offers.create({ account_id: accountId, marketplace_id: marketplaceId, sku, product_id: productId });
  return { id: created.ids[0], productId };
}
