import type { Registry } from '../../../addons/base/orm/registry';
import { UserError } from '../../../addons/base/orm/exceptions';

/** Steps done by _test_cron_write_then_loop in this process (to see it stop). */
export const cronLoopSteps = { count: 0 };

/** Job methods for the cron tests, added to ir.config_parameter of this process's registry. */
export function installTestCronMethods(registry: Registry): void {
  const proto = registry.meta('ir.config_parameter').cls.prototype as any;
  /** Counts its runs in a parameter and records who ran it; slow enough for a race. */
  proto._test_cron_tick = async function (this: any) {
    await this.env.cr.query(`SELECT pg_sleep(0.3)`);
    await this.env.cr.query(
      `INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES ('test.cron.runs', '1', now(), now())
       ON CONFLICT (key) DO UPDATE SET value = (ir_config_parameter.value::int + 1)::text`);
    await this.env.cr.query(
      `INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES ('test.cron.pid.' || $1, $1, now(), now()) ON CONFLICT (key) DO NOTHING`,
      [String(process.pid)]);
  };
  proto._test_cron_fail = async function () {
    throw new UserError('The job failed on purpose.');
  };
  proto._test_cron_slow = async function (this: any) {
    await this.env.cr.query(`SELECT pg_sleep(1.2)`);
  };
  /** Writes, then keeps working in short statements far past any timeout, counting its steps. */
  proto._test_cron_write_then_loop = async function (this: any) {
    await this.env.cr.query(`INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES ('test.cron.overrun', 'written', now(), now())`);
    for (let i = 0; i < 200; i++) {
      await this.env.cr.query(`SELECT pg_sleep(0.05)`);
      cronLoopSteps.count += 1;
    }
  };
  /** Writes, then runs one statement far longer than any timeout. */
  proto._test_cron_write_then_hang = async function (this: any) {
    await this.env.cr.query(`INSERT INTO ir_config_parameter (key, value, create_date, write_date) VALUES ('test.cron.hang', 'written', now(), now())`);
    await this.env.cr.query(`SELECT pg_sleep(30)`);
  };
}
