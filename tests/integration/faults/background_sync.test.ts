/**
 * The Sync buttons answer as soon as their request commits; the synchronisation runs on in the
 * background (issue 7). Proof: the sync is held up by a row lock another session keeps on the
 * account (its cursor update waits for it), and the button has answered all the same; once the
 * lock goes, the run ends and the orders are in.
 */
import pg from 'pg';
import { engines } from '../../support/db';
import { backgroundJobCount, backgroundJobsSettled } from '../../../addons/base/db/background_jobs';
import { createAccount, dbUrl, faultDatabase, isoZ, itemRef, sql, US, type FaultSetup } from './fixture';

jest.setTimeout(120_000);

(engines().includes('postgres') ? describe : describe.skip)('Sync buttons answer before the sync ends (postgres)', () => {
  let setup: FaultSetup;
  let account: number;

  beforeAll(async () => {
    setup = await faultDatabase();
    account = await createAccount(setup, 'Background US', [US], Date.parse(setup.sandbox.control.now()) - 30 * 3600_000);
  });
  afterAll(async () => {
    await backgroundJobsSettled();
    await setup?.close();
  });

  test('Sync Orders answers while the sync it started is still waiting; the run ends in the background', async () => {
    const now = Date.parse(setup.sandbox.control.now());
    const orders = setup.sandbox.control.seedOrders(Array.from({ length: 3 }, (_, i) => {
      const ref = `112-5${String(i).padStart(6, '0')}-0000001`;
      return {
        ref, marketplaceId: US, channel: 'FBM' as const, status: 'Unshipped' as const,
        purchaseDate: isoZ(now - 3600_000), lastUpdateDate: isoZ(now - 3000_000 + i * 1000),
        buyer: { name: `Button Buyer ${i}`, email: `button${i}@marketplace.amazon.com` },
        items: [{ ref: itemRef(ref), sku: 'BUTTON-SKU', quantityOrdered: 1, itemPrice: 10, itemTax: 1 }],
      };
    }));
    const blocker = new pg.Client({ connectionString: dbUrl(setup) });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM amazon_account WHERE id = $1 FOR NO KEY UPDATE', [account]);
      const answer = await Promise.race([
        setup.t.commit(async (env) => (env.model('amazon.account').sudo().browse([account]) as any).action_sync_orders()),
        new Promise((resolve) => setTimeout(() => resolve('no answer within 10 s'), 10_000)),
      ]);
      expect(answer).toMatchObject({ type: 'ir.actions.client', tag: 'display_notification' });
      expect(backgroundJobCount()).toBe(1);
      // The form follows the sync from the click on.
      expect(await setup.t.commit(async (env) => (await env.model('amazon.account').browse([account]).fetchOne(['sync_running'])).sync_running)).toBe(true);
      const imported = await sql(setup, "SELECT 1 FROM sale_order WHERE amazon_order_ref LIKE '112-5%'");
      expect(imported).toEqual([]);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    await backgroundJobsSettled();
    const runs = await sql<{ state: string; created: number; trigger: string }>(setup, 'SELECT state, created, trigger FROM amazon_sync_run WHERE account_id = $1', [account]);
    expect(runs).toEqual([{ state: 'done', created: orders.length, trigger: 'manual' }]);
    expect(await setup.t.commit(async (env) => (await env.model('amazon.account').browse([account]).fetchOne(['sync_running'])).sync_running)).toBe(false);
  });
});
