import {describe, expect, it} from "vitest";
import {
  DEFAULT_THRESHOLDS,
  frequencyScore,
  monetaryScore,
  recencyScore,
  resolveThresholds,
  scoreCustomer,
  spendToReach,
  TIERS,
  valueTiers,
  type ValueThresholds
} from "../../src/value/rules.js";
import {meanDay} from "../../src/value/base.js";

const T = DEFAULT_THRESHOLDS as ValueThresholds;

describe("333 rule scores (report thresholds)", () => {
  it("recency in months back from the data's last month: the last 2 months 3, the 2 before 2, older 1", () => {
    // on the report's April–September data: Apr, May … Sep are 5 … 0 months back
    expect([5, 4, 3, 2, 1, 0].map((m) => recencyScore(m, T))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(recencyScore(40, T)).toBe(1);
  });

  it("frequency: one purchase day 1; gap ≤ 15 days 3 (exactly 15 is 3); above 2", () => {
    expect(frequencyScore(1, null, T)).toBe(1);
    expect(frequencyScore(2, 15, T)).toBe(3);
    expect(frequencyScore(2, 15.000001, T)).toBe(2);
    expect(frequencyScore(3, 1, T)).toBe(3);
    expect(frequencyScore(2, 60, T)).toBe(2);
  });

  it("MEAN_DAY counts distinct dates: two purchases on one day are one day", () => {
    expect(meanDay(["2018-04-01", "2018-04-01"])).toBeNull();
    expect(meanDay(["2018-04-01", "2018-04-01", "2018-04-16"])).toBe(15);
    expect(meanDay(["2018-04-01", "2018-04-11", "2018-05-01"])).toBe(15);
    expect(meanDay(["2018-04-01", "2018-04-02", "2018-05-02"])).toBe(15.5);
  });

  it("monetary at the exact thresholds: ≥ 1,000,000 is M3, exactly 100,000 is M2", () => {
    expect(monetaryScore(1_000_000, T)).toBe(3);
    expect(monetaryScore(999_999, T)).toBe(2);
    expect(monetaryScore(100_000, T)).toBe(2);
    expect(monetaryScore(99_999, T)).toBe(1);
  });

  it("zero and negative totals are M1 whatever the thresholds", () => {
    expect(monetaryScore(0, T)).toBe(1);
    expect(monetaryScore(-50_000, T)).toBe(1);
    expect(monetaryScore(0, {...T, m2: 0, m3: 0})).toBe(1);
    expect(monetaryScore(1, {...T, m2: 0, m3: 0})).toBe(3);
  });

  it("engagement grade E = 1 when R + F ≤ 4, tiers on the E × M grid", () => {
    // R3 F1 = 4 → E1; R3 F2 = 5 → E2
    const base = {months_ago: 0, n_dates: 1, mean_day: null, total: 500_000};
    expect(scoreCustomer(base, T)).toMatchObject({r: 3, f: 1, m: 2, e: 1, high_m: true, tier: "butterfly"});
    expect(scoreCustomer({...base, n_dates: 2, mean_day: 40}, T)).toMatchObject({r: 3, f: 2, e: 2, tier: "star"});
    expect(scoreCustomer({...base, n_dates: 2, mean_day: 40, total: 50_000}, T)).toMatchObject({e: 2, m: 1, tier: "chicken-rib"});
    expect(scoreCustomer({...base, total: 50_000}, T)).toMatchObject({e: 1, m: 1, tier: "unmanaged"});
  });

  it("high M switch: with highM = 3 an M2 customer is low", () => {
    const c = {months_ago: 0, n_dates: 3, mean_day: 10, total: 500_000};
    expect(scoreCustomer(c, T).tier).toBe("star");
    expect(scoreCustomer(c, {...T, highM: 3}).tier).toBe("chicken-rib");
    expect(scoreCustomer({...c, total: 1_000_000}, {...T, highM: 3}).tier).toBe("star");
  });

  it("point rates 0.8 / 0.5 / 0.3 / 0.1 % and point cost on the positive total", () => {
    expect(TIERS.map((t) => [t.key, t.pointRate, t.label])).toEqual([
      ["star", 0.008, "Star (스타)"],
      ["butterfly", 0.005, "Butterfly (나비)"],
      ["chicken-rib", 0.003, "Chicken rib (계륵)"],
      ["unmanaged", 0.001, "Unmanaged (관리제외)"]
    ]);
    expect(scoreCustomer({months_ago: 0, n_dates: 3, mean_day: 10, total: 2_000_000}, T).point_cost).toBeCloseTo(16_000, 9);
    expect(scoreCustomer({months_ago: 5, n_dates: 1, mean_day: null, total: -10_000}, T).point_cost).toBe(0);
  });

  it("invalid inputs and thresholds are named", () => {
    expect(() => resolveThresholds({r2Months: 1, r3Months: 2})).toThrow("r2Months = 1: must not be below r3Months (2)");
    expect(() => resolveThresholds({highM: 4 as never})).toThrow("highM = 4");
    expect(() => resolveThresholds({m2: 2_000_000})).toThrow("m2 = 2000000");
    expect(() => resolveThresholds({gapDays: -1})).toThrow("gapDays = -1");
    expect(() => resolveThresholds({rfCut: 1})).toThrow("rfCut = 1");
    expect(() => resolveThresholds({r3Months: 0})).toThrow("r3Months = 0");
    expect(() => resolveThresholds({r3Months: 1.5})).toThrow("r3Months = 1.5");
    expect(() => scoreCustomer({months_ago: -1, n_dates: 1, mean_day: null, total: 1}, T)).toThrow("months_ago -1");
    expect(() => scoreCustomer({months_ago: 0, n_dates: 0, mean_day: null, total: 1}, T)).toThrow("n_dates 0");
  });
});

describe("valueTiers summary", () => {
  const customers = [
    {clnt_id: 3, months_ago: 0, n_dates: 4, mean_day: 5, total: 2_000_000}, // star
    {clnt_id: 1, months_ago: 4, n_dates: 1, mean_day: null, total: 300_000}, // butterfly
    {clnt_id: 2, months_ago: 1, n_dates: 3, mean_day: 12, total: 20_000}, // chicken rib
    {clnt_id: 4, months_ago: 5, n_dates: 1, mean_day: null, total: 0} // unmanaged, zero amount
  ];
  const r = valueTiers(customers);
  it("scores every customer, sorted by id", () => {
    expect(r.customers.map((c) => [c.clnt_id, c.tier])).toEqual([[1, "butterfly"], [2, "chicken-rib"], [3, "star"], [4, "unmanaged"]]);
  });
  it("customers, shares, revenue shares and point cost per tier", () => {
    expect(r.summary.map((s) => [s.tier, s.customers, s.share, s.revenue])).toEqual([
      ["star", 1, 0.25, 2_000_000],
      ["butterfly", 1, 0.25, 300_000],
      ["chicken-rib", 1, 0.25, 20_000],
      ["unmanaged", 1, 0.25, 0]
    ]);
    expect(r.summary[0].revenue_share).toBeCloseTo(2_000_000 / 2_320_000, 12);
    expect(r.summary.map((s) => s.point_cost)).toEqual([2_000_000 * 0.008, 300_000 * 0.005, 20_000 * 0.003, 0]);
  });
  it("score distributions include zero cells", () => {
    const get = (s: string, v: number) => r.scores.find((x) => x.score === s && x.value === v)!.customers;
    expect([get("R", 1), get("R", 2), get("R", 3)]).toEqual([2, 0, 2]);
    expect([get("F", 1), get("F", 2), get("F", 3)]).toEqual([2, 0, 2]);
    expect([get("M", 1), get("M", 2), get("M", 3)]).toEqual([2, 1, 1]);
    expect([get("E", 1), get("E", 2)]).toEqual([2, 2]);
  });
});

describe("spendToReach (chicken-rib nudge)", () => {
  it("is the gap to the bar of the target score", () => {
    expect(spendToReach(20_000, 2, T)).toBe(80_000);
    expect(spendToReach(20_000, 3, T)).toBe(980_000);
    expect(spendToReach(150_000, 2, T)).toBe(0);
    expect(spendToReach(150_000, 3, T)).toBe(850_000);
  });
  it("reaching the bar exactly is enough; a zero total needs the full bar", () => {
    expect(scoreCustomer({months_ago: 0, n_dates: 1, mean_day: null, total: 20_000 + spendToReach(20_000, 2, T)}, T).m).toBe(2);
    expect(spendToReach(0, 2, T)).toBe(100_000);
    expect(spendToReach(-5_000, 2, T)).toBe(100_000);
    expect(spendToReach(0, 2, {...T, m2: 0})).toBe(1);
  });
});

describe("options given as undefined keep their defaults", () => {
  it("resolveThresholds", () => {
    expect(resolveThresholds({m2: undefined, highM: 3})).toEqual({...DEFAULT_THRESHOLDS, highM: 3});
  });
});
