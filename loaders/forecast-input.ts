/**
 * Warehouse → ForecastInput (loaders/forecast.ts): daily revenue of every top category (CLAC1_NM) on
 * every day of the period, zero where nothing sold, with the day's weather and calendar entry.
 */
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {ForecastSeriesArtifact} from "../docs/components/forecast-data.js";
import {dateRange} from "../src/calendar.js";
import {categoryGloss, REPORT_CATEGORIES, TOP_CATEGORIES} from "../src/categories.js";
import type {ForecastArtifacts} from "../src/forecast/artifacts.js";
import type {Duck} from "./duck.js";
import type {ForecastInput, RunForecastOptions} from "./forecast.js";
import type {WarehouseInfo} from "./warehouse.js";
import {readPeriod} from "./period.js";

export interface ForecastInputOptions {
  start?: string;
  end?: string;
  /** top categories to include, in this order (default: every category that sold in the period, report's first) */
  categories?: readonly string[];
}

/** Report categories in the report's order, then the others by revenue (largest first), then by name. */
export function orderCategories(totals: ReadonlyMap<string, number>): string[] {
  const report = REPORT_CATEGORIES.filter((c) => totals.has(c));
  const rest = [...totals.keys()].filter((c) => !REPORT_CATEGORIES.includes(c));
  rest.sort((a, b) => totals.get(b)! - totals.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  return [...report, ...rest];
}

export async function forecastInput(duck: Duck, {start, end, categories}: ForecastInputOptions = {}): Promise<ForecastInput> {
  if (start === undefined || end === undefined) {
    const period = await readPeriod(duck);
    start ??= period.start;
    end ??= period.end;
  }
  const dates = dateRange(start, end);
  if (dates.length === 0) throw new Error(`invalid period: ${start}..${end} (end before start)`);
  const range = {start, end};

  const weatherRows = await duck.query<{date: string; temp_mean: number; precip_mm: number}>(
    "SELECT strftime(date, '%Y-%m-%d') AS date, temp_mean, precip_mm FROM weather WHERE date BETWEEN $start::DATE AND $end::DATE ORDER BY date",
    range
  );
  const calendarRows = await duck.query<{date: string; weekday: number; holiday: boolean; day_off: boolean; name: string | null}>(
    "SELECT strftime(date, '%Y-%m-%d') AS date, weekday, holiday, day_off, name FROM calendar WHERE date BETWEEN $start::DATE AND $end::DATE ORDER BY date",
    range
  );
  const weather = new Map(weatherRows.map((w) => [w.date, w]));
  const calendar = new Map(calendarRows.map((c) => [c.date, c]));
  for (const d of dates) {
    if (!weather.has(d)) throw new Error(`weather table has no row for ${d}`);
    if (!calendar.has(d)) throw new Error(`calendar table has no row for ${d}`);
  }

  const daily = await duck.query<{clac1_nm: string; date: string; revenue: number}>(
    `SELECT clac1_nm, strftime(sess_dt, '%Y-%m-%d') AS date, sum(amount)::DOUBLE AS revenue
     FROM line WHERE sess_dt BETWEEN $start::DATE AND $end::DATE GROUP BY ALL ORDER BY clac1_nm, date`,
    range
  );
  const totals = new Map<string, number>();
  for (const r of daily) totals.set(r.clac1_nm, (totals.get(r.clac1_nm) ?? 0) + r.revenue);
  const names = categories ? [...categories] : orderCategories(totals);
  for (const c of names) if (!totals.has(c)) throw new Error(`category ${JSON.stringify(c)} has no purchases between ${start} and ${end}`);
  const index = new Map(dates.map((d, i) => [d, i]));
  const series = new Map(names.map((c) => [c, new Array<number>(dates.length).fill(0)]));
  for (const r of daily) {
    const s = series.get(r.clac1_nm);
    if (s) s[index.get(r.date)!] = r.revenue;
  }

  return {
    dates,
    weather: dates.map((date) => ({date, temp_mean: weather.get(date)!.temp_mean, precip_mm: weather.get(date)!.precip_mm})),
    calendar: dates.map((date) => {
      const c = calendar.get(date)!;
      return {date, weekday: c.weekday, holiday: c.holiday, dayOff: c.day_off, name: c.name};
    }),
    series: names.map((category) => ({category, revenue: series.get(category)!}))
  };
}

/**
 * What the build trains: the report's 11 categories (every other top category has zero-revenue days
 * or is left to the page's re-run), the feature ablation and epoch curve for women's clothing only,
 * as the report did, and the library's FAST defaults otherwise.
 */
export function buildRun(input: ForecastInput, log: (m: string) => void): {input: ForecastInput; options: RunForecastOptions} {
  const series = input.series.filter((s) => REPORT_CATEGORIES.includes(s.category));
  if (!series.length) throw new Error(`none of the report's categories is in the data (have: ${input.series.map((s) => s.category).join(", ")})`);
  const search = series.some((s) => s.category === REPORT_CATEGORIES[0]) ? [REPORT_CATEGORIES[0]] : [];
  return {input: {...input, series}, options: {ablationCategories: search, epochCurveCategories: search, backend: "wasm", timing: true, log}};
}

/** Artifacts without the timing block (the only part that differs between runs), and the timing as log lines. */
export function splitTiming(artifacts: ForecastArtifacts): {artifacts: ForecastArtifacts; lines: string[]} {
  const {timing, ...rest} = artifacts;
  const lines: string[] = [];
  if (timing) {
    lines.push(`forecast: ${(timing.totalMs / 1000).toFixed(1)} s in total on tfjs ${timing.backend} (${timing.threads} thread${timing.threads === 1 ? "" : "s"}, node ${timing.node})`);
    for (const c of timing.categories) {
      lines.push(`  ${c.category}: backtest+final ${(c.forecastMs / 1000).toFixed(1)} s, ablation ${(c.ablationMs / 1000).toFixed(1)} s, epoch curve ${(c.epochCurveMs / 1000).toFixed(1)} s; ${c.lstmTrainings} trainings, ${c.lstmEpochs} epochs`);
    }
  }
  return {artifacts: rest, lines};
}

function plantedWeekdays(info: Pick<WarehouseInfo, "source" | "dataDir">): Record<string, number[]> | null {
  const file = join(info.dataDir, "truth.json");
  if (info.source !== "synthetic" || !existsSync(file)) return null;
  const truth = JSON.parse(readFileSync(file, "utf8")) as {weekdayMultipliers?: unknown};
  const w = truth.weekdayMultipliers;
  if (!w || typeof w !== "object") throw new Error(`${file}: no weekdayMultipliers object`);
  for (const [c, v] of Object.entries(w)) {
    if (!Array.isArray(v) || v.length !== 7 || !v.every(Number.isFinite)) throw new Error(`${file}: weekdayMultipliers of ${JSON.stringify(c)} is not 7 numbers: ${JSON.stringify(v)}`);
  }
  return w as Record<string, number[]>;
}

/** docs/data/forecast-series.json: every top category's series, so the page can re-train any of them. */
export async function forecastSeriesArtifact(duck: Duck, info: Pick<WarehouseInfo, "source" | "dataDir" | "key">): Promise<ForecastSeriesArtifact> {
  const input = await forecastInput(duck);
  const names = new Map(
    (await duck.query<{date: string; name_en: string | null}>("SELECT strftime(date, '%Y-%m-%d') AS date, name_en FROM calendar")).map((r) => [r.date, r.name_en])
  );
  return {
    schema: "lpoint-forecast-series/1",
    source: info.source,
    dataVersion: info.key,
    dates: input.dates,
    weather: input.weather,
    calendar: input.calendar.map((c) => ({...c, nameEn: names.get(c.date) ?? null})),
    series: input.series.map((s) => ({
      category: s.category,
      en: categoryGloss(s.category),
      key: TOP_CATEGORIES.find((t) => t.name === s.category)?.key ?? null,
      revenue: s.revenue,
      zeroDays: s.revenue.filter((v) => v <= 0).length
    })),
    planted: plantedWeekdays(info)
  };
}
