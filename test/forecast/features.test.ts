import {describe, expect, it} from "vitest";
import {dateRange} from "../../src/calendar.js";
import {availableFeatures, FEATURES, makeWindows, prepareFeatures, revenueLevel, windowAt, withTrainingMask, type DailySeries} from "../../src/forecast/features.js";

function series(n = 60, extra = 0): DailySeries & {precipitation: number[]; temperature: number[]} {
  const dates = dateRange("2018-04-01", "2018-12-31").slice(0, n + extra);
  return {
    dates,
    revenue: Array.from({length: n}, (_, i) => 1000 + 10 * i + 50 * (i % 7)),
    precipitation: dates.map((_, i) => (i % 5 === 0 ? 10 + i : 0)),
    temperature: dates.map((_, i) => 10 + i / 4),
    holiday: dates.map((_, i) => (i % 11 === 0 ? 1 : 0))
  };
}

describe("prepareFeatures", () => {
  it("fits min-max scaling and the seasonal index on training days only", () => {
    const s = series();
    const p = prepareFeatures(s, {trainEnd: 40});
    expect(p.scale.revenue).toEqual({min: Math.min(...s.revenue.slice(0, 40)), max: Math.max(...s.revenue.slice(0, 40))});
    expect(p.scale.temperature).toEqual({min: 10, max: 10 + 39 / 4});
    // later days may fall outside [0, 1]: they did not shape the scaler
    expect(Math.max(...p.revenue.slice(40))).toBeGreaterThan(1);
    const changed = {...s, revenue: s.revenue.map((v, i) => (i >= 40 ? v * 5 : v)), temperature: s.temperature.map((v, i) => (i >= 40 ? 99 : v))};
    const q = prepareFeatures(changed, {trainEnd: 40});
    expect(q.scale).toEqual(p.scale);
    expect(q.weekdayIndex).toEqual(p.weekdayIndex);
    expect(makeWindows(q)).toEqual(makeWindows(p));
  });

  it("builds 7-day windows of the selected inputs, revenue first", () => {
    const p = prepareFeatures(series(), {features: ["seasonalIndex", "revenue", "holiday"], trainEnd: 50});
    expect(p.features).toEqual(["revenue", "holiday", "seasonalIndex"]);
    const w = makeWindows(p);
    expect(w.x.length).toBe(50 - 7);
    expect(w.x[0].length).toBe(7);
    expect(w.x[0][0].length).toBe(3);
    expect(w.targets[0]).toBe(7);
    expect(w.targets.at(-1)).toBe(49);
    expect(w.y[0]).toBe(p.revenue[7]);
  });

  it("lead 1 puts the target day's exogenous inputs in the last row; lead 0 stops the day before", () => {
    const s = series();
    const lead1 = prepareFeatures(s, {features: ["revenue", "holiday"], exogenousLead: 1});
    const lead0 = prepareFeatures(s, {features: ["revenue", "holiday"], exogenousLead: 0});
    const t = 22; // day 22 is a holiday (22 % 11 === 0)
    expect(windowAt(lead1, lead1.revenue, t).map((r) => r[1])).toEqual(s.holiday.slice(t - 6, t + 1));
    expect(windowAt(lead0, lead0.revenue, t).map((r) => r[1])).toEqual(s.holiday.slice(t - 7, t));
    expect(windowAt(lead1, lead1.revenue, t).map((r) => r[0])).toEqual(lead1.revenue.slice(t - 7, t));
  });

  it("takes exogenous inputs of future days without revenue", () => {
    const p = prepareFeatures(series(60, 5));
    expect(p.revenue.length).toBe(60);
    expect(p.exogenous.length).toBe(65);
    expect(() => windowAt(p, p.revenue, 61)).toThrow("invalid target index: 61");
    expect(windowAt(p, [...p.revenue, 0.5], 61).length).toBe(7);
  });

  it("with revenueScale \"window\" divides each window's revenue and its target by the window's mean: a level never seen in training reads like the ones seen", () => {
    const s = series();
    const p = prepareFeatures(s, {features: ["revenue", "holiday"], trainEnd: 40, revenueScale: "window"});
    expect(p.revenueScale).toBe("window");
    // revenue in units of the training days' mean: the level of a window without sales
    const trainingMean = s.revenue.slice(0, 40).reduce((a, b) => a + b, 0) / 40;
    expect(p.scale.revenue).toEqual({min: 0, max: trainingMean});
    p.revenue.forEach((v, i) => expect(v).toBeCloseTo(s.revenue[i] / trainingMean, 12));
    const t = 30;
    const mean = p.revenue.slice(t - 7, t).reduce((a, b) => a + b, 0) / 7;
    expect(revenueLevel(p, p.revenue, t)).toBeCloseTo(mean, 12);
    expect(windowAt(p, p.revenue, t).map((r) => r[0])).toEqual(p.revenue.slice(t - 7, t).map((v) => v / revenueLevel(p, p.revenue, t)));
    expect(windowAt(p, p.revenue, t).map((r) => r[1])).toEqual(s.holiday.slice(t - 6, t + 1));
    const w = makeWindows(p);
    expect(w.y[t - 7]).toBe(p.revenue[t] / revenueLevel(p, p.revenue, t));
    // every sale five times larger: the same windows
    const q = prepareFeatures({...s, revenue: s.revenue.map((v) => v * 5)}, {features: ["revenue", "holiday"], trainEnd: 40, revenueScale: "window"});
    makeWindows(q).x.forEach((x, i) => x.forEach((row, j) => expect(row[0]).toBeCloseTo(w.x[i][j][0], 12)));
    // a window without sales is taken as it is; min-max scaling divides by nothing
    expect(revenueLevel(p, [...Array(7).fill(0), 5], 7)).toBe(1);
    expect(revenueLevel(prepareFeatures(s), s.revenue, t)).toBe(1);
    expect(() => prepareFeatures(s, {revenueScale: "log" as "window"})).toThrow('invalid revenueScale: "log" (expected "minmax" or "window")');
  });

  it("uses all five inputs by default and names bad options", () => {
    expect(prepareFeatures(series()).features).toEqual([...FEATURES]);
    expect(() => prepareFeatures(series(), {features: ["holiday"]})).toThrow('invalid features: ["holiday"] (revenue is required)');
    expect(() => prepareFeatures(series(), {features: ["revenue", "wind" as "holiday"]})).toThrow('invalid feature: "wind"');
    expect(() => prepareFeatures(series(), {window: 0})).toThrow("invalid window: 0");
    expect(() => prepareFeatures(series(), {trainEnd: 61})).toThrow("invalid trainEnd: 61");
    expect(() => prepareFeatures({...series(), temperature: [1]})).toThrow("temperature has 1 values for 60 dates");
  });
});

describe("indicator inputs and missing inputs", () => {
  it("keeps 0/1 inputs as they are and holds one at 0 until a training day has set it", () => {
    const s = {...series(60, 7), holidayBreak: Array.from({length: 67}, (_, i) => (i >= 50 && i < 55 ? 1 : 0))};
    const p = prepareFeatures(s, {features: ["revenue", "holiday", "holidayBreak"], trainEnd: 40});
    expect(p.features).toEqual(["revenue", "holiday", "holidayBreak"]);
    expect(p.scale.holidayBreak).toEqual({min: 0, max: 1});
    expect(p.mask).toEqual([true, false]);
    // day 52 is a break day: before any training day had a break, the window reads 0 there
    expect(windowAt(p, p.revenue, 52).map((r) => r[2])).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const later = withTrainingMask(p, 55);
    expect(later.mask).toEqual([true, true]);
    expect(windowAt(later, later.revenue, 52).map((r) => r[2])).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(() => withTrainingMask(p, 61)).toThrow("invalid trainEnd: 61");
  });

  it("offers only the inputs a series has, and names a selected input it lacks", () => {
    const {precipitation: _p, temperature: _t, ...bare} = series();
    expect(availableFeatures(bare)).toEqual(["revenue", "holiday", "seasonalIndex"]);
    expect(availableFeatures({...bare, holidayBreak: []})).toEqual(["revenue", "holiday", "seasonalIndex", "holidayBreak"]);
    expect(() => prepareFeatures(bare, {features: ["revenue", "temperature"]})).toThrow('invalid features: "temperature" is selected but the series has no temperature values');
    expect(prepareFeatures(bare, {features: ["revenue", "holiday"]}).exogenous[0]).toHaveLength(1);
  });
});
