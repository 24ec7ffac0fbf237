import { createHash } from 'node:crypto';
import pg from 'pg';
import type { Cursor, Database } from '../../addons/base/db/database';
import { openDatabase } from '../../addons/base/db/open';
import { loadDatabase, buildRegistry } from '../../addons/base/loader/loader';
import { Environment } from '../../addons/base/orm/environment';
import type { Registry } from '../../addons/base/orm/registry';

export type Engine = 'pglite' | 'postgres';

/** PostgreSQL server used by the tests (set by .ci/run); CI must have it, a laptop may not. */
export function testDatabaseUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || undefined;
}

/** The engines to run integration tests on. With CI=true a missing server is a failure, not a skip. */
export function engines(): Engine[] {
  if (testDatabaseUrl()) return ['pglite', 'postgres'];
  if (process.env.CI === 'true') throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suites cannot run.');
  return ['pglite'];
}

export interface TestDatabase {
  engine: Engine;
  db: Database;
  registry: Registry;
  /** Runs fn in a transaction that is always rolled back (Odoo's TransactionCase). */
  rollback<T>(fn: (env: Environment, cr: Cursor) => Promise<T>, uid?: number): Promise<T>;
  /** Runs fn in a transaction that commits. */
  commit<T>(fn: (env: Environment, cr: Cursor) => Promise<T>, uid?: number): Promise<T>;
  close(): Promise<void>;
}

class Rollback extends Error {}

/**
 * A database with the given addons installed. On PostgreSQL the first call per addon set
 * installs into a template database; later ones clone it (CREATE DATABASE ... TEMPLATE).
 */
export async function createTestDatabase(engine: Engine, options: { addons?: string[]; demo?: boolean } = {}): Promise<TestDatabase> {
  const addons = options.addons ?? ['base'];
  let db: Database;
  let registry: Registry;
  if (engine === 'pglite') {
    db = await openDatabase({ name: 'test' });
    registry = (await loadDatabase(db, { addons, demo: options.demo })).registry;
  } else {
    const url = testDatabaseUrl()!;
    const template = await ensureTemplate(url, addons, Boolean(options.demo));
    const name = `test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
    await adminQuery(url, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    db = await openDatabase({ name, url });
    registry = buildRegistry({ addons }).registry;
    const close = db.close.bind(db);
    (db as { close: () => Promise<void> }).close = async () => {
      await close();
      await adminQuery(url, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    };
  }
  const run = async <T>(fn: (env: Environment, cr: Cursor) => Promise<T>, uid: number, keep: boolean): Promise<T> => {
    let value!: T;
    try {
      await db.transaction(async (cr) => {
        const env = new Environment(registry, cr, uid);
        env.cache.db = db;
        value = await fn(env, cr);
        if (!keep) throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return value;
  };
  return {
    engine, db, registry,
    rollback: (fn, uid = 2) => run(fn, uid, false),
    commit: (fn, uid = 2) => run(fn, uid, true),
    close: () => db.close(),
  };
}

async function adminQuery(url: string, sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql, params);
  } finally {
    await client.end();
  }
}

/** One template per addon set and code version, built once across parallel jest workers. */
async function ensureTemplate(url: string, addons: string[], demo: boolean): Promise<string> {
  const key = createHash('sha1').update(JSON.stringify([[...addons].sort(), demo, codeVersion()])).digest('hex').slice(0, 12);
  const name = `tpl_${key}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(88001)');
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rows.length) {
      const building = `${name}_building`;
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      const db = await openDatabase({ name: building, url });
      try {
        await loadDatabase(db, { addons, demo });
      } finally {
        await db.close();
      }
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    }
    await client.query('SELECT pg_advisory_unlock(88001)');
  } finally {
    await client.end();
  }
  return name;
}

/** Templates are keyed by the content of every addon file, so any code or data change rebuilds them. */
let cachedVersion: string | undefined;
function codeVersion(): string {
  if (cachedVersion) return cachedVersion;
  const { readdirSync, readFileSync, statSync } = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  const root = path.resolve(__dirname, '..', '..');
  const hash = createHash('sha1');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (/\.(ts|json)$/.test(name)) hash.update(full.slice(root.length)).update(readFileSync(full));
    }
  };
  walk(path.join(root, 'addons'));
  walk(path.join(root, 'manifests'));
  cachedVersion = hash.digest('hex');
  return cachedVersion;
}
