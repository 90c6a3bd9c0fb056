import {RAW_FILE_LABELS} from "./files.js";
import type {RawFile} from "./tables.js";

/**
 * How each raw column is read:
 * - id: digits only, zero padding allowed ("0555562"); blank ⇒ missing_key
 * - int / amount: thousands separators allowed ("1,440", "39,000"); amount may have decimals
 * - date: YYYYMMDD (as in the files) or YYYY-MM-DD, inside the study period
 * - gender: F/M; age: 10, 20, …, 80; device: desktop/mobile/tablet (or the PDF's codes 1/2/3)
 * - text: kept verbatim (leading "=", quotes, commas and all)
 */
export type ColumnKind = "id" | "int" | "amount" | "date" | "gender" | "age" | "device" | "text";
export type SqlType = "BIGINT" | "INTEGER" | "DOUBLE" | "DATE" | "VARCHAR";

export interface ColumnSpec {
  raw: string;
  name: string;
  kind: ColumnKind;
  type: SqlType;
  /** Blank is allowed and stored as NULL. */
  nullable?: boolean;
  /** Part of the record's identity: blank ⇒ missing_key instead of missing_value. */
  key?: boolean;
  /** Smallest valid value; below it ⇒ out_of_range (a negative count or amount is negative_amount first). */
  min?: number;
  /** Largest valid value when smaller than the type's; above it ⇒ out_of_range. */
  max?: number;
  /** Above it ⇒ absurd_amount. */
  absurdAbove?: number;
  /** Longer text ⇒ field_too_long. */
  maxChars?: number;
}

export interface FileSpec {
  file: RawFile;
  label: string;
  columns: readonly ColumnSpec[];
  /** Columns (warehouse names) that identify a row; later rows with the same values are duplicates. */
  unique: readonly string[];
  /** quarantine: keep the first row of a key, quarantine the rest; count: keep all, only count them. */
  duplicates: "quarantine" | "count";
  /**
   * What a header without rows means, for a file where that is data (an extract whose customers never searched, or
   * none of whom is a member) rather than an error.
   */
  whenEmpty?: string;
}

const id = (raw: string, name: string, type: SqlType = "BIGINT"): ColumnSpec => ({raw, name, kind: "id", type, key: true});
// The site's files and pages hold a customer id as a 32-bit integer (the competition's run to 7 digits): a larger
// one is quarantined with its reason rather than failing a loader later.
const clntId = (): ColumnSpec => ({...id("CLNT_ID", "clnt_id"), max: 2_147_483_647});
const text = (raw: string, name: string, maxChars: number, nullable = false): ColumnSpec => ({raw, name, kind: "text", type: "VARCHAR", maxChars, nullable});

export const FILE_SPECS: Readonly<Record<RawFile, FileSpec>> = {
  product: {
    file: "product",
    label: RAW_FILE_LABELS.product,
    columns: [
      clntId(),
      id("SESS_ID", "sess_id"),
      {raw: "HITS_SEQ", name: "hits_seq", kind: "int", type: "INTEGER", min: 1, absurdAbove: 100_000},
      id("PD_C", "pd_c", "INTEGER"),
      text("PD_ADD_NM", "pd_add_nm", 4000, true),
      text("PD_BRA_NM", "pd_bra_nm", 1000, true),
      {raw: "PD_BUY_AM", name: "pd_buy_am", kind: "amount", type: "DOUBLE", absurdAbove: 100_000_000},
      {raw: "PD_BUY_CT", name: "pd_buy_ct", kind: "int", type: "INTEGER", min: 1, absurdAbove: 100_000}
    ],
    // The official key (data description PDF).
    unique: ["clnt_id", "sess_id", "hits_seq", "pd_c", "pd_add_nm"],
    duplicates: "quarantine"
  },
  search1: {
    file: "search1",
    label: RAW_FILE_LABELS.search1,
    columns: [
      clntId(),
      id("SESS_ID", "sess_id"),
      text("KWD_NM", "kwd_nm", 1000),
      {raw: "SEARCH_CNT", name: "search_cnt", kind: "int", type: "INTEGER", min: 1, absurdAbove: 1_000_000}
    ],
    unique: ["clnt_id", "sess_id", "kwd_nm"],
    // Search counts are additive: a repeated keyword row is kept and only counted.
    duplicates: "count",
    whenEmpty: "no customer searched, so no customer has keywords"
  },
  search2: {
    file: "search2",
    label: RAW_FILE_LABELS.search2,
    columns: [
      {raw: "SESS_DT", name: "sess_dt", kind: "date", type: "DATE", key: true},
      {...text("KWD_NM", "kwd_nm", 1000), key: true},
      {raw: "SEARCH_CNT", name: "search_cnt", kind: "int", type: "INTEGER", min: 1, absurdAbove: 1_000_000_000}
    ],
    unique: ["sess_dt", "kwd_nm"],
    duplicates: "count",
    whenEmpty: "no searches by day, so there is no keyword ranking"
  },
  custom: {
    file: "custom",
    label: RAW_FILE_LABELS.custom,
    columns: [
      clntId(),
      {raw: "CLNT_GENDER", name: "gender", kind: "gender", type: "VARCHAR"},
      {raw: "CLNT_AGE", name: "age", kind: "age", type: "INTEGER"}
    ],
    unique: ["clnt_id"],
    duplicates: "quarantine",
    whenEmpty: "no customer is a member, so nothing is broken down by age or gender"
  },
  session: {
    file: "session",
    label: RAW_FILE_LABELS.session,
    columns: [
      clntId(),
      id("SESS_ID", "sess_id"),
      {raw: "SESS_SEQ", name: "sess_seq", kind: "int", type: "INTEGER", min: 1, absurdAbove: 100_000_000},
      {raw: "SESS_DT", name: "sess_dt", kind: "date", type: "DATE"},
      {raw: "TOT_PAG_VIEW_CT", name: "tot_pag_view_ct", kind: "int", type: "INTEGER", nullable: true, absurdAbove: 1_000_000},
      // Seconds; 10,000,000 s is 116 days, longer than any session can last in a 183-day log.
      {raw: "TOT_SESS_HR_V", name: "tot_sess_hr_v", kind: "int", type: "INTEGER", nullable: true, absurdAbove: 10_000_000},
      {raw: "DVC_CTG_NM", name: "dvc_ctg_nm", kind: "device", type: "VARCHAR"},
      text("ZON_NM", "zon_nm", 200),
      text("CITY_NM", "city_nm", 200)
    ],
    unique: ["clnt_id", "sess_id"],
    duplicates: "quarantine"
  },
  master: {
    file: "master",
    label: RAW_FILE_LABELS.master,
    columns: [
      id("PD_C", "pd_c", "INTEGER"),
      text("PD_NM", "pd_nm", 4000),
      text("CLAC1_NM", "clac1_nm", 200),
      text("CLAC2_NM", "clac2_nm", 200),
      text("CLAC3_NM", "clac3_nm", 200)
    ],
    unique: ["pd_c"],
    duplicates: "quarantine"
  }
};

/** Files in the order they must be read: later files are checked against earlier ones. */
export const INGEST_ORDER: readonly RawFile[] = ["master", "session", "custom", "product", "search1", "search2"];

/** The files each file is checked against (orphans, the price rule): it is read once they are in. */
export const INGEST_AFTER: Readonly<Partial<Record<RawFile, readonly RawFile[]>>> = {product: ["master", "session"], search1: ["session"]};

/** Match a header (as read) to a spec: column index per raw name, plus unknown extra columns. */
export function mapHeader(spec: FileSpec, header: readonly string[]): {index: Record<string, number>; missing: string[]; extra: string[]; duplicated: string[]} {
  const norm = header.map((h) => h.replace(/^\ufeff/, "").trim().toUpperCase());
  const index: Record<string, number> = {};
  const missing: string[] = [];
  const duplicated: string[] = [];
  for (const col of spec.columns) {
    const hits = norm.flatMap((h, i) => (h === col.raw ? [i] : []));
    if (!hits.length) missing.push(col.raw);
    else if (hits.length > 1) duplicated.push(col.raw);
    else index[col.raw] = hits[0];
  }
  const known = new Set(spec.columns.map((c) => c.raw));
  const extra = header.filter((_, i) => !known.has(norm[i]));
  return {index, missing, extra, duplicated};
}
