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

/** The order reference: the first argument that is neither an option nor the option's value. */
function refOf(argv: string[]): string {
  const at = argv.indexOf('--account');
  const ref = argv.find((arg, i) => !arg.startsWith('--') && i !== at + 1);
  if (!ref) throw new Error(`The Amazon order reference is missing.\n${USAGE}`);
  return ref;
}

/**
 * A progress bar on stderr. Piped or redirected output (cron jobs, CI logs) gets a line every
 * second and the final state, instead of nothing.
 */
function progressBar(format: string): SingleBar {
  return new SingleBar({ format, hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 }, Presets.shades_classic);
}

export const commands = {
  amazon: async (app: App, argv: string[]): Promise<void> => {
    const [sub, ...rest] = argv;
    const ctx = { db: app.db, registry: app.registry, uid: 1 };
    if (sub === 'sync-orders') {
      const bar = progressBar('Amazon orders {bar} {value} read | {created} created {updated} updated {skipped} unchanged {failed} to retry');
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
      const bar = progressBar('Amazon deliveries {bar} {value}/{total} | {done} confirmed {failed} failed');
      bar.start(0, 0, { done: 0, failed: 0 });
      const summary = await syncPickings(ctx, accountOf(rest), undefined, undefined, {
        trigger: 'cli',
        onProgress: (p) => { bar.setTotal(p.total); bar.update(p.done + p.failed, p); },
      });
      bar.stop();
      console.log(summary.message);
      if (summary.failed) process.exitCode = 1;
      return;
    }
    if (sub === 'recover-order') {
      const accountId = accountOf(rest);
      const ref = refOf(rest);
      const orderId = await inTransaction(ctx, (env) => recoverOrder(env, accountId, ref));
      const name = await inTransaction(ctx, async (env) => (await env.model('sale.order').browse([orderId]).fetchOne(['name'])).name);
      console.log(`Amazon order ${ref} is the sales order ${name} (id ${orderId}).`);
      return;
    }
    console.log(USAGE);
    if (sub) process.exitCode = 2;
  },
};
