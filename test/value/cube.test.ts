import {describe, expect, it} from "vitest";
import {amountBucket, buildValueCube, cubeProblems, gapDay, resolveCubeOptions, retierCube, DEFAULT_CUBE_OPTIONS} from "../../src/value/cube.js";
import {resolveThresholds, valueTiers} from "../../src/value/rules.js";
import {rng} from "../fixtures/analysis/warehouse.js";
import {randomBases, randomThresholds} from "../fixtures/analysis/values.js";

const O = DEFAULT_CUBE_OPTIONS;

describe("cube keys", () => {
  it("amount buckets: floor(total / step), −1 for totals ≤ 0, clamped at the cap", () => {
    expect(amountBucket(0, O)).toBe(-1);
    expect(amountBucket(-1, O)).toBe(-1);
    expect(amountBucket(1, O)).toBe(0);
    expect(amountBucket(99_999, O)).toBe(9);
    expect(amountBucket(100_000, O)).toBe(10);
    expect(amountBucket(123_456_789, O)).toBe(500);
    // a total just below a grid line stays below it despite float division
    expect(amountBucket(100_000 - 1e-9, O)).toBe(9);
  });
  it("gap day: ceil(mean_day), null for one purchase day", () => {
    expect(gapDay(1, null, O)).toBeNull();
    expect(gapDay(2, 15, O)).toBe(15);
    expect(gapDay(3, 15.5, O)).toBe(16);
    expect(gapDay(2, 500, {...O, gapCap: 183})).toBe(184);
  });
  it("options and off-grid thresholds are named", () => {
    expect(() => resolveCubeOptions({step: 0})).toThrow("step 0");
    expect(() => resolveCubeOptions({cap: 15_000})).toThrow("cap 15000");
    const t = resolveThresholds({m2: 105_000, gapDays: 15.5});
    expect(cubeProblems(t, O)).toEqual([expect.stringContaining("gapDays = 15.5"), expect.stringContaining("m2 = 105000")]);
    expect(() => retierCube([], {m3: 6_000_000})).toThrow("m3 = 6000000");
  });
});

describe("cube re-tiering equals the per-customer computation on the grid", () => {
  const base = randomBases(7, 5000);
  const cube = buildValueCube(base);
  it("the cube is much smaller than the customer list and keeps every customer and won", () => {
    expect(cube.length).toBeLessThan(base.length);
    expect(cube.reduce((s, c) => s + c.customers, 0)).toBe(base.length);
    expect(cube.reduce((s, c) => s + c.revenue, 0)).toBe(base.reduce((s, c) => s + c.total, 0));
  });
  it("for 100 random threshold combinations (and the defaults)", () => {
    const r = rng(11);
    const combos = [resolveThresholds(), ...Array.from({length: 100}, () => randomThresholds(r))];
    for (const t of combos) {
      const exact = valueTiers(base, t);
      const fast = retierCube(cube, t);
      expect(fast.summary.map((s) => [s.tier, s.customers, s.revenue])).toEqual(exact.summary.map((s) => [s.tier, s.customers, s.revenue]));
      fast.summary.forEach((s, i) => expect(s.point_cost).toBeCloseTo(exact.summary[i].point_cost, 4));
      expect(fast.scores).toEqual(exact.scores);
    }
  });
});
