// The value page's engine. What the first view needs is small and in JavaScript: the threshold cube as
// running sums (a re-tier is a few dozen lookups, src/value/prefix.ts) and the migration at the
// report's thresholds from the build. Customer rows (value-base.parquet) and DuckDB-WASM are loaded only
// when a feature needs them: the target list, a threshold off the slider grid, the benchmark's plain
// scan. The migration pair cube is fetched the first time a threshold moves.
import type * as duckdb from "@duckdb/duckdb-wasm";
import {bindNamed, type SqlValue} from "../lib/sql.js";
import {bindQuery, type BoundQuery} from "../lib/value/bind.js";
import {migrationMatrix, type MigrationCell, type MigrationState} from "../lib/value/base.js";
import {cubeExact, type CubeOptions} from "../lib/value/cube.js";
import {migrationFromCube, prefixCube, retierPrefix, type CubeColumns, type GridCell, type MigrationCube, type PrefixCube} from "../lib/value/prefix.js";
import {valueGridQuery, valueParams, valueScoredSql, tierMigrationQuery} from "../lib/value/sql.js";
import {resolveThresholds, scoreCounts, spendToReach, summariseTiers, TIERS, type ScoreCount, type TierKey, type TierSummary, type ValueThresholds} from "../lib/value/rules.js";
import {TIER_PLAYBOOKS} from "../lib/profile/playbooks.js";
import {VALUE_CUBE, VALUE_TABLES} from "./value-config.js";

/** docs/data/value-cube.json */
export interface ValueCubeFile extends CubeOptions {
  cells: CubeColumns;
}

/** docs/data/value-migration.json */
export interface MigrationCubeFile extends CubeOptions, MigrationCube {}

/** The part of docs/data/value-summary.json the engine uses. */
export interface ValueSummaryFile {
  thresholds: ValueThresholds;
  migration: {from: MigrationState; to: MigrationState; customers: number}[];
}

export interface ValueEngine {
  /** the cube as running sums, in memory */
  cube: PrefixCube;
  summary: ValueSummaryFile;
  /** the migration pair cube (fetched on first use) */
  migrationCube(): Promise<MigrationCube>;
  /** whether customer rows have been asked for (DuckDB-WASM and value-base loading or loaded) */
  customersRequested(): boolean;
  /** Rows of one bound query over the customer table and the time of its worker round trip (ms); loads DuckDB and the table first. */
  rows<T>(query: BoundQuery): Promise<{rows: T[]; ms: number}>;
}

function sameGrid(file: CubeOptions, name: string): void {
  for (const k of ["step", "cap", "gapCap"] as const) {
    if (file[k] !== VALUE_CUBE[k]) throw new Error(`${name} was built for ${k} = ${file[k]}, the page's grid has ${VALUE_CUBE[k]}: rebuild the site`);
  }
}

export function openValueEngine(files: {summary: ValueSummaryFile; cube: ValueCubeFile; migration: () => Promise<MigrationCubeFile>; base: string}): ValueEngine {
  sameGrid(files.cube, "value-cube.json");
  const cube = prefixCube(files.cube.cells, VALUE_CUBE);
  let migration: Promise<MigrationCube> | null = null;
  let connection: Promise<duckdb.AsyncDuckDBConnection> | null = null;
  const connect = () =>
    (connection ??= (async () => {
      // DuckDB-WASM's modules too are fetched only now
      const {loadParquet, openDuckDB} = await import("./duckdb.js");
      const db = await openDuckDB();
      await loadParquet(db, VALUE_TABLES.base, files.base);
      return db.connect();
    })());
  // one connection with cached prepared statements, used one query at a time
  const statements = new Map<string, Promise<duckdb.AsyncPreparedStatement>>();
  let queue: Promise<unknown> = Promise.resolve();
  const run = async <T>({sql, params}: BoundQuery): Promise<{rows: T[]; ms: number}> => {
    const con = await connect();
    const {sql: text, values} = bindNamed(sql, params);
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = con.prepare(text)));
    const started = performance.now();
    const table = await (await statement).query(...(values as SqlValue[]));
    const rows = table.toArray().map((row) => ({...row.toJSON()}) as T);
    return {rows, ms: performance.now() - started};
  };
  return {
    cube,
    summary: files.summary,
    migrationCube: () =>
      (migration ??= files.migration().then((m) => {
        sameGrid(m, "value-migration.json");
        return m;
      })),
    customersRequested: () => connection !== null,
    rows<T>(query: BoundQuery) {
      const next = queue.then(() => run<T>(query));
      queue = next.catch(() => undefined);
      return next;
    }
  };
}

export type GridRow = GridCell;

export interface LiveTiers {
  thresholds: ValueThresholds;
  /** "cube" on the slider grid (running sums, in JavaScript); "customers" (one pass over every customer in DuckDB-WASM) off it */
  via: "cube" | "customers";
  ms: number;
  grid: GridRow[];
  summary: TierSummary[];
  scores: ScoreCount[];
}

function live(thresholds: ValueThresholds, via: LiveTiers["via"], grid: GridRow[], ms: number): LiveTiers {
  return {thresholds, via, ms, grid, summary: summariseTiers(grid), scores: scoreCounts(grid)};
}

/** On the slider grid: the whole re-tier (lookups, tier summary, score counts) in JavaScript, timed. */
export function cubeRetier(engine: ValueEngine, thresholds: ValueThresholds): LiveTiers {
  const started = performance.now();
  const grid = retierPrefix(engine.cube, thresholds);
  const summary = summariseTiers(grid);
  const scores = scoreCounts(grid);
  return {thresholds, via: "cube", ms: performance.now() - started, grid, summary, scores};
}

/** Every customer's R, F, M and tier, aggregated: from the running-sums cube when the thresholds are on its grid. */
export async function retier(engine: ValueEngine, thresholds: Partial<ValueThresholds>): Promise<LiveTiers> {
  const t = resolveThresholds(thresholds);
  if (!cubeExact(t, VALUE_CUBE)) return naiveRetier(engine, t);
  return cubeRetier(engine, t);
}

/** The same result scored customer by customer in DuckDB-WASM (the reference the cube must equal). */
export async function naiveRetier(engine: ValueEngine, thresholds: Partial<ValueThresholds>): Promise<LiveTiers> {
  const t = resolveThresholds(thresholds);
  const {rows, ms} = await engine.rows<GridRow>(valueGridQuery(t, VALUE_TABLES.base));
  return live(t, "customers", rows, ms);
}

/** The floor any re-tier is measured against: one plain aggregate over the customer table in DuckDB-WASM. */
export async function scanTotal(engine: ValueEngine): Promise<{total: number; ms: number}> {
  const {rows, ms} = await engine.rows<{total: number}>({sql: `SELECT sum(total) AS total FROM ${VALUE_TABLES.base}`, params: {}});
  return {total: rows[0].total, ms};
}

function sameThresholds(a: ValueThresholds, b: ValueThresholds): boolean {
  return (Object.keys(a) as (keyof ValueThresholds)[]).every((k) => a[k] === b[k]);
}

/**
 * First-half tier → second-half tier. At the report's thresholds: the build's per-customer matrix; on the slider
 * grid: the pair cube (fetched on first use); off it: each customer's two halves in DuckDB-WASM.
 */
export async function tierMigration(engine: ValueEngine, thresholds: Partial<ValueThresholds>): Promise<MigrationCell[]> {
  const t = resolveThresholds(thresholds);
  if (sameThresholds(t, resolveThresholds(engine.summary.thresholds))) return migrationMatrix(engine.summary.migration);
  if (cubeExact(t, VALUE_CUBE)) return migrationFromCube(await engine.migrationCube(), t, VALUE_CUBE);
  const {rows} = await engine.rows<{from: MigrationState; to: MigrationState; customers: number}>(tierMigrationQuery(t, VALUE_TABLES.base));
  return migrationMatrix(rows);
}

export interface TierListRow {
  clnt_id: number;
  tier: TierKey;
  r: number;
  f: number;
  m: number;
  e: number;
  total: number;
  n_dates: number;
  mean_day: number | null;
  first_date: string;
  last_date: string;
  point_rate: number;
  point_cost: number;
  /** the tier's playbook step for this customer */
  action: string;
}

const LIST_SQL = `SELECT s.clnt_id, s.tier, s.r, s.f, s.m, s.e, s.total, b.n_dates, b.mean_day, b.first_date, b.last_date, s.point_rate, s.point_cost
FROM (${valueScoredSql(VALUE_TABLES.base)}) s JOIN ${VALUE_TABLES.base} b USING (clnt_id)
WHERE s.tier = $tier
ORDER BY s.total DESC, s.clnt_id`;

function action(row: Omit<TierListRow, "action">, t: ValueThresholds): string {
  const items = TIER_PLAYBOOKS[row.tier].items;
  if (row.tier === "chicken-rib") return `₩${Math.round(spendToReach(row.total, t.highM, t)).toLocaleString("en-US")} more spend reaches M ≥ ${t.highM} (star)`;
  if (row.tier === "unmanaged") return row.n_dates === 1 ? items[0].title : items[1].title;
  return items.map((i) => i.title).join("; ");
}

/** Customers of one tier, biggest spenders first, scored per customer with the reader's thresholds (DuckDB-WASM). */
export async function tierList(engine: ValueEngine, thresholds: Partial<ValueThresholds>, tier: TierKey): Promise<TierListRow[]> {
  const t = resolveThresholds(thresholds);
  const {rows} = await engine.rows<Omit<TierListRow, "action">>(bindQuery(LIST_SQL, {...valueParams(t, VALUE_CUBE), tier}));
  // a list to act on, not to recompute: gaps to the hundredth of a day, points to the hundredth of a won
  const round2 = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
  return rows.map((r) => ({...r, mean_day: round2(r.mean_day), point_cost: round2(r.point_cost)!, action: action(r, t)}));
}

/**
 * The target list as the page shows it: customer rows are fetched the first time the list is on screen
 * (`visible`, the cell's visibility promise) or the reader picks a tier other than the first.
 */
export async function lazyTierList(engine: ValueEngine, thresholds: Partial<ValueThresholds>, tier: TierKey, visible: () => Promise<unknown>): Promise<TierListRow[]> {
  if (!engine.customersRequested() && tier === TIERS[0].key) await visible();
  return tierList(engine, thresholds, tier);
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}

const median = (xs: number[]) => quantile(xs, 0.5);

export interface BenchResult {
  /** one re-tier on the running-sums cube in JavaScript (lookups + tier summary + score counts), ms: the mean over `batch` back-to-back calls, median over runs */
  cubeMs: number;
  cubeP95Ms: number;
  batch: number;
  /** the per-customer re-tier in DuckDB-WASM (worker round trip included) */
  naiveMs: number;
  /** SELECT sum(total) over the customer table in DuckDB-WASM (worker round trip included) */
  scanMs: number;
  scanP95Ms: number;
  /** SELECT 1 through the same connection: the round trip every DuckDB-WASM query pays */
  roundTripMs: number;
  /** a plain JavaScript sum over the customers' totals in a Float64Array (mean over `batch`) */
  jsScanMs: number;
  runs: number;
  customers: number;
  cells: number;
}

/** Medians (and p95) over `runs` alternating runs (after one warm-up) of the cube re-tier, the per-customer re-tier and the plain scans. */
export async function benchValue(engine: ValueEngine, thresholds: Partial<ValueThresholds> = {}, runs = 9, batch = 200): Promise<BenchResult> {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`invalid runs ${JSON.stringify(runs)}: expected a positive integer`);
  const t = resolveThresholds(thresholds);
  if (!cubeExact(t, VALUE_CUBE)) throw new Error("benchmark thresholds are off the cube grid");
  const {rows: totalRows} = await engine.rows<{total: number}>({sql: `SELECT total::DOUBLE AS total FROM ${VALUE_TABLES.base}`, params: {}});
  const totals = Float64Array.from(totalRows, (r) => r.total);
  const times = {cube: [] as number[], naive: [] as number[], scan: [] as number[], trip: [] as number[], js: [] as number[]};
  let sink = 0;
  for (let i = 0; i <= runs; i++) {
    let started = performance.now();
    let cube: LiveTiers | null = null;
    for (let k = 0; k < batch; k++) cube = cubeRetier(engine, t);
    const cubeMs = (performance.now() - started) / batch;
    const naive = await naiveRetier(engine, t);
    const scan = await scanTotal(engine);
    const trip = await engine.rows({sql: "SELECT 1 AS one", params: {}});
    started = performance.now();
    for (let k = 0; k < batch; k++) {
      let s = 0;
      for (let j = 0; j < totals.length; j++) s += totals[j];
      sink += s;
    }
    const jsMs = (performance.now() - started) / batch;
    if (cube!.summary.some((s, j) => s.customers !== naive.summary[j].customers)) throw new Error("the cube re-tier and the per-customer re-tier disagree");
    if (i === 0) continue;
    times.cube.push(cubeMs);
    times.naive.push(naive.ms);
    times.scan.push(scan.ms);
    times.trip.push(trip.ms);
    times.js.push(jsMs);
  }
  if (!(sink > 0)) throw new Error("JavaScript scan summed nothing");
  return {
    cubeMs: median(times.cube), cubeP95Ms: quantile(times.cube, 0.95), batch, naiveMs: median(times.naive), scanMs: median(times.scan), scanP95Ms: quantile(times.scan, 0.95), roundTripMs: median(times.trip), jsScanMs: median(times.js),
    runs, customers: totals.length, cells: engine.cube.cells
  };
}
