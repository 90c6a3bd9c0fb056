// Parquet files the pages read lazily (src/lazy.ts): rows sorted by one key, cut into row groups of a
// fixed number of rows, without column statistics (the footer stays small), and with an index of each
// row group's key range in the footer's key/value metadata. A page then fetches the footer and only
// the row groups that hold the key it looks up, with HTTP Range requests.
//
// DuckDB runs the query and writes a plain Parquet file; parquet-wasm (the reader the pages use) then
// rewrites it as a stream with exact row-group sizes and the index: DuckDB's own writer rounds row
// groups to 2,048 rows and always writes min/max statistics (up to 1 KB per text column and group).
import {createReadStream, createWriteStream, mkdtempSync, openAsBlob, rmSync, statSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {pipeline} from "node:stream/promises";
import {Compression, EnabledStatistics, Encoding, ParquetFile, transformParquetStream, WriterPropertiesBuilder} from "parquet-wasm/node";
import {buildRowGroupIndex, parseRowGroupIndex, ROW_GROUP_INDEX_KEY, type RowGroupIndex, type RowGroupKey} from "../src/lazy.js";
import {singleThreaded, type Duck, type Params} from "./duck.js";

export interface LazyParquetOptions {
  /** the column the query's rows are sorted by (checked) */
  key: string;
  /** rows per row group (the last one may hold fewer) */
  rowGroupRows: number;
  /** integer columns in (mostly) ascending order: delta-encoded rather than dictionary-encoded */
  delta?: readonly string[];
  /** more key/value metadata for the footer */
  metadata?: Readonly<Record<string, string>>;
  params?: Params;
}

export interface LazyParquetFile {
  path: string;
  bytes: number;
  index: RowGroupIndex;
}

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** Run `sql` (ordered by `key`) into `out` as a lazily readable Parquet file; returns its index. */
export async function writeLazyParquet(duck: Duck, sql: string, out: string, {key, rowGroupRows, delta = [], metadata = {}, params}: LazyParquetOptions): Promise<LazyParquetFile> {
  if (!/^[a-z_][a-z0-9_]*$/.test(key)) throw new Error(`invalid key column: ${JSON.stringify(key)}`);
  if (!Number.isSafeInteger(rowGroupRows) || rowGroupRows < 1) throw new Error(`invalid row-group size: ${rowGroupRows}`);
  const dir = mkdtempSync(join(tmpdir(), "lpoint-lazy-"));
  const plain = join(dir, "plain.parquet");
  try {
    // one thread keeps the rows in the query's order, so the bytes are the same on every build
    await singleThreaded(duck, async () => {
      await duck.run(`CREATE OR REPLACE TEMP TABLE __lazy AS ${sql}`, params);
      await duck.run(`COPY __lazy TO ${sqlString(plain)} (FORMAT parquet, COMPRESSION snappy)`);
      await duck.run("DROP TABLE __lazy");
    });
    const groups = await duck.query<{rows: number; min: RowGroupKey; max: RowGroupKey}>(
      `SELECT count(*)::BIGINT AS rows, min("${key}") AS min, max("${key}") AS max
      FROM read_parquet(${sqlString(plain)}, file_row_number = true) GROUP BY file_row_number // ${rowGroupRows} ORDER BY file_row_number // ${rowGroupRows}`
    );
    if (!groups.length) throw new Error("no rows to write");
    const index = buildRowGroupIndex(key, groups);

    let builder = new WriterPropertiesBuilder();
    for (const column of delta) builder = builder.setColumnDictionaryEnabled(column, false).setColumnEncoding(column, Encoding.DELTA_BINARY_PACKED);
    const props = builder
      .setCompression(Compression.ZSTD)
      .setMaxRowGroupSize(rowGroupRows)
      .setStatisticsEnabled(EnabledStatistics.None)
      .setKeyValueMetadata(new Map([...Object.entries(metadata), [ROW_GROUP_INDEX_KEY, JSON.stringify(index)]]))
      .build();
    const input = await ParquetFile.fromFile(await openAsBlob(plain));
    const bytes = await transformParquetStream(await input.stream({batchSize: 65_536}), props);
    await pipeline(bytes as unknown as AsyncIterable<Uint8Array>, createWriteStream(out));
    input.free();

    // the check a page makes: the index matches the row groups the footer reports
    const written = await ParquetFile.fromFile(await openAsBlob(out));
    const meta = written.metadata();
    parseRowGroupIndex(meta.fileMetadata().keyValueMetadata().get(ROW_GROUP_INDEX_KEY), meta.rowGroups().map((g) => g.numRows()));
    written.free();
    return {path: out, bytes: statSync(out).size, index};
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
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
