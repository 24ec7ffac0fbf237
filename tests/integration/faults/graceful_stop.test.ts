/**
 * SIGTERM while a Sync Orders button's synchronisation runs in the server: the server stops the
 * sync at its next page of orders, records the run as interrupted (not left 'running'), and
 * exits cleanly; the next run imports the rest, nothing twice.
 */
import { engines } from '../../support/db';
import { killAll, sleep } from '../../support/processes';
import { createAccount, dbArgs, faultDatabase, integrityProblems, isoZ, itemRef, sql, startServerProcess, US, type FaultSetup } from './fixture';
import { syncOrders } from '../../../addons/sale_amazon/services/order_import';

jest.setTimeout(180_000);

(engines().includes('postgres') ? describe : describe.skip)('graceful stop during a button sync (postgres)', () => {
  let setup: FaultSetup;
  afterAll(async () => {
    await killAll();
    await setup?.close();
  });

  test('the run ends interrupted with why, the server exits 0, the next run completes the import', async () => {
    setup = await faultDatabase();
    const now = Date.parse(setup.sandbox.control.now());
    const account = await createAccount(setup, 'Stop US', [US], now - 30 * 3600_000);
    const orders = setup.sandbox.control.seedOrders(Array.from({ length: 2400 }, (_, i) => {
      const ref = `111-6${String(i).padStart(6, '0')}-0000001`;
      return {
        ref, marketplaceId: US, channel: 'FBM' as const, status: 'Unshipped' as const,
        purchaseDate: isoZ(now - 21 * 3600_000), lastUpdateDate: isoZ(now - 20 * 3600_000 + i * 1000),
        buyer: { name: `Stop Buyer ${i % 50}`, email: `stop${i % 50}@marketplace.amazon.com` },
        items: [{ ref: itemRef(ref), sku: 'STOP-SKU', quantityOrdered: 1, itemPrice: 10, itemTax: 1 }],
      };
    }));
    const { worker: server, url } = await startServerProcess(['--no-demo', '--no-cron', ...dbArgs(setup)], { AMAZON_SP_API_ENDPOINT: setup.sandbox.url });
    const call = async (route: string, params: unknown, cookie = '') => fetch(`${url}${route}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params }),
    });
    const auth = await call('/web/session/authenticate', { db: setup.t.db.name, login: 'admin', password: 'admin' });
    const cookie = (auth.headers.get('set-cookie') ?? '').split(';')[0]!;
    await fetch(`${url}/web?debug=1`, { headers: { Cookie: cookie }, redirect: 'manual' });
    const clicked = await (await call('/web/dataset/call_button', { model: 'amazon.account', method: 'action_sync_orders', args: [[account]], kwargs: {} }, cookie)).json();
    expect(clicked.result).toMatchObject({ tag: 'display_notification' });
    const run = async () => (await sql<{ id: number; state: string; created: number; message: string | null }>(setup, 'SELECT id, state, created, message FROM amazon_sync_run WHERE account_id = $1 ORDER BY id DESC LIMIT 1', [account]))[0];
    // Stopped once the first orders are in, well before all of them are.
    for (let i = 0; i < 600 && !((await run())?.created); i++) await sleep(50);
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const stopped = (await run())!;
    expect(stopped).toMatchObject({ state: 'interrupted', message: expect.stringMatching(/^Synchronisation stopped: the server was stopped\. The next run continues from here\.$/) });
    expect(stopped.created).toBeLessThan(orders.length);
    expect(await integrityProblems(setup)).toEqual([]);

    expect(await syncOrders({ db: setup.t.db, registry: setup.t.registry }, account)).toMatchObject({ state: 'done' });
    const refs = (await sql<{ ref: string }>(setup, "SELECT amazon_order_ref AS ref FROM sale_order WHERE amazon_order_ref LIKE '111-6%'")).map((r) => r.ref);
    expect(refs.sort()).toEqual(orders.map((o) => o.ref).sort());
    expect(await integrityProblems(setup)).toEqual([]);
  });
});
