/**
 * SQL for the 333 rule. The base query runs on the warehouse (`line` view); the others run on the
 * base table or the cube, which a page registers in DuckDB-WASM under the names `value_base` and
 * `value_cube` (or any name passed as `source`). Every value is a bound parameter.
 */
import {bindQuery, sqlSource, type BoundQuery, type SqlValue} from "./bind.js";
import {resolveCubeOptions, assertCubeExact, type CubeOptions} from "./cube.js";
import {halfKeySql} from "./prefix.js";
import {resolveThresholds, TIERS, type TierKey, type ValueThresholds} from "./rules.js";

function rate(key: TierKey): number {
  return TIERS.find((t) => t.key === key)!.pointRate;
}

/** Every parameter the value SQL may use, from thresholds (+ cube options). */
export function valueParams(thresholds: Partial<ValueThresholds> = {}, cube: Partial<CubeOptions> = {}): Record<string, SqlValue> {
  const t = resolveThresholds(thresholds);
  const o = resolveCubeOptions(cube);
  return {
    r3Months: t.r3Months,
    r2Months: t.r2Months,
    gapDays: t.gapDays,
    m2: t.m2,
    m3: t.m3,
    rfCut: t.rfCut,
    highM: t.highM,
    rateStar: rate("star"),
    rateButterfly: rate("butterfly"),
    rateChickenRib: rate("chicken-rib"),
    rateUnmanaged: rate("unmanaged"),
    step: o.step,
    cap: o.cap,
    gapCap: o.gapCap
  };
}

/** Month ordinal (year × 12 + month) of a DATE expression: recency counts these. */
const ord = (date: string) => `(year(${date}) * 12 + month(${date}))`;

function windowColumns(prefix: string, cond: string | null, end: string): string {
  const f = cond ? ` FILTER (WHERE ${cond})` : "";
  const n = `count(*)${f}`;
  return [
    `(${ord(end)} - ${ord(`max(sess_dt)${f}`)})::INTEGER AS ${prefix}months_ago`,
    ...(prefix === "" ? [`min(sess_dt) AS first_date`, `max(sess_dt) AS last_date`] : []),
    `${n}::INTEGER AS ${prefix}n_dates`,
    `CASE WHEN ${n} > 1 THEN date_diff('day', min(sess_dt)${f}, max(sess_dt)${f})::DOUBLE / (${n} - 1) END AS ${prefix}mean_day`,
    `coalesce(sum(amount)${f}, 0)::DOUBLE AS ${prefix}total`,
    `coalesce(sum(n_lines)${f}, 0)::INTEGER AS ${prefix}n_lines`
  ].join(",\n  ");
}

/**
 * Per-customer base table over the warehouse: clnt_id, months_ago, first_date, last_date, n_dates,
 * mean_day, total, n_lines and the same for the period's two halves (h1_*, h2_*; each half's
 * months_ago counts back from the half's own last month). The period comes from the warehouse's
 * `period` table (end_date, split_date; no split: both halves empty).
 * Source: the `line` view (or a subquery over it, e.g. one customer's lines); with `daily`, a table of
 * PURCHASE_DAYS_SQL's rows, each customer's lines already summed per day. Rows sorted by clnt_id.
 */
export function valueBaseSql(source = "line", {daily = false}: {daily?: boolean} = {}): string {
  return `WITH d AS (
  ${daily ? `SELECT clnt_id, sess_dt, amount, n_lines FROM ${sqlSource(source)}` : dayTotalsSql(source)}
), pe AS (
  SELECT end_date AS pend, split_date AS psplit, split_date - INTERVAL 1 DAY AS h1end FROM period
)
SELECT clnt_id,
  ${windowColumns("", null, "any_value(pend)")},
  ${windowColumns("h1_", "sess_dt < psplit", "any_value(h1end)")},
  ${windowColumns("h2_", "sess_dt >= psplit", "any_value(pend)")}
FROM d CROSS JOIN pe
GROUP BY clnt_id
ORDER BY clnt_id`;
}

/** Purchase lines (clnt_id, sess_dt, amount) straight from product ⋈ session: the `line` view without the joins the base does not need. */
export const PURCHASE_LINES_SOURCE = `(SELECT p.clnt_id, s.sess_dt, p.pd_buy_am * p.pd_buy_ct AS amount FROM product p JOIN session s USING (clnt_id, sess_id))`;

/** Each customer's purchase days from purchase lines (clnt_id, sess_dt, amount): clnt_id, sess_dt, amount, n_lines, in no order. */
function dayTotalsSql(source: string): string {
  return `SELECT clnt_id, sess_dt, sum(amount) AS amount, count(*) AS n_lines FROM ${sqlSource(source)} GROUP BY clnt_id, sess_dt`;
}

/**
 * Every customer's purchase days over the warehouse from the purchase lines, in no order: the definition
 * of what valueBaseSql sums per customer (with `daily`) and the CLV models' purchase days. The build
 * sums the same rows from the purchasing sessions (purchaseDaysFromSessionsSql).
 */
export const PURCHASE_DAYS_SQL = dayTotalsSql(PURCHASE_LINES_SOURCE);

/**
 * PURCHASE_DAYS_SQL's rows from a table of purchasing sessions (clnt_id, sess_dt, amount, lines, as
 * PURCHASE_SESSIONS_SQL's): the same days and totals (whole-won amounts sum exactly in any order)
 * without joining every purchase line to its session again.
 */
export function purchaseDaysFromSessionsSql(sessions: string): string {
  return `SELECT clnt_id, sess_dt, sum(amount) AS amount, sum(lines)::BIGINT AS n_lines FROM ${sqlSource(sessions)} GROUP BY clnt_id, sess_dt`;
}

export const VALUE_BASE_SQL = valueBaseSql(PURCHASE_LINES_SOURCE);

export function valueBaseQuery(source: string = PURCHASE_LINES_SOURCE, options: {daily?: boolean} = {}): BoundQuery {
  return bindQuery(valueBaseSql(source, options), valueParams());
}

/** R/F/M expressions over columns (months_ago, n_dates, mean_day, total). */
function scoreColumns(cols: {monthsAgo: string; nDates: string; meanDay: string; total: string}, suffix = ""): string {
  return `CASE WHEN ${cols.monthsAgo} < $r3Months::INTEGER THEN 3 WHEN ${cols.monthsAgo} < $r2Months::INTEGER THEN 2 ELSE 1 END AS r${suffix},
    CASE WHEN ${cols.nDates} <= 1 OR ${cols.meanDay} IS NULL THEN 1 WHEN ${cols.meanDay} <= $gapDays::DOUBLE THEN 3 ELSE 2 END AS f${suffix},
    CASE WHEN NOT (${cols.total} > 0) THEN 1 WHEN ${cols.total} >= $m3::DOUBLE THEN 3 WHEN ${cols.total} >= $m2::DOUBLE THEN 2 ELSE 1 END AS m${suffix}`;
}

function tierCase(r = "r", f = "f", m = "m"): string {
  return `CASE WHEN ${r} + ${f} > $rfCut::INTEGER THEN (CASE WHEN ${m} >= $highM::INTEGER THEN 'star' ELSE 'chicken-rib' END)
                    ELSE (CASE WHEN ${m} >= $highM::INTEGER THEN 'butterfly' ELSE 'unmanaged' END) END`;
}

const TIER_CASE = tierCase();

const RATE_CASE = `CASE tier WHEN 'star' THEN $rateStar::DOUBLE WHEN 'butterfly' THEN $rateButterfly::DOUBLE
                  WHEN 'chicken-rib' THEN $rateChickenRib::DOUBLE ELSE $rateUnmanaged::DOUBLE END`;

/**
 * Every customer re-tiered: clnt_id, total, r, f, m, e, high_m, tier, point_rate, point_cost, then the
 * base table's columns `carry` as they are (a reader of both needs no join); sorted by clnt_id unless
 * `ordered` is false (for a table only joined).
 * Parameters: $r3Months $r2Months $gapDays $m2 $m3 $rfCut $highM $rate*. Source: the base table.
 */
export function valueScoredSql(source = "value_base", {carry = [], ordered = true}: ScoredOptions = {}): string {
  const bad = carry.find((c) => !/^[a-z_][a-z0-9_]*$/.test(c) || ["clnt_id", "total"].includes(c));
  if (bad !== undefined) throw new Error(`invalid column to carry ${JSON.stringify(bad)} (a base column other than clnt_id and total)`);
  const more = carry.map((c) => `, ${c}`).join("");
  return `WITH s AS (
  SELECT clnt_id, total${more},
    ${scoreColumns({monthsAgo: "months_ago", nDates: "n_dates", meanDay: "mean_day", total: "total"})}
  FROM ${sqlSource(source)}
), t AS (
  SELECT *, CASE WHEN r + f <= $rfCut::INTEGER THEN 1 ELSE 2 END AS e, m >= $highM::INTEGER AS high_m, ${TIER_CASE} AS tier
  FROM s
)
SELECT clnt_id, total, r, f, m, e, high_m, tier, ${RATE_CASE} AS point_rate, greatest(total, 0) * ${RATE_CASE} AS point_cost${more}
FROM t${ordered ? "\nORDER BY clnt_id" : ""}`;
}

export interface ScoredOptions {
  /** base columns carried after the scores */
  carry?: readonly string[];
  /** sorted by clnt_id (default) */
  ordered?: boolean;
}

/**
 * Customers, revenue and point cost per (r, f, m, e, tier) from the base table — at most 27 rows;
 * summariseTiers and scoreCounts turn them into the tier summary and the score distributions.
 */
export function valueGridSql(source = "value_base"): string {
  return `SELECT r, f, m, e, tier, count(*)::BIGINT AS customers, coalesce(sum(total), 0)::DOUBLE AS revenue, coalesce(sum(point_cost), 0)::DOUBLE AS point_cost
FROM (${valueScoredSql(source)})
GROUP BY r, f, m, e, tier
ORDER BY r, f, m`;
}

/**
 * The data cube from the base table: months_ago, gap_day, amount_bucket, customers, revenue, positive_revenue.
 * Parameters: $step $cap $gapCap. Rows sorted by the key (gap_day NULL first).
 */
export function valueCubeSql(source = "value_base"): string {
  return `WITH b AS (
  SELECT months_ago, n_dates, mean_day, total, floor(total / $step::DOUBLE)::BIGINT AS b0
  FROM ${sqlSource(source)}
), k AS (
  SELECT months_ago,
    CASE WHEN n_dates <= 1 OR mean_day IS NULL THEN NULL ELSE least(ceil(mean_day), $gapCap::INTEGER + 1)::INTEGER END AS gap_day,
    CASE WHEN NOT (total > 0) THEN -1
         ELSE least(CASE WHEN b0 * $step::BIGINT > total THEN b0 - 1 WHEN (b0 + 1) * $step::BIGINT <= total THEN b0 + 1 ELSE b0 END,
                    $cap::BIGINT // $step::BIGINT)
    END::INTEGER AS amount_bucket,
    total
  FROM b
)
SELECT months_ago, gap_day, amount_bucket, count(*)::BIGINT AS customers, sum(total)::DOUBLE AS revenue, sum(greatest(total, 0))::DOUBLE AS positive_revenue
FROM k
GROUP BY months_ago, gap_day, amount_bucket
ORDER BY months_ago, gap_day NULLS FIRST, amount_bucket`;
}

/**
 * The migration pair cube from the base table: h1, h2 (halfKey of each half, 0 = no purchase in it),
 * customers. Parameters: $step $cap $gapCap. Rows sorted by (h1, h2).
 */
export function valueMigrationCubeSql(source = "value_base"): string {
  return `SELECT ${halfKeySql("h1_")} AS h1, ${halfKeySql("h2_")} AS h2, count(*)::BIGINT AS customers
FROM ${sqlSource(source)}
GROUP BY ALL
ORDER BY h1, h2`;
}

export function valueMigrationCubeQuery(cube: Partial<CubeOptions> = {}, source?: string): BoundQuery {
  return bindQuery(valueMigrationCubeSql(source), valueParams({}, cube));
}

/**
 * Re-tiering as a GROUP BY over the cube: same output as valueGridSql. Exact when the thresholds are
 * on the cube grid (cubeExact). Parameters: thresholds, $step, $rate*.
 */
export function cubeGridSql(source = "value_cube"): string {
  return `WITH s AS (
  SELECT customers, revenue, positive_revenue,
    CASE WHEN months_ago < $r3Months::INTEGER THEN 3 WHEN months_ago < $r2Months::INTEGER THEN 2 ELSE 1 END AS r,
    CASE WHEN gap_day IS NULL THEN 1 WHEN gap_day <= $gapDays::DOUBLE THEN 3 ELSE 2 END AS f,
    CASE WHEN amount_bucket < 0 THEN 1 WHEN amount_bucket * $step::DOUBLE >= $m3::DOUBLE THEN 3
         WHEN amount_bucket * $step::DOUBLE >= $m2::DOUBLE THEN 2 ELSE 1 END AS m
  FROM ${sqlSource(source)}
), t AS (
  SELECT *, CASE WHEN r + f <= $rfCut::INTEGER THEN 1 ELSE 2 END AS e, ${TIER_CASE} AS tier FROM s
)
SELECT r, f, m, e, tier, sum(customers)::BIGINT AS customers, sum(revenue)::DOUBLE AS revenue, sum(positive_revenue * ${RATE_CASE})::DOUBLE AS point_cost
FROM t
GROUP BY r, f, m, e, tier
ORDER BY r, f, m`;
}

/**
 * Tier on the first half's purchases → tier on the second half's ('none' = no purchase in the half):
 * from, to, customers. Each half is scored as its own period (see halfInput). Parameters: thresholds.
 */
export function tierMigrationSql(source = "value_base"): string {
  const cols = (p: string) => ({monthsAgo: `${p}months_ago`, nDates: `${p}n_dates`, meanDay: `${p}mean_day`, total: `${p}total`});
  return `WITH h AS (
  SELECT h1_n_dates, h2_n_dates,
    ${scoreColumns(cols("h1_"), "1")},
    ${scoreColumns(cols("h2_"), "2")}
  FROM ${sqlSource(source)}
)
SELECT CASE WHEN h1_n_dates = 0 THEN 'none' ELSE ${tierCase("r1", "f1", "m1")} END AS "from",
       CASE WHEN h2_n_dates = 0 THEN 'none' ELSE ${tierCase("r2", "f2", "m2")} END AS "to",
       count(*)::BIGINT AS customers
FROM h
GROUP BY ALL
ORDER BY 1, 2`;
}

export function valueScoredQuery(thresholds: Partial<ValueThresholds> = {}, source?: string, options: ScoredOptions = {}): BoundQuery {
  return bindQuery(valueScoredSql(source, options), valueParams(thresholds));
}

export function valueGridQuery(thresholds: Partial<ValueThresholds> = {}, source?: string): BoundQuery {
  return bindQuery(valueGridSql(source), valueParams(thresholds));
}

export function valueCubeQuery(cube: Partial<CubeOptions> = {}, source?: string): BoundQuery {
  return bindQuery(valueCubeSql(source), valueParams({}, cube));
}

/** Throws (naming the value) when the thresholds are off the cube grid. */
export function cubeGridQuery(thresholds: Partial<ValueThresholds> = {}, cube: Partial<CubeOptions> = {}, source?: string): BoundQuery {
  assertCubeExact(resolveThresholds(thresholds), resolveCubeOptions(cube));
  return bindQuery(cubeGridSql(source), valueParams(thresholds, cube));
}

export function tierMigrationQuery(thresholds: Partial<ValueThresholds> = {}, source?: string): BoundQuery {
  return bindQuery(tierMigrationSql(source), valueParams(thresholds));
}
