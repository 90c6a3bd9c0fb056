import {describe, expect, it} from "vitest";
import {bgNbd} from "../../src/clv/bgnbd.js";
import {calibrationHoldoutCheck, groupedHoldoutCheck, type HoldoutCustomer} from "../../src/clv/check.js";
import {gammaGamma} from "../../src/clv/gammagamma.js";
import {
  binOf, CLV_SETTINGS, clvInfeasible, customerValue, discountedPurchases, discountWeights, expectedSpend, heatBins, holdoutDays, holdoutGrid,
  listReason, purchaseForecast, quantile, segmentClv, validDiscountRate, type ClvListRow
} from "../../src/clv/site.js";
import {customerLifetimeValue} from "../../src/clv/value.js";

const bg = {r: 0.26, alpha: 5.2, a: 2.5, b: 5.6};
const gg = {p: 1.75, q: 7.8, gamma: 525_000};
const customers = [
  {frequency: 0, recency: 0, T: 0, monetary: 0},
  {frequency: 0, recency: 0, T: 120, monetary: 0},
  {frequency: 3, recency: 40, T: 170, monetary: 81_000},
  {frequency: 12, recency: 150, T: 160, monetary: 240_000},
  {frequency: 67, recency: 156, T: 171, monetary: 240_678}
];

describe("holdoutGrid", () => {
  it("splits six months at two-thirds and moves in whole weeks, keeping two weeks of calibration and one of holdout", () => {
    const g = holdoutGrid({start: "2018-04-01", end: "2018-09-30", days: 183})!;
    expect(g.defaultSplit).toBe("2018-07-31");
    expect(holdoutDays({start: "2018-04-01", end: "2018-09-30", days: 183}, g.defaultSplit)).toBe(61);
    expect(g.splits).toContain(g.defaultSplit);
    expect(g.first).toBe("2018-04-17");
    expect(g.last).toBe("2018-09-18");
    expect(g.step).toBe(7);
    expect(g.splits.length).toBe(23);
  });

  it("on one month keeps the two-thirds split; on three weeks or less there is none", () => {
    const g = holdoutGrid({start: "2018-07-01", end: "2018-07-31", days: 31})!;
    expect(g.defaultSplit).toBe("2018-07-20");
    expect(g.splits).toEqual(["2018-07-20"]);
    expect(holdoutGrid({start: "2018-07-01", end: "2018-07-20", days: 20})).toBeNull();
    expect(() => holdoutGrid({start: "2018-07-01", end: "2018-07-01", days: 0})).toThrow(/invalid period length: 0/);
  });
});

describe("clvInfeasible", () => {
  it("names the count that is too small, or returns null", () => {
    expect(clvInfeasible({customers: 5, repeatBuyers: 2, periodDays: 183})).toMatch(/5 buying customers.*at least 20/);
    expect(clvInfeasible({customers: 500, repeatBuyers: 3, periodDays: 183})).toMatch(/Only 3 customers bought on more than one day/);
    expect(clvInfeasible({customers: 500, repeatBuyers: 300, periodDays: 1})).toMatch(/1 day/);
    expect(clvInfeasible({customers: 500, repeatBuyers: 300, periodDays: 183})).toBeNull();
  });
});

describe("customer values", () => {
  it("equal the library's customerLifetimeValue over six monthly steps of 26 weeks", () => {
    const months = CLV_SETTINGS.months;
    const unitsPerMonth = CLV_SETTINGS.horizonDays / months;
    for (const rate of [0, 0.01, 0.05]) {
      const reference = customerLifetimeValue(bgNbd(bg), gammaGamma(gg), customers, {horizonMonths: months, monthlyDiscountRate: rate, unitsPerMonth});
      customers.forEach((c, i) => {
        const v = customerValue({bg, gg}, c, rate);
        expect(v.pAlive).toBe(reference[i].pAlive);
        expect(v.expectedPurchases).toBeCloseTo(reference[i].expectedPurchases, 12);
        expect(v.expectedSpend).toBeCloseTo(reference[i].expectedSpend, 6);
        expect(Math.abs(v.clv / reference[i].clv - 1)).toBeLessThan(1e-12);
      });
    }
  });

  it("a month's increments sum to the horizon's expectation; a higher rate gives a lower value", () => {
    const f = purchaseForecast(bgNbd(bg), customers[2]);
    expect(f.increments).toHaveLength(6);
    expect(f.increments.reduce((a, b) => a + b, 0)).toBeCloseTo(bgNbd(bg).conditionalExpectedPurchases(182, customers[2]), 12);
    expect(discountedPurchases(f.increments, discountWeights(0.05))).toBeLessThan(discountedPurchases(f.increments, discountWeights(0.01)));
  });

  it("expected spend: the prior mean without repeats, a non-positive mean counts as 0", () => {
    expect(expectedSpend(gg, 0, 123)).toBeCloseTo(gammaGamma(gg).expectedSpend(), 6);
    expect(expectedSpend(gg, 3, 81_000)).toBeCloseTo(gammaGamma(gg).conditionalExpectedSpend({frequency: 3, monetary: 81_000}), 6);
    expect(expectedSpend(gg, 2, -5)).toBe(expectedSpend(gg, 2, 0));
    expect(() => expectedSpend({...gg, q: 1}, 0, 0)).toThrow(/q = 1/);
  });

  it("refuses a discount rate that is not a share in [0, 1)", () => {
    for (const bad of [-0.01, 1, Number.NaN, Infinity]) expect(() => validDiscountRate(bad)).toThrow(new RegExp(`invalid monthly discount rate: ${String(bad)}`));
    expect(discountWeights(0.01)[0]).toBeCloseTo(1 / 1.01, 15);
  });

  it("a segment's sums value it at any rate exactly as its customers' values add up", () => {
    const model = {bg, gg};
    const sums = {customers: customers.length, alive: 0, purchases: 0, spendIncrements: Array(6).fill(0) as number[]};
    for (const c of customers) {
      const f = purchaseForecast(bgNbd(bg), c);
      const spend = expectedSpend(gg, c.frequency, c.monetary);
      f.increments.forEach((v, m) => (sums.spendIncrements[m] += v * spend));
    }
    for (const rate of [0, 0.01, 0.3]) {
      const total = customers.reduce((s, c) => s + customerValue(model, c, rate).clv, 0);
      expect(Math.abs(segmentClv(sums, discountWeights(rate)) / total - 1)).toBeLessThan(1e-12);
    }
  });
});

describe("groupedHoldoutCheck", () => {
  it("equals the per-customer check on the same customers", () => {
    const model = bgNbd(bg);
    const rows: HoldoutCustomer[] = [];
    const grouped = [
      {frequency: 0, recency: 0, T: 30, customers: 3, holdout: 2},
      {frequency: 2, recency: 10, T: 60, customers: 2, holdout: 3},
      {frequency: 9, recency: 50, T: 61, customers: 1, holdout: 4}
    ];
    for (const g of grouped) for (let k = 0; k < g.customers; k++) rows.push({frequency: g.frequency, recency: g.recency, T: g.T, holdoutFrequency: k === 0 ? g.holdout : 0, holdoutDuration: 61});
    const a = calibrationHoldoutCheck(model, rows, {maxFrequency: 7});
    const b = groupedHoldoutCheck(model, grouped, 61, {maxFrequency: 7});
    expect(b.bins.map((x) => [x.label, x.customers, x.sumActual])).toEqual(a.bins.map((x) => [x.label, x.customers, x.sumActual]));
    b.bins.forEach((x, i) => expect(x.sumPredicted).toBeCloseTo(a.bins[i].sumPredicted, 12));
    expect(b.totals.actual).toBe(9);
    expect(() => groupedHoldoutCheck(model, [{frequency: 0, recency: 0, T: 3, customers: 0, holdout: 0}], 5)).toThrow(/customers 0/);
    expect(() => groupedHoldoutCheck(model, grouped, -1)).toThrow(/invalid duration: -1/);
  });
});

describe("heat map bins", () => {
  it("cover the period in whole weeks (two on six months) and put every value in one bin", () => {
    const b = heatBins(183);
    expect(b.daysSince[0]).toEqual({label: "0–13", min: 0, max: 13});
    expect(b.daysSince.at(-1)!.max).toBe(182);
    expect(b.daysSince).toHaveLength(13);
    expect(b.daysSince.at(-1)!.label).toBe("168–182");
    expect(heatBins(31).daysSince.map((x) => x.label)).toEqual(["0–6", "7–13", "14–20", "21–30"]);
    expect(heatBins(32).daysSince.map((x) => x.label)).toEqual(["0–6", "7–13", "14–20", "21–27", "28–31"]);
    expect(heatBins(1).daysSince.map((x) => x.label)).toEqual(["0"]);
    expect(b.frequency.map((f) => f.label)).toEqual(["0", "1", "2", "3", "4", "5–6", "7–9", "10–14", "15–29", "30+"]);
    expect(binOf(b.frequency, 6)).toBe(5);
    expect(binOf(b.frequency, 500)).toBe(9);
  });
});

describe("list reasons", () => {
  const row: ClvListRow = {clnt_id: 1, tier: "star", type: "enthusiast", r: 3, f: 3, m: 3, frequency: 67, recency: 156, T: 171, monetary: 240_678, total: 16_161_600, last_date: "2018-09-15", p_alive: 0.066, expected_purchases: 2.03, expected_spend: 234_817, clv: 463_103};
  it("say what the 333 rule and the model each see", () => {
    const gone = listReason("stars-gone", row, {keepFrom: 100_000});
    expect(gone).toContain("Star (R3 F3 M3) on ₩16,161,600 over 68 days of purchases");
    expect(gone).toContain("15 days before the data's last day");
    expect(gone).toContain("every 2.3 days");
    expect(gone).toContain("P(alive) = 0.06");
    const keep = listReason("unmanaged-keep", {...row, tier: "unmanaged", r: 3, f: 1, m: 1, frequency: 0, recency: 0, T: 0, p_alive: 1, clv: 237_299, expected_purchases: 1.81}, {keepFrom: 101_650});
    expect(keep).toContain("Unmanaged by the 333 rule (R3 F1 M1), yet worth ₩237,299 over the next 26 weeks");
    expect(keep).toContain("top 25% of buyers (from ₩101,650)");
    expect(keep).toContain("one purchase day, on the data's last day");
  });

  it("quantile is linear between order statistics", () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.75)).toBe(4);
    expect(quantile([], 0.5)).toBeNaN();
  });
});
