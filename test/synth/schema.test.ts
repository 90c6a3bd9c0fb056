import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import iconv from "iconv-lite";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {KNOWN_CATEGORIES} from "../../src/categories.js";
import {HEADERS, RAW_FILE_NAMES, type RawFileKey} from "../../src/synth/csv.js";
import {HOSTILE_STRINGS} from "../../src/synth/names.js";
import {CITY_NAMES} from "../../src/synth/regions.js";
import type {TwinTruth} from "../../src/synth/twin.js";
import {KMA_HEADER} from "../../src/synth/weather.js";
import {cachedTwin, openTwin} from "./fixture.js";

const SHARED = "/work/shared/data";
let dir: string;
let truth: TwinTruth;
let duck: Duck;
const raw: Partial<Record<RawFileKey, string>> = {};
const lines = (key: RawFileKey) => raw[key]!.split("\n").slice(1, -1);
const one = async <T>(sql: string) => (await duck.query<T>(sql))[0];

beforeAll(async () => {
  ({dir, truth} = await cachedTwin("tiny", 20180401));
  for (const key of Object.keys(RAW_FILE_NAMES) as RawFileKey[]) raw[key] = readFileSync(join(dir, RAW_FILE_NAMES[key]), "utf8");
  duck = await openTwin(dir);
  for (const t of ["product", "session", "search1", "search2", "custom", "master"]) await duck.run(`CREATE TABLE t_${t} AS SELECT * FROM ${t}`);
});
afterAll(() => duck?.close());

describe("file format", () => {
  it("uses the original headers; only 05.Session has a BOM and a quoted header", () => {
    for (const key of Object.keys(RAW_FILE_NAMES) as RawFileKey[]) {
      expect(raw[key]!.slice(0, raw[key]!.indexOf("\n"))).toBe(HEADERS[key]);
      expect(raw[key]!.startsWith("\uFEFF")).toBe(key === "session");
    }
    expect(readFileSync(join(dir, RAW_FILE_NAMES.session)).subarray(0, 4).toString("hex")).toBe("efbbbf22");
  });

  it("pads ids: CLNT_ID 7 digits in Product only, SESS_ID 8 digits, PD_C 6 digits", () => {
    const product = lines("product").map((l) => l.split(","));
    expect(product.every((f) => /^\d{7}$/.test(f[0]) && /^\d{8}$/.test(f[1]) && /^\d{6}$/.test(f[3]))).toBe(true);
    expect(product.some((f) => f[0].startsWith("0"))).toBe(true);
    expect(lines("session").every((l) => /^[1-9]\d*,\d{8},\d+,2018(0[4-9])\d\d,/.test(l))).toBe(true);
    expect(lines("search1").every((l) => /^[1-9]\d*,\d{8},/.test(l))).toBe(true);
    expect(lines("master").every((l) => /^\d{6},/.test(l))).toBe(true);
    expect(lines("search2").every((l) => /^2018(0[4-9])\d\d,/.test(l))).toBe(true);
  });

  it("writes thousands separators in quotes in PD_BUY_AM, PD_BUY_CT, TOT_SESS_HR_V and Search2 SEARCH_CNT", () => {
    expect(raw.product).toMatch(/,"\d{1,3},\d{3}",\d+\n/);
    expect(raw.product).toMatch(/,"\d{1,3},\d{3}"\n/);
    expect(raw.session).toMatch(/,"\d{1,3},\d{3}",(mobile|desktop|tablet),/);
    expect(raw.search2).toMatch(/,"\d,\d{3}"\n/);
    expect(truth.prices.bulkQuantityLines.length).toBeGreaterThanOrEqual(1);
    expect(truth.prices.bulkQuantityLines.every((b) => b.quantity >= 1000)).toBe(true);
  });

  it("has the free-text quirks: (not set), brackets, commas and quotes, leading =, hostile strings", () => {
    expect(raw.product).toContain(",(not set),");
    expect(raw.product).toMatch(/,\[[^\]]+\],/);
    expect(raw.master).toMatch(/\n\d{6},=/);
    expect(raw.master).toMatch(/\n\d{6},"[^\n]*""/);
    for (const s of HOSTILE_STRINGS) {
      const cell = /[",]/.test(s) ? `"${s.replaceAll("\"", "\"\"")}"` : s;
      expect(raw.search1, s).toContain(cell);
      expect(raw.search2, s).toContain(cell);
      expect(raw.master, s).toContain(cell);
    }
  });

  it("parses as RFC 4180 with every row complete", async () => {
    const counts = await one<Record<string, number>>(`SELECT
      (SELECT count(*) FROM t_product WHERE pd_buy_am IS NULL OR pd_buy_ct IS NULL OR hits_seq IS NULL) AS product,
      (SELECT count(*) FROM t_search1 WHERE search_cnt IS NULL OR kwd_nm IS NULL) AS search1,
      (SELECT count(*) FROM t_master WHERE clac3_nm IS NULL) AS master`);
    expect(counts).toEqual({product: 0, search1: 0, master: 0});
    const n = await one<{p: number; m: number}>(`SELECT (SELECT count(*) FROM t_product) AS p, (SELECT count(*) FROM t_master) AS m`);
    expect(n.p).toBe(truth.counts.productLines);
    expect(n.m).toBe(truth.counts.masterRows);
  });
});

describe("cells", () => {
  it("has NA page views, blank session times only on bounce-like sessions, and the caps", async () => {
    const s = await one<{pv_na: number; t_na: number; t_na_bad: number; pv_max: number; n: number}>(`SELECT
      count(*) FILTER (tot_pag_view_ct IS NULL) AS pv_na, count(*) FILTER (tot_sess_hr_v IS NULL) AS t_na,
      count(*) FILTER (tot_sess_hr_v IS NULL AND coalesce(tot_pag_view_ct, 1) <> 1) AS t_na_bad,
      max(tot_pag_view_ct) AS pv_max, count(*) AS n FROM t_session`);
    expect(s.pv_na).toBeGreaterThanOrEqual(1);
    expect(s.pv_na).toBe(truth.quirks.pageViewNa);
    expect(s.t_na_bad).toBe(0);
    expect(s.t_na / s.n).toBeGreaterThan(0.002);
    expect(s.t_na / s.n).toBeLessThan(0.01);
    expect(s.pv_max).toBeLessThanOrEqual(499);
    const h = await one<{min: number; max: number; ones: number; at500: number; n: number; lonely: number}>(`SELECT min(hits_seq) AS min, max(hits_seq) AS max,
      count(*) FILTER (hits_seq = 1) AS ones, count(*) FILTER (hits_seq = 500) AS at500, count(*) AS n,
      (SELECT count(*) FROM (SELECT clnt_id, sess_id FROM t_product GROUP BY ALL HAVING bool_and(hits_seq = 1))) AS lonely FROM t_product`);
    expect(h.min).toBe(1);
    expect(h.max).toBe(500);
    expect(h.at500).toBeGreaterThan(0);
    expect(h.ones).toBe(truth.quirks.hitsSeqOne);
    expect(h.ones / h.n).toBeGreaterThan(0.0003);
    expect(h.ones / h.n).toBeLessThan(0.003);
    expect(h.lonely).toBe(0);
  });

  it("records some big-ticket prices in thousands, as listed in truth.json", async () => {
    const quirk = truth.prices.thousandsQuirk;
    expect(quirk.lines).toBeGreaterThan(0);
    const codes = quirk.products.map((p) => p.pdC).join(",");
    const r = await one<{n: number; maxPrice: number; genuineMin: number}>(`SELECT
      count(*) FILTER (pd_c IN (${codes})) AS n, max(pd_buy_am) FILTER (pd_c IN (${codes})) AS "maxPrice",
      coalesce(min(pd_buy_am) FILTER (pd_c NOT IN (${codes}) AND m.clac2_nm IN (SELECT DISTINCT clac2_nm FROM t_master WHERE pd_c IN (${codes}))), 1e9) AS "genuineMin"
      FROM t_product JOIN t_master m USING (pd_c)`);
    expect(r.n).toBe(quirk.lines);
    expect(r.maxPrice).toBeLessThan(10_000);
    expect(r.genuineMin).toBeGreaterThanOrEqual(10_000);
    expect(new Set(quirk.products.map((p) => p.clac1))).toSatisfy((s: Set<string>) => [...s].every((c) => ["가구", "냉장/세탁가전", "모바일", "컴퓨터", "영상/음향가전", "생활/주방가전"].includes(c)));
  });

  it("uses the category, region and device vocabularies of the real data", async () => {
    const m = await one<{c1: number; c2: number; c3: number}>(`SELECT count(DISTINCT clac1_nm) AS c1, count(DISTINCT clac2_nm) AS c2, count(DISTINCT clac3_nm) AS c3 FROM t_master`);
    expect(m).toMatchObject({c1: 37, c2: 128});
    expect(m.c3).toBeGreaterThan(400);
    const clac1 = await duck.query<{clac1_nm: string}>(`SELECT DISTINCT clac1_nm FROM t_master ORDER BY 1`);
    expect(clac1.map((r) => r.clac1_nm)).toEqual(KNOWN_CATEGORIES.map((c) => c.name).sort());
    const metro = await one<{bad: number}>(`SELECT count(*) AS bad FROM t_session WHERE zon_nm IN ('Seoul','Busan','Daegu','Incheon','Gwangju','Daejeon','Ulsan') AND city_nm <> zon_nm`);
    expect(metro.bad).toBe(0);
    const cities = await duck.query<{city_nm: string}>(`SELECT DISTINCT city_nm FROM t_session`);
    expect(cities.every((r) => CITY_NAMES.includes(r.city_nm))).toBe(true);
    const devices = await duck.query<{d: string}>(`SELECT DISTINCT dvc_ctg_nm AS d FROM t_session ORDER BY 1`);
    expect(devices.map((r) => r.d)).toEqual(["desktop", "mobile", "tablet"]);
    const custom = await one<{bad: number}>(`SELECT count(*) FILTER (gender NOT IN ('F','M') OR age NOT IN (10,20,30,40,50,60,70,80)) AS bad FROM t_custom`);
    expect(custom.bad).toBe(0);
  });

  it("matches the 162 CITY_NM values of the real data", () => {
    const file = join(SHARED, "city-nm-values.txt");
    if (!existsSync(file)) return;
    expect(CITY_NAMES).toEqual(readFileSync(file, "utf8").trim().split("\n").sort());
  });
});

describe("keys", () => {
  it("Product and Session share one (CLNT_ID, SESS_ID) set; SESS_ID alone repeats across clients", async () => {
    const k = await one<{p: number; s: number; both: number; sessions: number; ids: number}>(`SELECT
      (SELECT count(*) FROM (SELECT DISTINCT clnt_id, sess_id FROM t_product)) AS p,
      (SELECT count(*) FROM (SELECT DISTINCT clnt_id, sess_id FROM t_session)) AS s,
      (SELECT count(*) FROM (SELECT DISTINCT clnt_id, sess_id FROM t_product) JOIN t_session USING (clnt_id, sess_id)) AS both,
      (SELECT count(*) FROM t_session) AS sessions, (SELECT count(DISTINCT sess_id) FROM t_session) AS ids`);
    expect(k.p).toBe(k.sessions);
    expect(k.s).toBe(k.sessions);
    expect(k.both).toBe(k.sessions);
    expect(k.ids).toBeLessThan(k.sessions);
  });

  it("Search1 ⊂ Session, PD_C ⊂ Master, Custom ⊂ purchasing clients plus a few", async () => {
    const r = await one<{s1: number; pd: number; custom: number; noPurchase: number; members: number; clients: number}>(`SELECT
      (SELECT count(*) FROM t_search1 LEFT JOIN t_session s USING (clnt_id, sess_id) WHERE s.sess_seq IS NULL) AS s1,
      (SELECT count(*) FROM t_product LEFT JOIN t_master m USING (pd_c) WHERE m.pd_nm IS NULL) AS pd,
      (SELECT count(*) FROM t_custom) AS custom,
      (SELECT count(*) FROM t_custom WHERE clnt_id NOT IN (SELECT clnt_id FROM t_product)) AS "noPurchase",
      (SELECT count(DISTINCT clnt_id) FROM t_product WHERE clnt_id IN (SELECT clnt_id FROM t_custom)) AS members,
      (SELECT count(DISTINCT clnt_id) FROM t_product) AS clients`);
    expect(r.s1).toBe(0);
    expect(r.pd).toBe(0);
    expect(r.noPurchase).toBeGreaterThan(0);
    expect(r.noPurchase).toBeLessThan(0.01 * r.custom);
    expect(r.members / r.clients).toBeCloseTo(0.728, 1);
  });
});

describe("weather file", () => {
  const text = () => iconv.decode(readFileSync(join(dir, "weather-seoul-108.csv")), "cp949");

  it("is a KMA ASOS daily export: CP949, CRLF, the Korean header, station 108 서울, 183 days", () => {
    const bytes = readFileSync(join(dir, "weather-seoul-108.csv"));
    expect(bytes.includes(Buffer.from("서울", "utf8"))).toBe(false);
    const rows = text().split("\r\n");
    expect(rows.at(-1)).toBe("");
    expect(rows[0]).toBe(KMA_HEADER);
    const data = rows.slice(1, -1).map((r) => r.split(","));
    expect(data).toHaveLength(183);
    expect(data.every((f) => f.length === 21 && f[0] === "서울" && f[1] === "108")).toBe(true);
    expect(data[0][2]).toBe("2018-04-01");
    expect(data[182][2]).toBe("2018-09-30");
    const blank = data.filter((f) => f[12] === "");
    expect(blank.length).toBeGreaterThan(90);
    expect(blank.every((f) => f[8] === "" && f[10] === "")).toBe(true);
  });

  it("has exactly the header of the real export", () => {
    const file = join(SHARED, "kma-asos-108-seoul-2018-04-09.cp949.csv");
    if (!existsSync(file)) return;
    const real = iconv.decode(readFileSync(file), "cp949");
    expect(text().split("\r\n")[0]).toBe(real.split("\r\n")[0]);
  });
});
