import {sharedCustomerTable} from "../../loaders/customers.js";
import {emitJson, log} from "../../loaders/emit.js";
import {overview} from "../../loaders/explore.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck, info} = await openWarehouse({log});
// every customer's lines per category come with the shared customer table: the customers per category are its rows
await sharedCustomerTable(duck, info.path);
emitJson({...(await overview(duck, {counts: "pref_counts"})), source: info.source, dataVersion: info.key});
duck.close();
