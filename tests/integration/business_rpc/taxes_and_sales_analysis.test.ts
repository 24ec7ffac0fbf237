import { engines } from '../../support/db';
import type { RpcClient } from '../../support/server';
import { lines, startBusinessServer, unique, type BusinessServer } from './rpc_helpers';

/**
 * Taxes over RPC through sales orders and their invoices: a price-included and a price-excluded
 * tax on mixed lines, in USD (cents) and JPY (whole yen), fiscal positions, then the sales
 * analysis of those orders in the company currency.
 */
for (const engine of engines()) describe(`taxes and sales analysis over RPC on ${engine}`, () => {
  let b: BusinessServer;
  let seller: { uid: number; client: RpcClient };
  let biller: RpcClient;
  let taxes: { included21: number; excluded10: number };
  let jpy: { currency: number; pricelist: number };
  let team: number;

  beforeAll(async () => {
    b = await startBusinessServer(engine);
    seller = await b.user('tax_seller', ['sales_team.group_sale_salesman']);
    biller = (await b.user('tax_biller', ['account.group_account_invoice'])).client;
    taxes = await makeTaxes();
    jpy = await activateYen();
    team = await b.admin.callKw('crm.team', 'create', [{ name: 'Web Shop' }]);
  }, 120_000);
  afterAll(() => b?.server.close());

  /** The accounting administrator's taxes, booked on the company's default sales tax account. */
  async function makeTaxes() {
    const [company] = await b.admin.callKw('res.company', 'read', [[await b.ref('base.main_company')], ['account_sale_tax_id']]);
    const [defaultTax] = await b.admin.callKw('account.tax', 'read', [[company.account_sale_tax_id[0]], ['account_id']]);
    const account = defaultTax.account_id[0];
    const included21 = await b.admin.callKw('account.tax', 'create', [{ name: 'VAT 21% incl.', amount: 21, price_include: true, sequence: 1, account_id: account }]);
    const excluded10 = await b.admin.callKw('account.tax', 'create', [{ name: 'Levy 10%', amount: 10, price_include: false, sequence: 2, account_id: account }]);
    return { included21, excluded10 };
  }

  /** JPY active, 100 yen to the dollar, and a yen pricelist. */
  async function activateYen() {
    const currency = await b.ref('base.JPY');
    await b.admin.callKw('res.currency', 'write', [[currency], { active: true }]);
    await b.admin.callKw('res.currency.rate', 'create', [{ currency_id: currency, name: '2020-01-01', rate: 100 }]);
    const pricelist = await b.admin.callKw('product.pricelist', 'create', [{ name: 'Yen', currency_id: currency }]);
    return { currency, pricelist };
  }

  /** Three lines: included tax; excluded tax with 5% discount; both taxes. */
  async function mixedOrder(partner: number, prices: [number, number, number], extra: Record<string, unknown> = {}): Promise<number> {
    const product = await b.admin.callKw('product.product', 'create', [{ name: unique('Widget'), type: 'service' }]);
    return seller.client.callKw('sale.order', 'create', [{
      partner_id: partner, team_id: team, ...extra,
      order_line: lines(
        { product_id: product, product_uom_qty: 3, price_unit: prices[0], tax_id: [[6, 0, [taxes.included21]]] },
        { product_id: product, product_uom_qty: 7, price_unit: prices[1], discount: 5, tax_id: [[6, 0, [taxes.excluded10]]] },
        { product_id: product, product_uom_qty: 1, price_unit: prices[2], tax_id: [[6, 0, [taxes.included21, taxes.excluded10]]] },
      ),
    }]);
  }

  const lineAmounts = async (order: number) => (await seller.client.callKw('sale.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['price_subtotal', 'price_tax', 'price_total'], order: 'id' }))
    .map((r: any) => [r.price_subtotal, r.price_tax, r.price_total]);
  const totals = ['amount_untaxed', 'amount_tax', 'amount_total'];

  /** Confirms, invoices (salesperson) and posts (billing user); returns the invoice's totals and currency. */
  async function invoiceOf(order: number): Promise<Record<string, unknown>> {
    await seller.client.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_confirm', args: [[order]], kwargs: {} });
    const context = { active_model: 'sale.order', active_ids: [order] };
    const wizard = await seller.client.callKw('sale.advance.payment.inv', 'create', [{}], { context });
    const action = await seller.client.call('/web/dataset/call_button', { model: 'sale.advance.payment.inv', method: 'create_invoices', args: [[wizard]], kwargs: { context } });
    await biller.call('/web/dataset/call_button', { model: 'account.move', method: 'action_post', args: [[action.res_id]], kwargs: {} });
    const [invoice] = await biller.callKw('account.move', 'read', [[action.res_id], [...totals, 'currency_id', 'state', 'fiscal_position_id']]);
    return invoice;
  }

  test('USD: price-included and excluded taxes on mixed lines, to the cent, on the order and its invoice', async () => {
    const partner = await seller.client.callKw('res.partner', 'create', [{ name: unique('Tax customer') }]);
    const order = await mixedOrder(partner, [100, 19.99, 50]);
    expect(await lineAmounts(order)).toEqual([
      [247.93, 52.07, 300], // 300 / 1.21 = 247.933...
      [132.93, 13.29, 146.22], // 19.99 * 0.95 * 7 = 132.9335
      [41.32, 12.81, 54.13], // 50 / 1.21 = 41.32; 8.68 included + 4.13 excluded
    ]);
    const [header] = await seller.client.callKw('sale.order', 'read', [[order], [...totals, 'currency_id']]);
    expect(header).toMatchObject({ amount_untaxed: 422.18, amount_tax: 78.17, amount_total: 500.35, currency_id: [await b.ref('base.USD'), 'USD'] });
    expect(await invoiceOf(order)).toMatchObject({ state: 'posted', amount_untaxed: 422.18, amount_tax: 78.17, amount_total: 500.35, currency_id: [await b.ref('base.USD'), 'USD'] });
  });

  test('JPY: the same taxes round to whole yen, on the order and its invoice', async () => {
    const partner = await seller.client.callKw('res.partner', 'create', [{ name: unique('Yen customer') }]);
    const order = await mixedOrder(partner, [1234, 999, 550], { pricelist_id: jpy.pricelist });
    expect(await lineAmounts(order)).toEqual([
      [3060, 642, 3702], // 3702 / 1.21 = 3059.50
      [6643, 664, 7307], // 999 * 0.95 * 7 = 6643.35; 664.3 tax
      [455, 141, 596], // 550 / 1.21 = 454.55; 95 included + 45.5 -> 46 excluded
    ]);
    const [header] = await seller.client.callKw('sale.order', 'read', [[order], [...totals, 'currency_id']]);
    expect(header).toMatchObject({ amount_untaxed: 10158, amount_tax: 1447, amount_total: 11605, currency_id: [jpy.currency, 'JPY'] });
    expect(await invoiceOf(order)).toMatchObject({ amount_untaxed: 10158, amount_tax: 1447, amount_total: 11605, currency_id: [jpy.currency, 'JPY'] });
  });

  test('a fiscal position detected from the customer country maps the product taxes on the order and the invoice', async () => {
    const germany = await b.ref('base.de');
    const position = await b.admin.callKw('account.fiscal.position', 'create', [{
      name: 'Export Germany', auto_apply: true, country_id: germany, tax_ids: lines({ tax_src_id: taxes.included21, tax_dest_id: taxes.excluded10 }),
    }]);
    const template = await b.admin.callKw('product.template', 'create', [{ name: unique('Taxed gadget'), type: 'service', list_price: 121, taxes_id: [[6, 0, [taxes.included21]]] }]);
    const [product] = await b.admin.callKw('product.product', 'search', [[['product_tmpl_id', '=', template]]]);
    const domestic = await seller.client.callKw('res.partner', 'create', [{ name: unique('Domestic') }]);
    const exporter = await seller.client.callKw('res.partner', 'create', [{ name: unique('Berlin buyer'), country_id: germany }]);
    const orderFor = (partner: number) => seller.client.callKw('sale.order', 'create', [{ partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: 1 }) }]);
    const home = await orderFor(domestic);
    const abroad = await orderFor(exporter);
    const read = async (order: number) => {
      const [o] = await seller.client.callKw('sale.order', 'read', [[order], ['fiscal_position_id', 'amount_total']]);
      const [l] = await seller.client.callKw('sale.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['tax_id', 'price_unit'] });
      return [o.fiscal_position_id && o.fiscal_position_id[0], l.tax_id, l.price_unit, o.amount_total];
    };
    expect(await read(home)).toEqual([false, [taxes.included21], 121, 121]);
    expect(await read(abroad)).toEqual([position, [taxes.excluded10], 121, 133.1]);
    const invoice = await invoiceOf(abroad);
    expect(invoice).toMatchObject({ amount_untaxed: 121, amount_tax: 12.1, amount_total: 133.1, fiscal_position_id: [position, 'Export Germany'] });
  });

  test('customer taxes and the invoicing policy set on a product variant go to its template and to order lines', async () => {
    const product = await b.admin.callKw('product.product', 'create', [{ name: unique('Variant-taxed'), list_price: 121, taxes_id: [[6, 0, [taxes.included21]]], invoice_policy: 'delivery' }]);
    const [variant] = await b.admin.callKw('product.product', 'read', [[product], ['taxes_id', 'invoice_policy', 'product_tmpl_id']]);
    expect(variant).toMatchObject({ taxes_id: [taxes.included21], invoice_policy: 'delivery' });
    const [template] = await b.admin.callKw('product.template', 'read', [[variant.product_tmpl_id[0]], ['taxes_id', 'invoice_policy']]);
    expect(template).toMatchObject({ taxes_id: [taxes.included21], invoice_policy: 'delivery' });
    await b.admin.callKw('product.product', 'write', [[product], { taxes_id: [[6, 0, [taxes.excluded10]]], invoice_policy: 'order' }]);
    expect((await b.admin.callKw('product.template', 'read', [[variant.product_tmpl_id[0]], ['taxes_id', 'invoice_policy']]))[0]).toMatchObject({ taxes_id: [taxes.excluded10], invoice_policy: 'order' });
    expect(await b.admin.callKw('product.product', 'search', [[['taxes_id', 'in', [taxes.excluded10]], ['id', '=', product]]])).toEqual([product]);

    const partner = await seller.client.callKw('res.partner', 'create', [{ name: unique('Variant buyer') }]);
    const order = await seller.client.callKw('sale.order', 'create', [{ partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: 1 }) }]);
    const [line] = await seller.client.callKw('sale.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['tax_id', 'price_total'] });
    expect(line).toMatchObject({ tax_id: [taxes.excluded10], price_total: 133.1 });
  });

  test('the sales analysis groups by team, salesperson, product, customer, date and company, in the company currency', async () => {
    const customer = await seller.client.callKw('res.partner', 'create', [{ name: unique('Analysed') }]);
    const usd = await mixedOrder(customer, [100, 19.99, 50]);
    const yen = await mixedOrder(customer, [1234, 999, 550], { pricelist_id: jpy.pricelist });
    // One more order of the customer, by another salesperson: the salesperson does not see it.
    const other = await b.admin.callKw('sale.order', 'create', [{ partner_id: customer, team_id: await b.ref('sales_team.team_sales_department'), order_line: lines({ product_id: await b.admin.callKw('product.product', 'create', [{ name: unique('Extra'), type: 'service' }]), price_unit: 10, tax_id: [[6, 0, []]] }) }]);
    for (const order of [usd, yen]) await seller.client.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_confirm', args: [[order]], kwargs: {} });
    await b.admin.call('/web/dataset/call_button', { model: 'sale.order', method: 'action_confirm', args: [[other]], kwargs: {} });
    const domain = [['partner_id', '=', customer]];
    const sum = (groups: any[]) => Math.round(groups.reduce((total, g) => total + g.price_subtotal, 0) * 100) / 100;

    // 422.18 USD + 10158 JPY at 100 JPY per USD (101.58) + 10
    const company = await b.ref('base.main_company');
    const byCompany = await b.admin.callKw('sale.report', 'read_group', [domain, ['price_subtotal:sum'], ['company_id']]);
    expect(byCompany.map((g: any) => [g.company_id[0], Math.round(g.price_subtotal * 100) / 100])).toEqual([[company, 533.76]]);
    const [{ currency_id: currency }] = await b.admin.callKw('sale.report', 'search_read', [domain, ['currency_id']], { limit: 1 });
    expect(currency[1]).toBe('USD');

    const byTeam = await b.admin.callKw('sale.report', 'read_group', [domain, ['price_subtotal:sum'], ['team_id']]);
    expect(byTeam.map((g: any) => [g.team_id[1], Math.round(g.price_subtotal * 100) / 100, g.team_id_count]).sort())
      .toEqual([['Sales', 10, 1], ['Web Shop', 523.76, 6]]);
    const bySeller = await b.admin.callKw('sale.report', 'read_group', [domain, ['price_subtotal:sum'], ['user_id']]);
    expect(Object.fromEntries(bySeller.map((g: any) => [g.user_id[0], Math.round(g.price_subtotal * 100) / 100]))).toEqual({ [seller.uid]: 523.76, 2: 10 });
    for (const groupby of ['product_id', 'partner_id', 'date:month', 'date:day']) {
      expect(sum(await b.admin.callKw('sale.report', 'read_group', [domain, ['price_subtotal:sum'], [groupby]]))).toBe(533.76);
    }
    const byProduct = await b.admin.callKw('sale.report', 'read_group', [domain, ['product_uom_qty:sum'], ['product_id']]);
    expect(byProduct.map((g: any) => g.product_uom_qty).sort((x: number, y: number) => x - y)).toEqual([1, 11, 11]);

    // The salesperson's own analysis holds only their orders.
    const mine = await seller.client.callKw('sale.report', 'read_group', [domain, ['price_subtotal:sum'], ['user_id']]);
    expect(mine.map((g: any) => [g.user_id[0], Math.round(g.price_subtotal * 100) / 100])).toEqual([[seller.uid, 523.76]]);
  });
});
