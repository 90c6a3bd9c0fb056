export interface CsvOptions {
  /** Column order; defaults to the keys of the first row. */
  columns?: readonly string[];
  /**
   * Prefix text cells that start with = + - @ (or a tab/CR) with an apostrophe so spreadsheets show
   * them as text instead of running them as formulas (CSV injection). Numbers are never touched.
   */
  neutraliseFormulas?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown, neutralise: boolean): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (neutralise && typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** RFC 4180 CSV text (CRLF-free, "\n" line ends, header row first). */
export function toCsv(rows: readonly Record<string, unknown>[], {columns, neutraliseFormulas = true}: CsvOptions = {}): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  const lines = [cols.map((c) => cell(c, neutraliseFormulas)).join(",")];
  for (const row of rows) lines.push(cols.map((c) => cell(row[c], neutraliseFormulas)).join(","));
  return lines.join("\n") + "\n";
}
