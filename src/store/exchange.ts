/**
 * Export and import of the offline records as JSON or CSV. Both formats are canonical, so
 * export → import → export gives the same bytes; an import is checked completely (every record,
 * duplicate keys) before anything is returned, so a bad file changes nothing.
 */
import {toCsv} from "../csv.js";
import {compareRecords, recordKey, RecordError, RECORD_FIELDS, validateRecord, type StoreRecord} from "./records.js";

export const EXCHANGE_FORMAT = "lpoint-real-smart-store";
export const EXCHANGE_VERSION = 1;
export const MAX_IMPORT_CHARS = 20_000_000;
export const MAX_IMPORT_RECORDS = 100_000;

export type ExchangeFormat = "json" | "csv";

export function sortRecords(records: readonly StoreRecord[]): StoreRecord[] {
  return [...records].sort(compareRecords);
}

function checkUnique(records: readonly StoreRecord[]): void {
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const key = recordKey(r);
    const first = seen.get(key);
    if (first !== undefined) throw new RecordError(`record ${i + 1}: duplicate of record ${first + 1} (${r.kind} of member ${r.memberId}, entry ${r.entryId})`);
    seen.set(key, i);
  });
}

function prepare(records: readonly StoreRecord[]): StoreRecord[] {
  const clean = records.map((r, i) => validateRecord(r, `record ${i + 1}`));
  checkUnique(clean);
  return sortRecords(clean);
}

export function recordsToJson(records: readonly StoreRecord[]): string {
  return JSON.stringify({format: EXCHANGE_FORMAT, version: EXCHANGE_VERSION, records: prepare(records)}, null, 2) + "\n";
}

function checkSize(text: string): void {
  if (typeof text !== "string") throw new RecordError(`expected the file's text, got ${typeof text}`);
  if (text.length > MAX_IMPORT_CHARS) throw new RecordError(`file too large: ${text.length} characters (at most ${MAX_IMPORT_CHARS})`);
}

function checkCount(n: number): void {
  if (n > MAX_IMPORT_RECORDS) throw new RecordError(`too many records: ${n} (at most ${MAX_IMPORT_RECORDS})`);
}

export function recordsFromJson(text: string): StoreRecord[] {
  checkSize(text);
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    throw new RecordError(`not valid JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new RecordError("expected a JSON object with format, version and records");
  const d = doc as Record<string, unknown>;
  if (d.format !== EXCHANGE_FORMAT) throw new RecordError(`format must be ${JSON.stringify(EXCHANGE_FORMAT)}, got ${JSON.stringify(d.format) ?? "nothing"}`);
  if (d.version !== EXCHANGE_VERSION) throw new RecordError(`version must be ${EXCHANGE_VERSION}, got ${JSON.stringify(d.version) ?? "nothing"}`);
  const extra = Object.keys(d).filter((k) => !["format", "version", "records"].includes(k));
  if (extra.length) throw new RecordError(`unknown top-level field ${JSON.stringify(extra[0])}`);
  if (!Array.isArray(d.records)) throw new RecordError("records must be an array");
  checkCount(d.records.length);
  const records = d.records.map((r, i) => validateRecord(r, `record ${i + 1}`));
  checkUnique(records);
  return records;
}

/** CSV columns: one row per record, cells a kind does not use are empty. */
export const CSV_COLUMNS = ["kind", "member_id", "entry_id", "date", "favourite", "reason", "channel", "items", "price_krw", "minutes", "bought", "notes"] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

const FIELD_OF: Readonly<Record<CsvColumn, string>> = {
  kind: "kind", member_id: "memberId", entry_id: "entryId", date: "date", favourite: "favourite", reason: "reason",
  channel: "channel", items: "items", price_krw: "priceKrw", minutes: "minutes", bought: "bought", notes: "notes"
};
const FREE_TEXT = new Set<CsvColumn>(["items", "notes"]);

/**
 * Spreadsheets run cells starting with = + - @ (or a tab/CR) as formulas, so such text gets a
 * leading apostrophe. To stay reversible, text that already starts with apostrophes followed by one
 * of those characters gets one more; import removes exactly one.
 */
const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;
export function guardFormula(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}
export function unguardFormula(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}

const BOM = "\uFEFF";

/** UTF-8 CSV with a byte-order mark (so spreadsheet programs read the Korean text), "\n" line ends. */
export function recordsToCsv(records: readonly StoreRecord[]): string {
  const rows = prepare(records).map((r) => {
    const source = r as unknown as Record<string, unknown>;
    const row: Record<string, string> = {};
    for (const col of CSV_COLUMNS) {
      const value = source[FIELD_OF[col]];
      row[col] = value === undefined ? "" : FREE_TEXT.has(col) ? guardFormula(String(value)) : String(value);
    }
    return row;
  });
  return BOM + toCsv(rows, {columns: CSV_COLUMNS, neutraliseFormulas: false});
}

/** Strict RFC 4180: quoted or bare cells, "\n" or "\r\n" between records; a bare CR or a stray quote is an error. */
export function parseCsvStrict(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let line = 1;
  let i = 0;
  const n = text.length;
  const at = () => `line ${line}`;
  while (i < n) {
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new RecordError(`CSV ${at()}: a quoted cell is not closed`);
        const ch = text[i++];
        if (ch === '"') {
          if (text[i] === '"') (cell += '"'), i++;
          else break;
        } else {
          if (ch === "\n") line++;
          cell += ch;
        }
      }
      if (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") throw new RecordError(`CSV ${at()}: unexpected ${JSON.stringify(text[i])} after a closing quote`);
    } else {
      while (i < n && text[i] !== "," && text[i] !== "\n" && text[i] !== "\r") {
        if (text[i] === '"') throw new RecordError(`CSV ${at()}: a quote inside an unquoted cell (quote the cell and double the quote)`);
        cell += text[i++];
      }
    }
    row.push(cell);
    cell = "";
    if (i >= n) break;
    const sep = text[i++];
    if (sep === ",") {
      if (i >= n) row.push("");
      continue;
    }
    if (sep === "\r") {
      if (text[i] !== "\n") throw new RecordError(`CSV ${at()}: a carriage return not followed by a line feed`);
      i++;
    }
    rows.push(row);
    row = [];
    line++;
  }
  if (row.length) rows.push(row);
  return rows;
}

function csvValue(col: CsvColumn, cell: string, where: string): unknown {
  switch (col) {
    case "price_krw":
      if (!/^(0|[1-9]\d*)$/.test(cell)) throw new RecordError(`${where}: price_krw must be a whole number of won without separators, got ${JSON.stringify(cell)}`);
      return Number(cell);
    case "minutes":
      if (!/^(0|[1-9]\d*)(\.\d*[1-9])?$/.test(cell)) throw new RecordError(`${where}: minutes must be a number like 12 or 2.5, got ${JSON.stringify(cell)}`);
      return Number(cell);
    case "bought":
      if (cell !== "true" && cell !== "false") throw new RecordError(`${where}: bought must be true or false, got ${JSON.stringify(cell)}`);
      return cell === "true";
    default:
      return FREE_TEXT.has(col) ? unguardFormula(cell) : cell;
  }
}

export function recordsFromCsv(text: string): StoreRecord[] {
  checkSize(text);
  const rows = parseCsvStrict(text.replace(/^\uFEFF/, ""));
  if (!rows.length) throw new RecordError("the CSV file is empty (expected a header row)");
  const header = rows[0];
  if (header.length !== CSV_COLUMNS.length || header.some((h, i) => h !== CSV_COLUMNS[i])) {
    throw new RecordError(`CSV header must be ${CSV_COLUMNS.join(",")}; got ${header.join(",").slice(0, 200)}`);
  }
  checkCount(rows.length - 1);
  const records = rows.slice(1).map((cells, r) => {
    const where = `CSV row ${r + 2}`;
    if (cells.length !== CSV_COLUMNS.length) throw new RecordError(`${where}: expected ${CSV_COLUMNS.length} cells, got ${cells.length}`);
    const kind = cells[0];
    if (kind !== "survey" && kind !== "visit") throw new RecordError(`${where}: kind must be "survey" or "visit", got ${JSON.stringify(kind)}`);
    const used = new Set<string>(RECORD_FIELDS[kind]);
    const value: Record<string, unknown> = {};
    CSV_COLUMNS.forEach((col, c) => {
      const field = FIELD_OF[col];
      if (!used.has(field)) {
        if (cells[c] !== "") throw new RecordError(`${where}: ${col} must be empty in a ${kind} row, got ${JSON.stringify(cells[c].slice(0, 60))}`);
        return;
      }
      value[field] = csvValue(col, cells[c], where);
    });
    return validateRecord(value, where);
  });
  checkUnique(records);
  return records;
}

export function exportRecords(records: readonly StoreRecord[], format: ExchangeFormat): string {
  return format === "json" ? recordsToJson(records) : recordsToCsv(records);
}

/** The format of an imported file: by extension, else by its first character. */
export function detectFormat(name: string, text: string): ExchangeFormat {
  if (/\.json$/i.test(name)) return "json";
  if (/\.csv$/i.test(name)) return "csv";
  return text.replace(/^\uFEFF/, "").trimStart().startsWith("{") ? "json" : "csv";
}

export function importRecords(text: string, format: ExchangeFormat): StoreRecord[] {
  if (format === "json") return recordsFromJson(text);
  if (format === "csv") return recordsFromCsv(text);
  throw new RecordError(`unknown import format ${JSON.stringify(format)} (expected json or csv)`);
}

export interface ImportPlan {
  /** records to write (added or replacing one with the same key) */
  put: StoreRecord[];
  /** keys to delete first (replace mode: every existing record not in the file) */
  remove: StoreRecord[];
  added: number;
  replaced: number;
  unchanged: number;
}

/**
 * What an import will do to the existing records: "merge" adds new keys and overwrites same-key
 * records; "replace" also removes every existing record the file does not hold.
 */
export function planImport(existing: readonly StoreRecord[], incoming: readonly StoreRecord[], mode: "merge" | "replace"): ImportPlan {
  if (mode !== "merge" && mode !== "replace") throw new RecordError(`unknown import mode ${JSON.stringify(mode)} (expected merge or replace)`);
  const before = new Map(existing.map((r) => [recordKey(r), r]));
  const incomingKeys = new Set(incoming.map(recordKey));
  let added = 0;
  let replaced = 0;
  let unchanged = 0;
  const put: StoreRecord[] = [];
  for (const r of incoming) {
    const old = before.get(recordKey(r));
    if (!old) added++, put.push(r);
    else if (JSON.stringify(validateRecord(old)) === JSON.stringify(r)) unchanged++;
    else replaced++, put.push(r);
  }
  const remove = mode === "replace" ? existing.filter((r) => !incomingKeys.has(recordKey(r))) : [];
  return {put, remove, added, replaced, unchanged};
}
