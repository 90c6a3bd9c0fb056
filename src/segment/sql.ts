/**
 * Segmentation SQL over the warehouse (product, session, search1, custom and the `line` view); the same
 * rules as segment/compute.ts. Parameters: $rule ('percentile' | 'iqr' | 'none'), $lower, $upper, $k,
 * $nGroups, $groups ('20F|20M|…' or '' for the $nGroups largest), $categories ('a|b|…' or '' for all),
 * $subtypeRule. Where the contract guarantees the `line` joins lose nothing, the product table is read
 * directly (cheaper at 5M lines).
 *
 * Two ways to get the outlier bounds: "computed" (quantiles inside the query: one self-contained
 * statement) or "bound" (bounds passed as $timeLo … $priceHi, e.g. from SEGMENT_BOUNDS_SQL run once;
 * the means and customer-type queries then skip the quantile pass).
 */
import {bindQuery, pipeList, sqlSource, type BoundQuery, type SqlValue} from "../value/bind.js";
import {resolveSegmentOptions, type OutlierRule, type SegmentOptions, type VariableBounds} from "./compute.js";
import {BEHAVIOUR_VARIABLES, type BehaviourVariable} from "./types.js";

export type BoundsMode = "computed" | "bound";

export function segmentParams(options: Partial<SegmentOptions> = {}): Record<string, SqlValue> {
  const o = resolveSegmentOptions(options);
  const r = o.outliers;
  return {
    rule: r.kind,
    lower: r.kind === "percentile" ? r.lower : 0.01,
    upper: r.kind === "percentile" ? r.upper : 0.99,
    k: r.kind === "iqr" ? r.k : 3,
    nGroups: typeof o.groups === "number" ? o.groups : 0,
    groups: typeof o.groups === "number" ? "" : pipeList(o.groups),
    categories: pipeList(o.categories),
    subtypeRule: o.subtypeRule
  };
}

/** Searches per session, summed from search1. */
const SEARCH_TOTALS_CTE = `srch AS (
  SELECT clnt_id, sess_id, sum(search_cnt) AS searches FROM search1 GROUP BY clnt_id, sess_id
)`;

/** Purchasing sessions with their variables (searches summed from search1, 0 if none). */
const SESSIONS_CTE = `${SEARCH_TOTALS_CTE}, ses AS MATERIALIZED (
  SELECT s.clnt_id, s.sess_id, s.tot_sess_hr_v AS time, s.tot_pag_view_ct AS pageviews, coalesce(sr.searches, 0) AS searches
  FROM session s
  SEMI JOIN (SELECT DISTINCT clnt_id, sess_id FROM product) p ON p.clnt_id = s.clnt_id AND p.sess_id = s.sess_id
  LEFT JOIN srch sr ON sr.clnt_id = s.clnt_id AND sr.sess_id = s.sess_id
)`;

/**
 * A rule's bound on one side from a quantile list q, whose entries from `at` (1-based) are the rule's
 * lower and upper levels, Q1 and Q3; `p` prefixes the rule's parameters ($rule, $k or $r0_rule, $r0_k, …).
 */
function ruleBound(q: string, side: "lo" | "hi", p = "", at = 1): string {
  const [lo, hi, q1, q3] = [0, 1, 2, 3].map((i) => `${q}[${at + i}]`);
  return side === "lo"
    ? `CASE $${p}rule WHEN 'percentile' THEN ${lo} WHEN 'iqr' THEN ${q1} - $${p}k::DOUBLE * (${q3} - ${q1}) ELSE '-infinity'::DOUBLE END`
    : `CASE $${p}rule WHEN 'percentile' THEN ${hi} WHEN 'iqr' THEN ${q3} + $${p}k::DOUBLE * (${q3} - ${q1}) ELSE 'infinity'::DOUBLE END`;
}

/**
 * CTEs ending in `out` (var, q: the quantiles of `qs`, a list SQL of levels, in its order) from `hist`,
 * a histogram (var, v DOUBLE, c: rows), NULL v counted but not ranked. The same values as DuckDB's
 * quantile_cont over the rows themselves, bit for bit: rank r = (n − 1)·q, the values at its floor and
 * ceiling, lo·(1 − d) + hi·d with d = r − floor(r) (DuckDB's own order of operations: lo + (hi − lo)·d
 * differs in the last bit for one level in four). Ranking a few thousand distinct values instead of millions of
 * rows: quantile_cont gathers every value and selects each level from them on one thread.
 */
export function histogramQuantilesCtes(hist: string, qs: string, out: string): string {
  return `${out}_up AS (
  SELECT var, v, sum(c) OVER (PARTITION BY var ORDER BY v ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)::BIGINT AS upto FROM ${hist} WHERE v IS NOT NULL
), ${out}_rank AS (
  SELECT h.var, l.i, (h.n - 1)::DOUBLE * l.q AS rn
  FROM (SELECT var, sum(c)::BIGINT AS n FROM ${hist} WHERE v IS NOT NULL GROUP BY var) h
  CROSS JOIN (SELECT unnest(${qs})::DOUBLE AS q, generate_subscripts(${qs}, 1) AS i) l
), ${out}_at AS (
  SELECT r.var, r.i, r.rn,
    (SELECT min(u.v) FROM ${out}_up u WHERE u.var = r.var AND u.upto > floor(r.rn)) AS lo,
    (SELECT min(u.v) FROM ${out}_up u WHERE u.var = r.var AND u.upto > ceil(r.rn)) AS hi
  FROM ${out}_rank r
), ${out} AS (
  SELECT var, list(CASE WHEN floor(rn) = ceil(rn) THEN lo ELSE lo * (1 - (rn - floor(rn))) + hi * (rn - floor(rn)) END ORDER BY i) AS q FROM ${out}_at GROUP BY var
)`;
}

/**
 * Quantiles and counts from one histogram pass over the sessions (time, page views, searches when > 0,
 * NULL counted) and one over the lines' prices (q and qm, as quantile_cont would give them), then one row
 * b of bounds with the columns <c>time_lo, <c>time_hi, <c>pv_…, <c>s_…, <c>m_… for every rule,
 * c = `columns[i]`; rule i's parameters have the prefix `prefixes[i]`. Several rules share one ranking:
 * four levels each in one list.
 */
function boundsCtes(prefixes: readonly string[], columns: readonly string[]): string {
  const qs = `[${prefixes.map((p) => `$${p}lower::DOUBLE, $${p}upper::DOUBLE, 0.25, 0.75`).join(", ")}]`;
  const bounds = prefixes.flatMap((p, i) =>
    [["qt", "time"], ["qp", "pv"], ["qs", "s"], ["qm", "m"]].map(([q, v]) =>
      (["lo", "hi"] as const).map((side) => `${ruleBound(q, side, p, 4 * i + 1)} AS ${columns[i]}${v}_${side}`).join(", ")
    )
  );
  // a variable's rows: with a value, without one, or all of them
  const n = (v: string, which: "values" | "nulls" | "all" = "values") =>
    `coalesce(sum(c) FILTER (WHERE var = '${v}'${which === "all" ? "" : ` AND v IS ${which === "nulls" ? "" : "NOT "}NULL`}), 0)::BIGINT`;
  const quantiles = (v: string) => `(SELECT q FROM qv WHERE var = '${v}')`;
  return `qh AS (
  SELECT var, v, count(*) AS c FROM (
    SELECT unnest(['t', 'p', 's']) AS var, unnest([time::DOUBLE, pageviews::DOUBLE, CASE WHEN searches > 0 THEN searches::DOUBLE END]) AS v FROM ses
  ) GROUP BY ALL
  UNION ALL
  SELECT 'm', pd_buy_am::DOUBLE, count(*) FROM product GROUP BY ALL
), ${histogramQuantilesCtes("qh", qs, "qv")}, qn AS (
  SELECT ${n("t")} AS nt, ${n("t", "nulls")} AS zt, ${n("p")} AS np, ${n("p", "nulls")} AS zp, ${n("s")} AS ns,
    ${n("m", "all")} AS nm
  FROM qh
), q AS (
  SELECT ${quantiles("t")} AS qt, nt, zt, ${quantiles("p")} AS qp, np, zp, ${quantiles("s")} AS qs, ns FROM qn
), qm AS (
  SELECT ${quantiles("m")} AS qm, nm FROM qn
), b AS (
  SELECT ${bounds.join(",\n    ")}, nt, zt, np, zp, ns, nm
  FROM q CROSS JOIN qm
)`;
}

/** One row of quantiles and counts, then one row of bounds. */
const BOUNDS_CTE = boundsCtes([""], [""]);

/** Bounds given as parameters (from SEGMENT_BOUNDS_SQL or the TS outlierBounds). */
const BOUND_PARAMS_CTE = `${SEARCH_TOTALS_CTE}, b AS (
  SELECT $timeLo::DOUBLE AS time_lo, $timeHi::DOUBLE AS time_hi, $pageviewsLo::DOUBLE AS pv_lo, $pageviewsHi::DOUBLE AS pv_hi,
    $searchesLo::DOUBLE AS s_lo, $searchesHi::DOUBLE AS s_hi, $priceLo::DOUBLE AS m_lo, $priceHi::DOUBLE AS m_hi
)`;

function featureCtes(mode: BoundsMode): string {
  if (mode === "bound") return `${BOUND_PARAMS_CTE}, ${LINES_CTE}`;
  if (mode === "computed") return `${SESSIONS_CTE}, ${BOUNDS_CTE}, ${LINES_CTE}`;
  throw new Error(`unknown bounds mode ${JSON.stringify(mode)} (expected "computed" or "bound")`);
}

/** Parameters for the "bound" mode from bounds rows (as SEGMENT_BOUNDS_SQL or segmentFeatures return them). */
export function boundsParams(bounds: readonly Pick<VariableBounds, "variable" | "lo" | "hi">[]): Record<string, SqlValue> {
  const out: Record<string, SqlValue> = {};
  for (const v of ["time", "pageviews", "searches", "price"] as const) {
    const b = bounds.find((x) => x.variable === v);
    if (!b) throw new Error(`bounds for ${v} missing`);
    // ±∞ travel as NULL (open bound): JSON, which DuckDB-WASM uses for parameters, has no infinity
    out[`${v}Lo`] = b.lo === null || !Number.isFinite(b.lo) ? null : b.lo;
    out[`${v}Hi`] = b.hi === null || !Number.isFinite(b.hi) ? null : b.hi;
  }
  return out;
}

/** x within [lo, hi]; a NULL bound is open (only arises where there is no value to test). */
function within(x: string, lo: string, hi: string): string {
  return `(${x} >= coalesce(${lo}, '-infinity'::DOUBLE) AND ${x} <= coalesce(${hi}, 'infinity'::DOUBLE))`;
}

const BOUND_COLUMNS: Record<BehaviourVariable, string> = {time: "time", pageviews: "pv", searches: "s", price: "m"};

/** Where maskedVariables reads each variable: a purchase line (l: line, sr: srch) by default. */
const LINE_COLUMNS: Record<BehaviourVariable, string> = {time: "l.tot_sess_hr_v", pageviews: "l.tot_pag_view_ct", searches: "sr.searches", price: "l.pd_buy_am"};

/**
 * Each variable after the outlier rule, NULL = missing or outlier; `bound` names a variable's lower or
 * upper bound (a column or a parameter), `columns` where each variable is read.
 */
function maskedVariables(bound: (v: BehaviourVariable, side: "lo" | "hi") => string, columns: Record<BehaviourVariable, string> = LINE_COLUMNS): Record<BehaviourVariable, string> {
  const w = (x: string, v: BehaviourVariable) => within(x, bound(v, "lo"), bound(v, "hi"));
  const c = columns;
  return {
    time: `CASE WHEN ${w(c.time, "time")} THEN ${c.time} END`,
    pageviews: `CASE WHEN ${w(c.pageviews, "pageviews")} THEN ${c.pageviews} END`,
    searches: `CASE WHEN coalesce(${c.searches}, 0) = 0 THEN 0
         WHEN ${w(c.searches, "searches")} THEN ${c.searches} END`,
    price: `CASE WHEN ${w(c.price, "price")} THEN ${c.price} END`
  };
}

const MASKED = maskedVariables((v, side) => `b.${BOUND_COLUMNS[v]}_${side}`);

/** The masked variables under rule i of several, its bounds given as $r<i>_timeLo … $r<i>_priceHi. */
const ruleMasked = (i: number, columns?: Record<BehaviourVariable, string>) => maskedVariables((v, side) => `$r${i}_${v}${side === "lo" ? "Lo" : "Hi"}::DOUBLE`, columns);

/** Each of several rules' bounds, as SEGMENT_BOUNDS_SQL returns them. */
type BoundsByRule = readonly (readonly Pick<VariableBounds, "variable" | "lo" | "hi">[])[];

/** Each rule's bounds as the $r<i>_… parameters of ruleMasked. */
function ruleBoundsParams(boundsByRule: BoundsByRule): Record<string, SqlValue> {
  const params: Record<string, SqlValue> = {};
  boundsByRule.forEach((bounds, i) => {
    for (const [k, v] of Object.entries(boundsParams(bounds))) params[`r${i}_${k}`] = v;
  });
  return params;
}

/** Purchase lines with their session's variables; NULL = missing or outlier. */
const LINES_CTE = `fl AS (
  SELECT l.clnt_id, l.sess_id, l.clac1_nm AS category, l.age, l.gender,
    ${MASKED.time} AS time,
    ${MASKED.pageviews} AS pageviews,
    ${MASKED.searches} AS searches,
    ${MASKED.price} AS price
  FROM line l
  LEFT JOIN srch sr ON sr.clnt_id = l.clnt_id AND sr.sess_id = l.sess_id
  CROSS JOIN b
)`;

/**
 * The age×gender groups by their members' purchase lines, and the main ones. With `sums` (a table of
 * customers' sums with age, gender and lines), the lines are summed from there: the same counts
 * without joining every purchase line to its customer.
 */
const groupsCte = (sums?: string) => {
  const lines = sums === undefined ? "count(*)" : "sum(lines)::BIGINT";
  return `grp AS (
  SELECT age, gender, age::VARCHAR || gender AS "group", ${lines} AS lines,
    row_number() OVER (ORDER BY ${lines} DESC, age, gender) AS size_rank
  FROM ${sums === undefined ? "product JOIN custom USING (clnt_id)" : `${sqlSource(sums)} WHERE age IS NOT NULL AND gender IS NOT NULL`}
  GROUP BY age, gender
), mg AS (
  SELECT * FROM grp
  WHERE CASE WHEN $groups = '' THEN size_rank <= $nGroups::INTEGER ELSE list_contains(string_split($groups, '|'), "group") END
)`;
};

const GROUPS_CTE = groupsCte();

function meanColumns(alias = ""): string {
  const a = alias ? `${alias}.` : "";
  return ["time", "pageviews", "searches", "price"]
    .map((v) => `sum(${a}${v})::DOUBLE / count(${a}${v}) AS ${v}, count(${a}${v})::BIGINT AS ${v}_n`)
    .join(",\n    ");
}

/** Per purchasing session: clnt_id, sess_id, time, pageviews, searches (no parameters). */
export const SEGMENT_SESSIONS_SQL = `WITH ${SESSIONS_CTE}
SELECT clnt_id, sess_id, time, pageviews, searches FROM ses ORDER BY clnt_id, sess_id`;

/**
 * Per purchasing session, in no order: clnt_id, sess_id, time, pageviews, searches (as
 * SEGMENT_SESSIONS_SQL) and lines, its purchase lines. Made once, it spares every later pass the
 * search totals and the sessions' join with the lines: a session's variables are the same on each of
 * its lines, so a sum over lines is a sum over sessions weighted by `lines`.
 */
export const SEGMENT_SESSION_FEATURES_SQL = sessionFeaturesSql(false);

/**
 * SEGMENT_SESSION_FEATURES_SQL's rows with each session's date, purchase amount and region (sess_dt,
 * amount = Σ price × units, region = ZON_NM): a `sessions` source for every query here, and the purchase
 * days (purchaseDaysFromSessionsSql) and the overview's region and daily figures summed from far fewer rows
 * than the lines.
 */
export const PURCHASE_SESSIONS_SQL = sessionFeaturesSql(true);

function sessionFeaturesSql(days: boolean): string {
  return `WITH ${SEARCH_TOTALS_CTE},
pl AS (SELECT clnt_id, sess_id, count(*)::INTEGER AS lines${days ? ", sum(pd_buy_am * pd_buy_ct) AS amount" : ""} FROM product GROUP BY clnt_id, sess_id)
SELECT s.clnt_id, s.sess_id, s.tot_sess_hr_v AS time, s.tot_pag_view_ct AS pageviews, coalesce(sr.searches, 0) AS searches, pl.lines${days ? ", s.sess_dt, pl.amount, s.zon_nm AS region" : ""}
FROM session s
JOIN pl ON pl.clnt_id = s.clnt_id AND pl.sess_id = s.sess_id
LEFT JOIN srch sr ON sr.clnt_id = s.clnt_id AND sr.sess_id = s.sess_id`;
}

/** Where a query finds the purchasing sessions: a table of SEGMENT_SESSION_FEATURES_SQL's rows, or computed. */
export interface SessionsSource {
  sessions?: string;
}

/** Where a query finds each customer's sums: a table of their rows, or computed. */
export interface SumsSource {
  sums?: string;
}

const sessionsCte = (sessions?: string) =>
  sessions === undefined ? SESSIONS_CTE : `ses AS (SELECT clnt_id, sess_id, time, pageviews, searches FROM ${sqlSource(sessions)})`;

/** Bounds per rule and variable: rule (index of `prefixes`), o, variable, unit, n, nulls, lo, hi, removed. */
function boundsSql(prefixes: readonly string[], {sessions}: SessionsSource = {}): string {
  const c = prefixes.map((_, i) => `b${i}_`);
  const removed = c.map(
    (b, i) => `count(*) FILTER (WHERE time IS NOT NULL AND NOT ${within("time", `b.${b}time_lo`, `b.${b}time_hi`)}) AS rt${i},
         count(*) FILTER (WHERE pageviews IS NOT NULL AND NOT ${within("pageviews", `b.${b}pv_lo`, `b.${b}pv_hi`)}) AS rp${i},
         count(*) FILTER (WHERE searches > 0 AND NOT ${within("searches", `b.${b}s_lo`, `b.${b}s_hi`)}) AS rs${i}`
  );
  const rows = c.map(
    (b, i) => `SELECT ${i} AS rule, 1 AS o, 'time' AS variable, 'session' AS unit, nt AS n, zt AS nulls, ${b}time_lo AS lo, ${b}time_hi AS hi, rt${i} AS removed FROM b, rm
  UNION ALL SELECT ${i}, 2, 'pageviews', 'session', np, zp, ${b}pv_lo, ${b}pv_hi, rp${i} FROM b, rm
  UNION ALL SELECT ${i}, 3, 'searches', 'session', ns, 0, ${b}s_lo, ${b}s_hi, rs${i} FROM b, rm
  UNION ALL SELECT ${i}, 4, 'price', 'line', nm, 0, ${b}m_lo, ${b}m_hi, rm${i} FROM b, rmm`
  );
  return `WITH ${sessionsCte(sessions)}, ${boundsCtes(prefixes, c)},
rm AS (
  SELECT ${removed.join(",\n    ")}
  FROM ses CROSS JOIN b
), rmm AS (
  SELECT ${c.map((b, i) => `count(*) FILTER (WHERE NOT ${within("pd_buy_am", `b.${b}m_lo`, `b.${b}m_hi`)}) AS rm${i}`).join(", ")} FROM product CROSS JOIN b
)
SELECT * FROM (
  ${rows.join("\n  UNION ALL ")}
) ORDER BY rule, o`;
}

/** Bounds per variable: rule (0), o, variable, unit, n, nulls, lo, hi, removed (VariableBounds). */
export const SEGMENT_BOUNDS_SQL = boundsSql([""]);

/**
 * The bounds of several outlier rules from one pass over the sessions and lines: SEGMENT_BOUNDS_SQL's
 * rows for each rule, `rule` = its index. Rule i's parameters: $r<i>_rule, $r<i>_lower, $r<i>_upper, $r<i>_k.
 */
export function segmentBoundsByRuleQuery(rules: readonly OutlierRule[], source: SessionsSource = {}): BoundQuery {
  if (rules.length === 0) throw new Error("segmentBoundsByRuleQuery: no outlier rule given");
  const params: Record<string, SqlValue> = {};
  rules.forEach((outliers, i) => {
    const {rule, lower, upper, k} = segmentParams({outliers});
    Object.assign(params, {[`r${i}_rule`]: rule, [`r${i}_lower`]: lower, [`r${i}_upper`]: upper, [`r${i}_k`]: k});
  });
  return bindQuery(boundsSql(rules.map((_, i) => `r${i}_`), source), params);
}

/**
 * Masked feature lines: clnt_id, sess_id, category, age, gender, time, pageviews, searches, price.
 * `ordered: false` for use inside an aggregate: DuckDB keeps a subquery's ORDER BY, which cost more
 * than the aggregate itself over 5M lines.
 */
export function segmentLinesSql(mode: BoundsMode = "computed", {ordered = true}: {ordered?: boolean} = {}): string {
  return `WITH ${featureCtes(mode)}
SELECT * FROM fl${ordered ? " ORDER BY clnt_id, sess_id, category, price" : ""}`;
}

export const SEGMENT_LINES_SQL = segmentLinesSql();

/** Every age×gender group with its size rank and whether it is a main group. */
export const SEGMENT_GROUPS_SQL = `WITH ${GROUPS_CTE}
SELECT "group", age, gender, lines, size_rank, "group" IN (SELECT "group" FROM mg) AS main
FROM grp ORDER BY size_rank`;

/** Group × category means and group averages (category NULL): MeanRow columns, sorted like behaviourMeans. */
export function segmentMeansSql(mode: BoundsMode = "computed"): string {
  return `WITH ${featureCtes(mode)}, ${GROUPS_CTE},
m AS (
  SELECT mg."group", mg.age, mg.gender, fl.category, count(*)::BIGINT AS lines,
    ${meanColumns("fl")}
  FROM fl JOIN mg ON mg.age = fl.age AND mg.gender = fl.gender
  GROUP BY GROUPING SETS ((mg."group", mg.age, mg.gender, fl.category), (mg."group", mg.age, mg.gender))
)
SELECT * FROM m
WHERE category IS NULL OR $categories = '' OR list_contains(string_split($categories, '|'), category)
ORDER BY age, gender, category NULLS FIRST`;
}

export const SEGMENT_MEANS_SQL = segmentMeansSql();

/**
 * Group or overall means from per-customer Σ (<v>_s) and counts (<v>_n) rather than a second pass over
 * the lines. The same values where the variables are whole numbers (seconds, page views, searches,
 * whole-won prices), whose sums are exact in any order; otherwise equal up to rounding.
 */
function pooledMeans(alias: string, names: readonly string[] = BEHAVIOUR_VARIABLES): string {
  return names.map((v) => `sum(${alias}${v}_s)::DOUBLE / sum(${alias}${v}_n) AS ${v}`).join(", ");
}

/** Per-customer Σ and count of each variable, for pooledMeans and customerMeans. */
function sumsAndCounts(names: readonly string[] = BEHAVIOUR_VARIABLES): string {
  return names.map((v) => `sum(${v}) AS ${v}_s, count(${v}) AS ${v}_n`).join(", ");
}

/** Each customer's own means from a sumsAndCounts row aliased `alias`. */
function customerMeans(alias: string, names: readonly string[] = BEHAVIOUR_VARIABLES): string {
  return names.map((v) => `${alias}.${v}_s::DOUBLE / ${alias}.${v}_n AS ${v}`).join(", ");
}

function bitSql(v: string): string {
  return `CASE WHEN ${v} IS NULL OR r_${v} IS NULL THEN NULL WHEN ${v} > r_${v} THEN 1 ELSE 0 END AS bit_${v}`;
}

const CUSTOMER_SUMS = `SELECT clnt_id, any_value(age) AS age, any_value(gender) AS gender, count(*)::BIGINT AS lines,
    ${sumsAndCounts()}
  FROM fl GROUP BY clnt_id`;

/**
 * Per customer with purchase lines: clnt_id, age, gender, lines and each variable's Σ and count after
 * the outlier rule (<v>_s, <v>_n), in no order: what customerTypesSql and segmentGroupMeansSql read.
 */
export function segmentCustomerSumsSql(mode: BoundsMode = "computed"): string {
  return `WITH ${featureCtes(mode)}
${CUSTOMER_SUMS}`;
}

/**
 * Every age×gender group's means over all its purchase lines, and "all" over every line: group, time,
 * pageviews, searches, price, from a table of segmentCustomerSumsSql's rows.
 */
export function segmentGroupMeansSql(sums: string): string {
  return `SELECT CASE WHEN age IS NULL THEN 'all' ELSE age::VARCHAR || gender END AS "group", ${pooledMeans("")}
FROM ${sqlSource(sums)} WHERE (age IS NOT NULL) = (gender IS NOT NULL)
GROUP BY GROUPING SETS ((age, gender), ()) HAVING GROUPING(age, gender) = 3 OR age IS NOT NULL
ORDER BY "group"`;
}

/**
 * Every customer's own behaviour type (customerBehaviourTypes): clnt_id, group, reference, lines,
 * time, pageviews, searches, price, bit_time, bit_pageviews, bit_searches, bit_price, pattern, type, subtype.
 * `sums`: a table of segmentCustomerSumsSql's rows under the same bounds (default: computed here);
 * `ordered: false` leaves the rows in no order (for a table that is only joined: the sort is spared).
 */
export function customerTypesSql(mode: BoundsMode = "computed", {sums}: SumsSource = {}, {ordered = true}: {ordered?: boolean} = {}): string {
  return `WITH ${featureCtes(mode)}, ${groupsCte(sums)},
cm AS (
  ${sums ? `SELECT * FROM ${sqlSource(sums)}` : CUSTOMER_SUMS}
), ga AS (
  SELECT mg."group", mg.age, mg.gender, ${pooledMeans("cm.")}
  FROM cm JOIN mg ON mg.age = cm.age AND mg.gender = cm.gender
  GROUP BY mg."group", mg.age, mg.gender
), oa AS (
  SELECT ${pooledMeans("")} FROM cm
), j AS (
  SELECT c.clnt_id, ga."group", c.lines, ${customerMeans("c")},
    CASE WHEN ga."group" IS NULL THEN oa.time ELSE ga.time END AS r_time,
    CASE WHEN ga."group" IS NULL THEN oa.pageviews ELSE ga.pageviews END AS r_pageviews,
    CASE WHEN ga."group" IS NULL THEN oa.searches ELSE ga.searches END AS r_searches,
    CASE WHEN ga."group" IS NULL THEN oa.price ELSE ga.price END AS r_price
  FROM cm c CROSS JOIN oa
  LEFT JOIN ga ON ga.age = c.age AND ga.gender = c.gender
), bits AS (
  SELECT *, ${["time", "pageviews", "searches", "price"].map(bitSql).join(",\n    ")}
  FROM j
), p AS (
  SELECT *, bit_time::VARCHAR || bit_pageviews::VARCHAR || bit_searches::VARCHAR || bit_price::VARCHAR AS pattern,
    CASE WHEN bit_time = 1 AND bit_pageviews = 1 THEN 'meticulous' WHEN bit_price = 1 THEN 'enthusiast' ELSE 'easygoing' END AS t
  FROM bits
)
SELECT clnt_id, "group", CASE WHEN "group" IS NULL THEN 'all' ELSE 'group' END AS reference, lines,
  time, pageviews, searches, price, bit_time, bit_pageviews, bit_searches, bit_price, pattern,
  CASE WHEN pattern IS NOT NULL THEN t END AS type,
  CASE WHEN pattern IS NULL THEN NULL
       WHEN bit_searches = (CASE WHEN $subtypeRule = 'report' AND t = 'easygoing' THEN 0 ELSE 1 END) THEN 'more' ELSE 'less' END AS subtype
FROM p${ordered ? "\nORDER BY clnt_id" : ""}`;
}

export const CUSTOMER_TYPES_SQL = customerTypesSql();

function checkRules(rules: number): number[] {
  if (!Number.isInteger(rules) || rules < 1) throw new Error(`invalid number of rules: ${JSON.stringify(rules)}`);
  return Array.from({length: rules}, (_, i) => i);
}

/**
 * Per member age×gender group and category: purchase lines, and Σ / count of each variable after each
 * of several outlier rules, in one pass over the lines (columns r<i>_<variable>_sum and _n; the bounds of
 * rule i as parameters $r<i>_timeLo … $r<i>_priceHi, see segmentCellsByRuleQuery). With `sessions` (a
 * table of SEGMENT_SESSION_FEATURES_SQL's rows), each line takes its session's variables from there
 * instead of from the session table and search1's totals: the same values, so the same sums.
 */
export function segmentCellsByRuleSql(rules: number, {sessions}: SessionsSource = {}): string {
  const columns = checkRules(rules).map((i) => {
    const m = ruleMasked(i, sessions === undefined ? undefined : {time: "ss.time", pageviews: "ss.pageviews", searches: "ss.searches", price: "p.pd_buy_am"});
    return BEHAVIOUR_VARIABLES.map((v) => `coalesce(sum(${m[v]}), 0)::DOUBLE AS r${i}_${v}_sum, count(${m[v]})::BIGINT AS r${i}_${v}_n`).join(",\n  ");
  });
  // Written for its joins to run in this order (loaders/duck.ts: joinsAsWritten): each line takes its category
  // while it is narrow, then its member session's variables. DuckDB's own order joined the category last,
  // onto lines already carrying every variable, for twice the CPU.
  if (sessions !== undefined)
    return `SELECT ss.age::VARCHAR || ss.gender AS "group", m.clac1_nm AS category, count(*)::BIGINT AS lines,
  ${columns.join(",\n  ")}
FROM product p
JOIN master m ON m.pd_c = p.pd_c
JOIN (
  SELECT ss.*, c.age, c.gender FROM ${sqlSource(sessions)} ss JOIN custom c ON c.clnt_id = ss.clnt_id WHERE c.age IS NOT NULL AND c.gender IS NOT NULL
) ss ON ss.clnt_id = p.clnt_id AND ss.sess_id = p.sess_id
GROUP BY ALL ORDER BY "group", category`;
  return `WITH ${SEARCH_TOTALS_CTE}
SELECT l.age::VARCHAR || l.gender AS "group", l.clac1_nm AS category, count(*)::BIGINT AS lines,
  ${columns.join(",\n  ")}
FROM line l
LEFT JOIN srch sr ON sr.clnt_id = l.clnt_id AND sr.sess_id = l.sess_id
WHERE l.age IS NOT NULL AND l.gender IS NOT NULL
GROUP BY ALL ORDER BY "group", category`;
}

/** segmentCellsByRuleSql bound to each rule's bounds (as SEGMENT_BOUNDS_SQL returns them). */
export function segmentCellsByRuleQuery(boundsByRule: BoundsByRule, source: SessionsSource = {}): BoundQuery {
  return bindQuery(segmentCellsByRuleSql(boundsByRule.length, source), ruleBoundsParams(boundsByRule));
}

const SESSION_VARIABLES = ["time", "pageviews", "searches"] as const satisfies readonly BehaviourVariable[];

/**
 * Every customer with purchase lines, in no order: clnt_id, age, gender, lines and, under each of several
 * outlier rules, each variable's Σ and count over the customer's lines after the rule (r<i>_<variable>_s,
 * r<i>_<variable>_n, as DOUBLE). The session variables come from the sessions weighted by their lines,
 * the price from the lines: whole seconds, page views, searches and won sum exactly, so these are the
 * sums over the purchase lines. Parameters: rule i's bounds $r<i>_timeLo … $r<i>_priceHi.
 */
export function segmentCustomerSumsByRuleSql(rules: number, {sessions}: SessionsSource = {}): string {
  const r = checkRules(rules);
  const masked = r.map((i) => ruleMasked(i, {time: "time", pageviews: "pageviews", searches: "searches", price: "pd_buy_am"}));
  const sv = r.flatMap((i) =>
    SESSION_VARIABLES.map((v) => `sum((${masked[i][v]})::DOUBLE * lines) AS r${i}_${v}_s, sum(CASE WHEN (${masked[i][v]}) IS NULL THEN 0 ELSE lines END)::DOUBLE AS r${i}_${v}_n`)
  );
  const pv = r.map((i) => `sum(${masked[i].price})::DOUBLE AS r${i}_price_s, count(${masked[i].price})::DOUBLE AS r${i}_price_n`);
  const columns = r.flatMap((i) => BEHAVIOUR_VARIABLES.map((v) => `r${i}_${v}_s, r${i}_${v}_n`));
  return `WITH sv AS (
  SELECT clnt_id, sum(lines)::BIGINT AS lines,
    ${sv.join(",\n    ")}
  FROM ${sessions === undefined ? `(${SEGMENT_SESSION_FEATURES_SQL})` : sqlSource(sessions)} GROUP BY clnt_id
), pv AS (
  SELECT clnt_id, ${pv.join(",\n    ")}
  FROM product GROUP BY clnt_id
)
SELECT clnt_id, c.age, c.gender, lines, ${columns.join(", ")}
FROM sv JOIN pv USING (clnt_id) LEFT JOIN custom c USING (clnt_id)`;
}

/** segmentCustomerSumsByRuleSql bound to each rule's bounds (as SEGMENT_BOUNDS_SQL returns them). */
export function segmentCustomerSumsByRuleQuery(boundsByRule: BoundsByRule, source: SessionsSource = {}): BoundQuery {
  return bindQuery(segmentCustomerSumsByRuleSql(boundsByRule.length, source), ruleBoundsParams(boundsByRule));
}

/** Rule `rule`'s columns of a table of segmentCustomerSumsByRuleSql's rows, under segmentCustomerSumsSql's names. */
export function segmentRuleSumsSql(sums: string, rule: number): string {
  if (!Number.isInteger(rule) || rule < 0) throw new Error(`invalid rule index ${JSON.stringify(rule)}`);
  return `SELECT clnt_id, age, gender, lines, ${BEHAVIOUR_VARIABLES.map((v) => `r${rule}_${v}_s AS ${v}_s, r${rule}_${v}_n AS ${v}_n`).join(", ")} FROM ${sqlSource(sums)}`;
}

/**
 * Customers per main group and behaviour pattern under each of several outlier rules, from each
 * customer's sums: rule (index), group (NULL: no main group, compared with the overall means), pattern,
 * customers. The same as counting customerTypesSql("bound")'s rows per rule. Parameters: $nGroups,
 * $groups and, unless `sums` names a table of segmentCustomerSumsByRuleSql's rows for these rules, rule
 * i's bounds $r<i>_timeLo … $r<i>_priceHi (segmentTypeCountsByRuleQuery).
 */
export function segmentTypeCountsByRuleSql(rules: number, {sums}: SumsSource = {}): string {
  const r = checkRules(rules);
  const vars = r.flatMap((i) => BEHAVIOUR_VARIABLES.map((v) => `r${i}_${v}`));
  const bit = (v: string) => `CASE WHEN c.${v} IS NULL OR ref_${v} IS NULL THEN NULL WHEN c.${v} > ref_${v} THEN 1 ELSE 0 END`;
  // Each rule's pattern as a number (its bits in BEHAVIOUR_VARIABLES' order; NULL where a bit is), counted
  // per rule in one pass of grouping sets and written out as text for the few rows counted: four passes
  // over every customer building the text took ≈ 2.5× the CPU.
  const width = BEHAVIOUR_VARIABLES.length;
  const code = (i: number) => BEHAVIOUR_VARIABLES.map((v, k) => `${bit(`r${i}_${v}`)} * ${2 ** (width - 1 - k)}`).join(" + ");
  const digits = BEHAVIOUR_VARIABLES.map((_, k) => `(code // ${2 ** (width - 1 - k)} % 2)::VARCHAR`).join(" || ");
  // GROUPING(p0, …) has a 1 for each code left out of a set: rule i's set leaves out all but p<i>
  const all = 2 ** r.length - 1;
  const rule = `CASE GROUPING(${r.map((i) => `p${i}`).join(", ")}) ${r.map((i) => `WHEN ${all - 2 ** (r.length - 1 - i)} THEN ${i}`).join(" ")} END`;
  return `WITH ${groupsCte(sums)},
cm AS (
  SELECT * FROM ${sums === undefined ? `(${segmentCustomerSumsByRuleSql(rules)})` : sqlSource(sums)}
), ga AS (
  SELECT mg."group", mg.age, mg.gender, ${pooledMeans("cm.", vars)}
  FROM cm JOIN mg ON mg.age = cm.age AND mg.gender = cm.gender
  GROUP BY mg."group", mg.age, mg.gender
), oa AS (
  SELECT ${pooledMeans("", vars)} FROM cm
), j AS (
  SELECT ${customerMeans("c", vars)}, ga."group",
    ${vars.map((v) => `CASE WHEN ga."group" IS NULL THEN oa.${v} ELSE ga.${v} END AS ref_${v}`).join(", ")}
  FROM cm c CROSS JOIN oa
  LEFT JOIN ga ON ga.age = c.age AND ga.gender = c.gender
), k AS (
  SELECT "group", ${r.map((i) => `${code(i)} AS p${i}`).join(", ")} FROM j c
), n AS (
  SELECT ${rule} AS rule, "group", coalesce(${r.map((i) => `p${i}`).join(", ")}) AS code, count(*)::INTEGER AS customers
  FROM k GROUP BY GROUPING SETS (${r.map((i) => `("group", p${i})`).join(", ")})
)
SELECT rule, "group", ${digits} AS pattern, customers FROM n
ORDER BY rule, "group", pattern`;
}

/** segmentTypeCountsByRuleSql bound to each rule's bounds and the group options of `options`. */
export function segmentTypeCountsByRuleQuery(
  boundsByRule: BoundsByRule,
  options: Partial<SegmentOptions> = {},
  source: SumsSource = {}
): BoundQuery {
  const {nGroups, groups} = segmentParams(options);
  return bindQuery(segmentTypeCountsByRuleSql(boundsByRule.length, source), {nGroups, groups, ...ruleBoundsParams(boundsByRule)});
}

/** Bind a segmentation SQL; pass `bounds` for the "bound" mode. */
export function segmentQuery(sql: string, options: Partial<SegmentOptions> = {}, bounds?: readonly Pick<VariableBounds, "variable" | "lo" | "hi">[]): BoundQuery {
  return bindQuery(sql, {...segmentParams(options), ...(bounds ? boundsParams(bounds) : {})});
}
