import {RAW_FILE_LABELS} from "../src/ingest/files.js";
import type {IngestReport} from "../src/ingest/report.js";
import {RAW_FILES, type RawFile} from "../src/ingest/tables.js";
import type {Duck} from "./duck.js";
import {readNotes, readPeriod, type WarehousePeriod} from "./period.js";

/** docs/data/data-info.json: what every page states about its data. */
export interface DataInfo {
  source: "synthetic" | "real";
  dataVersion: string;
  /** the data folder's name (not its path: the site does not publish the builder's file system) */
  dirName: string;
  files: {file: RawFile; label: string; name: string; rowsRead: number; rowsAccepted: number}[];
  period: WarehousePeriod;
  holidays: IngestReport["period"]["holidays"];
  weather: {origin: IngestReport["weather"]["origin"]; label: string | null; station: number; covers: {start: string; end: string} | null; days: number; note: string | null};
  /** categories (CLAC1_NM) by revenue, largest first */
  categories: {category: string; revenue: number; lines: number}[];
  notes: string[];
}

type StableReport = Omit<IngestReport, "dbPath" | "dataDir" | "ms">;

export async function dataInfo(duck: Duck, {source, dataVersion, dirName}: {source: "synthetic" | "real"; dataVersion: string; dirName: string}): Promise<DataInfo> {
  const meta = Object.fromEntries((await duck.query<{key: string; value: string}>("SELECT key, value FROM meta")).map((r) => [r.key, r.value]));
  const report = JSON.parse(meta.ingest_report) as StableReport;
  const categories = await duck.query<{category: string; revenue: number; lines: number}>(
    "SELECT clac1_nm AS category, sum(amount)::DOUBLE AS revenue, count(*)::BIGINT AS lines FROM line GROUP BY ALL ORDER BY revenue DESC, category"
  );
  return {
    source,
    dataVersion,
    dirName,
    files: RAW_FILES.map((f) => ({file: f, label: RAW_FILE_LABELS[f], name: report.files[f].path, rowsRead: report.files[f].rowsRead, rowsAccepted: report.files[f].rowsAccepted})),
    period: await readPeriod(duck),
    holidays: report.period.holidays,
    weather: {origin: report.weather.origin, label: report.weather.days ? meta.weather_source : null, station: report.weather.station, covers: report.weather.covers, days: report.weather.days, note: report.weather.note},
    categories,
    notes: await readNotes(duck)
  };
}
