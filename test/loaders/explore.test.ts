import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {copurchase, ingestDuplicates, keywordDaily} from "../../loaders/explore.js";
import {PREF_COUNTS_SQL} from "../../src/preference/sql.js";
import {
  CATEGORY_TOTALS_SQL, categorySql, COPURCHASE_EDGES_SQL, COPURCHASE_NODES_SQL, DAILY_SQL, dailyFromFiguresSql, dailyFromPurchaseSessionsSql, dailySql, REGION_SQL, regionFromFiguresSql,
  regionFromPurchaseSessionsSql, regionSql, SESSION_CATEGORIES_SQL, SESSION_PURCHASES_SQL, sessionFiguresSql
} from "../../src/explore/sql.js";
import {PURCHASE_SESSIONS_SQL} from "../../src/segment/index.js";

let duck: Duck;
const report = (duplicates: unknown) => JSON.stringify({files: {search2: {duplicates}, search1: {duplicates: 3}}});
async function setMeta(value: string | null): Promise<void> {
  await duck.run("DELETE FROM meta");
  if (value !== null) await duck.run("INSERT INTO meta VALUES ('ingest_report', $v)", {v: value});
}

beforeAll(async () => {
  duck = await openDuck();
  await duck.run("CREATE TABLE meta (key VARCHAR, value VARCHAR)");
  // unique (date, keyword) keys with ties at every day's bar
  await duck.run(`CREATE TABLE unique_rows AS
    SELECT DATE '2018-12-20' + (i % 30)::INTEGER AS sess_dt, 'kw' || (i // 30)::VARCHAR AS kwd_nm, 1 + (i * 31) % 4 AS search_cnt FROM range(6000) t(i)`);
});
afterAll(() => duck?.close());

describe("keywordDaily", () => {
  it("reads the ingest's duplicate count per file, null where none is recorded", async () => {
    await setMeta(report(0));
    expect(await ingestDuplicates(duck, "search2")).toBe(0);
    expect(await ingestDuplicates(duck, "search1")).toBe(3);
    expect(await ingestDuplicates(duck, "product")).toBeNull();
    await setMeta(report("0"));
    expect(await ingestDuplicates(duck, "search2")).toBeNull();
    await setMeta(null);
    expect(await ingestDuplicates(duck, "search2")).toBeNull();
  });

  it("gives the same artifact from search2's own rows (no repeated key) as from summing them", async () => {
    await duck.run("CREATE OR REPLACE TABLE search2 AS SELECT * FROM unique_rows");
    await setMeta(report(1));
    const summed = await keywordDaily(duck, {monthTop: 20, dayTop: 5});
    await setMeta(report(0));
    const direct = await keywordDaily(duck, {monthTop: 20, dayTop: 5});
    expect(direct).toEqual(summed);
    expect(direct.keywords.length).toBeGreaterThan(5);
    expect(direct.dates[0]).toBe("2018-12-20");
  });

  it("sums repeated keys unless the ingest recorded none", async () => {
    // every row twice: counted as duplicates by the ingest, so each day total doubles
    await duck.run("CREATE OR REPLACE TABLE search2 AS SELECT * FROM unique_rows UNION ALL SELECT * FROM unique_rows");
    for (const meta of [report(6000), null]) {
      await setMeta(meta);
      const doubled = await keywordDaily(duck, {monthTop: 20, dayTop: 5});
      await duck.run("CREATE OR REPLACE TABLE search2 AS SELECT * FROM unique_rows");
      const once = await keywordDaily(duck, {monthTop: 20, dayTop: 5});
      expect(doubled.keywords).toEqual(once.keywords.map((k) => ({...k, counts: k.counts.map((c) => 2 * c)})));
      expect(doubled.dayBars).toEqual(once.dayBars.map((b) => ({...b, bar: 2 * b.bar})));
      expect(doubled.monthBars).toEqual(once.monthBars.map((b) => ({...b, bar: 2 * b.bar})));
      await duck.run("CREATE OR REPLACE TABLE search2 AS SELECT * FROM unique_rows UNION ALL SELECT * FROM unique_rows");
    }
  });
});

describe("copurchase", () => {
  it("takes node sizes and edges from one pass over the sessions' categories, equal to counting each on its own", async () => {
    // sessions that buy several lines of one category, and categories bought in many sessions
    await duck.run(`CREATE OR REPLACE TABLE master AS SELECT 'P' || i AS pd_c, 'cat' || (i % 7) AS clac1_nm FROM range(40) t(i)`);
    await duck.run(`CREATE OR REPLACE TABLE product AS
      SELECT (i % 100)::INTEGER AS clnt_id, ((i // 100) % 5)::INTEGER AS sess_id, 'P' || ((i * 17) % 40) AS pd_c FROM range(5000) t(i)`);
    const got = await copurchase(duck);
    const nodes = await duck.query(`SELECT m.clac1_nm AS category, count(DISTINCT (p.clnt_id, p.sess_id)) AS sessions
      FROM product p JOIN master m USING (pd_c) GROUP BY ALL ORDER BY sessions DESC, category`);
    expect(got.nodes).toEqual(nodes);
    expect(got.edges).toEqual(await duck.query(COPURCHASE_EDGES_SQL));
    expect(got.nodes).toEqual(await duck.query(COPURCHASE_NODES_SQL));
    expect(got.edges.length).toBeGreaterThan(5);
    // the per-session repeats are real: lines outnumber the (session, category) pairs
    const [{lines, pairs}] = await duck.query<{lines: number; pairs: number}>(`SELECT count(*)::INTEGER AS lines, (SELECT count(*) FROM (${SESSION_CATEGORIES_SQL}))::INTEGER AS pairs FROM product`);
    expect(lines).toBeGreaterThan(pairs);
  });
});

describe("region and daily figures", () => {
  it("read the same per-session purchases from a table as from the subquery", async () => {
    await duck.run(`CREATE OR REPLACE TABLE session AS
      SELECT (i % 100)::INTEGER AS clnt_id, ((i // 100) % 5)::INTEGER AS sess_id, 'zone' || (i % 4) AS zon_nm, DATE '2018-04-01' + (i % 9)::INTEGER AS sess_dt FROM range(500) t(i)`);
    // some sessions without a purchase (the region query keeps them, the daily one does not)
    await duck.run(`CREATE OR REPLACE TABLE product AS
      SELECT (i % 100)::INTEGER AS clnt_id, ((i // 100) % 4)::INTEGER AS sess_id, (1000 + (i * 37) % 5000)::BIGINT AS pd_buy_am, (1 + i % 3)::BIGINT AS pd_buy_ct FROM range(3000) t(i)`);
    await duck.run(`CREATE OR REPLACE TEMP TABLE sp AS ${SESSION_PURCHASES_SQL}`);
    const region = await duck.query(regionSql("sp"));
    expect(region).toEqual(await duck.query(REGION_SQL));
    expect(await duck.query(dailySql("sp"))).toEqual(await duck.query(DAILY_SQL));
    expect(region.length).toBe(4);
    // and from one join grouped both ways, with a day whose sessions bought nothing (not a daily row)
    await duck.run(`INSERT INTO session VALUES (7, 9, 'zone9', DATE '2018-05-01')`);
    await duck.run(`CREATE OR REPLACE TEMP TABLE figures AS ${sessionFiguresSql("sp")}`);
    const daily = await duck.query<{date: string}>(dailyFromFiguresSql("figures"));
    expect(daily).toEqual(await duck.query(DAILY_SQL));
    expect(daily.map((d) => d.date)).not.toContain("2018-05-01");
    expect(await duck.query(regionFromFiguresSql("figures"))).toEqual(await duck.query(REGION_SQL));
    expect(await duck.query(regionFromFiguresSql("figures"))).toHaveLength(5);
  });

  it("come the same from the shared purchasing sessions, without joining the sessions to their lines", async () => {
    await duck.run(`CREATE OR REPLACE TABLE session AS
      SELECT (i % 100)::INTEGER AS clnt_id, ((i // 100) % 5)::INTEGER AS sess_id, CASE WHEN i % 7 = 0 THEN NULL ELSE 'zone' || (i % 4) END AS zon_nm,
        DATE '2018-04-01' + (i % 9)::INTEGER AS sess_dt, (i % 600)::INTEGER AS tot_sess_hr_v, (i % 30)::INTEGER AS tot_pag_view_ct FROM range(500) t(i)`);
    await duck.run(`INSERT INTO session VALUES (7, 9, 'zone9', DATE '2018-05-01', 60, 3)`);
    // sessions without a purchase (a region of its own among them, and a day), lines with a decimal price
    await duck.run(`CREATE OR REPLACE TABLE product AS
      SELECT (i % 100)::INTEGER AS clnt_id, ((i // 100) % 4)::INTEGER AS sess_id, (1000 + (i * 37) % 5000)::DOUBLE + (i % 2) * 0.5 AS pd_buy_am, (1 + i % 3)::INTEGER AS pd_buy_ct FROM range(3000) t(i)`);
    await duck.run("CREATE OR REPLACE TABLE search1 (clnt_id INTEGER, sess_id INTEGER, kwd_nm VARCHAR, search_cnt INTEGER)");
    await duck.run(`CREATE OR REPLACE TEMP TABLE ps AS ${PURCHASE_SESSIONS_SQL}`);
    const region = await duck.query<{region: string | null}>(regionFromPurchaseSessionsSql("ps"));
    expect(region).toEqual(await duck.query(REGION_SQL));
    expect(region.map((r) => r.region)).toContain(null);
    expect(region.map((r) => r.region)).toContain("zone9");
    const daily = await duck.query<{date: string}>(dailyFromPurchaseSessionsSql("ps"));
    expect(daily).toEqual(await duck.query(DAILY_SQL));
    expect(daily.map((d) => d.date)).not.toContain("2018-05-01");
    expect(daily.length).toBe(9);
  });
});

describe("category figures", () => {
  it("count the customers per category from the per-customer counts as over every line", async () => {
    // a product missing from the master (its lines join nothing), customers buying several categories
    await duck.run(`CREATE OR REPLACE TABLE master AS SELECT 'P' || i AS pd_c, 'cat' || (i % 5) AS clac1_nm FROM range(30) t(i)`);
    await duck.run(`CREATE OR REPLACE TABLE product AS
      SELECT (i % 70)::INTEGER AS clnt_id, 'P' || ((i * 13) % 31) AS pd_c, (1000 + i % 90)::DOUBLE AS pd_buy_am, (1 + i % 4)::INTEGER AS pd_buy_ct FROM range(4000) t(i)`);
    await duck.run(`CREATE OR REPLACE TEMP TABLE counts AS ${PREF_COUNTS_SQL}`);
    const direct = await duck.query<{customers: number}>(categorySql());
    expect(await duck.query(categorySql("counts"))).toEqual(direct);
    // and the purchases from a table of the category totals
    await duck.run(`CREATE OR REPLACE TEMP TABLE totals AS ${CATEGORY_TOTALS_SQL}`);
    expect(await duck.query(categorySql("counts", "totals"))).toEqual(direct);
    expect(direct).toHaveLength(5);
    expect(direct.every((r) => r.customers > 1)).toBe(true);
  });
});
