import currencyCodes from 'currency-codes';
import type { Environment } from '../orm/environment';

const SYMBOLS: Record<string, string> = {
  USD: '$', EUR: '€', GBP: '£', JPY: '¥', CAD: '$', AUD: '$', INR: '₹', CNY: '¥', BRL: 'R$', MXN: '$', SEK: 'kr',
  PLN: 'zł', TRY: '₺', AED: 'د.إ', SAR: '﷼', EGP: 'E£', SGD: '$', CHF: 'CHF', NOK: 'kr', DKK: 'kr',
};
const BEFORE = new Set(['USD', 'GBP', 'JPY', 'CAD', 'AUD', 'INR', 'CNY', 'BRL', 'MXN', 'SGD']);
const ACTIVE = new Set(['USD', 'EUR']);

/** ISO 4217 currencies from the maintained currency-codes package; external ids base.<CODE>. */
export async function load(env: Environment): Promise<void> {
  const { rows } = await env.cr.query<{ name: string }>('SELECT name FROM res_currency');
  const existing = new Set(rows.map((r) => r.name));
  for (const currency of currencyCodes.data) {
    if (existing.has(currency.code) || !/^[A-Z]{3}$/.test(currency.code) || currency.code.startsWith('X')) continue;
    const digits = Number.isInteger(currency.digits) ? currency.digits : 2;
    const { rows: inserted } = await env.cr.query<{ id: number }>(
      `INSERT INTO res_currency (name, full_name, symbol, rounding, decimal_places, position, active, create_date, write_date)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now()) RETURNING id`,
      [currency.code, currency.currency, SYMBOLS[currency.code] ?? currency.code, 10 ** -digits, digits,
        BEFORE.has(currency.code) ? 'before' : 'after', ACTIVE.has(currency.code)]);
    await env.cr.query(
      `INSERT INTO ir_model_data (module, name, model, res_id, noupdate) VALUES ('base', $1, 'res.currency', $2, true)
       ON CONFLICT (module, name) DO NOTHING`, [currency.code, inserted[0].id]);
  }
}
