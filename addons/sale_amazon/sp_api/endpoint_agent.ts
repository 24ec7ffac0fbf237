import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';

/**
 * An HTTPS agent for amazon-sp-api that sends every connection (API, LWA token, document
 * uploads and downloads) to one other server, e.g. the sandbox. amazon-sp-api hard-codes Amazon's
 * host names and port 443; the agent is the only seam it offers. The HTTP layer is untouched, so the
 * Host header still names the Amazon host and the server routes on it.
 *
 * - `http://host:port`: a plain TCP socket (the client speaks HTTP/1.1 over it and never knows).
 * - `https://host:port`: TLS to that server, verified against `ca` when given (else system CAs).
 */
export class EndpointAgent extends https.Agent {
  private readonly target: URL;

  constructor(endpoint: string, private readonly ca?: string | Buffer) {
    super({ keepAlive: true, maxSockets: 32 });
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
      servername: net.isIP(host) ? undefined : host,
      ...(this.ca ? { ca: this.ca } : {}),
    });
  }
}
