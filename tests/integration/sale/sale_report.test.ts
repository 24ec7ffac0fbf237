import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';
import { lines, makePartner, makeProduct, makeUser } from './sale_factories';

async function order(env: Environment, vals: Record<string, unknown>, qty: number, price: number): Promise<number> {
  const product = await makeProduct(env, `P${price}`);
  const created = await env.model('sale.order').create({ ...vals, order_line: lines({ product_id: product, product_uom_qty: qty, price_unit: price }) });
  return created.ids[0];
}

for (const engine of engines()) describe(`sales analysis on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['sale'] }); });
  afterAll(() => t.close());

  test('read_group by team and by month, amounts in the company currency', () => t.rollback(async (env) => {
    const web = (await env.model('crm.team').create({ name: 'Web Shop' })).ids[0];
    const sales = (await env.refId('sales_team.team_sales_department'))!;
    const eur = (await env.refId('base.EUR'))!;
    await env.model('res.currency.rate').create({ currency_id: eur, name: '2026-01-01', rate: 0.8 });
    const eurPricelist = await env.model<any>('product.pricelist')._get_or_create_pricelist(eur);
    const partner = await makePartner(env, 'Reporter');
    await order(env, { partner_id: partner, team_id: sales, date_order: '2026-01-10 10:00:00' }, 2, 100);
    await order(env, { partner_id: partner, team_id: sales, date_order: '2026-02-03 09:00:00' }, 1, 50);
    await order(env, { partner_id: partner, team_id: web, date_order: '2026-02-20 12:00:00', pricelist_id: eurPricelist }, 4, 20);
    const domain = [['partner_id', '=', partner]];

    const byTeam = await env.model('sale.report').read_group(domain, ['price_subtotal:sum', 'product_uom_qty:sum'], ['team_id'], { orderby: 'team_id' });
    const teams = Object.fromEntries(byTeam.map((g) => [g.team_id[1], [g.price_subtotal, g.product_uom_qty, g.team_id_count]]));
    expect(teams).toEqual({ Sales: [250, 3, 2], 'Web Shop': [100, 4, 1] }); // 80 EUR at 0.8 = 100 USD

    const byMonth = await env.model('sale.report').read_group(domain, ['price_subtotal:sum'], ['date:month']);
    expect(byMonth.map((g) => [g['date:month'], g.price_subtotal, g.date_count])).toEqual([['January 2026', 200, 1], ['February 2026', 150, 2]]);

    const byTeamAndMonth = await env.model('sale.report').read_group(domain, ['price_total:sum'], ['team_id', 'date:month'], { lazy: false });
    expect(byTeamAndMonth).toHaveLength(3);
  }));

  test('the analysis groups by salesperson, product, customer and company, and follows the record rules', () => t.rollback(async (env) => {
    const seller = await makeUser(env, 'report_seller', ['sales_team.group_sale_salesman']);
    const partner = await makePartner(env, 'Customer R');
    await order(env, { partner_id: partner, user_id: seller }, 1, 10);
    await order(env, { partner_id: partner }, 1, 30);
    const domain = [['partner_id', '=', partner]];
    for (const groupby of ['user_id', 'product_id', 'partner_id', 'company_id']) {
      const groups = await env.model('sale.report').read_group(domain, ['price_subtotal:sum'], [groupby]);
      expect(groups.reduce((sum, g) => sum + g.price_subtotal, 0)).toBe(40);
    }
    const seen = await env.withUser(seller).model('sale.report').read_group(domain, ['price_subtotal:sum'], ['user_id']);
    expect(seen.map((g) => [g.user_id[0], g.price_subtotal])).toEqual([[seller, 10]]);
  }));

  test('the view is rebuilt from the SELECT pieces extensions can extend', () => t.rollback(async (env) => {
    const report = env.model<any>('sale.report');
    const original = report._select_additional_fields;
    report._select_additional_fields = () => ({ origin: 's.origin' });
    try {
      await report.init();
      const { rows } = await env.cr.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'sale_report' AND column_name = 'origin'");
      expect(rows).toHaveLength(1);
    } finally {
      report._select_additional_fields = original;
    }
  }));
});
