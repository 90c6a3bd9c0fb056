// Repeat buyers' (frequency, mean value of a repeat purchase day) grouped with how many share each: what
// the lifetime-value page re-fits the Gamma-Gamma spend model on in the browser (fetched when asked for).
import {sharedCustomerTable} from "../../loaders/customers.js";
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck, info} = await openWarehouse({log});
await sharedCustomerTable(duck, info.path);
await duck.run(`CREATE OR REPLACE TEMP TABLE spend AS SELECT frequency::INTEGER AS frequency, monetary, count(*)::INTEGER AS weight FROM clv_summary WHERE frequency > 0 AND monetary > 0 GROUP BY ALL`);
const [{n}] = await duck.query<{n: number}>("SELECT count(*)::INTEGER AS n FROM spend");
log(`clv-spend: ${n.toLocaleString("en-US")} distinct (frequency, monetary)`);
await emitParquet(duck, `SELECT * FROM spend ORDER BY frequency, monetary`);
duck.close();
