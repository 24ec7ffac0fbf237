/**
 * The sales order lines of Amazon orders: per item a product line (promotion as a discount), a
 * gift-wrap line and the gift message as a note, and a shipping line. Prices are chosen so that
 * each line's total with our taxes equals what Amazon charged (see amounts.ts).
 *
 * A page of orders is priced together: its offers, products and taxes are read once (a query per
 * kind), then each order's lines are plain computation.
 */
import type { Environment } from '../../base/orm/environment';
import type { Vals } from '../../base/orm/values';
import type { TaxSpec } from '../../account/tools/tax_compute';
import type { AmazonOrder, AmazonOrderItem } from '../sp_api/types';
import { discountPercent, grossOf, subtotalForGross } from './amounts';
import { findOrCreateOffers, productsByCode, type OfferRef } from './offers';

/** Where one order is sold: what its lines' prices and taxes depend on. */
export interface OrderPricing {
  marketplaceId: number;
  taxIncluded: boolean;
  fiscalPositionId: number | false;
  /**
   * FBA: Amazon has shipped the goods. Their lines start delivered, as the done moves recorded
   * with the order (fba_moves.ts) say, instead of being rewritten once the moves are done.
   */
  shippedByAmazon: boolean;
}

export interface PageLineContext {
  env: Environment;
  accountId: number;
  companyId: number;
  defaultProductId: number;
  shippingProductId: number;
}

interface ProductFacts {
  name: string;
  uomId: number | false;
  /** Goods ('consu') leave the stock; services do not. */
  type: string;
  /** The product's own taxes of the company, before any fiscal position. */
  taxIds: number[];
}

/** What pricing the page's lines needs, read once. */
interface PageFacts {
  offers: Map<string, OfferRef>;
  wrapProducts: Map<string, number>;
  products: Map<number, ProductFacts>;
  /** Mapped tax specs by "fiscal position/product". */
  taxes: Map<string, TaxSpec[]>;
}

function skuOf(item: AmazonOrderItem): string {
  return item.sku ?? item.asin ?? item.ref;
}

/** Name, unit and own-company taxes of the products. */
async function productFacts(ctx: PageLineContext, productIds: number[]): Promise<Map<number, ProductFacts>> {
  const products = ctx.env.model('product.product').sudo().withContext({ active_test: false });
  const hasTaxes = products._meta.fields.has('taxes_id');
  const rows = await products.browse(productIds).fetch(['name', 'uom_id', 'type', ...(hasTaxes ? ['taxes_id'] : [])]);
  const allTaxes = [...new Set(rows.flatMap((r) => (r.taxes_id ?? []) as number[]))];
  const own = new Set<number>();
  if (allTaxes.length) {
    const { rows: taxes } = await ctx.env.cr.query<{ id: number }>('SELECT id FROM account_tax WHERE id = ANY($1::int[]) AND company_id = $2', [allTaxes, ctx.companyId]);
    for (const tax of taxes) own.add(tax.id);
  }
  return new Map(rows.map((r) => [r.id as number, {
    name: r.name ?? '', uomId: r.uom_id || false, type: r.type ?? 'consu', taxIds: ((r.taxes_id ?? []) as number[]).filter((id) => own.has(id)),
  }]));
}

/** The tax specs of each (fiscal position, product) pair the page uses, mapped through the position. */
async function mappedTaxes(ctx: PageLineContext, pairs: Array<[number | false, number]>, products: Map<number, ProductFacts>): Promise<Map<string, TaxSpec[]>> {
  const positions = ctx.env.model('account.fiscal.position').sudo() as any;
  const mapped = new Map<string, number[]>();
  const byTaxSet = new Map<string, number[]>();
  for (const [positionId, productId] of pairs) {
    const key = `${positionId}/${productId}`;
    if (mapped.has(key)) continue;
    let taxIds = products.get(productId)?.taxIds ?? [];
    if (positionId && taxIds.length) {
      const setKey = `${positionId}/${taxIds.join(',')}`;
      if (!byTaxSet.has(setKey)) byTaxSet.set(setKey, (await positions.browse([positionId]).map_tax(taxIds)).ids);
      taxIds = byTaxSet.get(setKey)!;
    }
    mapped.set(key, taxIds);
  }
  const allIds = [...new Set([...mapped.values()].flat())];
  const specs = new Map<number, TaxSpec & { sequence: number }>();
  if (allIds.length) {
    const { rows } = await ctx.env.cr.query<TaxSpec & { sequence: number }>(
      'SELECT id, name, amount_type, amount::float AS amount, price_include, account_id, sequence FROM account_tax WHERE id = ANY($1::int[])', [allIds]);
    for (const r of rows) specs.set(r.id, { ...r, account_id: r.account_id ?? false });
  }
  const bySequence = (a: TaxSpec & { sequence: number }, b: TaxSpec & { sequence: number }) => a.sequence - b.sequence || a.id - b.id;
  return new Map([...mapped].map(([key, ids]) => [key, [...new Set(ids)].map((id) => specs.get(id)).filter((t): t is TaxSpec & { sequence: number } => !!t).sort(bySequence)]));
}

async function pageFacts(ctx: PageLineContext, orders: AmazonOrder[], pricing: OrderPricing[]): Promise<PageFacts> {
  const sightings = orders.flatMap((order, i) => order.items.map((item) => ({ sku: skuOf(item), marketplaceId: pricing[i].marketplaceId })));
  const offers = await findOrCreateOffers(ctx.env, ctx.accountId, ctx.companyId, sightings, ctx.defaultProductId);
  const wrapCodes = orders.flatMap((o) => o.items.filter((i) => i.isGift && i.giftWrapPrice && i.giftWrapLevel).map((i) => i.giftWrapLevel!));
  const wrapProducts = await productsByCode(ctx.env, wrapCodes, ctx.companyId);
  const pairs: Array<[number | false, number]> = [];
  orders.forEach((order, i) => {
    const position = pricing[i].fiscalPositionId;
    for (const item of order.items) {
      pairs.push([position, offers.get(skuOf(item))!.productId]);
      if (item.isGift && item.giftWrapPrice) pairs.push([position, (item.giftWrapLevel && wrapProducts.get(item.giftWrapLevel)) || ctx.defaultProductId]);
    }
    if (order.items.some((item) => item.shippingPrice)) pairs.push([position, ctx.shippingProductId]);
  });
  const products = await productFacts(ctx, [...new Set(pairs.map(([, productId]) => productId))]);
  return { offers, wrapProducts, products, taxes: await mappedTaxes(ctx, pairs, products) };
}

/** A priced line: net price per unit, discount percentage, and the unit and taxes set explicitly. */
function pricedLine(facts: PageFacts, pricing: OrderPricing, productId: number, quantity: number,
  amount: { price: number; tax: number }, discount: { price: number; tax: number }): Vals {
  const taxes = facts.taxes.get(`${pricing.fiscalPositionId}/${productId}`) ?? [];
  const subtotal = subtotalForGross(grossOf(amount, pricing.taxIncluded), taxes);
  const discountSubtotal = subtotalForGross(grossOf(discount, pricing.taxIncluded), taxes);
  const uomId = facts.products.get(productId)?.uomId;
  const delivered = pricing.shippedByAmazon && quantity > 0 && facts.products.get(productId)?.type !== 'service';
  return {
    product_id: productId,
    product_uom_qty: quantity,
    ...(delivered ? { qty_delivered: quantity } : {}),
    ...(uomId ? { product_uom: uomId } : {}),
    price_unit: quantity ? subtotal / quantity : 0,
    discount: discountPercent(discountSubtotal, subtotal),
    tax_id: [[6, 0, taxes.map((t) => t.id)]],
  };
}

function itemDescription(item: AmazonOrderItem): string {
  const sku = item.sku ? `[${item.sku}] ` : '';
  return `${sku}${item.title ?? item.asin ?? 'Amazon item'}`;
}

function linesOf(ctx: PageLineContext, facts: PageFacts, order: AmazonOrder, pricing: OrderPricing): Vals[] {
  const lines: Vals[] = [];
  for (const item of order.items) {
    const offer = facts.offers.get(skuOf(item))!;
    const product = pricedLine(facts, pricing, offer.productId, item.quantityOrdered,
      { price: item.itemPrice, tax: item.itemTax }, { price: item.promotionDiscount, tax: item.promotionDiscountTax });
    lines.push({ ...product, name: itemDescription(item), amazon_item_ref: item.ref, amazon_offer_id: offer.id });
    const soldName = facts.products.get(offer.productId)?.name ?? '';

    if (item.isGift && item.giftWrapPrice) {
      const wrapProduct = (item.giftWrapLevel && facts.wrapProducts.get(item.giftWrapLevel)) || ctx.defaultProductId;
      const wrap = pricedLine(facts, pricing, wrapProduct, 1, { price: item.giftWrapPrice, tax: item.giftWrapTax }, { price: 0, tax: 0 });
      lines.push({ ...wrap, name: `Gift wrapping${item.giftWrapLevel ? ` (${item.giftWrapLevel})` : ''} for ${soldName}` });
    }
    if (item.isGift && item.giftMessage) {
      lines.push({ display_type: 'line_note', name: `Gift message:\n${item.giftMessage}`, product_uom_qty: 0 });
    }
    if (item.shippingPrice) {
      const shipping = pricedLine(facts, pricing, ctx.shippingProductId, 1,
        { price: item.shippingPrice, tax: item.shippingTax }, { price: item.shippingDiscount, tax: item.shippingDiscountTax });
      lines.push({ ...shipping, name: `${order.shipServiceLevel ?? 'Standard'} shipping for ${soldName}` });
    }
  }
  return lines;
}

/** The line values of each order (in the order given), offers created where a SKU is new. */
export async function orderLineValues(ctx: PageLineContext, orders: AmazonOrder[], pricing: OrderPricing[]): Promise<Vals[][]> {
  const facts = await pageFacts(ctx, orders, pricing);
  return orders.map((order, i) => linesOf(ctx, facts, order, pricing[i]));
}
