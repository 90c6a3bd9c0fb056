// Keywords each customer searched per day (02.Search1 on its session's date); keywords are untrusted text.
// Sorted by clnt_id in small row groups with an index in the footer: a page fetches only the row
// group(s) of the customer it looks up (src/lazy.ts).
import {log} from "../../loaders/emit.js";
import {describeLazy, emitLazyParquet} from "../../loaders/lazy-parquet.js";
import {openWarehouse} from "../../loaders/warehouse.js";

/**
 * ≈ 8 B per row. At full scale (2.7M rows): 336 row groups of ≈ 67 KB, one per lookup, and 132 KB of
 * footer read once (16,384 rows would double every lookup to halve the footer).
 */
const ROW_GROUP_ROWS = 8192;

const {duck} = await openWarehouse({log});
// sorted by the date as a date, and turned into text after: the sort on the text took a fifth longer
const file = await emitLazyParquet(
  duck,
  `SELECT clnt_id, strftime(sess_dt, '%Y-%m-%d') AS date, keyword, searches FROM (
  SELECT k.clnt_id::INTEGER AS clnt_id, s.sess_dt, k.kwd_nm AS keyword, sum(k.search_cnt)::INTEGER AS searches
  FROM search1 k JOIN session s USING (clnt_id, sess_id)
  GROUP BY k.clnt_id, s.sess_dt, k.kwd_nm
  ORDER BY clnt_id, sess_dt, keyword
)`,
  {key: "clnt_id", rowGroupRows: ROW_GROUP_ROWS}
);
log(describeLazy("searches.parquet", file));
duck.close();
