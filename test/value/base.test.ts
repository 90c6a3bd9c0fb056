import {describe, expect, it} from "vitest";
import {customerBase, halfInput, migrationMatrix, tierMigration, type ValueLine} from "../../src/value/base.js";
import {DEFAULT_THRESHOLDS, scoreCustomer} from "../../src/value/rules.js";

const lines: ValueLine[] = [
  // customer 1: Apr + May + Aug; two lines on one day
  {clnt_id: 1, sess_dt: "2018-04-01", amount: 50_000},
  {clnt_id: 1, sess_dt: "2018-04-01", amount: 0},
  {clnt_id: 1, sess_dt: "2018-05-01", amount: 60_000},
  {clnt_id: 1, sess_dt: "2018-08-15", amount: 900_000},
  // customer 2: one day in September
  {clnt_id: 2, sess_dt: "2018-09-30", amount: 1_000_000},
  // customer 3: June only, zero amount
  {clnt_id: 3, sess_dt: "2018-06-30", amount: 0}
];
const SIX_MONTHS = {end: "2018-09-30", split: "2018-07-01"};

describe("customerBase", () => {
  const base = customerBase(lines, SIX_MONTHS);
  it("aggregates over distinct purchase dates, recency in months back from the end", () => {
    expect(base[0]).toEqual({
      clnt_id: 1,
      months_ago: 1,
      first_date: "2018-04-01",
      last_date: "2018-08-15",
      n_dates: 3,
      mean_day: 136 / 2,
      total: 1_010_000,
      n_lines: 4,
      h1_months_ago: 1,
      h1_n_dates: 2,
      h1_mean_day: 30,
      h1_total: 110_000,
      h1_n_lines: 3,
      h2_months_ago: 1,
      h2_n_dates: 1,
      h2_mean_day: null,
      h2_total: 900_000,
      h2_n_lines: 1
    });
  });
  it("a half without purchases has n_dates 0 and no months", () => {
    expect(base[1]).toMatchObject({clnt_id: 2, months_ago: 0, n_dates: 1, mean_day: null, h1_n_dates: 0, h1_months_ago: null, h1_total: 0, h2_n_dates: 1});
    expect(base[2]).toMatchObject({clnt_id: 3, months_ago: 3, total: 0, n_lines: 1, h1_n_dates: 1, h1_months_ago: 0, h2_n_dates: 0});
  });
  it("scores the report's reading on its six months: R = 3 for Aug–Sep, 2 for Jun–Jul, 1 before", () => {
    const r = (date: string) => scoreCustomer(customerBase([{clnt_id: 9, sess_dt: date, amount: 1}], SIX_MONTHS)[0]).r;
    expect(["2018-04-30", "2018-05-31", "2018-06-01", "2018-07-31", "2018-08-01", "2018-09-30"].map(r)).toEqual([1, 1, 2, 2, 3, 3]);
  });
  it("counts back from the data's own end: one month of data gives the last-day buyer R = 3", () => {
    const july = customerBase([{clnt_id: 1, sess_dt: "2018-07-31", amount: 10}, {clnt_id: 2, sess_dt: "2018-07-01", amount: 10}], {end: "2018-07-31", split: null});
    expect(july.map((c) => scoreCustomer(c).r)).toEqual([3, 3]);
    expect(july.every((c) => c.h1_n_dates === 0 && c.h2_n_dates === 0)).toBe(true);
    const winter = customerBase([{clnt_id: 1, sess_dt: "2018-12-20", amount: 10}], {end: "2019-02-10", split: "2019-01-01"});
    expect(winter[0]).toMatchObject({months_ago: 2, h1_months_ago: 0, h1_n_dates: 1, h2_n_dates: 0});
  });
});

describe("tier migration", () => {
  it("each half is scored as a period ending at its last month", () => {
    const [c] = customerBase([{clnt_id: 1, sess_dt: "2018-05-10", amount: 10}], SIX_MONTHS);
    // May is two months before the data's end month (R = 2) but one month before the first half's end (R = 3)
    expect(scoreCustomer(c).r).toBe(1);
    expect(scoreCustomer(halfInput(c, "h1")!).r).toBe(3);
    expect(halfInput(c, "h2")).toBeNull();
  });

  it("from→to counts with 'none' for a half without purchases", () => {
    const m = tierMigration(customerBase(lines, SIX_MONTHS));
    expect(m).toHaveLength(25);
    const cell = (from: string, to: string) => m.find((c) => c.from === from && c.to === to)!.customers;
    // customer 1: H1 last May → R3, gap 30 → F2, 110,000 → M2: star; H2 Aug → R3, one day → F1: E1, 900,000 M2 → butterfly
    expect(cell("star", "butterfly")).toBe(1);
    // customer 2: none → Sep R3 F1 M3: butterfly
    expect(cell("none", "butterfly")).toBe(1);
    // customer 3: H1 Jun R3 F1 M1 → unmanaged; H2 none
    expect(cell("unmanaged", "none")).toBe(1);
    expect(m.reduce((s, c) => s + c.customers, 0)).toBe(3);
    expect(m.find((c) => c.from === "star" && c.to === "butterfly")!.row_share).toBe(1);
    expect(DEFAULT_THRESHOLDS).toMatchObject({r3Months: 2, r2Months: 4});
  });

  it("migrationMatrix rejects unknown states", () => {
    expect(() => migrationMatrix([{from: "gold" as never, to: "none", customers: 1}])).toThrow('"gold"');
  });
});
