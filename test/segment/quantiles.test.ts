// histogramQuantilesCtes gives DuckDB's quantile_cont, bit for bit, from a histogram of the values.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {quantileCont} from "../../src/segment/compute.js";
import {histogramQuantilesCtes} from "../../src/segment/sql.js";

let duck: Duck;
beforeAll(async () => {
  duck = await openDuck(":memory:", {threads: 2});
});
afterAll(() => duck.close());

const LEVELS = [0.01, 0.99, 0.25, 0.75, 0, 1, 0.5, 0.05, 0.95, 1 / 3, 0.001, 0.999];

/** Both ways over table x (var, v): per var, the histogram's lists and quantile_cont's. */
async function both(levels: readonly number[]): Promise<{var: string; fromHistogram: number[] | null; direct: number[] | null}[]> {
  const qs = `[${levels.map((l) => `${l}::DOUBLE`).join(", ")}]`;
  return duck.query(`WITH h AS (SELECT var, v, count(*) AS c FROM x GROUP BY ALL), ${histogramQuantilesCtes("h", qs, "hq")}
    SELECT d.var, hq.q AS "fromHistogram", d.q AS direct
    FROM (SELECT var, quantile_cont(v, ${qs}) AS q FROM x GROUP BY var) d LEFT JOIN hq USING (var) ORDER BY d.var`);
}

describe("histogramQuantilesCtes", () => {
  it("matches quantile_cont on random data: integers with many ties, doubles, a few rows, one row, NULLs", async () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const rows: string[] = [];
    for (let i = 0; i < 20000; i++) rows.push(`('ints', ${Math.floor(rnd() ** 3 * 500)})`);
    for (let i = 0; i < 5000; i++) rows.push(`('doubles', ${(rnd() * 1e6 - 2e5).toFixed(3)})`);
    for (let i = 0; i < 5000; i++) rows.push(`('prices', ${Math.round(rnd() * 300) * 100})`);
    for (const v of [3, 1, 4]) rows.push(`('three', ${v})`);
    rows.push("('one', 42)", "('nulls', NULL)", "('nulls', 5)", "('nulls', NULL)", "('nulls', 9)", "('only null', NULL)");
    await duck.run(`CREATE OR REPLACE TABLE x AS SELECT * FROM (VALUES ${rows.join(", ")}) t(var, v)`);
    await duck.run("ALTER TABLE x ALTER v TYPE DOUBLE");
    const got = await both(LEVELS);
    expect(got.map((r) => r.var)).toEqual(["doubles", "ints", "nulls", "one", "only null", "prices", "three"]);
    for (const r of got) {
      if (r.var === "only null") {
        expect(r.direct, r.var).toBeNull();
        expect(r.fromHistogram, r.var).toBeNull();
        continue;
      }
      expect(r.fromHistogram, r.var).toEqual(r.direct);
      // bit for bit, not within a tolerance
      expect(r.fromHistogram!.map((v, i) => Object.is(v, r.direct![i])), r.var).not.toContain(false);
    }
  });

  it("agrees bit for bit with the TypeScript quantileCont", async () => {
    let seed = 11;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let t = 0; t < 20; t++) {
      const values = Array.from({length: 2 + Math.floor(rnd() * 3000)}, () => Number((rnd() * 1e6 - 2e5).toFixed(3)));
      await duck.run(`CREATE OR REPLACE TABLE x AS SELECT 'a' AS var, v::DOUBLE AS v FROM (VALUES ${values.map((v) => `(${v})`).join(", ")}) t(v)`);
      const [r] = await both(LEVELS);
      const sorted = [...values].sort((a, b) => a - b);
      expect(LEVELS.map((q, i) => Object.is(quantileCont(sorted, q), r.direct![i]))).not.toContain(false);
    }
  });

  it("keeps the order of the levels asked for", async () => {
    await duck.run("CREATE OR REPLACE TABLE x AS SELECT 'a' AS var, range::DOUBLE AS v FROM range(101)");
    const [r] = await both([0.9, 0.1, 0.5]);
    expect(r.fromHistogram).toEqual([90, 10, 50]);
  });
});
