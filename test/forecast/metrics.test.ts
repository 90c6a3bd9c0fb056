import {describe, expect, it} from "vitest";
import {coverage, intervalAround, residualBands} from "../../src/forecast/intervals.js";
import {errorMetrics, mae, mape, quantile, rmse} from "../../src/forecast/metrics.js";

describe("error metrics", () => {
  it("computes RMSE, MAE and MAPE", () => {
    const actual = [100, 200, 400];
    const predicted = [110, 190, 400];
    expect(rmse(actual, predicted)).toBeCloseTo(Math.sqrt(200 / 3), 12);
    expect(mae(actual, predicted)).toBeCloseTo(20 / 3, 12);
    expect(mape(actual, predicted)).toBeCloseTo((100 * (0.1 + 0.05)) / 3, 12);
    expect(errorMetrics(actual, predicted).n).toBe(3);
  });
  it("skips non-finite pairs and zero actuals for MAPE", () => {
    expect(errorMetrics([1, NaN, 3], [2, 5, 3])).toMatchObject({rmse: Math.sqrt(0.5), mae: 0.5, n: 2});
    expect(mape([0, 10], [5, 11])).toBeCloseTo(10, 12);
    expect(rmse([], [])).toBeNaN();
  });
  it("rejects different lengths", () => {
    expect(() => rmse([1], [1, 2])).toThrow("actual and predicted differ in length: 1 vs 2");
  });
  it("quantile is R's type 7", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantile(x, 0.1)).toBeCloseTo(1.9, 12);
    expect(quantile(x, 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(() => quantile(x, 1.5)).toThrow("invalid quantile: 1.5");
  });
});

describe("intervals", () => {
  const residuals = [
    ...Array.from({length: 11}, (_, i) => ({step: 1, residual: i - 5})),
    ...Array.from({length: 21}, (_, i) => ({step: 2 + (i % 6), residual: 2 * (i - 10)}))
  ];
  it("pools residuals per horizon band and takes empirical quantiles", () => {
    const bands = residualBands(residuals, {bands: [1, 7], level: 0.8});
    expect(bands[0]).toMatchObject({fromStep: 1, toStep: 1, n: 11});
    expect(bands[0].lower).toBeCloseTo(-4, 12);
    expect(bands[0].upper).toBeCloseTo(4, 12);
    expect(bands[1]).toMatchObject({fromStep: 2, toStep: 7, n: 21, lower: -16, upper: 16});
  });
  it("puts bands around a path and leaves steps beyond the last band open", () => {
    const bands = residualBands(residuals, {bands: [1, 7], level: 0.8});
    const {lower, upper} = intervalAround([100, 100, 100, 100, 100, 100, 100, 100], bands);
    expect(lower.slice(0, 2).map((v) => Math.round(v))).toEqual([96, 84]);
    expect(upper[6]).toBe(116);
    expect(lower[7]).toBeNaN();
  });
  it("measures coverage", () => {
    expect(coverage([1, 5, 10, NaN], [0, 6, 9, 0], [2, 7, 10, 1])).toEqual({covered: 2, n: 3, rate: 2 / 3});
    expect(coverage([], [], []).rate).toBeNaN();
  });
  it("names bad bands", () => {
    expect(() => residualBands(residuals, {bands: [7, 1]})).toThrow("invalid bands: [7,1]");
    expect(() => residualBands(residuals, {level: 1})).toThrow("invalid level: 1");
  });
});
