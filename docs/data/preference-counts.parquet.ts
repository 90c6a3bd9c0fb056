// Every customer's purchase lines per top category (non-zero cells only): the prior's input.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {PREF_COUNTS_SQL} from "../../src/preference/index.js";

const {duck} = await openWarehouse({log});
await emitParquet(duck, `SELECT clnt_id::INTEGER AS clnt_id, category, n::INTEGER AS n FROM (${PREF_COUNTS_SQL}) ORDER BY clnt_id, category`);
duck.close();
