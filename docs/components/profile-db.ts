// The profile service's data in DuckDB-WASM, fetched lazily: the target list's rows of the category
// shown, and the record, purchase lines and keywords of the customer looked up (each a row group of
// a file sorted by that key; see src/lazy.ts). Every reader choice reaches SQL as a bound parameter
// or through a fixed map of SQL fragments.
import {openDuckDB, openLazyTable, query, type Db, type LazyTable} from "./duckdb.js";
import {parseRecordColumns, recordFromJson, RECORD_COLUMNS_KEY} from "../lib/lazy.js";
import {pipeList} from "../lib/value/bind.js";
import type {CategoryHistory} from "../lib/profile/index.js";
import type {PurchaseRow} from "../lib/store/timeline.js";

export interface ProfileFiles {
  /** one JSON record per customer, by clnt_id */
  detail: string;
  /** the target list's columns, by rank-1 category */
  targets: string;
  purchases: string;
  searches: string;
}

export interface Profile {
  db: Db;
  detail: LazyTable;
  targets: LazyTable;
  purchases: LazyTable;
  searches: LazyTable;
  /** field names of the detail records */
  columns: string[];
}

export interface CustomerRecord {
  clnt_id: number;
  member: boolean;
  gender: string | null;
  age: number | null;
  device: string | null;
  region: string | null;
  sessions: number;
  lines: number;
  total: number;
  first_date: string | null;
  last_date: string | null;
  mean_day: number | null;
  r: number | null;
  f: number | null;
  m: number | null;
  tier: string | null;
  point_rate: number | null;
  type: string | null;
  subtype: string | null;
  bits: string | null;
  group: string | null;
  time: number | null;
  pageviews: number | null;
  searches: number | null;
  price: number | null;
  top1: string | null;
  top2: string | null;
  top3: string | null;
  top4: string | null;
  top5: string | null;
  top1_index: number | null;
  top2_index: number | null;
  top3_index: number | null;
  top4_index: number | null;
  top5_index: number | null;
}

/** Open DuckDB and the four files' footers (no rows yet). */
export async function openProfile(files: ProfileFiles): Promise<Profile> {
  const db = await openDuckDB();
  const [detail, targets, purchases, searches] = await Promise.all([
    openLazyTable(db, "customer_records", files.detail),
    openLazyTable(db, "targets", files.targets),
    openLazyTable(db, "purchases", files.purchases),
    openLazyTable(db, "searches", files.searches)
  ]);
  return {db, detail, targets, purchases, searches, columns: parseRecordColumns(detail.metadata.get(RECORD_COLUMNS_KEY))};
}

export type TargetSort = "spend" | "recency";
const ORDER: Readonly<Record<TargetSort, string>> = {
  spend: "total DESC, last_date DESC NULLS LAST, clnt_id",
  recency: "last_date DESC NULLS LAST, total DESC, clnt_id"
};

export interface TargetRow {
  clnt_id: number;
  member: boolean;
  gender: string | null;
  age: number | null;
  tier: string;
  type: string;
  sessions: number;
  lines: number;
  total: number;
  last_date: string | null;
  top2: string | null;
}

/** Customers whose rank-1 category is `category`, filtered by tier and type ('none' = unknown). */
export async function targetList(p: Profile, {category, tiers, types, sort}: {category: string; tiers: readonly string[]; types: readonly string[]; sort: TargetSort}): Promise<TargetRow[]> {
  await p.targets.load(category);
  return query<TargetRow>(
    p.db,
    `SELECT clnt_id, member, gender, age, coalesce(tier, 'none') AS tier, coalesce(type, 'none') AS type, sessions, lines, total, last_date, top2
    FROM targets
    WHERE top1 = $category
      AND list_contains(string_split($tiers, '|'), coalesce(tier, 'none'))
      AND list_contains(string_split($types, '|'), coalesce(type, 'none'))
    ORDER BY ${ORDER[sort]}`,
    {category, tiers: pipeList(tiers), types: pipeList(types)}
  );
}

/** Customers per tier × type among those preferring `category` (before filtering). */
export async function targetCounts(p: Profile, category: string): Promise<{tier: string; type: string; customers: number}[]> {
  await p.targets.load(category);
  return query(p.db, `SELECT coalesce(tier, 'none') AS tier, coalesce(type, 'none') AS type, count(*)::INTEGER AS customers FROM targets WHERE top1 = $category GROUP BY ALL ORDER BY ALL`, {category});
}

export async function customerRecord(p: Profile, clntId: number): Promise<CustomerRecord | null> {
  await p.detail.load(clntId);
  const [row] = await query<{record: string}>(p.db, `SELECT record FROM customer_records WHERE clnt_id = $id::INTEGER`, {id: clntId});
  return row ? (recordFromJson(row.record, p.columns, `customer ${clntId}`) as unknown as CustomerRecord) : null;
}

/** Purchase history per category (the library's CUSTOMER_CATEGORIES_SQL over the purchases table) and distinct purchase dates. */
export async function categoryHistory(p: Profile, clntId: number): Promise<{categories: CategoryHistory[]; n_dates: number}> {
  await p.purchases.load(clntId);
  const db = p.db;
  const categories = await query<CategoryHistory>(
    db,
    `SELECT category, count(*)::INTEGER AS lines, count(DISTINCT date)::INTEGER AS n_dates, min(date) AS first_date, max(date) AS last_date, sum(amount)::DOUBLE AS amount
    FROM purchases WHERE clnt_id = $id::INTEGER GROUP BY category ORDER BY lines DESC, category`,
    {id: clntId}
  );
  const [{n}] = await query<{n: number}>(db, `SELECT count(DISTINCT date)::INTEGER AS n FROM purchases WHERE clnt_id = $id::INTEGER`, {id: clntId});
  return {categories, n_dates: n};
}

export type {PurchaseRow};

export async function purchasesOf(p: Profile, clntId: number): Promise<PurchaseRow[]> {
  await p.purchases.load(clntId);
  return query<PurchaseRow>(p.db, `SELECT date, category, product, amount, units FROM purchases WHERE clnt_id = $id::INTEGER ORDER BY date, category, product`, {id: clntId});
}

export async function keywordsOf(p: Profile, clntId: number, limit = 20): Promise<{date: string; keyword: string; searches: number}[]> {
  await p.searches.load(clntId);
  return query(p.db, `SELECT date, keyword, searches FROM searches WHERE clnt_id = $id::INTEGER ORDER BY date DESC, searches DESC, keyword LIMIT $limit::INTEGER`, {id: clntId, limit});
}
