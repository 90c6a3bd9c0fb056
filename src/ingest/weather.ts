import {dateRange} from "../calendar.js";
import {isUtf8} from "node:buffer";
import {decodeKoreanText, guessEncoding, stripUtf8Bom} from "./encoding.js";
import {DataError} from "./errors.js";
import {parseCsv} from "./rfc4180.js";

export interface WeatherDay {
  date: string;
  tempMean: number;
  precipMm: number;
  station: number;
}

export interface KmaOptions {
  /** Name used in errors. */
  file?: string;
  /** KMA ASOS station number (지점); 108 is Seoul. */
  station?: number;
  /** Only rows from start to end are read in full; the others only count towards what the file covers. */
  start?: string;
  end?: string;
}

/** Header names of the KMA ASOS daily export (Korean web export, or the English API field names). */
const COLUMNS = {
  station: ["지점", "stnId"],
  date: ["일시", "tm"],
  temp: ["평균기온(°C)", "평균기온(℃)", "평균기온", "avgTa"],
  precip: ["일강수량(mm)", "일강수량", "sumRn"]
} as const;

function findColumn(header: string[], names: readonly string[]): number {
  const norm = header.map((h) => h.replace(/^\ufeff/, "").replace(/\s+/g, "").toLowerCase());
  for (const name of names) {
    const i = norm.indexOf(name.replace(/\s+/g, "").toLowerCase());
    if (i >= 0) return i;
  }
  return -1;
}

function isoDate(text: string): string | null {
  const t = text.trim();
  const m = /^(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})$/.exec(t);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;
/** Plausible daily values anywhere on Earth; outside them a cell is a typo or a unit mix-up, not weather. */
const TEMP_RANGE = [-60, 60] as const;
const MAX_PRECIP_MM = 2000;

/** The 1-based line of the first newline-separated line that is not UTF-8, or null. */
function firstNonUtf8Line(bytes: Uint8Array): number | null {
  let line = 1;
  for (let start = 0; start < bytes.length; line++) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    if (!isUtf8(bytes.subarray(start, end))) return line;
    start = end + 1;
  }
  return null;
}

/**
 * Daily mean temperature and precipitation of one station from a KMA ASOS daily export, as
 * downloaded: CP949 (or UTF-8), Korean header, 일강수량 blank on dry days (read as 0 mm). Rows of
 * the station between start and end (default: all) are checked and returned; `covers` is the first
 * and last date the file has for the station. Throws DataError for a missing column, an absent
 * station or a bad row; weatherForPeriod says whether the days cover a period.
 */
export function parseKmaDaily(input: Uint8Array | string, {file = "weather", station = 108, start = "0000-01-01", end = "9999-12-31"}: KmaOptions = {}): {
  days: WeatherDay[];
  stationName: string | null;
  encoding: "utf-8" | "cp949";
  covers: {start: string; end: string};
} {
  if (typeof input !== "string" && !isUtf8(stripUtf8Bom(input))) {
    const guess = guessEncoding(input);
    if (guess.startsWith("UTF-16")) throw new DataError(file, `not UTF-8 or CP949: it looks like ${guess}. Re-save it as CP949 (as KMA exports it) or UTF-8`);
  }
  const {text, encoding} = typeof input === "string" ? {text: input.replace(/^\ufeff/, ""), encoding: "utf-8" as const} : decodeKoreanText(input);
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (e) {
    throw new DataError(file, `not a readable CSV: ${(e as Error).message}`);
  }
  if (!records.length) throw new DataError(file, "file is empty");
  const header = records[0].map((h) => h.trim());
  const idx = {
    station: findColumn(header, COLUMNS.station),
    date: findColumn(header, COLUMNS.date),
    temp: findColumn(header, COLUMNS.temp),
    precip: findColumn(header, COLUMNS.precip)
  };
  const missing = (Object.keys(idx) as (keyof typeof idx)[]).filter((k) => idx[k] < 0).map((k) => COLUMNS[k][0]);
  if (missing.length && encoding === "cp949" && typeof input !== "string") {
    // Not UTF-8, so it was read as CP949; if the header reads as UTF-8 the file is UTF-8 with a few bad bytes.
    const asUtf8 = parseCsv(Buffer.from(stripUtf8Bom(input)).toString("utf8").split(/\r?\n|\r/, 1)[0])[0] ?? [];
    if (Object.values(COLUMNS).every((names) => findColumn(asUtf8, names) >= 0))
      throw new DataError(file, `not UTF-8: line ${firstNonUtf8Line(stripUtf8Bom(input))} has bytes that are not UTF-8, while the rest reads as UTF-8 (not CP949). Re-save it in one encoding`);
  }
  if (missing.length) throw new DataError(file, `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (header: ${header.slice(0, 8).join(", ")}${header.length > 8 ? ", …" : ""}; read as ${encoding})`);
  if (records.length === 1) throw new DataError(file, `has a header but no data rows (header: ${header.slice(0, 8).join(", ")}${header.length > 8 ? ", …" : ""})`);
  const nameIdx = findColumn(header, ["지점명", "stnNm"]);
  const byDate = new Map<string, WeatherDay>();
  const stations = new Set<string>();
  let stationName: string | null = null;
  let first: string | null = null;
  let last: string | null = null;
  records.slice(1).forEach((cells, i) => {
    const line = i + 2;
    const stn = (cells[idx.station] ?? "").trim();
    stations.add(stn);
    if (Number(stn) !== station || stn === "") return;
    // A short row would read a missing rain cell as a dry day; a long one (e.g. an unquoted "1,234.5") shifts values.
    if (cells.length !== header.length) throw new DataError(file, `line ${line}: ${cells.length} fields, the header has ${header.length} (a truncated row or an unquoted comma)`);
    const date = isoDate(cells[idx.date] ?? "");
    if (!date) throw new DataError(file, `line ${line}: bad date ${JSON.stringify(cells[idx.date] ?? "")} (expected YYYY-MM-DD)`);
    if (first === null || date < first) first = date;
    if (last === null || date > last) last = date;
    if (nameIdx >= 0 && stationName === null) stationName = (cells[nameIdx] ?? "").trim() || null;
    if (date < start || date > end) return;
    if (byDate.has(date)) throw new DataError(file, `line ${line}: station ${station} has two rows for ${date}`);
    const tempText = (cells[idx.temp] ?? "").trim();
    if (tempText === "") throw new DataError(file, `line ${line}: mean temperature missing on ${date}`);
    if (!NUMBER.test(tempText)) throw new DataError(file, `line ${line}: bad mean temperature ${JSON.stringify(tempText)} on ${date}`);
    if (Number(tempText) < TEMP_RANGE[0] || Number(tempText) > TEMP_RANGE[1])
      throw new DataError(file, `line ${line}: implausible mean temperature ${tempText} °C on ${date} (expected ${TEMP_RANGE[0]}..${TEMP_RANGE[1]})`);
    const precipText = (cells[idx.precip] ?? "").trim();
    if (precipText !== "" && !NUMBER.test(precipText)) throw new DataError(file, `line ${line}: bad precipitation ${JSON.stringify(precipText)} on ${date}`);
    const precip = precipText === "" ? 0 : Number(precipText);
    if (precip < 0) throw new DataError(file, `line ${line}: negative precipitation ${precipText} on ${date}`);
    if (precip > MAX_PRECIP_MM) throw new DataError(file, `line ${line}: implausible precipitation ${precipText} mm on ${date} (expected at most ${MAX_PRECIP_MM})`);
    byDate.set(date, {date, tempMean: Number(tempText), precipMm: precip, station});
  });
  if (first === null || last === null) {
    const list = [...stations].filter((s) => s !== "").sort((a, b) => Number(a) - Number(b));
    throw new DataError(file, `station ${station} not found (stations in the file: ${list.slice(0, 20).join(", ")}${list.length > 20 ? ", …" : ""})`);
  }
  const days = [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {days, stationName, encoding, covers: {start: first, end: last}};
}

/** Days of start..end without a row in `days`. */
export function missingWeatherDays(days: readonly WeatherDay[], start: string, end: string): string[] {
  const have = new Set(days.map((d) => d.date));
  return dateRange(start, end).filter((d) => !have.has(d));
}

/**
 * The weather of every day of start..end, or a DataError naming what the file covers and which days
 * the data needs (a file that covers none of them says so first).
 */
export function weatherForPeriod(parsed: {days: readonly WeatherDay[]; covers: {start: string; end: string}}, {file = "weather", station = 108, start, end}: {file?: string; station?: number; start: string; end: string}): WeatherDay[] {
  const inside = parsed.days.filter((d) => d.date >= start && d.date <= end);
  const absent = missingWeatherDays(inside, start, end);
  if (!absent.length) return inside;
  const covers = `the file covers ${parsed.covers.start}..${parsed.covers.end} for station ${station}`;
  if (!inside.length) throw new DataError(file, `covers none of the data's dates: ${covers}, the data needs ${start}..${end}. Use a KMA ASOS export of the data's period, or remove the file to run the models without weather`);
  throw new DataError(file, `station ${station} lacks ${absent.length} day${absent.length > 1 ? "s" : ""} of ${start}..${end}: ${absent.slice(0, 5).join(", ")}${absent.length > 5 ? ", …" : ""} (${covers}). Add the missing days, or remove the file to run the models without weather`);
}
