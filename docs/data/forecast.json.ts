import {emitJson, log} from "../../loaders/emit.js";
import {runForecasts} from "../../loaders/forecast.js";
import {buildRun, forecastInput, splitTiming} from "../../loaders/forecast-input.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const started = performance.now();
const {duck} = await openWarehouse({log});
const all = await forecastInput(duck);
duck.close();
const {input, options} = buildRun(all, log);
const run = await runForecasts(input, options);
const {artifacts, lines} = splitTiming(run);
lines.forEach(log);
const cpu = process.cpuUsage();
// CPU of this process and of the training workers
const cpuS = (cpu.user + cpu.system) / 1e6 + (run.timing?.workerCpuMs ?? 0) / 1000;
log(`forecast loader: ${((performance.now() - started) / 1000).toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU`);
emitJson(artifacts);
