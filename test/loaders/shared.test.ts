import {existsSync, readdirSync, writeFileSync} from "node:fs";
import {basename, dirname, join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {customerTypeCounts, segmentBounds} from "../../loaders/analysis.js";
import {createCustomerTable, SHARED_PREFERENCE_SOURCES, sharedCustomerTable} from "../../loaders/customers.js";
import {createPreferenceTop} from "../../loaders/preference-top.js";
import {preferenceCategories} from "../../src/preference/index.js";
import {categoriesByRevenue} from "../../loaders/data-info.js";
import {CATEGORY_SQL, DAILY_SQL, KPI_SQL, kpiSql, REGION_SQL} from "../../src/explore/sql.js";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {createTable, shared, sharedPath} from "../../loaders/shared.js";
import {ensureWarehouse, type WarehouseInfo} from "../../loaders/warehouse.js";
import {SEGMENT_RULES, sortTypeCounts} from "../../docs/components/segment-model.js";
import {segmentCellsByRuleQuery} from "../../src/segment/index.js";
import {cleanup, copyValid, tempDir} from "../ingest/helpers.js";
import {openFixture, randomFixture} from "../fixtures/analysis/warehouse.js";

afterAll(cleanup);

const quiet = () => {};

async function warehouse(): Promise<WarehouseInfo> {
  return ensureWarehouse({dataDir: copyValid(), cacheDir: tempDir("lpoint-shared-"), log: quiet});
}

async function withDuck<T>(info: WarehouseInfo, f: (duck: Duck) => Promise<T>): Promise<T> {
  const duck = await openDuck(info.path, {readOnly: true});
  try {
    return await f(duck);
  } finally {
    duck.close();
  }
}

/** Each customer (with a session or a membership): membership, sessions, and the device and region of most of them (ties: the first name), as a window ranks them. */
async function sessionsByWindow(d: Duck): Promise<Record<string, unknown>[]> {
  const mode = (col: string) =>
    `(SELECT clnt_id, ${col} AS v FROM (SELECT clnt_id, ${col}, count(*) AS n FROM session GROUP BY ALL) QUALIFY row_number() OVER (PARTITION BY clnt_id ORDER BY n DESC, ${col}) = 1)`;
  return d.query(`SELECT u.clnt_id::INTEGER AS clnt_id, c.clnt_id IS NOT NULL AS member, c.gender, c.age::INTEGER AS age, dv.v AS device, rg.v AS region, coalesce(s.n, 0)::INTEGER AS sessions
    FROM (SELECT clnt_id FROM session UNION SELECT clnt_id FROM custom) u
    LEFT JOIN custom c USING (clnt_id)
    LEFT JOIN (SELECT clnt_id, count(*) AS n FROM session GROUP BY clnt_id) s USING (clnt_id)
    LEFT JOIN ${mode("dvc_ctg_nm")} dv USING (clnt_id) LEFT JOIN ${mode("zon_nm")} rg USING (clnt_id) ORDER BY clnt_id`);
}
const pickSessions = (r: Record<string, unknown>) => ({clnt_id: r.clnt_id, member: r.member, gender: r.gender, age: r.age, device: r.device, region: r.region, sessions: r.sessions});

const squares = async (d: Duck) => {
  await d.run("CREATE TEMP TABLE sq AS SELECT i, i * i AS s FROM range(5) t(i) ORDER BY i");
  return {made: 5, ratio: 0.1 + 0.2};
};

describe("shared tables", () => {
  it("the first caller builds; later callers (other connections) read the same rows and value as views", async () => {
    const info = await warehouse();
    let builds = 0;
    const build = async (d: Duck, out: string) => {
      builds++;
      // a table made straight in the file being written is shared like a temp one
      await d.run(`CREATE TABLE ${out}.cube AS SELECT i, i * i * i AS c FROM range(5) t(i) ORDER BY i`);
      return squares(d);
    };
    const cubes = [0, 1, 2, 3, 4].map((i) => ({i, c: i ** 3}));
    const first = await withDuck(info, async (d) => {
      const value = await shared(d, info.path, "sq", build, {log: quiet});
      // the builder, too, reads the file back: its temp table is gone
      expect(await d.query("SELECT table_name FROM duckdb_tables() WHERE temporary")).toEqual([]);
      expect(await d.query("SELECT * FROM cube ORDER BY i")).toEqual(cubes);
      return {value, rows: await d.query("SELECT * FROM sq ORDER BY i")};
    });
    expect(existsSync(sharedPath(info.path, "sq"))).toBe(true);
    const second = await withDuck(info, async (d) => {
      const value = await shared(d, info.path, "sq", build, {log: quiet});
      const [{views}] = await d.query<{views: number}>("SELECT count(*)::INTEGER AS views FROM duckdb_views() WHERE temporary AND view_name = 'sq'");
      await expect(d.run("INSERT INTO shared_sq.sq VALUES (9, 81)")).rejects.toThrow(/read-only/i);
      // asking again on the same connection is harmless
      expect(await shared(d, info.path, "sq", build, {log: quiet})).toEqual(value);
      expect(await d.query("SELECT * FROM cube ORDER BY i")).toEqual(cubes);
      return {value, rows: await d.query("SELECT * FROM sq ORDER BY i"), views};
    });
    expect(builds).toBe(1);
    expect(second.views).toBe(1);
    expect(second.rows).toEqual(first.rows);
    expect(second.rows).toHaveLength(5);
    expect(second.value).toEqual(first.value);
    expect(second.value).toEqual({made: 5, ratio: 0.1 + 0.2});
  });

  it("a failed build leaves no file, and the next caller builds", async () => {
    const info = await warehouse();
    const path = sharedPath(info.path, "sq");
    await withDuck(info, async (d) => {
      await expect(
        shared(d, info.path, "sq", async (x) => {
          await x.run("CREATE TEMP TABLE sq AS SELECT 1 AS i");
          throw new Error("killed halfway");
        }, {log: quiet})
      ).rejects.toThrow("killed halfway");
    });
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dirname(path)).filter((n) => n.includes(".sq-"))).toEqual([]);
    const value = await withDuck(info, (d) => shared(d, info.path, "sq", squares, {log: quiet}));
    expect(value.made).toBe(5);
    expect(existsSync(path)).toBe(true);
  });

  it("is keyed by the code: files of another code version and of a deleted warehouse are pruned", async () => {
    const info = await warehouse();
    const dir = dirname(info.path);
    expect(sharedPath(info.path, "sq", "aaaa")).not.toBe(sharedPath(info.path, "sq", "bbbb"));
    expect(() => sharedPath(info.path, "x; DROP TABLE y")).toThrow(/invalid shared table set name/);
    const stale = sharedPath(info.path, "sq", "0123456789abcdef");
    const orphan = join(dir, "fedcba9876543210.sq-0123456789abcdef.duckdb");
    const staleOther = sharedPath(info.path, "other", "0123456789abcdef");
    for (const p of [stale, orphan, staleOther]) writeFileSync(p, "");
    await withDuck(info, (d) => shared(d, info.path, "other", squares, {log: quiet}));
    await withDuck(info, (d) => shared(d, info.path, "sq", squares, {log: quiet}));
    const left = readdirSync(dir).filter((n) => n.endsWith(".duckdb")).sort();
    expect(left).toEqual([basename(info.path), basename(sharedPath(info.path, "other")), basename(sharedPath(info.path, "sq"))].sort());
  });

  it("the shared customer table and its inputs equal those built on the connection", async () => {
    const info = await warehouse();
    // the inputs other loaders read; those only the customer table reads are not kept
    const inputs = ["value_base", "pref_counts", "clv_days", "clv_summary", "clv"];
    const fresh = await withDuck(info, async (d) => {
      const {clv, bounds, boundsByRule, typesByRule, cellsByRule, figures} = await createCustomerTable(d);
      // the cells and the overview's figures are the shared build's alone (npm run analyze draws neither page)
      expect(cellsByRule).toBeUndefined();
      expect(figures).toBeUndefined();
      const counts = await Promise.all(inputs.map(async (t) => (await d.query<{n: number}>(`SELECT count(*)::INTEGER AS n FROM ${t}`))[0].n));
      // the report categories' first choice, ranked on its own (as preference-customers ranked it before the shared build did)
      await createPreferenceTop(d, "top_report", {top: 1, categories: preferenceCategories("report", await categoriesByRevenue(d))}, SHARED_PREFERENCE_SOURCES);
      const report = await d.query<{clnt_id: number; c1: number | null}>("SELECT clnt_id, c1 FROM top_report ORDER BY clnt_id");
      expect(report.filter((r) => r.c1 !== null).length).toBeGreaterThan(2);
      return {clv, bounds, boundsByRule, typesByRule, counts, report, rows: await d.query("SELECT * FROM customers ORDER BY clnt_id")};
    });
    expect(fresh.rows.length).toBeGreaterThan(0);
    const sessions = await withDuck(info, sessionsByWindow);
    expect(fresh.rows.map(pickSessions)).toEqual(sessions);
    expect(new Set(sessions.map((r) => r.device)).size).toBeGreaterThan(1);
    expect(fresh.bounds.map((b) => b.variable)).toEqual(["time", "pageviews", "searches", "price"]);
    // the segments loader's bounds: every rule it offers, the default one equal to the customer types' own
    expect(fresh.boundsByRule).toHaveLength(SEGMENT_RULES.length);
    expect(fresh.boundsByRule[0]).toEqual(fresh.bounds);
    expect(fresh.boundsByRule[1]).toEqual(await withDuck(info, (d) => segmentBounds(d, {outliers: SEGMENT_RULES[1].rule})));
    // and every rule's type counts, those of the third rule as its own pass over the lines counts them
    expect(fresh.typesByRule).toHaveLength(SEGMENT_RULES.length);
    const third = await withDuck(info, (d) => customerTypeCounts(d, {outliers: SEGMENT_RULES[2].rule, bounds: fresh.boundsByRule[2]}));
    expect(sortTypeCounts(fresh.typesByRule[2])).toEqual(sortTypeCounts(third));
    expect(third.length).toBeGreaterThan(2);
    // the segments page's cells for every rule, as one pass over the line view with search1's totals makes them
    const q = segmentCellsByRuleQuery(fresh.boundsByRule);
    const cells = await withDuck(info, (d) => d.query(q.sql, q.params));
    expect(cells.length).toBeGreaterThan(3);
    for (let run = 0; run < 2; run++) {
      // run 0 builds the shared files, run 1 reads them
      const got = await withDuck(info, async (d) => {
        const {clv, bounds, boundsByRule, typesByRule, cellsByRule, figures, categoriesByRevenue: byRevenue, categoryFigures} = await sharedCustomerTable(d, info.path);
        expect(byRevenue).toEqual(await categoriesByRevenue(d));
        // the overview's category figure, as summed over every line with each category's distinct customers
        expect(categoryFigures).toEqual(await d.query(CATEGORY_SQL));
        expect(categoryFigures.length).toBeGreaterThan(2);
        // the overview's region and daily figures, as the sessions joined with their lines give them
        expect(figures).toEqual({region: await d.query(REGION_SQL), daily: await d.query(DAILY_SQL)});
        expect(figures!.region.length).toBeGreaterThan(1);
        expect(figures!.daily.length).toBeGreaterThan(1);
        expect(byRevenue.length).toBeGreaterThan(2);
        const counts = await Promise.all(inputs.map(async (t) => (await d.query<{n: number}>(`SELECT count(*)::INTEGER AS n FROM ${t}`))[0].n));
        const kept = await d.query<{name: string}>("SELECT view_name AS name FROM duckdb_views() WHERE temporary AND NOT internal ORDER BY name");
        expect(kept.map((t) => t.name)).toEqual([...inputs, "customers", "pref_report_top"].sort());
        const report = await d.query("SELECT clnt_id, c1 FROM pref_report_top ORDER BY clnt_id");
        return {counts, clv, bounds, boundsByRule, typesByRule, cellsByRule, report, rows: await d.query("SELECT * FROM customers ORDER BY clnt_id")};
      });
      expect(got.counts).toEqual(fresh.counts);
      expect(got.rows).toEqual(fresh.rows);
      expect(got.clv).toEqual(JSON.parse(JSON.stringify(fresh.clv)));
      expect(got.bounds).toEqual(fresh.bounds);
      expect(got.boundsByRule).toEqual(JSON.parse(JSON.stringify(fresh.boundsByRule)));
      expect(got.typesByRule).toEqual(fresh.typesByRule);
      expect(got.cellsByRule).toEqual(cells);
      expect(got.report).toEqual(fresh.report);
    }
  });
});

describe("the customer table's customers, sessions, device and region", () => {
  it("has every customer with a session or a membership, counts the sessions and takes the device and region of most, ties to the first name", async () => {
    const duck = await openFixture(randomFixture(5, {customers: 300}));
    try {
      // two devices and three regions in turn: a customer with two sessions ties on the device
      await duck.run(`UPDATE session SET dvc_ctg_nm = CASE sess_id % 2 WHEN 0 THEN 'mobile' ELSE 'desktop' END,
        zon_nm = CASE sess_id % 3 WHEN 0 THEN '서울' WHEN 1 THEN '경기' ELSE '부산' END`);
      // members without a session, and customers with sessions who are not members
      await duck.run("DELETE FROM session WHERE clnt_id IN (SELECT clnt_id FROM custom ORDER BY clnt_id LIMIT 7)");
      await duck.run("DELETE FROM custom WHERE clnt_id IN (SELECT DISTINCT clnt_id FROM session ORDER BY clnt_id DESC LIMIT 9)");
      await createCustomerTable(duck);
      const want = await sessionsByWindow(duck);
      expect((await duck.query("SELECT * FROM customers ORDER BY clnt_id")).map(pickSessions)).toEqual(want);
      expect(want.filter((r) => r.member && r.sessions === 0)).toHaveLength(7);
      expect(want.filter((r) => !r.member).length).toBeGreaterThanOrEqual(9);
      // the overview's headline counts from the customer table equal those over every session
      expect(await duck.query(kpiSql("customers"))).toEqual(await duck.query(KPI_SQL));
      const [{ties}] = await duck.query<{ties: number}>(
        "SELECT count(*)::INTEGER AS ties FROM (SELECT clnt_id FROM session GROUP BY clnt_id HAVING count(*) FILTER (WHERE dvc_ctg_nm = 'mobile') = count(*) FILTER (WHERE dvc_ctg_nm = 'desktop'))"
      );
      expect(ties).toBeGreaterThan(5);
    } finally {
      duck.close();
    }
  });
});

describe("createTable", () => {
  it("makes a temp table, or a table in the catalog given with a temp view of its name", async () => {
    const duck = await openDuck();
    try {
      await createTable(duck, "t1", {sql: "SELECT i FROM range($n) r(i)", params: {n: 3}});
      expect(await duck.query("SELECT table_name AS name, temporary FROM duckdb_tables() ORDER BY name")).toEqual([{name: "t1", temporary: true}]);
      await duck.run("ATTACH ':memory:' AS out");
      await createTable(duck, "t2", {sql: "SELECT i * 2 AS j FROM t1"}, "out");
      expect(await duck.query("SELECT database_name AS db, table_name AS name, temporary FROM duckdb_tables() ORDER BY name")).toEqual([
        {db: "temp", name: "t1", temporary: true},
        {db: "out", name: "t2", temporary: false}
      ]);
      // the build's later steps read it by its bare name
      expect(await duck.query("SELECT sum(j)::INTEGER AS s FROM t2")).toEqual([{s: 6}]);
      await expect(createTable(duck, "t3; DROP TABLE t1", {sql: "SELECT 1"})).rejects.toThrow(/invalid table/);
      await expect(createTable(duck, "t3", {sql: "SELECT 1"}, "out.x")).rejects.toThrow(/invalid table "out.x.t3"/);
    } finally {
      duck.close();
    }
  });
});
