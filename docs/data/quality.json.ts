import {emitJson, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck, info} = await openWarehouse({log});
emitJson({
  source: info.source,
  reconciliation: await duck.query("SELECT * FROM reconciliation ORDER BY file"),
  reasons: await duck.query("SELECT file, reason, count(*) AS rows FROM quarantine GROUP BY ALL ORDER BY file, rows DESC, reason"),
  na: await duck.query("SELECT file, column_name, na FROM na_counts ORDER BY file, column_name"),
  // A sample per file and reason (raw text cut to 300 characters): the full table stays in the warehouse.
  sample: await duck.query(`
    SELECT file, reason, line_no, left(raw, 300) AS raw FROM (
      SELECT *, row_number() OVER (PARTITION BY file, reason ORDER BY line_no) AS r FROM quarantine
    ) WHERE r <= 25 ORDER BY file, reason, line_no`),
  priceScaled: (await duck.query<{n: number}>("SELECT count(*) AS n FROM product WHERE price_scaled"))[0].n
});
duck.close();
