/** What an SP-API handler of the sandbox receives and returns. */
import type { Region } from '../sp_api/marketplaces';
import type { ModelOperation } from './models';
import type { PiiGrant } from './render_orders';
import type { SandboxState } from './state';

export interface ApiRequest {
  op: ModelOperation;
  /** Query and path parameters, typed as the model declares them. */
  params: Record<string, any>;
  body: any;
  now: number;
  region: Region;
  state: SandboxState;
  pii: PiiGrant;
  /** The API path the request was made on (for restricted data token checks). */
  path: string;
  sellerId: string;
  documentsHost: string;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
}

/** An error answer in Amazon's `{ errors: [...] }` shape. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: string) {
    super(message);
  }

  toBody(): { errors: { code: string; message: string; details?: string }[] } {
    return { errors: [{ code: this.code, message: this.message, ...(this.details !== undefined ? { details: this.details } : {}) }] };
  }
}

export const invalidInput = (message: string, details?: string) => new ApiFailure(400, 'InvalidInput', message, details);

export const TWO_MINUTES = 120_000;

/** Parses an ISO-8601 date parameter or answers 400 as Amazon does. */
export function dateParam(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw invalidInput(`Invalid ${name}: ${String(value)} is not an ISO 8601 date.`);
  return ms;
}

/** Opaque pagination tokens: base64url JSON, so a client cannot depend on their contents. */
export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeToken<T>(token: string, name = 'NextToken'): T {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    throw invalidInput(`Invalid ${name}.`);
  }
}
