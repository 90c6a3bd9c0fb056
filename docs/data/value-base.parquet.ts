// One row per buying customer: the 333 inputs over the whole period and per half of it.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {valueBaseQuery} from "../../src/value/index.js";

const {duck} = await openWarehouse({log});
const base = valueBaseQuery();
const half = (p: string) => `${p}months_ago::SMALLINT AS ${p}months_ago, ${p}n_dates, ${p}mean_day, ${p}total`;
await emitParquet(
  duck,
  `SELECT clnt_id::INTEGER AS clnt_id, strftime(first_date, '%Y-%m-%d') AS first_date, strftime(last_date, '%Y-%m-%d') AS last_date,
     ${half("")}, ${half("h1_")}, ${half("h2_")}
   FROM (${base.sql})
   ORDER BY clnt_id`,
  base.params
);
duck.close();
