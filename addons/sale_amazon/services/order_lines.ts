/**
 * The sales order lines of an Amazon order: per item a product line (promotion as a discount), a
 * gift-wrap line and the gift message as a note, and a shipping line. Prices are chosen so that
 * each line's total with our taxes equals what Amazon charged (see amounts.ts).
 */
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import type { TaxSpec } from '../../account/tools/tax_compute';
import type { AmazonOrder, AmazonOrderItem } from '../sp_api/types';
import { discountPercent, grossOf, subtotalForGross } from './amounts';
import { findOrCreateOffer, productByCode } from './offers';

export interface LineContext {
  env: Environment;
  accountId: number;
  companyId: number;
  marketplaceId: number;
  taxIncluded: boolean;
  fiscalPositionId: number | false;
  defaultProductId: number;
  shippingProductId: number;
}

/** Taxes of a product for the company, mapped through the fiscal position. */
async function productTaxes(ctx: LineContext, productId: number): Promise<TaxSpec[]> {
  const product = ctx.env.model('product.product').sudo().browse([productId]);
  if (!product._meta.fields.has('taxes_id')) return [];
  const [row] = await product.fetch(['taxes_id']);
  let taxIds: number[] = row?.taxes_id ?? [];
  if (!taxIds.length) return [];
  const { rows: own } = await ctx.env.cr.query<{ id: number }>('SELECT id FROM account_tax WHERE id = ANY($1::int[]) AND company_id = $2', [taxIds, ctx.companyId]);
  taxIds = own.map((r) => r.id);
  if (ctx.fiscalPositionId) taxIds = (await (ctx.env.model('account.fiscal.position').sudo().browse([ctx.fiscalPositionId]) as any).map_tax(taxIds)).ids;
  if (!taxIds.length) return [];
  const { rows } = await ctx.env.cr.query<TaxSpec & { sequence: number }>(
    'SELECT id, name, amount_type, amount::float AS amount, price_include, account_id, sequence FROM account_tax WHERE id = ANY($1::int[]) ORDER BY sequence, id', [taxIds]);
  return rows.map((r) => ({ ...r, account_id: r.account_id ?? false }));
}

async function productName(ctx: LineContext, productId: number): Promise<string> {
  const [row] = await ctx.env.model('product.product').sudo().browse([productId]).fetch(['name']);
  return row?.name ?? '';
}

/** A priced line: net price per unit, discount percentage, and the taxes set explicitly. */
async function pricedLine(ctx: LineContext, productId: number, quantity: number,
  amount: { price: number; tax: number }, discount: { price: number; tax: number }): Promise<Vals> {
  const taxes = await productTaxes(ctx, productId);
  const subtotal = subtotalForGross(grossOf(amount, ctx.taxIncluded), taxes);
  const discountSubtotal = subtotalForGross(grossOf(discount, ctx.taxIncluded), taxes);
  return {
    product_id: productId,
    product_uom_qty: quantity,
    price_unit: quantity ? subtotal / quantity : 0,
    discount: discountPercent(discountSubtotal, subtotal),
    tax_id: [[6, 0, taxes.map((t) => t.id)]],
  };
}

function itemDescription(item: AmazonOrderItem): string {
  const sku = item.sku ? `[${item.sku}] ` : '';
  return `${sku}${item.title ?? item.asin ?? 'Amazon item'}`;
}

export async function orderLineValues(ctx: LineContext, order: AmazonOrder): Promise<Vals[]> {
  const lines: Vals[] = [];
  for (const item of order.items) {
    const offer = await findOrCreateOffer(ctx.env, ctx.accountId, ctx.marketplaceId, item.sku ?? item.asin ?? item.ref, ctx.defaultProductId);
    const product = await pricedLine(ctx, offer.productId, item.quantityOrdered,
      { price: item.itemPrice, tax: item.itemTax }, { price: item.promotionDiscount, tax: item.promotionDiscountTax });
    lines.push({ ...product, name: itemDescription(item), amazon_item_ref: item.ref, amazon_offer_id: offer.id });
    const soldName = await productName(ctx, offer.productId);

    if (item.isGift && item.giftWrapPrice) {
      const wrapProduct = (item.giftWrapLevel && (await productByCode(ctx.env, item.giftWrapLevel, ctx.companyId))) || ctx.defaultProductId;
      const wrap = await pricedLine(ctx, wrapProduct, 1, { price: item.giftWrapPrice, tax: item.giftWrapTax }, { price: 0, tax: 0 });
      lines.push({ ...wrap, name: `Gift wrapping${item.giftWrapLevel ? ` (${item.giftWrapLevel})` : ''} for ${soldName}` });
    }
    if (item.isGift && item.giftMessage) {
      lines.push({ display_type: 'line_note', name: `Gift message:\n${item.giftMessage}`, product_uom_qty: 0 });
    }
    if (item.shippingPrice) {
      const shipping = await pricedLine(ctx, ctx.shippingProductId, 1,
        { price: item.shippingPrice, tax: item.shippingTax }, { price: item.shippingDiscount, tax: item.shippingDiscountTax });
      lines.push({ ...shipping, name: `${order.shipServiceLevel ?? 'Standard'} shipping for ${soldName}` });
    }
  }
  return lines;
}
