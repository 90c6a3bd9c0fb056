import {RAW_FILE_LABELS} from "../src/ingest/files.js";
import type {IngestReport} from "../src/ingest/report.js";
import {RAW_FILES} from "../src/ingest/tables.js";
import type {Duck} from "./duck.js";
import {readNotes, readPeriod} from "./period.js";

import type {DataInfo} from "../docs/components/source.js";

export type {DataInfo};

/**
 * Revenue and purchase lines per top category: the `line` view without its session and member joins
 * (more than half its time at full scale). The ingest quarantines a line whose session is missing, so
 * dropping the session join loses none.
 */
const CATEGORY_TOTALS = `SELECT m.clac1_nm AS category, sum(p.pd_buy_am * p.pd_buy_ct) AS revenue, count(*) AS lines
FROM product p JOIN master m USING (pd_c) GROUP BY ALL`;

/**
 * Every top category of the product master, largest revenue first (then by name); categories nobody
 * bought come last. The "main categories" are chosen from this order.
 */
export async function categoriesByRevenue(duck: Duck): Promise<string[]> {
  const rows = await duck.query<{category: string}>(
    `SELECT m.category FROM (SELECT DISTINCT clac1_nm AS category FROM master) m
     LEFT JOIN (${CATEGORY_TOTALS}) r USING (category)
     ORDER BY coalesce(r.revenue, -1) DESC, m.category`
  );
  return rows.map((r) => r.category);
}

type StableReport = Omit<IngestReport, "dbPath" | "dataDir" | "ms">;

export async function dataInfo(duck: Duck, {source, dataVersion, dirName}: {source: "synthetic" | "real"; dataVersion: string; dirName: string}): Promise<DataInfo> {
  const meta = Object.fromEntries((await duck.query<{key: string; value: string}>("SELECT key, value FROM meta")).map((r) => [r.key, r.value]));
  const report = JSON.parse(meta.ingest_report) as StableReport;
  const categories = await duck.query<{category: string; revenue: number; lines: number}>(
    `SELECT category, revenue::DOUBLE AS revenue, lines::BIGINT AS lines FROM (${CATEGORY_TOTALS}) ORDER BY revenue DESC, category`
  );
  return {
    source,
    dataVersion,
    dirName,
    files: RAW_FILES.map((f) => ({file: f, label: RAW_FILE_LABELS[f], name: report.files[f].path, rowsRead: report.files[f].rowsRead, rowsAccepted: report.files[f].rowsAccepted, warnings: report.files[f].warnings ?? []})),
    period: await readPeriod(duck),
    holidays: report.period.holidays,
    weather: {origin: report.weather.origin, label: report.weather.days ? meta.weather_source : null, station: report.weather.station, covers: report.weather.covers, days: report.weather.days, note: report.weather.note},
    categories,
    notes: await readNotes(duck)
  };
}
