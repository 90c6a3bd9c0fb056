// One row per customer (buyers and members) with what a marketer acts on: demographics, value tier with
// R/F/M, behaviour type and the top preference categories. The profile and store pages read it (as
// customers.tar) and `npm run analyze` writes it for a CRM upload: the same rows, the same values.
import {customerTypeCountsByRule, segmentBoundsByRule} from "./analysis.js";
import {createClvTable, type ClvFit} from "./clv.js";
import {joinsAsWritten, type Duck} from "./duck.js";
import {categoriesByRevenue} from "./data-info.js";
import {createTable, shared} from "./shared.js";
import {createPreferenceTops} from "./preference-top.js";
import {demographicCountsSql, PREFERENCE_WAREHOUSE_SOURCES, preferenceCategories, preferenceTopWideQuery, type PreferenceSources} from "../src/preference/index.js";
import {
  customerTypesSql,
  SEGMENT_RULES,
  PURCHASE_SESSIONS_SQL,
  segmentCellsByRuleQuery,
  segmentCustomerSumsByRuleQuery,
  segmentGroupMeansSql,
  segmentQuery,
  segmentRuleSumsSql,
  type GroupMeans,
  type TypeCount,
  type VariableBounds
} from "../src/segment/index.js";
import {purchaseDaysFromSessionsSql, valueBaseQuery, valueScoredQuery} from "../src/value/index.js";
import {CATEGORY_TOTALS_SQL, categorySql, dailyFromPurchaseSessionsSql, regionFromPurchaseSessionsSql} from "../src/explore/sql.js";
import type {SessionFigures} from "./explore.js";

/** Preference categories kept per customer. */
export const CUSTOMER_TOP = 5;

/** The preference sources over the warehouse, with the counts, and the member counts by age and gender, taken from the customer table's pref_counts. */
export const SHARED_PREFERENCE_SOURCES: Readonly<PreferenceSources> = Object.freeze({
  ...PREFERENCE_WAREHOUSE_SOURCES,
  counts: "pref_counts",
  ageCounts: `(${demographicCountsSql("pref_counts", "age", {ordered: false})})`,
  genderCounts: `(${demographicCountsSql("pref_counts", "gender", {ordered: false})})`
});

/** What createCustomerTable hands back besides its tables. */
export interface CustomerTableInfo {
  clv: ClvFit;
  /** the behaviour variables' outlier bounds under the default rule (the customer types use them) */
  bounds: VariableBounds[];
  /** the bounds under each outlier rule the segments page offers (SEGMENT_RULES, in order), from the same quantile pass */
  boundsByRule: VariableBounds[][];
  /** under each of those rules, customers per main group (the 7 largest) and behaviour pattern */
  typesByRule: TypeCount[][];
  /** under those bounds, every age×gender group's means over its purchase lines, and "all" over every line */
  groupMeans: GroupMeans[];
  /** with `cells`: under each of those rules, the segments page's cells (segmentCellsByRuleSql's rows) */
  cellsByRule?: Record<string, number | string>[];
  /** with `figures`: the overview's region and daily figures (regionSql's and dailySql's rows), from the purchasing sessions made here */
  figures?: SessionFigures;
}

/**
 * Build the temp table `customers` (and its inputs value_base, value_scored, ctypes, pref_counts, ptop,
 * clv) on a warehouse connection; with `into` (an attached catalog), `customers` and the inputs other
 * loaders read (value_base, pref_counts, clv_days, clv_summary, clv) are created there instead.
 * With `cells`, also every rule's segment cells, and with `figures` the overview's region and daily
 * figures, from the purchasing sessions made here. With `reportCategories`, also the table
 * pref_report_top (clnt_id, c1): each customer's first category among those, ranked with the top
 * categories (createPreferenceTop's c1, an index into every category in name order).
 */
export async function createCustomerTable(
  duck: Duck,
  {into, cells = false, figures = false, reportCategories}: {into?: string; cells?: boolean; figures?: boolean; reportCategories?: readonly string[]} = {}
): Promise<CustomerTableInfo> {
  const TOP = CUSTOMER_TOP;
  // each purchasing session's variables, lines, date, amount and region once: the purchase days, the bounds,
  // every rule's sums and the overview's figures read them
  await createTable(duck, "seg_sessions", {sql: PURCHASE_SESSIONS_SQL});
  // a few hundred rows: kept as a value rather than the sessions as a table (read back from the file, the
  // statements after took a CPU-second more), and a join of the sessions with their lines spared the overview
  const sessionFigures = figures
    ? {region: await duck.query(regionFromPurchaseSessionsSql("seg_sessions")), daily: await duck.query(dailyFromPurchaseSessionsSql("seg_sessions"))}
    : undefined;
  // each customer's purchase days once: the value base and the CLV models both start from them
  await createTable(duck, "purchase_days", {sql: purchaseDaysFromSessionsSql("seg_sessions")});
  await createTable(duck, "value_base", valueBaseQuery("purchase_days", {daily: true}), into);
  // with the base columns the customer table shows, so it joins one table of them, not two; in no order, as it is only joined
  await createTable(duck, "value_scored", valueScoredQuery({}, "value_base", {carry: ["n_lines", "n_dates", "first_date", "last_date", "mean_day"], ordered: false}));
  // The work in code (the rankings, the CLV fit) first: in a build it runs while the loaders that do not
  // wait for these tables hold the other core, and the statements after it get both cores.
  // Every customer's lines per category (in no order): the preference loaders read it too.
  await createTable(duck, "pref_counts", {sql: `SELECT * FROM ${PREFERENCE_WAREHOUSE_SOURCES.counts}`}, into);
  // Each customer's top categories, ranked in code (the same merge in SQL, joins and window sorts, took ≈ 3×
  // the CPU), as indexes into `names`: named once the customer table's rows are sorted (below).
  const report = reportCategories ? [{name: "ptop_report", options: {top: 1, categories: reportCategories}}] : [];
  const names = await createPreferenceTops(duck, [{name: "ptop", options: {top: TOP}}, ...report], SHARED_PREFERENCE_SOURCES);
  if (report.length) {
    await createTable(duck, "pref_report_top", {sql: "SELECT clnt_id, c1 FROM ptop_report"}, into);
    await duck.run("DROP TABLE ptop_report");
  }
  const wide = preferenceTopWideQuery(TOP, "ptop", {}, SHARED_PREFERENCE_SOURCES, {codes: true});
  // CLV: lifetime value columns (null where the models cannot be fitted, and for members without a purchase)
  const clv = await createClvTable(duck, {days: "purchase_days", into});
  await duck.run("DROP TABLE purchase_days");
  // every rule the segments page offers in one quantile pass: its loader reads them from here
  const boundsByRule = await segmentBoundsByRule(duck, SEGMENT_RULES.map((p) => p.rule), {sessions: "seg_sessions"});
  // SEGMENT_RULES opens with the library's default rule, the one the customer types use
  const [bounds] = boundsByRule;
  // each customer's sums under every rule once: every rule's type counts (the segments page's), the
  // customer types and the profile page's group means (the default rule's) are read from them
  await createTable(duck, "seg_rule_sums", segmentCustomerSumsByRuleQuery(boundsByRule, {sessions: "seg_sessions"}));
  const cellsQuery = segmentCellsByRuleQuery(boundsByRule, {sessions: "seg_sessions"});
  const cellsByRule = cells ? await joinsAsWritten(duck, () => duck.query<Record<string, number | string>>(cellsQuery.sql, cellsQuery.params)) : undefined;
  await duck.run("DROP TABLE seg_sessions");
  const typesByRule = await customerTypeCountsByRule(duck, boundsByRule, {}, {sums: "seg_rule_sums"});
  await duck.run(`CREATE OR REPLACE TEMP VIEW seg_sums AS ${segmentRuleSumsSql("seg_rule_sums", 0)}`);
  // in no order: the customer table joins it, and whoever lists it sorts
  await createTable(duck, "ctypes", segmentQuery(customerTypesSql("bound", {sums: "seg_sums"}, {ordered: false}), {}, bounds));
  const groupMeans = await duck.query<GroupMeans>(segmentGroupMeansSql("seg_sums"));
  await duck.run("DROP VIEW seg_sums");
  await duck.run("DROP TABLE seg_rule_sums");
  const tops = Array.from({length: TOP}, (_, i) => i + 1);
  // One pass over the sessions (sd) counts each customer's sessions per device (g = 1) and per region (g = 2);
  // one full join with the members (u) gives every customer (a UNION and a join with each took ≈ a CPU-second more).
  // The rows are sorted with the dates and top categories as numbers and turned into text after: with the
  // five category names carried through it, the sort took twice as long.
  const text = [
    ...["first_date", "last_date"].map((c) => `strftime(${c}, '%Y-%m-%d') AS ${c}`),
    // the names bound as JSON, which an empty list (no purchase at all) can be
    ...tops.map((i) => `(from_json($names, '["VARCHAR"]'))[top${i} + 1] AS top${i}`)
  ];
  await createTable(
    duck,
    "customers",
    {
      sql: `SELECT * REPLACE (${text.join(", ")}) FROM (WITH sd AS (
    SELECT clnt_id, dvc_ctg_nm, zon_nm, GROUPING(dvc_ctg_nm, zon_nm) AS g, count(*) AS n
    FROM session GROUP BY GROUPING SETS ((clnt_id, dvc_ctg_nm), (clnt_id, zon_nm))
  ), ses AS (
    SELECT clnt_id, sum(n) FILTER (WHERE g = 1) AS sessions,
      first(dvc_ctg_nm ORDER BY n DESC, dvc_ctg_nm) FILTER (WHERE g = 1) AS device,
      first(zon_nm ORDER BY n DESC, zon_nm) FILTER (WHERE g = 2) AS region
    FROM sd GROUP BY clnt_id
  ), u AS (SELECT coalesce(ses.clnt_id, c.clnt_id) AS clnt_id, c.clnt_id AS member_id, c.gender, c.age, ses.device, ses.region, ses.sessions FROM ses FULL JOIN custom c ON c.clnt_id = ses.clnt_id)
  SELECT u.clnt_id::INTEGER AS clnt_id, u.member_id IS NOT NULL AS member, u.gender, u.age::INTEGER AS age,
    u.device, u.region, coalesce(u.sessions, 0)::INTEGER AS sessions, coalesce(v.n_lines, 0)::INTEGER AS lines, coalesce(v.n_dates, 0)::INTEGER AS n_dates,
    coalesce(v.total, 0)::DOUBLE AS total, v.first_date, v.last_date,
    v.mean_day::DOUBLE AS mean_day, v.r::INTEGER AS r, v.f::INTEGER AS f, v.m::INTEGER AS m, v.tier, v.point_rate::DOUBLE AS point_rate,
    t.type, t.subtype, t.pattern AS bits,
    t."group", t.time::DOUBLE AS time, t.pageviews::DOUBLE AS pageviews, t.searches::DOUBLE AS searches, t.price::DOUBLE AS price,
    ${tops.map((i) => `top.top${i}`).join(", ")}, ${tops.map((i) => `top.top${i}_index::DOUBLE AS top${i}_index`).join(", ")},
    round(lv.p_alive, 4) AS p_alive, round(lv.expected_purchases, 4) AS expected_purchases, round(lv.expected_spend) AS expected_spend, round(lv.clv) AS clv
  FROM u
  LEFT JOIN value_scored v ON v.clnt_id = u.clnt_id
  LEFT JOIN ctypes t ON t.clnt_id = u.clnt_id
  LEFT JOIN (${wide.sql}) top ON top.clnt_id = u.clnt_id
  LEFT JOIN clv lv ON lv.clnt_id = u.clnt_id
  ORDER BY u.clnt_id)`,
      params: {...wide.params, names: JSON.stringify(names)}
    },
    into
  );
  return {clv, bounds, boundsByRule, typesByRule, groupMeans, cellsByRule, figures: sessionFigures};
}

/** What sharedCustomerTable hands back: createCustomerTable's, with what several of its readers also need. */
export interface SharedCustomerInfo extends CustomerTableInfo {
  /** every category, by revenue (categoriesByRevenue): the preference loaders' main and report categories */
  categoriesByRevenue: string[];
  /** the overview's category figure (categorySql's rows) */
  categoryFigures: Record<string, unknown>[];
  figures: SessionFigures;
}

/**
 * createCustomerTable, built once per data version for every loader that reads the customer table or
 * one of its inputs (value_base, pref_counts, clv_summary, clv_days, clv) or the report categories'
 * ranking (pref_report_top): the first builds and keeps them, the others read them (loaders/shared.ts).
 */
export function sharedCustomerTable(duck: Duck, warehouse: string): Promise<SharedCustomerInfo> {
  return shared(duck, warehouse, "customers", async (d, out) => {
    // The purchases per category once here, for the loaders that rank or show them (a pass over every purchase
    // line each); a temp table dropped before the build ends, so it is not kept.
    await createTable(d, "category_totals", {sql: CATEGORY_TOTALS_SQL});
    const byRevenue = await categoriesByRevenue(d, "category_totals");
    // the customer table and the inputs other loaders read go straight into the shared file: no temp copies to
    // hold and write out; the report categories' ranking (preference-customers') from the same read of the counts
    const {figures, ...made} = await createCustomerTable(d, {into: out, cells: true, figures: true, reportCategories: preferenceCategories("report", byRevenue)});
    if (!figures) throw new Error("internal: the customer table's build made no session figures");
    // inputs no other loader reads are not written out (ptop alone holds ten columns per customer)
    for (const t of CUSTOMER_TABLE_ONLY) await d.run(`DROP TABLE temp.main.${t}`);
    const categoryFigures = await d.query(categorySql("pref_counts", "category_totals"));
    await d.run("DROP TABLE category_totals");
    return {...made, figures, categoriesByRevenue: byRevenue, categoryFigures};
  });
}

/** Temp tables createCustomerTable makes that only the customer table reads. */
const CUSTOMER_TABLE_ONLY = ["value_scored", "ctypes", "ptop", "clv_triples"];

/** The customer table's columns a CRM upload carries, in order (analyze's customers.csv). */
export const CRM_COLUMNS = [
  "clnt_id", "member", "gender", "age", "region", "device", "sessions", "lines", "n_dates", "total", "first_date", "last_date", "mean_day",
  "r", "f", "m", "tier", "point_rate", "type", "subtype", "bits", "top1", "top1_index", "top2", "top2_index", "top3", "top3_index",
  // CLV: P(alive), expected purchase days and spend per purchase day over the next 26 weeks, CLV at 1% a month
  "p_alive", "expected_purchases", "expected_spend", "clv"
] as const;
