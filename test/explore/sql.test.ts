import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {KEYWORD_DAY_TOTALS_SQL, keywordDailySql, keywordDayBarSql, keywordDayTopSql, keywordMonthBarSql, keywordMonthTopSql} from "../../src/explore/sql.js";

// The reference: rank every keyword of every day and month (the plain window the bar prefilter avoids).
const NAIVE_DAILY = `
WITH daily AS (SELECT sess_dt, kwd_nm, sum(search_cnt) AS searches FROM search2 GROUP BY ALL),
monthly AS (SELECT strftime(sess_dt, '%Y-%m') AS m, kwd_nm, sum(searches) AS searches FROM daily GROUP BY ALL),
candidates AS (
  SELECT kwd_nm FROM (SELECT kwd_nm, row_number() OVER (PARTITION BY m ORDER BY searches DESC, kwd_nm) AS r FROM monthly) WHERE r <= $monthTop
  UNION
  SELECT kwd_nm FROM (SELECT kwd_nm, row_number() OVER (PARTITION BY sess_dt ORDER BY searches DESC, kwd_nm) AS r FROM daily) WHERE r <= $dayTop
)
SELECT d.sess_dt AS date, d.kwd_nm AS keyword, CAST(d.searches AS INTEGER) AS searches
FROM daily d JOIN candidates USING (kwd_nm)
ORDER BY date, searches DESC, keyword`;
const NAIVE_DAY_BAR = `
WITH daily AS (SELECT sess_dt, kwd_nm, sum(search_cnt) AS searches FROM search2 GROUP BY ALL),
ranked AS (SELECT *, row_number() OVER (PARTITION BY sess_dt ORDER BY searches DESC, kwd_nm) AS r FROM daily)
SELECT strftime(sess_dt, '%Y-%m-%d') AS date, min(searches) AS bar, count(*) AS keywords_in_day
FROM ranked WHERE r <= $dayTop GROUP BY ALL ORDER BY date`;
const NAIVE_MONTH_BAR = `
WITH monthly AS (SELECT strftime(sess_dt, '%Y-%m') AS month, kwd_nm, sum(search_cnt) AS searches FROM search2 GROUP BY ALL),
ranked AS (SELECT *, row_number() OVER (PARTITION BY month ORDER BY searches DESC, kwd_nm) AS r FROM monthly)
SELECT month, min(searches) AS bar, count(*) AS keywords_in_month
FROM ranked WHERE r <= $monthTop GROUP BY ALL ORDER BY month`;

let duck: Duck;

beforeAll(async () => {
  duck = await openDuck();
  // Few distinct counts over many keywords: every day and month has long runs of ties at its bar.
  await duck.run(`CREATE TABLE search2 AS
    SELECT DATE '2018-04-01' + (i % 75)::INTEGER AS sess_dt, 'kw' || lpad(((i * 7919) % 613)::VARCHAR, 4, '0') AS kwd_nm, 1 + (i * 31) % 4 AS search_cnt
    FROM range(60000) t(i)`);
});

afterAll(() => duck?.close());

describe("keyword ranking with the bar prefilter", () => {
  it.each([
    [5, 3],
    [40, 10],
    [400, 100],
    [1000, 1000]
  ])("equals ranking every keyword (monthTop %i, dayTop %i), ties included", async (monthTop, dayTop) => {
    const params = {monthTop, dayTop};
    const fast = await duck.query(keywordDailySql(), params);
    expect(fast).toEqual(await duck.query(NAIVE_DAILY, params));
    expect(fast.length).toBeGreaterThan(0);
    expect(await duck.query(keywordDayBarSql(), {dayTop})).toEqual(await duck.query(NAIVE_DAY_BAR, {dayTop}));
    expect(await duck.query(keywordMonthBarSql(), {monthTop})).toEqual(await duck.query(NAIVE_MONTH_BAR, {monthTop}));
  });

  it("reads a temp table of day totals the same as computing them", async () => {
    await duck.run(`CREATE OR REPLACE TEMP TABLE days AS ${KEYWORD_DAY_TOTALS_SQL}`);
    const params = {monthTop: 40, dayTop: 10};
    expect(await duck.query(keywordDailySql("days"), params)).toEqual(await duck.query(keywordDailySql(), params));
    expect(await duck.query(keywordDayBarSql("days"), {dayTop: 10})).toEqual(await duck.query(keywordDayBarSql(), {dayTop: 10}));
  });

  it.each([
    [40, 10],
    [3, 2]
  ])("reads rankings made once the same as ranking in each query (monthTop %i, dayTop %i)", async (monthTop, dayTop) => {
    await duck.run(`CREATE OR REPLACE TEMP TABLE days AS ${KEYWORD_DAY_TOTALS_SQL}`);
    await duck.run(`CREATE OR REPLACE TEMP TABLE mtop AS ${keywordMonthTopSql("days")}`, {monthTop});
    await duck.run(`CREATE OR REPLACE TEMP TABLE dtop AS ${keywordDayTopSql("days")}`, {dayTop});
    const tops = {month: "mtop", day: "dtop"};
    const rows = await duck.query(keywordDailySql("days", tops));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(await duck.query(NAIVE_DAILY, {monthTop, dayTop}));
    expect(await duck.query(keywordDayBarSql(null, tops))).toEqual(await duck.query(NAIVE_DAY_BAR, {dayTop}));
    expect(await duck.query(keywordMonthBarSql(null, tops))).toEqual(await duck.query(NAIVE_MONTH_BAR, {monthTop}));
  });
});
