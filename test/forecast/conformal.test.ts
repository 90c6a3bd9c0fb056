import {describe, expect, it} from "vitest";
import {conformalBounds, conformalHalfWidth, conformalIntervals, errorScale, intervalScore} from "../../src/forecast/conformal.js";
import {mulberry32, normal} from "../../src/forecast/random.js";

describe("conformal bounds", () => {
  it("takes the finite-sample order statistics and caps what the sample cannot bound", () => {
    const s = Array.from({length: 19}, (_, i) => i + 1);
    // n = 19, a = 0.2: upper ⌈20 × 0.9⌉ = 18th, lower ⌊20 × 0.1⌋ = 2nd
    expect(conformalBounds(s, 0.2)).toEqual([2, 18]);
    expect(conformalBounds(s, 0)).toEqual([1, 19]);
    expect(conformalBounds(s, -0.5)).toEqual([1, 19]);
    expect(conformalBounds([5, 6, 7], 0.2)).toEqual([5, 7]);
    const [lo, hi] = conformalBounds(s, 1);
    expect(lo).toBeLessThanOrEqual(hi);
  });

  it("takes the symmetric half-width from absolute errors: the ⌈(n+1)(1−a)⌉-th, capped", () => {
    const s = Array.from({length: 19}, (_, i) => i + 1);
    // n = 19, a = 0.2: ⌈20 × 0.8⌉ = 16th
    expect(conformalHalfWidth(s, 0.2)).toBe(16);
    expect(conformalHalfWidth(s, 0)).toBe(19);
    expect(conformalHalfWidth([1, 2, 3], 0.2)).toBe(3);
    expect(conformalHalfWidth(s, 1)).toBe(1);
  });
});

describe("conformal intervals over a rolling backtest", () => {
  // y = 100 every day; paths from every origin with errors drawn from N(0, 5²)
  const n = 200;
  const y = Array<number>(n).fill(100);
  const random = mulberry32(7);
  const start = 30;
  const paths = Array.from({length: n - start}, (_, k) => Array.from({length: Math.min(7, n - start - k)}, () => 100 + 5 * normal(random)));

  it("uses only errors whose day had passed before the origin", () => {
    const r = conformalIntervals(y, paths, start, {bands: [1, 7], minScores: 3});
    // the first origin has no known error; origin start+3 knows three 1-step errors (targets start..start+2)
    expect(r.split[0].lower.every(Number.isNaN)).toBe(true);
    expect(Number.isFinite(r.split[3].lower[0])).toBe(true);
    expect(Number.isNaN(r.split[2].lower[0])).toBe(true);
    // changing an outcome after an origin leaves that origin's interval unchanged
    const later = y.slice();
    later[start + 50] = 1000;
    const q = conformalIntervals(later, paths, start, {bands: [1, 7], minScores: 3});
    expect(q.split[50]).toEqual(r.split[50]);
    expect(q.adaptive[50]).toEqual(r.adaptive[50]);
    expect(q.split[52]).not.toEqual(r.split[52]);
  });

  it("covers about the nominal level on exchangeable errors; the adaptive variant widens after a run of misses", () => {
    const r = conformalIntervals(y, paths, start, {scale: "level"});
    const covered = (b: typeof r.split) => {
      let c = 0;
      let t = 0;
      b.forEach((x, k) => x.lower.forEach((l, i) => {
        if (!Number.isFinite(l) || start + k + i >= n) return;
        t++;
        if (y[start + k + i] >= l && y[start + k + i] <= x.upper[i]) c++;
      }));
      return c / t;
    };
    expect(covered(r.split)).toBeGreaterThan(0.72);
    expect(covered(r.split)).toBeLessThan(0.88);
    expect(covered(r.adaptive)).toBeGreaterThan(0.72);
    // a shift: from day 120 on every actual is 30 above: misses drive α down and the band out
    const shifted = y.map((v, i) => (i >= 120 ? v + 30 : v));
    const s = conformalIntervals(shifted, paths, start, {scale: "level"});
    const width = (b: typeof r.split, k: number) => b[k].upper[0] - b[k].lower[0];
    expect(s.alpha[160 - start][1]).toBeLessThan(0.2);
    expect(width(s.adaptive, 160 - start)).toBeGreaterThan(width(s.split, 160 - start));
  });

  it("lets hits bring the adaptive range back to the fixed-level one, not below it, unless asked", () => {
    // forecasts right to within 1 except on days 60–89, when they miss by 40: the adaptive range widens
    // early in the shock and, after the run of hits that follows, equals the fixed-level range again
    const m = 160;
    const flat = Array<number>(m).fill(100);
    const random = mulberry32(11);
    const shock = Array.from({length: m - start}, (_, k) => [100 + (start + k >= 60 && start + k < 90 ? 40 : 2 * random() - 1)]);
    const capped = conformalIntervals(flat, shock, start, {bands: [1]});
    const plain = conformalIntervals(flat, shock, start, {bands: [1], narrowAfterHits: true});
    const width = (r: typeof capped, v: "split" | "adaptive", d: number) => r[v][d - start].upper[0] - r[v][d - start].lower[0];
    expect(width(capped, "adaptive", 66)).toBeGreaterThan(width(capped, "split", 66));
    for (const r of [capped, plain]) expect(r.split).toEqual(capped.split);
    for (let d = start; d < m; d++) {
      expect(capped.alpha[d - start][0]).toBeLessThanOrEqual(0.2);
      if (Number.isFinite(capped.split[d - start].lower[0])) expect(width(capped, "adaptive", d)).toBeGreaterThanOrEqual(width(capped, "split", d));
    }
    expect(width(capped, "adaptive", m - 1)).toBe(width(capped, "split", m - 1));
    // plain ACI: seventy hits in a row push α above 0.2 and the range inside the fixed-level one
    expect(plain.alpha[m - 1 - start][0]).toBeGreaterThan(0.5);
    expect(width(plain, "adaptive", m - 1)).toBeLessThan(width(plain, "split", m - 1));
    // the first misses after the hits widen the capped range at once; the plain one first spends its surplus
    const again = shock.map((p, k) => (start + k >= 150 ? [140] : p));
    const c2 = conformalIntervals(flat, again, start, {bands: [1]});
    const p2 = conformalIntervals(flat, again, start, {bands: [1], narrowAfterHits: true});
    expect(c2.alpha[155 - start][0]).toBeLessThan(0.2);
    expect(p2.alpha[155 - start][0]).toBeGreaterThan(0.2);
  });

  it("keeps bounds at or above the floor and reads predictive quantiles", () => {
    const low = Array<number>(n).fill(3);
    const r = conformalIntervals(low, paths.map((p) => p.map((v) => v - 97)), start, {scale: "level"});
    expect(r.split.flatMap((b) => b.lower).filter(Number.isFinite).every((v) => v >= 0)).toBe(true);
    const q10 = r.quantileAt(150, 1, 0.1);
    const q90 = r.quantileAt(150, 1, 0.9);
    expect(q10).toBeLessThan(q90);
    expect(() => r.quantileAt(10, 1, 0.5)).toThrow("invalid origin: 10");
  });

  it("with absolute scores (the default) draws the forecast ± one half-width; signed ends follow each side's errors", () => {
    const r = conformalIntervals(y, paths, start, {bands: [1, 7]});
    const k = 120 - start;
    const f = paths[k][0];
    expect(f - r.split[k].lower[0]).toBeCloseTo(r.split[k].upper[0] - f, -0.5);
    const signed = conformalIntervals(y, paths, start, {bands: [1, 7], score: "signed"});
    expect(signed.split[k]).not.toEqual(r.split[k]);
    // the predictive quantiles are the mirrored errors': symmetric about the forecast
    expect(r.quantileAt(120, 1, 0.1) + r.quantileAt(120, 1, 0.9)).toBeCloseTo(2 * f, 6);
  });

  it("keeps covering when the direction of the misses turns, where signed ends do not", () => {
    // forecasts 10 too high every day until day 100, then 10 too low: the trend turned
    const m = 160;
    const level = Array<number>(m).fill(100);
    const turned = Array.from({length: m - start}, (_, k) => [start + k < 100 ? 110 : 90]);
    const coverage = (score: "absolute" | "signed") => {
      const r = conformalIntervals(level, turned, start, {bands: [1], score, gamma: 0, scale: "level"});
      let c = 0;
      // the first days after the turn: signed ends have seen only misses on the other side
      for (let d = 101; d < 105; d++) if (level[d] >= r.split[d - start].lower[0] && level[d] <= r.split[d - start].upper[0]) c++;
      return c / 4;
    };
    expect(coverage("absolute")).toBe(1);
    expect(coverage("signed")).toBe(0);
  });

  it("by default sizes a range by its own forecast (at least a share of the level), so a bigger day gets a wider range", () => {
    // the same path shape from every origin: 100 on odd steps, 200 on even ones; actuals 10% off either way
    const m = 120;
    const shape = (i: number) => (i % 2 ? 200 : 100);
    const ys = Array.from({length: m}, (_, d) => shape((d - start) & 1) * (d % 3 === 0 ? 1.1 : 0.9));
    const ps = Array.from({length: m - start}, (_, k) => Array.from({length: Math.min(2, m - start - k)}, (_, i) => shape((k + i) & 1)));
    const r = conformalIntervals(ys, ps, start, {bands: [2]});
    const k = 80 - start;
    const w = (i: number) => r.split[k].upper[i] - r.split[k].lower[i];
    const [small, big] = ps[k][0] === 100 ? [0, 1] : [1, 0];
    expect(w(big)).toBeCloseTo(2 * w(small), -1);
    // the dip finder's quantiles scale the same way
    const spread = (i: number) => r.quantileAt(80, i + 1, 0.9) - ps[k][i];
    expect(spread(big)).toBeCloseTo(2 * spread(small), 6);
    // the level divides every error alike: both steps get the same width
    const byLevel = conformalIntervals(ys, ps, start, {bands: [2], scale: "level"});
    expect(byLevel.split[k].upper[0] - byLevel.split[k].lower[0]).toBe(byLevel.split[k].upper[1] - byLevel.split[k].lower[1]);
    // a forecast near 0 is divided by the floor's share of the level instead, and the quantiles agree with the bounds
    const zero = ps.map((p) => p.map(() => 0));
    const z = conformalIntervals(ys, zero, start, {bands: [2], forecastFloor: 0.5});
    expect(z.split[k].upper[0]).toBeGreaterThan(0);
    expect(z.quantileAt(80, 1, 0.5)).toBe(0);
    expect(() => conformalIntervals(ys, ps, start, {forecastFloor: 0})).toThrow("invalid forecastFloor: 0");
  });

  it("names bad options", () => {
    expect(() => conformalIntervals(y, paths, start, {score: "both" as "absolute"})).toThrow('invalid score: "both"');
    expect(() => conformalIntervals(y, paths, start, {level: 1})).toThrow("invalid level: 1");
    expect(() => conformalIntervals(y, paths, start, {narrowAfterHits: "yes" as unknown as boolean})).toThrow('invalid narrowAfterHits: "yes"');
    expect(() => conformalIntervals(y, paths, start, {bands: [7, 1]})).toThrow("invalid bands: [7,1]");
    expect(() => conformalIntervals(y, paths, start, {scale: "sd" as "level"})).toThrow('invalid scale: "sd"');
    expect(() => conformalIntervals(y, paths, 0)).toThrow("invalid start: 0");
    expect(() => conformalIntervals(y, [...paths, [1], [1]], start)).toThrow("past the first day without revenue");
  });
});

describe("interval score", () => {
  it("counts coverage, width and the Winkler penalty", () => {
    const r = intervalScore([5, 12, 0, Number.NaN], [4, 4, 4, 4], [10, 10, 10, 10], 0.8);
    expect(r).toMatchObject({covered: 1, n: 3, meanWidth: 6});
    expect(r.winkler).toBeCloseTo((6 + (6 + 10 * 2) + (6 + 10 * 4)) / 3, 12);
    expect(errorScale([2, 4, 6, 8], 3, 2)).toBe(5);
    expect(errorScale([0, 0, 0], 2, 2)).toBe(1);
  });
});
