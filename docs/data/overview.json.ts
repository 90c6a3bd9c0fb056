import {sharedCustomerTable} from "../../loaders/customers.js";
import {emitJson, log} from "../../loaders/emit.js";
import {overview} from "../../loaders/explore.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck, info} = await openWarehouse({log});
// the customer table, every customer's lines per category and the region and daily figures are shared
const {figures} = await sharedCustomerTable(duck, info.path);
emitJson({...(await overview(duck, {counts: "pref_counts", customers: "customers", figures})), source: info.source, dataVersion: info.key});
duck.close();
