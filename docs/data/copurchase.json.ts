import {emitJson, log} from "../../loaders/emit.js";
import {copurchase} from "../../loaders/explore.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck} = await openWarehouse({log});
emitJson(await copurchase(duck));
duck.close();
