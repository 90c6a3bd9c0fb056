import {emitJson, log} from "../../loaders/emit.js";
import {forecastSeriesArtifact} from "../../loaders/forecast-input.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck, info} = await openWarehouse({log});
emitJson(await forecastSeriesArtifact(duck, info));
duck.close();
