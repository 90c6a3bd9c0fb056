import {describe, expect, it} from "vitest";
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
