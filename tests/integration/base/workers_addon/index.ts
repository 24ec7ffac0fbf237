/**
 * Test-only addon for workers.test.ts: a due cron job that records which process ran it, and
 * a route that tells which worker process served a request for which session user.
 */
import { Model } from '../../../../addons/base/orm/model';
import { fields } from '../../../../addons/base/orm/fields';
import type { JsonRoute } from '../../../../addons/base/http/routes';

export class TestWorkerTick extends Model {
  static override _name = 'test.worker.tick';
  static override _description = 'Cron run seen by the workers test';
  static override _fields = { pid: fields.integer() };

  /** Slow enough that the other worker's scheduler looks for due jobs while it runs. */
  async _cron_tick(): Promise<void> {
    await this.env.cr.query('SELECT pg_sleep(0.5)');
    await this.sudo().create({ pid: process.pid });
  }
}

export const models = [TestWorkerTick];

export const jsonRoutes: JsonRoute[] = [
  { path: '/test_workers/whoami', auth: 'user', handler: async (ctx) => ({ pid: process.pid, uid: ctx.env!.uid }) },
];
