// The whole period's repeat-buying summaries grouped by (frequency, recency, T) with how many customers
// share each: what the lifetime-value page re-fits BG/NBD on in the browser (fetched when asked for).
import {sharedCustomerTable} from "../../loaders/customers.js";
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck, info} = await openWarehouse({log});
await sharedCustomerTable(duck, info.path);
await duck.run(`CREATE OR REPLACE TEMP TABLE rfm AS SELECT frequency::INTEGER AS frequency, recency::INTEGER AS recency, "T"::INTEGER AS "T", count(*)::INTEGER AS weight FROM clv_summary GROUP BY ALL`);
const [{n}] = await duck.query<{n: number}>("SELECT count(*)::INTEGER AS n FROM rfm");
log(`clv-rfm: ${n.toLocaleString("en-US")} distinct (frequency, recency, T)`);
await emitParquet(duck, `SELECT * FROM rfm ORDER BY frequency, recency, "T"`);
duck.close();
