/**
 * Number formats of the raw files. Counts and prices may carry thousands separators ("1,290,000"),
 * ids are zero-padded ("0555562"), and pandas re-saves turn integers into "82.0". The same
 * grammar is used in SQL (as RE2 patterns) and here, so the JS and DuckDB readers agree.
 */
export const NUMBER_PATTERN = "[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?";
export const INTEGER_PATTERN = "[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.0+)?";
export const ID_PATTERN = "[0-9]+(?:\\.0+)?";

/** Cell texts that mean "no value" in a numeric column (case-insensitive), besides blank. */
export const NA_TOKENS: readonly string[] = ["NA", "N/A", "NAN", "NULL", "NONE"];

const NUMBER = new RegExp(`^${NUMBER_PATTERN}$`);
const INTEGER = new RegExp(`^${INTEGER_PATTERN}$`);

/** Blank, or one of NA_TOKENS. */
export function isNa(text: string | null | undefined): boolean {
  if (text == null) return true;
  const t = text.trim();
  return t === "" || NA_TOKENS.includes(t.toUpperCase());
}

/**
 * Parse "39,000", "1,290,000", "-3", "0012", "82.0" (integer: true rejects "82.5").
 * Returns null for anything else, including NA, "1,29", "1e3", "0x1F" and "1_000".
 */
export function parseNumber(text: string | null | undefined, {integer = false}: {integer?: boolean} = {}): number | null {
  if (text == null) return null;
  const t = text.trim();
  if (!(integer ? INTEGER : NUMBER).test(t)) return null;
  const value = Number(t.replaceAll(",", ""));
  return Number.isFinite(value) ? value : null;
}
