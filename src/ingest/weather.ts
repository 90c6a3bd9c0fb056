import {dateRange, PERIOD_END, PERIOD_START} from "../calendar.js";
import {decodeKoreanText} from "./encoding.js";
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

/**
 * Daily mean temperature and precipitation of one station from a KMA ASOS daily export, as
 * downloaded: CP949 (or UTF-8), Korean header, 일강수량 blank on dry days (read as 0 mm).
 * Throws DataError when a column, the station, a day of the period or a temperature is missing.
 */
export function parseKmaDaily(input: Uint8Array | string, {file = "weather", station = 108, start = PERIOD_START, end = PERIOD_END}: KmaOptions = {}): {
  days: WeatherDay[];
  stationName: string | null;
  encoding: "utf-8" | "cp949";
} {
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
  if (missing.length) throw new DataError(file, `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (header: ${header.slice(0, 8).join(", ")}${header.length > 8 ? ", …" : ""}; read as ${encoding})`);
  const nameIdx = findColumn(header, ["지점명", "stnNm"]);
  const wanted = new Set(dateRange(start, end));
  const byDate = new Map<string, WeatherDay>();
  const stations = new Set<string>();
  let stationName: string | null = null;
  records.slice(1).forEach((cells, i) => {
    const line = i + 2;
    const stn = (cells[idx.station] ?? "").trim();
    stations.add(stn);
    if (Number(stn) !== station || stn === "") return;
    const date = isoDate(cells[idx.date] ?? "");
    if (!date) throw new DataError(file, `line ${line}: bad date ${JSON.stringify(cells[idx.date] ?? "")} (expected YYYY-MM-DD)`);
    if (!wanted.has(date)) return;
    if (byDate.has(date)) throw new DataError(file, `line ${line}: station ${station} has two rows for ${date}`);
    const tempText = (cells[idx.temp] ?? "").trim();
    if (tempText === "") throw new DataError(file, `line ${line}: mean temperature missing on ${date}`);
    if (!NUMBER.test(tempText)) throw new DataError(file, `line ${line}: bad mean temperature ${JSON.stringify(tempText)} on ${date}`);
    const precipText = (cells[idx.precip] ?? "").trim();
    if (precipText !== "" && !NUMBER.test(precipText)) throw new DataError(file, `line ${line}: bad precipitation ${JSON.stringify(precipText)} on ${date}`);
    const precip = precipText === "" ? 0 : Number(precipText);
    if (precip < 0) throw new DataError(file, `line ${line}: negative precipitation ${precipText} on ${date}`);
    if (nameIdx >= 0 && stationName === null) stationName = (cells[nameIdx] ?? "").trim() || null;
    byDate.set(date, {date, tempMean: Number(tempText), precipMm: precip, station});
  });
  if (!byDate.size) {
    const list = [...stations].filter((s) => s !== "").sort((a, b) => Number(a) - Number(b));
    throw new DataError(file, `station ${station} not found (stations in the file: ${list.slice(0, 20).join(", ")}${list.length > 20 ? ", …" : ""})`);
  }
  const absent = [...wanted].filter((d) => !byDate.has(d));
  if (absent.length) throw new DataError(file, `station ${station} lacks ${absent.length} day${absent.length > 1 ? "s" : ""} of ${start}..${end}: ${absent.slice(0, 5).join(", ")}${absent.length > 5 ? ", …" : ""}`);
  return {days: [...wanted].map((d) => byDate.get(d)!), stationName, encoding};
}
