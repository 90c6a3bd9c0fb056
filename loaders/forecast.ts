/**
 * Build-time forecasting runner: `runForecasts(input, options)` backtests every category the data
 * support in node (tfjs wasm backend) and returns plain JSON artifacts (schema: src/forecast/artifacts.ts).
 * It never throws on what the data lack: categories without enough sales or days get a lower status
 * with the reason, a period without weather or known holidays runs without those inputs, and the
 * notes say so. As a CLI it reads a ForecastInput JSON (file or stdin) and writes the artifacts to
 * stdout, progress to stderr:
 *   npx tsx loaders/forecast.ts input.json > forecast.json
 */
import {fork} from "node:child_process";
import {readFileSync} from "node:fs";
import {fileURLToPath, pathToFileURL} from "node:url";
import * as tfjs from "@tensorflow/tfjs";
import {addDays} from "../src/calendar.js";
import {categoryGloss, knownCategoryKey, REPORT_CATEGORIES} from "../src/categories.js";
import type {CategoryArtifact, ForecastArtifacts, ForecastTiming} from "../src/forecast/artifacts.js";
import {BACKTEST_DEFAULTS} from "../src/forecast/backtest.js";
import {BREAK_DEFAULTS, holidayBreaks, type BreakOptions} from "../src/forecast/breaks.js";
import {CONFORMAL_DEFAULTS, type ConformalOptions} from "../src/forecast/conformal.js";
import {HORIZONS, type Horizon} from "../src/forecast/evaluate.js";
import {FEATURES, type DailySeries, type Feature, type RevenueScale} from "../src/forecast/features.js";
import {FAST_LSTM, type LstmOptions, type TF} from "../src/forecast/lstm.js";
import {withoutUndefined} from "../src/forecast/options.js";
import {fillMissing} from "../src/forecast/gaps.js";
import {dayRuns, dayRunsText} from "../src/period.js";
import {forecastCategory, QUANTILE_LEVELS, type CategoryForecastOptions} from "../src/forecast/pipeline.js";
import {categoryStatus, PLAN_DEFAULTS, STATUS_DEFAULTS} from "../src/forecast/plan.js";
import {REGRESSION_DEFAULTS} from "../src/forecast/regression.js";
import {REPORT_FORECAST_RMSE} from "../src/forecast/report.js";
import {epochCurve, featureAblation, type AblationResult, type EpochCurve} from "../src/forecast/search.js";
import {loadCalendar} from "./holidays.js";

export interface ForecastInput {
  dates: string[];
  /** empty when no weather file covers the period */
  weather: {date: string; temp_mean: number; precip_mm: number}[];
  calendar: {date: string; weekday: number; holiday: boolean; dayOff: boolean; name: string | null; known?: boolean}[];
  series: {category: string; revenue: number[]}[];
  /** 1 on dates the logs hold no session at all (their revenue is unknown, not zero), else 0; absent: none */
  missing?: number[];
  /** what the warehouse could give (default: weather when every date has it, holidays when every day is known) */
  inputs?: {weather: boolean; holidays: boolean};
}

export interface RunForecastOptions {
  /** categories to forecast, in this order (default: every series in the input, in input order) */
  categories?: readonly string[];
  /** categories with sales that were left out of `categories` (listed in the artifacts) */
  skipped?: readonly string[];
  maxCategories?: number;
  /** run the greedy feature ablation for these categories ([] = off); default the first fully forecast main category */
  ablationCategories?: readonly string[];
  /** run the fixed-length epoch curve for these categories ([] = off); default as ablation */
  epochCurveCategories?: readonly string[];
  epochCurveEpochs?: number;
  /** validation share of the ablation and epoch-curve runs (the report's random 70/30) */
  searchValidationSplit?: number;
  lstm?: LstmOptions;
  /** LSTMs trained from different seeds whose forecasts are averaged (the first from lstm.seed) */
  members?: number;
  /** LSTM inputs (default: the report's five and the holiday break, less what the data lack) */
  features?: readonly Feature[];
  window?: number;
  exogenousLead?: 0 | 1;
  /** how the LSTM scales revenue: min-max over the training days, or by each window's mean */
  revenueScale?: RevenueScale;
  evalWeeks?: number;
  calibrationDays?: number;
  horizons?: readonly Horizon[];
  warmStart?: boolean;
  warmEpochs?: number;
  /** days a warm refit trains on (backtest.ts) */
  warmDays?: number;
  /** days of one-step errors that shift each LSTM path (backtest.ts; 0: none) */
  levelCorrection?: number;
  intervals?: ConformalOptions & {shown?: "adaptive" | "split"};
  breaks?: BreakOptions;
  /** measure the holiday-break input by forecasting without it too */
  compareBreak?: boolean;
  /** days forecast beyond the last date */
  futureDays?: number;
  /** future weather = mean of this many last days (no weather forecast exists for the data) */
  climatologyDays?: number;
  /** which calendar flag is the holiday input: the report's list includes Labour Day (dayOff) */
  holidayField?: "dayOff" | "holiday";
  maxZeroShareLstm?: number;
  backend?: "wasm" | "cpu";
  /** add a timing block (the only part that differs between runs) */
  timing?: boolean;
  /** significant digits of non-integer numbers */
  digits?: number;
  log?: (message: string) => void;
  signal?: AbortSignal;
  /**
   * Worker processes that train categories side by side (default 1: in this process). Each category's
   * training is seeded on its own, so the artifacts are the same for any number of workers.
   */
  workers?: number;
}

const DEFAULTS = {
  maxCategories: 11,
  epochCurveEpochs: 150,
  searchValidationSplit: 0.3,
  futureDays: 14,
  climatologyDays: 14,
  holidayField: "dayOff" as const,
  backend: "wasm" as const,
  timing: true,
  digits: 6,
  compareBreak: true
};

/** Set up tfjs in node: the wasm backend with `threads` threads (1 leaves the other core free), falling back to cpu. */
export async function setupTf(backend: "wasm" | "cpu" = "wasm", {threads = 1}: {threads?: number} = {}): Promise<{tf: TF; backend: string; threads: number}> {
  if (backend === "wasm") {
    try {
      const wasm = await import("@tensorflow/tfjs-backend-wasm");
      // read when the backend first initialises; later calls have no effect
      wasm.setThreadsCount(threads);
      if (await tfjs.setBackend("wasm")) return {tf: tfjs, backend: tfjs.getBackend(), threads: wasm.getThreadsCount()};
    } catch {
      // fall through to cpu
    }
  }
  await tfjs.setBackend("cpu");
  return {tf: tfjs, backend: tfjs.getBackend(), threads: 1};
}

/** Non-integers to `digits` significant digits, NaN and ±Infinity to null, undefined entries dropped. */
export function roundDeep(value: unknown, digits: number): unknown {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    return Number.isInteger(value) ? value : Number(value.toPrecision(digits));
  }
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, digits));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = roundDeep(v, digits);
    return out;
  }
  return value;
}

function validateInput(input: ForecastInput): {weather: boolean; holidays: boolean} {
  const n = input.dates.length;
  if (n < 1) throw new Error("input has no dates");
  for (let i = 1; i < n; i++) if (addDays(input.dates[i - 1], 1) !== input.dates[i]) throw new Error(`non-consecutive dates at index ${i}: ${input.dates[i - 1]} then ${input.dates[i]}`);
  const calendar = new Map(input.calendar.map((c) => [c.date, c]));
  for (const d of input.dates) if (!calendar.has(d)) throw new Error(`missing calendar day ${d}`);
  const weather = new Map(input.weather.map((w) => [w.date, w]));
  const complete = input.dates.every((d) => {
    const w = weather.get(d);
    return w && Number.isFinite(w.temp_mean) && Number.isFinite(w.precip_mm);
  });
  if (input.inputs?.weather && !complete) throw new Error(`the input claims weather for every day but ${input.dates.find((d) => !weather.has(d)) ?? "a day"} has none or an invalid value`);
  if (input.missing) {
    if (input.missing.length !== n) throw new Error(`missing has ${input.missing.length} values for ${n} dates`);
    if (input.missing.every((v) => v)) throw new Error("every date is marked missing: there is no day with a record");
  }
  for (const s of input.series) {
    if (s.revenue.length !== n) throw new Error(`series ${JSON.stringify(s.category)} has ${s.revenue.length} values for ${n} dates`);
    s.revenue.forEach((v, i) => {
      if (!Number.isFinite(v) || v < 0) throw new Error(`invalid revenue of ${JSON.stringify(s.category)} on ${input.dates[i]}: ${v}`);
    });
  }
  return {weather: input.inputs?.weather ?? complete, holidays: input.inputs?.holidays ?? input.dates.every((d) => calendar.get(d)!.known !== false)};
}

interface Day {
  date: string;
  holiday: boolean;
  dayOff: boolean;
  name: string | null;
  known: boolean;
}

/** Calendar of `days` days after the input: the input's own entries where it has them, else the bundled holiday presets. */
async function calendarAfter(input: ForecastInput, days: number): Promise<{days: Day[]; source: string}> {
  const last = input.dates[input.dates.length - 1];
  const dates = Array.from({length: days}, (_, i) => addDays(last, i + 1));
  const given = new Map(input.calendar.map((c) => [c.date, c]));
  if (dates.every((d) => given.has(d))) return {days: dates.map((d) => ({...given.get(d)!, known: given.get(d)!.known !== false})), source: "input calendar"};
  const cal = await loadCalendar(dates[0], dates[dates.length - 1]);
  return {days: cal.days, source: `${cal.source} preset`};
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Build-time forecasts for every category: status, weekday index, decomposition, a rolling-origin
 * backtest of the LSTM and the baselines with conformal intervals, the model chosen per horizon, a
 * forecast beyond the data and dips, as plain JSON. Deterministic: the same input and options give
 * byte-identical JSON (apart from the optional timing block).
 */
export async function runForecasts(input: ForecastInput, options: RunForecastOptions = {}): Promise<ForecastArtifacts> {
  const t0 = performance.now();
  const o = {...DEFAULTS, ...withoutUndefined(options)};
  const log = o.log ?? (() => {});
  const available = validateInput(input);
  const names = input.series.map((s) => s.category);
  for (const c of [...(o.categories ?? []), ...(o.ablationCategories ?? []), ...(o.epochCurveCategories ?? [])]) {
    if (!names.includes(c)) throw new Error(`unknown category: ${JSON.stringify(c)}`);
  }
  if (o.holidayField !== "dayOff" && o.holidayField !== "holiday") throw new Error(`invalid holidayField: ${JSON.stringify(o.holidayField)}`);
  if (!Number.isInteger(o.futureDays) || o.futureDays < 0) throw new Error(`invalid futureDays: ${o.futureDays}`);
  if (!Number.isInteger(o.climatologyDays) || o.climatologyDays < 1) throw new Error(`invalid climatologyDays: ${o.climatologyDays}`);
  if (!Number.isInteger(o.maxCategories) || o.maxCategories < 1) throw new Error(`invalid maxCategories: ${o.maxCategories}`);
  const selected = o.categories ?? names;
  const n = input.dates.length;
  const breakOptions = {...BREAK_DEFAULTS, ...withoutUndefined(o.breaks)};
  const notes: string[] = [];
  const inputNotes: string[] = [];

  // the days after the data: their calendar, cut where the holiday list stops knowing them
  const ahead = await calendarAfter(input, o.futureDays + breakOptions.leadDays + 7);
  let futureDays = o.futureDays;
  if (available.holidays) {
    const unknown = ahead.days.slice(0, futureDays).findIndex((d) => !d.known);
    if (unknown >= 0) {
      futureDays = unknown;
      notes.push(`The forecast beyond the data stops on ${ahead.days[unknown - 1]?.date ?? input.dates[n - 1]}: the bundled holiday list does not cover ${ahead.days[unknown].date.slice(0, 4)}.`);
    }
  }
  const calendar = new Map(input.calendar.map((c) => [c.date, c]));
  const past: Day[] = input.dates.map((d) => {
    const c = calendar.get(d)!;
    return {date: d, holiday: c.holiday, dayOff: c.dayOff, name: c.name, known: c.known !== false};
  });
  const future = ahead.days.slice(0, futureDays);
  const allDates = [...input.dates, ...future.map((d) => d.date)];
  const flag = (d: {holiday: boolean; dayOff: boolean}) => (d[o.holidayField] ? 1 : 0);

  const weatherOk = available.weather;
  const holidaysOk = available.holidays;
  const breaks = holidaysOk ? holidayBreaks([...past, ...ahead.days], breakOptions) : null;
  const cut = (v: number[]) => v.slice(0, allDates.length);
  const breakDays = breaks ? {before: cut(breaks.before), during: cut(breaks.during), after: cut(breaks.after), flag: cut(breaks.flag), salesShare: breakOptions.salesShare} : null;
  const breakInData = !!breakDays && breakDays.flag.slice(0, n).some((v) => v);
  const missing = (input.missing ?? []).flatMap((v, i) => (v ? [i] : []));
  if (missing.length) inputNotes.push(`Days without any session: ${dayRunsText(dayRuns(missing.map((i) => input.dates[i])))}. The logs hold nothing for ${missing.length === 1 ? "this day" : `these ${missing.length} days`}, so their sales are unknown, not zero: the models read each as the same weekday a week before, and no forecast is scored on ${missing.length === 1 ? "it" : "them"}.`);
  if (!weatherOk) inputNotes.push("No weather: no weather file covers this period, so the models forecast from past sales and the calendar alone, without temperature and rain.");
  if (!holidaysOk) {
    const years = [...new Set(past.filter((d) => !d.known).map((d) => d.date.slice(0, 4)))];
    inputNotes.push(`Holidays unknown for ${years.join(", ")}: the bundled holiday list does not cover ${years.length > 1 ? "those years" : "that year"}, so the models do not know which days are public holidays, and no holiday shipping break is marked.`);
  } else if (breaks) {
    const shown = breaks.breaks.filter((b) => b.before.start <= allDates[allDates.length - 1] && b.after.end >= allDates[0]);
    inputNotes.push(
      shown.length
        ? `Holiday shipping breaks: ${shown.map((b) => `${b.nameEn} (${b.start} – ${b.end}; parcels stop from ${b.before.start})`).join("; ")}. The LSTM and the calendar regression know these days in advance.`
        : "No multi-day holiday (Seollal, Chuseok) falls in this period, so the holiday-break input stays unused."
    );
  }
  const features: Feature[] = (o.features ?? [...FEATURES, "holidayBreak"]).filter((f) =>
    f === "precipitation" || f === "temperature" ? weatherOk : f === "holiday" ? holidaysOk : f === "holidayBreak" ? holidaysOk && !!breakDays : true
  );

  const weather = new Map(input.weather.map((w) => [w.date, w]));
  const recent = weatherOk ? input.dates.slice(Math.max(0, n - o.climatologyDays)).map((d) => weather.get(d)!) : [];
  const climate = weatherOk
    ? {temp_mean: recent.reduce((s, w) => s + w.temp_mean, 0) / recent.length, precip_mm: recent.reduce((s, w) => s + w.precip_mm, 0) / recent.length}
    : null;
  const exo: Omit<DailySeries, "revenue"> = {
    dates: allDates,
    holiday: holidaysOk ? [...past.map(flag), ...future.map(flag)] : allDates.map(() => 0),
    ...(climate
      ? {
          temperature: [...input.dates.map((d) => weather.get(d)!.temp_mean), ...future.map(() => climate.temp_mean)],
          precipitation: [...input.dates.map((d) => weather.get(d)!.precip_mm), ...future.map(() => climate.precip_mm)]
        }
      : {}),
    ...(breakDays && features.includes("holidayBreak") ? {holidayBreak: breakDays.flag} : {}),
    ...(missing.length ? {missing: input.missing} : {})
  };
  // the revenue the models read: days without a record filled (gaps.ts)
  const filledOf = (category: string) => fillMissing(input.series.find((s) => s.category === category)!.revenue, missing);

  const lstm: LstmOptions = {...FAST_LSTM, ...withoutUndefined(o.lstm)};
  const intervals = {...CONFORMAL_DEFAULTS, shown: "adaptive" as const, ...withoutUndefined(o.intervals)};
  const planOptions = {evalWeeks: o.evalWeeks, calibrationDays: o.calibrationDays, maxZeroShareLstm: o.maxZeroShareLstm};
  const statuses = new Map(selected.map((c) => [c, categoryStatus(filledOf(c), planOptions)]));
  const full = selected.filter((c) => statuses.get(c)!.status === "full");
  const searchDefault = full.includes(REPORT_CATEGORIES[0]) ? [REPORT_CATEGORIES[0]] : full.slice(0, 1);
  const ablationFor = new Set(o.ablationCategories ?? searchDefault);
  const curveFor = new Set(o.epochCurveCategories ?? o.ablationCategories ?? searchDefault);

  let tf: TF | null = null;
  let backend = "none";
  let threads = 0;
  const workers = Math.min(o.workers ?? 1, full.length);
  if (!Number.isInteger(workers) || workers < 0) throw new Error(`invalid workers: ${JSON.stringify(o.workers)}`);
  const setupStart = performance.now();
  if (full.length && workers <= 1) {
    ({tf, backend, threads} = await setupTf(o.backend));
    log(`tfjs backend: ${backend}`);
  }
  const setupMs = performance.now() - setupStart;

  const categoryOptions: CategoryForecastOptions = {
    ...planOptions,
    features,
    window: o.window,
    exogenousLead: o.exogenousLead,
    revenueScale: o.revenueScale,
    lstm,
    members: o.members,
    warmStart: o.warmStart,
    warmEpochs: o.warmEpochs,
    warmDays: o.warmDays,
    levelCorrection: o.levelCorrection,
    horizons: o.horizons,
    breaks: breakDays,
    compareBreak: o.compareBreak && breakInData,
    intervals,
    quantileLevels: QUANTILE_LEVELS,
    futureDays,
    signal: o.signal
  };
  const categories: CategoryArtifact[] = [];
  const timings: ForecastTiming["categories"] = [];
  let searchTrainEnd: string | null = null;
  let workerCpuMs = 0;
  if (workers > 1) {
    // the categories with the search (ablation, epoch curve) cost most: they start first
    const order = [...selected].sort((a, b) => Number(ablationFor.has(b) || curveFor.has(b)) - Number(ablationFor.has(a) || curveFor.has(a)));
    const {log: _log, signal: _signal, ...plain} = o;
    const jobs = order.map((c) => ({
      input,
      options: {...plain, categories: [c], ablationCategories: ablationFor.has(c) ? [c] : [], epochCurveCategories: curveFor.has(c) ? [c] : [], skipped: [], workers: 1, timing: true}
    }));
    const run = await inWorkers(jobs, workers, o.signal);
    workerCpuMs = run.cpuMs;
    const results = new Map(run.results.map((a, i) => [order[i], a]));
    for (const category of selected) {
      const a = results.get(category)!;
      categories.push(a.categories[0]);
      if (a.timing) {
        timings.push(a.timing.categories[0]);
        if (a.backend !== "none") ({backend, threads} = {backend: a.backend, threads: a.timing.threads});
      }
      searchTrainEnd ??= a.settings.searchTrainEnd;
    }
    log(`forecast: ${selected.length} categories in ${workers} worker processes`);
  } else for (const category of selected) {
    const revenue = input.series.find((s) => s.category === category)!.revenue;
    const series: DailySeries = {...exo, revenue: revenue.slice()};
    const searched: DailySeries = {...exo, revenue: filledOf(category)};
    const status = statuses.get(category)!;
    const timing: ForecastTiming["categories"][number] = {category, forecastMs: 0, ablationMs: 0, epochCurveMs: 0, lstmTrainings: 0, lstmEpochs: 0};
    let curve: EpochCurve | null = null;
    let ablation: AblationResult | null = null;
    if (tf && status.status === "full" && status.plan) {
      const trainEnd = status.plan.calStart;
      const searchLstm: LstmOptions = {...lstm, validationSplit: o.searchValidationSplit, validationMode: "random"};
      if (curveFor.has(category)) {
        const s = performance.now();
        curve = await epochCurve(tf, searched, {features: features.filter((f) => f !== "holidayBreak"), window: o.window, exogenousLead: o.exogenousLead, trainEnd, lstm: {...searchLstm, epochs: o.epochCurveEpochs}, signal: o.signal});
        timing.epochCurveMs = performance.now() - s;
        timing.lstmTrainings++;
        timing.lstmEpochs += curve.loss.length;
        searchTrainEnd = input.dates[trainEnd - 1];
        log(`${category}: epoch curve, validation loss lowest (smoothed) at epoch ${curve.chosenEpoch}`);
      }
      if (ablationFor.has(category)) {
        const s = performance.now();
        ablation = await featureAblation(tf, searched, {candidates: features.filter((f) => f !== "holidayBreak"), window: o.window, exogenousLead: o.exogenousLead, trainEnd, lstm: searchLstm, signal: o.signal});
        timing.ablationMs = performance.now() - s;
        timing.lstmTrainings += ablation.rows.length;
        searchTrainEnd = input.dates[trainEnd - 1];
        log(`${category}: ablation best ${ablation.best.join("+")}`);
      }
    }
    const s = performance.now();
    const r = await forecastCategory(tf, series, categoryOptions);
    timing.forecastMs = performance.now() - s;
    const refits = r.training?.refits ?? [];
    timing.lstmTrainings += refits.length + (r.training?.final ? 1 : 0);
    timing.lstmEpochs += refits.reduce((a, x) => a + x.epochsRun, 0) + (r.training?.final?.epochsRun ?? 0);
    timings.push(timing);
    log(`${category}: ${r.status} (${r.reason}) ${(timing.forecastMs / 1000).toFixed(1)} s`);
    categories.push({category, en: categoryGloss(category), key: knownCategoryKey(category), epochCurve: curve, ablation, ...r});
  }

  const counts = (["full", "baselines", "describe", "none"] as const).map((k) => categories.filter((c) => c.status === k).length);
  if (!categories.length) notes.push("The data have no category with sales, so nothing could be forecast.");
  else if (!counts[0] && !counts[1]) notes.push(`No category could be forecast: ${categories.map((c) => `${c.category}: ${c.reason}`).join("; ")}.`);
  else for (const c of categories) if (c.status !== "full") notes.push(`${c.category}: ${c.status === "baselines" ? "baselines only" : c.status === "describe" ? "weekly pattern only" : "not forecast"}: ${c.reason}.`);
  for (const c of categories) if (c.decomposition?.model === "additive") notes.push(`${c.category}: some days have no sales, so its decomposition and Holt-Winters are additive (a multiplicative model needs revenue above 0 every day).`);
  const skipped = o.skipped ?? [];
  if (skipped.length) notes.push(`${plural(skipped.length, "other category", "other categories")} with sales ${skipped.length === 1 ? "is" : "are"} not forecast (at most ${o.maxCategories} main categories; LPOINT_FORECAST_CATEGORIES changes that).`);
  const plan = [...statuses.values()].find((s) => s.plan)?.plan ?? null;
  if (plan && plan.evalDays < 7 * (o.evalWeeks ?? PLAN_DEFAULTS.evalWeeks)) {
    notes.push(`${n} days of data: the models are tested on the last ${plan.evalDays === 7 ? "week" : plural(plan.evalDays / 7, "week")} (not ${o.evalWeeks ?? PLAN_DEFAULTS.evalWeeks}), after ${plan.calibrationDays === 7 ? "one week" : plural(plan.calibrationDays / 7, "week")} that only start${plan.calibrationDays === 7 ? "s" : ""} the ranges.${plan.evalDays < 28 ? " No 1-month forecast can be tested." : ""}`);
  }
  for (const note of [...inputNotes, ...notes]) log(`note: ${note}`);

  const artifacts: ForecastArtifacts = {
    schema: "lpoint-forecast/2",
    backend,
    period: {start: input.dates[0], end: input.dates[n - 1], days: n},
    inputs: {weather: weatherOk, holidays: holidaysOk, holidayBreak: features.includes("holidayBreak"), breaks: breaks?.breaks.filter((b) => b.before.start <= allDates[allDates.length - 1] && b.after.end >= allDates[0]) ?? [], notes: inputNotes},
    settings: {
      maxCategories: o.maxCategories,
      features,
      window: o.window ?? 7,
      exogenousLead: o.exogenousLead ?? 1,
      lstm,
      members: o.members ?? BACKTEST_DEFAULTS.members,
      warmStart: o.warmStart ?? BACKTEST_DEFAULTS.warmStart,
      warmEpochs: o.warmEpochs ?? BACKTEST_DEFAULTS.warmEpochs,
      warmDays: o.warmDays ?? BACKTEST_DEFAULTS.warmDays,
      warmPatience: BACKTEST_DEFAULTS.warmPatience,
      levelCorrection: o.levelCorrection ?? BACKTEST_DEFAULTS.levelCorrection,
      refitEvery: 7,
      evalWeeks: o.evalWeeks ?? PLAN_DEFAULTS.evalWeeks,
      horizons: o.horizons ?? HORIZONS,
      holtWinters: {damped: BACKTEST_DEFAULTS.holtWinters.damped},
      regression: {halfLife: REGRESSION_DEFAULTS.halfLife, ridge: REGRESSION_DEFAULTS.ridge},
      intervals,
      quantileLevels: QUANTILE_LEVELS,
      breaks: breakOptions,
      status: {maxZeroShareLstm: o.maxZeroShareLstm ?? STATUS_DEFAULTS.maxZeroShareLstm, maxZeroShareBacktest: STATUS_DEFAULTS.maxZeroShareBacktest},
      holidayField: o.holidayField,
      dips: {threshold: 0.9, levelDays: 28},
      epochCurveEpochs: o.epochCurveEpochs,
      searchValidationSplit: o.searchValidationSplit,
      searchTrainEnd
    },
    future: {
      dates: future.map((d) => d.date),
      calendarSource: ahead.source,
      holidays: future.filter((d) => flag(d)).map((d) => ({date: d.date, name: d.name})),
      weather: climate ? {...climate, method: `mean of the last ${o.climatologyDays} days (${input.dates[Math.max(0, n - o.climatologyDays)]}..${input.dates[n - 1]})`} : null
    },
    notes,
    report: REPORT_FORECAST_RMSE,
    categories,
    skipped: [...skipped],
    ...(o.timing ? {timing: {backend, threads, node: process.version, setupMs, totalMs: performance.now() - t0, workers: workers > 1 ? workers : 0, workerCpuMs, categories: timings}} : {})
  };
  return roundDeep(artifacts, o.digits) as ForecastArtifacts;
}

/** Run each job in one of `workers` worker processes (loaders/forecast-worker.ts), next job to the first free; results in job order, and the workers' CPU time. */
async function inWorkers(jobs: readonly {input: ForecastInput; options: RunForecastOptions}[], workers: number, signal?: AbortSignal): Promise<{results: ForecastArtifacts[]; cpuMs: number}> {
  const script = fileURLToPath(new URL("./forecast-worker.ts", import.meta.url));
  const results: ForecastArtifacts[] = new Array(jobs.length);
  const cpu: number[] = [];
  let next = 0;
  const children = Array.from({length: Math.min(workers, jobs.length)}, () => fork(script, [], {execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"]}));
  const stop = () => children.forEach((c) => c.kill());
  signal?.addEventListener("abort", stop);
  try {
    await Promise.all(
      children.map(
        (child, w) =>
          new Promise<void>((resolve, reject) => {
            let current = -1;
            const send = () => {
              if (next >= jobs.length) return resolve();
              current = next++;
              child.send(jobs[current]);
            };
            child.on("message", (m: {artifacts?: ForecastArtifacts; cpuMs?: number; error?: string}) => {
              if (m.error !== undefined || !m.artifacts) return reject(new Error(`forecast worker: ${m.error ?? "no artifacts"}`));
              results[current] = m.artifacts;
              cpu[w] = m.cpuMs ?? 0;
              send();
            });
            child.on("exit", (code, sig) => (next < jobs.length || current < 0 || !results[current] ? reject(new Error(`forecast worker exited (${sig ?? code}) before its work was done`)) : resolve()));
            child.on("error", reject);
            send();
          })
      )
    );
    signal?.throwIfAborted();
    return {results, cpuMs: cpu.reduce((s, x) => s + x, 0)};
  } finally {
    signal?.removeEventListener("abort", stop);
    stop();
  }
}

export type {ForecastArtifacts} from "../src/forecast/artifacts.js";

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = process.argv[2];
  const text = path && path !== "-" ? readFileSync(path, "utf8") : readFileSync(0, "utf8");
  const artifacts = await runForecasts(JSON.parse(text) as ForecastInput, {log: (m) => process.stderr.write(m + "\n")});
  process.stdout.write(JSON.stringify(artifacts) + "\n");
}
