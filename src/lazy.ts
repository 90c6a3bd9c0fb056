/**
 * Lazily read Parquet files: a file sorted by one key column, cut into row groups, carries in its
 * footer's key/value metadata an index of each row group's row count and key range. A reader fetches
 * the footer once and then only the row groups whose range holds the key it looks up.
 * Pure and browser-safe: the loaders build the index, the pages parse it and pick row groups.
 */

/** Key/value metadata entry holding the row-group index (JSON). */
export const ROW_GROUP_INDEX_KEY = "lpoint.row_groups";

export type RowGroupKey = number | string;

export interface RowGroupIndex {
  version: 1;
  /** the column the file is sorted by */
  key: string;
  type: "integer" | "string";
  /** rows in each row group */
  rows: number[];
  /** smallest and largest key in each row group */
  min: RowGroupKey[];
  max: RowGroupKey[];
}

/** Compare two keys of one type: numbers numerically, strings by code point (UTF-8 byte order, as DuckDB sorts). */
export function compareKeys(a: RowGroupKey, b: RowGroupKey): number {
  if (typeof a === "number" && typeof b === "number") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") {
    const x = [...a];
    const y = [...b];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
      if (d) return d < 0 ? -1 : 1;
    }
    return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
  }
  throw new TypeError(`cannot compare ${typeof a} with ${typeof b}`);
}

/** The index of a file whose row groups (in file order) hold these key ranges; throws unless sorted. */
export function buildRowGroupIndex(key: string, groups: readonly {rows: number; min: RowGroupKey; max: RowGroupKey}[], keyType?: RowGroupIndex["type"]): RowGroupIndex {
  // without rows the key's type cannot be read off them: the caller names it
  const type = keyType ?? (typeof groups[0]?.min === "string" ? "string" : "integer");
  const index: RowGroupIndex = {version: 1, key, type, rows: groups.map((g) => g.rows), min: groups.map((g) => g.min), max: groups.map((g) => g.max)};
  return validate(index);
}

function validate(index: RowGroupIndex): RowGroupIndex {
  const fail = (why: string): never => {
    throw new Error(`row-group index: ${why}`);
  };
  const {rows, min, max} = index;
  if (rows.length !== min.length || rows.length !== max.length) fail("rows, min and max differ in length");
  const ok = (v: unknown) => (index.type === "string" ? typeof v === "string" : Number.isSafeInteger(v));
  for (let i = 0; i < rows.length; i++) {
    if (!Number.isSafeInteger(rows[i]) || rows[i] <= 0) fail(`row group ${i} has ${JSON.stringify(rows[i])} rows`);
    if (!ok(min[i]) || !ok(max[i])) fail(`row group ${i} has a key range that is not ${index.type}: ${JSON.stringify([min[i], max[i]])}`);
    if (compareKeys(min[i], max[i]) > 0) fail(`row group ${i}: min ${JSON.stringify(min[i])} > max ${JSON.stringify(max[i])}`);
    if (i > 0 && compareKeys(max[i - 1], min[i]) > 0) fail(`row groups ${i - 1} and ${i} are not sorted by ${index.key}`);
  }
  return index;
}

/**
 * Parse the index from a file's metadata and check it against the row counts the footer itself
 * reports, so an index that belongs to another file is refused rather than trusted.
 */
export function parseRowGroupIndex(text: string | undefined, rowsInFooter: readonly number[]): RowGroupIndex {
  if (text === undefined) throw new Error(`row-group index: the file has no ${ROW_GROUP_INDEX_KEY} metadata (not written for lazy reading)`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error("row-group index: not JSON");
  }
  const r = raw as Partial<RowGroupIndex> | null;
  if (!r || r.version !== 1 || typeof r.key !== "string" || (r.type !== "integer" && r.type !== "string") || !Array.isArray(r.rows) || !Array.isArray(r.min) || !Array.isArray(r.max)) {
    throw new Error("row-group index: unexpected shape (version 1 with key, type, rows, min, max expected)");
  }
  const index = validate(r as RowGroupIndex);
  if (index.rows.length !== rowsInFooter.length || index.rows.some((n, i) => n !== rowsInFooter[i])) {
    throw new Error(`row-group index: ${index.rows.length} row groups indexed, the footer has ${rowsInFooter.length} (or their row counts differ)`);
  }
  return index;
}

/** Row groups that may hold `key` (several when its rows straddle a boundary; none when no range holds it). */
export function pickRowGroups(index: RowGroupIndex, key: RowGroupKey): number[] {
  if (index.type === "integer" ? !Number.isSafeInteger(key) : typeof key !== "string") {
    throw new TypeError(`row-group index on ${index.key} (${index.type}) cannot look up ${JSON.stringify(key)}`);
  }
  // binary search for the first row group whose max is >= key, then walk while min <= key
  let lo = 0;
  let hi = index.max.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(index.max[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  const out: number[] = [];
  for (let i = lo; i < index.min.length && compareKeys(index.min[i], key) <= 0; i++) out.push(i);
  return out;
}

/** Key/value metadata entry naming the fields of a file's JSON-array records (JSON list of names). */
export const RECORD_COLUMNS_KEY = "lpoint.record_columns";

/** The field names of a file's records, checked: distinct identifiers. */
export function parseRecordColumns(text: string | undefined): string[] {
  if (text === undefined) throw new Error(`records: the file has no ${RECORD_COLUMNS_KEY} metadata`);
  let names: unknown;
  try {
    names = JSON.parse(text);
  } catch {
    throw new Error("records: the column list is not JSON");
  }
  if (!Array.isArray(names) || !names.length || names.some((n) => typeof n !== "string" || !/^[a-z_][a-z0-9_]*$/i.test(n)) || new Set(names).size !== names.length) {
    throw new Error("records: the column list must name distinct columns");
  }
  return names as string[];
}

/**
 * One record stored as a JSON array (values in the order of `columns`, which the file's metadata
 * names once rather than in every row) as an object; anything else is refused. JSON.parse only.
 */
export function recordFromJson(text: unknown, columns: readonly string[], what = "record"): Record<string, unknown> {
  if (typeof text !== "string") throw new Error(`${what}: expected JSON text, got ${typeof text}`);
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch {
    throw new Error(`${what}: not valid JSON`);
  }
  if (!Array.isArray(values) || values.length !== columns.length) throw new Error(`${what}: expected a JSON array of ${columns.length} values`);
  const out: Record<string, unknown> = {};
  columns.forEach((c, i) => {
    const v = values[i];
    if (v !== null && typeof v === "object") throw new Error(`${what}: ${c} is not a plain value`);
    out[c] = v;
  });
  return out;
}

/** `Content-Range: bytes <start>-<end>/<size>` of a 206 response; null if absent or malformed. */
export function parseContentRange(header: string | null | undefined): {start: number; end: number; size: number | null} | null {
  const m = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec((header ?? "").trim());
  if (!m) return null;
  const [start, end] = [Number(m[1]), Number(m[2])];
  const size = m[3] === "*" ? null : Number(m[3]);
  if (end < start || (size !== null && end >= size)) return null;
  return {start, end, size};
}

type Fetch = (url: string, init: {headers: Record<string, string>}) => Promise<Response>;

/**
 * A remote file as a Blob-like object (size, slice, arrayBuffer) whose bytes are fetched only when a
 * slice is read, each slice with one `Range: bytes=<first>-<last>` request. parquet-wasm's
 * ParquetFile.fromFile reads through exactly these three members, so a file opened this way is read
 * footer first, then row group by row group. Absolute ranges only: http-server (npm start) answers
 * the suffix ranges of ParquetFile.fromUrl (`bytes=-8`) with 416.
 */
export class RangeBlob {
  constructor(
    readonly url: string,
    private readonly from: number,
    private readonly to: number,
    private readonly fetcher: Fetch = (u, init) => fetch(u, init)
  ) {
    if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && 0 <= from && from <= to)) throw new RangeError(`invalid byte range ${from}-${to}`);
  }

  get size(): number {
    return this.to - this.from;
  }

  /** Blob.slice semantics: offsets relative to this slice, negative ones from its end, clamped. */
  slice(start = 0, end = this.size): RangeBlob {
    const at = (v: number) => Math.min(Math.max(v < 0 ? this.size + v : v, 0), this.size);
    const s = at(start);
    return new RangeBlob(this.url, this.from + s, this.from + Math.max(s, at(end)), this.fetcher);
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.size === 0) return new ArrayBuffer(0);
    const response = await this.fetcher(this.url, {headers: {range: `bytes=${this.from}-${this.to - 1}`}});
    const range = parseContentRange(response.headers.get("content-range"));
    if (response.status !== 206 || !range || range.start !== this.from || range.end !== this.to - 1) {
      await response.body?.cancel();
      throw new Error(`${this.url}: asked for bytes ${this.from}-${this.to - 1}, got HTTP ${response.status} ${response.headers.get("content-range") ?? "without Content-Range"}`);
    }
    const bytes = await response.arrayBuffer();
    if (bytes.byteLength !== this.size) throw new Error(`${this.url}: bytes ${this.from}-${this.to - 1} arrived with ${bytes.byteLength} bytes`);
    return bytes;
  }
}
