// What every page says about its data: where it comes from, its period, the holidays and weather the
// models could use, the categories, and the notes of what the build could not use (also on stderr).
import {basename} from "node:path";
import {dataInfo} from "../../loaders/data-info.js";
import {emitJson, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";

const {duck, info} = await openWarehouse({log});
try {
  const out = await dataInfo(duck, {source: info.source, dataVersion: info.key, dirName: basename(info.dataDir)});
  for (const note of out.notes) log(`note: ${note}`);
  emitJson(out);
} finally {
  duck.close();
}
