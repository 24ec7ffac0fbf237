import fc from 'fast-check';
import { computeTaxes, type TaxSpec } from '../../../addons/account/tools/tax_compute';
import { discountPercent, grossOf, roundCents, subtotalForGross } from '../../../addons/sale_amazon/services/amounts';
import { retryDelayMs } from '../../../addons/sale_amazon/services/order_import';

const tax = (id: number, amount: number, priceInclude = false): TaxSpec => ({ id, name: `${amount}%`, amount_type: 'percent', amount, price_include: priceInclude, account_id: false });

/** The total our sale line would show: net (after discount) plus our taxes. */
function lineTotal(subtotal: number, discount: number, taxes: TaxSpec[], quantity = 1): number {
  const net = (subtotal / quantity) * (1 - discount / 100);
  return computeTaxes(taxes, net, quantity, 0.01).total_included;
}

describe('Amazon amounts', () => {
  test('gross is the price on tax-included marketplaces and price + tax elsewhere', () => {
    expect(grossOf({ price: 119, tax: 19 }, true)).toBe(119);
    expect(grossOf({ price: 100, tax: 8.25 }, false)).toBe(108.25);
  });

  test('a 20% excluded tax with Amazon 100 + 20 gives a net of 100', () => {
    expect(subtotalForGross(120, [tax(1, 20)])).toBe(100);
  });

  test('when our tax differs from Amazon’s the gross still matches (10% on 120 → 109.09 + 10.91)', () => {
    const subtotal = subtotalForGross(120, [tax(1, 10)]);
    expect(subtotal).toBe(109.09);
    expect(lineTotal(subtotal, 0, [tax(1, 10)])).toBe(120);
  });

  test('price-included taxes stay in the subtotal', () => {
    expect(subtotalForGross(119, [tax(1, 19, true)])).toBe(119);
    expect(lineTotal(119, 0, [tax(1, 19, true)])).toBe(119);
  });

  test('without taxes the subtotal is the gross', () => {
    expect(subtotalForGross(33.33, [])).toBe(33.33);
  });

  test('discount percentage is 0 when there is nothing to discount', () => {
    expect(discountPercent(0, 50)).toBe(0);
    expect(discountPercent(5, 0)).toBe(0);
    expect(discountPercent(5, 50)).toBeCloseTo(10, 10);
  });

  test('any Amazon amount and quantity give back Amazon’s gross to the cent (no tax, 20% excluded)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 100000 }), fc.integer({ min: 1, max: 9 }), fc.constantFrom<TaxSpec[]>([], [tax(1, 20)], [tax(2, 19, true)]),
      (cents, quantity, taxes) => {
        const gross = cents / 100;
        const subtotal = subtotalForGross(gross, taxes);
        // A 20% excluded tax cannot reproduce every gross (e.g. 0.01); the line is then off by at most a cent.
        const centsOff = Math.round(Math.abs(roundCents(lineTotal(subtotal, 0, taxes, quantity)) - gross) * 100);
        expect(centsOff).toBeLessThanOrEqual(taxes.length && !taxes[0].price_include ? 1 : 0);
      }));
  });

  test('retries back off exponentially and never wait more than a day', () => {
    expect(retryDelayMs(1)).toBe(5 * 60_000);
    expect(retryDelayMs(2)).toBe(10 * 60_000);
    expect(retryDelayMs(30)).toBe(24 * 3600_000);
  });
});
