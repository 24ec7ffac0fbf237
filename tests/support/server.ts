import type { App } from '../../addons/base/http/routes';
import { DEFAULT_CONFIG, listen } from '../../addons/base/http/app';
import { createTestDatabase, type Engine, type TestDatabase } from './db';

export interface RpcClient {
  /** cookie-carrying JSON-RPC call to a route, result or thrown RpcError */
  call(route: string, params: unknown): Promise<any>;
  callKw(model: string, method: string, args?: unknown[], kwargs?: Record<string, unknown>): Promise<any>;
  cookie?: string;
}

export class RpcError extends Error {
  constructor(readonly code: number, readonly data: { name: string; message: string }) {
    super(data?.message);
  }
}

export interface TestServer {
  url: string;
  app: App;
  database: TestDatabase;
  /** raw JSON-RPC POST returning the whole response body */
  post(route: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  /** logs in through /web/session/authenticate and returns a client bound to that session */
  login(login: string, password: string): Promise<RpcClient>;
  close(): Promise<void>;
}

/** Starts the real HTTP server on port 0 over a fresh test database. */
export async function startTestServer(engine: Engine, options: { addons?: string[]; demo?: boolean } = {}): Promise<TestServer> {
  const database = await createTestDatabase(engine, options);
  const { buildRegistry } = await import('../../addons/base/loader/loader');
  const { SessionStore } = await import('../../addons/base/http/sessions');
  const loaded = buildRegistry({ addons: options.addons ?? ['base'] });
  await SessionStore.ensureTable(database.db);
  const app: App = { db: database.db, registry: database.registry, config: { ...DEFAULT_CONFIG, port: 0, dbName: database.db.name }, manifests: loaded.manifests, order: loaded.order };
  const listening = await listen(app);
  const url = `http://127.0.0.1:${listening.port}`;
  const post = async (route: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${route}`, {
      method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // plain-text errors (400, 413) stay text
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  let seq = 0;
  const client = (cookie?: string): RpcClient => {
    const rpc: RpcClient = {
      cookie,
      async call(route, params) {
        const { body } = await post(route, { jsonrpc: '2.0', method: 'call', id: ++seq, params }, rpc.cookie ? { Cookie: rpc.cookie } : {});
        if (body.error) throw new RpcError(body.error.code, body.error.data);
        return body.result;
      },
      callKw(model, method, args = [], kwargs = {}) {
        return rpc.call(`/web/dataset/call_kw/${model}/${method}`, { model, method, args, kwargs });
      },
    };
    return rpc;
  };
  return {
    url, app, database, post,
    async login(login, password) {
      const response = await post('/web/session/authenticate', { jsonrpc: '2.0', method: 'call', id: 1, params: { db: app.db.name, login, password } });
      if (response.body.error) throw new RpcError(response.body.error.code, response.body.error.data);
      const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
      return client(cookie);
    },
    async close() {
      await listening.close();
      await database.close();
    },
  };
}
