import { join } from 'node:path';
import type { Database } from './database';
import { PgliteDatabase } from './pglite';
import { PostgresDatabase } from './postgres';

export interface DatabaseOptions {
  name: string;
  /** PostgreSQL server URL; without it the embedded PGlite engine is used. */
  url?: string;
  /** Where PGlite keeps its files; undefined means in memory (tests). */
  dataDir?: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return PostgresDatabase.open(options.url, options.name, options.poolSize);
  return PgliteDatabase.open(options.name, options.dataDir ? join(options.dataDir, options.name) : undefined);
}
