import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { CronScheduler } from '../../../addons/base/cron/scheduler';
import { SessionStore } from '../../../addons/base/http/sessions';
import { createTestDatabase, engines, testDatabaseUrl } from '../../support/db';
import { startTestServer, type TestServer, type RpcClient } from '../../support/server';
import { cronLoopSteps, installTestCronMethods } from './cron_methods';

const ROOT = resolve(__dirname, '..', '..', '..');
const PAST = '2000-01-01 00:00:00';

for (const engine of engines()) describe(`cron on ${engine}`, () => {
  let s: TestServer;
  let admin: RpcClient;
  beforeAll(async () => {
    s = await startTestServer(engine, { addons: ['base'] });
    installTestCronMethods(s.app.registry);
    admin = await s.login('admin', 'admin');
  });
  afterAll(() => s?.close());

  const runs = async () => Number((await admin.callKw('ir.config_parameter', 'search_read', [[['key', '=', 'test.cron.runs']], ['value']]))[0]?.value ?? 0);
  const job = (id: number) => admin.callKw('ir.cron', 'read', [[id], ['last_state', 'last_error', 'lastcall', 'nextcall', 'lease_until', 'last_duration']]).then((rows) => rows[0]);
  const createJob = (name: string, method: string, extra: Record<string, unknown> = {}) =>
    admin.callKw('ir.cron', 'create', [{ name, model_name: 'ir.config_parameter', method, nextcall: PAST, interval_type: 'hours', ...extra }]);
  const deactivateAll = () => admin.callKw('ir.cron', 'search', [[]]).then((ids) => ids.length && admin.callKw('ir.cron', 'write', [ids, { active: false }]));

  test('a due job runs once, records success and moves nextcall forward', async () => {
    await deactivateAll();
    const before = await runs();
    const id = await createJob('tick', '_test_cron_tick');
    const scheduler = new CronScheduler(s.app);
    expect(await scheduler.runDueJobs()).toBe(1);
    expect(await runs()).toBe(before + 1);
    const row = await job(id);
    expect(row).toMatchObject({ last_state: 'success', last_error: false, lease_until: false });
    expect(row.nextcall > new Date().toISOString().replace('T', ' ').slice(0, 19)).toBe(true);
    expect(await scheduler.runDueJobs()).toBe(0);
    expect(await runs()).toBe(before + 1);
  });

  test('failure is recorded with its message, and the job is rescheduled', async () => {
    await deactivateAll();
    const id = await createJob('fails', '_test_cron_fail');
    const log: string[] = [];
    expect(await new CronScheduler(s.app, 30_000, (line) => log.push(line)).runDueJobs()).toBe(1);
    expect(await job(id)).toMatchObject({ last_state: 'failure', last_error: 'The job failed on purpose.', lease_until: false });
    expect(log.join('\n')).toMatch(/failed on purpose/);
  });

  test('a job that overruns its timeout is recorded as timed out', async () => {
    await deactivateAll();
    const id = await createJob('slow', '_test_cron_slow', { timeout_seconds: 1 });
    await new CronScheduler(s.app).runDueJobs();
    const row = await job(id);
    expect(row.last_state).toBe('timeout');
    expect(row.last_duration).toBeGreaterThanOrEqual(1);
  });

  test('an instance job that overruns its timeout is stopped at the deadline and its writes rolled back', async () => {
    await deactivateAll();
    const id = await createJob('overrun', '_test_cron_write_then_loop', { timeout_seconds: 1 });
    const started = Date.now();
    await new CronScheduler(s.app).runDueJobs();
    expect(Date.now() - started).toBeLessThan(4000);
    const stepsAtStop = cronLoopSteps.count;
    expect(stepsAtStop).toBeGreaterThan(0);
    expect(stepsAtStop).toBeLessThan(200);
    const row = await job(id);
    expect(row).toMatchObject({ last_state: 'timeout', lease_until: false });
    expect(row.last_error).toMatch(/ran longer than its timeout of 1 s and was stopped.*rolled back/);
    expect(await admin.callKw('ir.config_parameter', 'search_count', [[['key', '=', 'test.cron.overrun']]])).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(cronLoopSteps.count).toBe(stepsAtStop);
  });

  if (engine === 'postgres') test('on PostgreSQL one statement outliving the timeout is cancelled, not waited for', async () => {
    await deactivateAll();
    const id = await createJob('hang', '_test_cron_write_then_hang', { timeout_seconds: 1 });
    const started = Date.now();
    await new CronScheduler(s.app).runDueJobs();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await job(id)).toMatchObject({ last_state: 'timeout' });
    expect(await admin.callKw('ir.config_parameter', 'search_count', [[['key', '=', 'test.cron.hang']]])).toBe(0);
  });

  test('"run now" over RPC (method_direct_trigger) runs the job and records it', async () => {
    await deactivateAll();
    const before = await runs();
    const id = await createJob('manual', '_test_cron_tick', { nextcall: '2999-01-01 00:00:00' });
    expect(await admin.call('/web/dataset/call_button', { model: 'ir.cron', method: 'method_direct_trigger', args: [[id]], kwargs: {} })).toBe(false);
    expect(await runs()).toBe(before + 1);
    expect(await job(id)).toMatchObject({ last_state: 'success' });
    const plainUserGroup = (await admin.callKw('ir.model.data', 'search_read', [[['module', '=', 'base'], ['name', '=', 'group_user']], ['res_id']]))[0].res_id;
    await admin.callKw('res.users', 'create', [{ name: 'Cron Plain', login: 'cron-plain', password: 'pw-plain', groups_id: [[6, 0, [plainUserGroup]]] }]);
    const plain = await s.login('cron-plain', 'pw-plain');
    await expect(plain.callKw('ir.cron', 'method_direct_trigger', [[id]])).rejects.toMatchObject({ data: { name: 'odoo.exceptions.AccessError' } });
    expect(await runs()).toBe(before + 1);
  });
});

// Worker processes need a server database (PGlite is single-process); engines() fails under CI=true without one.
if (engines().includes('postgres')) describe('cron across worker processes on postgres', () => {
  test('two worker processes racing for one due job run it exactly once', async () => {
    const t = await createTestDatabase('postgres', { addons: ['base'] });
    try {
      await SessionStore.ensureTable(t.db);
      await t.commit(async (env, cr) => {
        await cr.query('UPDATE ir_cron SET active = false');
        await env.model('ir.cron').create({ name: 'race', model_name: 'ir.config_parameter', method: '_test_cron_tick', nextcall: PAST, interval_type: 'hours' });
      }, 1);
      const startAt = Date.now() + 4000;
      const worker = () => new Promise<{ pid: number; ran: number }>((done, fail) => {
        const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(__dirname, 'cron_worker.ts'), testDatabaseUrl()!, t.db.name, String(startAt)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.on('exit', (code) => (code === 0 ? done(JSON.parse(out)) : fail(new Error(`worker exited ${code}: ${err}`))));
      });
      const results = await Promise.all([worker(), worker()]);
      expect(results.map((r) => r.ran).sort()).toEqual([0, 1]);
      const rows = await t.rollback(async (_env, cr) => (await cr.query<{ key: string; value: string }>(`SELECT key, value FROM ir_config_parameter WHERE key LIKE 'test.cron.%' ORDER BY key`)).rows);
      expect(rows.find((r) => r.key === 'test.cron.runs')?.value).toBe('1');
      const winner = results.find((r) => r.ran === 1)!.pid;
      expect(rows.filter((r) => r.key.startsWith('test.cron.pid.')).map((r) => r.value)).toEqual([String(winner)]);
    } finally {
      await t.close();
    }
  }, 60_000);
});
