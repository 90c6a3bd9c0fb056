import {describe, expect, it} from "vitest";
import {calibrationHoldout, dayNumber, summarizeTransactions, type Transaction} from "../../src/clv/summary.js";
import {cdnowTransactions, cdnowWithMonetary, exampleTransactions} from "./cdnow.js";

// A: two lines on 01-01, then 01-08, two lines on 01-15, then 01-25; B: one day; C: first seen after the
// calibration end; D: only after the observation end
const tiny: Transaction[] = [
  {customer: "A", date: "2018-01-15", amount: 30},
  {customer: "A", date: "2018-01-01", amount: 10},
  {customer: "B", date: "2018-01-10", amount: 50},
  {customer: "A", date: "2018-01-01", amount: 5},
  {customer: "A", date: "2018-01-08", amount: 20},
  {customer: "C", date: "2018-01-22", amount: 9},
  {customer: "A", date: "2018-01-15", amount: 2},
  {customer: "C", date: "2018-01-30", amount: 1},
  {customer: "A", date: "2018-01-25", amount: 7},
  {customer: "D", date: "2018-02-05", amount: 100}
];

describe("summarizeTransactions", () => {
  it("counts repeat purchase days, not lines, on a hand-made example", () => {
    const s = summarizeTransactions(tiny, {observationEnd: "2018-01-31"});
    expect(s.ignoredAfterEnd).toBe(1);
    expect(s.observationEnd).toBe("2018-01-31");
    expect(s.customers).toEqual([
      {customer: "A", frequency: 3, recency: 24, T: 30, monetary: (20 + 32 + 7) / 3, first: "2018-01-01", last: "2018-01-25"},
      {customer: "B", frequency: 0, recency: 0, T: 21, monetary: 0, first: "2018-01-10", last: "2018-01-10"},
      {customer: "C", frequency: 1, recency: 8, T: 9, monetary: 1, first: "2018-01-22", last: "2018-01-30"}
    ]);
  });

  it("defaults the end to the last date, converts to weeks, and leaves monetary NaN without amounts", () => {
    const s = summarizeTransactions(tiny.map(({customer, date}) => ({customer, date})), {unit: "weeks"});
    expect(s.observationEnd).toBe("2018-02-05");
    expect(s.ignoredAfterEnd).toBe(0);
    const a = s.customers[0];
    expect([a.frequency, a.recency, a.T]).toEqual([3, 24 / 7, 35 / 7]);
    expect(a.monetary).toBeNaN();
    expect(s.customers.map((c) => c.customer)).toEqual(["A", "B", "C", "D"]);
  });

  it("matches lifetimes' summary of its small monetary example", () => {
    // lifetimes tests/test_utils.py, test_summary_date_from_transaction_with_monetary_values
    const lines: [number, string, number][] = [
      [1, "2015-01-01", 1], [1, "2015-02-06", 2], [2, "2015-01-01", 2], [3, "2015-01-01", 3], [3, "2015-01-02", 1],
      [3, "2015-01-05", 5], [4, "2015-01-16", 6], [4, "2015-02-02", 3], [4, "2015-02-05", 3], [5, "2015-01-16", 3],
      [5, "2015-01-17", 1], [5, "2015-01-18", 8], [6, "2015-02-02", 5]
    ];
    const s = summarizeTransactions(lines.map(([customer, date, amount]) => ({customer, date, amount})), {observationEnd: "2015-02-07"});
    expect(s.customers.map((c) => [c.customer, c.frequency, c.recency, c.T, c.monetary])).toEqual([
      [1, 1, 36, 37, 2],
      [2, 0, 0, 37, 0],
      [3, 2, 4, 37, 3],
      [4, 2, 20, 22, 3],
      [5, 2, 2, 22, 4.5],
      [6, 0, 0, 5, 0]
    ]);
    // and the first purchase is the earliest one whatever the input order (test ..._correct_first_order_to_drop...)
    const unordered = summarizeTransactions([
      {customer: 2, date: "2014-04-09", amount: 20},
      {customer: 2, date: "2014-03-14", amount: 10},
      {customer: 2, date: "2014-05-21", amount: 25}
    ]);
    expect(unordered.customers[0].monetary).toBe(22.5);
  });

  it("rebuilds the CDNOW summaries (x, t_x, T in weeks, zbar) from the CDNOW transactions", () => {
    const s = summarizeTransactions(cdnowTransactions(), {observationEnd: "1997-09-30", unit: "weeks"});
    const expected = cdnowWithMonetary();
    expect(s.customers.length).toBe(2357);
    s.customers.forEach((c, i) => {
      const e = expected[i];
      expect(c.customer).toBe(e.id);
      expect(c.frequency).toBe(e.frequency);
      expect(Math.round(c.recency * 100) / 100).toBeCloseTo(e.recency, 10);
      expect(Math.round(c.T * 100) / 100).toBeCloseTo(e.T, 10);
      expect(Math.abs(c.monetary - e.monetary)).toBeLessThanOrEqual(0.005 + 1e-9);
    });
  });

  it("matches the lifetimes Quickstart summary of its example transactions", () => {
    // docs/Quickstart.md: observation_period_end='2014-12-31', ids 0–4
    const s = summarizeTransactions(exampleTransactions(), {observationEnd: "2014-12-31"});
    expect(s.customers.length).toBe(5000);
    expect(s.customers.slice(0, 5).map((c) => [c.customer, c.frequency, c.recency, c.T])).toEqual([
      [0, 0, 0, 298],
      [1, 0, 0, 224],
      [2, 6, 142, 292],
      [3, 0, 0, 147],
      [4, 2, 9, 183]
    ]);
  });

  it("names bad input", () => {
    expect(() => summarizeTransactions([])).toThrow("no transactions");
    expect(() => summarizeTransactions([{customer: 1, date: "2018-1-5"}])).toThrow('invalid transaction 0 date: "2018-1-5" (expected YYYY-MM-DD)');
    expect(() => summarizeTransactions([{customer: 1, date: "2018-02-30"}])).toThrow('invalid transaction 0 date: "2018-02-30" is not a calendar date');
    expect(() => summarizeTransactions([{customer: 1, date: "2018-01-05", amount: 1}, {customer: 1, date: "2018-01-06"}])).toThrow("invalid transaction 1: amount undefined (give an amount on every transaction or on none)");
    expect(() => summarizeTransactions([{customer: 1, date: "2018-01-05", amount: NaN}])).toThrow("invalid transaction 0: amount NaN is not a finite number");
    expect(() => summarizeTransactions([{customer: NaN, date: "2018-01-05"}])).toThrow("invalid transaction 0: customer NaN");
    expect(() => summarizeTransactions(tiny, {observationEnd: "31/01/2018"})).toThrow('invalid observationEnd: "31/01/2018"');
    expect(() => summarizeTransactions(tiny, {unit: "months" as "days"})).toThrow('invalid unit: "months"');
    expect(dayNumber("1970-01-02")).toBe(1);
  });
});

describe("calibrationHoldout", () => {
  it("splits a hand-made example at the calibration end", () => {
    const split = calibrationHoldout(tiny, {calibrationEnd: "2018-01-20", observationEnd: "2018-01-31"});
    expect(split.holdoutDuration).toBe(11);
    expect(split.excludedNewCustomers).toBe(1);
    expect(split.ignoredAfterEnd).toBe(1);
    expect(split.rows).toEqual([
      {customer: "A", frequency: 2, recency: 14, T: 19, monetary: 26, first: "2018-01-01", last: "2018-01-15", holdoutFrequency: 1, holdoutDuration: 11, holdoutSpend: 7},
      {customer: "B", frequency: 0, recency: 0, T: 10, monetary: 0, first: "2018-01-10", last: "2018-01-10", holdoutFrequency: 0, holdoutDuration: 11, holdoutSpend: 0}
    ]);
  });

  it("keeps lifetimes' date boundaries (calibration end inclusive, holdout up to the observation end inclusive)", () => {
    // lifetimes tests/test_utils.py, test_calibration_and_holdout_data_gives_correct_date_boundaries
    const lines: [number, string][] = [
      [1, "2015-01-01"], [1, "2015-02-06"], [2, "2015-01-01"], [3, "2015-01-01"], [3, "2015-01-02"], [3, "2015-01-05"],
      [4, "2015-01-16"], [4, "2015-02-02"], [4, "2015-02-05"], [5, "2015-01-16"], [5, "2015-01-17"], [5, "2015-01-18"], [6, "2015-02-02"]
    ];
    const transactions = lines.map(([customer, date]) => ({customer, date}));
    const split = calibrationHoldout(transactions, {calibrationEnd: "2015-02-01", observationEnd: "2015-02-04"});
    const byId = new Map(split.rows.map((r) => [r.customer, r]));
    expect(byId.get(1)?.holdoutFrequency).toBe(0);
    expect(byId.get(4)?.holdoutFrequency).toBe(1);
    expect(byId.has(6)).toBe(false);
    expect(split.excludedNewCustomers).toBe(1);
    // test_calibration_and_holdout_data: with the end on 2015-02-07 customer 1's 02-06 purchase counts
    const later = calibrationHoldout(transactions, {calibrationEnd: "2015-02-01", observationEnd: "2015-02-07"});
    expect(later.rows.find((r) => r.customer === 1)?.holdoutFrequency).toBe(1);
    expect(later.rows.find((r) => r.customer === 2)?.holdoutFrequency).toBe(0);
  });

  it("matches the lifetimes Quickstart calibration/holdout head of its example transactions", () => {
    // docs/Quickstart.md: calibration_period_end='2014-09-01', observation_period_end='2014-12-31'
    const split = calibrationHoldout(exampleTransactions(), {calibrationEnd: "2014-09-01", observationEnd: "2014-12-31"});
    expect(split.rows.slice(0, 5).map((r) => [r.customer, r.frequency, r.recency, r.T, r.holdoutFrequency, r.holdoutDuration])).toEqual([
      [0, 0, 0, 177, 0, 121],
      [1, 0, 0, 103, 0, 121],
      [2, 6, 142, 171, 0, 121],
      [3, 0, 0, 26, 0, 121],
      [4, 2, 9, 62, 0, 121]
    ]);
  });

  it("names a period that ends before it starts", () => {
    expect(() => calibrationHoldout(tiny, {calibrationEnd: "2018-01-31", observationEnd: "2018-01-31"})).toThrow("observationEnd 2018-01-31 is not after calibrationEnd 2018-01-31");
    expect(() => calibrationHoldout(tiny, {calibrationEnd: "2018-13-01"})).toThrow('invalid calibrationEnd: "2018-13-01"');
  });
});
