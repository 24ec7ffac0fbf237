import { roundTo } from '../../base/models/res_currency';

/** What compute_all needs to know about one tax (already sorted by sequence). */
export interface TaxSpec {
  id: number;
  name: string;
  amount_type: 'percent' | 'fixed';
  amount: number;
  price_include: boolean;
  account_id: number | false;
}

export interface TaxDetail {
  id: number;
  name: string;
  amount: number;
  base: number;
  account_id: number | false;
  price_include: boolean;
}

export interface TaxResult {
  total_excluded: number;
  total_included: number;
  total_void: number;
  taxes: TaxDetail[];
}

/**
 * Odoo's account.tax compute_all (tax rounding per line): price-included taxes are first taken
 * out of the price, then every tax is computed on the tax-excluded base in sequence order. The
 * last included tax absorbs the rounding so that included taxes add up exactly to the price.
 */
export function computeTaxes(taxes: TaxSpec[], priceUnit: number, quantity: number, rounding: number): TaxResult {
  const round = (value: number) => roundTo(value, rounding);
  let base = round(priceUnit * quantity);
  // Work on a positive base and put the sign back at the end, as Odoo does for refunds.
  const sign = base < 0 ? -1 : 1;
  base = Math.abs(base);

  // 1. Where included taxes stop: the price holds the base plus all of them.
  const checkpoints = new Map<number, number>();
  let includedFixed = 0;
  let includedPercent = 0;
  let storeCheckpoint = true;
  for (let i = taxes.length - 1; i >= 0; i--) {
    const tax = taxes[i];
    if (!tax.price_include) continue;
    if (tax.amount_type === 'percent') includedPercent += tax.amount;
    else includedFixed += Math.abs(quantity) * tax.amount;
    if (storeCheckpoint) {
      checkpoints.set(i, base);
      storeCheckpoint = false;
    }
  }
  const totalExcluded = round((base - includedFixed) / (1 + includedPercent / 100));

  // 2. Every tax on the excluded base; the included checkpoint tax takes what is left.
  let totalIncluded = totalExcluded;
  let totalVoid = totalExcluded;
  let cumulatedIncluded = 0;
  const details: TaxDetail[] = [];
  taxes.forEach((tax, i) => {
    let amount: number;
    const checkpoint = checkpoints.get(i);
    if (tax.price_include && checkpoint !== undefined) {
      amount = checkpoint - (totalExcluded + cumulatedIncluded);
      cumulatedIncluded = 0;
    } else {
      amount = tax.amount_type === 'percent' ? (totalExcluded * tax.amount) / 100 : Math.abs(quantity) * tax.amount;
    }
    amount = round(amount);
    if (tax.price_include && checkpoint === undefined) cumulatedIncluded += amount;
    details.push({ id: tax.id, name: tax.name, amount: sign * amount, base: round(sign * totalExcluded), account_id: tax.account_id, price_include: tax.price_include });
    totalIncluded += amount;
    if (!tax.account_id) totalVoid += amount;
  });
  return {
    total_excluded: sign * totalExcluded,
    total_included: sign * round(totalIncluded),
    total_void: sign * round(totalVoid),
    taxes: details,
  };
}
