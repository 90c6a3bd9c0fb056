/**
 * The value page's inputs, end to end on the default synthetic demo warehouse: the shipped loaders'
 * Parquet, scored by the page's SQL (per customer and through the cube), against tiers derived here
 * from the raw purchase lines with the library's pure scoreCustomer.
 */
import {execFile} from "node:child_process";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {openWarehouse, PROJECT_ROOT} from "../../loaders/warehouse.js";
import {cubeGridQuery, tierMigrationQuery, valueCubeQuery, valueScoredQuery} from "../../src/value/sql.js";
import {migrationMatrix, type MigrationState} from "../../src/value/base.js";
import {migrationFromCube, prefixCube, retierPrefix} from "../../src/value/prefix.js";
import {resolveThresholds, scoreCustomer, TIER_KEYS, type TierKey, type ValueInput, type ValueThresholds} from "../../src/value/rules.js";
import {VALUE_CUBE, VALUE_TABLES} from "../../docs/components/value-config.js";
import type {MigrationCubeFile, ValueCubeFile, ValueSummaryFile} from "../../docs/components/value-db.js";

const run = promisify(execFile);

/** A loader's stdout, as Framework would cache it. */
async function loaderOutput(loader: string): Promise<Buffer> {
  const {stdout} = await run(process.execPath, ["--import", "tsx", loader], {cwd: PROJECT_ROOT, encoding: "buffer", maxBuffer: 1 << 30});
  return stdout;
}

/** 333 inputs per customer straight from purchase lines, without the library's base SQL or customerBase; recency in calendar months back from `end`. */
function deriveInputs(lines: readonly {clnt_id: number; sess_dt: string; amount: number}[], end: string): Map<number, ValueInput> {
  const by = new Map<number, {dates: Set<string>; total: number}>();
  for (const l of lines) {
    const c = by.get(l.clnt_id) ?? {dates: new Set<string>(), total: 0};
    c.dates.add(l.sess_dt);
    c.total += l.amount;
    by.set(l.clnt_id, c);
  }
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  const out = new Map<number, ValueInput>();
  for (const [id, c] of by) {
    const dates = [...c.dates].sort();
    const first = dates[0];
    const last = dates[dates.length - 1];
    out.set(id, {
      months_ago: (Number(end.slice(0, 4)) - Number(last.slice(0, 4))) * 12 + Number(end.slice(5, 7)) - Number(last.slice(5, 7)),
      n_dates: dates.length,
      mean_day: dates.length > 1 ? (day(last) - day(first)) / (dates.length - 1) : null,
      total: c.total
    });
  }
  return out;
}

const THRESHOLDS: Partial<ValueThresholds>[] = [
  {},
  {highM: 3},
  {highM: 3, m3: 500_000},
  {m2: 50_000, m3: 2_000_000, gapDays: 30, rfCut: 5},
  {r3Months: 1, r2Months: 3, gapDays: 7, rfCut: 3}
];

describe("value page data agree with an independent derivation for every customer", () => {
  let duck: Duck;
  let inputs: Map<number, ValueInput>;
  let cubeFile: ValueCubeFile;
  let migrationFile: MigrationCubeFile;
  let summaryFile: ValueSummaryFile;
  const dir = mkdtempSync(join(tmpdir(), "lpoint-value-"));

  beforeAll(async () => {
    const wh = await openWarehouse({log: () => {}});
    try {
      const lines = await wh.duck.query<{clnt_id: number; sess_dt: string; amount: number}>(
        "SELECT p.clnt_id, strftime(s.sess_dt, '%Y-%m-%d') AS sess_dt, p.pd_buy_am * p.pd_buy_ct AS amount FROM product p JOIN session s USING (clnt_id, sess_id)"
      );
      const [{end}] = await wh.duck.query<{end: string}>("SELECT strftime(max(sess_dt), '%Y-%m-%d') AS end FROM session");
      inputs = deriveInputs(lines, end);
    } finally {
      wh.duck.close();
    }
    duck = await openDuck();
    const file = join(dir, `${VALUE_TABLES.base}.parquet`);
    writeFileSync(file, await loaderOutput("docs/data/value-base.parquet.ts"));
    await duck.run(`CREATE TABLE ${VALUE_TABLES.base} AS SELECT * FROM read_parquet($file)`, {file});
    // the library's cube over the shipped customer table: what the page's JSON cube must equal
    const cq = valueCubeQuery(VALUE_CUBE, VALUE_TABLES.base);
    await duck.run(`CREATE TABLE ${VALUE_TABLES.cube} AS ${cq.sql}`, cq.params);
    const json = async <T>(loader: string) => JSON.parse((await loaderOutput(loader)).toString("utf8")) as T;
    [cubeFile, migrationFile, summaryFile] = await Promise.all([
      json<ValueCubeFile>("docs/data/value-cube.json.ts"),
      json<MigrationCubeFile>("docs/data/value-migration.json.ts"),
      json<ValueSummaryFile>("docs/data/value-summary.json.ts")
    ]);
  }, 300_000);
  afterAll(() => {
    duck?.close();
    rmSync(dir, {recursive: true, force: true});
  });

  it("ships one row per buying customer", async () => {
    const [{n}] = await duck.query<{n: number}>(`SELECT count(*) AS n FROM ${VALUE_TABLES.base}`);
    expect(n).toBe(inputs.size);
    expect(n).toBeGreaterThan(1000);
  });

  it("the page's cube file is the library's cube over the shipped customers, on the page's grid", async () => {
    expect({step: cubeFile.step, cap: cubeFile.cap, gapCap: cubeFile.gapCap}).toEqual({...VALUE_CUBE});
    const cells = await duck.query<{months_ago: number; gap_day: number | null; amount_bucket: number; customers: number; revenue: number}>(`SELECT * FROM ${VALUE_TABLES.cube}`);
    const c = cubeFile.cells;
    expect(c.months_ago.map((_, i) => [c.months_ago[i], c.gap_day[i], c.amount_bucket[i], c.customers[i], c.revenue[i]])).toEqual(
      cells.map((r) => [r.months_ago, r.gap_day, r.amount_bucket, r.customers, r.revenue])
    );
    expect(c.customers.reduce((s, n) => s + n, 0)).toBe(inputs.size);
  });

  for (const partial of THRESHOLDS) {
    it(`tiers at ${JSON.stringify(partial)}: page SQL per customer = derivation; cube counts = derivation; migration from the pair cube = per customer`, async () => {
      const t = resolveThresholds(partial);
      const q = valueScoredQuery(t, VALUE_TABLES.base);
      const page = await duck.query<{clnt_id: number; r: number; f: number; m: number; tier: TierKey}>(q.sql, q.params);
      expect(page.length).toBe(inputs.size);
      const counts = Object.fromEntries(TIER_KEYS.map((k) => [k, 0])) as Record<TierKey, number>;
      const mismatches: string[] = [];
      for (const row of page) {
        const input = inputs.get(row.clnt_id);
        if (!input) {
          mismatches.push(`${row.clnt_id}: not a buying customer`);
          continue;
        }
        const s = scoreCustomer(input, t);
        counts[s.tier]++;
        if (s.tier !== row.tier || s.r !== row.r || s.f !== row.f || s.m !== row.m) mismatches.push(`${row.clnt_id}: page ${row.r}${row.f}${row.m} ${row.tier}, derived ${s.r}${s.f}${s.m} ${s.tier}`);
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      const cq = cubeGridQuery(t, VALUE_CUBE, VALUE_TABLES.cube);
      const cube = await duck.query<{r: number; f: number; m: number; e: number; tier: TierKey; customers: number; revenue: number}>(cq.sql, cq.params);
      const fromCube = Object.fromEntries(TIER_KEYS.map((k) => [k, cube.filter((c) => c.tier === k).reduce((s, c) => s + c.customers, 0)]));
      expect(fromCube).toEqual(counts);
      // the page's running sums over its cube file give the library's rows
      const fast = retierPrefix(prefixCube(cubeFile.cells, VALUE_CUBE), t);
      expect(fast.map((r) => [r.r, r.f, r.m, r.e, r.tier, r.customers, r.revenue])).toEqual(cube.map((r) => [r.r, r.f, r.m, r.e, r.tier, r.customers, r.revenue]));
      fast.forEach((r, i) => expect(r.point_cost).toBeCloseTo((cube[i] as unknown as {point_cost: number}).point_cost, 4));
      // the migration: pair cube file = each customer's two halves in the page's SQL
      const mq = tierMigrationQuery(t, VALUE_TABLES.base);
      const perCustomer = migrationMatrix(await duck.query<{from: MigrationState; to: MigrationState; customers: number}>(mq.sql, mq.params));
      expect(perCustomer.reduce((s, c) => s + c.customers, 0)).toBe(inputs.size);
      expect(migrationFromCube(migrationFile, t, VALUE_CUBE)).toEqual(perCustomer);
      if (Object.keys(partial).length === 0) expect(migrationMatrix(summaryFile.migration)).toEqual(perCustomer);
      if (Object.keys(partial).length === 0) for (const k of TIER_KEYS) expect(counts[k], `tier ${k} at the report's thresholds`).toBeGreaterThan(0);
    });
  }
});
