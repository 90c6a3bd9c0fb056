import {describe, expect, it} from "vitest";
import {dateRange} from "../../src/calendar.js";
import {backtest, intervalReport, splitIntervalReport} from "../../src/forecast/backtest.js";
import {errorMetrics} from "../../src/forecast/metrics.js";
import type {DailySeries} from "../../src/forecast/features.js";
import {synthetic2018} from "./helpers.js";

const baselines = ["holtWinters", "seasonalNaive", "movingAverage"] as const;

function periodicSeries(n: number): DailySeries {
  const dates = dateRange("2018-04-01", "2018-09-30").slice(0, n);
  const profile = [12, 15, 9, 10, 8, 6, 11];
  return {dates, revenue: dates.map((_, i) => 100 + profile[i % 7]), precipitation: dates.map(() => 0), temperature: dates.map(() => 20), holiday: dates.map(() => 0)};
}

describe("rolling-origin backtest (baselines)", () => {
  it("cuts 1-day, 1-week and 1-month horizons from daily origins over the window", async () => {
    const s = await synthetic2018();
    const r = await backtest(null, s, {models: baselines});
    expect(r.evalStart).toBe(183 - 28);
    expect(r.refitOrigins).toEqual([155, 162, 169, 176]);
    const get = (model: string, horizon: string) => r.forecasts.find((f) => f.model === model && f.horizon === horizon)!;
    const window = Array.from({length: 28}, (_, i) => 155 + i);
    for (const h of ["1d", "1w", "1m"]) expect(get("seasonalNaive", h).targets).toEqual(window);
    expect(get("seasonalNaive", "1d").origins).toEqual(window);
    expect(new Set(get("holtWinters", "1w").origins)).toEqual(new Set([155, 162, 169, 176]));
    expect(new Set(get("movingAverage", "1m").origins)).toEqual(new Set([155]));
    expect(get("seasonalNaive", "1d").predicted).toEqual(window.map((t) => s.revenue[t - 7]));
    const f = get("holtWinters", "1w");
    expect(f.metrics).toEqual(errorMetrics(f.actual, f.predicted));
    expect(f.actual).toEqual(window.map((t) => s.revenue[t]));
  });

  it("never lets an evaluated day shape its own forecast", async () => {
    const s = await synthetic2018();
    const r = await backtest(null, s, {models: baselines});
    // perturb one day; forecasts from origins up to that day must not change
    const k = 170;
    const changed = {...s, revenue: s.revenue.map((v, i) => (i === k ? v * 3 : v))};
    const q = await backtest(null, changed, {models: baselines});
    for (const m of baselines) {
      r.paths[m]!.forEach((path, j) => {
        if (r.evalStart + j <= k) expect(q.paths[m]![j], `${m} origin ${r.evalStart + j}`).toEqual(path);
      });
    }
  });

  it("forecasts a perfectly periodic series without error", async () => {
    const r = await backtest(null, periodicSeries(120), {models: ["holtWinters", "seasonalNaive"]});
    for (const f of r.forecasts) expect(f.metrics.rmse, `${f.model} ${f.horizon}`).toBeLessThan(1e-6);
  });

  it("names bad options", async () => {
    const s = periodicSeries(60);
    await expect(backtest(null, s, {evalDays: 50})).rejects.toThrow("invalid evalDays: 50 (series has 60 days with revenue)");
    await expect(backtest(null, s, {models: ["arima" as "lstm"]})).rejects.toThrow('invalid model: "arima"');
    await expect(backtest(null, s, {models: ["lstm"]})).rejects.toThrow("the lstm model needs tf");
    await expect(backtest(null, s, {evalDays: 14, horizons: [{key: "2w", steps: 15}], models: ["seasonalNaive"]})).rejects.toThrow("invalid horizon: 2w (15 steps)");
  });
});

describe("interval reports", () => {
  // y = 100 every day; forecasts off by a fixed pattern of errors per step
  const y = Array<number>(60).fill(100);
  const path = (len: number, err: (h: number) => number) => Array.from({length: len}, (_, i) => 100 - err(i + 1));
  it("calibrates on earlier paths and measures coverage on later ones", () => {
    const cal = Array.from({length: 10}, (_, k) => path(3, (h) => (k % 2 ? 1 : -1) * h * (1 + k / 10)));
    const evalPaths = Array.from({length: 10}, (_, k) => path(3, (h) => (k < 5 ? 0 : 10 * h)));
    const r = intervalReport(y, {start: 20, paths: cal}, {start: 30, paths: evalPaths}, {bands: [1, 3], level: 0.8});
    expect(r.calibration.map((b) => b.n)).toEqual([10, 20]);
    expect(r.coverage.map((c) => [c.n, c.covered])).toEqual([[10, 5], [20, 10]]);
    expect(r.overall).toEqual({covered: 15, n: 30, rate: 0.5});
    expect(r.final.map((b) => b.n)).toEqual([20, 40]);
  });
  it("without a calibration window, splits the evaluation window in halves", () => {
    const paths = Array.from({length: 10}, (_, k) => path(10 - k, () => 0));
    const r = splitIntervalReport(y, 40, paths, {bands: [1, 7]});
    expect(r.split).toBe(45);
    // calibration paths are cut so their targets stay before the split
    expect(r.calibration[0].n + r.calibration[1].n).toBe(5 + 4 + 3 + 2 + 1);
    expect(r.overall.rate).toBe(1);
  });
});
