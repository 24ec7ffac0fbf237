import { ValidationError } from '../../base/orm/exceptions';

export interface StatementCsvRow {
  line: number;
  date: string;
  label: string;
  amount: number;
  partner: string | false;
}

/** RFC 4180 fields: commas or semicolons, double quotes around fields holding them. */
function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  const delimiter = (text.split(/\r?\n/)[0].match(/;/g)?.length ?? 0) > (text.split(/\r?\n/)[0].match(/,/g)?.length ?? 0) ? ';' : ',';
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) { row.push(field); field = ''; }
    else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += char;
  }
  if (quoted) throw new ValidationError('The CSV file has an unclosed double quote.');
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** Accepts YYYY-MM-DD, and DD/MM/YYYY when the day cannot be a month (ambiguous ones refused). */
function parseDate(value: string, line: number): string {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) return trimmed;
  throw new ValidationError(`Row ${line} of the CSV has the date "${value}": write dates as YYYY-MM-DD.`);
}

function parseAmount(value: string, line: number): number {
  const cleaned = value.trim().replace(/\s/g, '');
  if (!/^[-+]?\d+(\.\d+)?$/.test(cleaned)) throw new ValidationError(`Row ${line} of the CSV has the amount "${value}": write amounts like -1234.56 (dot as decimal separator, no thousands separator).`);
  return Number(cleaned);
}

/** Parses "date,label,amount[,partner]" rows; a first row without a valid date is a header. */
export function parseStatementCsv(text: string): StatementCsvRow[] {
  const raw = splitCsv(text).map((cells, index) => ({ cells, line: index + 1 })).filter(({ cells }) => cells.some((c) => c.trim() !== ''));
  if (raw.length && !/^\d{4}-\d{2}-\d{2}$/.test(raw[0].cells[0]?.trim() ?? '')) raw.shift();
  if (!raw.length) throw new ValidationError('The CSV file has no statement lines: expect rows "date,label,amount[,partner]".');
  return raw.map(({ cells, line }) => {
    if (cells.length < 3 || cells.length > 4) throw new ValidationError(`Row ${line} of the CSV has ${cells.length} columns: expect date, label, amount and optionally partner.`);
    const amount = parseAmount(cells[2], line);
    if (amount === 0) throw new ValidationError(`Row ${line} of the CSV has a zero amount: a statement line moves money.`);
    return { line, date: parseDate(cells[0], line), label: cells[1].trim(), amount, partner: cells[3]?.trim() || false };
  });
}
