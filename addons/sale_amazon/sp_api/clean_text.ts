/**
 * Amazon text (names, addresses, titles, gift messages) can carry control characters. PostgreSQL
 * refuses NUL in text outright, so one such character made an order fail at every retry; the
 * others are invisible noise. Tab and newline are kept (gift messages have lines).
 */
const CONTROL = /[\u0000-\u0008\u000B-\u001F]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000B-\u001F]/;

export function cleanText(text: string): string {
  return HAS_CONTROL.test(text) ? text.replace(CONTROL, '') : text;
}

/** Every string of a mapped value, however deep (domain orders are small plain objects). */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map(cleanStrings) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, cleanStrings(v)])) as T;
  }
  return value;
}
