import {mkdirSync, rmdirSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {dirname, join, resolve} from "node:path";
import {DuckDBInstance, DuckDBTypeId, type DuckDBConnection, type DuckDBDataChunk, type DuckDBDateValue, type DuckDBResult, type DuckDBValue} from "@duckdb/node-api";
import {isValid, vectorOf, type FixedArray} from "./vectors.js";
import {removeDeadEntries} from "./warehouse/lock.js";

export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/** A name the loaders splice into SQL themselves (tables, key columns): lowercase letters, digits and _. */
export const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/;
export type Row = Record<string, unknown>;

/** A small typed handle over one native DuckDB connection. */
export interface Duck {
  connection: DuckDBConnection;
  /** Rows as plain JS objects; BIGINT/HUGEINT become numbers, DATE becomes "YYYY-MM-DD". */
  query<T = Row>(sql: string, params?: Params): Promise<T[]>;
  /** The same rows as query, a chunk (≈ 2,048 rows) at a time: a large result never sits in memory whole. */
  stream<T = Row>(sql: string, params?: Params): AsyncIterable<T[]>;
  run(sql: string, params?: Params): Promise<void>;
  /** Another connection to the same database, with transactions of its own; its close() closes only it. */
  fork(): Promise<Duck>;
  close(): void;
}

export interface OpenOptions {
  readOnly?: boolean;
  threads?: number;
  memoryLimit?: string;
}

function plain(value: unknown): unknown {
  if (typeof value === "bigint") return Number(value);
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(plain);
  const kind = value.constructor?.name;
  if ((kind === "DuckDBListValue" || kind === "DuckDBArrayValue") && "items" in value) return (value as {items: unknown[]}).items.map(plain);
  const s = String(value);
  // DuckDB DATE/TIMESTAMP values print as ISO text; keep only the date for DATE columns.
  if (kind === "DuckDBDateValue" || kind === "DuckDBTimestampValue") return s;
  if (kind === "DuckDBDecimalValue") return Number(s);
  const out: Row = {};
  for (const [k, v] of Object.entries(value)) out[k] = plain(v);
  return out;
}

/** Fixed-width types read as whole vectors, and how a value becomes what plain() makes of node-api's. */
const FIXED = new Map<DuckDBTypeId, {array: FixedArray; value?: (v: number | bigint) => unknown}>([
  [DuckDBTypeId.BOOLEAN, {array: Uint8Array, value: (v) => v !== 0}],
  [DuckDBTypeId.TINYINT, {array: Int8Array}],
  [DuckDBTypeId.SMALLINT, {array: Int16Array}],
  [DuckDBTypeId.INTEGER, {array: Int32Array}],
  [DuckDBTypeId.UTINYINT, {array: Uint8Array}],
  [DuckDBTypeId.USMALLINT, {array: Uint16Array}],
  [DuckDBTypeId.UINTEGER, {array: Uint32Array}],
  [DuckDBTypeId.FLOAT, {array: Float32Array}],
  [DuckDBTypeId.DOUBLE, {array: Float64Array}],
  [DuckDBTypeId.BIGINT, {array: BigInt64Array, value: Number}],
  [DuckDBTypeId.UBIGINT, {array: BigUint64Array, value: Number}]
]);

/**
 * Column `i` of `chunk` as plain() values, by a conversion picked once for the column by its type: fixed-width
 * values read as a whole vector, text as node-api gives it, each distinct date's text made once, plain() for the
 * rest. node-api's row objects, each then walked by plain(), took two to three times the CPU: 83,000 rows of date,
 * keyword and count 0.25–0.35 CPU-seconds against 0.10, the customer table's 924,080 rows × 33 columns streamed
 * for npm run analyze 34–36 against 17–20.
 */
function columnValues(chunk: DuckDBDataChunk, i: number, type: DuckDBTypeId): unknown[] {
  const fixed = FIXED.get(type);
  if (fixed) {
    const {items, mask} = vectorOf(chunk, i, fixed.array);
    const out = new Array<unknown>(items.length);
    for (let r = 0; r < items.length; r++) out[r] = !isValid(mask, r) ? null : fixed.value ? fixed.value(items[r]) : items[r];
    return out;
  }
  const values = chunk.getColumnValues(i);
  if (type === DuckDBTypeId.VARCHAR) return values;
  if (type === DuckDBTypeId.DATE) {
    // a result holds few distinct days: each one's text made once
    const text = new Map<number, string>();
    return values.map((v) => {
      if (v === null) return null;
      const {days} = v as DuckDBDateValue;
      let t = text.get(days);
      if (t === undefined) text.set(days, (t = String(v)));
      return t;
    });
  }
  return values.map(plain);
}

/** Each row of a result (its chunks fetched one by one) as an object of plain() values, a chunk at a time; keys as node-api's row objects name them. */
async function* rowChunks(result: DuckDBResult): AsyncGenerator<Row[]> {
  const names = result.deduplicatedColumnNames();
  const types = Array.from({length: result.columnCount}, (_, i) => result.columnTypeId(i));
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) return;
    const columns = types.map((type, i) => columnValues(chunk, i, type));
    const rows: Row[] = new Array(chunk.rowCount);
    for (let r = 0; r < rows.length; r++) {
      const row: Row = {};
      for (let c = 0; c < names.length; c++) row[names[c]] = columns[c][r];
      rows[r] = row;
    }
    yield rows;
  }
}

/** Every row of `chunks`, in order. */
export async function collect<T>(chunks: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of chunks) for (const row of chunk) out.push(row);
  return out;
}

/** Whether the connection has a temp table `name`. */
export async function hasTempTable(duck: Duck, name: string): Promise<boolean> {
  const [row] = await duck.query<{n: number}>("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE temporary AND table_name = $name", {name});
  return row.n > 0;
}

let opened = 0;

/**
 * A directory of its own for one instance's spill files, beside the database (in the system's temp
 * directory for ":memory:"): <db>.tmp/<pid>-<n>. DuckDB's default, <db>.tmp itself, is shared by every
 * process that opens the same file, and DuckDB names its spill files alike in each, so two loaders
 * spilling at once overwrite each other's blocks ("Corrupt temporary file", or a crash). The directory
 * is made here, so <db>.tmp is never empty while an instance is open; directories of processes that
 * are gone are removed.
 */
export function spillDirectory(path: string): string {
  const parent = path === ":memory:" ? join(tmpdir(), "lpoint-duckdb.tmp") : `${resolve(path)}.tmp`;
  const dir = join(parent, `${process.pid}-${++opened}`);
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(dir, {recursive: true});
      break;
    } catch (e) {
      // another process removed the parent when its last instance closed, between our two mkdirs
      if ((e as NodeJS.ErrnoException).code !== "ENOENT" || attempt >= 3) throw e;
    }
  }
  removeDeadEntries(parent, /^(\d+)-\d+$/);
  return dir;
}

/** Remove an instance's spill directory, and its parent when no other instance has one there. */
export function removeSpillDirectory(dir: string): void {
  rmSync(dir, {recursive: true, force: true});
  try {
    rmdirSync(dirname(dir));
  } catch {
    // not empty: another instance is open
  }
}

/** A database file opened read-only, kept open for the rest of the process (LPOINT_DUCKDB_SHARE=1). */
const kept = new Map<string, Promise<DuckDBInstance>>();

/**
 * The event a loader host emits on `process` when the runner changes the running loader's share of the
 * cores (scripts/loader-host.mjs), with the new count: the loaders beside it started or ended.
 */
export const THREADS_EVENT = "lpoint:duckdb-threads";

/**
 * Thread changes of this process, one at a time: a share set by the host must not land inside a
 * singleThreaded section, whose statement would then take more threads in its later pipelines.
 */
let threadChanges: Promise<unknown> = Promise.resolve();
function changingThreads<T>(f: () => Promise<T>): Promise<T> {
  const next = threadChanges.then(f);
  threadChanges = next.catch(() => undefined);
  return next;
}
/** singleThreaded sections running, and the share the host set meanwhile (applied when the last ends). */
let pinned = 0;
let deferredThreads: number | null = null;

/**
 * Every kept instance opened without threads of its own takes `n` threads: DuckDB relaunches its
 * workers at once, and the query running keeps its own tasks, so the count applies from its next
 * pipeline on. Inside a singleThreaded section, once it ends. A failure leaves the count as it was
 * (it only changes the speed).
 */
export async function setKeptThreads(n: number): Promise<void> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid thread count ${JSON.stringify(n)} (a whole number ≥ 1)`);
  await changingThreads(async () => {
    if (pinned > 0) {
      deferredThreads = n;
      return;
    }
    await Promise.all(
      [...kept].filter(([key]) => key.endsWith("\0")).map(async ([, made]) => {
        const connection = await (await made).connect();
        try {
          await connection.run(`SET threads = ${n}`);
        } finally {
          connection.closeSync();
        }
      })
    );
  }).catch(() => undefined);
}

if (process.env.LPOINT_DUCKDB_SHARE === "1") process.on(THREADS_EVENT, (n: number) => void setKeptThreads(n));

const MEMORY_SIZE = /^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/**
 * Memory DuckDB's block allocator may keep per instance (LPOINT_DUCKDB_BLOCK_POOL, "0" for none).
 * Without it, every freed 256 KB block goes back through DuckDB's allocator and the next query's hash
 * tables and sorts take fresh ones; with it, the loaders used a fifth less CPU at competition size
 * (mostly the allocator's own work, less the kernel's page faults). Pooled blocks are released with
 * MADV_FREE, which the kernel reclaims only under memory pressure, and reused by the next query (in a
 * loader host, by the next loader).
 */
export const DEFAULT_BLOCK_POOL = "512MB";

function blockPool(): string {
  const pool = process.env.LPOINT_DUCKDB_BLOCK_POOL ?? DEFAULT_BLOCK_POOL;
  if (pool !== "0" && !MEMORY_SIZE.test(pool)) throw new Error(`invalid LPOINT_DUCKDB_BLOCK_POOL ${JSON.stringify(pool)} (e.g. "512MB", or "0" for none)`);
  // DuckDB takes no size without a unit, not even none
  return pool === "0" ? "0B" : pool;
}

/** DuckDB's threads from LPOINT_DUCKDB_THREADS (the loader runner's share of the cores per loader), else undefined: every core. */
function envThreads(): number | undefined {
  const given = process.env.LPOINT_DUCKDB_THREADS;
  if (given === undefined || given === "") return undefined;
  const n = Number(given);
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid LPOINT_DUCKDB_THREADS ${JSON.stringify(given)} (a whole number ≥ 1)`);
  return n;
}

function optionsFor({readOnly = false, threads = envThreads(), memoryLimit}: OpenOptions): Record<string, string> {
  const options: Record<string, string> = {
    autoinstall_known_extensions: "false",
    autoload_known_extensions: "false",
    block_allocator_memory: blockPool()
  };
  if (readOnly) options.access_mode = "READ_ONLY";
  if (threads) options.threads = String(threads);
  // the loader runner gives each loader it runs at once a share of the memory (scripts/run-loaders.mjs)
  const limit = memoryLimit ?? process.env.LPOINT_DUCKDB_MEMORY;
  if (limit) {
    if (!MEMORY_SIZE.test(limit)) throw new Error(`invalid DuckDB memory limit ${JSON.stringify(limit)} (e.g. "1500MB", "2GB")`);
    options.memory_limit = limit;
  }
  return options;
}

async function createInstance(path: string, options: Record<string, string>): Promise<{instance: DuckDBInstance; spill: string}> {
  const spill = spillDirectory(path);
  try {
    return {instance: await DuckDBInstance.create(path, {...options, temp_directory: spill}), spill};
  } catch (e) {
    removeSpillDirectory(spill);
    throw e;
  }
}

/**
 * One instance per read-only file and thread count asked for (`threads`) for the whole process. The
 * loader runner's hosts (scripts/loader-host.mjs) run loader after loader in one process: each later
 * loader finds the warehouse's blocks already read and decompressed, and pays no second instance
 * start-up. `reused`: the instance was made by an earlier open, with that open's memory limit and threads.
 */
async function keptInstance(path: string, options: Record<string, string>, threads: number | undefined): Promise<{instance: DuckDBInstance; reused: boolean}> {
  const key = `${resolve(path)}\0${threads ?? ""}`;
  const made = kept.get(key);
  if (made) return {instance: await made, reused: true};
  const instance = createInstance(path, options).then(({instance, spill}) => {
    process.once("exit", () => removeSpillDirectory(spill));
    return instance;
  });
  kept.set(key, instance);
  instance.catch(() => kept.delete(key));
  return {instance: await instance, reused: false};
}

/**
 * Open a DuckDB database (":memory:" or a file). Extensions never auto-install (no network). With
 * LPOINT_DUCKDB_SHARE=1 a read-only file's instance is kept for the process (keptInstance) and close()
 * closes only the connection.
 */
export async function openDuck(path = ":memory:", options: OpenOptions = {}): Promise<Duck> {
  const settings = optionsFor(options);
  const keep = options.readOnly === true && path !== ":memory:" && process.env.LPOINT_DUCKDB_SHARE === "1";
  const {instance, spill, reused} = keep ? {...(await keptInstance(path, settings, options.threads)), spill: null} : {...(await createInstance(path, settings)), reused: false};
  const connection = await instance.connect();
  // each open sets the memory limit and threads it was given: instance-wide, for the one loader a host runs at a time
  if (reused) {
    await connection.run(settings.memory_limit ? `SET memory_limit = '${settings.memory_limit}'` : "RESET memory_limit");
    // read again: the host may have changed this loader's share while the instance opened (THREADS_EVENT)
    const threads = options.threads ?? envThreads();
    await connection.run(threads ? `SET threads = ${Number(threads)}` : "RESET threads");
  }
  return handle(instance, connection, () => {
    connection.closeSync();
    if (spill === null) return;
    instance.closeSync();
    removeSpillDirectory(spill);
  });
}

function handle(instance: DuckDBInstance, connection: DuckDBConnection, close: () => void): Duck {
  return {
    connection,
    async query<T = Row>(sql: string, params?: Params): Promise<T[]> {
      const rows: T[] = [];
      for await (const chunk of rowChunks(await connection.run(sql, params))) for (const row of chunk) rows.push(row as T);
      return rows;
    },
    async *stream<T = Row>(sql: string, params?: Params): AsyncIterable<T[]> {
      for await (const chunk of rowChunks(await connection.stream(sql, params))) yield chunk as T[];
    },
    async run(sql: string, params?: Params): Promise<void> {
      await connection.run(sql, params);
    },
    async fork(): Promise<Duck> {
      const other = await instance.connect();
      return handle(instance, other, () => other.closeSync());
    },
    close
  };
}

/**
 * Run `f` with its joins as written: the first relation of each join probes, the joined one is built.
 * DuckDB otherwise orders joins and picks build sides by their sizes, and a relation moved to the build
 * side loses its order. A query that sorts a narrow relation and joins the wide columns on after (rather
 * than sorting them along) relies on this: the probe keeps its input's order, on any number of threads.
 */
export async function joinsAsWritten<T>(duck: Duck, f: () => Promise<T>): Promise<T> {
  const [{value}] = await duck.query<{value: string}>("SELECT current_setting('disabled_optimizers') AS value");
  const disable = (list: string) => duck.run(list ? `SET disabled_optimizers = '${list.replaceAll("'", "''")}'` : "RESET disabled_optimizers");
  await disable([...new Set([...value.split(","), ...WRITTEN_JOINS].map((s) => s.trim()).filter(Boolean))].join(","));
  try {
    return await f();
  } finally {
    await disable(value);
  }
}

/** The optimizers that reorder joins or swap their sides. */
const WRITTEN_JOINS = ["join_order", "build_side_probe_side"];

/**
 * Run `f` with DuckDB on one thread (rows in the query's order, bytes the same on every build), then
 * restore the thread count it had, or take the share the loader host set meanwhile (setKeptThreads).
 */
export async function singleThreaded<T>(duck: Duck, f: () => Promise<T>): Promise<T> {
  const threads = await changingThreads(async () => {
    const [{threads}] = await duck.query<{threads: number}>("SELECT current_setting('threads')::INTEGER AS threads");
    await duck.run("SET threads = 1");
    pinned++;
    return threads;
  });
  try {
    return await f();
  } finally {
    const shared = await changingThreads(async () => {
      pinned--;
      const set = pinned === 0 ? deferredThreads : null;
      if (pinned === 0) deferredThreads = null;
      await duck.run(`SET threads = ${Number(threads)}`);
      return set;
    });
    if (shared !== null) await setKeptThreads(shared);
  }
}
