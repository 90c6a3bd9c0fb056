export interface CsvOptions {
  /** Column order; defaults to the keys of the first row. */
  columns?: readonly string[];
  /**
   * Prefix text cells that start with = + - @ (or a tab/CR) with an apostrophe so spreadsheets show
   * them as text instead of running them as formulas (CSV injection). Numbers are never touched.
   */
  neutraliseFormulas?: boolean;
  /** Start with a UTF-8 byte order mark, so spreadsheet programs read Korean text as UTF-8. */
  bom?: boolean;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: unknown, neutralise: boolean): string {
  if (value === null || value === undefined) return "";
  // 15 significant digits drop binary noise (138830.08000000002 → 138830.08) and keep every integer below 10^15
  if (typeof value === "number") return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : "";
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (neutralise && typeof value === "string" && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\n\r]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The header line of toCsv's text ("\n" included), with the byte order mark when `bom`. */
export function csvHeader(columns: readonly string[], {neutraliseFormulas = true, bom = false}: Omit<CsvOptions, "columns"> = {}): string {
  return (bom ? "\ufeff" : "") + columns.map((c) => cell(c, neutraliseFormulas)).join(",") + "\n";
}

/** toCsv's lines for `rows` ("\n" after each), so a large table can be written a chunk at a time. */
export function csvLines(rows: readonly Record<string, unknown>[], columns: readonly string[], {neutraliseFormulas = true}: Pick<CsvOptions, "neutraliseFormulas"> = {}): string {
  let out = "";
  for (const row of rows) out += columns.map((c) => cell(row[c], neutraliseFormulas)).join(",") + "\n";
  return out;
}

/** RFC 4180 CSV text (CRLF-free, "\n" line ends, header row first). */
export function toCsv(rows: readonly Record<string, unknown>[], {columns, neutraliseFormulas = true, bom = false}: CsvOptions = {}): string {
  const cols = columns ?? (rows.length ? Object.keys(rows[0]) : []);
  return csvHeader(cols, {neutraliseFormulas, bom}) + csvLines(rows, cols, {neutraliseFormulas});
}
