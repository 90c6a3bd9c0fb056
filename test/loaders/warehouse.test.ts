import {renameSync, rmSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {RAW_FILES, type RawFile} from "../../src/ingest/tables.js";
import {appendLines, balanced, build, type Built, cleanup, copyValid, readText, reconciliation, writeFile} from "../ingest/helpers.js";

// Malformed inputs (row-level defects, broken files, wrong encodings, the weather export) live in
// test/hardening/malformed-corpus.test.ts, one named case each.

afterAll(cleanup);

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

describe("reader-level edge cases", () => {
  it("a quoted field with a line break is one record", async () => {
    const dir = copyValid();
    appendLines(dir, "master", ['000011,"두 줄\n상품명",여성의류,여성의류상의,여성티셔츠']);
    const b = await build(dir);
    expect(b.report.files.master).toMatchObject({rowsRead: 11, rowsAccepted: 11, physicalLines: 13});
    expect((await b.query("SELECT pd_nm FROM master WHERE pd_c = 11"))[0].pd_nm).toBe("두 줄\n상품명");
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

  it("Search1, Search2 and Custom may hold their header only (customers who never searched, none a member): empty tables and a warning", async () => {
    const dir = copyValid();
    for (const f of ["search1", "search2", "custom"] as const) writeFile(dir, f, readText(dir, f).split("\n")[0] + "\n");
    const b = await build(dir);
    for (const f of ["search1", "search2", "custom"] as const) {
      expect(b.report.files[f], f).toMatchObject({rowsRead: 0, rowsAccepted: 0, rowsQuarantined: 0});
      expect(b.report.files[f].warnings, f).toEqual([expect.stringMatching(/^the header only: no /)]);
      expect((await b.query<{n: number}>(`SELECT count(*)::INTEGER AS n FROM ${f}`))[0].n, f).toBe(0);
    }
    expect(b.report.files.product.rowsAccepted).toBe(9);
    // said on every page (the source line's notes), not only in the build's log
    expect(b.report.notes).toEqual(expect.arrayContaining(["02.Search1 holds its header only: no customer searched, so no customer has keywords", "04.Custom holds its header only: no customer is a member, so nothing is broken down by age or gender"]));
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

describe("the data's own period, holidays and weather", () => {
  const shift = (text: string, from: string, to: string) => text.replaceAll(`,${from}`, `,${to}`);

  it("the period is first to last session date; a narrower --end quarantines the rest; a lone mistyped year is named", async () => {
    const dir = copyValid();
    const b = await build(dir);
    expect(b.report.period).toMatchObject({start: "2018-04-01", end: "2018-09-30", days: 183, narrowed: false, gaps: []});
    expect(await b.query("SELECT strftime(split_date, '%Y-%m-%d') AS split, holidays_known, weather FROM period")).toEqual([{split: "2018-07-01", holidays_known: true, weather: true}]);
    b.duck.close();

    const narrow = await build(copyValid(), {period: {end: "2018-08-31"}});
    expect(narrow.report.period).toMatchObject({start: "2018-04-01", end: "2018-08-15", narrowed: true});
    expect(narrow.report.files.session.quarantined).toEqual({out_of_range_date: 3});
    narrow.duck.close();

    const typo = copyValid();
    appendLines(typo, "session", ["106,00000777,1,20080702,10,100,mobile,Seoul,Seoul"]);
    await expect(build(typo)).rejects.toThrow(/^weather-seoul-108\.csv: station 108 lacks 3560 days .*Note: 05\.Session has no session from 2008-07-03 to 2018-03-31, which looks like a mistyped date/);
    rmSync(join(typo, "weather-seoul-108.csv"));
    const t = await build(typo);
    expect(t.report.period.start).toBe("2008-07-02");
    expect(t.report.period.gaps).toEqual([{from: "2008-07-03", to: "2018-03-31", days: 3559}]);
    expect(t.report.notes.some((n) => n.startsWith("no session at all from 2008-07-03 to 2018-03-31 (3559 days)"))).toBe(true);
    expect(t.report.period.holidays.unknownYears).toEqual([2008, 2009, 2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017]);
    t.duck.close();
  });

  it("data of another year: its own holidays, and without a weather file no weather, said in a note", async () => {
    const dir = copyValid();
    writeFile(dir, "session", shift(readText(dir, "session"), "2018", "2019"));
    writeFile(dir, "search2", readText(dir, "search2").replaceAll("2018", "2019"));
    rmSync(join(dir, "weather-seoul-108.csv"));
    const b = await build(dir);
    expect(b.report.period).toMatchObject({start: "2019-04-01", end: "2019-09-30"});
    expect(b.report.weather).toMatchObject({origin: "bundled", days: 0});
    expect(b.report.notes[0]).toBe("no weather file, and the bundled Seoul series covers 2018-04-01..2018-09-30, none of the data's 2019-04-01..2019-09-30: the models run without weather");
    expect(await b.query("SELECT count(*) AS n FROM weather")).toEqual([{n: 0}]);
    expect(await b.query("SELECT name FROM calendar WHERE date = '2019-09-13'")).toEqual([{name: "추석"}]);
    expect(await b.query("SELECT name FROM calendar WHERE date = '2019-05-01'")).toEqual([{name: "근로자의 날"}]);
    b.duck.close();
  });

  it("2018 data without a weather file reads the bundled KMA Seoul series", async () => {
    const dir = copyValid();
    rmSync(join(dir, "weather-seoul-108.csv"));
    const b = await build(dir);
    expect(b.report.weather).toMatchObject({origin: "bundled", days: 183, stationName: "서울", encoding: "cp949"});
    expect(await b.query("SELECT temp_mean FROM weather WHERE date = '2018-08-01'")).toEqual([{temp_mean: 33.6}]);
    b.duck.close();
  });

  it("LPOINT_WEATHER_FILE and --weather name the same file the same way", async () => {
    const dir = copyValid();
    const file = join(dir, "weather-seoul-108.csv");
    const elsewhere = join(copyValid(), "kma.csv");
    renameSync(file, elsewhere);
    const viaOption = await build(dir, {weatherFile: elsewhere});
    const viaEnv = await build(dir, {env: {LPOINT_WEATHER_FILE: elsewhere}});
    expect(viaOption.report.weather).toMatchObject({origin: "given", days: 183});
    expect(viaEnv.report.weather).toEqual(viaOption.report.weather);
    viaOption.duck.close();
    viaEnv.duck.close();
  });
});
