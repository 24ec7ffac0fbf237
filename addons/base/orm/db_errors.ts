import { UserError, ValidationError } from './exceptions';
import type { Registry } from './registry';

/**
 * Turns PostgreSQL constraint errors into the readable messages the models declare, so a
 * unique violation says "SKU must be unique per account" instead of "duplicate key".
 */
export function mapDatabaseError(registry: Registry, error: unknown): unknown {
  const pgError = error as { code?: string; constraint?: string; table?: string; column?: string; detail?: string; message?: string };
  if (!pgError || typeof pgError.code !== 'string') return error;
  const meta = [...registry.models.values()].find((m) => m.table === pgError.table);
  switch (pgError.code) {
    case '23505': case '23514': {
      const declared = meta?.sqlConstraints.find((c) => `${meta.table}_${c.name}` === pgError.constraint);
      if (declared) return new ValidationError(declared.message);
      return new ValidationError(`The operation breaks a constraint of ${meta?.description ?? pgError.table}: ${pgError.detail ?? pgError.message}`);
    }
    case '23502': {
      const field = meta?.fields.get(pgError.column ?? '');
      return new ValidationError(`The field "${field?.string ?? pgError.column}" of ${meta?.description ?? pgError.table} is required.`, field ? [field.name] : []);
    }
    case '23503': {
      if (/is still referenced/.test(pgError.detail ?? '')) {
        const referencing = [...registry.models.values()].find((m) => pgError.message?.includes(`"${m.table}"`) && m.table !== pgError.table);
        return new UserError(`The record cannot be deleted because other records still refer to it${referencing ? ` (${referencing.description})` : ''}. Archive it instead.`);
      }
      return new ValidationError(`A referenced record does not exist: ${pgError.detail ?? pgError.message}`);
    }
    case '22021': case '22P05':
      // PostgreSQL text cannot hold NUL (0x00) characters
      return new ValidationError(`Invalid text: it contains a character the database cannot store (NUL, 0x00). Remove it and try again.`);
    case '22P02': case '22003': case '22007': case '22008':
      return new ValidationError(`Invalid value: ${pgError.message}`);
    default:
      return error;
  }
}
