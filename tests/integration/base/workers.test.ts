import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ROOT } from '../../../addons/base/loader/manifest';
import { withDatabase } from '../../../addons/base/db/postgres';
import { engines, testDatabaseUrl } from '../../support/db';

/**
 * `bin/erp.ts serve` as a real process: first start and restart on PGlite, and `--workers 2`
 * on PostgreSQL. The addons are base (and, for workers, a test-only addon) through
 * --manifests-dir, so a start takes seconds.
 */
const ADDON = 'tests/integration/base/workers_addon';

interface Running {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpMatchArray>;
  exited: Promise<number | null>;
}

function startErp(args: string[], env: Record<string, string> = {}): Running {
  // `node --import tsx` (what `npm start` runs): signals reach the ERP itself, not a relaying parent.
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bin', 'erp.ts'), ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, ms = 60_000) => new Promise<RegExpMatchArray>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      const match = out.match(pattern);
      if (match) {
        clearInterval(poll);
        resolve(match);
      } else if (child.exitCode !== null || Date.now() - started > ms) {
        clearInterval(poll);
        reject(new Error(`no ${pattern} in the output of erp ${args.join(' ')}:\n${out}`));
      }
    }, 50);
  });
  return { child, output: () => out, waitFor, exited };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One JSON-RPC POST on a fresh connection (no keep-alive), so any worker may answer it. */
function post(port: number, path: string, params: unknown, cookie?: string): Promise<{ body: any; setCookie?: string }> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params });
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: {
      'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), Connection: 'close', ...(cookie ? { Cookie: cookie } : {}),
    } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ body: JSON.parse(text), setCookie: res.headers['set-cookie']?.[0]?.split(';')[0] }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function manifestsDir(withTestAddon: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), 'erp-manifests-'));
  copyFileSync(join(ROOT, 'manifests', 'base.json'), join(dir, 'base.json'));
  if (withTestAddon) {
    writeFileSync(join(dir, 'test_workers.json'), JSON.stringify({ name: 'test_workers', version: '1.0', depends: ['base'], entry: `${ADDON}/index.ts`, data: [`${ADDON}/cron.json`] }));
  }
  return dir;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('first start on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'erp-data-'));
  const manifests = manifestsDir(false);
  let running: Running | undefined;
  afterAll(async () => {
    if (running?.child.exitCode === null) running.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(manifests, { recursive: true, force: true });
  });

  test('creates the database with ERP_ADMIN_PASSWORD, prints address and login; a second start reuses it', async () => {
    const port = await freePort();
    const args = ['--data-dir', dataDir, '--port', String(port), '--no-demo', '--no-cron', '--manifests-dir', manifests];
    running = startErp(args, { ERP_ADMIN_PASSWORD: 'first-secret' });
    await running.waitFor(/Log in with user "admin"/);
    expect(running.output()).toMatch(/Installing base 1\.0/);
    expect(running.output()).toContain(`ERP ready at http://127.0.0.1:${port}  (embedded database in ${join(dataDir, 'erp')})`);
    expect(running.output()).toContain('Log in with user "admin" and password "<ERP_ADMIN_PASSWORD>"');
    const login = async (password: string) => (await post(port, '/jsonrpc', { service: 'common', method: 'login', args: ['erp', 'admin', password] })).body.result;
    expect(await login('first-secret')).toBe(2);
    expect(await login('admin')).toBe(false);
    const created = await post(port, '/jsonrpc', { service: 'object', method: 'execute_kw', args: ['erp', 2, 'first-secret', 'res.partner', 'create', [{ name: 'Kept Across Restarts' }]] });
    expect(created.body.result).toEqual(expect.any(Number));
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);

    // Second start: same data, no install, and a new ERP_ADMIN_PASSWORD does not reset the password.
    running = startErp(args, { ERP_ADMIN_PASSWORD: 'ignored-now' });
    await running.waitFor(/Log in with user "admin"/);
    expect(running.output()).not.toMatch(/Installing/);
    expect(await login('first-secret')).toBe(2);
    expect(await login('ignored-now')).toBe(false);
    const found = await post(port, '/jsonrpc', { service: 'object', method: 'execute_kw', args: ['erp', 2, 'first-secret', 'res.partner', 'search', [[['name', '=', 'Kept Across Restarts']]]] });
    expect(found.body.result).toEqual([created.body.result]);
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  }, 120_000);
});

if (engines().includes('postgres')) describe('--workers 2 on PostgreSQL', () => {
  const url = testDatabaseUrl()!;
  const dbName = `test_workers_${process.pid}_${Date.now().toString(36)}`;
  const manifests = manifestsDir(true);
  let running: Running | undefined;
  afterAll(async () => {
    if (running?.child.exitCode === null) running.child.kill('SIGKILL');
    rmSync(manifests, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await admin.end();
  });

  test('both workers serve, share database sessions, run a due cron once, and stop with the primary', async () => {
    const port = await freePort();
    running = startErp(['serve', '--workers', '2', '--db-url', url, '--db-name', dbName, '--port', String(port), '--no-demo', '--manifests-dir', manifests]);
    await running.waitFor(/ERP ready at http:\/\/127\.0\.0\.1:(\d+)/);
    await running.waitFor(/worker \d+ serving[^\n]*\n[^]*worker \d+ serving/);
    const workerPids = [...running.output().matchAll(/worker (\d+) serving on port (\d+)/g)].map((m) => {
      expect(Number(m[2])).toBe(port);
      return Number(m[1]);
    });
    expect(new Set(workerPids).size).toBe(2);

    // Many concurrent external API calls, all answered.
    const calls = await Promise.all(Array.from({ length: 40 }, () =>
      post(port, '/jsonrpc', { service: 'object', method: 'execute_kw', args: [dbName, 2, 'admin', 'res.partner', 'search_count', [[]]] })));
    for (const call of calls) expect(call.body.result).toEqual(expect.any(Number));

    // A session made by one worker works on the other: sessions live in the database.
    const auth = await post(port, '/web/session/authenticate', { db: dbName, login: 'admin', password: 'admin' });
    expect(auth.body.result.uid).toBe(2);
    const seen = new Set<number>();
    for (let i = 0; i < 12; i++) {
      const { body } = await post(port, '/test_workers/whoami', {}, auth.setCookie);
      expect(body.result.uid).toBe(2);
      seen.add(body.result.pid);
    }
    expect([...seen].sort()).toEqual([...workerPids].sort());

    // The due job: both workers' schedulers look for it about a second after start; it runs once.
    const client = new pg.Client({ connectionString: withDatabase(url, dbName) });
    await client.connect();
    try {
      const ticks = async () => (await client.query<{ pid: number }>('SELECT pid FROM test_worker_tick')).rows;
      const started = Date.now();
      while (!(await ticks()).length && Date.now() - started < 20_000) await new Promise((resolve) => setTimeout(resolve, 200));
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const rows = await ticks();
      expect(rows).toHaveLength(1);
      expect(workerPids).toContain(rows[0].pid);
      const { rows: [cron] } = await client.query(`SELECT last_state, lease_until FROM ir_cron WHERE name = 'Workers test tick'`);
      expect(cron).toMatchObject({ last_state: 'success', lease_until: null });
    } finally {
      await client.end();
    }

    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const pid of workerPids) expect(alive(pid)).toBe(false);
  }, 120_000);
});
