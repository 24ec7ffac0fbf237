/**
 * A network between the connector and the sandbox that can misbehave in ways the sandbox's own
 * fault API cannot: lose Amazon's answer after Amazon has processed the request (the client sees
 * a timeout although the shipment was recorded), or hand Amazon a page token that no longer works
 * (as an expired NextToken does). Every other request is passed through unchanged, Host header
 * included (the sandbox routes on it).
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyFault =
  /** Forward the request, let Amazon process it, then never answer (the client times out). */
  | { type: 'loseAnswer'; match: RegExp; count: number }
  /** Replace the page token of a matching request by one Amazon no longer accepts. */
  | { type: 'stalePageToken'; match: RegExp; count: number };

export interface FaultProxy {
  url: string;
  inject(fault: ProxyFault): void;
  /** Faults not used up yet. */
  pending(): ProxyFault[];
  /** Requests whose answer was lost, and page tokens replaced so far. */
  hits: { type: ProxyFault['type']; path: string }[];
  close(): Promise<void>;
}

const PAGE_TOKEN = /([?&](?:NextToken|paginationToken)=)[^&]*/;

export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  let faults: ProxyFault[] = [];
  const hits: FaultProxy['hits'] = [];
  const held = new Set<http.ServerResponse>();
  const take = (type: ProxyFault['type'], path: string): boolean => {
    const fault = faults.find((f) => f.type === type && f.count > 0 && f.match.test(path) && (type !== 'stalePageToken' || PAGE_TOKEN.test(path)));
    if (!fault) return false;
    fault.count -= 1;
    faults = faults.filter((f) => f.count > 0);
    hits.push({ type, path });
    return true;
  };
  const server = http.createServer((req, res) => {
    let path = req.url ?? '/';
    if (take('stalePageToken', path)) {
      // A token of the right shape that Amazon will not accept any more.
      path = path.replace(PAGE_TOKEN, `$1${encodeURIComponent(Buffer.from('{"expired":true}').toString('base64'))}`);
    }
    const lose = take('loseAnswer', path);
    const forward = http.request({
      host: upstream.hostname, port: upstream.port, method: req.method, path, headers: req.headers,
    }, (answer) => {
      if (lose) {
        // Amazon did the work; its answer never reaches the client.
        answer.resume();
        held.add(res);
        res.on('close', () => held.delete(res));
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.socket?.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inject: (fault) => { faults.push({ ...fault }); },
    pending: () => faults.map((f) => ({ ...f })),
    hits,
    close: async () => {
      for (const res of held) res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
