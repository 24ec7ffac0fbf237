import type { Field } from './fields';

export type Vals = Record<string, any>;

/** The value Odoo sends for an empty field of this type. */
export function emptyValue(field: Field): unknown {
  switch (field.type) {
    case 'integer': return 0;
    case 'float': case 'monetary': return 0;
    case 'boolean': return false;
    case 'one2many': case 'many2many': return [];
    default: return false;
  }
}

/** A column value as read from the database, in Odoo's read format (m2o still an id). */
export function fromColumn(field: Field, value: unknown): unknown {
  if (value === null || value === undefined) return emptyValue(field);
  if ((field.type === 'float' || field.type === 'monetary') && typeof value === 'string') return Number(value);
  return value;
}
