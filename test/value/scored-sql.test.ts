import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {valueScoredQuery, valueScoredSql} from "../../src/value/sql.js";

let duck: Duck;

beforeAll(async () => {
  duck = await openDuck(":memory:", {threads: 2});
  // a base table's columns, in no order of clnt_id: one-day and repeat buyers, zero and large totals
  await duck.run(`CREATE TABLE value_base AS SELECT 1000 - i AS clnt_id, (i % 6)::INTEGER AS months_ago, 1 + i % 5 AS n_dates,
    CASE WHEN i % 5 = 0 THEN NULL ELSE (i % 90)::DOUBLE END AS mean_day, ((i * 7919) % 3000000)::DOUBLE AS total, 2 * i AS n_lines,
    DATE '2018-04-01' + (i % 30)::INTEGER AS first_date, DATE '2018-09-30' - (i % 60)::INTEGER AS last_date FROM range(0, 500) r(i) ORDER BY hash(i)`);
});
afterAll(() => duck?.close());

describe("valueScoredSql", () => {
  it("carries base columns after the scores, the rows and scores unchanged", async () => {
    const plain = valueScoredQuery();
    const carried = valueScoredQuery({}, "value_base", {carry: ["n_lines", "first_date", "mean_day"]});
    const a = await duck.query<Record<string, unknown>>(plain.sql, plain.params);
    const b = await duck.query<Record<string, unknown>>(carried.sql, carried.params);
    const base = new Map((await duck.query<Record<string, unknown>>("SELECT clnt_id, n_lines, first_date, mean_day FROM value_base")).map((r) => [r.clnt_id, r]));
    expect(b).toHaveLength(500);
    expect(new Set(a.map((r) => r.tier)).size).toBeGreaterThan(1);
    expect(b.map((r) => Object.keys(r))[0]).toEqual([...Object.keys(a[0]), "n_lines", "first_date", "mean_day"]);
    expect(b).toEqual(a.map((r) => ({...r, ...base.get(r.clnt_id)})));
    const loose = valueScoredQuery({}, "value_base", {carry: ["n_lines", "first_date", "mean_day"], ordered: false});
    expect(loose.sql).not.toMatch(/ORDER BY/);
    expect((await duck.query<Record<string, unknown>>(loose.sql, loose.params)).sort((x, y) => (x.clnt_id as number) - (y.clnt_id as number))).toEqual(b);
  });

  it("names a column it cannot carry", () => {
    expect(() => valueScoredSql("value_base", {carry: ["n_lines", "total"]})).toThrow('invalid column to carry "total"');
    expect(() => valueScoredSql("value_base", {carry: ["x; DROP TABLE t"]})).toThrow('invalid column to carry "x; DROP TABLE t"');
  });
});
