import { DateTime } from 'luxon';

/**
 * Display formatting of field values. Datetimes are stored in UTC ('YYYY-MM-DD HH:MM:SS') and
 * shown in the user's time zone; every result is plain text for t-esc.
 */
export function formatFloat(value: unknown, digits = 2): string {
  if (value === false || value === null || value === undefined || value === '') return '';
  return Number(value).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatInteger(value: unknown): string {
  if (value === false || value === null || value === undefined || value === '') return '';
  return Number(value).toLocaleString('en-US', { maximumFractionDigits: 0 });
}

export function formatMonetary(value: unknown, currency?: { symbol: string; position: 'before' | 'after' } | null): string {
  const amount = formatFloat(value, 2);
  if (!amount || !currency) return amount;
  return currency.position === 'before' ? `${currency.symbol} ${amount}` : `${amount} ${currency.symbol}`;
}

export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || !value) return '';
  return DateTime.fromISO(value.slice(0, 10)).toFormat('MM/dd/yyyy');
}

export function utcToLocal(value: string, tz = 'UTC'): DateTime {
  return DateTime.fromFormat(value, 'yyyy-MM-dd HH:mm:ss', { zone: 'utc' }).setZone(tz);
}

export function localToUtc(value: string, tz = 'UTC'): string {
  return DateTime.fromISO(value, { zone: tz }).toUTC().toFormat('yyyy-MM-dd HH:mm:ss');
}

export function formatDatetime(value: unknown, tz = 'UTC'): string {
  if (typeof value !== 'string' || !value) return '';
  const local = utcToLocal(value, tz);
  return local.isValid ? local.toFormat('MM/dd/yyyy HH:mm:ss') : value;
}

export function formatSelection(value: unknown, selection: Array<[string, string]> = []): string {
  if (value === false || value === null || value === undefined) return '';
  return selection.find(([key]) => key === value)?.[1] ?? String(value);
}

/** Text of any field value for lists and read-only cells. */
export function formatValue(value: unknown, field: { type: string; selection?: Array<[string, string]>; digits?: [number, number] } | undefined, tz = 'UTC'): string {
  if (!field) return value === false || value == null ? '' : String(value);
  switch (field.type) {
    case 'boolean': return value ? '✓' : '';
    case 'integer': return formatInteger(value);
    case 'float': return formatFloat(value, field.digits?.[1] ?? 2);
    case 'monetary': return formatFloat(value, 2);
    case 'date': return formatDate(value);
    case 'datetime': return formatDatetime(value, tz);
    case 'selection': return formatSelection(value, field.selection);
    case 'many2one': return Array.isArray(value) ? String(value[1] ?? '') : '';
    case 'many2many': case 'one2many': {
      if (Array.isArray(value)) return value.map((v) => (Array.isArray(v) ? v[1] : v)).join(', ');
      const count = (value as { records?: unknown[] })?.records?.length ?? 0;
      return count ? `${count} records` : '';
    }
    case 'binary': return value ? '(file)' : '';
    default: return value === false || value === null || value === undefined ? '' : String(value);
  }
}
