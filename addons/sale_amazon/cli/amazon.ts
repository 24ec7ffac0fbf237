/**
 * `npm run erp -- amazon sync-orders --account ID`, `amazon sync-pickings --account ID`,
 * `amazon recover-order REF --account ID`.
 */
import { SingleBar, Presets } from 'cli-progress';
import type { App } from '../../base/http/routes';
import { inTransaction, recoverOrder, syncOrders } from '../services/order_import';
import { syncPickings } from '../services/shipment_confirmation';

const USAGE = `Usage: npm run erp -- amazon <command> --account ID
  sync-orders            import the orders whose status changed since the last sync
  sync-pickings          confirm validated FBM deliveries to Amazon
  recover-order REF      import one order by its Amazon reference`;

function accountOf(argv: string[]): number {
  const at = argv.indexOf('--account');
  const id = at >= 0 ? Number(argv[at + 1]) : NaN;
  if (!Number.isInteger(id) || id <= 0) throw new Error(`--account ID is required (the id of the Amazon account).\n${USAGE}`);
  return id;
}

export const commands = {
  amazon: async (app: App, argv: string[]): Promise<void> => {
    const [sub, ...rest] = argv;
    const ctx = { db: app.db, registry: app.registry, uid: 1 };
    if (sub === 'sync-orders') {
      const bar = new SingleBar({ format: 'Amazon orders {bar} {value} read | {created} created {updated} updated {skipped} unchanged {failed} to retry', hideCursor: true }, Presets.shades_classic);
      bar.start(0, 0, { created: 0, updated: 0, skipped: 0, failed: 0 });
      const summary = await syncOrders(ctx, accountOf(rest), {
        trigger: 'cli',
        onProgress: (p) => { bar.setTotal(Math.max(p.fetched + p.retried, 1)); bar.update(p.fetched + p.retried, { ...p }); },
      });
      bar.stop();
      console.log(summary.message);
      if (summary.state === 'failed') process.exitCode = 1;
      return;
    }
    if (sub === 'sync-pickings') {
      const summary = await syncPickings(ctx, accountOf(rest), undefined, undefined, 'cli');
      console.log(summary.message);
      if (summary.failed) process.exitCode = 1;
      return;
    }
    if (sub === 'recover-order') {
      const ref = rest.find((a) => !a.startsWith('--') && a !== String(accountOf(rest)));
      const accountId = accountOf(rest);
      const orderId = await inTransaction(ctx, (env) => recoverOrder(env, accountId, ref ?? ''));
      console.log(`Amazon order ${ref} is sales order #${orderId}.`);
      return;
    }
    console.log(USAGE);
    if (sub) process.exitCode = 2;
  },
};
