// Intermediate tables several data loaders read (the customer table and its inputs): computed once per
// data version and code version by the first loader that asks, kept beside the warehouse as their own
// DuckDB file, and read by every later loader as temp views of the same names. Each output still has
// its own loader; they stop recomputing each other's work. The file appears by an atomic rename only
// when complete, like the warehouse, so a killed build leaves nothing half-written to read.
import {existsSync, readdirSync, renameSync, rmSync} from "node:fs";
import {basename, dirname, join} from "node:path";
import {sqlString} from "../src/ingest/sql.js";
import {PLAIN_NAME, type Duck, type Params} from "./duck.js";
import {stderrLog} from "./warehouse/common.js";
import {sourceHash} from "./warehouse/key.js";
import {type LockOptions, withLock} from "./warehouse/lock.js";
import {removeDeadTemps} from "./warehouse/open.js";

/** The code a shared table may depend on: any change builds it again. */
export const SHARED_SOURCES = ["src", "loaders"];

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

async function tempTables(duck: Duck): Promise<string[]> {
  return (await duck.query<{name: string}>("SELECT table_name AS name FROM duckdb_tables() WHERE temporary ORDER BY table_name")).map((r) => r.name);
}

/** Where `name` is kept for the warehouse at `warehouse` and the current code. */
const codeVersion = () => sourceHash(SHARED_SOURCES).slice(0, 16);

export function sharedPath(warehouse: string, name: string, code = codeVersion()): string {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`invalid shared table set name ${JSON.stringify(name)} (lower-case letters, digits, _)`);
  return join(dirname(warehouse), `${basename(warehouse, ".duckdb")}.${name}-${code}.duckdb`);
}

/** A shared file's name: <warehouse key>.<set name>-<code version>.duckdb */
export const SHARED_FILE = /^([0-9a-f]+)\.[a-z][a-z0-9_]*-([0-9a-f]+)\.duckdb$/;

/** Remove shared files of other code versions (every set has the same), and those whose warehouse is gone. */
function prune(dir: string, code: string): void {
  for (const n of readdirSync(dir)) {
    const m = SHARED_FILE.exec(n);
    if (m && (m[2] !== code || !existsSync(join(dir, `${m[1]}.duckdb`)))) rmSync(join(dir, n), {force: true});
  }
}

export interface SharedOptions {
  log?: (m: string) => void;
  lock?: LockOptions;
}

/** The catalog a builder may create a shared table in directly (rather than as a temp table that is then copied). */
export const SHARED_OUT = "shared_out";

/**
 * Create table `name` from the query `q`: in the catalog `into` (a builder's SHARED_OUT), with a temp view of
 * the same name for the build's later steps, so no temp copy is held and written out after; without
 * `into`, a temp table.
 */
export async function createTable(duck: Duck, name: string, q: {sql: string; params?: Params}, into?: string): Promise<void> {
  if (!PLAIN_NAME.test(name) || (into !== undefined && !PLAIN_NAME.test(into))) throw new Error(`invalid table ${JSON.stringify(into === undefined ? name : `${into}.${name}`)}`);
  if (into === undefined) {
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${name} AS ${q.sql}`, q.params);
    return;
  }
  await duck.run(`CREATE OR REPLACE TABLE ${into}.${name} AS ${q.sql}`, q.params);
  await duck.run(`CREATE OR REPLACE TEMP VIEW ${name} AS SELECT * FROM ${into}.${name}`);
}

/**
 * The temp tables `build` creates on this connection, with what it returns (JSON), shared by name
 * across loader processes. On the first call for this data and code, runs `build` and keeps its tables;
 * later calls (any process) get the same tables as read-only temp views and the same value back. A
 * table can go straight into `out` (SHARED_OUT), the file being written, which spares a temp copy
 * (createTable: with a temp view of its name where the build reads it back).
 */
export async function shared<M>(duck: Duck, warehouse: string, name: string, build: (duck: Duck, out: string) => Promise<M>, {log = stderrLog, lock}: SharedOptions = {}): Promise<M> {
  const code = codeVersion();
  const path = sharedPath(warehouse, name, code);
  if (!existsSync(path)) {
    const made = await withLock(`${path}.lock`, async () => {
      if (existsSync(path)) return null;
      removeDeadTemps(dirname(path));
      const t0 = performance.now();
      const tmp = `${path}.tmp-${process.pid}`;
      try {
        await duck.run(`ATTACH ${sqlString(tmp)} AS ${SHARED_OUT} (READ_WRITE)`);
        const before = new Set(await tempTables(duck));
        // the builder hands back what every reader will parse, so both see the same value
        const value = JSON.parse(JSON.stringify((await build(duck, SHARED_OUT)) ?? null)) as M;
        const tables = (await tempTables(duck)).filter((t) => !before.has(t));
        const [{direct}] = await duck.query<{direct: number}>("SELECT count(*)::INTEGER AS direct FROM duckdb_tables() WHERE database_name = $db", {db: SHARED_OUT});
        const built = performance.now();
        for (const t of tables) await duck.run(`CREATE TABLE ${SHARED_OUT}.${ident(t)} AS SELECT * FROM temp.main.${ident(t)}`);
        await duck.run(`CREATE TABLE ${SHARED_OUT}.shared_value AS SELECT $v::VARCHAR AS value`, {v: JSON.stringify(value)});
        await duck.run(`CHECKPOINT ${SHARED_OUT}`);
        await duck.run(`DETACH ${SHARED_OUT}`);
        renameSync(tmp, path);
        prune(dirname(path), code);
        log(`shared: ${name}: ${tables.length + direct} tables built in ${Math.round(built - t0)} ms (${direct} in place), written in ${Math.round(performance.now() - built)} ms → ${basename(path)}`);
        // the builder reads them back from the file like everyone else: the memory they held is freed
        for (const t of tables) await duck.run(`DROP TABLE temp.main.${ident(t)}`);
        return {value};
      } finally {
        await duck.run(`DETACH DATABASE IF EXISTS ${SHARED_OUT}`);
        for (const p of [tmp, `${tmp}.wal`]) rmSync(p, {force: true});
      }
    }, {log, ...lock});
    if (made) return attach(duck, path, name, made.value);
  }
  return attach(duck, path, name);
}

/** Temp views of every table in the shared file at `path`; returns its value (or `value`, when the caller has it). */
async function attach<M>(duck: Duck, path: string, name: string, value?: M): Promise<M> {
  const alias = `shared_${name}`;
  await duck.run(`ATTACH IF NOT EXISTS ${sqlString(path)} AS ${alias} (READ_ONLY)`);
  const tables = (await duck.query<{name: string}>("SELECT table_name AS name FROM duckdb_tables() WHERE database_name = $db AND table_name <> 'shared_value' ORDER BY table_name", {db: alias})).map((r) => r.name);
  for (const t of tables) await duck.run(`CREATE OR REPLACE TEMP VIEW ${ident(t)} AS SELECT * FROM ${alias}.${ident(t)}`);
  if (value !== undefined) return value;
  const [row] = await duck.query<{value: string}>(`SELECT value FROM ${alias}.shared_value`);
  return JSON.parse(row.value) as M;
}

