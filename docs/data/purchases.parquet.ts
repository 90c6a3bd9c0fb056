// Every purchase line: clnt_id, date, category, product (PD_NM as typed: untrusted text), amount, units.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck} = await openWarehouse({log});
await emitParquet(
  duck,
  `SELECT p.clnt_id::INTEGER AS clnt_id, strftime(s.sess_dt, '%Y-%m-%d') AS date, m.clac1_nm AS category, m.pd_nm AS product,
  (p.pd_buy_am * p.pd_buy_ct)::DOUBLE AS amount, p.pd_buy_ct::INTEGER AS units
FROM product p JOIN session s USING (clnt_id, sess_id) JOIN master m USING (pd_c)
ORDER BY p.clnt_id, s.sess_dt, p.sess_id, p.line_no`
);
duck.close();
