// The preference index in the page, in JavaScript. First view: the summary file (likelihood counts, the
// categories and a few sample customers with their own counts) — enough to rank a sample customer. The
// customer table (two compact Parquet files, decoded with parquet-wasm into typed arrays) is fetched
// only when a feature needs it: a typed id that is not a sample, or the population view coming into
// view. A ranking is then a binary search by clnt_id plus the library's preferenceRanking over K
// categories (src/preference/table.ts): its cost does not grow with the number of customers. The tests
// hold the library's ranking equal to the build's SQL.
import {
  buildLikelihoods,
  customerTable,
  preferenceRanking,
  rankFromTable,
  rank1Counts as countRank1,
  rank1Customers as listRank1,
  setCategories,
  type CategorySet,
  type CustomerTable,
  type Demographics,
  type LikelihoodTables,
  type PreferenceRow,
  type Rank1Count,
  type Rank1Customer
} from "../lib/preference/index.js";

export type {CategorySet, PreferenceRow, Rank1Count, Rank1Customer};

export interface SampleCustomer {
  clnt_id: number;
  why: string;
  member: Demographics | null;
  counts: Record<string, number>;
}

/** docs/data/preference-summary.json */
export interface PreferenceSummary {
  /** every category in the data, in name order (their codes in the customer table) */
  categories: string[];
  /** the main categories (the "report" set) and how they were chosen */
  main: string[];
  mainLabel: string;
  genders: string[];
  /** rows of the customer table */
  customers: number;
  ageCounts: {category: string; age: number; n: number}[];
  genderCounts: {category: string; gender: string; n: number}[];
  samples: SampleCustomer[];
}

export interface PreferenceEngine {
  summary: PreferenceSummary;
  likelihoods: LikelihoodTables;
  /** the customer table, fetched and decoded on first call */
  table(): Promise<CustomerTable>;
  /** whether the customer table has been asked for */
  requested(): boolean;
}

let decoder: Promise<{readParquet: (bytes: Uint8Array) => {intoIPCStream(): Uint8Array}; tableFromIPC: typeof import("apache-arrow").tableFromIPC}> | null = null;

/** parquet-wasm and apache-arrow, imported (and the 5 MB wasm fetched) on first use only. */
function parquetDecoder() {
  return (decoder ??= (async () => {
    const [parquet, arrow] = await Promise.all([import("parquet-wasm/esm"), import("apache-arrow")]);
    await parquet.default({module_or_path: import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm")});
    return {readParquet: parquet.readParquet, tableFromIPC: arrow.tableFromIPC};
  })());
}

/** A Parquet file's columns as typed arrays (non-null integer columns). */
async function readColumns(href: string): Promise<Record<string, ArrayLike<number>>> {
  const {readParquet, tableFromIPC} = await parquetDecoder();
  const response = await fetch(href);
  if (!response.ok) throw new Error(`cannot load ${href}: HTTP ${response.status}`);
  const table = tableFromIPC(readParquet(new Uint8Array(await response.arrayBuffer())).intoIPCStream());
  const out: Record<string, ArrayLike<number>> = {};
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name)!;
    if (column.nullCount > 0) throw new Error(`${href}: column ${field.name} has nulls`);
    out[field.name] = column.toArray() as ArrayLike<number>;
  }
  return out;
}

export function openPreference(summary: PreferenceSummary, files: {customers: string; counts: string}): PreferenceEngine {
  const likelihoods = buildLikelihoods({age: summary.ageCounts, gender: summary.genderCounts});
  let table: Promise<CustomerTable> | null = null;
  return {
    summary,
    likelihoods,
    requested: () => table !== null,
    table: () =>
      (table ??= Promise.all([readColumns(files.customers), readColumns(files.counts)]).then(([c, n]) => {
        const t = customerTable(c as never, n as never, summary);
        if (t.ids.length !== summary.customers) throw new Error(`the customer table has ${t.ids.length} rows, the summary says ${summary.customers}: rebuild the site`);
        return t;
      }))
  };
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
  /** time of this ranking in the page (ms), the customer table's first load included */
  ms: number;
  /** "sample" (from the summary file) or "table" (the customer table) */
  via: "sample" | "table";
}

/**
 * One customer's full ranking, or null when the id is neither a buyer nor a member. A sample customer is
 * ranked from the summary file until the customer table is loaded (or `table` asks for the table).
 */
export async function rankCustomer(engine: PreferenceEngine, clntId: number, set: CategorySet, {table = false}: {table?: boolean} = {}): Promise<CustomerRanking | null> {
  const t0 = performance.now();
  const sample = table || engine.requested() ? undefined : engine.summary.samples.find((s) => s.clnt_id === clntId);
  if (sample) {
    const counts = new Map(Object.entries(sample.counts));
    const r = preferenceRanking(counts, sample.member, engine.likelihoods, {categories: setCategories(set, engine.summary)});
    const lines = [...counts.values()].reduce((s, n) => s + n, 0);
    return {clnt_id: clntId, set, member: r.member, age: sample.member?.age ?? null, gender: sample.member?.gender ?? null, lines, n_u: r.n_u, k: r.k, rows: r.rows, ms: performance.now() - t0, via: "sample"};
  }
  const r = rankFromTable(await engine.table(), engine.likelihoods, clntId, set);
  if (!r) return null;
  const m = r.record.member;
  return {clnt_id: clntId, set, member: r.member, age: m?.age ?? null, gender: m?.gender ?? null, lines: r.record.lines, n_u: r.n_u, k: r.k, rows: r.rows, ms: performance.now() - t0, via: "table"};
}

/**
 * The customer table for the population view: fetched the first time the view is on screen (`visible`,
 * the cell's visibility promise), or at once if another feature already asked for it.
 */
export async function populationTable(engine: PreferenceEngine, visible: () => Promise<unknown>): Promise<CustomerTable> {
  if (!engine.requested()) await visible();
  return engine.table();
}

export function rank1Counts(table: CustomerTable, set: CategorySet): Rank1Count[] {
  return countRank1(table, set);
}

/** The customers whose rank-1 category is `category`, most purchase lines in it first. */
export function rank1Customers(table: CustomerTable, set: CategorySet, category: string): Rank1Customer[] {
  return listRank1(table, set, category);
}
