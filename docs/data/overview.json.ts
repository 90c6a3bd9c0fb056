import {sharedCustomerTable} from "../../loaders/customers.js";
import {emitJson, log} from "../../loaders/emit.js";
import {overview} from "../../loaders/explore.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck, info} = await openWarehouse({log});
// the customer table, the region, daily and category figures are shared
const {figures, categoryFigures} = await sharedCustomerTable(duck, info.path);
emitJson({...(await overview(duck, {customers: "customers", figures, categories: categoryFigures})), source: info.source, dataVersion: info.key});
duck.close();
