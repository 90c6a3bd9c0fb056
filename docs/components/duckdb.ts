// DuckDB-WASM from node_modules: the eh bundle only (every browser we target has wasm exceptions),
// a module worker (Framework emits the worker as an ES module), and extension auto-install off so
// the page never asks extensions.duckdb.org for anything.
import * as duckdb from "@duckdb/duckdb-wasm";
import initParquet, {readParquet} from "parquet-wasm/esm";

export type Db = duckdb.AsyncDuckDB;
import {bindNamed, type SqlValue as Value} from "../lib/sql.js";

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

/** Load a Parquet file (a loader's output) into a table, once per page: Parquet → Arrow IPC → DuckDB. */
export function loadParquet(db: Db, table: string, href: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/i.test(table)) throw new Error(`invalid table name: ${JSON.stringify(table)}`);
  const key = `${table}\u0000${href}`;
  let p = loaded.get(key);
  if (!p) {
    p = (async () => {
      parquetReady ??= initParquet({module_or_path: import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm")});
      await parquetReady;
      const response = await fetch(href);
      if (!response.ok) throw new Error(`cannot load ${href}: HTTP ${response.status}`);
      const ipc = readParquet(new Uint8Array(await response.arrayBuffer())).intoIPCStream();
      const con = await db.connect();
      try {
        await con.insertArrowFromIPCStream(ipc, {name: table, create: true});
      } finally {
        await con.close();
      }
    })();
    loaded.set(key, p);
  }
  return p;
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
