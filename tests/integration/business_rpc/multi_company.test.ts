import { engines } from '../../support/db';
import type { RpcClient } from '../../support/server';
import { lines, refused, startBusinessServer, unique, type BusinessServer } from './rpc_helpers';

interface Documents { order: number; picking: number; invoice: number; payment: number }

/**
 * Two companies on one database, over RPC: each company's managers run the whole flow (order,
 * delivery, invoice, payment) in their company and see none of the other company's documents.
 */
for (const engine of engines()) describe(`multi-company over RPC on ${engine}`, () => {
  let b: BusinessServer;
  let companyA: number;
  let companyB: number;
  let managerA: RpcClient;
  let managerB: RpcClient;
  const managerGroups = ['sales_team.group_sale_manager', 'stock.group_stock_manager', 'account.group_account_manager'];

  beforeAll(async () => {
    b = await startBusinessServer(engine);
    companyA = await b.ref('base.main_company');
    companyB = await b.admin.callKw('res.company', 'create', [{ name: 'Second Company RPC' }]);
    managerA = (await b.user('mc_manager_a', managerGroups, [companyA])).client;
    managerB = (await b.user('mc_manager_b', managerGroups, [companyB])).client;
  }, 120_000);
  afterAll(() => b?.server.close());

  const button = (client: RpcClient, model: string, method: string, ids: number[], kwargs: Record<string, unknown> = {}) =>
    client.call('/web/dataset/call_button', { model, method, args: [ids], kwargs });

  /** Sell 2 storable units, deliver them, invoice and collect: all as this company's manager. */
  async function fullFlow(client: RpcClient): Promise<Documents> {
    const product = await client.callKw('product.product', 'create', [{ name: unique('Chair'), is_storable: true, list_price: 40 }]);
    const [warehouse] = await client.callKw('stock.warehouse', 'search_read', [[]], { fields: ['lot_stock_id'] });
    const quant = await client.callKw('stock.quant', 'create', [{ product_id: product, location_id: warehouse.lot_stock_id[0], inventory_quantity: 2 }]);
    await button(client, 'stock.quant', 'action_apply_inventory', [quant]);
    const partner = await client.callKw('res.partner', 'create', [{ name: unique('Customer') }]);
    const order = await client.callKw('sale.order', 'create', [{ partner_id: partner, order_line: lines({ product_id: product, product_uom_qty: 2, price_unit: 40, tax_id: [[6, 0, []]] }) }]);
    await button(client, 'sale.order', 'action_confirm', [order]);
    const [{ picking_ids: [picking] }] = await client.callKw('sale.order', 'read', [[order], ['picking_ids']]);
    await button(client, 'stock.picking', 'button_validate', [picking]);
    const context = { active_model: 'sale.order', active_ids: [order] };
    const wizard = await client.callKw('sale.advance.payment.inv', 'create', [{}], { context });
    const { res_id: invoice } = await button(client, 'sale.advance.payment.inv', 'create_invoices', [wizard], { context });
    await button(client, 'account.move', 'action_post', [invoice]);
    const payContext = { active_model: 'account.move', active_ids: [invoice] };
    const register = await client.callKw('account.payment.register', 'create', [{}], { context: payContext });
    const { res_id: payment } = await button(client, 'account.payment.register', 'action_create_payments', [register], { context: payContext });
    expect((await client.callKw('account.move', 'read', [[invoice], ['payment_state']]))[0].payment_state).toBe('in_payment');
    return { order, picking, invoice, payment };
  }

  const MODELS: Array<[keyof Documents, string]> = [['order', 'sale.order'], ['picking', 'stock.picking'], ['invoice', 'account.move'], ['payment', 'account.payment']];

  test('each company runs its flow in its own company; neither sees the other\'s orders, pickings, invoices or payments', async () => {
    const a = await fullFlow(managerA);
    const b2 = await fullFlow(managerB);
    for (const [key, model] of MODELS) {
      const [rowA] = await managerA.callKw(model, 'read', [[a[key]], ['company_id']]);
      const [rowB] = await managerB.callKw(model, 'read', [[b2[key]], ['company_id']]);
      expect([model, rowA.company_id[0], rowB.company_id[0]]).toEqual([model, companyA, companyB]);

      // Searches never return the other company's records...
      expect([model, await managerB.callKw(model, 'search_count', [[['id', '=', a[key]]]])]).toEqual([model, 0]);
      expect([model, await managerA.callKw(model, 'search_count', [[['id', '=', b2[key]]]])]).toEqual([model, 0]);
      const seenByB = await managerB.callKw(model, 'search_read', [[]], { fields: ['company_id'] });
      expect(seenByB.length).toBeGreaterThan(0);
      expect([model, [...new Set(seenByB.map((r: any) => r.company_id[0]))]]).toEqual([model, [companyB]]);
      // ...and reading or changing one by id is refused.
      await refused(managerB.callKw(model, 'read', [[a[key]], ['company_id']]), 'AccessError', /they belong to a company or user you do not have access to/);
    }
    await refused(managerB.callKw('sale.order', 'write', [[a.order], { client_order_ref: 'hijacked' }]), 'AccessError', /they belong to a company or user you do not have access to/);
    await refused(button(managerB, 'sale.order', 'action_cancel', [a.order]), 'AccessError', /they belong to a company or user you do not have access to/);
    await refused(button(managerB, 'account.move', 'button_draft', [a.invoice]), 'AccessError', /they belong to a company or user you do not have access to/);
    expect((await managerA.callKw('sale.order', 'read', [[a.order], ['client_order_ref', 'state']]))[0]).toMatchObject({ client_order_ref: false, state: 'sale' });
    expect((await managerA.callKw('account.move', 'read', [[a.invoice], ['state']]))[0].state).toBe('posted');

    // Each company has its own default Sales team and warehouse, which its orders use.
    for (const [client, documents, company] of [[managerA, a, companyA], [managerB, b2, companyB]] as const) {
      const [order] = await client.callKw('sale.order', 'read', [[documents.order], ['team_id', 'warehouse_id']]);
      const [team] = await client.callKw('crm.team', 'read', [[order.team_id[0]], ['name', 'company_id']]);
      const [warehouse] = await client.callKw('stock.warehouse', 'read', [[order.warehouse_id[0]], ['company_id']]);
      expect([team.name, team.company_id[0], warehouse.company_id[0]]).toEqual(['Sales', company, company]);
    }
    expect((await managerB.callKw('crm.team', 'search_read', [[]], { fields: ['company_id'] })).every((t: any) => t.company_id === false || t.company_id[0] === companyB)).toBe(true);

    // The analysis and the journal items follow the same rule.
    const reportCompanies = await managerB.callKw('sale.report', 'read_group', [[], ['price_subtotal:sum'], ['company_id']]);
    expect(reportCompanies.map((g: any) => g.company_id[0])).toEqual([companyB]);
    const items = await managerB.callKw('account.move.line', 'read_group', [[], ['balance:sum'], ['company_id']]);
    expect(items.map((g: any) => g.company_id[0])).toEqual([companyB]);
  });
});
