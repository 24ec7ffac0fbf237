/**
 * A cron worker process for the fault tests: opens the shared PostgreSQL database (all addons,
 * no install), runs the due scheduled jobs once as a worker's scheduler does, prints how many ran.
 * Usage: tsx scheduler_worker.ts <postgres url> <db name>
 */
import { DEFAULT_CONFIG, createApp } from '../../../addons/base/http/app';
import { CronScheduler } from '../../../addons/base/cron/scheduler';

async function main(): Promise<void> {
  const [url, name] = process.argv.slice(2);
  const app = await createApp({ ...DEFAULT_CONFIG, port: 0, dbUrl: url, dbName: name }, { install: false });
  const ran = await new CronScheduler(app, 30_000, (line) => process.stderr.write(`${line}\n`)).runDueJobs();
  await app.db.close();
  process.stdout.write(JSON.stringify({ pid: process.pid, ran }));
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
