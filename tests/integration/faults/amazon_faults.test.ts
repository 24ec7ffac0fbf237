/**
 * Amazon misbehaving during the order sync and the shipment confirmations (issue 7 "Faults"):
 * 429 storms, 500/503, timeouts, connection resets, malformed bodies, expired access tokens,
 * failing token endpoint, a page token that stops working, and an answer lost after Amazon
 * processed the request. Each run either recovers or ends recorded as interrupted/failed with
 * its cause; the next run continues; nothing is lost or imported twice; each delivery is
 * confirmed to Amazon exactly once (the sandbox's recorded confirmations are the proof).
 */
import { engines } from '../../support/db';
import { backgroundJobsSettled } from '../../../addons/base/db/background_jobs';
import { syncOrders, OVERLAP_MS, type SyncSummary } from '../../../addons/sale_amazon/services/order_import';
import { syncPickings } from '../../../addons/sale_amazon/services/shipment_confirmation';
import { configureSpApi } from '../../../addons/sale_amazon/services/port_factory';
import type { AmazonOrder } from '../../../addons/sale_amazon/sp_api/types';
import type { SeedOrder } from '../../../addons/sale_amazon/sandbox/control';
import { CA, createAccount, faultDatabase, integrityProblems, isoZ, itemRef, sql, US, type FaultSetup } from './fixture';
import { startFaultProxy, type FaultProxy } from './proxy';

jest.setTimeout(300_000);

const PER_ACCOUNT = 110; // two pages of 100

(engines().includes('postgres') ? describe : describe.skip)('Amazon faults on postgres', () => {
  let setup: FaultSetup;
  let proxy: FaultProxy;
  let us: number; // Orders API 2026-01-01
  let ca: number; // Orders API v0 (getOrderItems and restricted data tokens: more calls to break)
  const ctx = () => ({ db: setup.t.db, registry: setup.t.registry });

  beforeAll(async () => {
    // Amazon time runs 1000 times faster: waiting out a 429 storm at the usage plan's pace takes milliseconds.
    setup = await faultDatabase({ timeScale: 1000 });
    proxy = await startFaultProxy(setup.sandbox.url);
    configureSpApi({ endpoint: proxy.url, clock: setup.sandbox.clock, requestTimeoutMs: 1500, retryPolicy: { maxAttempts: 5, maxThrottleRetries: 30, baseDelayMs: 5, maxDelayMs: 20 } });
    const now = Date.parse(setup.sandbox.control.now());
    us = await createAccount(setup, 'Faults US', [US], now - 30 * 3600_000);
    ca = await createAccount(setup, 'Faults CA', [CA], now - 30 * 3600_000);
    await setup.t.commit((env) => env.cr.query("UPDATE amazon_account SET orders_api_version = 'v0' WHERE id = $1", [ca]));
  });
  afterAll(async () => {
    await proxy?.close();
    await setup?.close();
  });

  const importedRefs = async () => new Set((await sql<{ ref: string }>(setup, 'SELECT amazon_order_ref AS ref FROM sale_order WHERE amazon_order_ref IS NOT NULL')).map((r) => r.ref));
  const cursorOf = async (accountId: number) => Date.parse((await sql<{ c: string }>(setup, `SELECT to_char(last_orders_sync, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS c FROM amazon_account WHERE id = $1`, [accountId]))[0]!.c);

  /**
   * The sandbox derives item references from the middle of the order reference, so each group of
   * orders gets its own leading digit there (Amazon's item references are unique everywhere).
   */
  function seed(marketplaceId: string, prefix: string, group: number, n: number, since = 24 * 3600_000): AmazonOrder[] {
    const now = Date.parse(setup.sandbox.control.now());
    const seeds: SeedOrder[] = Array.from({ length: n }, (_, i) => {
      const changed = now - since + i * 1000;
      const fba = i % 3 === 0;
      return {
        ref: `${prefix}-${group}${String(i).padStart(6, '0')}-0000001`, marketplaceId,
        channel: fba ? 'FBA' : 'FBM', status: fba ? 'Shipped' : i % 10 === 1 ? 'Pending' : 'Unshipped',
        purchaseDate: isoZ(changed - 3600_000), lastUpdateDate: isoZ(changed),
        buyer: { name: `Fault Buyer ${i % 40}`, email: `fault${i % 40}@marketplace.amazon.com` },
        items: [{ ref: itemRef(`${prefix}-${group}${String(i).padStart(6, '0')}-0000001`), sku: `FAULT-${i % 7}`, quantityOrdered: 1 + (i % 2), itemPrice: 20, itemTax: 1.5 }],
      };
    });
    return setup.sandbox.control.seedOrders(seeds);
  }

  /**
   * Runs the account's sync until a run ends 'done' (bounded). After every run: the cursor stands
   * before every eligible order still missing, and nothing is half written.
   */
  async function syncUntilDone(accountId: number, eligible: AmazonOrder[], maxRuns = 6): Promise<SyncSummary[]> {
    const runs: SyncSummary[] = [];
    for (let i = 0; i < maxRuns; i++) {
      const summary = await syncOrders(ctx(), accountId, { trigger: 'cron' });
      runs.push(summary);
      if (process.env.FAULTS_VERBOSE) console.log(`account ${accountId} run ${i}: ${summary.state} ${summary.message}`, await sql(setup, "SELECT order_ref, error FROM amazon_sync_log WHERE state = 'retry' LIMIT 3"));
      const have = await importedRefs();
      const next = (await cursorOf(accountId)) - OVERLAP_MS;
      expect(eligible.filter((o) => !have.has(o.ref) && Date.parse(o.lastUpdateDate) <= next).map((o) => o.ref)).toEqual([]);
      expect(await integrityProblems(setup)).toEqual([]);
      if (summary.state === 'done') return runs;
      expect(summary.message).toMatch(/Synchronisation stopped: /);
    }
    throw new Error(`no run finished in ${maxRuns}: ${runs.map((r) => `${r.state} ${r.message}`).join(' | ')}`);
  }

  const eligibleOf = (orders: AmazonOrder[]) => orders.filter((o) => (o.channel === 'FBA' ? o.status === 'Shipped' : o.status === 'Unshipped'));

  test('order sync (2026-01-01 and v0) through every Amazon fault: recovers or stops recorded, the next run continues, nothing lost or doubled', async () => {
    const usOrders = seed(US, '114', 1, PER_ACCOUNT);
    const caOrders = seed(CA, '702', 2, PER_ACCOUNT);
    const c = setup.sandbox.control;
    // Within the adapter's bounds: retried in the same run.
    c.injectFault({ type: 'throttle', operation: 'orders2026.searchOrders', count: 12 });
    c.injectFault({ type: 'error500', operation: 'orders2026.searchOrders', count: 2 });
    c.injectFault({ type: 'error503', operation: 'ordersV0.getOrderItems', count: 2 });
    c.injectFault({ type: 'reset', operation: 'ordersV0.getOrderItems', count: 2 });
    c.injectFault({ type: 'malformed', operation: 'ordersV0.getOrders', count: 2 });
    c.injectFault({ type: 'expiredToken', operation: 'ordersV0.getOrders', count: 1 });
    c.injectFault({ type: 'expiredToken', operation: 'orders2026.searchOrders', count: 1 });
    c.injectFault({ type: 'timeout', operation: 'ordersV0.getOrderItems', count: 1 });
    c.injectFault({ type: 'error500', operation: 'lwa.token', count: 2 });
    c.injectFault({ type: 'throttle', operation: 'tokens.createRestrictedDataToken', count: 3 });
    // Beyond them: a page that keeps failing stops the run, which records why.
    proxy.inject({ type: 'stalePageToken', match: /searchOrders|\/orders\/2026-01-01\/orders\?/, count: 1 });
    proxy.inject({ type: 'stalePageToken', match: /\/orders\/v0\/orders\?/, count: 1 });

    const usRuns = await syncUntilDone(us, eligibleOf(usOrders));
    const caRuns = await syncUntilDone(ca, eligibleOf(caOrders));
    console.log(`US runs: ${usRuns.map((r) => `${r.state} (${r.created} created)`).join(', ')}; CA runs: ${caRuns.map((r) => `${r.state} (${r.created} created)`).join(', ')}`);
    if (process.env.FAULTS_VERBOSE) console.log(proxy.hits);
    // Amazon refused a page token once per account: the run listed the window again (or stopped
    // recorded, and the next one continued); either way the orders after it were not skipped.
    expect(proxy.hits.filter((h) => h.type === 'stalePageToken')).toHaveLength(2);
    for (const run of [...usRuns, ...caRuns]) if (run.state !== 'done') expect(run.message).toMatch(/Synchronisation stopped: /);
    expect(setup.sandbox.control.pendingFaults()).toEqual([]);
    expect(proxy.pending()).toEqual([]);

    const have = await importedRefs();
    const expected = [...eligibleOf(usOrders), ...eligibleOf(caOrders)].map((o) => o.ref);
    expect(expected.filter((ref) => !have.has(ref))).toEqual([]);
    expect([...have].filter((ref) => !expected.includes(ref))).toEqual([]);
    expect(await sql(setup, "SELECT order_ref, error FROM amazon_sync_log WHERE state <> 'done'")).toEqual([]);
    // Runs that stopped are on record with their cause.
    const recorded = await sql<{ state: string; message: string }>(setup, "SELECT state, message FROM amazon_sync_run WHERE kind = 'orders' AND state <> 'done'");
    for (const run of recorded) expect(run.message).toMatch(/Synchronisation stopped: /);
    expect(setup.sandbox.control.modelViolations()).toEqual([]);
  });

  test('Amazon failing beyond the adapter\'s retry bound stops the run (recorded as failed); the next run imports the order', async () => {
    // Changed just now (after the cursor); Amazon lists a change once it is two minutes old.
    const [order] = seed(US, '115', 3, 1, 0);
    setup.sandbox.control.advanceClock(180);
    // Five 503s in a row: the adapter's five attempts are used up on the listing.
    setup.sandbox.control.injectFault({ type: 'error503', operation: 'orders2026.searchOrders', count: 5 });
    const first = await syncOrders(ctx(), us);
    expect(first.state).toMatch(/failed|interrupted/);
    expect(first.message).toMatch(/Synchronisation stopped: .*(ServiceUnavailable|unavailable)/i);
    expect((await importedRefs()).has(order!.ref)).toBe(false);
    const second = await syncOrders(ctx(), us);
    expect(second.state).toBe('done');
    expect((await importedRefs()).has(order!.ref)).toBe(true);
    expect(await integrityProblems(setup)).toEqual([]);
  });

  test('an FBA order Amazon cancels after shipping gets one note and one return to-do, however often overlapping windows list it', async () => {
    const [order] = seed(US, '119', 5, 1, 0);
    setup.sandbox.control.advanceClock(180);
    // (the seed helper makes order 0 an FBA order, Shipped)
    expect((await syncOrders(ctx(), us)).state).toBe('done');
    setup.sandbox.control.setStatus(order!.ref, 'Canceled');
    setup.sandbox.control.advanceClock(180);
    for (let i = 0; i < 3; i++) {
      // Each window starts before the cancellation (the cursor overlaps, or an admin moved it back).
      await setup.t.commit((env) => env.cr.query("UPDATE amazon_account SET last_orders_sync = last_orders_sync - interval '10 minutes' WHERE id = $1", [us]));
      expect((await syncOrders(ctx(), us)).state).toBe('done');
    }
    const [row] = await sql<{ state: string; todos: number; notes: number }>(setup, `
      SELECT o.state, (SELECT count(*) FROM mail_activity a WHERE a.res_model = 'sale.order' AND a.res_id = o.id)::int AS todos,
             (SELECT count(*) FROM mail_message m WHERE m.model = 'sale.order' AND m.res_id = o.id AND m.body LIKE 'Amazon cancelled%')::int AS notes
        FROM sale_order o WHERE o.amazon_order_ref = $1`, [order!.ref]);
    expect(row).toEqual({ state: 'sale', todos: 1, notes: 1 });
  });

  describe('shipment confirmations', () => {
    let orders: AmazonOrder[];
    const deliveries = new Map<string, number>();
    const confirmationsOf = (ref: string) => setup.sandbox.control.confirmations().filter((c) => c.orderRef === ref);
    /** The delivery's "Retry Amazon Sync" button (the confirmation runs in the background once the click commits; awaited here). */
    const retryButton = async (ids: number[]) => {
      await setup.t.commit(async (env) => (env.model('stock.picking').browse(ids) as any).action_retry_amazon_sync());
      await backgroundJobsSettled();
    };
    const status = async (pickingId: number) => (await sql<{ s: string; e: string | null }>(setup, 'SELECT amazon_sync_status AS s, amazon_sync_error AS e FROM stock_picking WHERE id = $1', [pickingId]))[0]!;

    beforeAll(async () => {
      const now = Date.parse(setup.sandbox.control.now());
      orders = setup.sandbox.control.seedOrders(Array.from({ length: 12 }, (_, i) => ({
        ref: `116-4${String(i).padStart(6, '0')}-0000001`, marketplaceId: US, channel: 'FBM' as const, status: 'Unshipped' as const,
        purchaseDate: isoZ(now - 3600_000), lastUpdateDate: isoZ(now + i * 1000),
        buyer: { name: `Ship Buyer ${i}`, email: `ship${i}@marketplace.amazon.com` },
        items: [{ ref: itemRef(`116-4${String(i).padStart(6, '0')}-0000001`), sku: 'SHIP-SKU', quantityOrdered: 2, itemPrice: 20, itemTax: 1.5 }],
      })));
      setup.sandbox.control.advanceClock(180);
      expect((await syncOrders(ctx(), us)).state).toBe('done');
    });

    /** Validates the order's delivery with a carrier and tracking number (order 1 ships one of its two items, with a backorder). */
    async function validate(index: number, partial = index === 1): Promise<number> {
      return setup.t.commit(async (env) => {
        const order = orders[index]!;
        const product = await env.model('product.product').create({ name: `UPS shipping ${index}`, type: 'service' });
        const carrier = (await env.model('delivery.carrier').create({ name: 'UPS', product_id: product.ids[0] })).ids[0];
        const [so] = await env.model('sale.order').search_read([['amazon_order_ref', '=', order.ref]], ['id']);
        const picking: any = await env.model('stock.picking').search([['sale_id', '=', so!.id], ['state', 'not in', ['done', 'cancel']]], { limit: 1 });
        await picking.write({ carrier_id: carrier, carrier_tracking_ref: `1Z-FAULT-${index}` });
        for (const move of await env.model('stock.move').search_read([['picking_id', '=', picking.ids[0]]], ['product_uom_qty'])) {
          await env.model('stock.move').browse([move.id]).write({ quantity: partial ? 1 : move.product_uom_qty });
        }
        const action = await picking.button_validate();
        if (partial && action !== true) {
          const wizard = await env.model('stock.backorder.confirmation').withContext(action.context).create({});
          await (wizard as any).process();
        }
        deliveries.set(order.ref, picking.ids[0]);
        return picking.ids[0] as number;
      });
    }

    const cases: Array<[string, number, () => void]> = [
      ['answer lost after Amazon recorded it (full delivery)', 0, () => proxy.inject({ type: 'loseAnswer', match: /shipmentConfirmation/, count: 1 })],
      ['answer lost after Amazon recorded it (partial delivery)', 1, () => proxy.inject({ type: 'loseAnswer', match: /shipmentConfirmation/, count: 1 })],
      ['500 then 503', 2, () => { setup.sandbox.control.injectFault({ type: 'error500', operation: 'ordersV0.confirmShipment', count: 1 }); setup.sandbox.control.injectFault({ type: 'error503', operation: 'ordersV0.confirmShipment', count: 1 }); }],
      ['connection reset', 3, () => setup.sandbox.control.injectFault({ type: 'reset', operation: 'ordersV0.confirmShipment', count: 2 })],
      ['429 storm', 4, () => setup.sandbox.control.injectFault({ type: 'throttle', operation: 'ordersV0.confirmShipment', count: 10 })],
      ['expired access token', 5, () => setup.sandbox.control.injectFault({ type: 'expiredToken', operation: 'ordersV0.confirmShipment', count: 1 })],
      ['timeout before Amazon saw it', 6, () => setup.sandbox.control.injectFault({ type: 'timeout', operation: 'ordersV0.confirmShipment', count: 1 })],
      ['malformed answer', 7, () => setup.sandbox.control.injectFault({ type: 'malformed', operation: 'ordersV0.confirmShipment', count: 1 })],
    ];
    for (const [name, index, inject] of cases) {
      test(`${name}: confirmed exactly once, delivery done`, async () => {
        const order = orders[index]!;
        await validate(index);
        inject();
        const first = await syncPickings(ctx(), us);
        // The run either got it done, or left it for a retry with Amazon's cause on it.
        if (first.failed) {
          const s = await status(deliveries.get(order.ref)!);
          expect(s.e).toBeTruthy();
          await retryButton([deliveries.get(order.ref)!]);
        }
        await syncPickings(ctx(), us);
        expect(setup.sandbox.control.pendingFaults()).toEqual([]);
        expect(proxy.pending()).toEqual([]);
        expect(await status(deliveries.get(order.ref)!)).toMatchObject({ s: 'done' });
        const sent = confirmationsOf(order.ref);
        expect(sent).toHaveLength(1);
        expect(sent[0]!.package.items).toEqual([{ orderItemId: order.items[0]!.ref, quantity: index === 1 ? 1 : 2 }]);
      });
    }

    test('answer of a partial delivery lost, backorder validated before the Retry: each shipment confirmed once', async () => {
      const order = orders[9]!;
      const first = await validate(9, true);
      proxy.inject({ type: 'loseAnswer', match: /shipmentConfirmation/, count: 1 });
      await syncPickings(ctx(), us);
      expect(proxy.pending()).toEqual([]);
      // The rest ships before anyone retries the first delivery.
      const second = await validate(9, false);
      expect(second).not.toBe(first);
      if ((await status(first)).s !== 'done') await retryButton([first]);
      await syncPickings(ctx(), us);
      expect(await status(first)).toMatchObject({ s: 'done' });
      expect(await status(second)).toMatchObject({ s: 'done' });
      const sent = confirmationsOf(order.ref).map((c) => c.package.items);
      expect(sent).toEqual([[{ orderItemId: order.items[0]!.ref, quantity: 1 }], [{ orderItemId: order.items[0]!.ref, quantity: 1 }]]);
      expect(confirmationsOf(order.ref).map((c) => c.package.packageReferenceId)).toEqual([String(first), String(second)]);
    });

    test('no answer to any attempt, Amazon never saw it: the delivery waits as "answer lost" (not an error); the next deliveries run confirms it once, no Retry needed', async () => {
      const order = orders[10]!;
      const id = await validate(10);
      setup.sandbox.control.injectFault({ type: 'timeout', operation: 'ordersV0.confirmShipment', count: 5 });
      expect(await syncPickings(ctx(), us)).toMatchObject({ done: 0, failed: 0, unknown: 1 });
      expect(await status(id)).toMatchObject({ s: 'unknown', e: expect.stringMatching(/answer to the shipment confirmation was lost/) });
      expect(confirmationsOf(order.ref)).toHaveLength(0);
      // The deliveries cron: Amazon does not know the shipment, so it is confirmed now.
      expect(await syncPickings(ctx(), us)).toMatchObject({ done: 1, failed: 0, unknown: 0 });
      expect(await status(id)).toMatchObject({ s: 'done' });
      expect(confirmationsOf(order.ref)).toHaveLength(1);
      expect(setup.sandbox.control.pendingFaults()).toEqual([]);
    });

    test('every answer lost after Amazon recorded the first attempt: Amazon is asked, the delivery is done in the same run, confirmed once', async () => {
      const order = orders[11]!;
      const id = await validate(11);
      proxy.inject({ type: 'loseAnswer', match: /shipmentConfirmation/, count: 5 });
      expect(await syncPickings(ctx(), us)).toMatchObject({ done: 1, failed: 0, unknown: 0 });
      expect(proxy.pending()).toEqual([]);
      expect(await status(id)).toMatchObject({ s: 'done' });
      expect(confirmationsOf(order.ref)).toHaveLength(1);
    });

    test('Amazon down beyond the retry bound: the delivery is marked in error with the cause, Retry confirms it once', async () => {
      const order = orders[8]!;
      const id = await validate(8);
      setup.sandbox.control.injectFault({ type: 'error503', operation: 'ordersV0.confirmShipment', count: 5 });
      expect(await syncPickings(ctx(), us)).toMatchObject({ done: 0, failed: 1 });
      expect(await status(id)).toMatchObject({ s: 'error', e: expect.stringMatching(/ServiceUnavailable|unavailable/i) });
      expect(confirmationsOf(order.ref)).toHaveLength(0);
      await retryButton([id]);
      expect(await status(id)).toMatchObject({ s: 'done' });
      expect(confirmationsOf(order.ref)).toHaveLength(1);
      // Nothing left to send; a further run (cron) and a further Retry send nothing again.
      await syncPickings(ctx(), us);
      await expect(retryButton([...deliveries.values()])).rejects.toThrow(/Only deliveries whose confirmation to Amazon failed/);
      for (const o of [...orders.slice(0, 9), ...orders.slice(10)]) expect(confirmationsOf(o.ref)).toHaveLength(1);
      expect(confirmationsOf(orders[9]!.ref)).toHaveLength(2);
    });
  });
});
