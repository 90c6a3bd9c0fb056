// One row per customer (buyers and members), as three files the profile and store pages read:
//   detail.parquet   every column of one customer as a JSON record, sorted by clnt_id in small row
//                    groups: a page fetches only the row group of the customer it looks up
//   targets.parquet  the target list's columns for customers with a rank-1 category, sorted by that
//                    category: a page fetches only the row groups of the category shown
//   samples.json     one member per value tier × behaviour type (the store page's sample members)
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {CUSTOMER_TOP, sharedCustomerTable} from "../../loaders/customers.js";
import {log} from "../../loaders/emit.js";
import {describeLazy, writeLazyParquet} from "../../loaders/lazy-parquet.js";
import {writeTar} from "../../loaders/tar.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {RECORD_COLUMNS_KEY} from "../../src/lazy.js";
import {SAMPLE_SQL} from "../../src/store/sql.js";

/**
 * ≈ 70 B per customer record. Full scale (924K customers): 452 row groups of ≈ 142 KB and 533 KB of
 * footer, most of it DuckDB's min/max statistics of the record text (≈ 1 KB per row group).
 */
const DETAIL_ROWS = 2048;
/**
 * ≈ 8 B per target row. Full scale: 113 row groups of ≈ 69 KB, 119 KB of footer; a category's rows
 * plus at most two row groups it shares with its neighbours (the largest category: 1.3 MB).
 */
const TARGET_ROWS = 8192;

const {duck, info} = await openWarehouse({log});
await sharedCustomerTable(duck, info.path);
const tops = Array.from({length: CUSTOMER_TOP}, (_, i) => i + 1);

const dir = mkdtempSync(join(tmpdir(), "lpoint-customers-"));
try {
  // Each customer's record is a JSON array, its field names once in the footer. Values only shown (to
  // one decimal) are rounded to two decimals; mean_day feeds the due-date action, so to four.
  const columns = (await duck.query<{column_name: string}>("SELECT column_name FROM (DESCRIBE customers)")).map((c) => c.column_name);
  const rounding: Record<string, number> = {mean_day: 4, time: 2, pageviews: 2, searches: 2, price: 2, ...Object.fromEntries(tops.map((i) => [`top${i}_index`, 2]))};
  const value = (c: string) => (c in rounding ? `round("${c}", ${rounding[c]})` : `"${c}"`);
  // no ORDER BY: the customer table was made sorted by clnt_id, and DuckDB keeps a table's order where a
  // query asks for none (preserve_insertion_order); the writer checks every row group's keys in the file
  const detail = await writeLazyParquet(
    duck,
    `SELECT clnt_id, json_array(${columns.map(value).join(", ")})::VARCHAR AS record FROM customers`,
    join(dir, "detail.parquet"),
    {key: "clnt_id", rowGroupRows: DETAIL_ROWS, metadata: {[RECORD_COLUMNS_KEY]: JSON.stringify(columns)}, keyCounts: "SELECT clnt_id AS key, 1 AS n FROM customers"}
  );
  log(describeLazy("detail.parquet", detail));
  const targets = await writeLazyParquet(
    duck,
    `SELECT top1, clnt_id, member, gender, age::UTINYINT AS age, tier, type, sessions, lines, round(total)::BIGINT AS total, last_date, top2
    FROM customers WHERE top1 IS NOT NULL ORDER BY top1, clnt_id`,
    join(dir, "targets.parquet"),
    {key: "top1", rowGroupRows: TARGET_ROWS, keyCounts: "SELECT top1 AS key, count(*) AS n FROM customers WHERE top1 IS NOT NULL GROUP BY top1"}
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
