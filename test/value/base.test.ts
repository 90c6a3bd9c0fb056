import {describe, expect, it} from "vitest";
import {customerBase, halfThresholds, HALVES, migrationMatrix, tierMigration, type ValueLine} from "../../src/value/base.js";
import {DEFAULT_THRESHOLDS} from "../../src/value/rules.js";

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

describe("customerBase", () => {
  const base = customerBase(lines);
  it("aggregates over distinct purchase dates", () => {
    expect(base[0]).toEqual({
      clnt_id: 1,
      last_month: 8,
      first_date: "2018-04-01",
      last_date: "2018-08-15",
      n_dates: 3,
      mean_day: 136 / 2,
      total: 1_010_000,
      n_lines: 4,
      h1_last_month: 5,
      h1_n_dates: 2,
      h1_mean_day: 30,
      h1_total: 110_000,
      h1_n_lines: 3,
      h2_last_month: 8,
      h2_n_dates: 1,
      h2_mean_day: null,
      h2_total: 900_000,
      h2_n_lines: 1
    });
  });
  it("a half without purchases has n_dates 0 and null month", () => {
    expect(base[1]).toMatchObject({clnt_id: 2, n_dates: 1, mean_day: null, h1_n_dates: 0, h1_last_month: null, h1_total: 0, h2_n_dates: 1});
    expect(base[2]).toMatchObject({clnt_id: 3, total: 0, n_lines: 1, h1_n_dates: 1, h2_n_dates: 0});
  });
});

describe("tier migration", () => {
  it("each half is scored as a period ending at its last month", () => {
    expect(halfThresholds(DEFAULT_THRESHOLDS, HALVES[0])).toMatchObject({r3Month: 5, r2Month: 3});
    expect(halfThresholds(DEFAULT_THRESHOLDS, HALVES[1])).toMatchObject({r3Month: 8, r2Month: 6});
  });

  it("from→to counts with 'none' for a half without purchases", () => {
    const m = tierMigration(customerBase(lines));
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
  });

  it("migrationMatrix rejects unknown states", () => {
    expect(() => migrationMatrix([{from: "gold" as never, to: "none", customers: 1}])).toThrow('"gold"');
  });
});
