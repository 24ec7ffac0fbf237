/**
 * The ERP's command line: `serve` (what `npm start` runs) and the commands addons contribute
 * (e.g. `npm run erp -- amazon sync-orders --account 1`).
 */
import cluster from 'node:cluster';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG, createApp, listen } from '../addons/base/http/app';
import type { App, ServerConfig } from '../addons/base/http/routes';
import { CronScheduler } from '../addons/base/cron/scheduler';
import { stopBackgroundJobs } from '../addons/base/db/background_jobs';
import { ROOT } from '../addons/base/loader/manifest';

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'data-dir': { type: 'string' },
  'db-url': { type: 'string' },
  'db-name': { type: 'string' },
  workers: { type: 'string' },
  'no-demo': { type: 'boolean' },
  'no-cron': { type: 'boolean' },
  'proxy-mode': { type: 'boolean' },
  'manifests-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const USAGE = `Usage: npm start -- [options]    (or: npm run erp -- <command> [options])
  --port N          HTTP port (default 8069)
  --host H          address to listen on (default 127.0.0.1)
  --data-dir DIR    where the embedded database lives (default ./data)
  --db-url URL      PostgreSQL server instead of the embedded database (or DATABASE_URL)
  --db-name NAME    database name (default erp)
  --workers N       N worker processes serving HTTP and running crons (PostgreSQL only)
  --no-demo         do not load demo data at first install
  --no-cron         do not run scheduled actions in this process
  --proxy-mode      behind a reverse proxy: trust its X-Forwarded-For/-Proto/-Host (or ERP_PROXY_MODE=1)
  --manifests-dir D read the addon manifests from D instead of ./manifests (Odoo's --addons-path)`;

export type CliCommand = (app: App, argv: string[]) => Promise<void>;

function configFrom(values: Record<string, unknown>): ServerConfig {
  const port = values.port !== undefined ? Number(values.port) : Number(process.env.PORT ?? DEFAULT_CONFIG.port);
  const workers = values.workers !== undefined ? Number(values.workers) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got ${values.port}`);
  if (!Number.isInteger(workers) || workers < 0) fail(`--workers must be a whole number, got ${values.workers}`);
  const dbUrl = (values['db-url'] as string | undefined) ?? process.env.DATABASE_URL;
  if (workers > 0 && !dbUrl) fail('--workers needs a PostgreSQL server (--db-url or DATABASE_URL): the embedded database has a single connection.');
  return {
    ...DEFAULT_CONFIG,
    port, workers, dbUrl,
    host: (values.host as string) ?? DEFAULT_CONFIG.host,
    dataDir: resolve((values['data-dir'] as string) ?? DEFAULT_CONFIG.dataDir),
    dbName: (values['db-name'] as string) ?? DEFAULT_CONFIG.dbName,
    demo: !values['no-demo'],
    proxyMode: Boolean(values['proxy-mode']) || ['1', 'true', 'yes'].includes(String(process.env.ERP_PROXY_MODE ?? '').toLowerCase()),
    manifestsDir: values['manifests-dir'] ? resolve(values['manifests-dir'] as string) : undefined,
  };
}

function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(2);
}

/**
 * Signal handling from the first moment: a SIGTERM that arrives while the database is being
 * installed is remembered and honoured once start-up is done, instead of killing the process
 * half-way through writing the embedded database's files.
 */
function onStopSignal(): { ready(stop: () => void): void } {
  let requested = false;
  let stop: (() => void) | null = null;
  const handler = () => (stop ? stop() : (requested = true));
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    ready(fn) {
      stop = fn;
      if (requested) fn();
    },
  };
}

async function serve(config: ServerConfig, withCron: boolean): Promise<void> {
  const signals = onStopSignal();
  if (cluster.isPrimary && config.workers > 0) return superviseWorkers(config, signals);
  const app = await createApp(config, { install: !cluster.isWorker, log: (line) => console.log(line) });
  const services = cluster.isWorker ? [] : await startAddonServices(app);
  const server = await listen(app);
  const scheduler = withCron ? new CronScheduler(app, 30_000, (line) => console.error(line)) : null;
  scheduler?.start();
  if (cluster.isWorker) console.log(`worker ${process.pid} serving on port ${server.port}${scheduler ? ', running scheduled actions' : ''}`);
  else printReady(config, server.port);
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= (async () => {
    await scheduler?.stop();
    await server.close();
    // Syncs started by buttons stop between two orders and record where they stopped.
    await stopBackgroundJobs();
    for (const service of services) await service.stop();
    await app.db.close();
    process.exit(0);
  })());
  signals.ready(() => void stop());
  // A worker whose primary is gone (killed outright) stops instead of serving on, orphaned.
  if (cluster.isWorker) process.on('disconnect', () => void stop());
}

function printReady(config: ServerConfig, port: number): void {
  const where = config.dbUrl ? `PostgreSQL database "${config.dbName}"` : `embedded database in ${join(config.dataDir, config.dbName)}`;
  console.log(`ERP ready at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}  (${where})`);
  console.log(`Log in with user "admin" and password "${process.env.ERP_ADMIN_PASSWORD ? '<ERP_ADMIN_PASSWORD>' : 'admin'}" (set at first start).`);
}

/** A worker that dies sooner than this after its start is crashing, not failing once. */
const CRASH_LOOP_MS = 5_000;

/**
 * The primary of `--workers N`: installs or upgrades once, starts the addons' background
 * services once (the demo's Amazon sandbox: the workers reach it through the endpoint it records
 * in the database), forks N workers that share the port (HTTP and cron each), replaces a worker
 * that dies, and on SIGTERM/SIGINT stops them all, then its services, before exiting.
 */
async function superviseWorkers(config: ServerConfig, signals: ReturnType<typeof onStopSignal>): Promise<void> {
  // Install or upgrade once, in the primary, before any worker opens the database.
  const app = await createApp(config, { log: (line) => console.log(line) });
  const services = await startAddonServices(app);
  const exit = async (code: number) => {
    for (const service of services) await service.stop();
    await app.db.close();
    process.exit(code);
  };
  console.log(`Starting ${config.workers} workers`);
  let stopping = false;
  let announced = false;
  const startedAt = new Map<number, number>();
  const fork = () => startedAt.set(cluster.fork().id, Date.now());
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {});
    if (!workers.length) void exit(0);
    for (const worker of workers) worker?.process.kill('SIGTERM');
  };
  signals.ready(stop); // a signal during the install: stop now, before forking
  if (stopping) return;
  for (let i = 0; i < config.workers; i++) fork();
  cluster.on('listening', (_worker, address) => {
    if (announced) return;
    announced = true;
    printReady(config, address.port);
  });
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (!startedAt.size) void exit(Number(process.exitCode ?? 0));
      return;
    }
    if (lived < CRASH_LOOP_MS) {
      console.error(`worker ${worker.process.pid} died ${lived} ms after starting (${signal ?? code}); stopping instead of restarting it in a loop.`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill('SIGTERM');
      if (!startedAt.size) void exit(1);
      process.exitCode = 1;
      return;
    }
    console.error(`worker ${worker.process.pid} exited (${signal ?? code}); starting a new one`);
    fork();
  });
}

interface RunningService {
  stop(): Promise<void>;
}

/**
 * Background services addons start with the server (the Amazon sandbox in demo mode): their
 * entry module exports `startServices(app)` or `startDemoServices(app)`.
 */
async function startAddonServices(app: App): Promise<RunningService[]> {
  const running: RunningService[] = [];
  for (const addon of app.order) {
    const entry = app.manifests.get(addon)?.entry;
    if (!entry) continue;
    const module = require(join(ROOT, entry));
    for (const hook of [module.startServices, module.startDemoServices]) {
      if (typeof hook !== 'function') continue;
      const service = await hook(app);
      if (service && typeof service.stop === 'function') running.push(service);
    }
  }
  return running;
}

/** Commands contributed by addons: their entry module exports `commands: { name: CliCommand }`. */
async function runAddonCommand(command: string, argv: string[], config: ServerConfig): Promise<void> {
  const app = await createApp(config, { log: () => undefined });
  try {
    for (const addon of app.order) {
      const entry = app.manifests.get(addon)?.entry;
      const commands: Record<string, CliCommand> | undefined = entry ? require(join(ROOT, entry)).commands : undefined;
      if (commands?.[command]) return await commands[command](app, argv);
    }
    fail(`unknown command "${command}". Commands: serve${listCommands(app)}`);
  } finally {
    await app.db.close();
  }
}

function listCommands(app: App): string {
  const names: string[] = [];
  for (const addon of app.order) {
    const entry = app.manifests.get(addon)?.entry;
    if (entry) names.push(...Object.keys(require(join(ROOT, entry)).commands ?? {}));
  }
  return names.map((n) => `, ${n}`).join('');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'serve';
  const rest = command === 'serve' && argv[0] !== 'serve' ? argv : argv.slice(1);
  if (command === 'serve') {
    const { values } = parseArgs({ args: rest, options: OPTIONS, strict: true });
    if (values.help) return void console.log(USAGE);
    return serve(configFrom(values), !values['no-cron']);
  }
  const { values, positionals } = parseArgs({ args: rest, options: { ...OPTIONS, account: { type: 'string' } }, strict: false, allowPositionals: true });
  return runAddonCommand(command, [...positionals, ...(values.account ? ['--account', String(values.account)] : [])], configFrom(values));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
