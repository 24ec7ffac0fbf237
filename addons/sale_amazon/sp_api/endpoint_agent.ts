import * as https from 'node:https';
import type * as http from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';

/** What a request that missed its deadline fails with; the transport retries it like a timeout. */
export const DEADLINE_CODE = 'API_DEADLINE_TIMEOUT';

/**
 * The HTTPS agent of every SP-API connection, and the owner of each request's deadline.
 *
 * amazon-sp-api's own timeouts are not used: its `response` timer is never cleared when a body is
 * empty (a 204), and its timers live outside any handle we could close, so a stray one keeps a
 * process (or jest) alive. Here the timer is armed when the request is handed to the agent and
 * cleared when the request closes, which it always does: answered, failed, reset or destroyed.
 */
export class DeadlineAgent extends https.Agent {
  constructor(readonly deadlineMs: number = 60_000, options: https.AgentOptions = {}) {
    super({ keepAlive: true, maxSockets: 32, ...options });
  }

  // Node's Agent calls addRequest for every request it carries (public in practice, untyped in @types/node).
  addRequest(req: http.ClientRequest, options: unknown): void {
    if (this.deadlineMs > 0) {
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error(`No complete answer within ${this.deadlineMs} ms`), { code: DEADLINE_CODE }));
      }, this.deadlineMs);
      req.once('close', () => clearTimeout(timer));
    }
    (https.Agent.prototype as unknown as { addRequest(r: http.ClientRequest, o: unknown): void }).addRequest.call(this, req, options);
  }
}

/**
 * A DeadlineAgent that sends every connection (API, LWA token, document uploads and downloads) to
 * one other server, e.g. the sandbox. amazon-sp-api hard-codes Amazon's host names and port 443;
 * the agent is the only seam it offers. The HTTP layer is untouched, so the Host header still
 * names the Amazon host and the server routes on it.
 *
 * - `http://host:port`: a plain TCP socket (the client speaks HTTP/1.1 over it and never knows).
 * - `https://host:port`: TLS to that server, verified against `ca` when given (else system CAs).
 *   The certificate is checked against the endpoint's own name (or IP address), not Amazon's:
 *   the stand-in is who we connect to. The sandbox's generated certificate names 127.0.0.1.
 */
export class EndpointAgent extends DeadlineAgent {
  private readonly target: URL;

  constructor(endpoint: string, private readonly ca?: string | Buffer, deadlineMs?: number) {
    super(deadlineMs);
    this.target = new URL(endpoint);
    if (this.target.protocol !== 'http:' && this.target.protocol !== 'https:') {
      throw new Error(`AMAZON_SP_API_ENDPOINT must be an http or https URL, got ${endpoint}`);
    }
  }

  override createConnection(options: https.RequestOptions): Duplex {
    const secure = this.target.protocol === 'https:';
    const host = this.target.hostname.replace(/^\[|\]$/g, '');
    const port = Number(this.target.port || (secure ? 443 : 80));
    if (!secure) return net.connect({ host, port });
    return tls.connect({
      ...(options as tls.ConnectionOptions),
      host,
      port,
      // An IP address cannot be sent as SNI; the certificate is then checked against the IP.
      servername: net.isIP(host) ? undefined : host,
      ...(this.ca ? { ca: this.ca } : {}),
    });
  }
}
