import { stringify } from "csv-stringify/sync";

// Every CSV the app writes goes through here. A spreadsheet reads a cell that begins with =, +, -,
// @, a tab or a carriage return as a formula (e.g. =HYPERLINK("http://…?x="&A2, "…") sends the sheet's
// data away when clicked). As OWASP's CSV-injection guidance says, such text cells get a leading
// single quote, which spreadsheets show as text, and every text cell is quoted. Numbers are written
// as numbers (a negative rating stays -3.5), and booleans as true/false (csv-stringify's default writes false as an
// empty cell, which reads as missing).
const formulaStart = /^[=+\-@\t\r]/;

export function spreadsheetSafeText(value: string): string {
  return formulaStart.test(value) ? `'${value}` : value;
}

const csvBoolean = (value: boolean) => (value ? "true" : "false");

// The header row, then the rows; every cell goes through the same cast.
export function toCsv(columns: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return stringify([[...columns], ...rows.map((row) => [...row])], { quoted_string: true, cast: { string: spreadsheetSafeText, boolean: csvBoolean } });
}

// One row (no header), for streamed CSV bodies.
export function csvLine(row: readonly unknown[]): string {
  return stringify([[...row]], { quoted_string: true, cast: { string: spreadsheetSafeText, boolean: csvBoolean } });
}
