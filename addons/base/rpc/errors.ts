import { AccessDenied, AccessError, OdooError, SessionExpired, UserError } from '../orm/exceptions';
import { UnknownModel, type Registry } from '../orm/registry';
import { mapDatabaseError } from '../orm/db_errors';

export interface OdooErrorData {
  name: string;
  message: string;
  arguments: unknown[];
  context: Record<string, unknown>;
  debug: string;
  /** names of the fields a UserError/ValidationError concerns (only when it names some) */
  fields?: string[];
}

/** Logs unexpected errors server side; clients only get a message, never a stack trace. */
export type ErrorLogger = (error: unknown) => void;
let logUnexpected: ErrorLogger = (error) => console.error('[rpc] unexpected error:', error);
export function setErrorLogger(logger: ErrorLogger): void {
  logUnexpected = logger;
}

/** Normalises any thrown value to an Odoo exception (database errors get readable messages). */
export function toOdooError(error: unknown, registry?: Registry): OdooError {
  if (error instanceof OdooError) return error;
  if (error instanceof UnknownModel) return new UserError(error.message);
  const mapped = registry ? mapDatabaseError(registry, error) : error;
  if (mapped instanceof OdooError) return mapped;
  logUnexpected(error);
  const internal = new OdooError('An internal error occurred while processing the request; it has been logged.');
  Object.defineProperty(internal, 'odooName', { value: 'builtins.Exception' });
  return internal;
}

/** JSON-RPC error object exactly as Odoo 17 sends it (code 200, or 100 for an expired session). */
export function jsonRpcError(error: unknown, registry?: Registry): { code: number; message: string; data: OdooErrorData } {
  const odoo = toOdooError(error, registry);
  const data: OdooErrorData = { name: odoo.odooName, message: odoo.message, arguments: [odoo.message], context: {}, debug: '' };
  if (odoo instanceof UserError && odoo.fields.length) data.fields = [...odoo.fields];
  if (odoo instanceof SessionExpired) return { code: 100, message: 'Odoo Session Expired', data };
  return { code: 200, message: 'Odoo Server Error', data };
}

/** XML-RPC fault codes of /xmlrpc/2: AccessError 4, AccessDenied 3, UserError 2, anything else 1. */
export function xmlRpcFault(error: unknown, registry?: Registry): { faultCode: number; faultString: string } {
  const odoo = toOdooError(error, registry);
  if (odoo instanceof AccessError) return { faultCode: 4, faultString: odoo.message };
  if (odoo instanceof AccessDenied) return { faultCode: 3, faultString: odoo.message };
  if (odoo instanceof UserError) return { faultCode: 2, faultString: odoo.message };
  return { faultCode: 1, faultString: odoo.message };
}
