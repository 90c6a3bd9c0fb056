// The online record (the lead's customers/purchases/searches Parquet files) in DuckDB-WASM.
import {loadParquet, openDuckDB, query, type Db} from "./duckdb.js";
import {parseMemberId} from "../lib/store/member.js";
import {parseCustomerRow, STORE_TIERS, tierLabel, typeLabel, type StoreProfile, type StoreTier} from "../lib/store/profile.js";
import {CUSTOMER_SQL, PURCHASES_SQL, SAMPLE_SQL, SEARCHES_SQL} from "../lib/store/sql.js";
import type {PurchaseRow, SearchRow} from "../lib/store/timeline.js";
import type {SampleMember} from "./store-entry.js";

export type OnlineRecord = {db: Db; error: null} | {db: null; error: string};

/** Open DuckDB and load the three tables; a failure becomes a message, not an error cell. */
export async function openOnlineRecord(sources: {customers: string; purchases: string; searches: string}): Promise<OnlineRecord> {
  try {
    const db = await openDuckDB();
    await Promise.all(Object.entries(sources).map(([table, href]) => loadParquet(db, table, href)));
    return {db, error: null};
  } catch (e) {
    return {db: null, error: (e as Error).message};
  }
}

export async function sampleMembers(db: Db): Promise<SampleMember[]> {
  const rows = await query<{clnt_id: number; tier: StoreTier; type: string | null; subtype: string | null}>(db, SAMPLE_SQL);
  const tierRank = (t: string) => STORE_TIERS.indexOf((t === "chicken-rib" ? "chicken_rib" : t) as StoreTier);
  return rows
    .sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || String(a.type).localeCompare(String(b.type)) || a.clnt_id - b.clnt_id)
    .map((r) => {
      const tier = tierRank(r.tier) >= 0 ? tierLabel(STORE_TIERS[tierRank(r.tier)]) : String(r.tier);
      const type = r.type === "meticulous" || r.type === "enthusiast" || r.type === "easygoing" ? typeLabel(r.type) : "no type";
      return {id: String(r.clnt_id), label: `${r.clnt_id} · ${tier} · ${type}`};
    });
}

export interface MemberOnline {
  profile: StoreProfile | null;
  purchases: PurchaseRow[];
  searches: SearchRow[];
  /** a row that failed validation, named */
  error: string | null;
}

export async function memberOnline(db: Db | null, memberId: string): Promise<MemberOnline> {
  const empty: MemberOnline = {profile: null, purchases: [], searches: [], error: null};
  const parsed = parseMemberId(memberId);
  if (!db || !parsed.ok) return empty;
  const params = {id: parsed.value};
  try {
    const [customers, purchases, searches] = await Promise.all([
      query(db, CUSTOMER_SQL, params),
      query<PurchaseRow>(db, PURCHASES_SQL, params),
      query<SearchRow>(db, SEARCHES_SQL, params)
    ]);
    return {profile: customers.length ? parseCustomerRow(customers[0]) : null, purchases, searches, error: null};
  } catch (e) {
    return {...empty, error: (e as Error).message};
  }
}
