/**
 * The report's exploration charts (Methods page: data), as SQL over the warehouse contract
 * (src/ingest/tables.ts). Each statement returns small, sorted tables ready to chart.
 */

/**
 * Headline figures. With `customers` (the customer table: a row per customer with a session or a
 * membership, with its sessions and whether a member), the customers with sessions are counted from it
 * rather than as distinct ids over every session.
 */
export function kpiSql(customers?: string): string {
  const [withSessions, membersWithSessions] =
    customers === undefined
      ? ["(SELECT count(DISTINCT clnt_id) FROM session)", "(SELECT count(DISTINCT s.clnt_id) FROM session s SEMI JOIN custom c USING (clnt_id))"]
      : [`(SELECT count(*) FILTER (WHERE sessions > 0) FROM ${customers})`, `(SELECT count(*) FILTER (WHERE sessions > 0 AND member) FROM ${customers})`];
  return `
SELECT
  ${withSessions} AS customers,
  (SELECT count(*) FROM custom) AS members,
  ${membersWithSessions} AS customer_members,
  (SELECT count(*) FROM session) AS sessions,
  (SELECT count(*) FROM product) AS lines,
  (SELECT sum(pd_buy_am * pd_buy_ct) FROM product) AS revenue,
  (SELECT sum(pd_buy_ct) FROM product) AS units,
  (SELECT strftime(min(sess_dt), '%Y-%m-%d') FROM session) AS first_date,
  (SELECT strftime(max(sess_dt), '%Y-%m-%d') FROM session) AS last_date,
  (SELECT count(DISTINCT sess_dt) FROM session) AS days`;
}
export const KPI_SQL = kpiSql();

/** Customer gender, counted per member (04.Custom). */
export const GENDER_SQL = `
SELECT gender, count(*) AS customers FROM custom GROUP BY gender ORDER BY gender`;

/** Purchase age distribution, counted per purchase line (members only; non-members have no age). */
export const AGE_SQL = `
SELECT coalesce(CAST(c.age AS VARCHAR), 'non-member') AS age, count(*) AS lines, sum(p.pd_buy_am * p.pd_buy_ct) AS revenue
FROM product p LEFT JOIN custom c USING (clnt_id)
GROUP BY c.age ORDER BY c.age NULLS LAST`;

/** Device, counted per session. */
export const DEVICE_SQL = `
SELECT dvc_ctg_nm AS device, count(*) AS sessions FROM session GROUP BY ALL ORDER BY sessions DESC, device`;

/** Each purchase session's lines and revenue: clnt_id, sess_id, lines, revenue (the region and daily queries' `r`). */
export const SESSION_PURCHASES_SQL = `SELECT clnt_id, sess_id, count(*) AS lines, sum(pd_buy_am * pd_buy_ct) AS revenue FROM product GROUP BY ALL`;

/** Region (ZON_NM), counted per session, with the revenue of those sessions' lines (`r`: SESSION_PURCHASES_SQL's rows, a table or the query). */
export function regionSql(r = `(${SESSION_PURCHASES_SQL})`): string {
  return `SELECT s.zon_nm AS region, count(*) AS sessions, coalesce(sum(r.revenue), 0) AS revenue
FROM session s
LEFT JOIN ${r} r USING (clnt_id, sess_id)
GROUP BY ALL ORDER BY sessions DESC, region`;
}
export const REGION_SQL = regionSql();

/**
 * The sessions joined once with their purchases (`r`: SESSION_PURCHASES_SQL's rows) and grouped both ways:
 * per region (g = 0) and per day (g = 1), with the sessions that bought (`bought`). A table of these rows
 * gives regionSql's rows (regionFromFiguresSql) and dailySql's (dailyFromFiguresSql) without a second join.
 */
export function sessionFiguresSql(r = `(${SESSION_PURCHASES_SQL})`): string {
  return `SELECT s.zon_nm AS region, s.sess_dt, GROUPING(s.zon_nm) AS g, count(*) AS sessions, count(r.clnt_id) AS bought, sum(r.lines) AS lines, sum(r.revenue) AS revenue
FROM session s
LEFT JOIN ${r} r USING (clnt_id, sess_id)
GROUP BY GROUPING SETS ((s.zon_nm), (s.sess_dt))`;
}

/** regionSql's rows from a table of sessionFiguresSql's. */
export function regionFromFiguresSql(figures: string): string {
  return `SELECT region, sessions, coalesce(revenue, 0) AS revenue FROM ${figures} WHERE g = 0 ORDER BY sessions DESC, region`;
}

/** dailySql's rows from a table of sessionFiguresSql's: the days with a purchase. */
export function dailyFromFiguresSql(figures: string): string {
  return `SELECT strftime(sess_dt, '%Y-%m-%d') AS date, bought AS sessions, lines, revenue FROM ${figures} WHERE g = 1 AND bought > 0 ORDER BY sess_dt`;
}

/**
 * regionSql's rows from a table of the purchasing sessions with their region and amount (PURCHASE_SESSIONS_SQL's
 * rows, which the build shares): every session counted from the session table, the revenue from that table,
 * without joining the sessions to their purchase lines.
 */
export function regionFromPurchaseSessionsSql(sessions: string): string {
  return `SELECT region, count(n) AS sessions, coalesce(sum(revenue), 0) AS revenue
FROM (SELECT zon_nm AS region, 1 AS n, NULL::DOUBLE AS revenue FROM session UNION ALL SELECT region, NULL, amount FROM ${sessions})
GROUP BY region ORDER BY sessions DESC, region`;
}

/** dailySql's rows from a table of the purchasing sessions with their date, lines and amount (PURCHASE_SESSIONS_SQL's rows). */
export function dailyFromPurchaseSessionsSql(sessions: string): string {
  return `SELECT strftime(sess_dt, '%Y-%m-%d') AS date, count(*) AS sessions, sum(lines) AS lines, sum(amount) AS revenue FROM ${sessions} GROUP BY sess_dt ORDER BY sess_dt`;
}

/** Purchase lines, units and revenue per top category, in no order: what the category figures and rankings read. */
export const CATEGORY_TOTALS_SQL = `SELECT m.clac1_nm AS category, count(*) AS lines, sum(p.pd_buy_ct) AS units, sum(p.pd_buy_am * p.pd_buy_ct) AS revenue
  FROM product p JOIN master m USING (pd_c) GROUP BY ALL`;

/**
 * Purchases (lines, units, revenue) and customers per top category. With `counts` (a table of every
 * customer's lines per category, PREF_COUNTS_SQL's rows: the same join), the customers are its rows per
 * category, which spares counting distinct customers over every line; with `totals` as well (a table of
 * CATEGORY_TOTALS_SQL's rows), the purchases are read from there.
 */
export function categorySql(counts?: string, totals = `(${CATEGORY_TOTALS_SQL})`): string {
  if (counts === undefined) {
    return `
SELECT m.clac1_nm AS category, count(*) AS lines, sum(p.pd_buy_ct) AS units, sum(p.pd_buy_am * p.pd_buy_ct) AS revenue,
       count(DISTINCT p.clnt_id) AS customers
FROM product p JOIN master m USING (pd_c)
GROUP BY ALL ORDER BY lines DESC, category`;
  }
  return `
SELECT t.category, t.lines, t.units, t.revenue, c.customers
FROM ${totals} t
JOIN (SELECT category, count(*) AS customers FROM ${counts} GROUP BY category) c USING (category)
ORDER BY lines DESC, category`;
}
export const CATEGORY_SQL = categorySql();

/** Sessions per day (the calendar's rhythm: weekdays, holidays, Chuseok). */
export function dailySql(r = `(${SESSION_PURCHASES_SQL})`): string {
  return `SELECT strftime(s.sess_dt, '%Y-%m-%d') AS date, count(*) AS sessions, sum(r.lines) AS lines, sum(r.revenue) AS revenue
FROM session s JOIN ${r} r USING (clnt_id, sess_id)
GROUP BY ALL ORDER BY date`;
}
export const DAILY_SQL = dailySql();

/** Each purchase session's top categories, once each: clnt_id, sess_id, category. */
export const SESSION_CATEGORIES_SQL = `SELECT DISTINCT p.clnt_id, p.sess_id, m.clac1_nm AS category FROM product p JOIN master m USING (pd_c)`;

/**
 * Category co-purchase network: for each pair of top categories, the number of sessions that
 * bought both (edge weight), and per category the number of sessions that bought it (node size),
 * both from `sc` (SESSION_CATEGORIES_SQL's rows: a table name, or the query by default).
 */
export function copurchaseEdgesSql(sc = `(${SESSION_CATEGORIES_SQL})`): string {
  return `SELECT a.category AS source, b.category AS target, count(*) AS sessions
FROM ${sc} a JOIN ${sc} b ON a.clnt_id = b.clnt_id AND a.sess_id = b.sess_id AND a.category < b.category
GROUP BY ALL ORDER BY sessions DESC, source, target`;
}

/** Sessions per category: its rows in `sc`, which holds each (session, category) once. */
export function copurchaseNodesSql(sc = `(${SESSION_CATEGORIES_SQL})`): string {
  return `SELECT category, count(*) AS sessions FROM ${sc} GROUP BY ALL ORDER BY sessions DESC, category`;
}

export const COPURCHASE_EDGES_SQL = copurchaseEdgesSql();
export const COPURCHASE_NODES_SQL = copurchaseNodesSql();

/** Search2 summed per day and keyword: what every keyword query below reads (as a subquery or a temp table). */
export const KEYWORD_DAY_TOTALS_SQL = `SELECT sess_dt, kwd_nm, sum(search_cnt) AS searches FROM search2 GROUP BY ALL`;

/**
 * Search2's rows themselves as the day totals: the same rows where no (date, keyword) repeats, which the
 * ingest counts, without aggregating millions of keyword-days into as many groups.
 */
export const KEYWORD_DAY_ROWS_SQL = `SELECT sess_dt, kwd_nm, search_cnt::HUGEINT AS searches FROM search2`;

/**
 * Rows of `source` ranked within `part` (searches descending, ties by keyword), only the top `n`.
 * Only rows at or above the part's n-th largest total can rank ≤ n, so just those are sorted: the
 * same rows and ranks as sorting whole days, without sorting millions of keyword-days.
 */
function topPerPart(source: string, part: string, n: string): string {
  return `(SELECT * FROM (
    SELECT s.*, row_number() OVER (PARTITION BY s.${part} ORDER BY s.searches DESC, s.kwd_nm) AS r
    FROM ${source} s JOIN (SELECT ${part} AS p, list_min(max(searches, ${n})) AS bar FROM ${source} GROUP BY ${part}) b ON b.p = s.${part} AND s.searches >= b.bar
  ) WHERE r <= ${n})`;
}

/**
 * A query over the day totals: `make` gets their name (the table or view given, or `daily`, computed here
 * once as a CTE) and returns the query's body and any CTEs of its own.
 */
function overDaily(daily: string | null, make: (daily: string) => {body: string; ctes?: string}): string {
  const {body, ctes = ""} = make(daily ?? "daily");
  const c = [daily === null ? `daily AS (${KEYWORD_DAY_TOTALS_SQL})` : "", ctes].filter(Boolean).join(",\n");
  return `${c ? `\nWITH ${c}` : ""}\n${body}`;
}

/** Per month ('YYYY-MM', so periods across a new year stay apart) the top $monthTop keywords: month, kwd_nm, searches, r. */
export function keywordMonthTopSql(daily: string | null = null): string {
  return overDaily(daily, (d) => ({
    ctes: `monthly AS (SELECT strftime(sess_dt, '%Y-%m') AS month, kwd_nm, sum(searches) AS searches FROM ${d} GROUP BY ALL)`,
    body: `SELECT * FROM ${topPerPart("monthly", "month", "$monthTop")}`
  }));
}

/** Per day the top $dayTop keywords: sess_dt, kwd_nm, searches, r. */
export function keywordDayTopSql(daily: string | null = null): string {
  return overDaily(daily, (d) => ({body: `SELECT * FROM ${topPerPart(d, "sess_dt", "$dayTop")}`}));
}

/** Tables holding keywordMonthTopSql's and keywordDayTopSql's rows, for queries that would otherwise rank again. */
export interface KeywordTops {
  month: string;
  day: string;
}

/**
 * Search2 keyword totals per day for a candidate set of keywords: every keyword in the top
 * $monthTop of some month or the top $dayTop of some day. A keyword outside that set cannot be in the
 * top 200 of any month, so monthly word clouds are exact; date-range clouds are exact whenever the
 * 200th keyword of the range clears the per-day bar, which the page checks and reports.
 * `daily`: a table or view holding KEYWORD_DAY_TOTALS_SQL's rows (default: computed here); `tops`: the
 * rankings already made (default: made here).
 */
export function keywordDailySql(daily: string | null = null, tops: KeywordTops | null = null): string {
  return overDaily(daily, (d) => ({
    ctes: `candidates AS (SELECT kwd_nm FROM ${tops?.month ?? `(${keywordMonthTopSql(d)})`} UNION SELECT kwd_nm FROM ${tops?.day ?? `(${keywordDayTopSql(d)})`})`,
    body: `SELECT d.sess_dt AS date, d.kwd_nm AS keyword, CAST(d.searches AS INTEGER) AS searches
FROM ${d} d JOIN candidates USING (kwd_nm)
ORDER BY date, searches DESC, keyword`
  }));
}

/** The per-day bar: the $dayTop-th largest daily total, for the exactness check of date ranges (`tops`: the day ranking already made). */
export function keywordDayBarSql(daily: string | null = null, tops: Pick<KeywordTops, "day"> | null = null): string {
  return `
SELECT strftime(sess_dt, '%Y-%m-%d') AS date, min(searches) AS bar, count(*) AS keywords_in_day
FROM ${tops?.day ?? `(${keywordDayTopSql(daily)})`} GROUP BY ALL ORDER BY date`;
}

/** The per-month bar: the $monthTop-th largest monthly total (bounds any non-candidate keyword). */
export function keywordMonthBarSql(daily: string | null = null, tops: Pick<KeywordTops, "month"> | null = null): string {
  return `
SELECT month, min(searches) AS bar, count(*) AS keywords_in_month
FROM ${tops?.month ?? `(${keywordMonthTopSql(daily)})`} GROUP BY ALL ORDER BY month`;
}
