import {emitJson, log} from "../../loaders/emit.js";
import {keywordDaily} from "../../loaders/explore.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck} = await openWarehouse({log});
emitJson(await keywordDaily(duck));
duck.close();
