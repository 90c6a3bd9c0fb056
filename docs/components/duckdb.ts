// DuckDB-WASM from node_modules: the eh bundle only (every browser we target has wasm exceptions),
// a module worker (Framework emits the worker as an ES module), and extension auto-install off so
// the page never asks extensions.duckdb.org for anything.
import * as duckdb from "@duckdb/duckdb-wasm";
import initParquet, {ParquetFile, readParquet, type Table} from "parquet-wasm/esm";

export type Db = duckdb.AsyncDuckDB;
import {bindNamed, type SqlValue as Value} from "../lib/sql.js";
import {parseContentRange, parseRowGroupIndex, pickRowGroups, RangeBlob, ROW_GROUP_INDEX_KEY, type RowGroupKey} from "../lib/lazy.js";

export type {Value};

let dbPromise: Promise<Db> | null = null;
let parquetReady: Promise<unknown> | null = null;

export function openDuckDB(): Promise<Db> {
  return (dbPromise ??= (async () => {
    const mainModule = import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-eh.wasm");
    const mainWorker = import.meta.resolve("@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js");
    const worker = new Worker(mainWorker, {type: "module"});
    const db = new duckdb.AsyncDuckDB(new duckdb.ConsoleLogger(duckdb.LogLevel.WARNING), worker);
    await db.instantiate(mainModule);
    await db.open({query: {castBigIntToDouble: true, castDecimalToDouble: true}});
    const con = await db.connect();
    try {
      await con.query("SET autoinstall_known_extensions = false");
      await con.query("SET autoload_known_extensions = false");
    } finally {
      await con.close();
    }
    return db;
  })());
}

const loaded = new Map<string, Promise<void>>();

function parquetWasm(): Promise<unknown> {
  return (parquetReady ??= initParquet({module_or_path: import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm")}));
}

async function insertArrow(db: Db, table: string, data: Table, create: boolean): Promise<void> {
  const con = await db.connect();
  try {
    await con.insertArrowFromIPCStream(data.intoIPCStream(), {name: table, create});
  } finally {
    await con.close();
  }
}

/** One promise per (table, href) in `cache`: each file is loaded into its table once per page. */
function once<T>(cache: Map<string, Promise<T>>, table: string, href: string, make: () => Promise<T>): Promise<T> {
  if (!/^[a-z_][a-z0-9_]*$/i.test(table)) throw new Error(`invalid table name: ${JSON.stringify(table)}`);
  const key = `${table}\u0000${href}`;
  let p = cache.get(key);
  if (!p) cache.set(key, (p = make()));
  return p;
}

/** Load a Parquet file (a loader's output) into a table, once per page: Parquet → Arrow IPC → DuckDB. */
export function loadParquet(db: Db, table: string, href: string): Promise<void> {
  return once(loaded, table, href, async () => {
    await parquetWasm();
    const response = await fetch(href);
    if (!response.ok) throw new Error(`cannot load ${href}: HTTP ${response.status}`);
    await insertArrow(db, table, readParquet(new Uint8Array(await response.arrayBuffer())), true);
  });
}

/** A Parquet file written for lazy reading (loaders/lazy-parquet.ts), loaded into a table on demand. */
export interface LazyTable {
  readonly table: string;
  /** the file's key/value metadata */
  readonly metadata: ReadonlyMap<string, string>;
  /** "range": row groups fetched on demand; "whole": the server ignores Range, so the file was downloaded at once (its row groups are still decoded on demand) */
  readonly mode: "range" | "whole";
  /** the file's size in bytes (all of it downloaded in "whole" mode) */
  readonly size: number;
  /** Load the row groups that may hold `key`, each once; resolves to how many were fetched by this call. */
  load(key: RowGroupKey): Promise<number>;
}

const lazyTables = new Map<string, Promise<LazyTable>>();

/**
 * Open a lazily readable Parquet file as `table` (created empty): its footer is read now, its row
 * groups when a key is loaded, each with one HTTP Range request (see RangeBlob). A first request for
 * byte 0 gives the file's size and tells whether the server honours Range; if it answers with the
 * whole file instead, that download is kept and its row groups are read from memory the same way (decoding
 * every row at once would not fit a browser tab at competition size: millions of purchase lines).
 */
export function openLazyTable(db: Db, table: string, href: string): Promise<LazyTable> {
  return once(lazyTables, table, href, async () => {
    await parquetWasm();
    const url = new URL(href, location.href).href;
    const probe = await fetch(url, {headers: {range: "bytes=0-0"}});
    if (!probe.ok) throw new Error(`cannot load ${href}: HTTP ${probe.status}`);
    const size = probe.status === 206 ? parseContentRange(probe.headers.get("content-range"))?.size : null;
    if (probe.status === 206 && !size) throw new Error(`cannot load ${href}: no file size in Content-Range ${probe.headers.get("content-range")}`);
    const mode = size ? "range" : "whole";
    // fromFile reads through size/slice/arrayBuffer only: a RangeBlob turns each read into a Range request
    const body = await probe.blob();
    const file = await ParquetFile.fromFile(size ? (new RangeBlob(url, 0, size) as unknown as Blob) : body);
    const meta = file.metadata();
    const metadata = new Map<string, string>(meta.fileMetadata().keyValueMetadata());
    const index = parseRowGroupIndex(metadata.get(ROW_GROUP_INDEX_KEY), meta.rowGroups().map((g) => g.numRows()));
    await insertArrow(db, table, await file.read({rowGroups: []}), true);
    const done = new Set<number>();
    if (mode === "whole") console.warn(`${href}: the server ignores Range requests, so the whole file (${body.size} bytes) was downloaded`);
    let queue: Promise<unknown> = Promise.resolve();
    const load = (k: RowGroupKey): Promise<number> => {
      const next = queue.then(async () => {
        const rowGroups = pickRowGroups(index, k).filter((i) => !done.has(i));
        if (!rowGroups.length) return 0;
        await insertArrow(db, table, await file.read({rowGroups}), false);
        for (const i of rowGroups) done.add(i);
        return rowGroups.length;
      });
      queue = next.catch(() => {});
      return next;
    };
    return {table, metadata, mode, size: size ?? body.size, load};
  });
}

/** Run SQL with bound parameters (never spliced) and return plain row objects. */
export async function query<T = Record<string, unknown>>(
  db: Db,
  sql: string,
  params: Value[] | Record<string, Value> = []
): Promise<T[]> {
  const {sql: text, values} = Array.isArray(params) ? {sql, values: params} : bindNamed(sql, params);
  const con = await db.connect();
  try {
    const table = values.length ? await (await con.prepare(text)).query(...values) : await con.query(text);
    return table.toArray().map((row) => ({...row.toJSON()}) as T);
  } finally {
    await con.close();
  }
}
