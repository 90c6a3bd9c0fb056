// Keywords each customer searched per day (02.Search1 on its session's date); keywords are untrusted text.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck} = await openWarehouse({log});
await emitParquet(
  duck,
  `SELECT k.clnt_id::INTEGER AS clnt_id, strftime(s.sess_dt, '%Y-%m-%d') AS date, k.kwd_nm AS keyword, sum(k.search_cnt)::INTEGER AS searches
FROM search1 k JOIN session s USING (clnt_id, sess_id)
GROUP BY k.clnt_id, s.sess_dt, k.kwd_nm
ORDER BY clnt_id, date, keyword`
);
duck.close();
