/** The raw text formats of the six competition files, quirks included (published facts of the real files). */
import type {MasterRow} from "./products.js";
import type {ProductRow, Search1Row, SessionRow} from "./purchases.js";
import type {Search2Row} from "./search2.js";

export const RAW_FILE_NAMES = {
  product: "제5회 Big Data Competition-분석용데이터-01.Pruduct.csv",
  search1: "제5회 Big Data Competition-분석용데이터-02.Search1.csv",
  search2: "제5회 Big Data Competition-분석용데이터-03.Search2.csv",
  custom: "제5회 Big Data Competition-분석용데이터-04.Custom.csv",
  session: "제5회 Big Data Competition-분석용데이터-05.Session.csv",
  master: "제5회 Big Data Competition-분석용데이터-06.Master.csv"
} as const;
export type RawFileKey = keyof typeof RAW_FILE_NAMES;

export const WEATHER_FILE_NAME = "weather-seoul-108.csv";
export const TRUTH_FILE_NAME = "truth.json";

export const HEADERS: Readonly<Record<RawFileKey, string>> = {
  product: "CLNT_ID,SESS_ID,HITS_SEQ,PD_C,PD_ADD_NM,PD_BRA_NM,PD_BUY_AM,PD_BUY_CT",
  search1: "CLNT_ID,SESS_ID,KWD_NM,SEARCH_CNT",
  search2: "SESS_DT,KWD_NM,SEARCH_CNT",
  custom: "CLNT_ID,CLNT_GENDER,CLNT_AGE",
  // 05.Session alone starts with a UTF-8 BOM and quotes its header
  session: "\uFEFF\"CLNT_ID\",\"SESS_ID\",\"SESS_SEQ\",\"SESS_DT\",\"TOT_PAG_VIEW_CT\",\"TOT_SESS_HR_V\",\"DVC_CTG_NM\",\"ZON_NM\",\"CITY_NM\"",
  master: "PD_C,PD_NM,CLAC1_NM,CLAC2_NM,CLAC3_NM"
};

const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll("\"", "\"\"")}"` : value;
}

/** Integers of 1000 or more are written as quoted strings with thousands separators ("1,290,000"). */
export function withThousands(n: number): string {
  if (n < 1000) return String(n);
  let s = String(n);
  let out = "";
  while (s.length > 3) {
    out = `,${s.slice(-3)}${out}`;
    s = s.slice(0, -3);
  }
  return `"${s}${out}"`;
}

export function zeroPad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

export function productLine(r: ProductRow): string {
  return `${zeroPad(r.clntId, 7)},${zeroPad(r.sessId, 8)},${r.hitsSeq},${zeroPad(r.pdC, 6)},${csvField(r.option)},${csvField(r.brand)},${withThousands(r.price)},${withThousands(r.quantity)}`;
}

export function sessionLine(r: SessionRow): string {
  return `${r.clntId},${zeroPad(r.sessId, 8)},${r.sessSeq},${r.sessDt},${r.pageViews ?? ""},${r.seconds === null ? "" : withThousands(r.seconds)},${r.device},${r.zone},${r.city}`;
}

export function search1Line(r: Search1Row): string {
  return `${r.clntId},${zeroPad(r.sessId, 8)},${csvField(r.keyword)},${r.count}`;
}

export function search2Line(r: Search2Row): string {
  return `${r.sessDt},${csvField(r.keyword)},${withThousands(r.count)}`;
}

export interface CustomRow {
  clntId: number;
  gender: "F" | "M";
  age: number;
}

export function customLine(r: CustomRow): string {
  return `${r.clntId},${r.gender},${r.age}`;
}

export function masterLine(r: MasterRow): string {
  return `${zeroPad(r.pdC, 6)},${csvField(r.name)},${csvField(r.clac1)},${csvField(r.clac2)},${csvField(r.clac3)}`;
}
