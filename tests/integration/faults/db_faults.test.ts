/**
 * Database faults (issue 7 "Faults"): an ERP server process (`bin/erp.ts serve`) on PostgreSQL has
 * its connections killed (`pg_terminate_backend`) again and again while an order sync started by
 * its Sync Orders button runs and while RPC calls come in. The server must survive, serve RPC
 * normally once the database answers again, and leave no partial record: every sales order has
 * its customer and its lines, and a later sync brings every order in exactly once.
 */
import { engines } from '../../support/db';
import { freePort, killAll, sleep, spawnErp, type Worker } from '../../support/processes';
import type { SeedOrder } from '../../../addons/sale_amazon/sandbox/control';
import { createAccount, dbArgs, faultDatabase, integrityProblems, isoZ, itemRef, sql, US, type FaultSetup } from './fixture';

jest.setTimeout(300_000);

const ORDERS = Number(process.env.FAULTS_DB_ORDERS ?? 200);
const KILLS = 8;

(engines().includes('postgres') ? describe : describe.skip)('PostgreSQL connections dropped under a running server', () => {
  let setup: FaultSetup;
  let server: Worker;
  afterAll(async () => {
    await killAll();
    await setup?.close();
  });

  test('the server survives, serves RPC afterwards, and nothing is half written', async () => {
    setup = await faultDatabase();
    const now = Date.parse(setup.sandbox.control.now());
    const accountId = await createAccount(setup, 'DB faults US', [US], now - 30 * 3600_000);
    const seeded = setup.sandbox.control.seedOrders(Array.from({ length: ORDERS }, (_, i): SeedOrder => {
      const changed = now - 20 * 3600_000 + i * 60_000;
      const fba = i % 2 === 0;
      return {
        ref: `121-${String(1000000 + i).slice(-7)}-0000003`, marketplaceId: US, channel: fba ? 'FBA' : 'FBM', status: fba ? 'Shipped' : 'Unshipped',
        purchaseDate: isoZ(changed - 3600_000), lastUpdateDate: isoZ(changed),
        buyer: { name: `Db Buyer ${i % 15}`, email: `db${i % 15}@marketplace.amazon.com` },
        items: [{ ref: itemRef(`121-${String(1000000 + i).slice(-7)}-0000003`, 0), sku: `DB-${i % 4}`, quantityOrdered: 1, itemPrice: 12, itemTax: 1 }, { ref: itemRef(`121-${String(1000000 + i).slice(-7)}-0000003`, 1), sku: `DB-${(i + 1) % 4}`, quantityOrdered: 2, itemPrice: 30, itemTax: 2 }],
      };
    }));

    // Amazon answers each page of orders in a third of a second: the import (fast, up to 500 orders
    // a transaction) then lasts long enough for the kills to land while it runs.
    setup.sandbox.control.injectFault({ type: 'slow', operation: 'orders2026.searchOrders', delayMs: 300, count: 10_000 });

    const port = await freePort();
    server = spawnErp(['serve', '--port', String(port), '--no-demo', '--no-cron', ...dbArgs(setup)], { AMAZON_SP_API_ENDPOINT: setup.sandbox.url });
    for (let i = 0; !server.stdout().includes('ERP ready at'); i++) {
      if (server.child.exitCode !== null || i > 1200) throw new Error(`server did not start:\n${server.stdout()}\n${server.stderr()}`);
      await sleep(100);
    }
    const url = `http://127.0.0.1:${port}`;
    let cookie = '';
    const rpc = async (route: string, params: unknown): Promise<any> => {
      const response = await fetch(`${url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Cookie: cookie }, body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }) });
      if (route === '/web/session/authenticate') cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
      const body = await response.json();
      if (body.error) throw new Error(body.error.data?.message ?? JSON.stringify(body.error));
      return body.result;
    };
    const login = () => rpc('/web/session/authenticate', { db: setup.t.db.name, login: 'admin', password: 'admin' });
    const callKw = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}) => rpc('/web/dataset/call_kw', { model, method, args, kwargs });
    await login();
    // Developer mode, which the Sync buttons require, is switched on by opening the client with ?debug=1.
    await fetch(`${url}/web?debug=1`, { headers: { Cookie: cookie }, redirect: 'manual' });
    const imported = async () => Number((await sql<{ n: string }>(setup, 'SELECT count(*) AS n FROM sale_order WHERE amazon_order_ref IS NOT NULL'))[0]!.n);
    const terminate = () => sql<{ n: string }>(setup, 'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [setup.t.db.name]);

    const runningSync = async () => Number((await sql<{ n: string }>(setup, "SELECT count(*) AS n FROM amazon_sync_run WHERE state = 'running'"))[0]!.n) > 0;
    const lastRun = async () => Number((await sql<{ id: number | null }>(setup, 'SELECT max(id) AS id FROM amazon_sync_run'))[0]!.id ?? 0);
    // The button starts the sync in the server; the connections are killed while it runs and while RPC calls come in.
    // (The button answers as soon as its request commits; the sync runs on in the server, and may
    // be over before it is seen running: the click waits for its run record.)
    const clicks: Promise<string>[] = [];
    const click = async () => {
      const before = await lastRun();
      clicks.push(rpc('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[accountId]], kwargs: {} }).then(() => 'answered', (e: Error) => `failed: ${e.message}`));
      for (let i = 0; i < 3000 && (await lastRun()) === before; i++) await sleep(10);
    };
    let killed = 0;
    let rpcFailures = 0;
    const points: string[] = [];
    let duringImport = 0;
    for (let k = 0; k < KILLS; k++) {
      // Kill points spread over the import: each waits for its share of the orders to be in.
      const target = Math.floor(((k + 1) * ORDERS) / (KILLS + 2));
      // A killed connection stops the running sync; the user clicks Sync Orders again.
      if (!(await runningSync())) await click();
      for (let i = 0; i < 3000 && (await imported()) < target && (await runningSync()); i++) await sleep(10);
      const before = await imported();
      const running = await runningSync();
      // A burst: some kills land between statements, some in the middle of an order's transaction.
      for (let b = 0; b < 4; b++) {
        killed += Number((await terminate())[0]!.n);
        await sleep(15 + b * 10);
      }
      if (running && before < ORDERS) duringImport++;
      points.push(`${before}${running ? '' : '(idle)'}`);
      // RPC during the outage either answers or fails cleanly; it never takes the server down.
      await callKw('sale.order', 'search_read', [[['amazon_order_ref', '!=', false]], ['name', 'partner_id']], { limit: 5 }).catch(() => { rpcFailures++; });
      if (server.child.exitCode !== null) throw new Error(`the server died (exit ${server.child.exitCode}):\n${server.stderr().slice(-3000)}`);
    }
    console.log(`terminated ${killed} backends in bursts at ${points.join(', ')} orders imported; ${rpcFailures} RPC calls failed during the outage; the button's calls: ${(await Promise.all(clicks)).join(', ')}`);
    expect(duringImport).toBeGreaterThanOrEqual(3);

    // The database is back: the server serves every call.
    for (let i = 0; i < 10; i++) {
      const rows = await callKw('res.partner', 'search_read', [[], ['name']], { limit: 3 });
      expect(rows.length).toBeGreaterThan(0);
    }
    const partner = await callKw('res.partner', 'create', [{ name: 'After the outage' }]);
    expect(await callKw('res.partner', 'read', [[partner], ['name']])).toEqual([{ id: partner, name: 'After the outage' }]);
    expect(await login()).toMatchObject({ uid: 2 });
    expect(server.child.exitCode).toBeNull();

    // Let the interrupted sync end, then sync again until every order is in; no partial record at any point.
    const waitIdle = async () => {
      for (let i = 0; i < 1200; i++) {
        const [row] = await sql<{ n: string }>(setup, "SELECT count(*) AS n FROM amazon_sync_run WHERE state = 'running' AND started_at > (now() AT TIME ZONE 'UTC') - interval '10 minutes'");
        if (Number(row!.n) === 0) return;
        await sleep(250);
      }
      throw new Error('the sync did not end');
    };
    await waitIdle();
    expect(await integrityProblems(setup)).toEqual([]);
    for (let i = 0; i < 5 && (await imported()) < ORDERS; i++) {
      const before = await lastRun();
      await rpc('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[accountId]], kwargs: {} });
      // The sync it started in the background has its run record, then ends.
      for (let j = 0; j < 400 && (await lastRun()) === before; j++) await sleep(25);
      await waitIdle();
    }
    const refs = (await sql<{ ref: string }>(setup, 'SELECT amazon_order_ref AS ref FROM sale_order WHERE amazon_order_ref IS NOT NULL')).map((r) => r.ref);
    expect(refs.length).toBe(new Set(refs).size);
    expect(new Set(refs)).toEqual(new Set(seeded.map((o) => o.ref)));
    expect(await integrityProblems(setup)).toEqual([]);
    // No order sits in the retry queue because of the outage: a lost connection is not the order's fault.
    expect(await sql(setup, "SELECT order_ref, error FROM amazon_sync_log WHERE state <> 'done'")).toEqual([]);
    expect(server.child.exitCode).toBeNull();
  });
});
