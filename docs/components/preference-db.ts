// The preference index in DuckDB-WASM: the loaders' compact tables registered under the library's table
// names, one customer's full ranking with the library's bound SQL, and the population of rank-1 categories.
import {loadParquet, openDuckDB, query, type Db, type Value} from "./duckdb.js";
import {bindNamed} from "../lib/sql.js";
import {PREFERENCE_TABLES, preferenceCategories, preferenceRankingQuery, type CategorySet, type PreferenceRow} from "../lib/preference/index.js";

export type {CategorySet, PreferenceRow};

export interface PreferenceFiles {
  likelihood: string;
  counts: string;
  members: string;
  rank1: string;
}

export async function openPreference(files: PreferenceFiles): Promise<Db> {
  const db = await openDuckDB();
  await Promise.all([
    loadParquet(db, "pref_likelihood", files.likelihood),
    loadParquet(db, PREFERENCE_TABLES.counts, files.counts),
    loadParquet(db, PREFERENCE_TABLES.members, files.members),
    loadParquet(db, "pref_rank1", files.rank1)
  ]);
  await query(db, `CREATE OR REPLACE TABLE ${PREFERENCE_TABLES.categories} AS SELECT category FROM pref_likelihood WHERE kind = 'category'`);
  await query(db, `CREATE OR REPLACE TABLE ${PREFERENCE_TABLES.ageCounts} AS SELECT category, age, n FROM pref_likelihood WHERE kind = 'age'`);
  await query(db, `CREATE OR REPLACE TABLE ${PREFERENCE_TABLES.genderCounts} AS SELECT category, gender, n FROM pref_likelihood WHERE kind = 'gender'`);
  // point lookups by customer: an index instead of a scan of every count
  await query(db, `CREATE INDEX IF NOT EXISTS pref_counts_id ON ${PREFERENCE_TABLES.counts} (clnt_id)`);
  await query(db, `CREATE INDEX IF NOT EXISTS pref_members_id ON ${PREFERENCE_TABLES.members} (clnt_id)`);
  return db;
}

type Prepared = Awaited<ReturnType<Awaited<ReturnType<Db["connect"]>>["prepare"]>>;
const statements = new Map<string, Promise<Prepared>>();

/** The ranking runs on every keystroke: plan each statement once, then only bind and execute. */
async function prepared<T>(db: Db, sql: string, params: Record<string, Value>): Promise<T[]> {
  const {sql: text, values} = bindNamed(sql, params);
  let stmt = statements.get(text);
  if (!stmt) statements.set(text, (stmt = db.connect().then((con) => con.prepare(text))));
  const table = await (await stmt).query(...values);
  return table.toArray().map((row) => ({...row.toJSON()}) as T);
}

export interface CustomerRanking {
  clnt_id: number;
  set: CategorySet;
  member: boolean;
  age: number | null;
  gender: string | null;
  /** purchase lines in the K categories / in all categories */
  n_u: number;
  lines: number;
  k: number;
  rows: PreferenceRow[];
  ms: number;
}

// The library's tables narrowed to the customer first (same rows for the ranking; the INTEGER-typed key
// lets DuckDB use the index instead of casting every clnt_id to the parameter's BIGINT).
const ONE_CUSTOMER = {
  ...PREFERENCE_TABLES,
  counts: `(SELECT * FROM ${PREFERENCE_TABLES.counts} WHERE clnt_id = $clntId::INTEGER)`,
  members: `(SELECT * FROM ${PREFERENCE_TABLES.members} WHERE clnt_id = $clntId::INTEGER)`
};

/** One customer's full ranking, or null when the id is neither a buyer nor a member. */
export async function rankCustomer(db: Db, clntId: number, set: CategorySet): Promise<CustomerRanking | null> {
  const t0 = performance.now();
  const [who] = await prepared<{lines: number | null; age: number | null; gender: string | null; member: boolean}>(
    db,
    `SELECT (SELECT sum(n) FROM ${PREFERENCE_TABLES.counts} WHERE clnt_id = $id::INTEGER) AS lines,
      m.age, m.gender, m.clnt_id IS NOT NULL AS member
    FROM (SELECT 1) LEFT JOIN ${PREFERENCE_TABLES.members} m ON m.clnt_id = $id::INTEGER`,
    {id: clntId}
  );
  if (!who || (who.lines === null && !who.member)) return null;
  const q = preferenceRankingQuery(clntId, {categories: preferenceCategories(set)}, ONE_CUSTOMER);
  const rows = await prepared<PreferenceRow & {member: boolean; n_u: number; k: number}>(db, q.sql, q.params);
  const ms = performance.now() - t0;
  return {
    clnt_id: clntId, set, member: who.member, age: who.age, gender: who.gender, lines: who.lines ?? 0,
    n_u: rows[0]?.n_u ?? 0, k: rows[0]?.k ?? 0,
    rows: rows.map(({member: _m, n_u: _n, k: _k, ...r}) => r), ms
  };
}

const RANK1_COLUMN: Readonly<Record<CategorySet, string>> = {report: "report_top", all: "all_top"};

export interface Rank1Count {
  category: string;
  customers: number;
  members: number;
}

export async function rank1Counts(db: Db, set: CategorySet): Promise<Rank1Count[]> {
  const col = RANK1_COLUMN[set];
  return query<Rank1Count>(db, `SELECT ${col} AS category, count(*)::INTEGER AS customers, count(*) FILTER (WHERE member)::INTEGER AS members
    FROM pref_rank1 GROUP BY ${col} ORDER BY customers DESC, category`);
}

export interface Rank1Customer {
  clnt_id: number;
  member: boolean;
  age: number | null;
  gender: string | null;
  lines_in_category: number;
  lines: number;
}

/** The customers whose rank-1 category is `category`, most purchase lines in it first. */
export async function rank1Customers(db: Db, set: CategorySet, category: string): Promise<Rank1Customer[]> {
  const col = RANK1_COLUMN[set];
  return query<Rank1Customer>(
    db,
    `SELECT r.clnt_id, r.member, m.age, m.gender, coalesce(c.n, 0)::INTEGER AS lines_in_category, coalesce(t.lines, 0)::INTEGER AS lines
    FROM pref_rank1 r
    LEFT JOIN ${PREFERENCE_TABLES.members} m ON m.clnt_id = r.clnt_id
    LEFT JOIN ${PREFERENCE_TABLES.counts} c ON c.clnt_id = r.clnt_id AND c.category = $category
    LEFT JOIN (SELECT clnt_id, sum(n) AS lines FROM ${PREFERENCE_TABLES.counts} GROUP BY clnt_id) t ON t.clnt_id = r.clnt_id
    WHERE r.${col} = $category
    ORDER BY lines_in_category DESC, r.clnt_id`,
    {category}
  );
}

export interface SampleCustomer {
  clnt_id: number;
  why: string;
}

/** A few customers worth looking at: heavy buyers, non-members, one-purchase buyers, members without purchases. */
export async function sampleCustomers(db: Db): Promise<SampleCustomer[]> {
  const c = PREFERENCE_TABLES.counts;
  const m = PREFERENCE_TABLES.members;
  return query<SampleCustomer>(
    db,
    `WITH t AS (SELECT clnt_id, sum(n) AS lines, count(*) AS cats FROM ${c} GROUP BY clnt_id),
    x AS (SELECT t.*, m.clnt_id IS NOT NULL AS member FROM t LEFT JOIN ${m} m USING (clnt_id))
    SELECT clnt_id, why FROM (
      (SELECT clnt_id, 'member, most purchase lines' AS why, 1 AS o FROM x WHERE member ORDER BY lines DESC, clnt_id LIMIT 3)
      UNION ALL (SELECT clnt_id, 'member, many categories', 2 FROM x WHERE member ORDER BY cats DESC, lines, clnt_id LIMIT 2)
      UNION ALL (SELECT clnt_id, 'non-member, most purchase lines', 3 FROM x WHERE NOT member ORDER BY lines DESC, clnt_id LIMIT 2)
      UNION ALL (SELECT clnt_id, 'member, one purchase line', 4 FROM x WHERE member AND lines = 1 ORDER BY clnt_id LIMIT 2)
      UNION ALL (SELECT clnt_id, 'non-member, one purchase line', 5 FROM x WHERE NOT member AND lines = 1 ORDER BY clnt_id LIMIT 1)
      UNION ALL (SELECT m.clnt_id, 'member without purchases', 6 FROM ${m} m ANTI JOIN t USING (clnt_id) ORDER BY m.clnt_id LIMIT 1)
    ) ORDER BY o, clnt_id`
  );
}
