/**
 * CSV that cannot hurt: every CSV shinchoku writes goes through {@link toCsv}, and every CSV cell it
 * reads back through {@link csvCellValue}.
 *
 * Spreadsheet software runs a cell that starts with `=`, `+`, `-` or `@` as a formula, and one that
 * starts with TAB or CR may be read as one after trimming (CSV injection). The rule is OWASP's:
 * such a cell is written with a leading `'` so that Excel, LibreOffice and Google Sheets show it as
 * text. A cell that is a plain number is left alone, so `-5`, `-2.5` and `1300000000` stay numbers
 * in the spreadsheet (a negative number is not a formula); `+5`, `-5%` or `-` are text and get the
 * `'`. The escape is reversible: a cell that already starts with `'` followed by one of those
 * characters (or by more `'`) gets one more `'`, and {@link csvCellValue} drops exactly one, so the
 * importer reads our own export back unchanged.
 *
 * @see https://owasp.org/www-community/attacks/CSV_Injection
 */
import { stringify } from "csv-stringify/sync";

/** A plain decimal number as Excel reads it: `-5`, `98.40`, `0.5`; no sign `+`, no grouping. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/u;
/** Characters that make spreadsheet software read a cell as a formula. */
const FORMULA_START = /^'*[=+\-@\t\r]/u;
/** A cell written by {@link csvSafeCell} with its guard `'`. */
const GUARDED = /^'+[=+\-@\t\r]/u;

/** The cell as it is written: with a leading `'` when it could be read as a formula. */
export function csvSafeCell(value: string): string {
  if (PLAIN_NUMBER.test(value)) return value;
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The value of a cell read from CSV: the inverse of {@link csvSafeCell}. */
export function csvCellValue(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}

/**
 * Rows (arrays or records) as CSV text, every cell through {@link csvSafeCell}. Numbers, booleans
 * and dates are written by csv-stringify as usual; `null`/`undefined` are empty cells.
 * @param options csv-stringify's options (header, columns, bom, record_delimiter …).
 */
export function toCsv(
  rows: readonly (readonly unknown[] | Record<string, unknown>)[],
  options: Parameters<typeof stringify>[1] = {},
): string {
  return stringify(rows as unknown[], {
    ...options,
    cast: { ...options.cast, string: (value) => csvSafeCell(value) },
  });
}
