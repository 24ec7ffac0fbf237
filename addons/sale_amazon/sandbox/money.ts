/** Amounts as Amazon writes them: decimal strings with the currency's number of decimals. */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'CLP']);

export function decimals(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 0 : 2;
}

export function round(amount: number, currency: string): number {
  const f = 10 ** decimals(currency);
  return Math.round(amount * f) / f;
}

export function fmt(amount: number, currency: string): string {
  return round(amount, currency).toFixed(decimals(currency));
}
