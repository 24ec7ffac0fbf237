/**
 * Concurrency (issue 7 "Faults", issue 5 "two workers syncing the same account at once"): four
 * Amazon accounts on one PostgreSQL database; two ERP server processes (`bin/erp.ts serve`, each
 * with its cron scheduler) whose Sync buttons are clicked over RPC, command-line syncs, and
 * scheduler worker processes, all racing. Each order must be imported exactly once and each
 * validated delivery confirmed to Amazon exactly once (the sandbox's recorded confirmations).
 */
import { join } from 'node:path';
import { engines } from '../../support/db';
import { expectSuccess, freePort, killAll, sleep, spawnErp, spawnTsx, type Worker } from '../../support/processes';
import type { AmazonOrder } from '../../../addons/sale_amazon/sp_api/types';
import type { SeedOrder } from '../../../addons/sale_amazon/sandbox/control';
import { BR, CA, createAccount, dbArgs, faultDatabase, integrityProblems, isoZ, itemRef, MX, sql, US, type FaultSetup } from './fixture';

jest.setTimeout(300_000);

const PER_ACCOUNT = Number(process.env.FAULTS_CONCURRENCY_ORDERS ?? 30);

interface Server { worker: Worker; url: string; cookie: string }

(engines().includes('postgres') ? describe : describe.skip)('four accounts, two worker processes, cron and buttons racing on postgres', () => {
  let setup: FaultSetup;
  const accounts: number[] = [];
  const servers: Server[] = [];
  afterAll(async () => {
    await killAll();
    await setup?.close();
  });

  const env = () => ({ AMAZON_SP_API_ENDPOINT: setup.sandbox.url });

  async function startServer(): Promise<Server> {
    const port = await freePort();
    const worker = spawnErp(['serve', '--port', String(port), '--no-demo', ...dbArgs(setup)], env());
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; !worker.stdout().includes('ERP ready at'); i++) {
      if (worker.child.exitCode !== null || i > 1200) throw new Error(`server did not start:\n${worker.stdout()}\n${worker.stderr()}`);
      await sleep(100);
    }
    const response = await fetch(`${url}/web/session/authenticate`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { db: setup.t.db.name, login: 'admin', password: 'admin' } }),
    });
    const body = await response.json();
    if (body.error) throw new Error(JSON.stringify(body.error));
    const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
    // Developer mode, which the Sync buttons require, is switched on by opening the client with ?debug=1.
    await fetch(`${url}/web?debug=1`, { headers: { Cookie: cookie }, redirect: 'manual' });
    return { worker, url, cookie };
  }

  /** Clicks an account button on a server (developer mode, as the Sync buttons require). */
  async function click(server: Server, method: string, accountId: number): Promise<void> {
    const response = await fetch(`${server.url}/web/dataset/call_button`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: server.cookie },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 2, params: { model: 'amazon.account', method, args: [[accountId]], kwargs: {} } }),
    });
    const body = await response.json();
    if (body.error) throw new Error(`${method} on ${server.url}: ${JSON.stringify(body.error.data?.message ?? body.error)}`);
  }

  const cronDue = (name: string) => sql(setup, "UPDATE ir_cron SET active = true, nextcall = (now() AT TIME ZONE 'UTC') - interval '1 minute', lease_until = NULL WHERE name = $1", [name]);
  const schedulerWorker = () => spawnTsx(join(__dirname, 'scheduler_worker.ts'), [setup.url, setup.t.db.name]);
  const cli = (command: string, accountId: number) => spawnErp(['amazon', command, '--account', String(accountId), ...dbArgs(setup)], env());

  /**
   * Waits until nothing is running: no process of ours, no sync run still open, no account lock
   * held (the servers run the buttons' syncs in the background after answering the click).
   */
  async function settle(workers: Worker[], done: () => Promise<boolean>, timeoutMs = 200_000): Promise<void> {
    const start = Date.now();
    for (;;) {
      const exited = workers.every((w) => w.child.exitCode !== null);
      const running = await sql<{ n: string }>(setup, `SELECT (SELECT count(*) FROM amazon_sync_run WHERE state = 'running')
        + (SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = $1) AS n`, [setup.t.db.name]);
      if (exited && Number(running[0]!.n) === 0 && (await done())) return;
      if (Date.now() - start > timeoutMs) throw new Error('the racing syncs did not finish in time');
      await sleep(250);
    }
  }

  test('each order imported once, each delivery confirmed once', async () => {
    setup = await faultDatabase();
    const now = Date.parse(setup.sandbox.control.now());
    const markets = [US, CA, MX, BR];
    for (const [i, marketplace] of markets.entries()) accounts.push(await createAccount(setup, `Race ${i}`, [marketplace], now - 30 * 3600_000));
    const seeded: AmazonOrder[] = [];
    for (const [a, marketplace] of markets.entries()) {
      seeded.push(...setup.sandbox.control.seedOrders(Array.from({ length: PER_ACCOUNT }, (_, i): SeedOrder => {
        const changed = now - 20 * 3600_000 + i * 60_000;
        const fba = i % 3 === 0;
        return {
          // The sandbox derives item references from the middle part: one leading digit per account.
          ref: `${117 + a}-${a + 1}${String(i).padStart(6, '0')}-0000002`, marketplaceId: marketplace,
          channel: fba ? 'FBA' : 'FBM', status: fba ? 'Shipped' : 'Unshipped',
          purchaseDate: isoZ(changed - 3600_000), lastUpdateDate: isoZ(changed),
          // The same buyers and SKUs on every account: the accounts race for shared records too.
          buyer: { name: `Race Buyer ${i % 10}`, email: `race${i % 10}@marketplace.amazon.com` },
          items: [{ ref: itemRef(`${117 + a}-${a + 1}${String(i).padStart(6, '0')}-0000002`), sku: `RACE-${i % 5}`, quantityOrdered: 1 + (i % 2), itemPrice: 20, itemTax: 1.5 }],
        };
      })));
    }

    // Orders: both servers start and one of their schedulers claims the due order cron; at the
    // same time the command line syncs every account and Sync Orders is clicked on both servers.
    // A sync that finds the account locked by another answers "busy" and leaves no run behind.
    await cronDue('Amazon: sync orders');
    servers.push(...(await Promise.all([startServer(), startServer()])));
    const clis = accounts.map((id) => cli('sync-orders', id));
    await Promise.all(servers.flatMap((s) => accounts.map((id) => click(s, 'action_sync_orders', id))));
    await settle(clis, async () => true);
    for (const w of clis) await expectSuccess(w);
    // The cron may still be running in a server: wait until its run is on record too.
    await settle([], async () => Number((await sql<{ n: string }>(setup, "SELECT count(*) AS n FROM ir_cron WHERE name = 'Amazon: sync orders' AND lease_until IS NOT NULL"))[0]!.n) === 0);

    const runs = await sql<{ trigger: string; state: string; n: number }>(setup, "SELECT trigger, state, count(*)::int AS n FROM amazon_sync_run WHERE kind = 'orders' GROUP BY 1, 2 ORDER BY 1, 2");
    console.log(`order sync runs: ${runs.map((r) => `${r.trigger}/${r.state}: ${r.n}`).join(', ')}`);
    expect(runs.filter((r) => r.state !== 'done')).toEqual([]);
    const perAccount = await sql<{ account_id: number; n: number }>(setup, "SELECT account_id, count(*)::int AS n FROM amazon_sync_run WHERE kind = 'orders' GROUP BY 1");
    expect(perAccount.map((r) => r.account_id).sort()).toEqual([...accounts].sort());
    // The scheduled job ran in exactly one of the workers, successfully.
    expect(await sql(setup, "SELECT last_state FROM ir_cron WHERE name = 'Amazon: sync orders'")).toEqual([{ last_state: 'success' }]);
    const refs = (await sql<{ ref: string }>(setup, 'SELECT amazon_order_ref AS ref FROM sale_order WHERE amazon_order_ref IS NOT NULL')).map((r) => r.ref);
    expect(refs.length).toBe(new Set(refs).size);
    expect(new Set(refs)).toEqual(new Set(seeded.map((o) => o.ref)));
    expect(await integrityProblems(setup)).toEqual([]);
    expect(await sql(setup, "SELECT order_ref, error FROM amazon_sync_log WHERE state <> 'done'")).toEqual([]);

    // Deliveries: validate every FBM delivery, then the deliveries cron in two scheduler
    // processes, the command line (twice per account) and the button on both servers race.
    await setup.t.commit(async (e) => {
      const product = await e.model('product.product').create({ name: 'UPS race shipping', type: 'service' });
      const carrier = (await e.model('delivery.carrier').create({ name: 'UPS', product_id: product.ids[0] })).ids[0];
      const { rows } = await e.cr.query<{ id: number }>(
        "SELECT p.id FROM stock_picking p JOIN sale_order o ON o.id = p.sale_id WHERE o.amazon_channel = 'fbm' AND p.state NOT IN ('done', 'cancel') ORDER BY p.id");
      for (const { id } of rows) {
        const picking: any = e.model('stock.picking').browse([id]);
        await picking.write({ carrier_id: carrier, carrier_tracking_ref: `1Z-RACE-${id}` });
        for (const move of await e.model('stock.move').search_read([['picking_id', '=', id]], ['product_uom_qty'])) {
          await e.model('stock.move').browse([move.id]).write({ quantity: move.product_uom_qty });
        }
        expect(await picking.button_validate()).toBe(true);
      }
    });
    const fbm = seeded.filter((o) => o.channel === 'FBM');
    expect(Number((await sql<{ n: string }>(setup, "SELECT count(*) AS n FROM stock_picking WHERE amazon_sync_status = 'pending'"))[0]!.n)).toBe(fbm.length);
    await cronDue('Amazon: sync deliveries');
    const pickingWorkers = [schedulerWorker(), schedulerWorker(), ...accounts.flatMap((id) => [cli('sync-pickings', id), cli('sync-pickings', id)])];
    await Promise.all(servers.flatMap((s) => accounts.map((id) => click(s, 'action_sync_pickings', id))));
    const allConfirmed = async () => Number((await sql<{ n: string }>(setup, "SELECT count(*) AS n FROM stock_picking WHERE amazon_sync_status IN ('pending', 'processing', 'unknown')"))[0]!.n) === 0;
    await settle(pickingWorkers, allConfirmed);
    for (const w of pickingWorkers) expect(w.child.exitCode).toBe(0);
    const ran = pickingWorkers.slice(0, 2).map((w) => JSON.parse(w.stdout()).ran as number);
    console.log(`scheduler workers ran ${ran.join(' and ')} jobs`);

    expect(await sql(setup, "SELECT id, amazon_sync_error FROM stock_picking WHERE amazon_sync_status = 'error'")).toEqual([]);
    const confirmations = setup.sandbox.control.confirmations();
    const perOrder = new Map<string, number>();
    for (const c of confirmations) perOrder.set(c.orderRef, (perOrder.get(c.orderRef) ?? 0) + 1);
    expect([...perOrder.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(new Set(perOrder.keys())).toEqual(new Set(fbm.map((o) => o.ref)));
    expect(setup.sandbox.control.modelViolations()).toEqual([]);
  });
});
