/**
 * The page SQL in the pages' engine: DuckDB-WASM (DuckDB 1.4) with positional parameters gives the
 * same rows as native DuckDB (1.5) on the same tables.
 */
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {LINE_VIEW} from "../../src/ingest/tables.js";
import {cubeGridQuery, tierMigrationQuery, valueBaseQuery, valueCubeQuery, valueGridQuery, valueScoredQuery, type BoundQuery} from "../../src/value/index.js";
import {
  PREFERENCE_TABLES,
  PREF_AGE_COUNTS_SQL,
  PREF_CATEGORIES_SQL,
  PREF_COUNTS_SQL,
  PREF_GENDER_COUNTS_SQL,
  PREF_MEMBERS_SQL,
  preferenceCategories,
  preferenceRankingQuery,
  preferenceTopQuery
} from "../../src/preference/index.js";
import {CUSTOMER_TYPES_SQL, SEGMENT_BOUNDS_SQL, SEGMENT_GROUPS_SQL, SEGMENT_MEANS_SQL, segmentFeatures, segmentMeansSql, segmentQuery} from "../../src/segment/index.js";
import {CUSTOMER_CATEGORIES_SQL} from "../../src/profile/index.js";
import {fixtureSegmentInput, openFixture, randomFixture} from "../fixtures/analysis/warehouse.js";
import {openWasm, type Wasm} from "../fixtures/analysis/wasm.js";

function close(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return close(ka, kb) && ka.every((k) => close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

describe("page SQL in DuckDB-WASM = native DuckDB", () => {
  let duck: Duck;
  let wasm: Wasm;
  const data = randomFixture(5, {customers: 400});

  beforeAll(async () => {
    duck = await openFixture(data);
    wasm = await openWasm();
    const b = valueBaseQuery();
    await duck.run(`CREATE TABLE value_base AS ${b.sql}`, b.params);
    const c = valueCubeQuery();
    await duck.run(`CREATE TABLE value_cube AS ${c.sql}`, c.params);
    const pages: Array<[string, string]> = [
      ["value_base", "SELECT * FROM value_base"],
      ["value_cube", "SELECT * FROM value_cube"],
      [PREFERENCE_TABLES.categories, PREF_CATEGORIES_SQL],
      [PREFERENCE_TABLES.ageCounts, PREF_AGE_COUNTS_SQL],
      [PREFERENCE_TABLES.genderCounts, PREF_GENDER_COUNTS_SQL],
      [PREFERENCE_TABLES.counts, PREF_COUNTS_SQL],
      [PREFERENCE_TABLES.members, PREF_MEMBERS_SQL]
    ];
    for (const [name, sql] of pages) {
      await duck.run(`CREATE OR REPLACE TABLE ${name} AS ${sql}`);
      await wasm.copyFrom(duck, name, `SELECT * FROM ${name}`);
    }
    // the warehouse tables the build-time SQL reads (types kept through Parquet)
    for (const t of ["product", "session", "search1", "custom", "master", "period"]) await wasm.copyFrom(duck, t, `SELECT * FROM ${t}`);
    wasm.run(LINE_VIEW);
  });
  afterAll(() => {
    wasm?.close();
    duck?.close();
  });

  it("runs DuckDB 1.4 in WASM", () => {
    expect(wasm.version).toMatch(/^v1\.4\./);
  });

  const same = async (q: BoundQuery) => {
    const native = await duck.query(q.sql, q.params);
    const w = wasm.query(q.sql, q.params);
    expect(w.length).toBe(native.length);
    expect(native.length).toBeGreaterThan(0);
    const bad = native.findIndex((r, i) => !close(r, w[i]));
    expect(bad < 0 ? null : {native: native[bad], wasm: w[bad]}).toBeNull();
  };

  it("value: per-customer tiers, grid, cube grid, migration", async () => {
    for (const t of [{}, {highM: 3 as const, m2: 50_000, gapDays: 30}]) {
      await same(valueScoredQuery(t));
      await same(valueGridQuery(t));
      await same(cubeGridQuery(t));
      await same(tierMigrationQuery(t));
    }
  });

  it("preference: one customer's ranking and everyone's top 2", async () => {
    const ids = (await duck.query<{clnt_id: number}>("SELECT clnt_id FROM pref_counts GROUP BY ALL ORDER BY clnt_id LIMIT 1")).map((r) => r.clnt_id);
    for (const id of [...ids, 123_456_789]) {
      await same(preferenceRankingQuery(id));
      await same(preferenceRankingQuery(id, {categories: preferenceCategories("report", data.master.map((m) => m.clac1_nm).filter((c, i, all) => all.indexOf(c) === i)), alpha: 0}));
    }
    await same(preferenceTopQuery(2));
  });

  it("build-time SQL over the warehouse: base, segmentation, customer types, profile", async () => {
    const base = valueBaseQuery();
    const native = await duck.query(base.sql, base.params);
    const w = wasm.query(base.sql, base.params);
    // DATE columns come back from Arrow as epoch milliseconds
    const day = (x: unknown) => (typeof x === "number" ? new Date(x).toISOString().slice(0, 10) : x);
    expect(w.map((r) => ({...r, first_date: day(r.first_date), last_date: day(r.last_date)}))).toEqual(native);
    for (const sql of [SEGMENT_BOUNDS_SQL, SEGMENT_GROUPS_SQL, SEGMENT_MEANS_SQL, CUSTOMER_TYPES_SQL]) await same(segmentQuery(sql));
    await same(segmentQuery(SEGMENT_MEANS_SQL, {outliers: {kind: "iqr", k: 3}, groups: ["20F", "30F"], categories: ["여성의류", "남성의류"]}));
    // bounds as parameters, open ones as NULL (JSON has no infinity)
    const input = fixtureSegmentInput(data);
    for (const outliers of [undefined, {kind: "none" as const}]) {
      await same(segmentQuery(segmentMeansSql("bound"), {outliers}, segmentFeatures(input.sessions, input.lines, outliers).bounds));
    }
    const id = native[0].clnt_id as number;
    const cats = {sql: CUSTOMER_CATEGORIES_SQL, params: {clntId: id}};
    const n = await duck.query(cats.sql, cats.params);
    expect(wasm.query(cats.sql, cats.params).map((r) => ({...r, first_date: day(r.first_date), last_date: day(r.last_date)}))).toEqual(n);
  });
});
