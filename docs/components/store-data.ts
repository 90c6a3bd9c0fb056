// The online record in DuckDB-WASM, fetched lazily: the page opens with the build's sample members
// only; a member's record, purchases and searches (one row group of each file, sorted by member id;
// see src/lazy.ts) are fetched when the member enters. The member id reaches SQL bound.
import type {Db, LazyTable} from "./duckdb.js";
import {parseRecordColumns, recordFromJson, RECORD_COLUMNS_KEY} from "../lib/lazy.js";
import {parseMemberId} from "../lib/store/member.js";
import {parseCustomerRow, parseSampleRows, STORE_TIERS, tierLabel, typeLabel, type StoreProfile, type StoreTier} from "../lib/store/profile.js";
import {CUSTOMER_SQL, PURCHASES_SQL, SEARCHES_SQL} from "../lib/store/sql.js";
import type {PurchaseRow, SearchRow} from "../lib/store/timeline.js";
import type {SampleMember} from "./store-entry.js";
import {wholeBytes} from "./whole-download.js";

export interface OnlineSources {
  /** one JSON record per customer, by clnt_id */
  detail: string;
  purchases: string;
  searches: string;
  /** the build's sample members (JSON) */
  samples: string;
}

export interface OnlineRecord {
  /** null when the online record could not be loaded (then `error` says why) */
  sources: OnlineSources | null;
  samples: SampleMember[];
  error: string | null;
}

function labelSamples(rows: ReturnType<typeof parseSampleRows>): SampleMember[] {
  const tierRank = (t: string | null) => STORE_TIERS.indexOf((t === "chicken-rib" ? "chicken_rib" : t) as StoreTier);
  return rows
    .sort((a, b) => tierRank(a.tier) - tierRank(b.tier) || String(a.type).localeCompare(String(b.type)) || a.clnt_id - b.clnt_id)
    .map((r) => {
      const tier = tierRank(r.tier) >= 0 ? tierLabel(STORE_TIERS[tierRank(r.tier)]) : String(r.tier);
      const type = r.type === "meticulous" || r.type === "enthusiast" || r.type === "easygoing" ? typeLabel(r.type) : "no type";
      return {id: String(r.clnt_id), label: `${r.clnt_id} · ${tier} · ${type}`};
    });
}

/** Read the sample members; the tables are opened on the first member. A failure becomes a message, not an error cell. */
export async function openOnlineRecord(sources: OnlineSources): Promise<OnlineRecord> {
  try {
    const response = await fetch(sources.samples);
    if (!response.ok) throw new Error(`cannot load the sample members: HTTP ${response.status}`);
    return {sources, samples: labelSamples(parseSampleRows(await response.json())), error: null};
  } catch (e) {
    return {sources: null, samples: [], error: (e as Error).message};
  }
}

interface Tables {
  db: Db;
  query: typeof import("./duckdb.js").query;
  detail: LazyTable;
  purchases: LazyTable;
  searches: LazyTable;
  columns: string[];
}

let tables: Promise<Tables> | null = null;

function openTables(sources: OnlineSources): Promise<Tables> {
  tables ??= (async () => {
    // the engines' code too is loaded only now: a page no member entered never needs it
    const {openDuckDB, openLazyTable, query} = await import("./duckdb.js");
    const db = await openDuckDB();
    const [detail, purchases, searches] = await Promise.all([
      openLazyTable(db, "customer_records", sources.detail),
      openLazyTable(db, "purchases", sources.purchases),
      openLazyTable(db, "searches", sources.searches)
    ]);
    return {db, query, detail, purchases, searches, columns: parseRecordColumns(detail.metadata.get(RECORD_COLUMNS_KEY))};
  })().catch((e) => {
    tables = null;
    throw e;
  });
  return tables;
}

export interface MemberOnline {
  profile: StoreProfile | null;
  purchases: PurchaseRow[];
  searches: SearchRow[];
  /** a row that failed validation, named */
  error: string | null;
  /** bytes of the online-record files downloaded whole because the server ignores Range (0 when it honours it) */
  wholeBytes: number;
}

export async function memberOnline(online: OnlineRecord, memberId: string): Promise<MemberOnline> {
  const empty: MemberOnline = {profile: null, purchases: [], searches: [], error: null, wholeBytes: 0};
  const parsed = parseMemberId(memberId);
  if (!online.sources || !parsed.ok) return empty;
  const params = {id: parsed.value};
  try {
    const t = await openTables(online.sources);
    await Promise.all([t.detail.load(parsed.value), t.purchases.load(parsed.value), t.searches.load(parsed.value)]);
    const [customers, purchases, searches] = await Promise.all([
      t.query<{record: string}>(t.db, CUSTOMER_SQL, params),
      t.query<PurchaseRow>(t.db, PURCHASES_SQL, params),
      t.query<SearchRow>(t.db, SEARCHES_SQL, params)
    ]);
    const profile = customers.length ? parseCustomerRow(recordFromJson(customers[0].record, t.columns, `member ${parsed.id}`)) : null;
    return {profile, purchases, searches, error: null, wholeBytes: wholeBytes([t.detail, t.purchases, t.searches])};
  } catch (e) {
    return {...empty, error: (e as Error).message};
  }
}
