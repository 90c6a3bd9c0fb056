// Parquet files the pages read lazily (src/lazy.ts): rows sorted by one key, cut into row groups of a
// fixed number of rows, with an index of each row group's key range in the footer's key/value metadata.
// A page then fetches the footer and only the row groups that hold the key it looks up, with HTTP Range
// requests.
//
// DuckDB writes the file itself, on one thread so the row groups and the bytes are the same on every
// build: Parquet 2 encodings (delta for sorted integers and text lengths, byte-stream split
// for doubles), zstd, no Bloom filters. Its writer cuts row groups at whole vectors of 2,048 rows, so
// sizes are multiples of that and every row group but the last is exact. (It also writes min/max
// statistics, which the index makes redundant: about 0.2 KB of footer per row group.)
import {createReadStream, mkdtempSync, openAsBlob, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {pipeline} from "node:stream/promises";
import {isDeepStrictEqual} from "node:util";
import {ParquetFile} from "parquet-wasm/node";
import {sqlString} from "../src/ingest/sql.js";
import {buildRowGroupIndex, parseRowGroupIndex, ROW_GROUP_INDEX_KEY, type RowGroupIndex, type RowGroupKey} from "../src/lazy.js";
import {PLAIN_NAME, singleThreaded, type Duck, type Params} from "./duck.js";

/** DuckDB's vector size: its Parquet writer closes a row group only at a whole vector. */
export const LAZY_ROW_QUANTUM = 2048;

export interface LazyParquetOptions {
  /** the column the query's rows are sorted by (checked) */
  key: string;
  /** rows per row group (the last one may hold fewer): a multiple of 2,048 */
  rowGroupRows: number;
  /** more key/value metadata for the footer */
  metadata?: Readonly<Record<string, string>>;
  params?: Params;
  /**
   * A query (without parameters) of the rows per key value (columns key, n), cheaper than `sql` itself: the rows then
   * go from the query straight into the file, with no table to hold them first, and the index is worked
   * out from the counts (so `sql` must sort by the key before anything else). The file written is read
   * back and every row group's key range checked against the index.
   */
  keyCounts?: string;
}

export interface LazyParquetFile {
  path: string;
  bytes: number;
  index: RowGroupIndex;
}

/** The kind of the first column `sql` returns. */
async function queryKind(duck: Duck, sql: string): Promise<RowGroupIndex["type"]> {
  const [{type}] = await duck.query<{type: string}>(`SELECT column_type AS type FROM (DESCRIBE ${sql})`);
  return /CHAR|TEXT|STRING/i.test(type) ? "string" : "integer";
}

/**
 * Run `sql` (ordered by `key`, and by a total order: ties would leave the rows' order to the threads)
 * into `out` as a lazily readable Parquet file; returns its index.
 */
export async function writeLazyParquet(duck: Duck, sql: string, out: string, options: LazyParquetOptions): Promise<LazyParquetFile> {
  const {key, rowGroupRows} = options;
  if (!PLAIN_NAME.test(key)) throw new Error(`invalid key column: ${JSON.stringify(key)}`);
  if (!Number.isSafeInteger(rowGroupRows) || rowGroupRows < 1 || rowGroupRows % LAZY_ROW_QUANTUM) throw new Error(`invalid row-group size: ${rowGroupRows} (a multiple of ${LAZY_ROW_QUANTUM} rows)`);
  const index = options.keyCounts === undefined ? await writeFromTable(duck, sql, out, options) : await writeFromCounts(duck, sql, out, options, options.keyCounts);
  // the check a page makes: the index matches the row groups the footer reports
  const written = await ParquetFile.fromFile(await openAsBlob(out));
  const meta = written.metadata();
  parseRowGroupIndex(meta.fileMetadata().keyValueMetadata().get(ROW_GROUP_INDEX_KEY), meta.rowGroups().map((g) => g.numRows()));
  written.free();
  return {path: out, bytes: statSync(out).size, index};
}

/** COPY `source` (a table, or a query in parentheses with its `params`) to `out` with the index in the footer. */
async function copyWithIndex(duck: Duck, source: string, out: string, {rowGroupRows, metadata = {}}: LazyParquetOptions, index: RowGroupIndex, params?: Params): Promise<void> {
  const kv = Object.entries({...metadata, [ROW_GROUP_INDEX_KEY]: JSON.stringify(index)}).map(([k, v]) => `${sqlString(k)}: ${sqlString(v)}`);
  await duck.run(
    `COPY ${source} TO ${sqlString(out)} (FORMAT parquet, PARQUET_VERSION V2, COMPRESSION zstd, WRITE_BLOOM_FILTER false, ROW_GROUP_SIZE ${rowGroupRows}, KV_METADATA {${kv.join(", ")}})`,
    params
  );
}

/** A row group's rows and key range. */
type RowGroupRange = {rows: number; min: RowGroupKey; max: RowGroupKey};

/** Each run of `rowGroupRows` rows of `from`, by their 0-based `position`: its rows and key range. */
function keyRanges(duck: Duck, from: string, position: string, {key, rowGroupRows}: LazyParquetOptions): Promise<RowGroupRange[]> {
  const group = `${position} // ${rowGroupRows}`;
  return duck.query<RowGroupRange>(`SELECT count(*)::BIGINT AS rows, min("${key}") AS min, max("${key}") AS max FROM ${from} GROUP BY ${group} ORDER BY ${group}`);
}

async function writeFromTable(duck: Duck, sql: string, out: string, options: LazyParquetOptions): Promise<RowGroupIndex> {
  const {key, params} = options;
  // the query runs on every thread: its ORDER BY is total (by a unique key), so the table's order is the same on any number of threads
  await duck.run(`CREATE OR REPLACE TEMP TABLE __lazy AS ${sql}`, params);
  return singleThreaded(duck, async () => {
    // a fresh table's rowid is its insertion order: the row groups are runs of rowGroupRows rowids
    const groups = await keyRanges(duck, "__lazy", "rowid", options);
    // no rows (an empty Search1, say): a file of no row groups, whose empty index every lookup answers with
    // nothing; the key's type, which the rows would have shown, comes from the column
    const keyType = groups.length ? undefined : await queryKind(duck, `SELECT "${key}" FROM __lazy`);
    const index = buildRowGroupIndex(key, groups, keyType);
    await copyWithIndex(duck, "__lazy", out, options, index);
    return index;
  }).finally(() => duck.run("DROP TABLE IF EXISTS __lazy"));
}

/**
 * Row groups of `rowGroupRows` rows over the keys of `keyCounts` (a query of "key" and n, its rows) in
 * key order: each group's rows and key range, and whether a key is NULL. Worked out by DuckDB, so only a
 * row per group comes back: reading 920,000 counts as row objects took ≈ 1.5 CPU-seconds.
 */
export function rowGroupsFromCountsSql(keyCounts: string, rowGroupRows: number): string {
  if (!Number.isSafeInteger(rowGroupRows) || rowGroupRows < 1) throw new Error(`invalid row-group size: ${rowGroupRows}`);
  const r = rowGroupRows;
  // each key's rows are the positions [e - n, e) of the whole sequence; it falls into the groups those positions do
  return `WITH c AS (
  SELECT "key", n::BIGINT AS n FROM (${keyCounts}) WHERE n > 0
), e AS (
  SELECT "key", n, sum(n) OVER (ORDER BY "key" ROWS UNBOUNDED PRECEDING)::BIGINT AS e, sum(n) OVER ()::BIGINT AS total FROM c
), g AS (
  SELECT unnest(range((e - n) // ${r}, (e - 1) // ${r} + 1)) AS g, "key", total FROM e
)
SELECT (least((g + 1) * ${r}, total) - g * ${r})::BIGINT AS rows, min("key") AS min, max("key") AS max, bool_or("key" IS NULL) AS null_key
FROM g GROUP BY g, total ORDER BY g`;
}

async function writeFromCounts(duck: Duck, sql: string, out: string, options: LazyParquetOptions, keyCounts: string): Promise<RowGroupIndex> {
  const {key, rowGroupRows, params} = options;
  const planned = await duck.query<RowGroupRange & {null_key: boolean}>(rowGroupsFromCountsSql(keyCounts, rowGroupRows));
  if (planned.some((g) => g.null_key)) throw new Error(`row-group index: keyCounts gives rows without a ${key}`);
  const groups: RowGroupRange[] = planned.map(({rows, min, max}) => ({rows, min, max}));
  // no rows: the key's type comes from the counts' column
  const keyType = groups.length ? undefined : await queryKind(duck, `SELECT "key" FROM (${keyCounts})`);
  const index = buildRowGroupIndex(key, groups, keyType);
  // on one thread, as from a table: the same row groups and bytes on every build
  await singleThreaded(duck, () => copyWithIndex(duck, `(${sql})`, out, options, index, params));
  // the rows the query wrote, read back: each row group's count and key range must be what the counts said
  const found = await keyRanges(duck, `read_parquet(${sqlString(out)}, file_row_number = true)`, "file_row_number", options);
  if (!isDeepStrictEqual(found, groups)) throw new Error(`row-group index: the rows per ${key} that keyCounts gives are not the rows the query wrote (or the query is not sorted by ${key} first)`);
  return index;
}

/** A data loader's output: one lazily readable Parquet file on stdout. */
export async function emitLazyParquet(duck: Duck, sql: string, options: LazyParquetOptions): Promise<LazyParquetFile> {
  const dir = mkdtempSync(join(tmpdir(), "lpoint-lazy-out-"));
  try {
    const file = await writeLazyParquet(duck, sql, join(dir, "out.parquet"), options);
    await pipeline(createReadStream(file.path), process.stdout, {end: false});
    return file;
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

/** One log line describing a lazily readable file (for the loader's stderr). */
export function describeLazy(name: string, f: LazyParquetFile): string {
  const rows = f.index.rows.reduce((s, n) => s + n, 0);
  return `${name}: ${rows.toLocaleString("en-US")} rows in ${f.index.rows.length} row groups of ≤ ${Math.max(...f.index.rows).toLocaleString("en-US")}, ${(f.bytes / 1e6).toFixed(2)} MB, ≈ ${Math.round(f.bytes / f.index.rows.length / 1024)} KB per row group`;
}
