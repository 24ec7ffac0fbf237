/** Odoo's JSON-RPC client: one envelope, errors turned into RPCError with the server's data. */
export interface RPCErrorData {
  name: string;
  message: string;
  arguments?: unknown[];
  debug?: string;
  /** the fields a ValidationError/UserError concerns, marked invalid by the form */
  fields?: string[];
}

export class RPCError extends Error {
  /** set once the error has been shown to the user, so callers do not show it twice */
  notified = false;
  constructor(readonly code: number, message: string, readonly data: RPCErrorData) {
    super(data?.message || message);
    this.name = 'RPCError';
  }
  get exceptionName(): string {
    return this.data?.name ?? '';
  }
}

export class ConnectionLostError extends Error {
  notified = false;
  constructor(readonly url: string) {
    super('Connection lost. Trying to reconnect...');
  }
}

export type Fetch = typeof fetch;
let rpcId = 0;

export async function jsonRpc(fetchFn: Fetch, url: string, params: Record<string, unknown> = {}): Promise<any> {
  let response: Response;
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ id: ++rpcId, jsonrpc: '2.0', method: 'call', params }),
    });
  } catch {
    throw new ConnectionLostError(url);
  }
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RPCError(response.status, text, { name: 'werkzeug.exceptions.BadRequest', message: text || `HTTP ${response.status}` });
  }
  if (body.error) throw new RPCError(body.error.code, body.error.message, body.error.data ?? { name: '', message: body.error.message });
  return body.result;
}
