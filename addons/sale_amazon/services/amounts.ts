/**
 * Amazon gives amounts, not tax records. We keep the ERP's own product taxes and choose the net
 * price so that the gross (net + our taxes) equals what Amazon charged, to the cent. This is the
 * reference connector's "recompute subtotal" rule, made independent of the ORM so it can be tested.
 */
import { computeTaxes, type TaxSpec } from '../../account/tools/tax_compute';

export interface AmazonAmount {
  /** What Amazon reports for the line (tax-inclusive on tax-included marketplaces). */
  price: number;
  /** The tax part Amazon reports. */
  tax: number;
}

/** Amazon's gross for an amount: on tax-excluded marketplaces the tax comes on top of the price. */
export function grossOf(amount: AmazonAmount, taxIncluded: boolean): number {
  return roundCents(taxIncluded ? amount.price : amount.price + amount.tax);
}

/**
 * The subtotal to store on the line (before division by the quantity) so that the line's total
 * with `taxes` equals `gross`. Taxes that are price-included in the ERP stay in the subtotal.
 */
export function subtotalForGross(gross: number, taxes: TaxSpec[], rounding = 0.01): number {
  if (!taxes.length || gross === 0) return gross;
  const asIncluded = taxes.map((t) => ({ ...t, price_include: true }));
  const result = computeTaxes(asIncluded, gross, 1, rounding);
  let subtotal = result.total_excluded;
  for (const detail of result.taxes) if (taxes.find((t) => t.id === detail.id)?.price_include) subtotal += detail.amount;
  return roundCents(subtotal);
}

/** A discount expressed as the percentage Odoo lines carry (0 when there is nothing to discount). */
export function discountPercent(discountSubtotal: number, subtotal: number): number {
  if (!subtotal || !discountSubtotal) return 0;
  return (discountSubtotal / subtotal) * 100;
}

export function roundCents(value: number): number {
  return Math.round((value + Number.EPSILON * Math.sign(value)) * 100) / 100;
}
