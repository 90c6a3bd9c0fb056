import {describe, expect, it} from "vitest";
import {fitHoltWinters, holtWintersFilter, holtWintersForecast, holtWintersUpdate, movingAverageForecast, seasonalNaiveForecast} from "../../src/forecast/baselines.js";
import {nelderMead} from "../../src/forecast/optimize.js";

const profile = [12, 15, 9, 10, 8, 6, 11];
const periodic = (n: number, f = (t: number) => 100 + profile[t % 7]) => Array.from({length: n}, (_, t) => f(t));

function expectRel(actual: number[], expected: number[], rel = 1e-9): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => expect(Math.abs(a - expected[i]), `step ${i + 1}: ${a} vs ${expected[i]}`).toBeLessThanOrEqual(rel * Math.abs(expected[i])));
}

describe("seasonal naive and moving average", () => {
  it("seasonal naive repeats the last cycle", () => {
    const y = periodic(30);
    expect(seasonalNaiveForecast(y, 10)).toEqual(Array.from({length: 10}, (_, h) => y[30 + h - 7 * Math.ceil((h + 1) / 7)]));
    expect(seasonalNaiveForecast([1, 2, 3, 4, 5, 6, 7, 8], 3)).toEqual([2, 3, 4]);
  });
  it("moving average is flat at the last window's mean", () => {
    expect(movingAverageForecast([9, 1, 2, 3, 4, 5, 6, 7], 3)).toEqual([4, 4, 4]);
    expect(movingAverageForecast([1, 2, 3], 2, {window: 2})).toEqual([2.5, 2.5]);
  });
  it("names bad values", () => {
    expect(() => seasonalNaiveForecast([1, 2], 1)).toThrow("seasonal naive needs at least 7 observations, got 2");
    expect(() => movingAverageForecast([1, 2, 3], 0)).toThrow("invalid horizon: 0");
    expect(() => movingAverageForecast([1, 2, 3], 1, {window: 0})).toThrow("invalid window: 0");
  });
});

describe("Holt-Winters (fpp error-correction form)", () => {
  for (const seasonal of ["additive", "multiplicative"] as const) {
    it(`${seasonal}: forecasts a perfectly periodic series exactly`, () => {
      const y = periodic(70);
      const fit = fitHoltWinters(y, {seasonal});
      expect(fit.sse).toBeLessThan(1e-18 * 70 * 100 ** 2);
      expectRel(holtWintersForecast(fit.state, 28, fit.params, seasonal), periodic(98).slice(70));
    });
  }

  it("additive, undamped: follows a linear trend with weekly seasonality exactly", () => {
    const f = (t: number) => 200 + 1.5 * t + profile[t % 7] - 10;
    const y = periodic(56, f);
    const fit = fitHoltWinters(y, {seasonal: "additive", damped: false});
    expect(fit.params.phi).toBe(1);
    expectRel(holtWintersForecast(fit.state, 14, fit.params, "additive"), Array.from({length: 14}, (_, h) => f(56 + h)));
  });

  it("keeps parameters in the usual region and improves on a noisy series", () => {
    let seed = 7;
    const noise = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 20;
    const y = periodic(120, (t) => 300 + 0.8 * t + 3 * profile[t % 7] + noise());
    const fit = fitHoltWinters(y, {seasonal: "multiplicative", damped: true});
    const {alpha, beta, gamma, phi} = fit.params;
    expect(alpha).toBeGreaterThan(0);
    expect(alpha).toBeLessThan(1);
    expect(beta).toBeLessThan(alpha);
    expect(gamma).toBeLessThan(1 - alpha);
    expect(phi).toBeGreaterThanOrEqual(0.8);
    expect(phi).toBeLessThanOrEqual(0.98);
    const fixed = fitHoltWinters(y, {seasonal: "multiplicative", params: {alpha: 0.3, beta: 0.01, gamma: 0.1, phi: 0.9}});
    expect(fit.sse).toBeLessThan(fixed.sse);
  });

  it("updating through new data equals filtering the whole series", () => {
    const y = periodic(84, (t) => 100 + profile[t % 7] * (1 + (t % 5) / 10));
    const fit = fitHoltWinters(y.slice(0, 70), {seasonal: "additive"});
    const {state} = holtWintersUpdate(fit, y.slice(70));
    const whole = holtWintersFilter(y, fit.params, fit.initial, "additive");
    expect(state.level).toBeCloseTo(whole.state.level, 9);
    expect(state.t).toBe(84);
    expectRel(holtWintersForecast(state, 7, fit.params, "additive"), holtWintersForecast(whole.state, 7, fit.params, "additive"));
  });

  it("names bad values", () => {
    expect(() => fitHoltWinters([1, 2, 3], {})).toThrow("Holt-Winters needs at least 14 observations, got 3");
    expect(() => fitHoltWinters(periodic(30), {period: 1})).toThrow("invalid period: 1");
    expect(() => fitHoltWinters(periodic(30), {seasonal: "none" as "additive"})).toThrow('invalid seasonal: "none"');
  });
});

describe("nelderMead", () => {
  it("minimises a shifted quadratic", () => {
    const r = nelderMead(([a, b]) => (a - 3) ** 2 + 10 * (b + 1) ** 2, [0, 0], {maxIterations: 1000, tolerance: 1e-14});
    expect(r.x[0]).toBeCloseTo(3, 5);
    expect(r.x[1]).toBeCloseTo(-1, 5);
  });
});
