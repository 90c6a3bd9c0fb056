import {describe, expect, it} from "vitest";
import {fitGammaGamma, gammaGamma, gammaGammaLogLikelihood, type SpendCustomer} from "../../src/clv/gammagamma.js";
import {simulateGammaGammaSpend} from "../../src/clv/simulate.js";
import {cdnowWithMonetary} from "./cdnow.js";

const all = cdnowWithMonetary();
const returning = all.filter((c) => c.frequency > 0);
const fit = fitGammaGamma(returning);

describe("Gamma-Gamma on the CDNOW sample (946 customers with repeat purchases, zbar)", () => {
  it("reproduces the published parameters", () => {
    // Fader & Hardie (2013), "The Gamma-Gamma model of monetary value", and lifetimes' test
    // test_params_out_is_close_to_Hardie_paper: p = 6.25, q = 3.74, γ = 15.44 (two decimals); the
    // lifetimes Quickstart prints "p: 6.25, q: 3.74, v: 15.45"
    expect(returning.length).toBe(946);
    expect(fit.params.p).toBeCloseTo(6.25, 2);
    expect(fit.params.q).toBeCloseTo(3.74, 2);
    expect(fit.params.gamma).toBeCloseTo(15.44, 1);
    expect(Math.abs(fit.params.gamma - 15.44)).toBeLessThan(0.01);
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(946);
  });

  it("reproduces the conditional expected average profit of the first ten customers", () => {
    // lifetimes docs/Quickstart.md (six decimals, from its own fit) and tests (0.1, from Hardie's spreadsheet)
    const expected = [24.658619, 18.911489, 35.170981, 35.170981, 35.170981, 71.462843, 18.911489, 35.170981, 27.282408, 35.170981];
    all.slice(0, 10).forEach((c, i) => expect(Math.abs(fit.conditionalExpectedSpend(c) - expected[i])).toBeLessThan(5e-4));
    // and the Quickstart's mean over all 2,357 customers: 35.2529588256
    const mean = all.reduce((s, c) => s + fit.conditionalExpectedSpend(c), 0) / all.length;
    expect(Math.abs(mean - 35.2529588256)).toBeLessThan(5e-4);
  });

  it("at the rounded published parameters gives Hardie's spreadsheet values within lifetimes' tolerance", () => {
    // lifetimes test_conditional_expected_average_profit: atol 0.1 (the spreadsheet used unrounded parameters)
    const m = gammaGamma({p: 6.25, q: 3.74, gamma: 15.44});
    const expected = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    all.slice(0, 10).forEach((c, i) => expect(Math.abs(m.conditionalExpectedSpend(c) - expected[i])).toBeLessThan(0.1));
    expect(m.expectedSpend()).toBeCloseTo((6.25 * 15.44) / 2.74, 12);
  });

  it("sums per-customer log-likelihoods to the total and maximises it", () => {
    const total = returning.reduce((s, c) => s + fit.customerLogLikelihood(c), 0);
    expect(total).toBeCloseTo(fit.logLikelihood, 8);
    expect(gammaGammaLogLikelihood({p: 6.25, q: 3.74, gamma: 15.44}, returning)).toBeLessThan(fit.logLikelihood);
  });

  it("is deterministic and the same grouped or not, and in another currency", () => {
    const again = fitGammaGamma(returning);
    expect(again.params).toEqual(fit.params);
    const ungrouped = fitGammaGamma(returning, {group: false});
    for (const key of ["p", "q", "gamma"] as const) expect(Math.abs(ungrouped.params[key] / fit.params[key] - 1)).toBeLessThan(1e-6);
    const cents = fitGammaGamma(returning.map((c) => ({frequency: c.frequency, monetary: c.monetary * 100})));
    expect(cents.params.p).toBeCloseTo(fit.params.p, 5);
    expect(cents.params.q).toBeCloseTo(fit.params.q, 5);
    expect(cents.params.gamma / 100).toBeCloseTo(fit.params.gamma, 4);
  });

  it("recovers planted parameters", () => {
    const truth = {p: 4, q: 5, gamma: 40};
    const frequencies = Array.from({length: 5000}, (_, i) => 1 + (i % 6));
    const spend = simulateGammaGammaSpend(truth, frequencies, {seed: 3});
    const planted = fitGammaGamma(frequencies.map((frequency, i) => ({frequency, monetary: spend[i]})));
    for (const key of ["p", "q", "gamma"] as const) expect(Math.abs(planted.params[key] - truth[key])).toBeLessThan(4 * planted.standardErrors[key]);
  });
});

describe("Gamma-Gamma validation names the bad input", () => {
  const ok = {frequency: 2, monetary: 10};
  const cases: [string, unknown, string][] = [
    ["frequency 0", {frequency: 0, monetary: 10}, "invalid customer 1: frequency 0 is not a whole number > 0"],
    ["negative frequency", {frequency: -2, monetary: 10}, "invalid customer 1: frequency -2 is not a whole number > 0"],
    ["non-integer frequency", {frequency: 1.5, monetary: 10}, "invalid customer 1: frequency 1.5 is not a whole number > 0"],
    ["zero monetary", {frequency: 1, monetary: 0}, "invalid customer 1: monetary 0 is not positive"],
    ["negative monetary", {frequency: 1, monetary: -3}, "invalid customer 1: monetary -3 is not positive"],
    ["non-finite monetary", {frequency: 1, monetary: NaN}, "invalid customer 1: monetary NaN is not a finite number"],
    ["bad weight", {frequency: 1, monetary: 2, weight: -1}, "invalid customer 1: weight -1 is not a positive finite number"]
  ];
  it.each(cases)("%s", (_, bad, message) => {
    expect(() => fitGammaGamma([ok, bad as SpendCustomer])).toThrow(message);
  });
  it("rejects empty input and impossible parameters", () => {
    expect(() => fitGammaGamma([])).toThrow("no customers to fit");
    expect(() => gammaGamma({p: 1, q: -1, gamma: 1})).toThrow("invalid Gamma-Gamma parameter q: -1");
    expect(() => gammaGamma({p: 1, q: 0.9, gamma: 1}).expectedSpend()).toThrow("q <= 1 (q = 0.9)");
  });
});
