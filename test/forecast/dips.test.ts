import {describe, expect, it} from "vitest";
import {dateRange, weekdayOf} from "../../src/calendar.js";
import {findDips, probabilityBelow, weekdayAdjustedLevel} from "../../src/forecast/dips.js";

const index = [1.07, 1.09, 0.99, 1.02, 0.96, 0.93, 0.94];

describe("findDips", () => {
  const dates = dateRange("2018-09-03", "2018-09-30");
  const dip = new Map([["2018-09-23", 0.7], ["2018-09-24", 0.6], ["2018-09-25", 0.65], ["2018-09-26", 0.85]]);
  const forecast = dates.map((d) => 100 * index[weekdayOf(d)] * (dip.get(d) ?? (d === "2018-09-10" ? 0.88 : 1)));

  it("finds a planted dip as the top window of consecutive days", () => {
    const r = findDips(dates, forecast, {weekdayIndex: index, level: 100});
    expect(r.windows[0]).toMatchObject({rank: 1, start: "2018-09-23", end: "2018-09-26", days: 4});
    expect(r.windows[0].minRatio).toBeCloseTo(0.6, 12);
    expect(r.windows[0].shortfall).toBeCloseTo(0.3 + 0.4 + 0.35 + 0.15, 12);
    expect(r.windows[1]).toMatchObject({rank: 2, start: "2018-09-10", end: "2018-09-10", days: 1});
    expect(r.ratios.find((x) => x.date === "2018-09-12")!.ratio).toBeCloseTo(1, 12);
  });

  it("does not mistake the weekly pattern for a dip", () => {
    const flat = dates.map((d) => 100 * index[weekdayOf(d)]);
    expect(findDips(dates, flat, {weekdayIndex: index, level: 100}).windows).toEqual([]);
  });

  it("respects threshold and top", () => {
    expect(findDips(dates, forecast, {weekdayIndex: index, level: 100, threshold: 0.8}).windows.map((w) => [w.start, w.end])).toEqual([["2018-09-23", "2018-09-25"]]);
    expect(findDips(dates, forecast, {weekdayIndex: index, level: 100, top: 1}).windows).toHaveLength(1);
    expect(() => findDips(dates, forecast, {weekdayIndex: index, level: 0})).toThrow("invalid level: 0");
  });

  it("measures the level without the weekday pattern", () => {
    const d = dateRange("2018-08-06", "2018-09-02");
    const y = d.map((x) => 250 * index[weekdayOf(x)]);
    expect(weekdayAdjustedLevel(d, y, index, 28)).toBeCloseTo(250, 10);
  });
});

describe("dips with per-day bases and probabilities", () => {
  const dates = dateRange("2018-09-17", "2018-09-30");
  const base = dates.map((_, i) => 100 + i);
  const forecast = base.map((b, i) => (i >= 5 && i <= 7 ? 0.6 * b : b));
  it("compares each day with its own base and reads the chance from its quantiles", () => {
    const levels = [0.1, 0.5, 0.9];
    const quantiles = forecast.map((f) => [f - 20, f, f + 20]);
    const r = findDips(dates, forecast, {base, threshold: 0.9, below: (i, value) => probabilityBelow(quantiles[i], levels, value)});
    expect(r.windows).toHaveLength(1);
    expect(r.windows[0]).toMatchObject({start: "2018-09-22", end: "2018-09-24", days: 3});
    expect(r.windows[0].minRatio).toBeCloseTo(0.6, 12);
    // day 5: forecast 63, threshold 0.9 × 105 = 94.5 lies beyond the 90% quantile (83): at least 90%
    expect(r.windows[0].probability).toBe(0.9);
    // day 0: 90 lies halfway between the 10% (80) and 50% (100) quantiles
    expect(r.ratios[0].probability).toBeCloseTo(0.3, 12);
    expect(() => findDips(dates, forecast, {base: base.slice(1)})).toThrow("base has 13 values for 14 dates");
    expect(() => findDips(dates, forecast, {base: base.map(() => 0)})).toThrow("invalid base on 2018-09-17: 0");
  });
  it("interpolates P(actual < value) between quantiles and clamps at the outermost", () => {
    expect(probabilityBelow([10, 20, 30], [0.1, 0.5, 0.9], 15)).toBeCloseTo(0.3, 12);
    expect(probabilityBelow([10, 20, 30], [0.1, 0.5, 0.9], 5)).toBe(0.1);
    expect(probabilityBelow([10, 20, 30], [0.1, 0.5, 0.9], 35)).toBe(0.9);
    expect(probabilityBelow([10, Number.NaN, 30], [0.1, 0.5, 0.9], 35)).toBeNaN();
    expect(() => probabilityBelow([1], [0.1, 0.5], 1)).toThrow("quantiles and levels differ in length: 1 vs 2");
  });
});
