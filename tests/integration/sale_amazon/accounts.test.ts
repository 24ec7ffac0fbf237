/**
 * Where an account's orders land: the company's shared "Amazon" location and team, per-marketplace
 * overrides, a second registration of the same seller, offers paired by internal reference, the
 * progress of a running sync, and the sales analysis by account, marketplace and team.
 */
import { Environment } from '../../../addons/base/orm/environment';
import { engines } from '../../support/db';
import { syncOrders } from '../../../addons/sale_amazon/services/order_import';
import { amazonDatabase, createAccount, DE, FR, importOrder, US, type AmazonTestSetup } from './helpers';
import { MARKETPLACES_BY_CODE } from '../../../addons/sale_amazon/sp_api/marketplaces';

const IT = MARKETPLACES_BY_CODE.get('IT')!.id;
const EU_ADDRESS = { name: 'Lena Vogel', addressLine1: 'Ringstr. 4', city: 'Köln', postalCode: '50667', countryCode: 'DE' };

for (const engine of engines()) describe(`sale_amazon accounts on ${engine}`, () => {
  let setup: AmazonTestSetup;
  let euAccountId: number;
  beforeAll(async () => {
    setup = await amazonDatabase(engine);
    euAccountId = await createAccount(setup.t, setup.sandbox, 'Sandbox EU', ['fr', 'de']);
  });
  afterAll(() => setup?.close());

  test("a company's accounts share its Amazon location and team; another company gets its own", async () => {
    await setup.t.rollback(async (env) => {
      const accounts = await env.model('amazon.account').browse([setup.accountId, euAccountId]).fetch(['location_id', 'team_id', 'company_id']);
      expect(accounts[1].location_id).toBe(accounts[0].location_id);
      expect(accounts[1].team_id).toBe(accounts[0].team_id);
      const [location] = await env.model('stock.location').browse([accounts[0].location_id]).fetch(['name', 'usage', 'location_id']);
      const [warehouse] = await env.model('stock.warehouse').search_read([['company_id', '=', accounts[0].company_id]], ['view_location_id'], { limit: 1, order: 'sequence, id' });
      expect(location).toMatchObject({ name: 'Amazon', usage: 'internal', location_id: warehouse.view_location_id[0] });
      expect((await env.model('crm.team').browse([accounts[0].team_id]).fetchOne(['name'])).name).toBe('Amazon');

      const other = await env.model('res.company').sudo().create({ name: 'Other Seller GmbH', currency_id: (await env.ref('base.EUR')).ids[0] });
      const de = await env.refId('sale_amazon.marketplace_de');
      const account = await env.model('amazon.account').sudo().create({ name: 'Other DE', company_id: other.ids[0], base_marketplace_id: de });
      const [created] = await account.fetch(['location_id', 'team_id', 'active_marketplace_ids', 'available_marketplace_ids']);
      expect(created.location_id).not.toBe(accounts[0].location_id);
      expect(created.team_id).not.toBe(accounts[0].team_id);
      expect(created).toMatchObject({ active_marketplace_ids: [de], available_marketplace_ids: [de] });
      const [otherLocation] = await env.model('stock.location').sudo().browse([created.location_id]).fetch(['name', 'company_id']);
      expect(otherLocation).toMatchObject({ name: 'Amazon', company_id: other.ids[0] });
    });
  });

  test("another company's Amazon manager sees none of this company's accounts, runs, retries or marketplace settings", async () => {
    const { accountId, t } = setup;
    await syncOrders({ db: t.db, registry: t.registry }, accountId);
    await t.rollback(async (env) => {
      const other = await env.model('res.company').sudo().create({ name: 'Elsewhere BV', currency_id: (await env.ref('base.EUR')).ids[0] });
      const manager = await env.model('res.users').sudo().create({ name: 'Elsewhere Manager', login: 'elsewhere-manager', company_id: other.ids[0], company_ids: [[6, 0, [other.ids[0]]]],
        groups_id: [[6, 0, [(await env.refId('sales_team.group_sale_manager'))!]]] });
      await env.model('amazon.sync.log').sudo().create({ account_id: accountId, order_ref: '111-0000000-0000042', error: 'kept for the test' });
      await env.model('amazon.account.marketplace').sudo().create({ account_id: accountId, marketplace_id: await env.refId('sale_amazon.marketplace_us') });
      expect(await env.model('amazon.sync.run').search_count([['account_id', '=', accountId]])).toBeGreaterThan(0);
      const theirs = new Environment(env.registry, env.cr, manager.ids[0]);
      theirs.cache.db = env.db;
      for (const model of ['amazon.account', 'amazon.sync.run', 'amazon.sync.log', 'amazon.account.marketplace']) {
        expect([model, await theirs.model(model).search_count([])]).toEqual([model, 0]);
      }
    });
  });

  test('per-marketplace team and FBA location of an account are used on its orders; other marketplaces keep the account\'s', async () => {
    const ids = await setup.t.commit(async (env) => {
      const team = (await env.model('crm.team').create({ name: 'Amazon Germany' })).ids[0];
      const parent = (await env.model('amazon.account').browse([euAccountId]).fetchOne(['location_id'])).location_id;
      const location = (await env.model('stock.location').create({ name: 'Amazon DE FBA', usage: 'internal', location_id: parent })).ids[0];
      await env.model('amazon.account').browse([euAccountId]).write({
        marketplace_setting_ids: [[0, 0, { marketplace_id: await env.refId('sale_amazon.marketplace_de'), team_id: team, location_id: location }]],
      });
      return { team, location };
    });
    const de = await importOrder(setup, { marketplaceId: DE, channel: 'FBA', status: 'Shipped', currency: 'EUR', buyer: { name: 'Lena Vogel', email: 'lena@marketplace.amazon.de' },
      shippingAddress: EU_ADDRESS as never, items: [{ sku: 'DE-TEA', quantityOrdered: 2, itemPrice: 23.8, itemTax: 3.8 }] }, euAccountId);
    const fr = await importOrder(setup, { marketplaceId: FR, channel: 'FBA', status: 'Shipped', currency: 'EUR', buyer: { name: 'Paul Roux', email: 'paul@marketplace.amazon.fr' },
      shippingAddress: { ...EU_ADDRESS, name: 'Paul Roux', city: 'Lyon', postalCode: '69001', countryCode: 'FR' } as never, items: [{ sku: 'FR-TEA', quantityOrdered: 1, itemPrice: 12, itemTax: 2 }] }, euAccountId);
    await setup.t.rollback(async (env) => {
      const account = await env.model('amazon.account').browse([euAccountId]).fetchOne(['team_id', 'location_id']);
      const moveFrom = async (orderId: number) => (await env.model('stock.move').search_read([['sale_line_id.order_id', '=', orderId]], ['location_id']))[0].location_id[0];
      expect((await env.model('sale.order').browse([de.saleOrderId]).fetchOne(['team_id'])).team_id).toBe(ids.team);
      expect(await moveFrom(de.saleOrderId)).toBe(ids.location);
      expect((await env.model('sale.order').browse([fr.saleOrderId]).fetchOne(['team_id'])).team_id).toBe(account.team_id);
      expect(await moveFrom(fr.saleOrderId)).toBe(account.location_id);
    });
  });

  test('a second registration of the same seller with disjoint marketplaces and its own team; one marketplace in two registrations is refused', async () => {
    const italyId = await createAccount(setup.t, setup.sandbox, 'Sandbox IT', ['it']);
    const own = await setup.t.commit(async (env) => {
      const team = (await env.model('crm.team').create({ name: 'Amazon Italia' })).ids[0];
      const location = (await env.model('stock.location').create({ name: 'Amazon IT', usage: 'internal' })).ids[0];
      await env.model('amazon.account').browse([italyId]).write({ team_id: team, location_id: location });
      return { team, location };
    });
    const it = await importOrder(setup, { marketplaceId: IT, channel: 'FBA', status: 'Shipped', currency: 'EUR', buyer: { name: 'Gia Neri', email: 'gia@marketplace.amazon.it' },
      shippingAddress: { ...EU_ADDRESS, name: 'Gia Neri', city: 'Roma', postalCode: '00100', countryCode: 'IT' } as never, items: [{ sku: 'IT-CAFFE', quantityOrdered: 1, itemPrice: 9.9, itemTax: 1.79 }] }, italyId);
    await setup.t.rollback(async (env) => {
      const so = await env.model('sale.order').browse([it.saleOrderId]).fetchOne(['team_id', 'amazon_account_id']);
      expect(so).toMatchObject({ team_id: own.team, amazon_account_id: italyId });
      const moves = await env.model('stock.move').search_read([['sale_line_id.order_id', '=', it.saleOrderId]], ['location_id']);
      expect(moves[0].location_id[0]).toBe(own.location);
      // An account with orders is archived, not deleted.
      await expect(env.cr.savepoint(() => env.model('amazon.account').browse([italyId]).unlink())).rejects.toThrow('The Amazon account "Sandbox IT" has imported orders, which keep pointing to it: archive the account instead of deleting it.');
      // The EU registration never saw the Italian order.
      expect(await env.model('sale.order').search_count([['amazon_account_id', '=', euAccountId], ['amazon_marketplace_id.api_ref', '=', IT]])).toBe(0);

      const fr = await env.refId('sale_amazon.marketplace_fr');
      const italy = env.model('amazon.account').browse([italyId]);
      // Each refused write in a savepoint of its own, as a request would roll back.
      await expect(env.cr.savepoint(() => italy.write({ available_marketplace_ids: [[4, fr]], active_marketplace_ids: [[4, fr]] })))
        .rejects.toThrow('Amazon.fr is already synchronised by the account "Sandbox EU" of the same Amazon seller. Remove it from one of the two accounts, otherwise its orders would be imported twice.');
      const de = await env.refId('sale_amazon.marketplace_de');
      await expect(env.cr.savepoint(() => italy.write({ active_marketplace_ids: [[4, de]] })))
        .rejects.toThrow('Account "Sandbox IT": a synchronised marketplace must be one of the marketplaces available to the account.');
      // One account, one Amazon region: Amazon.com needs a registration with a North American home marketplace.
      const us = await env.refId('sale_amazon.marketplace_us');
      await expect(env.cr.savepoint(() => italy.write({ available_marketplace_ids: [[4, us]], active_marketplace_ids: [[4, us]] })))
        .rejects.toThrow('Account "Sandbox IT": Amazon.com belongs to Amazon\'s North America region, but the home marketplace Amazon.it is in Europe, and an account talks to one region only. Register another account with a home marketplace in North America to synchronise Amazon.com.');
    });
  });

  test('offers: created on first sight from the product whose internal reference is the SKU, else the default product, re-paired once the product exists', async () => {
    const mug = await setup.t.commit(async (env) => (await env.model('product.product').create({ name: 'Blue Mug', default_code: 'OFFER-MUG', type: 'consu' })).ids[0]);
    const first = await importOrder(setup, { marketplaceId: US, channel: 'FBA', status: 'Shipped', buyer: { name: 'Olu Offer', email: 'olu@marketplace.amazon.com' },
      items: [{ sku: 'OFFER-MUG', quantityOrdered: 1, itemPrice: 8, itemTax: 0.66 }, { sku: 'OFFER-PLATE', quantityOrdered: 1, itemPrice: 6, itemTax: 0.5 }] });
    const defaultProduct = await setup.t.rollback(async (env) => {
      const offers = await env.model('amazon.offer').search_read([['account_id', '=', setup.accountId], ['sku', 'in', ['OFFER-MUG', 'OFFER-PLATE']]], ['sku', 'product_id', 'marketplace_id'], { order: 'sku' });
      expect(offers.map((o) => o.sku)).toEqual(['OFFER-MUG', 'OFFER-PLATE']);
      expect(offers[0].product_id[0]).toBe(mug);
      expect(offers[0].marketplace_id[0]).toBe(await env.refId('sale_amazon.marketplace_us'));
      const fallback = await env.refId('sale_amazon.default_product');
      expect(offers[1].product_id[0]).toBe(fallback);
      const lines = await env.model('sale.order.line').search_read([['order_id', '=', first.saleOrderId], ['amazon_offer_id', '!=', false]], ['product_id', 'amazon_offer_id']);
      expect(lines.map((l) => l.product_id[0]).sort()).toEqual([mug, fallback].sort());
      return fallback;
    });
    const plate = await setup.t.commit(async (env) => (await env.model('product.product').create({ name: 'White Plate', default_code: 'OFFER-PLATE', type: 'consu' })).ids[0]);
    const second = await importOrder(setup, { marketplaceId: US, channel: 'FBA', status: 'Shipped', buyer: { name: 'Olu Offer', email: 'olu@marketplace.amazon.com' },
      items: [{ sku: 'OFFER-PLATE', quantityOrdered: 2, itemPrice: 12, itemTax: 1 }] });
    await setup.t.rollback(async (env) => {
      const offers = await env.model('amazon.offer').search_read([['account_id', '=', setup.accountId], ['sku', '=', 'OFFER-PLATE']], ['product_id']);
      expect(offers).toHaveLength(1);
      expect(offers[0].product_id[0]).toBe(plate);
      const [line] = await env.model('sale.order.line').search_read([['order_id', '=', second.saleOrderId], ['amazon_offer_id', '!=', false]], ['product_id']);
      expect(line.product_id[0]).toBe(plate);
      expect(line.product_id[0]).not.toBe(defaultProduct);
      // One offer per account and SKU: a second pairing is refused by the database.
      const us = await env.refId('sale_amazon.marketplace_us');
      await expect(env.cr.savepoint(() => env.model('amazon.offer').create({ account_id: setup.accountId, marketplace_id: us, sku: 'OFFER-PLATE', product_id: plate })))
        .rejects.toThrow('This SKU already has an offer on this Amazon account; a SKU can be paired with one product per account only.');
    });
  });

  test('a running sync shows its counts on its run record before it ends', async () => {
    const { sandbox, t, accountId } = setup;
    // Counts are written after each transaction, which takes the pages fetched so far up to 500
    // orders (Amazon's pages hold 100): more than 500 orders are at least two transactions.
    const ORDERS = 530;
    sandbox.control.seedOrders(Array.from({ length: ORDERS }, (_, n) => ({
      marketplaceId: US, channel: 'FBA' as const, status: 'Shipped' as const, lastUpdateDate: new Date(Date.parse(sandbox.control.now()) + n * 200).toISOString(),
      buyer: { name: `Prog Buyer ${n}`, email: `prog${n}@marketplace.amazon.com` }, items: [{ sku: 'PROG-BOOK', quantityOrdered: 1, itemPrice: 10, itemTax: 0.8 }],
    })));
    // Amazon lists a change once it is two minutes old.
    sandbox.control.advanceClock(240);
    const seen: number[] = [];
    let finished = false;
    const running = syncOrders({ db: t.db, registry: t.registry }, accountId, { progressEveryMs: 0 }).finally(() => { finished = true; });
    while (!finished) {
      const rows = await t.rollback(async (env) => (await env.cr.query<{ fetched: number }>("SELECT fetched FROM amazon_sync_run WHERE account_id = $1 AND state = 'running'", [accountId])).rows);
      if (rows.length) seen.push(rows[0].fetched);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const summary = await running;
    expect(summary).toMatchObject({ state: 'done', created: ORDERS, failed: 0 });
    expect(seen.some((n) => n > 0 && n < summary.fetched)).toBe(true);
  });

  test('sales analysis of Amazon orders by account, marketplace and sales team', async () => {
    await setup.t.rollback(async (env) => {
      const domain = [['amazon_account_id', '!=', false]];
      const byAccount = await env.model('sale.report').read_group(domain, ['price_total:sum'], ['amazon_account_id']);
      const accounts = Object.fromEntries(byAccount.map((g) => [g.amazon_account_id[1], g.amazon_account_id_count]));
      expect(Object.keys(accounts).sort()).toEqual(['Sandbox EU', 'Sandbox IT', 'Sandbox US']);
      const byMarketplace = await env.model('sale.report').read_group(domain, ['price_total:sum'], ['amazon_marketplace_id']);
      expect(byMarketplace.map((g) => g.amazon_marketplace_id[1]).sort()).toEqual(['Amazon.com', 'Amazon.de', 'Amazon.fr', 'Amazon.it']);
      const byTeam = await env.model('sale.report').read_group(domain, ['price_total:sum'], ['team_id']);
      expect(byTeam.map((g) => g.team_id[1]).sort()).toEqual(['Amazon', 'Amazon Germany', 'Amazon Italia']);
      const lines = await env.model('sale.report').search_read([...domain, ['team_id.name', '=', 'Amazon Italia']], ['price_total', 'amazon_marketplace_id']);
      expect(lines).toHaveLength(1);
      expect(lines[0].amazon_marketplace_id[1]).toBe('Amazon.it');
      const nested = await env.model('sale.report').read_group(domain, ['price_total:sum'], ['amazon_account_id', 'amazon_marketplace_id', 'team_id'], { lazy: false });
      const eu = nested.filter((g) => g.amazon_account_id[1] === 'Sandbox EU').map((g) => [g.amazon_marketplace_id[1], g.team_id[1]]).sort();
      expect(eu).toEqual([['Amazon.de', 'Amazon Germany'], ['Amazon.fr', 'Amazon']]);
    });
  });
});
