// The threshold cube (src/value/cube.ts) on the page's slider grid, as columns: the page turns it into
// running sums (src/value/prefix.ts) and re-tiers with a few dozen lookups. Written without rounding:
// revenue sums must stay exact.
import {log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {sharedCustomerTable} from "../../loaders/customers.js";
import {valueCubeQuery, type CubeCell} from "../../src/value/index.js";
import {cubeColumns} from "../../src/value/prefix.js";
import {VALUE_CUBE} from "../components/value-config.js";

const {duck, info} = await openWarehouse({log});
await sharedCustomerTable(duck, info.path);
const q = valueCubeQuery(VALUE_CUBE, "value_base");
const cells = await duck.query<CubeCell>(q.sql, q.params);
duck.close();
process.stdout.write(JSON.stringify({...VALUE_CUBE, cells: cubeColumns(cells)}));
