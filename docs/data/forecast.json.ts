import {emitJson, log} from "../../loaders/emit.js";
import {runForecasts} from "../../loaders/forecast.js";
import {buildRun, forecastInput, splitTiming} from "../../loaders/forecast-input.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const started = performance.now();
const {duck} = await openWarehouse({log});
const all = await forecastInput(duck);
duck.close();
const {input, options} = buildRun(all, log);
const {artifacts, lines} = splitTiming(await runForecasts(input, options));
lines.forEach(log);
const cpu = process.cpuUsage();
log(`forecast loader: ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU`);
emitJson(artifacts);
