import {existsSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {basename} from "node:path";
import {DataError} from "../src/ingest/errors.js";
import type {WeatherReport} from "../src/ingest/report.js";
import {parseKmaDaily, type WeatherDay} from "../src/ingest/weather.js";

/** Read a KMA ASOS daily export (CP949 as downloaded, or UTF-8) for one station over the study period. */
export async function readWeatherFile(path: string, {station = 108}: {station?: number} = {}): Promise<{days: WeatherDay[]; report: WeatherReport}> {
  const name = basename(path);
  if (!Number.isInteger(station) || station <= 0) throw new DataError(name, `invalid station: ${JSON.stringify(station)} (expected a KMA station number such as 108)`);
  if (!existsSync(path)) throw new DataError(name, `weather file not found: ${path}`);
  const {days, stationName, encoding} = parseKmaDaily(await readFile(path), {file: name, station});
  return {days, report: {file: path, station, stationName, encoding, days: days.length}};
}
