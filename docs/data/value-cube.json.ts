// The threshold cube (src/value/cube.ts) on the page's slider grid, as columns: the page turns it into
// running sums (src/value/prefix.ts) and re-tiers with a few dozen lookups. Written without rounding:
// revenue sums must stay exact.
import {log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {valueCubeQuery, VALUE_BASE_SQL, type CubeCell} from "../../src/value/index.js";
import {cubeColumns} from "../../src/value/prefix.js";
import {VALUE_CUBE} from "../components/value-config.js";

const {duck} = await openWarehouse({log});
const q = valueCubeQuery(VALUE_CUBE, `(${VALUE_BASE_SQL})`);
const cells = await duck.query<CubeCell>(q.sql, q.params);
duck.close();
process.stdout.write(JSON.stringify({...VALUE_CUBE, cells: cubeColumns(cells)}));
