import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {customerTypeCounts, customerTypeCountsByRule, customerTypes, segmentation, segmentBounds, segmentBoundsByRule} from "../../loaders/analysis.js";
import {countTypes, sortTypeCounts} from "../../docs/components/segment-model.js";
import {
  customerBehaviourTypes,
  customerTypesSql,
  mainGroups,
  segmentBehaviour,
  segmentCustomerSumsByRuleQuery,
  segmentCustomerSumsSql,
  segmentFeatures,
  segmentGroupMeansSql,
  segmentLinesSql,
  segmentMeansSql,
  segmentQuery,
  segmentRuleSumsSql,
  SEGMENT_LINES_SQL,
  SEGMENT_SESSION_FEATURES_SQL,
  PURCHASE_SESSIONS_SQL,
  SEGMENT_SESSIONS_SQL,
  type OutlierRule,
  type SegmentOptions
} from "../../src/segment/index.js";
import {compareText} from "../../src/value/bind.js";
import {REPORT_CATEGORIES} from "../../src/categories.js";
import {fixtureSegmentInput, openFixture, randomFixture} from "../fixtures/analysis/warehouse.js";

describe("segmentation: SQL = TS on a random warehouse", () => {
  let duck: Duck;
  const data = randomFixture(7, {customers: 2000});
  const input = fixtureSegmentInput(data);
  beforeAll(async () => {
    duck = await openFixture(data);
  });
  afterAll(() => duck?.close());

  it("purchasing sessions carry time, page views and summed searches", async () => {
    const sql = await duck.query(SEGMENT_SESSIONS_SQL);
    const purchasing = new Set(input.lines.map((l) => `${l.clnt_id}:${l.sess_id}`));
    const ts = input.sessions.filter((s) => purchasing.has(`${s.clnt_id}:${s.sess_id}`)).sort((a, b) => a.clnt_id - b.clnt_id || a.sess_id - b.sess_id);
    expect(ts.length).toBeLessThan(input.sessions.length);
    expect(sql).toEqual(ts);
  });

  it("masked feature lines match", async () => {
    const q = segmentQuery(SEGMENT_LINES_SQL);
    const sql = await duck.query(q.sql, q.params);
    const ts = segmentFeatures(input.sessions, input.lines).lines.sort(
      (a, b) => a.clnt_id - b.clnt_id || a.sess_id - b.sess_id || compareText(a.category, b.category) || (a.price ?? -1) - (b.price ?? -1)
    );
    expect(sql.length).toBe(ts.length);
    // order among identical (session, category) lines is free: compare as multisets of rows
    const norm = (rows: object[]) => rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
    expect(norm(sql as object[])).toEqual(norm(ts));
  });

  const cases: Array<[string, Partial<SegmentOptions>]> = [
    ["percentile 1–99, 7 groups (defaults)", {}],
    ["IQR × 3, the report's 11 categories", {outliers: {kind: "iqr", k: 3}, categories: REPORT_CATEGORIES}],
    ["no outlier rule, 4 groups", {outliers: {kind: "none"}, groups: 4}],
    ["percentile 5–95, explicit groups", {outliers: {kind: "percentile", lower: 0.05, upper: 0.95}, groups: ["20F", "30M", "50F"]}],
    ["the literal search-bit subtype rule", {subtypeRule: "search-bit"}]
  ];
  it.each(cases)("%s", async (_name, options) => {
    const sql = await segmentation(duck, options);
    const ts = segmentBehaviour(input.sessions, input.lines, options);
    expect(sql.bounds).toEqual(ts.bounds);
    expect(sql.groups).toEqual(ts.groups);
    expect(sql.means).toEqual(ts.means);
    expect(sql.bits).toEqual(ts.bits);
    expect(sql.patterns).toEqual(ts.patterns);
    expect(sql.bounds.some((b) => b.removed > 0) || options.outliers?.kind === "none").toBe(true);
    expect(sql.patterns.some((p) => p.patterns.length > 0)).toBe(true);
  });

  it.each([
    ["percentile", {}],
    ["none (open bounds travel as NULL)", {outliers: {kind: "none"}}]
  ] as Array<[string, Partial<SegmentOptions>]>)("bounds computed in the query = bounds bound as parameters: %s", async (_name, options) => {
    const bounds = segmentFeatures(input.sessions, input.lines, options.outliers).bounds;
    for (const make of [segmentMeansSql, customerTypesSql]) {
      const computed = segmentQuery(make("computed"), options);
      const bound = segmentQuery(make("bound"), options, bounds);
      expect(await duck.query(bound.sql, bound.params)).toEqual(await duck.query(computed.sql, computed.params));
    }
  });

  it.each([
    ["defaults", {}],
    ["no outlier rule, 3 groups", {outliers: {kind: "none"}, groups: 3}]
  ] as Array<[string, Partial<SegmentOptions>]>)("group means and types from each customer's sums equal those over the purchase lines: %s", async (_name, options) => {
    const bounds = await segmentBounds(duck, options);
    const sums = segmentQuery(segmentCustomerSumsSql("bound"), options, bounds);
    await duck.run(`CREATE OR REPLACE TEMP TABLE sums AS ${sums.sql}`, sums.params);
    const lines = segmentQuery(segmentLinesSql("bound", {ordered: false}), options, bounds);
    const overLines = await duck.query<Record<string, number | string | null>>(
      `SELECT CASE WHEN age IS NULL THEN 'all' ELSE age::VARCHAR || gender END AS "group",
        avg(time) AS time, avg(pageviews) AS pageviews, avg(searches) AS searches, avg(price) AS price
      FROM (${lines.sql}) GROUP BY GROUPING SETS ((age, gender), ()) HAVING GROUPING(age, gender) = 3 OR age IS NOT NULL ORDER BY "group"`,
      lines.params
    );
    const fromSums = await duck.query<Record<string, number | string | null>>(segmentGroupMeansSql("sums"));
    expect(fromSums.map((r) => r.group)).toEqual(overLines.map((r) => r.group));
    expect(fromSums.length).toBeGreaterThan(5);
    expect(fromSums.map((r) => r.group)).toContain("all");
    fromSums.forEach((r, i) => {
      for (const v of ["time", "pageviews", "searches", "price"]) {
        const want = overLines[i][v] as number;
        expect(r[v] as number).toBeCloseTo(want, 9);
        expect(Math.abs((r[v] as number) - want)).toBeLessThanOrEqual(Math.abs(want) * 1e-12);
      }
    });
    const direct = segmentQuery(customerTypesSql("bound"), options, bounds);
    const viaSums = segmentQuery(customerTypesSql("bound", {sums: "sums"}), options, bounds);
    const ordered = await duck.query<{clnt_id: number}>(direct.sql, direct.params);
    expect(await duck.query(viaSums.sql, viaSums.params)).toEqual(ordered);
    // unordered (for a table only joined): the same rows
    const loose = segmentQuery(customerTypesSql("bound", {sums: "sums"}, {ordered: false}), options, bounds);
    expect(loose.sql).not.toMatch(/ORDER BY clnt_id\s*$/);
    expect((await duck.query<{clnt_id: number}>(loose.sql, loose.params)).sort((a, b) => a.clnt_id - b.clnt_id)).toEqual(ordered);
  });

  it.each([
    ["defaults", {}],
    ["no outliers, 3 groups", {outliers: {kind: "none"}, groups: 3}]
  ] as Array<[string, Partial<SegmentOptions>]>)("every customer's own type: %s", async (_name, options) => {
    const sql = await customerTypes(duck, options);
    const f = segmentFeatures(input.sessions, input.lines, options.outliers);
    const ts = customerBehaviourTypes(f.lines, mainGroups(input.lines, options.groups ?? 7));
    expect(sql).toEqual(ts);
    expect(new Set(sql.map((r) => r.reference))).toEqual(new Set(["group", "all"]));
    expect([...new Set(sql.map((r) => r.type))]).toEqual(expect.arrayContaining(["meticulous", "enthusiast", "easygoing"]));
    // a customer whose only session has no consideration time has no type
    expect(sql.filter((r) => r.type === null).every((r) => r.bits.includes(null))).toBe(true);
  });

  it.each([
    ["defaults", {}],
    ["IQR, 3 groups", {outliers: {kind: "iqr", k: 1.5}, groups: 3}]
  ] as Array<[string, Partial<SegmentOptions>]>)("customers per group and pattern, counted in SQL, equal counting every customer's row: %s", async (_name, options) => {
    const counted = sortTypeCounts(await customerTypeCounts(duck, options));
    expect(counted).toEqual(countTypes(await customerTypes(duck, options)));
    expect(counted.length).toBeGreaterThan(3);
  });

  const rules: OutlierRule[] = [{kind: "percentile", lower: 0.01, upper: 0.99}, {kind: "percentile", lower: 0.05, upper: 0.95}, {kind: "iqr", k: 3}, {kind: "none"}, {kind: "iqr", k: 1.5}];
  it("several rules' bounds in one pass equal each rule's own", async () => {
    const together = await segmentBoundsByRule(duck, rules);
    expect(together).toHaveLength(rules.length);
    for (const [i, outliers] of rules.entries()) expect(together[i], JSON.stringify(outliers)).toEqual(await segmentBounds(duck, {outliers}));
    expect(new Set(together.map((b) => JSON.stringify(b))).size).toBe(rules.length);
  });

  it("each purchasing session's features and lines: the sessions' rows, each with its count of purchase lines", async () => {
    const features = await duck.query<{clnt_id: number; sess_id: number; lines: number}>(`SELECT * FROM (${SEGMENT_SESSION_FEATURES_SQL}) ORDER BY clnt_id, sess_id`);
    expect(features.map(({lines: _l, ...r}) => r)).toEqual(await duck.query(SEGMENT_SESSIONS_SQL));
    const lines = new Map<string, number>();
    for (const l of input.lines) lines.set(`${l.clnt_id}/${l.sess_id}`, (lines.get(`${l.clnt_id}/${l.sess_id}`) ?? 0) + 1);
    expect(features.map((r) => r.lines)).toEqual(features.map((r) => lines.get(`${r.clnt_id}/${r.sess_id}`)));
    expect(features.reduce((s, r) => s + r.lines, 0)).toBe(input.lines.length);
    // with each session's date and amount: the same sessions and variables
    const withDays = await duck.query<{clnt_id: number; sess_id: number; sess_dt: string; amount: number; region: string | null}>(`SELECT * FROM (${PURCHASE_SESSIONS_SQL}) ORDER BY clnt_id, sess_id`);
    expect(withDays.map(({sess_dt: _d, amount: _a, region: _r, ...r}) => r)).toEqual(features);
    const [{differ}] = await duck.query<{differ: number}>(
      `SELECT count(*)::INTEGER AS differ FROM (${PURCHASE_SESSIONS_SQL}) w
      JOIN (SELECT p.clnt_id, p.sess_id, s.sess_dt, s.zon_nm, sum(p.pd_buy_am * p.pd_buy_ct) AS amount FROM product p JOIN session s USING (clnt_id, sess_id) GROUP BY ALL) l USING (clnt_id, sess_id)
      WHERE w.sess_dt <> l.sess_dt OR w.amount <> l.amount OR w.region IS DISTINCT FROM l.zon_nm`
    );
    expect(differ).toBe(0);
  });

  it("every rule's sums per customer, from the sessions weighted by their lines, equal each rule's own sums over the lines", async () => {
    const bounds = await segmentBoundsByRule(duck, rules);
    const q = segmentCustomerSumsByRuleQuery(bounds);
    await duck.run(`CREATE OR REPLACE TEMP TABLE rule_sums AS ${q.sql}`, q.params);
    for (const [i, outliers] of rules.entries()) {
      const own = segmentQuery(segmentCustomerSumsSql("bound"), {outliers}, bounds[i]);
      const want = await duck.query(`SELECT * FROM (${own.sql}) ORDER BY clnt_id`, own.params);
      expect(want.length).toBeGreaterThan(100);
      expect(await duck.query(`SELECT * FROM (${segmentRuleSumsSql("rule_sums", i)}) ORDER BY clnt_id`), JSON.stringify(outliers)).toEqual(want);
    }
    // the rules differ, so a rule's columns cannot pass by being another's
    const [{differ}] = await duck.query<{differ: number}>("SELECT count(*)::INTEGER AS differ FROM rule_sums WHERE r0_price_n <> r3_price_n OR r0_time_n <> r3_time_n");
    expect(differ).toBeGreaterThan(0);
    // the same sums from a table of the session features
    await duck.run(`CREATE OR REPLACE TEMP TABLE features AS ${SEGMENT_SESSION_FEATURES_SQL}`);
    const fromTable = segmentCustomerSumsByRuleQuery(bounds, {sessions: "features"});
    expect(await duck.query(`SELECT * FROM (${fromTable.sql}) ORDER BY clnt_id`, fromTable.params)).toEqual(await duck.query("SELECT * FROM rule_sums ORDER BY clnt_id"));
  });

  it("several rules' type counts from a table of each customer's sums equal those computed in the query", async () => {
    const bounds = await segmentBoundsByRule(duck, rules);
    const q = segmentCustomerSumsByRuleQuery(bounds);
    await duck.run(`CREATE OR REPLACE TEMP TABLE rule_sums AS ${q.sql}`, q.params);
    for (const options of [{}, {groups: 3}] as Partial<SegmentOptions>[]) {
      const fromSums = await customerTypeCountsByRule(duck, bounds, options, {sums: "rule_sums"});
      expect(fromSums).toEqual(await customerTypeCountsByRule(duck, bounds, options));
      expect(fromSums.flat().length).toBeGreaterThan(rules.length * 3);
    }
  });

  it.each([
    ["7 groups", {}],
    ["3 groups", {groups: 3}],
    ["explicit groups", {groups: ["20F", "30M", "50F"]}]
  ] as Array<[string, Partial<SegmentOptions>]>)("several rules' type counts in one pass equal each rule's own: %s", async (_name, options) => {
    const bounds = await segmentBoundsByRule(duck, rules);
    const together = await customerTypeCountsByRule(duck, bounds, options);
    for (const [i, outliers] of rules.entries()) {
      const own = sortTypeCounts(await customerTypeCounts(duck, {...options, outliers, bounds: bounds[i]}));
      expect(sortTypeCounts(together[i]), JSON.stringify(outliers)).toEqual(own);
    }
    expect(new Set(together.map((t) => JSON.stringify(sortTypeCounts(t)))).size).toBeGreaterThan(1);
  });
});
