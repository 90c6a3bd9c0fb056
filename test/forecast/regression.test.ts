import {describe, expect, it} from "vitest";
import {dateRange} from "../../src/calendar.js";
import {regressionBreakShare, regressionForecast} from "../../src/forecast/regression.js";

describe("calendar regression", () => {
  const dates = dateRange("2018-04-01", "2018-07-31");
  const profile = [1.1, 1.2, 1, 1, 0.95, 0.85, 0.9];
  const brk = dates.map((d) => (d >= "2018-07-10" && d <= "2018-07-16" ? 1 : 0));
  const y = dates.map((d, i) => 100 * profile[i % 7] * (brk[i] ? 0.5 : 1));

  it("recovers a weekly pattern within 1% (the ridge shrinks it a little), multiplicatively", () => {
    const f = regressionForecast(y, {dates}, 60, 14);
    f.forEach((v, h) => expect(Math.abs(v / y[60 + h] - 1)).toBeLessThan(0.01));
  });

  it("assumes a break's share of sales until it has seen one, then learns it from its first day on", () => {
    const x = {dates, holidayBreak: brk};
    const first = dates.indexOf("2018-07-10");
    const blind = regressionForecast(y, {dates}, first, 7);
    for (const share of [0.5, 0.8, 1]) {
      const before = regressionForecast(y, x, first, 7, {breakShare: share});
      before.forEach((v, h) => expect(v).toBeCloseTo(blind[h] * share, 9));
    }
    expect(regressionForecast(y, x, first - 7, 7, {breakShare: 0.8})).toEqual(regressionForecast(y, {dates}, first - 7, 7));
    // a wrong guess (0.8 for a break at 0.5) is corrected by the break days seen
    const seen = regressionForecast(y, x, first + 3, 4, {breakShare: 0.8});
    seen.forEach((v, h) => expect(Math.abs(v / y[first + 3 + h] - 1)).toBeLessThan(0.05));
    const after = regressionForecast(y, x, first + 2, 5);
    const without = regressionForecast(y, x, first + 2, 5, {useBreak: false});
    after.forEach((v, h) => expect(Math.abs(v - y[first + 2 + h])).toBeLessThan(Math.abs(without[h] - y[first + 2 + h])));
  });

  it("estimates the break's share of a normal day from the break days it has seen", () => {
    const x = {dates, holidayBreak: brk};
    const first = dates.indexOf("2018-07-10");
    expect(regressionBreakShare(y, x, first, {breakShare: 0.8})).toBeNull();
    for (const assumed of [0.3, 0.5, 0.8]) expect(regressionBreakShare(y, x, first + 7, {breakShare: assumed})).toBeCloseTo(0.5, 2);
    expect(regressionBreakShare(y.map((v, i) => (i === 5 ? 0 : v)), x, first + 7)).toBeNull();
  });

  it("fits revenue itself when a training day has no sales, never below 0", () => {
    const z = y.map((v, i) => (i === 5 ? 0 : v));
    const f = regressionForecast(z, {dates}, 60, 7);
    expect(f.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
  });

  it("names bad values", () => {
    expect(() => regressionForecast(y, {dates}, 3, 1)).toThrow("invalid trainEnd: 3");
    expect(() => regressionForecast(y, {dates}, 120, 5)).toThrow("invalid horizon: 5 from day 120 (inputs cover 122 days)");
    expect(() => regressionForecast(y, {dates}, 60, 1, {halfLife: 0})).toThrow("invalid halfLife: 0");
    expect(() => regressionForecast(y, {dates}, 60, 1, {breakShare: 0})).toThrow("invalid salesShare: 0");
  });
});
