/**
 * A cron worker process for the cron race test: opens the shared PostgreSQL database without
 * installing, waits for the common start time, runs the due jobs once and prints how many ran.
 * Usage: tsx cron_worker.ts <postgres url> <db name> <start at (ms epoch)>
 */
import { DEFAULT_CONFIG, createApp } from '../../../addons/base/http/app';
import { CronScheduler } from '../../../addons/base/cron/scheduler';
import { installTestCronMethods } from './cron_methods';

async function main(): Promise<void> {
  const [url, name, startAt] = process.argv.slice(2);
  const app = await createApp({ ...DEFAULT_CONFIG, port: 0, dbUrl: url, dbName: name }, { addons: ['base'], install: false });
  installTestCronMethods(app.registry);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
  const ran = await new CronScheduler(app).runDueJobs();
  await app.db.close();
  process.stdout.write(JSON.stringify({ pid: process.pid, ran }));
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error));
  process.exit(1);
});
