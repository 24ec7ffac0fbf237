import type { IncomingMessage } from 'node:http';

/**
 * The address a request comes from (login throttle, logs). Without proxy mode, the socket's
 * peer only: X-Forwarded-For is set by the client and would let an attacker pick any address.
 * In proxy mode (the server sits behind one reverse proxy, which it trusts), the address the
 * proxy appended last to X-Forwarded-For: entries before it are the client's own claims.
 */
export function clientAddress(req: IncomingMessage, proxyMode = false): string {
  const forwarded = proxyMode ? lastForwarded(req, 'x-forwarded-for') : null;
  const address = forwarded ?? req.socket.remoteAddress ?? 'unknown';
  // IPv4 clients of a dual-stack server show up as ::ffff:a.b.c.d; count them as a.b.c.d.
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The scheme and host the client used, for URLs built from the request. In proxy mode from
 * X-Forwarded-Proto and X-Forwarded-Host (the proxy terminates TLS and may serve another name);
 * otherwise from the connection and its Host header.
 */
export function requestOrigin(req: IncomingMessage, proxyMode = false): string {
  const proto = (proxyMode ? lastForwarded(req, 'x-forwarded-proto') : null)?.toLowerCase();
  const host = (proxyMode ? lastForwarded(req, 'x-forwarded-host') : null) ?? req.headers.host;
  const scheme = proto === 'https' || proto === 'http' ? proto : 'encrypted' in req.socket ? 'https' : 'http';
  return `${scheme}://${host && HOST.test(host) ? host : 'localhost'}`;
}

/** A host name or address with an optional port, nothing that could change a URL's meaning. */
const HOST = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

/** The last value of a forwarding header (a proxy appends its own to what it received). */
function lastForwarded(req: IncomingMessage, name: string): string | null {
  const raw = req.headers[name];
  const joined = Array.isArray(raw) ? raw.join(',') : raw;
  const last = joined?.split(',').map((part) => part.trim()).filter(Boolean).at(-1);
  return last || null;
}
