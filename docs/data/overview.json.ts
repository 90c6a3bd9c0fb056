import {emitJson, log} from "../../loaders/emit.js";
import {overview} from "../../loaders/explore.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck, info} = await openWarehouse({log});
emitJson({...(await overview(duck)), source: info.source, dataVersion: info.key});
duck.close();
