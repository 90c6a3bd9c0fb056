import {describe, expect, it} from "vitest";
import {customerBase, tierMigration, type ValueLine} from "../../src/value/base.js";
import {buildValueCube, DEFAULT_CUBE_OPTIONS, retierCube, type CubeOptions} from "../../src/value/cube.js";
import {buildMigrationCube, cubeColumns, cubeColumnsFromCustomers, halfKey, migrationFromCube, prefixCube, retierPrefix} from "../../src/value/prefix.js";
import {resolveThresholds, scoreCounts, summariseTiers, valueTiers, type ValueThresholds} from "../../src/value/rules.js";
import {rng} from "../fixtures/analysis/warehouse.js";
import {randomBases} from "../fixtures/analysis/values.js";

const PAGE_GRID: CubeOptions = {step: 50_000, cap: 2_000_000, gapCap: 90};
const SIX_MONTHS = {end: "2018-09-30", split: "2018-07-01"};

/** Purchase lines of n customers over Apr–Sep 2018, amounts often on grid values, some zero. */
function randomLines(seed: number, n: number): ValueLine[] {
  const r = rng(seed);
  const lines: ValueLine[] = [];
  const start = Date.UTC(2018, 3, 1);
  for (let id = 1; id <= n; id++) {
    const k = r() < 0.4 ? 1 : 1 + Math.floor(r() * 8);
    for (let i = 0; i < k; i++) {
      const day = new Date(start + Math.floor(r() * 183) * 86_400_000).toISOString().slice(0, 10);
      const kind = r();
      const amount = kind < 0.05 ? 0 : kind < 0.4 ? Math.floor(r() * 40) * 50_000 : kind < 0.45 ? 3_000_000 : Math.floor(r() * 900_000);
      lines.push({clnt_id: id, sess_dt: day, amount});
    }
  }
  return lines;
}

/** Random thresholds on the grid of o. */
function gridThresholds(r: () => number, o: CubeOptions): ValueThresholds {
  const steps = o.cap / o.step;
  const m2 = Math.floor(r() * (steps + 1)) * o.step;
  const m3 = m2 + Math.floor(r() * (steps - m2 / o.step + 1)) * o.step;
  const r3 = 1 + Math.floor(r() * 6);
  return resolveThresholds({
    r3Months: r3,
    r2Months: r3 + Math.floor(r() * (7 - r3)),
    gapDays: Math.floor(r() * (o.gapCap + 1)),
    m2,
    m3,
    rfCut: 2 + Math.floor(r() * 5),
    highM: r() < 0.5 ? 2 : 3
  });
}

const grid = (rows: ReturnType<typeof retierPrefix>) => rows.map((g) => [g.r, g.f, g.m, g.e, g.tier, g.customers, g.revenue]);

describe("running-sums cube", () => {
  for (const [name, o, bases] of [
    ["page grid", PAGE_GRID, customerBase(randomLines(3, 4000), SIX_MONTHS)],
    ["default grid", DEFAULT_CUBE_OPTIONS, randomBases(7, 5000)]
  ] as const) {
    it(`${name}: equals per-customer scoring and the cube GROUP BY for 150 threshold choices`, () => {
      const cells = buildValueCube(bases, o);
      const prefix = prefixCube(cubeColumns(cells), o);
      expect(prefix.customers).toBe(bases.length);
      expect(prefix.cells).toBe(cells.length);
      const r = rng(19);
      for (const t of [resolveThresholds({m3: Math.min(1_000_000, o.cap)}), ...Array.from({length: 150}, () => gridThresholds(r, o))]) {
        const rows = retierPrefix(prefix, t);
        const exact = valueTiers(bases, t);
        expect(summariseTiers(rows).map((s) => [s.tier, s.customers, s.revenue])).toEqual(exact.summary.map((s) => [s.tier, s.customers, s.revenue]));
        summariseTiers(rows).forEach((s, i) => expect(s.point_cost).toBeCloseTo(exact.summary[i].point_cost, 4));
        expect(scoreCounts(rows)).toEqual(exact.scores);
        // the rows themselves: those of the cube's GROUP BY (reference retierCube groups the same way)
        const fromCube = retierCube(cells, t, o);
        expect(summariseTiers(rows).map((s) => s.customers)).toEqual(fromCube.summary.map((s) => s.customers));
        const direct = new Map<string, number>();
        for (const s of exact.customers) {
          direct.set(`${s.r}${s.f}${s.m}`, (direct.get(`${s.r}${s.f}${s.m}`) ?? 0) + 1);
        }
        expect(rows.map((g) => [`${g.r}${g.f}${g.m}`, g.customers])).toEqual([...direct].sort((a, b) => a[0].localeCompare(b[0])));
      }
    });
  }

  it("cells in any order and straight from customers give the same sums", () => {
    const bases = randomBases(5, 800);
    const fromCells = prefixCube(cubeColumns([...buildValueCube(bases, PAGE_GRID)].reverse()), PAGE_GRID);
    const fromCustomers = prefixCube(cubeColumnsFromCustomers(bases, PAGE_GRID), PAGE_GRID);
    const t = resolveThresholds({m2: 50_000, m3: 500_000, gapDays: 30});
    expect(grid(retierPrefix(fromCells, t))).toEqual(grid(retierPrefix(fromCustomers, t)));
  });

  it("is refused off its grid and rejects cells outside its axes", () => {
    const prefix = prefixCube(cubeColumns(buildValueCube(randomBases(1, 50), PAGE_GRID)), PAGE_GRID);
    expect(() => retierPrefix(prefix, {m2: 60_000})).toThrow("m2 = 60000");
    expect(() => retierPrefix(prefix, {gapDays: 91})).toThrow("gapDays = 91");
    expect(() => prefixCube({months_ago: [4], gap_day: [null], amount_bucket: [41], customers: [1], revenue: [1]}, PAGE_GRID)).toThrow("amount_bucket 41");
    expect(() => prefixCube({months_ago: [4], gap_day: [92], amount_bucket: [0], customers: [1], revenue: [1]}, PAGE_GRID)).toThrow("gap_day 92");
  });
});

describe("migration pair cube", () => {
  const base = customerBase(randomLines(11, 3000), SIX_MONTHS);
  it("packs each half into one key, 0 for no purchase", () => {
    expect(halfKey(0, null, null, 0, PAGE_GRID)).toBe(0);
    // ((months back + 1) × 93 + gap code) × 42 + amount index: a purchase in the last month is not "none"
    expect(halfKey(1, 0, null, 0, PAGE_GRID)).toBe((1 * 93 + 0) * 42 + 0);
    expect(halfKey(1, 5, null, 0, PAGE_GRID)).toBe((6 * 93 + 0) * 42 + 0);
    expect(halfKey(2, 9, 15.5, 100_000, PAGE_GRID)).toBe((10 * 93 + 17) * 42 + 3);
    expect(halfKey(3, 7, 200, 9_000_000, PAGE_GRID)).toBe((8 * 93 + 92) * 42 + 41);
    expect(() => halfKey(1, -1, null, 0, PAGE_GRID)).toThrow("invalid months_ago -1");
  });
  it("gives the per-customer matrix for 100 threshold choices", () => {
    const cube = buildMigrationCube(base, PAGE_GRID);
    expect(cube.customers.reduce((s, n) => s + n, 0)).toBe(base.length);
    expect(cube.customers.length).toBeLessThan(base.length);
    const r = rng(23);
    for (const t of [resolveThresholds(), ...Array.from({length: 100}, () => gridThresholds(r, PAGE_GRID))]) {
      expect(migrationFromCube(cube, t, PAGE_GRID)).toEqual(tierMigration(base, t));
    }
  });
  it("is refused off the grid", () => {
    expect(() => migrationFromCube(buildMigrationCube(base, PAGE_GRID), {gapDays: 14.5}, PAGE_GRID)).toThrow("gapDays = 14.5");
  });
});
