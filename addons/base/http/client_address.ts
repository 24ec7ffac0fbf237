import type { IncomingMessage } from 'node:http';

/**
 * The address a request comes from, for the login throttle. The socket's peer only: a header
 * such as X-Forwarded-For is set by the client and would let an attacker pick any address.
 */
export function clientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? 'unknown';
  // IPv4 clients of a dual-stack server show up as ::ffff:a.b.c.d; count them as a.b.c.d.
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
