/**
 * CSV as RFC 4180 writes it (CRLF line ends, quotes doubled inside quoted cells), made safe to open in a
 * spreadsheet: a text cell starting with = + - @ (or a tab or CR) would run as a formula, so it gets a
 * leading apostrophe (OWASP "CSV injection"). Numbers, and text that is a plain decimal number such as a
 * negative amount, are left as they are.
 */

const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function toCsvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line, CRLF-terminated. */
export function toCsvLine(cells: readonly unknown[]): string {
  return `${cells.map(toCsvCell).join(',')}\r\n`;
}

/** Rows of objects with the same fields, in the order of `columns`, after a header line. */
export function toCsvLines<T extends object>(
  columns: readonly (keyof T & string)[],
  rows: readonly T[],
): string {
  let text = '';
  for (const row of rows) text += toCsvLine(columns.map((column) => row[column]));
  return text;
}
