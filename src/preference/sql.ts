/**
 * SQL for the preference index. The table queries run on the warehouse; the ranking queries run on
 * five compact tables (names below, or subqueries passed as sources) and reproduce preferenceRanking
 * exactly: the same arithmetic in the same order, ties on the exact score.
 */
import {bindQuery, pipeList, sqlSource, type BoundQuery, type SqlValue} from "../value/bind.js";
import {resolvePreferenceOptions, type PreferenceOptions} from "./ranking.js";

// Each source without its ORDER BY, for use inside a query: DuckDB keeps a subquery's ORDER BY and sorts for nothing.
const CATEGORIES = `SELECT DISTINCT clac1_nm AS category FROM master`;
const AGE_COUNTS = `SELECT m.clac1_nm AS category, c.age, count(*)::BIGINT AS n
FROM product p JOIN master m USING (pd_c) JOIN custom c USING (clnt_id)
GROUP BY m.clac1_nm, c.age`;
const GENDER_COUNTS = `SELECT m.clac1_nm AS category, c.gender, count(*)::BIGINT AS n
FROM product p JOIN master m USING (pd_c) JOIN custom c USING (clnt_id)
GROUP BY m.clac1_nm, c.gender`;
const COUNTS = `SELECT p.clnt_id, m.clac1_nm AS category, count(*)::BIGINT AS n
FROM product p JOIN master m USING (pd_c)
GROUP BY p.clnt_id, m.clac1_nm`;
const MEMBERS = `SELECT clnt_id, age, gender FROM custom`;

/** The K-category universe: every top category of the product master. */
export const PREF_CATEGORIES_SQL = `${CATEGORIES} ORDER BY category`;
/** Member purchase lines per (category, age band). (product ⋈ master ⋈ custom: the `line` view minus the session join it does not need.) */
export const PREF_AGE_COUNTS_SQL = `${AGE_COUNTS} ORDER BY category, age`;
/** Member purchase lines per (category, gender). */
export const PREF_GENDER_COUNTS_SQL = `${GENDER_COUNTS} ORDER BY category, gender`;
/** Every customer's purchase lines per category (non-zero cells only; one row per (clnt_id, category), which preferenceTopSql relies on). */
export const PREF_COUNTS_SQL = `${COUNTS} ORDER BY clnt_id, category`;
/** Members' demographics. */
export const PREF_MEMBERS_SQL = `${MEMBERS} ORDER BY clnt_id`;

/**
 * Member purchase lines per (category, age band) or (category, gender) summed from per-customer counts
 * (`counts`: clnt_id, category, n, as PREF_COUNTS_SQL): the numbers of PREF_AGE_COUNTS_SQL and
 * PREF_GENDER_COUNTS_SQL from a table of customers × categories instead of joining every purchase line.
 */
export function demographicCountsSql(counts: string, by: "age" | "gender", {ordered = true}: {ordered?: boolean} = {}): string {
  if (by !== "age" && by !== "gender") throw new Error(`invalid demographic ${JSON.stringify(by)} (expected "age" or "gender")`);
  return `SELECT p.category, c.${by}, sum(p.n)::BIGINT AS n FROM ${sqlSource(counts)} p JOIN custom c USING (clnt_id) GROUP BY p.category, c.${by}${ordered ? ` ORDER BY category, ${by}` : ""}`;
}

export interface PreferenceSources {
  categories: string;
  ageCounts: string;
  genderCounts: string;
  counts: string;
  members: string;
}

/** Table names a page registers in DuckDB-WASM. */
export const PREFERENCE_TABLES: Readonly<PreferenceSources> = Object.freeze({
  categories: "pref_categories",
  ageCounts: "pref_age_counts",
  genderCounts: "pref_gender_counts",
  counts: "pref_counts",
  members: "pref_members"
});

/** The same tables as subqueries over the warehouse (build time). */
export const PREFERENCE_WAREHOUSE_SOURCES: Readonly<PreferenceSources> = Object.freeze({
  categories: `(${CATEGORIES})`,
  ageCounts: `(${AGE_COUNTS})`,
  genderCounts: `(${GENDER_COUNTS})`,
  counts: `(${COUNTS})`,
  members: `(${MEMBERS})`
});

function sources(s: Partial<PreferenceSources>): PreferenceSources {
  const all = {...PREFERENCE_TABLES, ...s};
  return {
    categories: sqlSource(all.categories),
    ageCounts: sqlSource(all.ageCounts),
    genderCounts: sqlSource(all.genderCounts),
    counts: sqlSource(all.counts),
    members: sqlSource(all.members)
  };
}

/** Shared CTEs: each source read once (sources may be warehouse subqueries), cats (the K categories), k, A and G, likelihood totals. */
function commonCtes(s: PreferenceSources): string {
  return `src_age AS MATERIALIZED (SELECT category, age, n FROM ${s.ageCounts}),
src_gender AS MATERIALIZED (SELECT category, gender, n FROM ${s.genderCounts}),
cats AS (
  SELECT DISTINCT category FROM ${s.categories}
  WHERE $categories = '' OR list_contains(string_split($categories, '|'), category)
), k AS (SELECT count(*)::DOUBLE AS k FROM cats),
ab AS (SELECT count(DISTINCT age)::DOUBLE AS a FROM src_age),
gb AS (SELECT count(DISTINCT gender)::DOUBLE AS g FROM src_gender),
atot AS (SELECT category, sum(n)::DOUBLE AS tot FROM src_age GROUP BY category),
gtot AS (SELECT category, sum(n)::DOUBLE AS tot FROM src_gender GROUP BY category)`;
}

function likelihood(hit: string, tot: string, size: string): string {
  return `CASE WHEN coalesce(${tot}, 0) + $alpha::DOUBLE * ${size} > 0
      THEN (coalesce(${hit}, 0)::DOUBLE + $alpha::DOUBLE) / (coalesce(${tot}, 0) + $alpha::DOUBLE * ${size}) ELSE 0 END`;
}

/**
 * One customer's full ranking: category, n, prior, age_likelihood, gender_likelihood, score, ln, shifted,
 * index, rank, member, n_u, k. Parameters: $clntId, $categories ('a|b|…', '' = all), $alpha, $priorAlpha,
 * $floor, $scale. Rows ordered by rank then category.
 */
export function preferenceRankingSql(src: Partial<PreferenceSources> = {}): string {
  const s = sources(src);
  return `WITH ${commonCtes(s)},
u AS (SELECT category, sum(n)::DOUBLE AS n FROM ${s.counts} WHERE clnt_id = $clntId::BIGINT GROUP BY category),
cn AS (SELECT c.category, coalesce(u.n, 0)::DOUBLE AS n FROM cats c LEFT JOIN u USING (category)),
nu AS (SELECT coalesce(sum(n), 0)::DOUBLE AS nu FROM cn),
mem AS (SELECT any_value(age) AS age, any_value(gender) AS gender, count(*) > 0 AS member FROM ${s.members} WHERE clnt_id = $clntId::BIGINT),
s AS (
  SELECT cn.category, cn.n, mem.member, nu.nu, k.k,
    CASE WHEN nu.nu + $priorAlpha::DOUBLE * k.k > 0 THEN (cn.n + $priorAlpha::DOUBLE) / (nu.nu + $priorAlpha::DOUBLE * k.k) ELSE 1 / k.k END AS prior,
    CASE WHEN mem.member THEN ${likelihood("ac.n", "atot.tot", "ab.a")} ELSE 1 END AS age_likelihood,
    CASE WHEN mem.member THEN ${likelihood("gc.n", "gtot.tot", "gb.g")} ELSE 1 END AS gender_likelihood
  FROM cn CROSS JOIN k CROSS JOIN nu CROSS JOIN mem CROSS JOIN ab CROSS JOIN gb
  LEFT JOIN atot ON atot.category = cn.category
  LEFT JOIN gtot ON gtot.category = cn.category
  LEFT JOIN src_age ac ON ac.category = cn.category AND ac.age = mem.age
  LEFT JOIN src_gender gc ON gc.category = cn.category AND gc.gender = mem.gender
), l AS (
  SELECT *, prior * age_likelihood * gender_likelihood AS score FROM s
), l2 AS (
  SELECT *, CASE WHEN score > 0 THEN ln(score) END AS ln FROM l
), sh AS (
  SELECT *, ln - min(ln) OVER () + $floor::DOUBLE AS shifted FROM l2
)
SELECT category, n::BIGINT AS n, prior, age_likelihood, gender_likelihood, score, ln, shifted,
  coalesce(shifted / max(shifted) OVER () * $scale::DOUBLE, 0) AS "index",
  rank() OVER (ORDER BY score DESC)::INTEGER AS rank,
  member, nu::BIGINT AS n_u, k::INTEGER AS k
FROM sh
ORDER BY rank, category`;
}

export interface PreferenceSqlOptions extends PreferenceOptions {
  /** likelihood smoothing α */
  alpha: number;
}

function params(options: Partial<PreferenceSqlOptions>, extra: Record<string, SqlValue>): Record<string, SqlValue> {
  const {alpha = 1, ...rest} = options;
  if (!Number.isFinite(alpha) || alpha < 0) throw new Error(`invalid likelihood smoothing alpha ${JSON.stringify(alpha)}: expected ≥ 0`);
  const o = resolvePreferenceOptions(rest);
  return {categories: pipeList(o.categories), alpha, priorAlpha: o.priorAlpha, floor: o.floor, scale: o.scale, ...extra};
}

export function preferenceRankingQuery(clntId: number, options: Partial<PreferenceSqlOptions> = {}, src: Partial<PreferenceSources> = {}): BoundQuery {
  if (!Number.isSafeInteger(clntId)) throw new Error(`invalid customer id ${JSON.stringify(clntId)}`);
  return bindQuery(preferenceRankingSql(src), params(options, {clntId}));
}

/**
 * preferenceTopSql's CTEs through cand (every customer's candidate rows: clnt_id, cid, score) and, with
 * `index`, ul (the scores the index's range needs besides them), each followed by a comma.
 */
function topCandidatesSql(s: PreferenceSources, index: boolean): string {
  const prior = (n: string, nu: string) =>
    `(CASE WHEN ${nu} + $priorAlpha::DOUBLE * k.k > 0 THEN (${n} + $priorAlpha::DOUBLE) / (${nu} + $priorAlpha::DOUBLE * k.k) ELSE 1 / k.k END)`;
  // integer category ids in name order keep the sorts cheap at millions of rows
  return `WITH ${commonCtes(s)},
src_counts AS MATERIALIZED (SELECT clnt_id, category, n FROM ${s.counts}),
src_members AS MATERIALIZED (SELECT clnt_id, age, gender FROM ${s.members}),
cid AS (SELECT category, row_number() OVER (ORDER BY category)::INTEGER AS cid FROM cats),
cnt AS (SELECT c.clnt_id, cid.cid, c.category, c.n::DOUBLE AS n FROM src_counts c JOIN cid USING (category)),
nu AS (SELECT clnt_id, sum(n) AS nu, count(*) AS b FROM cnt GROUP BY clnt_id),
cu AS (
  SELECT p.clnt_id, m.age, m.gender, m.clnt_id IS NOT NULL AS member,
    CASE WHEN m.clnt_id IS NULL THEN '' ELSE m.age::VARCHAR || '|' || m.gender END AS pkey,
    coalesce(nu.nu, 0)::DOUBLE AS nu, coalesce(nu.b, 0) AS b
  FROM (SELECT clnt_id FROM src_counts UNION SELECT clnt_id FROM src_members) p
  LEFT JOIN src_members m ON m.clnt_id = p.clnt_id
  LEFT JOIN nu ON nu.clnt_id = p.clnt_id
),
al AS (
  SELECT cats.category, x.age, ${likelihood("ac.n", "atot.tot", "ab.a")} AS p
  FROM cats CROSS JOIN (SELECT DISTINCT age FROM cu WHERE member) x CROSS JOIN ab
  LEFT JOIN atot ON atot.category = cats.category
  LEFT JOIN src_age ac ON ac.category = cats.category AND ac.age = x.age
),
gl AS (
  SELECT cats.category, x.gender, ${likelihood("gc.n", "gtot.tot", "gb.g")} AS p
  FROM cats CROSS JOIN (SELECT DISTINCT gender FROM cu WHERE member) x CROSS JOIN gb
  LEFT JOIN gtot ON gtot.category = cats.category
  LEFT JOIN src_gender gc ON gc.category = cats.category AND gc.gender = x.gender
),
pl AS (
  SELECT pr.pkey, cid.cid,
    CASE WHEN pr.member THEN al.p ELSE 1 END AS a, CASE WHEN pr.member THEN gl.p ELSE 1 END AS g
  FROM (SELECT DISTINCT pkey, member, age, gender FROM cu) pr CROSS JOIN cid
  LEFT JOIN al ON al.category = cid.category AND al.age = pr.age
  LEFT JOIN gl ON gl.category = cid.category AND gl.gender = pr.gender
),
gq AS (SELECT pkey, nu, row_number() OVER (ORDER BY pkey, nu) AS gid FROM (SELECT DISTINCT pkey, nu FROM cu)),
cg AS (SELECT cu.clnt_id, cu.b, gq.gid FROM cu JOIN gq ON gq.pkey = cu.pkey AND gq.nu = cu.nu),
ub AS (
  SELECT gq.gid, pl.cid, ${prior("0", "gq.nu")} * pl.a * pl.g AS score
  FROM gq CROSS JOIN k
  JOIN pl ON pl.pkey = gq.pkey
),
uhi AS (SELECT gid, cid, score, row_number() OVER (PARTITION BY gid ORDER BY score DESC, cid) AS pos FROM ub),
bought AS (
  SELECT cu.clnt_id, cnt.cid, ${prior("cnt.n", "cu.nu")} * pl.a * pl.g AS score
  FROM cnt JOIN cu ON cu.clnt_id = cnt.clnt_id CROSS JOIN k
  JOIN pl ON pl.pkey = cu.pkey AND pl.cid = cnt.cid
),
uh AS (
  SELECT n.clnt_id, u.cid, u.score
  FROM (SELECT clnt_id, gid, unnest(range(1, $top::INTEGER + 1)) AS pos FROM cg) n
  JOIN uhi u ON u.gid = n.gid AND u.pos = n.pos
  ANTI JOIN cnt ON cnt.clnt_id = n.clnt_id AND cnt.cid = u.cid
),
cand AS (
  SELECT clnt_id, cid, score FROM bought
  UNION ALL SELECT clnt_id, cid, score FROM uh
),${index ? `
ulo AS (SELECT gid, cid, score, row_number() OVER (PARTITION BY gid ORDER BY score, cid DESC) AS pos FROM ub WHERE score > 0),
ul AS (
  SELECT n.clnt_id, u.score
  FROM (SELECT clnt_id, gid, unnest(range(1, b + 2)) AS pos FROM cg) n
  JOIN ulo u ON u.gid = n.gid AND u.pos = n.pos
  ANTI JOIN cnt ON cnt.clnt_id = n.clnt_id AND cnt.cid = u.cid
),
` : ""}`;
}

/** The index of a score, from its customer's lowest and highest ln score (lo, hi). */
const indexOf = (score: string) =>
  `coalesce((CASE WHEN ${score} > 0 THEN ln(${score}) END - lo + $floor::DOUBLE) / (hi - lo + $floor::DOUBLE) * $scale::DOUBLE, 0)`;

/**
 * The first $top rows of every customer's ranking (buyers and members): clnt_id, category, position,
 * rank, score, index, member. Parameters: $categories, $alpha, $priorAlpha, $floor, $scale, $top.
 * Sorted by clnt_id, position (`ordered: false`: in no order, for use inside a query; `index: false`:
 * without the index column and the work it needs, and without $floor and $scale).
 *
 * Exact without scoring every customer × category: a category u never bought scores
 * β/(n_u + βK) × P(age|c) × P(gender|c), which depends only on u's profile (member, age, gender) and n_u.
 * So each (profile, n_u) ranks all K categories once; u's top rows are among u's b_u bought categories
 * and the unbought ones of that list's first $top, and u's lowest positive score among the bought ones
 * and the last b_u + 1 positive ones of it. (The first $top of the list: buying only raises a category's
 * score, so each of them, bought or not, ranks above every category further down the list.) Same
 * arithmetic as preferenceRanking, so scores, ties and ranks are identical; the work is
 * O(customers × (b_u + $top)) instead of O(customers × K).
 */
export function preferenceTopSql(src: Partial<PreferenceSources> = {}, {ordered = true, index = true}: TopShape = {}): string {
  return `${topCandidatesSql(sources(src), index)}${index ? `
mm AS (
  SELECT clnt_id, ln(min(score) FILTER (WHERE score > 0)) AS lo, ln(max(score) FILTER (WHERE score > 0)) AS hi
  FROM (SELECT clnt_id, score FROM cand UNION ALL SELECT clnt_id, score FROM ul)
  GROUP BY clnt_id
),` : ""}
r AS (
  SELECT clnt_id, cid, score,
    row_number() OVER (PARTITION BY clnt_id ORDER BY score DESC, cid) AS position,
    rank() OVER (PARTITION BY clnt_id ORDER BY score DESC) AS rank
  FROM cand
  QUALIFY position <= $top::INTEGER
)
SELECT r.clnt_id, cid.category, r.position::INTEGER AS position, r.rank::INTEGER AS rank, r.score,${index ? `
  ${indexOf("r.score")} AS "index",` : ""}
  cu.member
FROM r JOIN cid USING (cid)${index ? " JOIN mm USING (clnt_id)" : ""} JOIN cu USING (clnt_id)${ordered ? "\nORDER BY r.clnt_id, r.position" : ""}`;
}

/**
 * One row per customer from a table of preferenceTopColumns' results (`table`: clnt_id, c1 … c<top> as
 * indexes into the categories in name order, NULL past a customer's last, s1 … s<top> their scores, lo
 * and hi the customer's lowest and highest positive score): clnt_id, top1 … top<top> (category names),
 * top1_index … top<top>_index, the columns and values of pivoting preferenceTopSql's rows. Parameters:
 * $floor, $scale. In no order. With `codes`, top1 … top<top> are the indexes (c1 …) instead of the names:
 * a caller that sorts the rows first names them after, and sorts no text.
 */
export function preferenceTopWideSql(top: number, table: string, src: Partial<PreferenceSources> = {}, {codes = false}: {codes?: boolean} = {}): string {
  checkTop(top);
  const at = Array.from({length: top}, (_, i) => i + 1);
  const range = `(SELECT clnt_id, ${at.map((i) => `c${i}, s${i}`).join(", ")}, ln(lo) AS lo, ln(hi) AS hi FROM ${sqlSource(table)})`;
  const index = at.map((i) => `CASE WHEN t.c${i} IS NOT NULL THEN ${indexOf(`t.s${i}`)} END AS top${i}_index`).join(",\n  ");
  if (codes) return `SELECT t.clnt_id, ${at.map((i) => `t.c${i} AS top${i}`).join(", ")},\n  ${index}\nFROM ${range} t`;
  return `SELECT t.clnt_id, ${at.map((i) => `names.l[t.c${i} + 1] AS top${i}`).join(", ")},
  ${index}
FROM ${range} t, (SELECT list(category ORDER BY category) AS l FROM (SELECT DISTINCT category FROM ${sources(src).categories})) names`;
}

/** preferenceTopWideSql bound to the options' $floor and $scale. */
export function preferenceTopWideQuery(top: number, table: string, options: Partial<PreferenceOptions> = {}, src: Partial<PreferenceSources> = {}, shape: {codes?: boolean} = {}): BoundQuery {
  const o = resolvePreferenceOptions(options);
  return bindQuery(preferenceTopWideSql(top, table, src, shape), {floor: o.floor, scale: o.scale});
}

/** What preferenceTopSql returns: sorted or in no order (for use inside a query), with or without the index. */
export interface TopShape {
  ordered?: boolean;
  /**
   * false: no "index" column. The index needs each customer's lowest positive score over every
   * category (b_u + 1 more rows per customer); a caller that only ranks is spared that work.
   */
  index?: boolean;
}

function checkTop(top: number): void {
  if (!Number.isInteger(top) || top < 1) throw new Error(`invalid top ${JSON.stringify(top)}: expected an integer ≥ 1`);
}

export function preferenceTopQuery(top = 1, options: Partial<PreferenceSqlOptions> = {}, src: Partial<PreferenceSources> = {}, order: TopShape = {}): BoundQuery {
  checkTop(top);
  return bindQuery(preferenceTopSql(src, order), params(options, {top}));
}

