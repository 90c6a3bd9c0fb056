/**
 * Ingest time of a large Product file against a plain DuckDB scan of the same file.
 * Run: npx tsx test/ingest/measure.ts [rows=1000000]
 * Writes a product-like data set (with matching Session and Master) to a temp dir, builds the
 * warehouse twice, and prints the Product ingest time (pre-scan + DuckDB work, best run) against a
 * plain `SELECT count(*) FROM read_csv(...)` and a plain typed load `CREATE TABLE AS SELECT * FROM
 * read_csv(...)` of the same file (best of three each): wall clock, and process CPU time, which
 * includes DuckDB's threads and is steadier on a shared machine.
 */
import {copyFileSync, createWriteStream, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {openDuck} from "../../loaders/duck.js";
import {buildWarehouse} from "../../loaders/warehouse.js";
import {sqlString} from "../../src/ingest/sql.js";

const rows = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), "lpoint-measure-"));
const fixture = new URL("../fixtures/ingest/valid/", import.meta.url);

let state = 20180401;
const rnd = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)];

async function write(name: string, header: string, n: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(join(dir, name));
  let buf = header + "\n";
  for (let i = 0; i < n; i++) {
    buf += line(i) + "\n";
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once("drain", () => r()));
      buf = "";
    }
  }
  await new Promise<void>((r) => out.end(buf, r));
}

const clac = [["여성의류", "여성의류상의"], ["화장품/뷰티케어", "스킨케어"], ["가구", "침실가구"], ["냉장/세탁가전", "세탁기"], ["패션잡화", "여성가방"]];
const products = 20_000;
const sessions = Math.ceil(rows / 1.85);
const t0 = performance.now();
await write("06.Master.csv", "PD_C,PD_NM,CLAC1_NM,CLAC2_NM,CLAC3_NM", products, (i) => {
  const [c1, c2] = clac[i % clac.length];
  return `${String(i + 1).padStart(6, "0")},"상품 ${i + 1}, 옵션 ""A""",${c1},${c2},${c2}기타`;
});
await write("05.Session.csv", '"CLNT_ID","SESS_ID","SESS_SEQ","SESS_DT","TOT_PAG_VIEW_CT","TOT_SESS_HR_V","DVC_CTG_NM","ZON_NM","CITY_NM"', sessions, (i) => {
  const day = String(1 + (i % 30)).padStart(2, "0");
  const secs = Math.floor(rnd() * 5000);
  return `${1000 + Math.floor(i / 3)},${String(i + 1).padStart(8, "0")},${1 + (i % 50)},201806${day}` +
    `,${1 + Math.floor(rnd() * 400)},${secs >= 1000 ? `"${secs.toLocaleString("en-US")}"` : secs},${pick(["mobile", "desktop", "tablet"])},Seoul,Seoul`;
});
const adds = ["(not set)", "색상:워터멜론", '"색상:BLK0_(BLK0)BLACK|사이즈:120 / 2개"', "1개", '"사이즈:옵션04, ""AN868"" / 1개"'];
const brands = ["[바비브라운]", "데상트", "아디다스 키즈", "[아베다]", "로이드(주얼리)"];
await write("01.Product.csv", '"CLNT_ID","SESS_ID","HITS_SEQ","PD_C","PD_ADD_NM","PD_BRA_NM","PD_BUY_AM","PD_BUY_CT"', rows, (i) => {
  const s = Math.floor((i / rows) * sessions);
  const am = Math.round(rnd() * 300) * 1000 + 900;
  const ct = rnd() < 0.001 ? 1440 : 1 + Math.floor(rnd() * 3);
  return `${String(1000 + Math.floor(s / 3)).padStart(7, "0")},${String(s + 1).padStart(8, "0")},${1 + (i % 500)},${String(1 + Math.floor(rnd() * products)).padStart(6, "0")},${pick(adds)},${pick(brands)},"${am.toLocaleString("en-US")}",${ct >= 1000 ? `"${ct.toLocaleString("en-US")}"` : ct}`;
});
await write("02.Search1.csv", "CLNT_ID,SESS_ID,KWD_NM,SEARCH_CNT", 1000, (i) => `${1000 + Math.floor(i / 3)},${String(i + 1).padStart(8, "0")},키워드 ${i % 97},${1 + (i % 5)}`);
await write("03.Search2.csv", "SESS_DT,KWD_NM,SEARCH_CNT", 1000, (i) => `201805${String(1 + (i % 30)).padStart(2, "0")},키워드 ${i},${1 + (i % 999)}`);
await write("04.Custom.csv", "CLNT_ID,CLNT_GENDER,CLNT_AGE", 1000, (i) => `${1000 + i},${i % 7 ? "F" : "M"},${10 * (2 + (i % 4))}`);
copyFileSync(new URL("weather-seoul-108.csv", fixture), join(dir, "weather-seoul-108.csv"));
console.error(`generated ${rows} product lines, ${sessions} sessions in ${Math.round(performance.now() - t0)} ms (${dir})`);

const product = join(dir, "01.Product.csv");
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Wall and CPU ms of a DuckDB statement (best of `times`); CPU includes DuckDB's worker threads. */
async function measure(sql: string, times = 3): Promise<{wall: number; cpu: number}> {
  let best = {wall: Infinity, cpu: Infinity};
  for (let i = 0; i < times; i++) {
    const duck = await openDuck(join(dir, `plain-${i}.duckdb`));
    const w = performance.now();
    const c = cpu();
    await duck.run(sql);
    best = {wall: Math.min(best.wall, performance.now() - w), cpu: Math.min(best.cpu, cpu() - c)};
    duck.close();
  }
  return best;
}
async function ingest(i: number): Promise<{wall: number; cpu: number; report: Awaited<ReturnType<typeof buildWarehouse>>}> {
  let mark = 0;
  let productCpu = 0;
  const report = await buildWarehouse({
    dataDir: dir,
    dbPath: join(dir, `w-${i}.duckdb`),
    profile: process.env.LPOINT_PROFILE === "1",
    log: (m) => {
      if (m.includes("04.Custom")) mark = cpu();
      if (m.includes("01.Product")) productCpu = cpu() - mark;
      console.error(m);
    }
  });
  const p = report.files.product;
  return {wall: p.ms + p.prescanMs, cpu: productCpu, report};
}
try {
  const count = await measure(`SELECT count(*) FROM read_csv(${sqlString(product)})`);
  const load = await measure(`CREATE TABLE t AS SELECT * FROM read_csv(${sqlString(product)})`);
  const runs = [await ingest(1), await ingest(2)];
  const best = {wall: Math.min(...runs.map((r) => r.wall)), cpu: Math.min(...runs.map((r) => r.cpu))};
  const p = runs[0].report.files.product;
  const r2 = (x: number) => Number(x.toFixed(2));
  console.log(JSON.stringify({
    rows: p.rowsRead,
    accepted: p.rowsAccepted,
    quarantined: p.quarantined,
    priceScaled: p.priceScaled,
    bytes: p.bytes,
    ingest: {wallMs: Math.round(best.wall), cpuMs: Math.round(best.cpu), prescanMs: p.prescanMs},
    plainCount: {wallMs: Math.round(count.wall), cpuMs: Math.round(count.cpu)},
    plainLoad: {wallMs: Math.round(load.wall), cpuMs: Math.round(load.cpu)},
    ratioVsCount: {wall: r2(best.wall / count.wall), cpu: r2(best.cpu / count.cpu)},
    ratioVsLoad: {wall: r2(best.wall / load.wall), cpu: r2(best.cpu / load.cpu)},
    totalBuildMs: runs[0].report.ms
  }, null, 1));
} finally {
  rmSync(dir, {recursive: true, force: true});
}
