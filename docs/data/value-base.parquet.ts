// One row per buying customer: the 333 inputs over the whole period and per half of it.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {sharedCustomerTable} from "../../loaders/customers.js";

const {duck, info} = await openWarehouse({log});
await sharedCustomerTable(duck, info.path);
const half = (p: string) => `${p}months_ago::SMALLINT AS ${p}months_ago, ${p}n_dates, ${p}mean_day, ${p}total`;
await emitParquet(
  duck,
  `SELECT clnt_id::INTEGER AS clnt_id, strftime(first_date, '%Y-%m-%d') AS first_date, strftime(last_date, '%Y-%m-%d') AS last_date,
     ${half("")}, ${half("h1_")}, ${half("h2_")}
   FROM value_base
   ORDER BY clnt_id`
);
duck.close();
