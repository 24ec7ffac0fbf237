import { App, Component } from '@odoo/owl';
import { makeEnv, startServices, type Env } from '../../static/web/src/main_env_for_tests';

export type RpcHandler = (route: string, params: any) => unknown;

/** Thrown by a fake server to answer with a given JSON-RPC error code and Odoo exception. */
export class ServerError extends Error {
  constructor(message: string, override readonly name = 'odoo.exceptions.UserError', readonly code = 200, readonly fields?: string[]) {
    super(message);
  }
}

/** An env with every registered service, whose network is the given handler (a fake server). */
export async function makeTestEnv(handler: RpcHandler, sessionInfo: Record<string, unknown> = {}): Promise<Env & { calls: Array<{ route: string; params: any }> }> {
  const calls: Array<{ route: string; params: any }> = [];
  const env = makeEnv('') as Env & { calls: typeof calls };
  env.calls = calls;
  env.sessionInfo = { uid: 2, name: 'Admin', username: 'admin', user_context: { tz: 'UTC', lang: 'en_US' }, ...sessionInfo };
  env.fetch = (async (url: string, init: { body: string }) => {
    const body = JSON.parse(init.body);
    calls.push({ route: String(url), params: body.params });
    try {
      const result = await handler(String(url), body.params);
      return fakeResponse({ jsonrpc: '2.0', id: body.id, result: result ?? null });
    } catch (error) {
      const message = (error as Error).message;
      const { name, code, fields } = error instanceof ServerError ? error : { name: 'odoo.exceptions.ValidationError', code: 200, fields: undefined };
      const data = { name, message, debug: 'Traceback (most recent call last): secret stack', ...(fields ? { fields } : {}) };
      return fakeResponse({ jsonrpc: '2.0', id: body.id, error: { code, message: code === 100 ? 'Odoo Session Expired' : 'Odoo Server Error', data } });
    }
  }) as unknown as typeof fetch;
  await startServices(env);
  return env;
}

export async function mountComponent(C: typeof Component, env: Env, props: Record<string, unknown> = {}): Promise<{ fixture: HTMLElement; app: App }> {
  const fixture = document.createElement('div');
  document.body.appendChild(fixture);
  const app = new App(C as any, { env, props, test: true });
  await app.mount(fixture);
  return { fixture, app };
}

/** OWL renders on the next animation frame; RPCs resolve on later ticks. */
export async function nextTick(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  }
}

export function input(el: Element | null, value: string, event = 'input'): void {
  if (!el) throw new Error('no such input');
  (el as HTMLInputElement).value = value;
  el.dispatchEvent(new Event(event, { bubbles: true }));
}

/** jsdom has no fetch Response; the rpc layer only reads status and text(). */
function fakeResponse(payload: unknown) {
  return { status: 200, ok: true, text: async () => JSON.stringify(payload) };
}
