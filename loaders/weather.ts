import {existsSync, readdirSync, statSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {basename, join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {DataError} from "../src/ingest/errors.js";
import {pickWeatherFile} from "../src/ingest/files.js";
import type {WeatherReport} from "../src/ingest/report.js";
import {missingWeatherDays, parseKmaDaily, weatherForPeriod, type WeatherDay} from "../src/ingest/weather.js";

/** The real KMA ASOS daily series of Seoul (station 108) for April–September 2018, shipped with the project. */
export const BUNDLED_WEATHER_FILE = fileURLToPath(new URL("../data/weather/kma-asos-108-seoul-2018.csv", import.meta.url));
export const BUNDLED_WEATHER_STATION = 108;

export type WeatherOrigin = WeatherReport["origin"];

export interface WeatherChoice {
  path: string | null;
  origin: WeatherOrigin;
}

/**
 * Which weather export the build reads, in this order: the one given (--weather, LPOINT_WEATHER_FILE),
 * one in the data folder (a .csv named like weather, kma or asos), else the bundled 2018 series.
 */
export function chooseWeatherFile({weatherFile, env = process.env, dataDir}: {weatherFile?: string; env?: NodeJS.ProcessEnv; dataDir: string}): WeatherChoice {
  const given = weatherFile ?? (env.LPOINT_WEATHER_FILE || undefined);
  if (given !== undefined) {
    const path = resolve(given);
    if (!existsSync(path) || !statSync(path).isFile()) throw new DataError(basename(path), `weather file not found: ${path} (given with ${weatherFile !== undefined ? "--weather" : "LPOINT_WEATHER_FILE"})`);
    return {path, origin: "given"};
  }
  const inFolder = existsSync(dataDir) ? pickWeatherFile(readdirSync(dataDir).filter((n) => statSync(join(dataDir, n)).isFile()), dataDir) : null;
  if (inFolder) return {path: join(dataDir, inFolder), origin: "data folder"};
  return existsSync(BUNDLED_WEATHER_FILE) ? {path: BUNDLED_WEATHER_FILE, origin: "bundled"} : {path: null, origin: "none"};
}

export interface ParsedWeather {
  bytes: Uint8Array;
  file: string;
  station: number;
  stationName: string | null;
  encoding: "utf-8" | "cp949";
  /** first and last date the file has for the station */
  covers: {start: string; end: string};
}

/**
 * Read a KMA ASOS daily export (CP949 as downloaded, or UTF-8) and check its shape and the station
 * before the long ingest; the values are checked once the data's period is known (daysIn).
 */
export async function readWeatherFile(path: string, {station = 108}: {station?: number} = {}): Promise<ParsedWeather> {
  const name = basename(path);
  if (!Number.isInteger(station) || station <= 0) throw new DataError(name, `invalid station: ${JSON.stringify(station)} (expected a KMA station number such as 108)`);
  if (!existsSync(path)) throw new DataError(name, `weather file not found: ${path}`);
  const bytes = await readFile(path);
  // an empty date range: every row's shape and date are checked, no value yet
  const {stationName, encoding, covers} = parseKmaDaily(bytes, {file: name, station, start: "9999-12-31", end: "0000-01-01"});
  return {bytes, file: name, station, stationName, encoding, covers};
}

/** The station's checked days between start and end. */
function daysIn(parsed: ParsedWeather, start: string, end: string): WeatherDay[] {
  return parseKmaDaily(parsed.bytes, {file: parsed.file, station: parsed.station, start, end}).days;
}

/**
 * The weather of every day of the period and its report. A file the user chose (given or in the data
 * folder) must cover the period, or the build stops with a DataError saying what it covers and what is
 * needed; the bundled 2018 series applies only where it covers the whole period, else the models run
 * without weather and the report's note says why.
 */
export function weatherOfPeriod(choice: WeatherChoice, parsed: ParsedWeather | null, {station, start, end}: {station: number; start: string; end: string}): {days: WeatherDay[]; report: WeatherReport} {
  const none = (note: string): {days: WeatherDay[]; report: WeatherReport} => ({
    days: [],
    report: {file: choice.path, station, stationName: parsed?.stationName ?? null, encoding: parsed?.encoding ?? null, days: 0, origin: choice.origin, covers: parsed?.covers ?? null, note}
  });
  if (!choice.path || !parsed) return none(`no weather file: the models run without weather (give a KMA ASOS daily export with --weather or LPOINT_WEATHER_FILE, or put one in the data folder)`);
  if (choice.origin === "bundled") {
    if (station !== BUNDLED_WEATHER_STATION) return none(`the bundled weather series is station ${BUNDLED_WEATHER_STATION} (Seoul), not ${station}: the models run without weather`);
    const inside = daysIn(parsed, start, end);
    const covers = `the bundled Seoul series covers ${parsed.covers.start}..${parsed.covers.end}`;
    if (!inside.length) return none(`no weather file, and ${covers}, none of the data's ${start}..${end}: the models run without weather`);
    if (missingWeatherDays(inside, start, end).length) return none(`no weather file, and ${covers}, only part of the data's ${start}..${end}: the models run without weather`);
    return {days: inside, report: report(choice, parsed, station, inside.length)};
  }
  const days = weatherForPeriod({days: daysIn(parsed, start, end), covers: parsed.covers}, {file: parsed.file, station, start, end});
  return {days, report: report(choice, parsed, station, days.length)};
}

function report(choice: WeatherChoice, parsed: ParsedWeather, station: number, days: number): WeatherReport {
  return {file: choice.path, station, stationName: parsed.stationName, encoding: parsed.encoding, days, origin: choice.origin, covers: parsed.covers, note: null};
}
