/**
 * The preference page's customer table in memory: one row per customer (buyers and members) sorted by
 * clnt_id, with the customer's per-category purchase lines as a slice of two flat arrays. A customer's
 * ranking is a binary search (O(log customers)) plus preferenceRanking over the K categories, so it does
 * not grow with the number of customers. Codes: category = index into `categories` (name order),
 * gender = 1 + index into `genders` (0 = not a member).
 */
import {compareText} from "../value/bind.js";
import {preferenceRanking, type CategorySet, type Demographics, type LikelihoodTables, type PreferenceRanking} from "./ranking.js";

/** Columns of docs/data/preference-customers.parquet. */
export interface CustomerColumns {
  /** clnt_id minus the previous row's clnt_id (the first row: its clnt_id): small numbers that compress well */
  clnt_id_step: ArrayLike<number>;
  /** age band of a member (0 for a non-member) */
  age: ArrayLike<number>;
  /** 0 = not a member, else 1 + index into genders */
  gender: ArrayLike<number>;
  /** rank-1 category code over all categories, and over the report's */
  all_top: ArrayLike<number>;
  report_top: ArrayLike<number>;
  /** purchase lines in all categories */
  lines: ArrayLike<number>;
  /** number of categories bought: this customer's rows in the counts columns */
  n_cats: ArrayLike<number>;
}

/** Columns of docs/data/preference-counts.parquet: (category code, lines) per customer and bought category, customers in clnt_id order. */
export interface CountColumns {
  category: ArrayLike<number>;
  n: ArrayLike<number>;
}

export interface CustomerTable {
  categories: readonly string[];
  /** the main categories (the "report" set), see mainCategories */
  main: readonly string[];
  genders: readonly string[];
  ids: Int32Array;
  age: Int16Array;
  gender: Int8Array;
  allTop: Int8Array;
  reportTop: Int8Array;
  lines: Int32Array;
  /** customer i's counts are rows start[i] … start[i + 1] − 1 */
  start: Int32Array;
  category: Int8Array;
  n: Int32Array;
}

export function customerTable(customers: CustomerColumns, counts: CountColumns, dict: {categories: readonly string[]; main: readonly string[]; genders: readonly string[]}): CustomerTable {
  const size = customers.clnt_id_step.length;
  for (const k of ["age", "gender", "all_top", "report_top", "lines", "n_cats"] as const) {
    if (customers[k].length !== size) throw new Error(`customer column ${k} has ${customers[k].length} values, clnt_id_step has ${size}`);
  }
  if (counts.n.length !== counts.category.length) throw new Error(`count columns differ in length: ${counts.category.length} categories, ${counts.n.length} counts`);
  const ids = new Int32Array(size);
  for (let i = 0, id = 0; i < size; i++) {
    const step = customers.clnt_id_step[i];
    if (!(step > 0) || (i > 0 && !Number.isInteger(step))) throw new Error(`customer ids are not strictly increasing at row ${i} (step ${step})`);
    ids[i] = id += step;
  }
  const start = new Int32Array(size + 1);
  for (let i = 0; i < size; i++) start[i + 1] = start[i] + customers.n_cats[i];
  if (start[size] !== counts.n.length) throw new Error(`the customers list ${start[size]} count rows, the counts table has ${counts.n.length}: the two files are from different builds`);
  const category = Int8Array.from(counts.category);
  const K = dict.categories.length;
  const check = (name: string, a: ArrayLike<number>, lo: number, hi: number) => {
    for (let i = 0; i < a.length; i++) if (!(a[i] >= lo && a[i] <= hi)) throw new Error(`${name} code ${a[i]} at row ${i} outside ${lo} … ${hi}`);
  };
  check("category", category, 0, K - 1);
  check("all_top", customers.all_top, 0, K - 1);
  check("report_top", customers.report_top, 0, K - 1);
  check("gender", customers.gender, 0, dict.genders.length);
  for (const c of dict.main) if (!dict.categories.includes(c)) throw new Error(`main category ${JSON.stringify(c)} is not among the table's categories`);
  return {
    categories: dict.categories,
    main: dict.main,
    genders: dict.genders,
    ids,
    age: Int16Array.from(customers.age),
    gender: Int8Array.from(customers.gender),
    allTop: Int8Array.from(customers.all_top),
    reportTop: Int8Array.from(customers.report_top),
    lines: Int32Array.from(customers.lines),
    start,
    category,
    n: Int32Array.from(counts.n)
  };
}

/** Row of a customer id (binary search), or −1. */
export function findCustomer(t: CustomerTable, clntId: number): number {
  let lo = 0;
  let hi = t.ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = t.ids[mid];
    if (v === clntId) return mid;
    if (v < clntId) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export interface CustomerRecord {
  clnt_id: number;
  member: Demographics | null;
  /** purchase lines in all categories */
  lines: number;
  /** purchase lines per category bought */
  counts: Map<string, number>;
}

export function customerRecord(t: CustomerTable, row: number): CustomerRecord {
  const counts = new Map<string, number>();
  for (let j = t.start[row]; j < t.start[row + 1]; j++) counts.set(t.categories[t.category[j]], t.n[j]);
  const g = t.gender[row];
  return {clnt_id: t.ids[row], member: g > 0 ? {age: t.age[row], gender: t.genders[g - 1]} : null, lines: t.lines[row], counts};
}

/** The set's categories: every category, or the main ones (the SQL ranks over the same list). */
export function setCategories(set: CategorySet, dict: {categories: readonly string[]; main: readonly string[]}): string[] {
  if (set === "all") return [...dict.categories];
  if (set === "report") return [...dict.main];
  throw new Error(`unknown category set ${JSON.stringify(set)} (expected "report" or "all")`);
}

/** One customer's ranking from the table, or null for an id that is neither a buyer nor a member. */
export function rankFromTable(t: CustomerTable, likelihoods: LikelihoodTables, clntId: number, set: CategorySet): (PreferenceRanking & {record: CustomerRecord}) | null {
  const row = findCustomer(t, clntId);
  if (row < 0) return null;
  const record = customerRecord(t, row);
  return {...preferenceRanking(record.counts, record.member, likelihoods, {categories: setCategories(set, t)}), record};
}

export interface Rank1Count {
  category: string;
  customers: number;
  members: number;
}

/** Customers (and members among them) per rank-1 category, most customers first, then by name. */
export function rank1Counts(t: CustomerTable, set: CategorySet): Rank1Count[] {
  const top = set === "all" ? t.allTop : t.reportTop;
  const customers = new Int32Array(t.categories.length);
  const members = new Int32Array(t.categories.length);
  for (let i = 0; i < top.length; i++) {
    customers[top[i]]++;
    if (t.gender[i] > 0) members[top[i]]++;
  }
  const out: Rank1Count[] = [];
  t.categories.forEach((category, c) => {
    if (customers[c] > 0) out.push({category, customers: customers[c], members: members[c]});
  });
  return out.sort((a, b) => b.customers - a.customers || compareText(a.category, b.category));
}

export interface Rank1Customer {
  clnt_id: number;
  member: boolean;
  age: number | null;
  gender: string | null;
  lines_in_category: number;
  lines: number;
}

/** The customers whose rank-1 category is `category`, most purchase lines in it first, then by id. */
export function rank1Customers(t: CustomerTable, set: CategorySet, category: string): Rank1Customer[] {
  const code = t.categories.indexOf(category);
  if (code < 0) return [];
  const top = set === "all" ? t.allTop : t.reportTop;
  const out: Rank1Customer[] = [];
  for (let i = 0; i < top.length; i++) {
    if (top[i] !== code) continue;
    let inCategory = 0;
    for (let j = t.start[i]; j < t.start[i + 1]; j++) if (t.category[j] === code) inCategory = t.n[j];
    const g = t.gender[i];
    out.push({clnt_id: t.ids[i], member: g > 0, age: g > 0 ? t.age[i] : null, gender: g > 0 ? t.genders[g - 1] : null, lines_in_category: inCategory, lines: t.lines[i]});
  }
  return out.sort((a, b) => b.lines_in_category - a.lines_in_category || a.clnt_id - b.clnt_id);
}
