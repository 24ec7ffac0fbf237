/**
 * Shared pieces of the business-over-RPC suites (not a test file): a server with the business
 * addons, users with real groups, and the Odoo error envelope checks.
 */
import { RpcError, startTestServer, type RpcClient, type TestServer } from '../../support/server';
import type { Engine } from '../../support/db';

export const BUSINESS_ADDONS = ['sale_stock', 'delivery', 'account_batch_payment'];

export interface BusinessServer {
  server: TestServer;
  admin: RpcClient;
  /** database id of an external id such as 'stock.stock_location_stock' */
  ref(xmlid: string): Promise<number>;
  /** creates a user of the main company (or the given companies) in these groups and logs in */
  user(login: string, groups: string[], companies?: number[]): Promise<{ uid: number; client: RpcClient }>;
  /** how many records match, seen by the administrator (archived ones included) */
  count(model: string, domain?: unknown[]): Promise<number>;
}

export async function startBusinessServer(engine: Engine): Promise<BusinessServer> {
  const server = await startTestServer(engine, { addons: BUSINESS_ADDONS });
  const admin = await server.login('admin', 'admin');
  const refs = new Map<string, number>();
  const ref = async (xmlid: string): Promise<number> => {
    const cached = refs.get(xmlid);
    if (cached) return cached;
    const [module, name] = xmlid.split('.');
    const rows = await admin.callKw('ir.model.data', 'search_read', [[['module', '=', module], ['name', '=', name]]], { fields: ['res_id'] });
    if (!rows.length) throw new Error(`no record has the external id ${xmlid}`);
    refs.set(xmlid, rows[0].res_id);
    return rows[0].res_id;
  };
  return {
    server, admin, ref,
    async user(login, groups, companies) {
      const groupIds = await Promise.all(groups.map(ref));
      const companyIds = companies ?? [await ref('base.main_company')];
      const password = `${login}-secret-1`;
      const uid = await admin.callKw('res.users', 'create', [{
        name: `User ${login}`, login, password, company_id: companyIds[0], company_ids: [[6, 0, companyIds]], groups_id: [[6, 0, groupIds]],
      }]);
      return { uid, client: await server.login(login, password) };
    },
    count: (model, domain = []) => admin.callKw(model, 'search_count', [domain], { context: { active_test: false } }),
  };
}

/** Awaits a call that must fail with an Odoo error of this name whose message matches. */
export async function refused(call: Promise<unknown>, name: 'UserError' | 'ValidationError' | 'AccessError' | 'MissingError', message: RegExp | string): Promise<string> {
  let error: unknown;
  try {
    await call;
  } catch (caught) {
    error = caught;
  }
  if (!(error instanceof RpcError)) throw new Error(`expected an Odoo ${name}, got ${error === undefined ? 'a success' : String(error)}`);
  expect(error.code).toBe(200);
  expect(error.data.name).toBe(`odoo.exceptions.${name}`);
  if (typeof message === 'string') expect(error.data.message).toBe(message);
  else expect(error.data.message).toMatch(message);
  return error.data.message;
}

/** x2many create commands */
export function lines(...vals: Array<Record<string, unknown>>): Array<[number, number, Record<string, unknown>]> {
  return vals.map((v) => [0, 0, v]);
}

/** A unique suffix so records of one test never collide with another's on the shared server. */
let counter = 0;
export function unique(stem: string): string {
  counter += 1;
  return `${stem} ${process.pid}-${counter}`;
}
