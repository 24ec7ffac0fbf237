import type { App } from '../http/routes';
import { Environment } from '../orm/environment';
import { toOdooError } from '../rpc/errors';
import type { Cursor, QueryOptions } from '../db/database';

const NOW = `(now() AT TIME ZONE 'UTC')`;

interface ClaimedJob {
  id: number;
  name: string;
  model_name: string;
  method: string;
  user_id: number | null;
  interval_number: number;
  interval_type: string;
  timeout_seconds: number;
}

/**
 * Runs due ir.cron jobs. Every worker runs one; a job is claimed by a committed lease taken
 * with FOR UPDATE SKIP LOCKED, so two workers never run it at once and a crashed worker's
 * lease simply expires.
 */
export class CronScheduler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly app: App, private readonly pollMs = 30_000, private readonly log: (line: string) => void = () => undefined) {}

  start(): void {
    if (this.timer) return;
    const loop = () => {
      this.running = this.runDueJobs().then(() => undefined, (error) => this.log(`cron: ${String(error)}`)).finally(() => {
        this.running = null;
        if (this.timer) this.timer = setTimeout(loop, this.pollMs);
      });
    };
    this.timer = setTimeout(loop, Math.min(this.pollMs, 1000));
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs every job that is due now, one after the other; returns how many ran. */
  async runDueJobs(): Promise<number> {
    let count = 0;
    for (;;) {
      const job = await this.claim();
      if (!job) return count;
      await this.execute(job);
      count += 1;
    }
  }

  private async claim(): Promise<ClaimedJob | null> {
    return this.app.db.transaction(async (cr) => {
      const { rows } = await cr.query<ClaimedJob>(
        `UPDATE ir_cron SET lease_until = ${NOW} + make_interval(secs => GREATEST(timeout_seconds, 1))
          WHERE id = (SELECT id FROM ir_cron WHERE active IS TRUE AND nextcall <= ${NOW}
                        AND (lease_until IS NULL OR lease_until < ${NOW})
                      ORDER BY priority, nextcall FOR UPDATE SKIP LOCKED LIMIT 1)
          RETURNING id, name, model_name, method, user_id, interval_number, interval_type, timeout_seconds`);
      return rows[0] ?? null;
    });
  }

  private async execute(job: ClaimedJob): Promise<void> {
    const started = Date.now();
    let state: 'success' | 'failure' | 'timeout' = 'success';
    let error: string | null = null;
    const deadline = started + job.timeout_seconds * 1000;
    try {
      const cls = this.app.registry.models.get(job.model_name)?.cls as any;
      if (typeof cls?.[job.method] === 'function') {
        // A static job manages its own transactions (one per unit of work), as a long sync must;
        // it receives the deadline and stops between units when it has passed.
        await cls[job.method]({ db: this.app.db, registry: this.app.registry, uid: job.user_id ?? 1, deadline });
        if (Date.now() > deadline) state = 'timeout';
      } else await this.app.db.transaction((cr) => runUntilDeadline(job, deadline, async (stop) => {
        // PostgreSQL cancels a statement that outlives the whole budget (PGlite ignores it; the
        // deadline below still stops the job at its next statement).
        await cr.query(`SET LOCAL statement_timeout = ${Math.max(1, job.timeout_seconds) * 1000}`);
        const env = new Environment(this.app.registry, new DeadlineCursor(cr, job, deadline, stop), job.user_id ?? 1, { cron_id: job.id, cron_deadline: deadline });
        env.cache.db = this.app.db;
        const model = env.model(job.model_name) as any;
        if (typeof model[job.method] !== 'function') throw new Error(`${job.model_name}.${job.method} does not exist`);
        await model[job.method]();
      }));
    } catch (caught) {
      if (caught instanceof CronTimeout || (caught as { code?: string })?.code === STATEMENT_CANCELLED) {
        state = 'timeout';
        error = new CronTimeout(job).message;
      } else {
        state = 'failure';
        error = toOdooError(caught, this.app.registry).message;
      }
      this.log(`cron "${job.name}" ${state === 'timeout' ? 'timed out' : 'failed'}: ${error}`);
    }
    await this.app.db.transaction((cr) => cr.query(
      `UPDATE ir_cron SET lease_until = NULL, lastcall = ${NOW}, last_state = $2, last_error = $3, last_duration = $4,
              nextcall = CASE WHEN nextcall + make_interval(${intervalArg(job)} => $5) > ${NOW} THEN nextcall + make_interval(${intervalArg(job)} => $5)
                              ELSE ${NOW} + make_interval(${intervalArg(job)} => $5) END
        WHERE id = $1`, [job.id, state, error, (Date.now() - started) / 1000, job.interval_number]));
  }
}

/** SQLSTATE of a statement cancelled by statement_timeout. */
const STATEMENT_CANCELLED = '57014';

export class CronTimeout extends Error {
  constructor(job: { name: string; timeout_seconds: number }) {
    super(`The scheduled action "${job.name}" ran longer than its timeout of ${job.timeout_seconds} s and was stopped; everything it changed was rolled back. Raise its timeout or make it do less per run.`);
  }
}

/**
 * Runs an instance-method job, rejecting with CronTimeout at the deadline so the enclosing
 * transaction rolls back at once, whatever the job is doing. `stop` tells the job's cursor
 * that the deadline has passed, so the job cannot run another statement.
 */
async function runUntilDeadline(job: ClaimedJob, deadline: number, work: (stop: { stopped: boolean }) => Promise<void>): Promise<void> {
  const stop = { stopped: false };
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      stop.stopped = true;
      reject(new CronTimeout(job));
    }, Math.max(0, deadline - Date.now()));
  });
  const running = work(stop);
  running.catch(() => undefined); // its late failure (cursor closed) is expected once stopped
  try {
    await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
  // PGlite runs statements on this thread, so the timer cannot fire during one: a job that
  // finished past its deadline still overran and is rolled back all the same.
  if (Date.now() > deadline) {
    stop.stopped = true;
    throw new CronTimeout(job);
  }
}

/** The job's view of its transaction: refuses statements once the job has been stopped. */
class DeadlineCursor implements Cursor {
  constructor(private readonly cr: Cursor, private readonly job: ClaimedJob, private readonly deadline: number, private readonly stop: { stopped: boolean }) {}
  get kind() { return this.cr.kind; }
  get queryCount() { return this.cr.queryCount; }
  query<R = Record<string, any>>(sql: string, params?: unknown[], options?: QueryOptions) {
    if (this.stop.stopped || Date.now() > this.deadline) return Promise.reject(new CronTimeout(this.job));
    return this.cr.query<R>(sql, params, options);
  }
  savepoint<T>(fn: () => Promise<T>): Promise<T> { return this.cr.savepoint(fn); }
  afterCommit(fn: () => void | Promise<void>): void { this.cr.afterCommit(fn); }
  onFlush(fn: () => Promise<void>): void { this.cr.onFlush(fn); }
}

function intervalArg(job: ClaimedJob): string {
  const unit = { minutes: 'mins', hours: 'hours', days: 'days', weeks: 'weeks', months: 'months' }[job.interval_type];
  if (!unit) throw new Error(`Unknown cron interval ${job.interval_type}`);
  return unit;
}
