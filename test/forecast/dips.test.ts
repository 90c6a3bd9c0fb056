import {describe, expect, it} from "vitest";
import {dateRange, weekdayOf} from "../../src/calendar.js";
import {findDips, weekdayAdjustedLevel} from "../../src/forecast/dips.js";

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
