// The threshold cube (src/value/cube.ts) on the page's slider grid.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {valueCubeQuery, VALUE_BASE_SQL} from "../../src/value/index.js";
import {VALUE_CUBE} from "../components/value-config.js";

const {duck} = await openWarehouse({log});
const cube = valueCubeQuery(VALUE_CUBE, `(${VALUE_BASE_SQL})`);
await emitParquet(duck, `SELECT last_month::TINYINT AS last_month, gap_day::SMALLINT AS gap_day, amount_bucket::SMALLINT AS amount_bucket, customers::INTEGER AS customers, revenue, positive_revenue FROM (${cube.sql})`, cube.params);
duck.close();
