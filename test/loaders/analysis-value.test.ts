import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {customerBase, tierMigration, valueCube, valueTiers, valueTiersFromCube} from "../../loaders/analysis.js";
import {
  buildValueCube,
  customerBase as tsCustomerBase,
  resolveThresholds,
  tierMigration as tsTierMigration,
  toPositional,
  PURCHASE_DAYS_SQL,
  purchaseDaysFromSessionsSql,
  valueBaseQuery,
  valueCubeQuery,
  valueGridQuery,
  valueTiers as tsValueTiers,
  type CustomerBase
} from "../../src/value/index.js";
import {PURCHASE_SESSIONS_SQL} from "../../src/segment/index.js";
import {fixtureLines, fixturePeriod, openFixture, randomFixture, rng, type FixtureData} from "../fixtures/analysis/warehouse.js";
import {randomThresholds} from "../fixtures/analysis/values.js";

const key = (c: {clnt_id: number; r: number; f: number; m: number; e: number; high_m: boolean; tier: string}) => `${c.clnt_id}:${c.r}${c.f}${c.m}${c.e}${c.high_m}:${c.tier}`;

/** Cheap comparison of long lists: null when equal, else the first differing position. */
function firstMismatch(a: readonly string[], b: readonly string[]): string | null {
  if (a.length !== b.length) return `length ${a.length} ≠ ${b.length}`;
  const i = a.findIndex((x, j) => x !== b[j]);
  return i < 0 ? null : `#${i}: ${a[i]} ≠ ${b[i]}`;
}

describe("value tiers: SQL = TS = cube on a random warehouse", () => {
  let duck: Duck;
  let base: CustomerBase[];
  beforeAll(async () => {
    const data = randomFixture(42, {customers: 3000});
    duck = await openFixture(data);
    base = tsCustomerBase(fixtureLines(data).map((l) => ({clnt_id: l.clnt_id, sess_dt: l.sess_dt, amount: l.amount})), fixturePeriod(data)!);
    const b = valueBaseQuery();
    await duck.run(`CREATE TABLE value_base AS ${b.sql}`, b.params);
    const c = valueCubeQuery({}, "value_base");
    await duck.run(`CREATE TABLE value_cube AS ${c.sql}`, c.params);
  });
  afterAll(() => duck?.close());

  it("the base table equals the TS recomputation row for row", async () => {
    const sql = await customerBase(duck);
    expect(sql.length).toBeGreaterThan(2000);
    expect(sql).toEqual(base);
  });

  it("the base from the purchase days made once (from the purchasing sessions, as the build makes them; daily) is the same table", async () => {
    await duck.run(`CREATE TEMP TABLE purchase_days AS ${purchaseDaysFromSessionsSql(`(${PURCHASE_SESSIONS_SQL})`)}`);
    const d = valueBaseQuery("purchase_days", {daily: true});
    const b = valueBaseQuery();
    const [diff] = await duck.query<{n: number; missing: number; extra: number}>(
      `SELECT (SELECT count(*) FROM value_base)::INTEGER AS n,
        (SELECT count(*) FROM (FROM value_base EXCEPT ALL FROM (${d.sql})))::INTEGER AS missing,
        (SELECT count(*) FROM (FROM (${d.sql}) EXCEPT ALL FROM value_base))::INTEGER AS extra`,
      d.params
    );
    expect(diff).toEqual({n: base.length, missing: 0, extra: 0});
    // and in the same order
    expect(await duck.query(d.sql, d.params)).toEqual(await duck.query(b.sql, b.params));
    await duck.run("DROP TABLE purchase_days");
  });

  it("the purchase days summed from the purchasing sessions (PURCHASE_SESSIONS_SQL) are PURCHASE_DAYS_SQL's, types included", async () => {
    await duck.run(`CREATE TEMP TABLE sessions_with_days AS ${PURCHASE_SESSIONS_SQL}`);
    const fromSessions = purchaseDaysFromSessionsSql("sessions_with_days");
    const sorted = (sql: string) => `SELECT * FROM (${sql}) ORDER BY clnt_id, sess_dt`;
    const want = await duck.query(sorted(PURCHASE_DAYS_SQL));
    expect(want.length).toBeGreaterThan(2000);
    expect(await duck.query(sorted(fromSessions))).toEqual(want);
    const types = (sql: string) => duck.query(`SELECT column_name, column_type FROM (DESCRIBE ${sql})`);
    expect(await types(fromSessions)).toEqual(await types(PURCHASE_DAYS_SQL));
    await duck.run("DROP TABLE sessions_with_days");
  });

  it("the cube equals the TS cube and is smaller than the customer list", async () => {
    const sql = await valueCube(duck, {source: "value_base"});
    expect(sql).toEqual(buildValueCube(base));
    expect(sql.length).toBeLessThan(base.length);
  });

  it("every customer's tier: TS vs per-customer SQL vs cube SQL for 52 threshold combinations", async () => {
    const r = rng(2024);
    const combos = [resolveThresholds(), resolveThresholds({highM: 3}), ...Array.from({length: 50}, () => randomThresholds(r))];
    for (const t of combos) {
      const ts = tsValueTiers(base, t);
      const sql = await valueTiers(duck, t, {perCustomer: true, source: "value_base"});
      expect(firstMismatch(sql.customers!.map(key), ts.customers.map(key)), JSON.stringify(t)).toBeNull();
      expect(Math.max(...sql.customers!.map((c, i) => Math.abs(c.point_cost - ts.customers[i].point_cost)))).toBeLessThan(1e-6);
      const cube = await valueTiersFromCube(duck, t);
      for (const got of [sql, cube]) {
        expect(got.summary.map((s) => [s.tier, s.customers, s.revenue])).toEqual(ts.summary.map((s) => [s.tier, s.customers, s.revenue]));
        got.summary.forEach((s, i) => expect(s.point_cost).toBeCloseTo(ts.summary[i].point_cost, 4));
        expect(got.scores).toEqual(ts.scores);
      }
    }
  });

  it("tier migration SQL equals the TS matrix", async () => {
    const r = rng(5);
    for (const t of [resolveThresholds(), ...Array.from({length: 5}, () => randomThresholds(r))]) {
      expect(await tierMigration(duck, t, {source: "value_base"})).toEqual(tsTierMigration(base, t));
    }
  });

  it("runs with positional parameters too (the DuckDB-WASM binding)", async () => {
    const q = valueGridQuery({m2: 50_000}, "value_base");
    const p = toPositional(q);
    expect(p.sql).not.toMatch(/\$[A-Za-z]/);
    expect(await duck.query(p.sql, p.values)).toEqual(await duck.query(q.sql, q.params));
  });
});

describe("value tiers on hand-made edge cases", () => {
  let duck: Duck;
  // one product per amount; session per (customer, day)
  const data: FixtureData = {product: [], session: [], search1: [], custom: [], master: [{pd_c: 1, clac1_nm: "여성의류"}]};
  const buy = (clnt: number, sess: number, date: string, amount: number, ct = 1) => {
    if (!data.session.some((s) => s.clnt_id === clnt && s.sess_id === sess)) data.session.push({clnt_id: clnt, sess_id: sess, sess_dt: date, tot_pag_view_ct: 1, tot_sess_hr_v: 1});
    data.product.push({clnt_id: clnt, sess_id: sess, pd_c: 1, pd_buy_am: amount, pd_buy_ct: ct});
  };
  // 1: exactly 1,000,000 over two lines, gap exactly 15 days, last in August → R3 F3 M3 star
  buy(1, 1, "2018-08-01", 250_000, 2);
  buy(1, 2, "2018-08-16", 500_000);
  // 2: exactly 100,000 on one day in two sessions → one purchase day, F1; Sep R3 → R+F 4 → E1, M2 → butterfly
  buy(2, 1, "2018-09-10", 60_000);
  buy(2, 2, "2018-09-10", 40_000);
  // 3: 99,990 and a zero-amount line, gap 16 days, July → R2 F2 (4) E1, M1 → unmanaged
  buy(3, 1, "2018-07-01", 99_990);
  buy(3, 2, "2018-07-17", 0);
  // 4: only zero-amount lines: M1 even with m2 = 0
  buy(4, 1, "2018-09-01", 0);
  buy(4, 2, "2018-09-05", 0);

  beforeAll(async () => {
    duck = await openFixture(data);
  });
  afterAll(() => duck?.close());

  it("scores the exact-threshold cases as the report defines them", async () => {
    const r = await valueTiers(duck, {}, {perCustomer: true});
    expect(r.customers!.map((c) => [c.clnt_id, c.r, c.f, c.m, c.tier])).toEqual([
      [1, 3, 3, 3, "star"],
      [2, 3, 1, 2, "butterfly"],
      [3, 2, 2, 1, "unmanaged"],
      [4, 3, 3, 1, "chicken-rib"]
    ]);
    const base = await customerBase(duck);
    expect(base.map((b) => [b.n_dates, b.mean_day, b.total, b.n_lines])).toEqual([
      [2, 15, 1_000_000, 2],
      [1, null, 100_000, 2],
      [2, 16, 99_990, 2],
      [2, 4, 0, 2]
    ]);
  });

  it("a zero total stays M1 when m2 = 0, in SQL and in the cube", async () => {
    const t = {m2: 0};
    const r = await valueTiers(duck, t, {perCustomer: true});
    expect(r.customers!.find((c) => c.clnt_id === 4)!.m).toBe(1);
    expect(r.customers!.find((c) => c.clnt_id === 3)!.m).toBe(2);
    const c = valueCubeQuery();
    await duck.run(`CREATE OR REPLACE TABLE value_cube AS ${c.sql.replaceAll("value_base", `(${valueBaseQuery().sql})`)}`, {...c.params, ...valueBaseQuery().params});
    expect((await valueTiersFromCube(duck, t)).scores).toEqual(r.scores);
  });
});
