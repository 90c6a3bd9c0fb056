import {studyPeriod, type DataPeriod, type DayRun} from "../src/period.js";
import type {Duck} from "./duck.js";

export type WarehousePeriod = DataPeriod;

/** The data's own period as the warehouse recorded it (first to last session date). */
export async function readPeriod(duck: Duck): Promise<WarehousePeriod> {
  const [row] = await duck.query<{start: string; end: string; split: string | null; holidays_known: boolean; weather: boolean}>(
    "SELECT strftime(start_date, '%Y-%m-%d') AS start, strftime(end_date, '%Y-%m-%d') AS end, strftime(split_date, '%Y-%m-%d') AS split, holidays_known, weather FROM period"
  );
  if (!row) throw new Error("the warehouse has no period row: rebuild it");
  const [missing] = await duck.query<{value: string}>("SELECT value FROM meta WHERE key = 'missing_days'");
  return {...studyPeriod(row.start, row.end), split: row.split, holidaysKnown: row.holidays_known, weather: row.weather, missing: missing ? (JSON.parse(missing.value) as DayRun[]) : []};
}

/** Notes the warehouse recorded for the reader (what the build could not use, and why). */
export async function readNotes(duck: Duck): Promise<string[]> {
  const [row] = await duck.query<{value: string}>("SELECT value FROM meta WHERE key = 'notes'");
  return row ? (JSON.parse(row.value) as string[]) : [];
}
