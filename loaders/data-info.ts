import {CATEGORY_TOTALS_SQL} from "../src/explore/sql.js";
import {RAW_FILE_LABELS} from "../src/ingest/files.js";
import type {IngestReport} from "../src/ingest/report.js";
import {RAW_FILES} from "../src/ingest/tables.js";
import type {Duck} from "./duck.js";
import {readNotes, readPeriod} from "./period.js";

import type {DataInfo} from "../docs/components/source.js";

export type {DataInfo};

/**
 * Every top category of the product master, largest revenue first (then by name); categories nobody
 * bought come last. The "main categories" are chosen from this order. `totals`: a table of
 * CATEGORY_TOTALS_SQL's rows (default: the query). The totals take the lines without their session and
 * member joins (more than half the `line` view's time at full scale): the ingest quarantines a line
 * whose session is missing, so dropping the session join loses none.
 */
export async function categoriesByRevenue(duck: Duck, totals = `(${CATEGORY_TOTALS_SQL})`): Promise<string[]> {
  const rows = await duck.query<{category: string}>(
    `SELECT m.category FROM (SELECT DISTINCT clac1_nm AS category FROM master) m
     LEFT JOIN ${totals} r USING (category)
     ORDER BY coalesce(r.revenue, -1) DESC, m.category`
  );
  return rows.map((r) => r.category);
}

/**
 * Revenue and purchase lines per top category, largest revenue first: data-info's categories. Its loader
 * sums them itself rather than wait for the shared build: every page reads it.
 */
const DATA_INFO_CATEGORIES_SQL = `SELECT category, revenue::DOUBLE AS revenue, lines::BIGINT AS lines FROM (${CATEGORY_TOTALS_SQL}) ORDER BY revenue DESC, category`;

type StableReport = Omit<IngestReport, "dbPath" | "dataDir" | "ms">;

export async function dataInfo(duck: Duck, {source, dataVersion, dirName}: {source: "synthetic" | "real"; dataVersion: string; dirName: string}): Promise<DataInfo> {
  const meta = Object.fromEntries((await duck.query<{key: string; value: string}>("SELECT key, value FROM meta")).map((r) => [r.key, r.value]));
  const report = JSON.parse(meta.ingest_report) as StableReport;
  return {
    source,
    dataVersion,
    dirName,
    files: RAW_FILES.map((f) => ({file: f, label: RAW_FILE_LABELS[f], name: report.files[f].path, rowsRead: report.files[f].rowsRead, rowsAccepted: report.files[f].rowsAccepted, warnings: report.files[f].warnings ?? []})),
    period: await readPeriod(duck),
    holidays: report.period.holidays,
    weather: {origin: report.weather.origin, label: report.weather.days ? meta.weather_source : null, station: report.weather.station, covers: report.weather.covers, days: report.weather.days, note: report.weather.note},
    categories: await duck.query<DataInfo["categories"][number]>(DATA_INFO_CATEGORIES_SQL),
    notes: await readNotes(duck)
  };
}
