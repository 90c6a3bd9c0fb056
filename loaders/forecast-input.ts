/**
 * Warehouse → ForecastInput (loaders/forecast.ts): daily revenue of every top category (CLAC1_NM) on
 * every day of the data's period, zero where nothing sold, with the day's calendar entry, its weather
 * when a weather file covers the period, and which of those inputs the period has.
 */
import {availableParallelism} from "node:os";
import type {ForecastSeriesArtifact} from "../docs/components/forecast-data.js";
import {addDays, dateRange} from "../src/calendar.js";
import {runDates} from "../src/period.js";
import {categoryGloss, knownCategoryKey, REPORT_CATEGORIES} from "../src/categories.js";
import {holidayBreaks} from "../src/forecast/breaks.js";
import {loadCalendar} from "./holidays.js";
import type {ForecastArtifacts} from "../src/forecast/artifacts.js";
import {joinsAsWritten, type Duck} from "./duck.js";
import type {ForecastInput, RunForecastOptions} from "./forecast.js";
import type {WarehouseInfo} from "./warehouse.js";
import {readPeriod} from "./period.js";
import {readTruth} from "./truth.js";

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
  const period = await readPeriod(duck);
  start ??= period.start;
  end ??= period.end;
  const dates = dateRange(start, end);
  if (dates.length === 0) throw new Error(`invalid period: ${start}..${end} (end before start)`);
  const range = {start, end};

  const weatherRows = await duck.query<{date: string; temp_mean: number; precip_mm: number}>(
    "SELECT strftime(date, '%Y-%m-%d') AS date, temp_mean, precip_mm FROM weather WHERE date BETWEEN $start::DATE AND $end::DATE ORDER BY date",
    range
  );
  const calendarRows = await duck.query<{date: string; weekday: number; holiday: boolean; day_off: boolean; name: string | null; known: boolean}>(
    "SELECT strftime(date, '%Y-%m-%d') AS date, weekday, holiday, day_off, name, known FROM calendar WHERE date BETWEEN $start::DATE AND $end::DATE ORDER BY date",
    range
  );
  const weather = new Map(weatherRows.map((w) => [w.date, w]));
  const calendar = new Map(calendarRows.map((c) => [c.date, c]));
  for (const d of dates) if (!calendar.has(d)) throw new Error(`calendar table has no row for ${d}`);
  // the warehouse keeps weather only when a file covers the whole period; a partial table is a broken warehouse
  const hasWeather = period.weather && weatherRows.length > 0;
  if (hasWeather) for (const d of dates) if (!weather.has(d)) throw new Error(`weather table has no row for ${d}`);

  // The joins as written: DuckDB expects the date filter to keep a fifth of the sessions, so it builds its
  // hash table on the lines joined to them (5 million at full scale) rather than on the catalogue, for
  // twice the CPU.
  const daily = await joinsAsWritten(duck, () => duck.query<{clac1_nm: string; date: string; revenue: number}>(
    // the `line` view without its member join, which the optimizer keeps (a second at full scale); grouped
    // by the date itself and formatted after, not formatted on each of millions of lines
    `SELECT clac1_nm, strftime(sess_dt, '%Y-%m-%d') AS date, revenue FROM (
       SELECT m.clac1_nm, s.sess_dt, sum(p.pd_buy_am * p.pd_buy_ct)::DOUBLE AS revenue
       FROM product p JOIN session s USING (clnt_id, sess_id) JOIN master m USING (pd_c)
       WHERE s.sess_dt BETWEEN $start::DATE AND $end::DATE GROUP BY ALL
     ) ORDER BY clac1_nm, date`,
    range
  ));
  const lost = new Set(runDates(period.missing).filter((d) => d >= start! && d <= end!));
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
    weather: hasWeather ? dates.map((date) => ({date, temp_mean: weather.get(date)!.temp_mean, precip_mm: weather.get(date)!.precip_mm})) : [],
    calendar: dates.map((date) => {
      const c = calendar.get(date)!;
      return {date, weekday: c.weekday, holiday: c.holiday, dayOff: c.day_off, name: c.name, known: c.known};
    }),
    series: names.map((category) => ({category, revenue: series.get(category)!})),
    // days the ingest found without any session in dense data: gaps in the logs, not days without sales
    ...(lost.size ? {missing: dates.map((d) => (lost.has(d) ? 1 : 0))} : {}),
    inputs: {weather: hasWeather, holidays: period.holidaysKnown && calendarRows.every((c) => c.known)}
  };
}

export const DEFAULT_MAX_CATEGORIES = 11;

/** A whole number ≥ 1 from the environment variable `name`, `fallback()` when unset; `expected` names it in the error. */
function countFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: () => number, expected: string): number {
  const v = env[name];
  if (v === undefined || v === "") return fallback();
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`invalid ${name} ${JSON.stringify(v)} (expected ${expected})`);
  return n;
}

/** LPOINT_FORECAST_CATEGORIES: how many main categories the build forecasts (default 11). */
export function maxCategoriesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return countFromEnv(env, "LPOINT_FORECAST_CATEGORIES", () => DEFAULT_MAX_CATEGORIES, "a whole number of categories, at least 1");
}

/**
 * LPOINT_FORECAST_MEMBERS: LSTMs per category, from different seeds, whose forecasts are averaged
 * (default 1). More cost training time in proportion and make the verdicts depend less on one seed.
 */
export function membersFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return countFromEnv(env, "LPOINT_FORECAST_MEMBERS", () => 1, "a whole number of networks, at least 1");
}

/**
 * What the build forecasts: up to `maxCategories` main categories (the input is ordered: the report's
 * categories present in the data in the report's order, then the others by revenue), the feature
 * ablation and epoch curve for the first of them that the LSTM can train (women's clothing in the
 * report's data, as the report did), and the library's FAST defaults otherwise.
 */
export function buildRun(input: ForecastInput, log: (m: string) => void, {maxCategories = maxCategoriesFromEnv(), members = membersFromEnv()}: {maxCategories?: number; members?: number} = {}): {input: ForecastInput; options: RunForecastOptions} {
  if (!Number.isInteger(maxCategories) || maxCategories < 1) throw new Error(`invalid maxCategories: ${maxCategories}`);
  const main = input.series.slice(0, maxCategories);
  const skipped = input.series.slice(maxCategories).filter((s) => s.revenue.some((v) => v > 0)).map((s) => s.category);
  return {input: {...input, series: main}, options: {categories: main.map((s) => s.category), skipped, maxCategories, members, backend: "wasm", timing: true, log, workers: forecastWorkers()}};
}

/**
 * Worker processes for the LSTM training: LPOINT_FORECAST_WORKERS, else one per core up to 4 (tfjs's
 * wasm backend trains on one thread). The artifacts do not depend on it.
 */
export function forecastWorkers(env: NodeJS.ProcessEnv = process.env): number {
  return countFromEnv(env, "LPOINT_FORECAST_WORKERS", () => Math.max(1, Math.min(4, availableParallelism())), "a whole number ≥ 1");
}

/** Artifacts without the timing block (the only part that differs between runs), and the timing as log lines. */
export function splitTiming(artifacts: ForecastArtifacts): {artifacts: ForecastArtifacts; lines: string[]} {
  const {timing, ...rest} = artifacts;
  const lines: string[] = [];
  if (timing) {
    const where = timing.workers ? `, in ${timing.workers} worker processes (${(timing.workerCpuMs / 1000).toFixed(1)} s CPU)` : "";
    lines.push(`forecast: ${(timing.totalMs / 1000).toFixed(1)} s in total on tfjs ${timing.backend} (${timing.threads} thread${timing.threads === 1 ? "" : "s"} each, node ${timing.node})${where}`);
    for (const c of timing.categories) {
      lines.push(`  ${c.category}: backtest+final ${(c.forecastMs / 1000).toFixed(1)} s, ablation ${(c.ablationMs / 1000).toFixed(1)} s, epoch curve ${(c.epochCurveMs / 1000).toFixed(1)} s; ${c.lstmTrainings} trainings, ${c.lstmEpochs} epochs`);
    }
  }
  return {artifacts: rest, lines};
}

function plantedWeekdays(info: Pick<WarehouseInfo, "source" | "dataDir">): Record<string, number[]> | null {
  const truth = info.source === "synthetic" ? readTruth(info.dataDir) : null;
  if (!truth) return null;
  const {file, value: {weekdayMultipliers: w}} = truth;
  if (!w || typeof w !== "object") throw new Error(`${file}: no weekdayMultipliers object`);
  for (const [c, v] of Object.entries(w)) {
    if (!Array.isArray(v) || v.length !== 7 || !v.every(Number.isFinite)) throw new Error(`${file}: weekdayMultipliers of ${JSON.stringify(c)} is not 7 numbers: ${JSON.stringify(v)}`);
  }
  return w as Record<string, number[]>;
}

/** docs/data/forecast-series.json: every category's series, so the page can re-train any of them, with the inputs the build used. */
export async function forecastSeriesArtifact(duck: Duck, info: Pick<WarehouseInfo, "source" | "dataDir" | "key">, read?: ForecastInput): Promise<ForecastSeriesArtifact> {
  // a caller that has already read the forecast input passes it
  const input = read ?? (await forecastInput(duck));
  const names = new Map(
    (await duck.query<{date: string; name_en: string | null}>("SELECT strftime(date, '%Y-%m-%d') AS date, name_en FROM calendar")).map((r) => [r.date, r.name_en])
  );
  const holidays = input.inputs?.holidays ?? false;
  let breaks: ForecastSeriesArtifact["breaks"] = null;
  if (holidays) {
    const last = input.dates[input.dates.length - 1];
    // a break that starts just after the data still marks its cut-off days inside them
    const after = await loadCalendar(addDays(last, 1), addDays(last, 31));
    const b = holidayBreaks([...input.calendar.map((c) => ({...c, known: c.known !== false})), ...after.days]);
    const n = input.dates.length;
    breaks = {before: b.before.slice(0, n), during: b.during.slice(0, n), after: b.after.slice(0, n), flag: b.flag.slice(0, n)};
  }
  return {
    schema: "lpoint-forecast-series/3",
    source: info.source,
    dataVersion: info.key,
    dates: input.dates,
    inputs: {weather: input.inputs?.weather ?? false, holidays},
    weather: input.weather,
    calendar: input.calendar.map((c) => ({...c, known: c.known !== false, nameEn: names.get(c.date) ?? null})),
    breaks,
    missing: input.dates.filter((_, i) => input.missing?.[i]),
    series: input.series.map((s) => ({
      category: s.category,
      en: categoryGloss(s.category),
      key: knownCategoryKey(s.category),
      revenue: s.revenue,
      zeroDays: s.revenue.filter((v, i) => v <= 0 && !input.missing?.[i]).length
    })),
    planted: plantedWeekdays(info)
  };
}
