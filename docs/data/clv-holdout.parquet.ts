// The calibration/holdout rows for every split the lifetime-value page offers, grouped by calibration
// (frequency, recency, T) with their customers and holdout purchase days, sorted by split in row groups
// with an index in the footer: the page fetches only the rows of the split the reader picks (HTTP Range).
import {clvPeriod} from "../../loaders/clv.js";
import {sharedCustomerTable} from "../../loaders/customers.js";
import {emitParquet, log} from "../../loaders/emit.js";
import {describeLazy, emitLazyParquet} from "../../loaders/lazy-parquet.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {holdoutGridQuery} from "../../src/clv/sql.js";
import {holdoutGrid} from "../../src/clv/site.js";

/** ≈ 14 KB per row group compressed (demo: 33 groups, 0.47 MB; full scale 1.4 MB): a split fetches its groups, at most two shared with a neighbour. */
const ROW_GROUP_ROWS = 8192;
const COLUMNS = `split, frequency::INTEGER AS frequency, recency::INTEGER AS recency, "T"::INTEGER AS "T", customers, holdout`;

const {duck, info} = await openWarehouse({log});
await sharedCustomerTable(duck, info.path);
const period = await clvPeriod(duck);
const grid = holdoutGrid(period);
if (!grid) {
  log(`clv-holdout: a ${period.days}-day period leaves no calibration/holdout split: empty file`);
  await emitParquet(duck, `SELECT ''::VARCHAR AS split, 0::INTEGER AS frequency, 0::INTEGER AS recency, 0::INTEGER AS "T", 0::INTEGER AS customers, 0::INTEGER AS holdout WHERE false`);
} else {
  const q = holdoutGridQuery(grid, period.end);
  const file = await emitLazyParquet(duck, `SELECT ${COLUMNS} FROM (${q.sql}) ORDER BY split, frequency, recency, "T"`, {key: "split", rowGroupRows: ROW_GROUP_ROWS, params: q.params});
  log(describeLazy("clv-holdout.parquet", file));
}
duck.close();
