// Every purchase line: clnt_id, date, category, product (PD_NM as typed: untrusted text), amount, units.
// Sorted by clnt_id in small row groups with an index in the footer: a page fetches only the row
// group(s) of the customer it looks up (src/lazy.ts).
import {log} from "../../loaders/emit.js";
import {describeLazy, emitLazyParquet} from "../../loaders/lazy-parquet.js";
import {openWarehouse} from "../../loaders/warehouse.js";

/**
 * ≈ 22 B per line (the product name dominates). At full scale (5.0M lines): 613 row groups of
 * ≈ 177 KB, one per lookup, and 419 KB of footer read once per page (≈ 0.68 KB per row group, most of it
 * DuckDB's min/max statistics: 16,384 lines would halve that and double every lookup).
 */
const ROW_GROUP_ROWS = 8192;

const {duck} = await openWarehouse({log});
const file = await emitLazyParquet(
  duck,
  `SELECT p.clnt_id::INTEGER AS clnt_id, strftime(s.sess_dt, '%Y-%m-%d') AS date, m.clac1_nm AS category, m.pd_nm AS product,
  (p.pd_buy_am * p.pd_buy_ct)::DOUBLE AS amount, p.pd_buy_ct::INTEGER AS units
FROM product p JOIN session s USING (clnt_id, sess_id) JOIN master m USING (pd_c)
ORDER BY p.clnt_id, s.sess_dt, p.sess_id, p.line_no`,
  // every line has its session and product (orphans are quarantined at ingest), so the lines per customer are product's
  {key: "clnt_id", rowGroupRows: ROW_GROUP_ROWS, keyCounts: "SELECT clnt_id::INTEGER AS key, count(*) AS n FROM product GROUP BY clnt_id"}
);
log(describeLazy("purchases.parquet", file));
duck.close();
