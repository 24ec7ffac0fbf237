/**
 * Values come back as Odoo sends them: dates and datetimes as 'YYYY-MM-DD[ HH:MM:SS]' UTC
 * strings (never JS Dates, which would shift with the server's time zone), numerics as numbers.
 */
const DATE = 1082;
const TIMESTAMP = 1114;
const TIMESTAMPTZ = 1184;
const NUMERIC = 1700;
const INT8 = 20;

const timestamp = (value: string) => value.slice(0, 19);

export const textParsers: Record<number, (value: string) => unknown> = {
  [DATE]: (value) => value,
  [TIMESTAMP]: timestamp,
  [TIMESTAMPTZ]: (value) => value,
  [NUMERIC]: (value) => Number(value),
  [INT8]: (value) => Number(value),
};
