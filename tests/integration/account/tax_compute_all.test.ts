import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';

async function tax(env: Environment, name: string, amount: number, extra: Record<string, unknown> = {}): Promise<number> {
  return (await env.model('account.tax').create({ name, amount, type_tax_use: 'sale', ...extra })).ids[0];
}

for (const engine of engines()) describe(`account.tax compute_all on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['account'] }); });
  afterAll(() => t.close());

  test('price-included taxes are extracted first, then excluded taxes apply on the base (USD)', () => t.rollback(async (env) => {
    const usd = await env.refId('base.USD');
    const incl = await tax(env, 'VAT 10% incl', 10, { price_include: true, sequence: 1 });
    const excl = await tax(env, 'Eco 5%', 5, { sequence: 2 });
    const result = await (env.model('account.tax').browse([incl, excl]) as any).compute_all(110, { currency_id: usd, quantity: 3 });
    expect(result).toMatchObject({ total_excluded: 300, total_included: 345, total_void: 345 });
    expect(result.taxes.map((x: any) => [x.id, x.amount, x.base])).toEqual([[incl, 30, 300], [excl, 15, 300]]);
    // Taxes booked on no account are "void": total_void counts them like the price.
    expect(result.taxes[0].account_id).toBe(false);
  }));

  test('two included taxes add up exactly to the price to the cent', () => t.rollback(async (env) => {
    const usd = await env.refId('base.USD');
    const a = await tax(env, 'A 10% incl', 10, { price_include: true, sequence: 1 });
    const b = await tax(env, 'B 5% incl', 5, { price_include: true, sequence: 2 });
    const result = await (env.model('account.tax').browse([a, b]) as any).compute_all(100, { currency_id: usd });
    expect(result.total_excluded).toBe(86.96);
    expect(result.taxes.map((x: any) => x.amount)).toEqual([8.7, 4.34]);
    expect(result.total_included).toBe(100);
    const single = await (env.model('account.tax').browse([a]) as any).compute_all(19.99, { currency_id: usd });
    expect([single.total_excluded, single.taxes[0].amount, single.total_included]).toEqual([18.17, 1.82, 19.99]);
  }));

  test('JPY rounds to the yen', () => t.rollback(async (env) => {
    const jpy = await env.refId('base.JPY');
    const incl = await tax(env, 'JP 10% incl', 10, { price_include: true, sequence: 1 });
    const excl = await tax(env, 'JP 8%', 8, { sequence: 2 });
    const result = await (env.model('account.tax').browse([incl, excl]) as any).compute_all(1000, { currency_id: jpy });
    expect(result).toMatchObject({ total_excluded: 909, total_included: 1073 });
    expect(result.taxes.map((x: any) => x.amount)).toEqual([91, 73]);
  }));

  test('fixed taxes count per unit; negative prices keep their sign; default currency is the company one', () => t.rollback(async (env) => {
    const fixed = await tax(env, 'Fixed 2', 2, { amount_type: 'fixed' });
    const pct = await tax(env, 'Pct 15', 15, { sequence: 5 });
    const taxes = env.model('account.tax').browse([fixed, pct]) as any;
    const result = await taxes.compute_all(10, { quantity: 3 });
    expect(result).toMatchObject({ total_excluded: 30, total_included: 40.5 });
    const refund = await taxes.compute_all(-10, { quantity: 3 });
    expect(refund).toMatchObject({ total_excluded: -30, total_included: -40.5 });
    expect(refund.taxes.map((x: any) => x.amount)).toEqual([-6, -4.5]);
  }));

  test('no taxes: totals are the rounded price', () => t.rollback(async (env) => {
    const result = await (env.model('account.tax') as any).compute_all(10.005, { quantity: 1 });
    expect(result).toEqual({ total_excluded: 10.01, total_included: 10.01, total_void: 10.01, taxes: [] });
  }));

  test('bad input is refused', () => t.rollback(async (env) => {
    await expect((env.model('account.tax') as any).compute_all('abc')).rejects.toThrow(/numeric unit price/);
  }));
});
