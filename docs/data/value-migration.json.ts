// The half-period migration's pair cube: customers per (first-half cube key, second-half cube key)
// (src/value/prefix.ts), so the page recomputes the 5 × 5 matrix for any thresholds on the slider grid
// without per-customer rows. Fetched only once the reader moves a threshold.
import {log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {sharedCustomerTable} from "../../loaders/customers.js";
import {valueMigrationCubeQuery} from "../../src/value/index.js";
import {VALUE_CUBE} from "../components/value-config.js";

const {duck, info} = await openWarehouse({log});
await sharedCustomerTable(duck, info.path);
const q = valueMigrationCubeQuery(VALUE_CUBE, "value_base");
const rows = await duck.query<{h1: number; h2: number; customers: number}>(q.sql, q.params);
duck.close();
process.stdout.write(JSON.stringify({...VALUE_CUBE, h1: rows.map((r) => r.h1), h2: rows.map((r) => r.h2), customers: rows.map((r) => r.customers)}));
