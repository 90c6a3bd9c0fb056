import {readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {dateRange} from "../../src/calendar.js";
import {centredMovingAverage, seasonalDecompose, weekdayIndex, type SeasonalModel} from "../../src/forecast/decompose.js";
import * as api from "../../src/index.js";

interface FixtureCase {
  name: string;
  period: number;
  model: SeasonalModel;
  values: number[];
  trend: (number | null)[];
  seasonal: (number | null)[];
  residual: (number | null)[];
  figure: number[];
}

const fixtures = JSON.parse(readFileSync(new URL("../fixtures/forecast/seasonal-decompose.json", import.meta.url), "utf8")) as {cases: FixtureCase[]};

function expectClose(actual: number[], expected: (number | null)[], rel = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i];
    if (e === null) expect(a, `index ${i}`).toBeNaN();
    else expect(Math.abs(a - e), `index ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(e)));
  });
}

describe("seasonalDecompose agrees with statsmodels seasonal_decompose", () => {
  it("has odd and even periods, both models", () => {
    const kinds = new Set(fixtures.cases.map((c) => `${c.period % 2 ? "odd" : "even"}-${c.model}`));
    expect([...kinds].sort()).toEqual(["even-additive", "even-multiplicative", "odd-additive", "odd-multiplicative"]);
  });
  for (const c of fixtures.cases) {
    it(c.name, () => {
      const r = seasonalDecompose(c.values, {period: c.period, model: c.model});
      expectClose(r.trend, c.trend);
      expectClose(r.seasonal, c.seasonal);
      expectClose(r.residual, c.residual);
      expectClose(r.figure, c.figure);
      const edge = Math.floor(c.period / 2);
      expect(r.trend.slice(0, edge).every(Number.isNaN)).toBe(true);
      expect(r.trend.slice(-edge).every(Number.isNaN)).toBe(true);
      expect(Number.isNaN(r.trend[edge])).toBe(false);
      const sum = r.figure.reduce((a, b) => a + b, 0);
      expect(sum).toBeCloseTo(c.model === "multiplicative" ? c.period : 0, 10);
    });
  }
});

describe("seasonalDecompose", () => {
  it("is exported from src/index.ts under that name", () => {
    expect(api.seasonalDecompose).toBe(seasonalDecompose);
    expect(api.weekdayIndex).toBe(weekdayIndex);
  });
  it("uses a 2×m filter for even periods", () => {
    const cma = centredMovingAverage([1, 2, 3, 4, 5, 6, 7, 8], 4);
    expect(cma[2]).toBeCloseTo((0.5 * 1 + 2 + 3 + 4 + 0.5 * 5) / 4, 12);
    expect(cma.map(Number.isNaN)).toEqual([true, true, false, false, false, false, true, true]);
  });
  it("names the bad value", () => {
    expect(() => seasonalDecompose([1, 2, 3, 4], {period: 0, model: "additive"})).toThrow("invalid period: 0");
    expect(() => seasonalDecompose([1, 2, 3], {period: 2, model: "additive"})).toThrow("series too short: 3");
    expect(() => seasonalDecompose([1, 2, NaN, 4], {period: 2, model: "additive"})).toThrow("invalid value at index 2: NaN");
    expect(() => seasonalDecompose([1, 2, 0, 4], {period: 2, model: "multiplicative"})).toThrow("invalid value at index 2: 0");
    expect(() => seasonalDecompose([1, 2, 3, 4], {period: 2, model: "log" as SeasonalModel})).toThrow('invalid model: "log"');
  });
});

describe("weekdayIndex: the report's women's-clothing table", () => {
  // 2018-04-01..04-08 as printed; CMA and Y/CMA printed for 04-04..04-08.
  const printedY = [238_179_870, 241_964_178, 218_457_560, 215_549_465, 184_853_040, 156_493_150, 133_238_020, 156_956_595];
  const printedCma: Record<string, number> = {"2018-04-04": 198_390_755, "2018-04-05": 186_787_430, "2018-04-06": 181_405_884, "2018-04-07": 172_908_589, "2018-04-08": 168_931_075};
  const printedRatio: Record<string, number> = {"2018-04-04": 1.08649, "2018-04-05": 0.98964, "2018-04-06": 0.86267, "2018-04-07": 0.77057, "2018-04-08": 0.92912};

  it("reproduces 2018-04-04: Y=215,549,465, CMA=198,390,755, Y/CMA=1.08649", () => {
    // 14 days so the table is defined; the days after 04-08 are not printed and do not enter 04-04/04-05.
    const values = [...printedY, ...Array<number>(6).fill(150_000_000)];
    const t = weekdayIndex(dateRange("2018-04-01", "2018-04-14"), values);
    const row = t.rows[3];
    expect(row).toMatchObject({date: "2018-04-04", weekday: 3, y: 215_549_465});
    expect(Math.round(row.cma)).toBe(198_390_755);
    expect(row.ratio.toFixed(5)).toBe("1.08649");
    expect(Math.round(t.rows[4].cma)).toBe(printedCma["2018-04-05"]);
    expect(t.rows[4].ratio.toFixed(5)).toBe("0.98964");
    expect(t.rows.slice(0, 3).every((r) => Number.isNaN(r.cma))).toBe(true);
  });

  it("is consistent with every printed CMA and Y/CMA (04-09..04-11 recovered from the printed CMAs)", () => {
    const y = [...printedY];
    // CMA(d) = mean of d-3..d+3, so each printed CMA fixes one unprinted day up to rounding (±3.5 KRW).
    for (const d of ["2018-04-06", "2018-04-07", "2018-04-08"]) {
      const i = y.length - 3;
      const known = y.slice(i - 3, i + 3).reduce((a, b) => a + b, 0);
      y.push(7 * printedCma[d] - known);
      expect(d).toBe(dateRange("2018-04-01", "2018-04-30")[i]);
    }
    const values = [...y, ...Array<number>(3).fill(150_000_000)];
    const t = weekdayIndex(dateRange("2018-04-01", "2018-04-14"), values);
    for (const [date, cma] of Object.entries(printedCma)) {
      const row = t.rows.find((r) => r.date === date)!;
      expect(Math.abs(row.cma - cma)).toBeLessThanOrEqual(0.5);
      expect(row.ratio.toFixed(5)).toBe(printedRatio[date].toFixed(5));
    }
  });

  it("normalises the printed weekday means to the printed indices within 6e-4", () => {
    const printedMeans = [1.07, 1.086, 0.989, 1.019, 0.954, 0.923, 0.943];
    const printedIndices = [1.0727, 1.08882, 0.99089, 1.02074, 0.95626, 0.92538, 0.9452];
    // A synthetic series whose specific indices equal the printed means exactly on every weekday:
    // with a constant CMA, Y/CMA is the weekday profile itself.
    const dates = dateRange("2018-04-01", "2018-09-30");
    const sumMeans = printedMeans.reduce((a, b) => a + b, 0);
    const profile = printedMeans.map((m) => (7 * m) / sumMeans);
    const values = dates.map((_, i) => 1e8 * profile[i % 7]);
    const t = weekdayIndex(dates, values);
    t.means.forEach((m, w) => expect(m).toBeCloseTo(profile[w], 12));
    t.indices.forEach((ix, w) => expect(Math.abs(ix - printedIndices[w]), `weekday ${w}`).toBeLessThan(6e-4));
    expect(t.indices.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 12);
  });

  it("maps figure positions to weekdays whatever the start day", () => {
    const dates = dateRange("2018-04-04", "2018-05-31"); // a Wednesday
    const prof = [1.2, 1.1, 1.0, 0.9, 0.95, 0.85, 1.0];
    const values = dates.map((d, i) => 100 * (1 + i / 200) * prof[new Date(`${d}T00:00:00Z`).getUTCDay()]);
    const t = weekdayIndex(dates, values);
    const sum = prof.reduce((a, b) => a + b, 0);
    t.indices.forEach((ix, w) => expect(ix).toBeCloseTo((7 * prof[w]) / sum, 2));
    const dec = seasonalDecompose(values, {period: 7, model: "multiplicative"});
    expect(dec.figure[0]).toBeCloseTo(t.indices[3], 12);
  });

  it("rejects gaps", () => {
    expect(() => weekdayIndex(["2018-04-01", "2018-04-03"], [1, 2])).toThrow("non-consecutive dates at index 1: 2018-04-01 then 2018-04-03");
  });
});

describe("weekdayIndex on series with days without sales", () => {
  it("keeps the report's ratio where every week sold, and falls back to additive when a weekday has no ratio", () => {
    const dates = dateRange("2018-04-01", "2018-06-30");
    const prof = [1.2, 1.1, 1, 0.9, 0.95, 0.85, 1];
    const withZeros = dates.map((_, i) => (i % 13 === 0 ? 0 : 100 * prof[i % 7]));
    const t = weekdayIndex(dates, withZeros);
    expect(t.model).toBe("multiplicative");
    expect(t.indices.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 10);
    // three weeks without any sale: CMA 0 there, ratios undefined, still multiplicative elsewhere
    const gap = dates.map((_, i) => (i >= 20 && i < 41 ? 0 : 100 * prof[i % 7]));
    expect(weekdayIndex(dates, gap).model).toBe("multiplicative");
    // sales on Wednesdays only: every other weekday's ratio is 0
    const sparse = dates.map((_, i) => (i % 7 === 3 ? 100 : 0));
    const u = weekdayIndex(dates, sparse);
    expect(u.indices.every(Number.isFinite)).toBe(true);
    expect(u.indices.reduce((a, b) => a + b, 0)).toBeCloseTo(7, 10);
    const allZero = weekdayIndex(dates.slice(0, 14), Array(14).fill(0));
    expect(allZero).toMatchObject({model: "additive", indices: Array(7).fill(1)});
    expect(() => weekdayIndex(dates.slice(0, 13), Array(13).fill(1))).toThrow("series too short: 13 observations");
  });
});
