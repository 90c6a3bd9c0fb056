// The value page's engine: the per-customer base and the threshold cube in DuckDB-WASM, every
// reader value bound as a parameter. One connection with cached prepared statements, used one
// query at a time, so a slider move costs one round trip to the worker.
import * as duckdb from "@duckdb/duckdb-wasm";
import {loadParquet, openDuckDB, type Db} from "./duckdb.js";
import {bindNamed, type SqlValue} from "../lib/sql.js";
import {bindQuery, type BoundQuery} from "../lib/value/bind.js";
import {migrationMatrix, type MigrationCell, type MigrationState} from "../lib/value/base.js";
import {cubeExact} from "../lib/value/cube.js";
import {valueGridQuery, valueParams, valueScoredSql, tierMigrationQuery} from "../lib/value/sql.js";
import {resolveThresholds, scoreCounts, spendToReach, summariseTiers, type ScoreCount, type TierKey, type TierSummary, type ValueThresholds} from "../lib/value/rules.js";
import {TIER_PLAYBOOKS} from "../lib/profile/playbooks.js";
import {VALUE_CUBE, VALUE_TABLES} from "./value-config.js";
import {fastCubeQuery} from "./value-sql.js";

export interface ValueEngine {
  db: Db;
  /** Rows of one bound query and the time it took in the worker round trip (ms). */
  rows<T>(query: BoundQuery): Promise<{rows: T[]; ms: number}>;
}

export async function openValueEngine(hrefs: {base: string; cube: string}): Promise<ValueEngine> {
  const db = await openDuckDB();
  await Promise.all([loadParquet(db, VALUE_TABLES.base, hrefs.base), loadParquet(db, VALUE_TABLES.cube, hrefs.cube)]);
  const con = await db.connect();
  const statements = new Map<string, Promise<duckdb.AsyncPreparedStatement>>();
  let queue: Promise<unknown> = Promise.resolve();
  const run = async <T>({sql, params}: BoundQuery): Promise<{rows: T[]; ms: number}> => {
    const {sql: text, values} = bindNamed(sql, params);
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = con.prepare(text)));
    const started = performance.now();
    const table = await (await statement).query(...(values as SqlValue[]));
    const rows = table.toArray().map((row) => ({...row.toJSON()}) as T);
    return {rows, ms: performance.now() - started};
  };
  return {
    db,
    rows<T>(query: BoundQuery) {
      const next = queue.then(() => run<T>(query));
      queue = next.catch(() => undefined);
      return next;
    }
  };
}

export interface GridRow {
  r: 1 | 2 | 3;
  f: 1 | 2 | 3;
  m: 1 | 2 | 3;
  e: 1 | 2;
  tier: TierKey;
  customers: number;
  revenue: number;
  point_cost: number;
}

export interface LiveTiers {
  thresholds: ValueThresholds;
  /** "cube" on the slider grid; "customers" (one pass over every customer) off it */
  via: "cube" | "customers";
  ms: number;
  grid: GridRow[];
  summary: TierSummary[];
  scores: ScoreCount[];
}

function live(thresholds: ValueThresholds, via: LiveTiers["via"], {rows, ms}: {rows: GridRow[]; ms: number}): LiveTiers {
  return {thresholds, via, ms, grid: rows, summary: summariseTiers(rows), scores: scoreCounts(rows)};
}

/** Every customer's R, F, M and tier, aggregated: from the cube when the thresholds are on its grid. */
export async function retier(engine: ValueEngine, thresholds: Partial<ValueThresholds>): Promise<LiveTiers> {
  const t = resolveThresholds(thresholds);
  if (!cubeExact(t, VALUE_CUBE)) return naiveRetier(engine, t);
  return live(t, "cube", await engine.rows<GridRow>(fastCubeQuery(t)));
}

/** The same result scored customer by customer (the reference the cube must equal). */
export async function naiveRetier(engine: ValueEngine, thresholds: Partial<ValueThresholds>): Promise<LiveTiers> {
  const t = resolveThresholds(thresholds);
  return live(t, "customers", await engine.rows<GridRow>(valueGridQuery(t, VALUE_TABLES.base)));
}

/** The floor any re-tier is measured against: one plain aggregate over the customer table. */
export async function scanTotal(engine: ValueEngine): Promise<{total: number; ms: number}> {
  const {rows, ms} = await engine.rows<{total: number}>({sql: `SELECT sum(total) AS total FROM ${VALUE_TABLES.base}`, params: {}});
  return {total: rows[0].total, ms};
}

/** Apr–Jun tier → Jul–Sep tier: needs each customer's two halves, so it runs over the base table. */
export async function tierMigration(engine: ValueEngine, thresholds: Partial<ValueThresholds>): Promise<MigrationCell[]> {
  const {rows} = await engine.rows<{from: MigrationState; to: MigrationState; customers: number}>(tierMigrationQuery(thresholds, VALUE_TABLES.base));
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
  if (row.tier === "chicken-rib") return `${spendToReach(row.total, t.highM, t).toLocaleString("en-US")} KRW more spend reaches M ≥ ${t.highM} (star)`;
  if (row.tier === "unmanaged") return row.n_dates === 1 ? items[0].title : items[1].title;
  return items.map((i) => i.title).join("; ");
}

/** Customers of one tier, biggest spenders first, scored per customer with the reader's thresholds. */
export async function tierList(engine: ValueEngine, thresholds: Partial<ValueThresholds>, tier: TierKey): Promise<TierListRow[]> {
  const t = resolveThresholds(thresholds);
  const {rows} = await engine.rows<Omit<TierListRow, "action">>(bindQuery(LIST_SQL, {...valueParams(t, VALUE_CUBE), tier}));
  return rows.map((r) => ({...r, action: action(r, t)}));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export interface BenchResult {
  cubeMs: number;
  naiveMs: number;
  scanMs: number;
  runs: number;
  customers: number;
  cells: number;
}

/** Medians over `runs` alternating runs (after one warm-up each) of the cube re-tier, the per-customer re-tier and the plain scan. */
export async function benchValue(engine: ValueEngine, thresholds: Partial<ValueThresholds> = {}, runs = 9): Promise<BenchResult> {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`invalid runs ${JSON.stringify(runs)}: expected a positive integer`);
  const times = {cube: [] as number[], naive: [] as number[], scan: [] as number[]};
  for (let i = 0; i <= runs; i++) {
    const cube = await retier(engine, thresholds);
    const naive = await naiveRetier(engine, thresholds);
    const scan = await scanTotal(engine);
    if (cube.via !== "cube") throw new Error("benchmark thresholds are off the cube grid");
    if (i === 0) continue;
    times.cube.push(cube.ms);
    times.naive.push(naive.ms);
    times.scan.push(scan.ms);
  }
  const count = async (table: string) => (await engine.rows<{n: number}>({sql: `SELECT count(*)::DOUBLE AS n FROM ${table}`, params: {}})).rows[0].n;
  return {cubeMs: median(times.cube), naiveMs: median(times.naive), scanMs: median(times.scan), runs, customers: await count(VALUE_TABLES.base), cells: await count(VALUE_TABLES.cube)};
}
