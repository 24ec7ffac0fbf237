/** The control API over HTTP (POST/GET under /_sandbox/), for a demo driving the sandbox from another process. */
import type * as http from 'node:http';
import type { OrderStatus } from '../sp_api/types';
import type { SandboxControl } from './control';

export async function handleControl(
  req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer, control: SandboxControl,
  info: () => { url: string; credentials: unknown; application: unknown },
  registerRedirectUri: (uri: string) => void,
): Promise<void> {
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  try {
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/_sandbox/, '');
    const body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    const method = req.method ?? 'GET';
    const status = /^\/orders\/([^/]+)\/status$/.exec(path);
    const order = /^\/orders\/([^/]+)$/.exec(path);
    const history = /^\/orders\/([^/]+)\/history$/.exec(path);
    if (method === 'GET' && path === '/info') return send(200, { ...info(), now: control.now() });
    if (method === 'POST' && path === '/application/redirect-uris') return (registerRedirectUri(String(body.uri ?? '')), send(201, info().application));
    if (method === 'POST' && path === '/orders') return send(201, { orders: control.seedOrders(body.orders ?? []) });
    if (method === 'POST' && path === '/orders/generate') return send(201, { orders: control.generateOrders(body) });
    if (method === 'POST' && status) return send(200, { order: control.setStatus(decodeURIComponent(status[1]!), body.status as OrderStatus) });
    if (method === 'GET' && history) return send(200, { history: control.history(decodeURIComponent(history[1]!)) });
    if (method === 'GET' && order) return send(200, { order: control.order(decodeURIComponent(order[1]!)) });
    if (method === 'POST' && path === '/clock/advance') return send(200, { now: control.advanceClock(Number(body.seconds)) });
    if (method === 'GET' && path === '/confirmations') return send(200, { confirmations: control.confirmations() });
    if (method === 'GET' && path === '/feeds') return send(200, { feeds: control.feeds() });
    if (method === 'POST' && path === '/faults') return (control.injectFault(body), send(201, { faults: control.pendingFaults() }));
    if (method === 'DELETE' && path === '/faults') return (control.clearFaults(), send(200, { faults: [] }));
    if (method === 'GET' && path === '/stats') return send(200, { stats: control.stats, violations: control.modelViolations() });
    send(404, { error: `no control route ${method} ${path}` });
  } catch (e) {
    send(400, { error: e instanceof Error ? e.message : String(e) });
  }
}
