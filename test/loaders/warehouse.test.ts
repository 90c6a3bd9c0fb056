import {readFileSync, rmSync, writeFileSync} from "node:fs";
import iconv from "iconv-lite";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {buildWarehouse} from "../../loaders/warehouse.js";
import {DataError} from "../../src/ingest/errors.js";
import type {FileReport} from "../../src/ingest/report.js";
import {RAW_FILES, type RawFile} from "../../src/ingest/tables.js";
import {appendLines, build, type Built, cleanup, copyValid, pathOf, readText, tempDir, writeFile} from "../ingest/helpers.js";

afterAll(cleanup);

async function expectDataError(dir: string, file: string | RegExp, problem: RegExp, options = {}): Promise<DataError> {
  const error = await buildWarehouse({dataDir: dir, dbPath: `${tempDir()}/w.duckdb`, log: () => {}, ...options}).then(
    () => null,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(DataError);
  const e = error as DataError;
  if (typeof file === "string") expect(e.file).toBe(file);
  else expect(e.file).toMatch(file);
  expect(e.problem).toMatch(problem);
  expect(e.message).toContain(e.file);
  return e;
}

function balanced(r: FileReport): void {
  expect(r.rowsRead).toBe(r.rowsAccepted + r.rowsQuarantined);
  expect(Object.values(r.quarantined).reduce((s, n) => s + (n ?? 0), 0)).toBe(r.rowsQuarantined);
}

async function reconciliation(b: Built): Promise<Record<string, {rows_read: number; rows_accepted: number; rows_quarantined: number}>> {
  const rows = await b.query<{file: string; rows_read: number; rows_accepted: number; rows_quarantined: number}>("SELECT * FROM reconciliation");
  return Object.fromEntries(rows.map((r) => [r.file, r]));
}

describe("the valid hand-made data set", () => {
  let b: Built;
  beforeAll(async () => {
    b = await build(copyValid());
  });
  afterAll(() => b.duck.close());

  it("reconciles every file exactly, in the report and in the warehouse", async () => {
    const rec = await reconciliation(b);
    const expected: Record<RawFile, [number, number]> = {product: [10, 9], search1: [6, 6], search2: [5, 5], custom: [5, 5], session: [9, 9], master: [10, 10]};
    for (const f of RAW_FILES) {
      const r = b.report.files[f];
      balanced(r);
      expect([r.rowsRead, r.rowsAccepted], f).toEqual(expected[f]);
      expect(rec[f]).toMatchObject({rows_read: r.rowsRead, rows_accepted: r.rowsAccepted, rows_quarantined: r.rowsQuarantined});
      expect((await b.query<{n: number}>(`SELECT count(*) AS n FROM ${f}`))[0].n).toBe(r.rowsAccepted);
    }
    expect(rec.weather).toMatchObject({rows_read: 183, rows_accepted: 183, rows_quarantined: 0});
  });

  it("quarantines the HITS_SEQ = 1 line under the official notice, with its raw text", async () => {
    expect(b.report.files.product.quarantined).toEqual({hits_seq_1_notice: 1});
    expect(await b.query("SELECT file, line_no, reason, raw FROM quarantine")).toEqual([
      {file: "product", line_no: 8, reason: "hits_seq_1_notice", raw: '0000101,01670494,1,000002,1개,,"12,000",1'}
    ]);
  });

  it("types the Product rows: zero padding gone, separators parsed, prices in thousands scaled", async () => {
    const rows = await b.query("SELECT * FROM product ORDER BY line_no");
    expect(rows.length).toBe(9);
    expect(rows[0]).toEqual({line_no: 1, clnt_id: 101, sess_id: 313, hits_seq: 12, pd_c: 1, pd_add_nm: "색상:워터멜론", pd_bra_nm: "[바비브라운]", pd_buy_am: 39000, pd_buy_ct: 1, price_scaled: false});
    const byLine = Object.fromEntries(rows.map((r) => [r.line_no as number, r]));
    expect(byLine[3]).toMatchObject({pd_c: 4, pd_buy_am: 1_290_000, price_scaled: true});
    expect(byLine[4]).toMatchObject({pd_c: 6, pd_buy_am: 9_370_000, price_scaled: true});
    expect(byLine[5]).toMatchObject({pd_c: 7, pd_buy_am: 884_000, price_scaled: true});
    expect(byLine[6]).toMatchObject({clnt_id: 1_000_005, pd_add_nm: '사이즈:옵션04, "AN868" / 1개', pd_buy_am: 3000, pd_buy_ct: 1440, price_scaled: false});
    expect(byLine[7]).toMatchObject({pd_buy_am: 1_490_000, price_scaled: false});
    expect(byLine[9]).toMatchObject({pd_bra_nm: null, pd_add_nm: "1개"});
    expect(b.report.files.product.priceScaled).toBe(3);
  });

  it("keeps formula and script text verbatim", async () => {
    expect((await b.query("SELECT pd_add_nm, pd_bra_nm FROM product WHERE line_no = 10"))[0]).toEqual({pd_add_nm: "=SUM(A1:A9)", pd_bra_nm: "<b>brand</b>"});
    expect((await b.query("SELECT pd_nm FROM master WHERE pd_c IN (2, 5, 9) ORDER BY pd_c")).map((r) => r.pd_nm)).toEqual([
      '=HYPERLINK("http://example.com")',
      "<script>alert(1)</script>",
      '12" 모니터 받침'
    ]);
    const kw = (await b.query("SELECT kwd_nm FROM search1")).map((r) => r.kwd_nm);
    expect(kw).toContain("=cmd|' /C calc'!A0");
    expect(kw).toContain("<script>alert('x')</script>");
    expect(kw).toContain('"따옴표" 키워드');
    expect(kw).toContain("프리메라 마스크팩, 대용량");
    expect((await b.query("SELECT kwd_nm FROM search2 WHERE search_cnt = 6"))[0].kwd_nm).toBe('=HYPERLINK("x")');
  });

  it("types Session with NA as NULL and the session key as (CLNT_ID, SESS_ID)", async () => {
    const s = await b.query("SELECT * FROM session ORDER BY clnt_id, sess_id");
    expect(s.filter((r) => r.sess_id === 313).map((r) => r.clnt_id)).toEqual([101, 102]);
    expect(s.find((r) => r.clnt_id === 101 && r.sess_id === 313)).toEqual({
      clnt_id: 101, sess_id: 313, sess_seq: 9, sess_dt: "2018-05-09", tot_pag_view_ct: 82, tot_sess_hr_v: 1890, dvc_ctg_nm: "mobile", zon_nm: "Daejeon", city_nm: "Daejeon"
    });
    expect(s.find((r) => r.clnt_id === 1_000_005)).toMatchObject({tot_pag_view_ct: null, tot_sess_hr_v: null, dvc_ctg_nm: "tablet"});
    expect(s.find((r) => r.clnt_id === 6_592_554)).toMatchObject({tot_sess_hr_v: null, sess_dt: "2018-09-30"});
    expect(b.report.files.session.na).toMatchObject({TOT_PAG_VIEW_CT: 1, TOT_SESS_HR_V: 3, SESS_DT: 0});
  });

  it("types Search1, Search2, Custom and Master", async () => {
    expect(await b.query("SELECT search_cnt FROM search1 WHERE kwd_nm = 'dr.jart'")).toEqual([{search_cnt: 1000}]);
    expect(await b.query("SELECT sess_dt, search_cnt FROM search2 WHERE kwd_nm = '크록스'")).toEqual([{sess_dt: "2018-09-30", search_cnt: 1234}]);
    expect(await b.query("SELECT sess_dt FROM search2 WHERE kwd_nm = '닥터지, 브라이트닝'")).toEqual([{sess_dt: "2018-04-07"}]);
    expect(await b.query("SELECT * FROM custom ORDER BY clnt_id LIMIT 2")).toEqual([{clnt_id: 101, gender: "F", age: 30}, {clnt_id: 102, gender: "M", age: 40}]);
    expect(await b.query("SELECT * FROM master WHERE pd_c = 3")).toEqual([
      {pd_c: 3, pd_nm: "[피핀] 클레르 박스 롱티셔츠, 103764 - ivory / FREE ◈85564075◈", clac1_nm: "여성의류", clac2_nm: "여성의류상의", clac3_nm: "여성티셔츠"}
    ]);
  });

  it("counts NA and \"(not set)\" cells per column", async () => {
    expect(await b.query("SELECT column_name, na, not_set FROM na_counts WHERE file = 'product' AND (na > 0 OR not_set > 0) ORDER BY column_name")).toEqual([
      {column_name: "PD_ADD_NM", na: 0, not_set: 3},
      {column_name: "PD_BRA_NM", na: 2, not_set: 0}
    ]);
  });

  it("adds weather, calendar, the line view and meta", async () => {
    expect(await b.query("SELECT count(*) AS n, min(date) AS first, max(date) AS last, any_value(station) AS station FROM weather")).toEqual([
      {n: 183, first: "2018-04-01", last: "2018-09-30", station: 108}
    ]);
    expect(await b.query("SELECT count(*) AS n, count(*) FILTER (WHERE holiday) AS holidays, count(*) FILTER (WHERE day_off) AS days_off FROM calendar")).toEqual([
      {n: 183, holidays: 10, days_off: 11}
    ]);
    expect(await b.query("SELECT weekday, name FROM calendar WHERE date = '2018-09-24'")).toEqual([{weekday: 1, name: "추석"}]);
    const line = await b.query("SELECT count(*) AS n, sum(amount) AS amount FROM line");
    expect(line[0].n).toBe(9);
    expect(line[0].amount).toBe(39000 + 78000 + 1_290_000 + 9_370_000 + 884_000 + 3000 * 1440 + 1_490_000 + 12000 + 75000);
    const meta = Object.fromEntries((await b.query<{key: string; value: string}>("SELECT key, value FROM meta")).map((r) => [r.key, r.value]));
    expect(meta).toMatchObject({source: "real", data_version: b.report.key, period_start: "2018-04-01", period_end: "2018-09-30", built_at: "2018-09-30", rows_product: "9", price_scaled: "3"});
    expect(JSON.parse(meta.ingest_report).files.product.rowsRead).toBe(10);
  });

  it("reports line counts and the header as read", () => {
    const p = b.report.files.product;
    expect(p.physicalLines).toBe(11);
    expect(p.header).toEqual(["CLNT_ID", "SESS_ID", "HITS_SEQ", "PD_C", "PD_ADD_NM", "PD_BRA_NM", "PD_BUY_AM", "PD_BUY_CT"]);
    expect(b.report.files.search2.physicalLines).toBe(6);
    expect(b.report.weather).toMatchObject({station: 108, stationName: "서울", encoding: "utf-8", days: 183});
  });
});

describe("row-level defects across the six files", () => {
  let b: Built;
  const hugeKeyword = "가".repeat(1_000_000);
  beforeAll(async () => {
    const dir = copyValid();
    appendLines(dir, "product", [
      '0000101,00000313,14,000001,색상:레드,[바비브라운],"-39,000",1', // 11 negative_amount
      '0000101,00000313,15,000001,색상:레드,[바비브라운],"150,000,000",1', // 12 absurd_amount
      '0000101,00000313,16,000001,색상:레드,[바비브라운],"39,00",1', // 13 bad_number
      "0000101,00000313,17,000001,색상:레드,[바비브라운],39000,0", // 14 out_of_range (quantity 0)
      ",00000313,18,000001,색상:레드,[바비브라운],39000,1", // 15 missing_key
      "0000999,00000313,19,000001,색상:레드,[바비브라운],39000,1", // 16 orphan_session
      "0000101,00000313,20,999999,색상:레드,[바비브라운],39000,1", // 17 orphan_pd_c
      '0000101,00000313,12,000001,색상:워터멜론,[바비브라운],"39,000",1', // 18 duplicate_key of line 1
      "", // 19 blank_line
      "0000101,00000313,21,000001,색상:레드,[바비브라운],39000,1,EXTRA", // 20 wrong_column_count
      "0000101,00000313,22,000001,색상:레드", // 21 wrong_column_count
      '0000101,00000313,23,000001,"=cmd|\' /C calc\'!A0",<img src=x onerror=alert(1)>,"1,000",2', // 22 accepted
      "0000101,00000313,24,000001,색상:레드,[바비브라운],NA,1" // 23 missing_value
    ], "\r\n");
    writeFileSync(pathOf(dir, "product"), readFileSync(pathOf(dir, "product"), "utf8") + "0000101,00000313,25,0000"); // 24 truncated, no final newline
    appendLines(dir, "session", [
      "106,00001000,1,20180231,10,100,mobile,Seoul,Seoul", // 10 bad_date
      "107,00001001,1,20181001,10,100,mobile,Seoul,Seoul", // 11 out_of_range_date
      "108,00001002,1,20180701,10,100,smartwatch,Seoul,Seoul", // 12 bad_device
      "101,00000313,99,20180702,10,100,mobile,Seoul,Seoul", // 13 duplicate_key
      "109,00001003,1,20180701,-5,100,mobile,Seoul,Seoul", // 14 negative_amount
      "110,00001004,1,20180701,10,100,mobile,,Seoul", // 15 missing_value
      '111,00001005,1,2018-07-01, 12 ,"2,000",Mobile,Seoul,Seoul' // 16 accepted: ISO date, spaces, capitalised device
    ]);
    appendLines(dir, "custom", ["111,X,30", "112,F,35", "101,M,20", '113,f,"20"']);
    appendLines(dir, "master", ["000001,중복 상품,여성의류,여성의류상의,여성티셔츠", "000011,,여성의류,여성의류상의,여성티셔츠"]);
    appendLines(dir, "search1", ["999,00000313,없는세션,1", `101,00000313,${hugeKeyword},1`, "101,00000313,빌리프 아이크림,2", "101,00000313,키워드,0"]);
    appendLines(dir, "search2", ["2018-05-01,ISO날짜,3", ",빈날짜,3", '20180501,잘못된수,"1,23"', "20180332,잘못된날짜,1", "20180501,,5", "20180501,음수,-3"]);
    writeFileSync(pathOf(dir, "search2"), Buffer.concat([readFileSync(pathOf(dir, "search2")), Buffer.from("20180501,"), Buffer.from([0xff, 0xfe]), Buffer.from("깨짐,1\n")]));
    b = await build(dir);
  });
  afterAll(() => b.duck.close());

  it("reconciles every file exactly", async () => {
    const rec = await reconciliation(b);
    for (const f of RAW_FILES) {
      balanced(b.report.files[f]);
      expect(rec[f].rows_read).toBe(rec[f].rows_accepted + rec[f].rows_quarantined);
      const q = await b.query<{n: number}>("SELECT count(*) AS n FROM quarantine WHERE file = $f", {f});
      expect(q[0].n, f).toBe(rec[f].rows_quarantined);
    }
  });

  it("Product: one reason per bad row, counted", () => {
    const p = b.report.files.product;
    expect([p.rowsRead, p.rowsAccepted, p.rowsQuarantined]).toEqual([24, 10, 14]);
    expect(p.quarantined).toEqual({
      hits_seq_1_notice: 1, negative_amount: 1, absurd_amount: 1, bad_number: 1, out_of_range: 1, missing_key: 1,
      orphan_session: 1, orphan_pd_c: 1, duplicate_key: 1, blank_line: 1, wrong_column_count: 3, missing_value: 1
    });
    expect([p.duplicates, p.orphans]).toEqual([1, 2]);
  });

  it("Product: quarantined rows keep their line number and raw text", async () => {
    const q = await b.query<{line_no: number; reason: string; raw: string; detail: string}>("SELECT line_no, reason, raw, detail FROM quarantine WHERE file = 'product' ORDER BY line_no");
    expect(q.map((r) => [r.line_no, r.reason])).toEqual([
      [8, "hits_seq_1_notice"], [11, "negative_amount"], [12, "absurd_amount"], [13, "bad_number"], [14, "out_of_range"], [15, "missing_key"],
      [16, "orphan_session"], [17, "orphan_pd_c"], [18, "duplicate_key"], [19, "blank_line"], [20, "wrong_column_count"], [21, "wrong_column_count"],
      [23, "missing_value"], [24, "wrong_column_count"]
    ]);
    const at = (n: number) => q.find((r) => r.line_no === n)!;
    expect(at(13)).toMatchObject({raw: '0000101,00000313,16,000001,색상:레드,[바비브라운],"39,00",1', detail: 'PD_BUY_AM is not a number: "39,00"'});
    expect(at(20).raw).toBe("0000101,00000313,21,000001,색상:레드,[바비브라운],39000,1,EXTRA");
    expect(at(24).raw).toBe("0000101,00000313,25,0000");
    expect(at(18).detail).toMatch(/as line 1\b/);
  });

  it("Product: an accepted row after blank and broken lines gets its true line number", async () => {
    expect(await b.query("SELECT line_no, pd_add_nm, pd_bra_nm, pd_buy_am FROM product WHERE hits_seq = 23")).toEqual([
      {line_no: 22, pd_add_nm: "=cmd|' /C calc'!A0", pd_bra_nm: "<img src=x onerror=alert(1)>", pd_buy_am: 1000}
    ]);
  });

  it("Session: bad and out-of-range dates, device, duplicate, negative, missing", async () => {
    const s = b.report.files.session;
    expect([s.rowsRead, s.rowsAccepted]).toEqual([16, 10]);
    expect(s.quarantined).toEqual({bad_date: 1, out_of_range_date: 1, bad_device: 1, duplicate_key: 1, negative_amount: 1, missing_value: 1});
    expect((await b.query("SELECT sess_seq FROM session WHERE clnt_id = 101 AND sess_id = 313"))[0].sess_seq).toBe(9);
    expect(await b.query("SELECT sess_dt, tot_pag_view_ct, tot_sess_hr_v, dvc_ctg_nm FROM session WHERE clnt_id = 111")).toEqual([
      {sess_dt: "2018-07-01", tot_pag_view_ct: 12, tot_sess_hr_v: 2000, dvc_ctg_nm: "mobile"}
    ]);
  });

  it("Custom: bad gender, bad age, a duplicate keeps the first row", async () => {
    const c = b.report.files.custom;
    expect([c.rowsRead, c.rowsAccepted]).toEqual([9, 6]);
    expect(c.quarantined).toEqual({bad_gender: 1, bad_age: 1, duplicate_key: 1});
    expect(await b.query("SELECT gender, age FROM custom WHERE clnt_id IN (101, 113) ORDER BY clnt_id")).toEqual([{gender: "F", age: 30}, {gender: "F", age: 20}]);
  });

  it("Master: duplicate code and blank name", () => {
    expect(b.report.files.master.quarantined).toEqual({duplicate_key: 1, missing_value: 1});
  });

  it("Search1: orphan session, a 1 MB keyword, a zero count; a repeated keyword is kept and counted", async () => {
    const s = b.report.files.search1;
    expect([s.rowsRead, s.rowsAccepted]).toEqual([10, 7]);
    expect(s.quarantined).toEqual({orphan_session: 1, field_too_long: 1, out_of_range: 1});
    expect(s.duplicates).toBe(1);
    const huge = await b.query<{raw: string; detail: string}>("SELECT raw, detail FROM quarantine WHERE reason = 'field_too_long'");
    expect(huge[0].raw.length).toBe(2000);
    expect(huge[0].raw.startsWith("101,00000313,가가")).toBe(true);
    expect(huge[0].detail).toBe("KWD_NM has 1000000 characters (limit 1000)");
  });

  it("Search2: dates, separators, missing keys, negative counts, a stray non-UTF-8 row", () => {
    const s = b.report.files.search2;
    expect([s.rowsRead, s.rowsAccepted]).toEqual([12, 6]);
    expect(s.quarantined).toEqual({missing_key: 2, bad_number: 1, bad_date: 1, negative_amount: 1, bad_encoding: 1});
  });
});

describe("reader-level edge cases", () => {
  it("an unterminated quote swallows up to the next quote: one parse_error record, counts still exact", async () => {
    const dir = copyValid();
    const lines = readText(dir, "product").split("\r\n");
    lines.splice(4, 0, '0000101,06616320,86,000004,"unterminated,삼성,1000,1');
    writeFile(dir, "product", lines.join("\r\n"));
    const b = await build(dir);
    const p = b.report.files.product;
    expect([p.rowsRead, p.rowsAccepted, p.physicalLines]).toEqual([10, 8, 12]);
    expect(p.quarantined).toEqual({hits_seq_1_notice: 1, parse_error: 1});
    const q = await b.query<{line_no: number; detail: string}>("SELECT line_no, detail FROM quarantine WHERE reason = 'parse_error'");
    expect(q).toEqual([{line_no: 4, detail: expect.stringMatching(/record spans 2 lines/)}]);
    expect((await b.query("SELECT line_no FROM product WHERE clnt_id = 104"))[0].line_no).toBe(5);
    b.duck.close();
  });

  it("a quoted field with a line break is one record", async () => {
    const dir = copyValid();
    appendLines(dir, "master", ['000011,"두 줄\n상품명",여성의류,여성의류상의,여성티셔츠']);
    const b = await build(dir);
    expect(b.report.files.master).toMatchObject({rowsRead: 11, rowsAccepted: 11, physicalLines: 13});
    expect((await b.query("SELECT pd_nm FROM master WHERE pd_c = 11"))[0].pd_nm).toBe("두 줄\n상품명");
    b.duck.close();
  });

  it("a record longer than the reader's limit is quarantined as line_too_long", async () => {
    const dir = copyValid();
    appendLines(dir, "search2", [`20180501,${"x".repeat(300_000)},1`, "20180502,뒤,1"]);
    const b = await build(dir, {maxLineBytes: 100_000});
    expect(b.report.files.search2.quarantined).toEqual({line_too_long: 1});
    expect(b.report.files.search2.rowsAccepted).toBe(6);
    b.duck.close();
  });

  it("blank lines are counted and quarantined, never skipped silently", async () => {
    const dir = copyValid();
    const text = readText(dir, "custom").trimEnd().split("\n");
    text.splice(2, 0, "", "");
    writeFile(dir, "custom", text.join("\n") + "\n\n");
    const b = await build(dir);
    const c = b.report.files.custom;
    expect([c.rowsRead, c.rowsAccepted, c.quarantined.blank_line]).toEqual([8, 5, 3]);
    expect((await b.query("SELECT line_no FROM quarantine WHERE reason = 'blank_line' ORDER BY 1")).map((r) => r.line_no)).toEqual([2, 3, 8]);
    expect(c.warnings).toEqual([]);
    b.duck.close();
  });

  it("old Mac line ends (CR only) read like LF and CRLF", async () => {
    const dir = copyValid();
    writeFile(dir, "product", readText(dir, "product").replaceAll("\r\n", "\r"));
    writeFile(dir, "custom", readText(dir, "custom").replaceAll("\n", "\r\n") + "\r\n");
    const b = await build(dir);
    expect(b.report.files.product).toMatchObject({rowsRead: 10, rowsAccepted: 9, physicalLines: 11});
    expect(b.report.files.custom).toMatchObject({rowsRead: 6, rowsAccepted: 5, quarantined: {blank_line: 1}});
    expect((await b.query("SELECT line_no FROM product WHERE clnt_id = 103"))[0].line_no).toBe(4);
    b.duck.close();
  });

  it("extra columns are ignored with a warning; column order does not matter", async () => {
    const dir = copyValid();
    writeFile(dir, "custom", "CLNT_AGE,EXTRA,CLNT_ID,CLNT_GENDER\n30,x,101,F\n40,y,102,M\n");
    const b = await build(dir);
    expect(await b.query("SELECT * FROM custom ORDER BY clnt_id")).toEqual([{clnt_id: 101, gender: "F", age: 30}, {clnt_id: 102, gender: "M", age: 40}]);
    expect(b.report.files.custom.warnings).toEqual(["extra columns ignored: EXTRA"]);
    b.duck.close();
  });
});

describe("file-level problems give one DataError naming the file", () => {
  it("missing file", async () => {
    const dir = copyValid();
    rmSync(pathOf(dir, "search2"));
    await expectDataError(dir, "03.Search2", /file not found in .*"03\.Search2\.csv"/);
  });

  it("two files for one role", async () => {
    const dir = copyValid();
    writeFile(dir, "custom", readText(dir, "custom"));
    writeFileSync(`${dir}/04.Custom.csv`, readText(dir, "custom"));
    await expectDataError(dir, "04.Custom", /several files .*"04\.Custom\.csv".*"Custom\.csv"/);
  });

  it("missing column", async () => {
    const dir = copyValid();
    const text = readText(dir, "product").replace('"PD_BUY_CT"', '"PD_BUY_COUNT"');
    writeFile(dir, "product", text);
    await expectDataError(dir, /Pruduct\.csv$/, /missing column PD_BUY_CT \(01\.Product needs .*; the header has .*"PD_BUY_COUNT"/);
  });

  it("a semicolon-separated file", async () => {
    const dir = copyValid();
    writeFile(dir, "master", readText(dir, "master").replaceAll(",", ";"));
    await expectDataError(dir, "06.Master.csv", /missing columns PD_C, PD_NM.*does not look comma-separated/);
  });

  it("a duplicated header column", async () => {
    const dir = copyValid();
    writeFile(dir, "custom", "CLNT_ID,CLNT_GENDER,CLNT_AGE,CLNT_AGE\n1,F,30,30\n");
    await expectDataError(dir, "Custom.csv", /CLNT_AGE appears twice/);
  });

  it("empty file", async () => {
    const dir = copyValid();
    writeFile(dir, "session", "");
    await expectDataError(dir, "05.Session.csv", /file is empty \(0 bytes\)/);
  });

  it("only a BOM and a line break", async () => {
    const dir = copyValid();
    writeFile(dir, "session", "\ufeff\n");
    await expectDataError(dir, "05.Session.csv", /file is empty/);
  });

  it("header only", async () => {
    const dir = copyValid();
    writeFile(dir, "search1", "CLNT_ID,SESS_ID,KWD_NM,SEARCH_CNT\n");
    await expectDataError(dir, "02.Search1.csv", /has a header but no data rows/);
  });

  it("a CP949 (EUC-KR) re-save", async () => {
    const dir = copyValid();
    writeFile(dir, "search2", iconv.encode(readText(dir, "search2"), "cp949"));
    await expectDataError(dir, "03.Search2.csv", /not UTF-8: .*looks like CP949\/EUC-KR/);
  });

  it("a CP949 file whose first megabyte is ASCII", async () => {
    const dir = copyValid();
    const ascii = Array.from({length: 40_000}, (_, i) => `20180501,kw${i},1`).join("\n");
    const korean = Array.from({length: 500}, (_, i) => `20180502,키워드${i},1`).join("\n");
    writeFile(dir, "search2", Buffer.concat([Buffer.from(`SESS_DT,KWD_NM,SEARCH_CNT\n${ascii}\n`), iconv.encode(`${korean}\n`, "cp949")]));
    await expectDataError(dir, "03.Search2.csv", /not UTF-8: 500 of 40500 rows have invalid bytes \(first at line 40001\); it looks like CP949\/EUC-KR/);
  });

  it("a UTF-16 file", async () => {
    const dir = copyValid();
    writeFile(dir, "custom", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readText(dir, "custom"), "utf16le")]));
    await expectDataError(dir, "Custom.csv", /UTF-16LE/);
  });

  it("no valid row at all", async () => {
    const dir = copyValid();
    writeFile(dir, "custom", "CLNT_ID,CLNT_GENDER,CLNT_AGE\n1,X,30\n2,Y,40\n");
    await expectDataError(dir, "Custom.csv", /no valid rows: all 2 rows were quarantined \(bad_gender 2\)/);
  });

  it("no weather file", async () => {
    const dir = copyValid();
    rmSync(pathOf(dir, "weather"));
    await expectDataError(dir, "weather-seoul-108.csv", /weather file not found in .*LPOINT_WEATHER_FILE/);
  });

  it("weather without the station", async () => {
    await expectDataError(copyValid(), "weather-seoul-108.csv", /station 999 not found \(stations in the file: 108, 159\)/, {station: 999});
  });

  it("weather missing a day", async () => {
    const dir = copyValid();
    writeFile(dir, "weather", readText(dir, "weather").replace(/^서울,108,2018-06-10,.*\n/m, ""));
    await expectDataError(dir, "weather-seoul-108.csv", /station 108 lacks 1 day of 2018-04-01\.\.2018-09-30: 2018-06-10/);
  });
});
