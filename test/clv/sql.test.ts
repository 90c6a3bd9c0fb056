// The warehouse SQL of the lifetime-value inputs gives the library's summaries (src/clv/summary.ts) on
// the CDNOW transactions: whole-period summaries, every split of a grid, and buyers per day.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {calibrationHoldout, summarizeTransactions} from "../../src/clv/summary.js";
import {customerSummaryQuery, dailyBuyersSql, holdoutGridQuery, purchaseDaysSql} from "../../src/clv/sql.js";
import {cdnowTransactions} from "./cdnow.js";

const transactions = cdnowTransactions();
const END = "1998-06-30";
let duck: Duck;

beforeAll(async () => {
  duck = await openDuck();
  await duck.run("CREATE TABLE lines (clnt_id INTEGER, sess_dt DATE, amount DOUBLE)");
  const appender = await duck.connection.createAppender("lines");
  for (const t of transactions) {
    appender.appendInteger(t.customer);
    appender.appendVarchar(t.date);
    appender.appendDouble(t.amount);
    appender.endRow();
  }
  appender.closeSync();
  await duck.run(`CREATE TABLE clv_days AS ${purchaseDaysSql("lines")}`);
});
afterAll(() => duck?.close());

describe("lifetime-value SQL", () => {
  it("customer summaries equal summarizeTransactions (days)", async () => {
    const q = customerSummaryQuery(END);
    const rows = await duck.query<{clnt_id: number; frequency: number; recency: number; T: number; monetary: number; first_date: string; last_date: string}>(q.sql, q.params);
    const lib = summarizeTransactions(transactions, {observationEnd: END}).customers.sort((a, b) => Number(a.customer) - Number(b.customer));
    expect(rows.length).toBe(lib.length);
    rows.forEach((r, i) => {
      const c = lib[i];
      expect([r.clnt_id, r.frequency, r.recency, r.T, r.first_date, r.last_date]).toEqual([c.customer, c.frequency, c.recency, c.T, c.first, c.last]);
      expect(r.monetary).toBeCloseTo(c.monetary, 9);
    });
  });

  it("every split of a grid equals calibrationHoldout, grouped", async () => {
    const grid = {first: "1997-03-31", last: "1997-12-22", step: 7 * 6};
    const q = holdoutGridQuery(grid, END);
    const rows = await duck.query<{split: string; frequency: number; recency: number; T: number; customers: number; holdout: number}>(q.sql, q.params);
    const splits = [...new Set(rows.map((r) => r.split))];
    // sorted by split, then the triple
    const key = (r: (typeof rows)[number]) => [r.split, r.frequency, r.recency, r.T] as const;
    const before = (a: (typeof rows)[number], b: (typeof rows)[number]) => {
      const [x, y] = [key(a), key(b)];
      for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] < y[i];
      return false;
    };
    for (let i = 1; i < rows.length; i++) expect(before(rows[i - 1], rows[i]), `row ${i}`).toBe(true);
    expect(splits).toEqual(["1997-03-31", "1997-05-12", "1997-06-23", "1997-08-04", "1997-09-15", "1997-10-27", "1997-12-08"]);
    for (const split of splits) {
      const lib = calibrationHoldout(transactions, {calibrationEnd: split, observationEnd: END});
      const grouped = new Map<string, {customers: number; holdout: number}>();
      for (const r of lib.rows) {
        const key = `${r.frequency}|${r.recency}|${r.T}`;
        const g = grouped.get(key) ?? {customers: 0, holdout: 0};
        g.customers++;
        g.holdout += r.holdoutFrequency;
        grouped.set(key, g);
      }
      const mine = rows.filter((r) => r.split === split);
      expect(mine.length, split).toBe(grouped.size);
      for (const r of mine) expect(grouped.get(`${r.frequency}|${r.recency}|${r.T}`), `${split} ${r.frequency}|${r.recency}|${r.T}`).toEqual({customers: r.customers, holdout: r.holdout});
    }
  });

  it("buyers per day count customers, not lines", async () => {
    const rows = await duck.query<{date: string; buyers: number}>(dailyBuyersSql(), {end: END});
    const perDay = new Map<string, Set<number>>();
    for (const t of transactions) perDay.set(t.date, (perDay.get(t.date) ?? new Set()).add(t.customer));
    expect(rows.map((r) => [r.date, r.buyers])).toEqual([...perDay.entries()].sort().map(([d, s]) => [d, s.size]));
  });
});
