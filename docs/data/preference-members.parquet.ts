// Members' demographics (age band, gender): the likelihood factors' keys.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {PREF_MEMBERS_SQL} from "../../src/preference/index.js";

const {duck} = await openWarehouse({log});
await emitParquet(duck, `SELECT clnt_id::INTEGER AS clnt_id, age::INTEGER AS age, gender FROM (${PREF_MEMBERS_SQL}) ORDER BY clnt_id`);
duck.close();
