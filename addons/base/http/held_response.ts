/**
 * The answer of a route that runs in a transaction, held until that transaction has committed.
 * A handler that writes and then answers (a redirect to the record it changed) would otherwise
 * answer before COMMIT: the browser follows the redirect on another connection and does not see
 * the change yet, and when the COMMIT fails it has already been told all went well.
 *
 * The handler writes to `response` as to any ServerResponse (status, headers, body); the server
 * calls release() once committed. When the transaction fails, nothing held is ever sent, and the
 * real response is still free for the error answer.
 */
import type { OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';

type Callback = (error?: Error | null) => void;

export class HeldResponse {
  /** What the handler writes to: the real response, with its answer kept here until release(). */
  readonly response: ServerResponse;
  private status = 200;
  private statusMessage: string | undefined;
  /** By lower-case name, with the name as the handler spelt it. */
  private readonly headers = new Map<string, { name: string; value: number | string | string[] }>();
  private readonly chunks: Buffer[] = [];
  private readonly callbacks: Callback[] = [];
  private headWritten = false;
  private ended = false;

  constructor(private readonly target: ServerResponse) {
    const overrides: Record<string, unknown> = {
      writeHead: (status: number, messageOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]) => {
        this.status = status;
        if (typeof messageOrHeaders === 'string') this.statusMessage = messageOrHeaders;
        else headers = messageOrHeaders;
        for (const [name, value] of headerPairs(headers)) this.putHeader(name, value);
        this.headWritten = true;
        return this.response;
      },
      setHeader: (name: string, value: number | string | readonly string[]) => {
        this.putHeader(name, value);
        return this.response;
      },
      getHeader: (name: string) => this.headers.get(name.toLowerCase())?.value,
      getHeaders: () => Object.fromEntries([...this.headers].map(([key, h]) => [key, h.value])),
      hasHeader: (name: string) => this.headers.has(name.toLowerCase()),
      removeHeader: (name: string) => void this.headers.delete(name.toLowerCase()),
      write: (chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | Callback, callback?: Callback) => {
        this.keep(chunk, encodingOrCallback, callback);
        this.headWritten = true;
        return true;
      },
      end: (chunk?: string | Uint8Array | Callback, encodingOrCallback?: BufferEncoding | Callback, callback?: Callback) => {
        if (typeof chunk === 'function') this.callbacks.push(chunk);
        else if (chunk !== undefined && chunk !== null) this.keep(chunk, encodingOrCallback, callback);
        else if (typeof encodingOrCallback === 'function') this.callbacks.push(encodingOrCallback);
        this.headWritten = true;
        this.ended = true;
        return this.response;
      },
    };
    this.response = new Proxy(target, {
      get: (real, prop) => {
        if (typeof prop === 'string' && prop in overrides) return overrides[prop];
        if (prop === 'statusCode') return this.status;
        if (prop === 'statusMessage') return this.statusMessage ?? '';
        if (prop === 'headersSent') return this.headWritten;
        if (prop === 'writableEnded' || prop === 'finished') return this.ended;
        const value = Reflect.get(real, prop, real);
        return typeof value === 'function' ? value.bind(real) : value;
      },
      set: (real, prop, value) => {
        if (prop === 'statusCode') this.status = value;
        else if (prop === 'statusMessage') this.statusMessage = value;
        else return Reflect.set(real, prop, value);
        return true;
      },
    });
  }

  /** Sends the held answer (once the transaction has committed). An answer never ended is ended here. */
  release(): void {
    const headers: OutgoingHttpHeaders = {};
    for (const { name, value } of this.headers.values()) headers[name] = value;
    if (this.statusMessage !== undefined) this.target.writeHead(this.status, this.statusMessage, headers);
    else this.target.writeHead(this.status, headers);
    this.target.end(Buffer.concat(this.chunks), () => {
      for (const callback of this.callbacks) callback();
    });
  }

  private putHeader(name: string, value: number | string | readonly string[]): void {
    this.headers.set(name.toLowerCase(), { name, value: Array.isArray(value) ? [...value] : (value as number | string) });
  }

  private keep(chunk: string | Uint8Array, encodingOrCallback?: BufferEncoding | Callback, callback?: Callback): void {
    const encoding = typeof encodingOrCallback === 'string' ? encodingOrCallback : 'utf8';
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding) : Buffer.from(chunk));
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (done) this.callbacks.push(done);
  }
}

/** writeHead's headers, as an object or as Node's flat [name, value, name, value] list. */
function headerPairs(headers?: OutgoingHttpHeaders | OutgoingHttpHeader[]): Array<[string, number | string | string[]]> {
  if (!headers) return [];
  if (!Array.isArray(headers)) return Object.entries(headers).filter((e): e is [string, number | string | string[]] => e[1] !== undefined);
  const pairs: Array<[string, number | string | string[]]> = [];
  for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([String(headers[i]), headers[i + 1] as number | string | string[]]);
  return pairs;
}
