// Every purchase line: clnt_id, date, category, product (PD_NM as typed: untrusted text), amount, units.
// Sorted by clnt_id in small row groups with an index in the footer: a page fetches only the row
// group(s) of the customer it looks up (src/lazy.ts).
import {joinsAsWritten} from "../../loaders/duck.js";
import {log} from "../../loaders/emit.js";
import {describeLazy, emitLazyParquet} from "../../loaders/lazy-parquet.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {PURCHASE_LINE_COUNTS_SQL, PURCHASE_LINES_SQL} from "../../src/profile/sql.js";

/**
 * ≈ 22 B per line (the product name dominates). At full scale (5.0M lines): 613 row groups of
 * ≈ 177 KB, one per lookup, and 419 KB of footer read once per page (≈ 0.68 KB per row group, most of it
 * DuckDB's min/max statistics: 16,384 lines would halve that and double every lookup).
 */
const ROW_GROUP_ROWS = 8192;

const {duck} = await openWarehouse({log});
// the lines are sorted before their names are joined on: the join must keep their order (PURCHASE_LINES_SQL)
const file = await joinsAsWritten(duck, () =>
  emitLazyParquet(duck, PURCHASE_LINES_SQL, {key: "clnt_id", rowGroupRows: ROW_GROUP_ROWS, keyCounts: PURCHASE_LINE_COUNTS_SQL})
);
log(describeLazy("purchases.parquet", file));
duck.close();
