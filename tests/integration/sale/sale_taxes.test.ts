import { createTestDatabase, engines, type TestDatabase } from '../../support/db';
import type { Environment } from '../../../addons/base/orm/environment';
import { lines, makePartner, makeProduct, makeTaxes } from './sale_factories';

/**
 * Three lines: a price-included tax, a price-excluded tax with a discount, and both taxes on
 * one line. Expected figures are worked out by hand (round half away from zero, per line).
 */
async function mixedOrder(env: Environment, pricelistId: number | false, prices: [number, number, number]): Promise<any> {
  const { included21, excluded10 } = await makeTaxes(env);
  const product = await makeProduct(env, 'Widget');
  return env.model<any>('sale.order').create({
    partner_id: await makePartner(env, 'Tax customer'),
    ...(pricelistId ? { pricelist_id: pricelistId } : {}),
    order_line: lines(
      { product_id: product, product_uom_qty: 3, price_unit: prices[0], tax_id: [[6, 0, [included21]]] },
      { product_id: product, product_uom_qty: 7, price_unit: prices[1], discount: 5, tax_id: [[6, 0, [excluded10]]] },
      { product_id: product, product_uom_qty: 1, price_unit: prices[2], tax_id: [[6, 0, [included21, excluded10]]] },
    ),
  });
}

async function lineAmounts(env: Environment, orderId: number): Promise<number[][]> {
  const rows = await env.model('sale.order.line').search_read([['order_id', '=', orderId]], ['price_subtotal', 'price_tax', 'price_total'], { order: 'id' });
  return rows.map((r) => [r.price_subtotal, r.price_tax, r.price_total]);
}

for (const engine of engines()) describe(`sale taxes on ${engine}`, () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase(engine, { addons: ['sale'] }); });
  afterAll(() => t.close());

  test('USD (0.01): price-included and excluded taxes on mixed lines, to the cent', () => t.rollback(async (env) => {
    const order = await mixedOrder(env, false, [100, 19.99, 50]);
    expect(await lineAmounts(env, order.ids[0])).toEqual([
      [247.93, 52.07, 300], // 300 / 1.21 = 247.933...
      [132.93, 13.29, 146.22], // 19.99 * 0.95 * 7 = 132.9335
      [41.32, 12.81, 54.13], // 50 / 1.21 = 41.32; 8.68 included + 4.13 excluded
    ]);
    expect(await order.fetchOne(['amount_untaxed', 'amount_tax', 'amount_total', 'currency_id'])).toMatchObject({
      amount_untaxed: 422.18, amount_tax: 78.17, amount_total: 500.35, currency_id: await env.refId('base.USD'),
    });
  }));

  test('JPY (1): the same taxes round to whole yen', () => t.rollback(async (env) => {
    const jpy = (await env.refId('base.JPY'))!;
    await env.model('res.currency').browse(jpy).write({ active: true });
    const pricelist = await env.model<any>('product.pricelist')._get_or_create_pricelist(jpy);
    const order = await mixedOrder(env, pricelist, [1234, 999, 550]);
    expect(await lineAmounts(env, order.ids[0])).toEqual([
      [3060, 642, 3702], // 3702 / 1.21 = 3059.50
      [6643, 664, 7307], // 999 * 0.95 * 7 = 6643.35; 664.3 tax
      [455, 141, 596], // 550 / 1.21 = 454.55; 95 included + 45.5 -> 46 excluded
    ]);
    expect(await order.fetchOne(['amount_untaxed', 'amount_tax', 'amount_total', 'currency_id'])).toMatchObject({
      amount_untaxed: 10158, amount_tax: 1447, amount_total: 11605, currency_id: jpy,
    });
    // Same currency, same pricelist: the helper does not multiply pricelists.
    expect(await env.model<any>('product.pricelist')._get_or_create_pricelist(jpy)).toBe(pricelist);
  }));

  test('an inactive currency gets no pricelist, with a message saying what to do', () => t.rollback(async (env) => {
    const chf = (await env.refId('base.CHF'))!;
    await expect(env.model<any>('product.pricelist')._get_or_create_pricelist(chf))
      .rejects.toThrow('The currency CHF is not active, so nothing can be sold in it: activate it in the currency settings first.');
  }));

  test('changing quantity, discount or taxes recomputes the line and the order', () => t.rollback(async (env) => {
    const order = await mixedOrder(env, false, [100, 19.99, 50]);
    const [first] = (await env.model('sale.order.line').search([['order_id', '=', order.ids[0]]], { order: 'id' })).ids;
    await env.model('sale.order.line').browse(first).write({ product_uom_qty: 1, tax_id: [[5]] });
    expect(await order.fetchOne(['amount_untaxed', 'amount_tax', 'amount_total'])).toMatchObject({
      amount_untaxed: 274.25, amount_tax: 26.10, amount_total: 300.35,
    });
  }));

  test('product taxes become line taxes, mapped by the fiscal position', () => t.rollback(async (env) => {
    const { included21, excluded10 } = await makeTaxes(env);
    const product = await makeProduct(env, 'Taxed', { list_price: 121 });
    const template = (await env.model('product.product').browse(product).fetchOne(['product_tmpl_id'])).product_tmpl_id;
    await env.model('product.template').browse(template).write({ taxes_id: [[6, 0, [included21]]] });
    const position = await env.model('account.fiscal.position').create({ name: 'Export', tax_ids: [[0, 0, { tax_src_id: included21, tax_dest_id: excluded10 }]] });
    const partner = await makePartner(env, 'Domestic');
    const domestic = await env.model<any>('sale.order').create({ partner_id: partner, order_line: lines({ product_id: product }) });
    const exported = await env.model<any>('sale.order').create({ partner_id: partner, fiscal_position_id: position.ids[0], order_line: lines({ product_id: product }) });
    const taxesOf = async (order: any) => (await env.model('sale.order.line').search_read([['order_id', '=', order.ids[0]]], ['tax_id']))[0].tax_id;
    expect(await taxesOf(domestic)).toEqual([included21]);
    expect(await taxesOf(exported)).toEqual([excluded10]);
    expect((await domestic.fetchOne(['amount_total'])).amount_total).toBe(121);
    expect((await exported.fetchOne(['amount_total'])).amount_total).toBe(133.1);
  }));
});
