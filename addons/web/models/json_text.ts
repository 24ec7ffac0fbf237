import { ValidationError } from '../../base/orm/exceptions';
import type { Vals } from '../../base/orm/values';

/**
 * Views, domains and contexts are JSON stored in text columns. Data files and RPC callers may
 * give them as JSON values; they are serialised here so the column always holds valid JSON.
 */
export function serialiseJsonFields(vals: Vals, names: string[], modelName: string): Vals {
  const copy: Vals = { ...vals };
  for (const name of names) {
    const value = copy[name];
    if (value === undefined || value === false || value === null) continue;
    if (typeof value === 'string') {
      try {
        JSON.parse(value);
      } catch {
        throw new ValidationError(`${modelName}.${name} must be JSON; got ${JSON.stringify(value).slice(0, 80)}.`);
      }
      continue;
    }
    copy[name] = JSON.stringify(value);
  }
  return copy;
}

/** Parses a JSON text column, with a fallback for empty values. */
export function parseJsonText<T>(value: unknown, fallback: T): T {
  if (typeof value !== 'string' || !value.trim()) return fallback;
  return JSON.parse(value) as T;
}
