/** Shared helpers of the security and bad-input suites. */
import { setErrorLogger } from '../../../addons/base/rpc/errors';
import { engines, type Engine } from '../../support/db';
import type { TestServer } from '../../support/server';

export const ODOO_EXCEPTIONS = [
  'odoo.exceptions.UserError', 'odoo.exceptions.ValidationError', 'odoo.exceptions.AccessError',
  'odoo.exceptions.AccessDenied', 'odoo.exceptions.MissingError',
];

/** One server per file: PostgreSQL (the production engine) when available, else PGlite. */
export function securityEngine(): Engine {
  const all = engines();
  return all.includes('postgres') ? 'postgres' : all[0];
}

/** Unexpected (internal) errors the kernel logged while a suite ran; a suite asserts it stays empty. */
export function captureInternalErrors(): unknown[] {
  const seen: unknown[] = [];
  setErrorLogger((error) => seen.push(error));
  return seen;
}

const STACK = /\n\s+at |\.ts:\d+|\.js:\d+|node_modules|Error: .*\n/;

/**
 * The JSON-RPC body is either a result or an Odoo error of the odoo.exceptions family with a
 * message and no stack trace. Returns the error data (or null on a result).
 */
export function checkOutcome(body: any, label = ''): { name: string; message: string } | null {
  if (!body || typeof body !== 'object') throw new Error(`${label}: not a JSON-RPC response: ${String(body).slice(0, 200)}`);
  if (body.error === undefined) {
    if (!('result' in body)) throw new Error(`${label}: neither result nor error: ${JSON.stringify(body).slice(0, 200)}`);
    return null;
  }
  const { error } = body;
  const problems: string[] = [];
  if (error.code !== 200) problems.push(`code ${error.code}`);
  if (error.message !== 'Odoo Server Error') problems.push(`message ${error.message}`);
  if (!ODOO_EXCEPTIONS.includes(error.data?.name)) problems.push(`name ${error.data?.name}`);
  if (typeof error.data?.message !== 'string' || !error.data.message.trim()) problems.push('empty message');
  if (STACK.test(JSON.stringify(error))) problems.push('stack trace');
  if (problems.length) throw new Error(`${label}: not a clear Odoo error (${problems.join(', ')}): ${JSON.stringify(error).slice(0, 400)}`);
  return error.data;
}

/** Row counts and an md5 of every row of the given tables: any write shows. */
export async function tableChecksums(s: TestServer, tables: string[]): Promise<Record<string, string>> {
  return s.app.db.transaction(async (cr) => {
    const sums: Record<string, string> = {};
    for (const table of tables) {
      const { rows } = await cr.query<{ n: number; sum: string | null }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t.id), '')) AS sum FROM "${table}" t`);
      sums[table] = `${rows[0].n}:${rows[0].sum}`;
    }
    return sums;
  });
}

/** Every public table still exists (no DROP through an injection). */
export async function tableNames(s: TestServer): Promise<string[]> {
  return s.app.db.transaction(async (cr) => {
    const { rows } = await cr.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1");
    return rows.map((r) => r.name);
  });
}

let seq = 1000;
/** A raw call_kw POST with the session cookie; the whole body back. */
export async function rawCallKw(s: TestServer, cookie: string, model: unknown, method: unknown, args: unknown, kwargs: unknown = {}): Promise<any> {
  const { status, body } = await s.post(`/web/dataset/call_kw`, { jsonrpc: '2.0', method: 'call', id: ++seq, params: { model, method, args, kwargs } }, { Cookie: cookie });
  if (status !== 200) throw new Error(`HTTP ${status} on call_kw ${String(model)}.${String(method)}: ${String(body).slice(0, 200)}`);
  return body;
}
