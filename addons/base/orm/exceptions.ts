/**
 * Odoo's exception family. `odooName` is what clients see in `data.name`, so scripts written
 * against Odoo can keep branching on it.
 */
export class OdooError extends Error {
  readonly odooName: string = 'odoo.exceptions.UserError';
}

/** A business rule refused the operation; the message tells the user what to do. */
export class UserError extends OdooError {
  override readonly odooName: string = 'odoo.exceptions.UserError';
  /** Fields the message is about: the form marks them invalid with the message next to them. */
  fields: string[];
  constructor(message: string, fields: string[] = []) {
    super(message);
    this.fields = fields;
  }
}

/** Values that break a constraint or have the wrong type. */
export class ValidationError extends UserError {
  override readonly odooName = 'odoo.exceptions.ValidationError';
}

/** The user lacks the rights for this model, record, field or method. */
export class AccessError extends OdooError {
  override readonly odooName = 'odoo.exceptions.AccessError';
}

/** Wrong login or password. */
export class AccessDenied extends OdooError {
  override readonly odooName = 'odoo.exceptions.AccessDenied';
  constructor(message = 'Access Denied') {
    super(message);
  }
}

/** The record was deleted or never existed. */
export class MissingError extends UserError {
  override readonly odooName = 'odoo.exceptions.MissingError';
}

/** No valid session: clients send the user back to the login page (JSON-RPC code 100). */
export class SessionExpired extends OdooError {
  override readonly odooName = 'odoo.http.SessionExpiredException';
  constructor(message = 'Session expired') {
    super(message);
  }
}
