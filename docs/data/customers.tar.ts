// One row per customer (buyers and members), as three files the profile and store pages read:
//   detail.parquet   every column of one customer as a JSON record, sorted by clnt_id in small row
//                    groups: a page fetches only the row group of the customer it looks up
//   targets.parquet  the target list's columns for customers with a rank-1 category, sorted by that
//                    category: a page fetches only the row groups of the category shown
//   samples.json     one member per value tier × behaviour type (the store page's sample members)
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {segmentBounds} from "../../loaders/analysis.js";
import type {Duck} from "../../loaders/duck.js";
import {log} from "../../loaders/emit.js";
import {describeLazy, writeLazyParquet} from "../../loaders/lazy-parquet.js";
import {writeTar} from "../../loaders/tar.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {RECORD_COLUMNS_KEY} from "../../src/lazy.js";
import {PREFERENCE_WAREHOUSE_SOURCES, preferenceTopQuery} from "../../src/preference/index.js";
import {customerTypesSql, segmentQuery} from "../../src/segment/index.js";
import {SAMPLE_SQL} from "../../src/store/sql.js";
import type {BoundQuery} from "../../src/value/bind.js";
import {valueBaseQuery, valueScoredQuery} from "../../src/value/index.js";

const TOP = 5;
/** ≈ 60 B per customer record. Full scale (924K customers): 452 row groups of ≈ 122 KB, 87 KB of footer. */
const DETAIL_ROWS = 2048;
/**
 * ≈ 9 B per target row. Full scale: 113 row groups of ≈ 70 KB, 114 KB of footer; a category's rows
 * plus at most two row groups it shares with its neighbours (the largest category: 1.3 MB).
 */
const TARGET_ROWS = 8192;

async function temp(duck: Duck, name: string, q: BoundQuery): Promise<void> {
  await duck.run(`CREATE TEMP TABLE ${name} AS ${q.sql}`, q.params);
}

const {duck} = await openWarehouse({log});
await temp(duck, "value_base", valueBaseQuery());
await temp(duck, "value_scored", valueScoredQuery({}, "value_base"));
await temp(duck, "ctypes", segmentQuery(customerTypesSql("bound"), {}, await segmentBounds(duck)));
await temp(duck, "ptop", preferenceTopQuery(TOP, {}, PREFERENCE_WAREHOUSE_SOURCES));

const tops = Array.from({length: TOP}, (_, i) => i + 1);
await duck.run(
  `CREATE TEMP TABLE customers AS
WITH u AS (SELECT clnt_id FROM session UNION SELECT clnt_id FROM custom),
ses AS (
  SELECT clnt_id, count(*) AS sessions FROM session GROUP BY clnt_id
), dev AS (
  SELECT clnt_id, first(dvc_ctg_nm ORDER BY n DESC, dvc_ctg_nm) AS device
  FROM (SELECT clnt_id, dvc_ctg_nm, count(*) AS n FROM session GROUP BY ALL) GROUP BY clnt_id
), reg AS (
  SELECT clnt_id, first(zon_nm ORDER BY n DESC, zon_nm) AS region
  FROM (SELECT clnt_id, zon_nm, count(*) AS n FROM session GROUP BY ALL) GROUP BY clnt_id
), top AS (
  SELECT clnt_id,
    ${tops.map((i) => `max(category) FILTER (WHERE position = ${i}) AS top${i}`).join(", ")},
    ${tops.map((i) => `max("index") FILTER (WHERE position = ${i}) AS top${i}_index`).join(", ")}
  FROM ptop GROUP BY clnt_id
)
SELECT u.clnt_id::INTEGER AS clnt_id, c.clnt_id IS NOT NULL AS member, c.gender, c.age::INTEGER AS age,
  dev.device, reg.region, coalesce(ses.sessions, 0)::INTEGER AS sessions, coalesce(b.n_lines, 0)::INTEGER AS lines,
  coalesce(b.total, 0)::DOUBLE AS total, strftime(b.first_date, '%Y-%m-%d') AS first_date, strftime(b.last_date, '%Y-%m-%d') AS last_date,
  b.mean_day::DOUBLE AS mean_day, v.r::INTEGER AS r, v.f::INTEGER AS f, v.m::INTEGER AS m, v.tier, v.point_rate::DOUBLE AS point_rate,
  t.type, t.subtype, t.pattern AS bits,
  t."group", t.time::DOUBLE AS time, t.pageviews::DOUBLE AS pageviews, t.searches::DOUBLE AS searches, t.price::DOUBLE AS price,
  ${tops.map((i) => `top.top${i}`).join(", ")}, ${tops.map((i) => `top.top${i}_index::DOUBLE AS top${i}_index`).join(", ")}
FROM u
LEFT JOIN custom c ON c.clnt_id = u.clnt_id
LEFT JOIN ses ON ses.clnt_id = u.clnt_id
LEFT JOIN dev ON dev.clnt_id = u.clnt_id
LEFT JOIN reg ON reg.clnt_id = u.clnt_id
LEFT JOIN value_base b ON b.clnt_id = u.clnt_id
LEFT JOIN value_scored v ON v.clnt_id = u.clnt_id
LEFT JOIN ctypes t ON t.clnt_id = u.clnt_id
LEFT JOIN top ON top.clnt_id = u.clnt_id
ORDER BY u.clnt_id`
);

const dir = mkdtempSync(join(tmpdir(), "lpoint-customers-"));
try {
  // Each customer's record is a JSON array, its field names once in the footer. Values only shown (to
  // one decimal) are rounded to two decimals; mean_day feeds the due-date action, so to four.
  const columns = (await duck.query<{column_name: string}>("SELECT column_name FROM (DESCRIBE customers)")).map((c) => c.column_name);
  const rounding: Record<string, number> = {mean_day: 4, time: 2, pageviews: 2, searches: 2, price: 2, ...Object.fromEntries(tops.map((i) => [`top${i}_index`, 2]))};
  const json = (c: string) => `coalesce(to_json(${c in rounding ? `round("${c}", ${rounding[c]})` : `"${c}"`})::VARCHAR, 'null')`;
  const detail = await writeLazyParquet(
    duck,
    `SELECT clnt_id, '[' || concat_ws(',', ${columns.map(json).join(", ")}) || ']' AS record FROM customers ORDER BY clnt_id`,
    join(dir, "detail.parquet"),
    {key: "clnt_id", rowGroupRows: DETAIL_ROWS, delta: ["clnt_id"], metadata: {[RECORD_COLUMNS_KEY]: JSON.stringify(columns)}}
  );
  log(describeLazy("detail.parquet", detail));
  const targets = await writeLazyParquet(
    duck,
    `SELECT top1, clnt_id, member, gender, age::UTINYINT AS age, tier, type, sessions, lines, round(total)::BIGINT AS total, last_date, top2
    FROM customers WHERE top1 IS NOT NULL ORDER BY top1, clnt_id`,
    join(dir, "targets.parquet"),
    {key: "top1", rowGroupRows: TARGET_ROWS, delta: ["clnt_id"]}
  );
  log(describeLazy("targets.parquet", targets));
  const samples = await duck.query(`SELECT clnt_id, tier, type, subtype, lines FROM (${SAMPLE_SQL}) ORDER BY clnt_id`);
  writeFileSync(join(dir, "samples.json"), JSON.stringify(samples));
  await writeTar(process.stdout, [
    {name: "detail.parquet", path: detail.path},
    {name: "targets.parquet", path: targets.path},
    {name: "samples.json", path: join(dir, "samples.json")}
  ]);
} finally {
  rmSync(dir, {recursive: true, force: true});
}
duck.close();
