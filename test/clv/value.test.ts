import {describe, expect, it} from "vitest";
import {bgNbd, fitBgNbd} from "../../src/clv/bgnbd.js";
import {fitGammaGamma, gammaGamma, type GammaGammaModel} from "../../src/clv/gammagamma.js";
import {summarizeTransactions} from "../../src/clv/summary.js";
import {customerLifetimeValue} from "../../src/clv/value.js";
import {cdnowWithMonetary, exampleTransactions} from "./cdnow.js";

const model = bgNbd({r: 0.243, alpha: 4.414, a: 0.793, b: 2.426});
const spend = gammaGamma({p: 6.25, q: 3.74, gamma: 15.44});
const customers = [
  {frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35},
  {frequency: 0, recency: 0, T: 38.86, monetary: 0},
  {frequency: 7, recency: 29.43, T: 38.86, monetary: 73.74}
];
const weeks = {unitsPerMonth: 4.345};

describe("customerLifetimeValue", () => {
  it("with no discount equals expected purchases over the horizon times expected spend", () => {
    const rows = customerLifetimeValue(model, spend, customers, {...weeks, horizonMonths: 12, monthlyDiscountRate: 0});
    rows.forEach((row, i) => {
      const c = customers[i];
      expect(row.expectedPurchases).toBeCloseTo(model.conditionalExpectedPurchases(12 * 4.345, c), 12);
      expect(row.expectedSpend).toBeCloseTo(spend.conditionalExpectedSpend(c), 12);
      expect(row.clv).toBeCloseTo(row.expectedPurchases * row.expectedSpend, 10);
      expect(row.pAlive).toBe(model.probabilityAlive(c));
    });
  });

  it("discounts each month's purchases at the month's end; a higher rate gives a lower value", () => {
    const one = customerLifetimeValue(model, spend, customers, {...weeks, horizonMonths: 1, monthlyDiscountRate: 1});
    one.forEach((row, i) => expect(row.clv).toBeCloseTo((model.conditionalExpectedPurchases(4.345, customers[i]) * row.expectedSpend) / 2, 12));
    const two = customerLifetimeValue(model, spend, customers, {...weeks, horizonMonths: 2, monthlyDiscountRate: 0.5});
    two.forEach((row, i) => {
      const e1 = model.conditionalExpectedPurchases(4.345, customers[i]);
      const e2 = model.conditionalExpectedPurchases(2 * 4.345, customers[i]);
      expect(row.clv).toBeCloseTo((e1 / 1.5 + (e2 - e1) / 2.25) * row.expectedSpend, 12);
    });
    const rates = [0, 0.01, 0.05, 0.2];
    const values = rates.map((d) => customerLifetimeValue(model, spend, customers, {...weeks, monthlyDiscountRate: d}));
    for (let k = 1; k < rates.length; k++) values[k].forEach((row, i) => expect(row.clv).toBeLessThan(values[k - 1][i].clv));
  });

  it("gives customers without repeat purchases the Gamma-Gamma population mean spend", () => {
    const [, zero] = customerLifetimeValue(model, spend, customers, weeks);
    expect(zero.expectedSpend).toBe(spend.expectedSpend());
    expect(zero.pAlive).toBe(1);
  });

  it("reproduces the lifetimes Quickstart CLV of the first ten CDNOW customers", () => {
    // docs/Quickstart.md: customer_lifetime_value(bgf, …, time=12, discount_rate=0.01) with its default
    // freq="D", i.e. 30 time units a month (on this weekly data), both models fitted on the CDNOW sample
    const all = cdnowWithMonetary();
    const bg = fitBgNbd(all);
    const gg = fitGammaGamma(all.filter((c) => c.frequency > 0));
    const rows = customerLifetimeValue(bg, gg, all.slice(0, 10), {horizonMonths: 12, monthlyDiscountRate: 0.01, unitsPerMonth: 30});
    const expected = [140.096211, 18.943467, 38.180574, 38.180574, 38.180574, 1003.868107, 28.109683, 38.180574, 167.418216, 38.180574];
    rows.forEach((row, i) => expect(Math.abs(row.clv / expected[i] - 1)).toBeLessThan(1e-6));
  });

  it("reproduces lifetimes' one-month predictions on its example transactions", () => {
    // lifetimes tests/test_utils.py, test_customer_lifetime_value_with_known_values: predict(30, …) of the
    // first five customers, which is the one-month undiscounted CLV at a spend of 1
    const summary = summarizeTransactions(exampleTransactions());
    const bg = fitBgNbd(summary.customers);
    // lifetimes prints the fit as r: 0.16, alpha: 1.86, a: 1.85, b: 3.18
    expect(bg.params.r).toBeCloseTo(0.16, 2);
    expect(bg.params.alpha).toBeCloseTo(1.86, 2);
    expect(bg.params.a).toBeCloseTo(1.85, 2);
    expect(bg.params.b).toBeCloseTo(3.18, 2);
    const unit: GammaGammaModel = {params: {p: 1, q: 2, gamma: 1}, conditionalExpectedSpend: () => 1, expectedSpend: () => 1, customerLogLikelihood: () => 0};
    const rows = customerLifetimeValue(bg, unit, summary.customers.slice(0, 5).map((c) => ({...c, monetary: 1})), {horizonMonths: 1, monthlyDiscountRate: 0, unitsPerMonth: 30});
    const expected = [0.016053, 0.021171, 0.030461, 0.031686, 0.001607];
    rows.forEach((row, i) => expect(row.clv).toBeCloseTo(expected[i], 6));
  });

  it("names bad options and customers", () => {
    expect(() => customerLifetimeValue(model, spend, customers, {unitsPerMonth: 0})).toThrow("invalid unitsPerMonth: 0");
    expect(() => customerLifetimeValue(model, spend, customers, {...weeks, horizonMonths: 1.5})).toThrow("invalid horizonMonths: 1.5");
    expect(() => customerLifetimeValue(model, spend, customers, {...weeks, monthlyDiscountRate: -0.1})).toThrow("invalid monthlyDiscountRate: -0.1");
    expect(() => customerLifetimeValue(model, spend, [{frequency: 2, recency: 1, T: 5, monetary: 0}], weeks)).toThrow("invalid customer 0: monetary 0 is not a positive finite number (frequency 2)");
    expect(() => customerLifetimeValue(model, spend, [{frequency: 2, recency: 6, T: 5, monetary: 3}], weeks)).toThrow("invalid customer 0: recency 6 > T 5");
  });
});
