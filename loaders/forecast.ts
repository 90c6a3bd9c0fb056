/**
 * Build-time forecasting runner (issue "Demand forecasting"): `runForecasts(input, options)` trains
 * and backtests every category in node with the tfjs wasm backend and returns plain JSON artifacts
 * (schema: src/forecast/artifacts.ts). As a CLI it reads a ForecastInput JSON (file or stdin) and
 * writes the artifacts to stdout, progress to stderr:
 *   npx tsx loaders/forecast.ts input.json > forecast.json
 */
import {readFileSync} from "node:fs";
import {pathToFileURL} from "node:url";
import * as tfjs from "@tensorflow/tfjs";
import {getHolidayPreset} from "@hyunbinseo/holidays-kr";
import {addDays, buildCalendar} from "../src/calendar.js";
import {categoryGloss, REPORT_CATEGORIES, TOP_CATEGORIES} from "../src/categories.js";
import type {CategoryArtifact, ForecastArtifacts, ForecastTiming} from "../src/forecast/artifacts.js";
import {BACKTEST_DEFAULTS, HORIZONS, type BacktestOptions, type Horizon, type ModelName, MODELS} from "../src/forecast/backtest.js";
import {FEATURES, type DailySeries, type Feature} from "../src/forecast/features.js";
import {DEFAULT_BANDS, intervalAround} from "../src/forecast/intervals.js";
import {FAST_LSTM, type LstmOptions, type TF} from "../src/forecast/lstm.js";
import {withoutUndefined} from "../src/forecast/options.js";
import {forecastCategory, type CategoryForecast} from "../src/forecast/pipeline.js";
import {REPORT_FORECAST_RMSE} from "../src/forecast/report.js";
import {epochCurve, featureAblation, type AblationResult, type EpochCurve} from "../src/forecast/search.js";

export interface ForecastInput {
  dates: string[];
  weather: {date: string; temp_mean: number; precip_mm: number}[];
  calendar: {date: string; weekday: number; holiday: boolean; dayOff: boolean; name: string | null}[];
  series: {category: string; revenue: number[]}[];
}

export interface RunForecastOptions {
  /** categories to forecast (default: every series in the input, in input order) */
  categories?: readonly string[];
  /** run the greedy feature ablation for these categories ([] = off); default the report's women's clothing */
  ablationCategories?: readonly string[];
  /** run the fixed-length epoch curve for these categories ([] = off); default as ablation */
  epochCurveCategories?: readonly string[];
  /** epochs of the epoch-curve run (no early stopping) */
  epochCurveEpochs?: number;
  /** validation share of the ablation and epoch-curve runs (the report's random 70/30) */
  searchValidationSplit?: number;
  lstm?: LstmOptions;
  features?: readonly Feature[];
  window?: number;
  exogenousLead?: 0 | 1;
  evalDays?: number;
  refitEvery?: number;
  calibrationDays?: number;
  horizons?: readonly Horizon[];
  models?: readonly ModelName[];
  warmStart?: boolean;
  warmEpochs?: number;
  intervalLevel?: number;
  intervalBands?: readonly number[];
  /** days forecast beyond the last date */
  futureDays?: number;
  /** future weather = mean of this many last days (no weather forecast exists for the data) */
  climatologyDays?: number;
  /** which calendar flag is the holiday input: the report's list includes Labour Day (dayOff) */
  holidayField?: "dayOff" | "holiday";
  backend?: "wasm" | "cpu";
  /** add a timing block (the only part that differs between runs) */
  timing?: boolean;
  /** significant digits of non-integer numbers */
  digits?: number;
  log?: (message: string) => void;
  signal?: AbortSignal;
}

const NOTES = [
  "backtest: rolling origins over the last evalDays days; every forecast of a day uses revenue before its origin and weights/parameters fitted before the latest refit origin (weekly), never the evaluated days",
  "horizons: 1d = 1-step forecasts of every day of the window; 1w = 7-step recursive forecasts from weekly origins; 1m = one recursive forecast of the whole window (28 days) from its first day",
  "warmStart: the first refit trains from scratch; later refits and the final model continue from the previous weights, with the scaler and seasonal index fitted before the window",
  "exogenousLead 1: each window's last row carries the target day's weather, holiday flag and seasonal index (known in advance); the report's windows stop the day before (exogenousLead 0)",
  "intervals: empirical quantiles of LSTM backtest residuals per horizon band, calibrated on a backtest over the calibrationDays before the evaluation window; coverage is measured on the evaluation window; bands shown on forecasts use all residuals",
  "history.oneStepInSample: the final model on days it was trained on, comparable with the report's own (in-sample) RMSEs, not with the backtest",
  "future: a recursive forecast beyond the data with climatological weather and the holiday calendar; its bands come from all backtest residuals",
  "ablation and epoch curve: random 70/30 split of the days before the backtest window, ranked by validation loss",
  "report: the report's published RMSEs (thousand KRW), in-sample"
];

const DEFAULTS = {
  epochCurveEpochs: 150,
  searchValidationSplit: 0.3,
  futureDays: 14,
  climatologyDays: 14,
  holidayField: "dayOff" as const,
  backend: "wasm" as const,
  timing: true,
  digits: 6,
  intervalLevel: 0.8
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

function validateInput(input: ForecastInput): void {
  const n = input.dates.length;
  if (n < 35) throw new Error(`input has ${n} dates, need at least 35`);
  for (let i = 1; i < n; i++) if (addDays(input.dates[i - 1], 1) !== input.dates[i]) throw new Error(`non-consecutive dates at index ${i}: ${input.dates[i - 1]} then ${input.dates[i]}`);
  const weather = new Map(input.weather.map((w) => [w.date, w]));
  const calendar = new Map(input.calendar.map((c) => [c.date, c]));
  for (const d of input.dates) {
    const w = weather.get(d);
    if (!w || !Number.isFinite(w.temp_mean) || !Number.isFinite(w.precip_mm)) throw new Error(`missing or invalid weather on ${d}`);
    if (!calendar.has(d)) throw new Error(`missing calendar day ${d}`);
  }
  for (const s of input.series) {
    if (s.revenue.length !== n) throw new Error(`series ${JSON.stringify(s.category)} has ${s.revenue.length} values for ${n} dates`);
    s.revenue.forEach((v, i) => {
      if (!Number.isFinite(v) || v <= 0) throw new Error(`invalid revenue of ${JSON.stringify(s.category)} on ${input.dates[i]}: ${v}`);
    });
  }
}

/** Calendar of the days after the input: the input's own entries if it has them, else the bundled holidays-kr preset. */
async function futureCalendar(input: ForecastInput, days: number): Promise<{days: {date: string; holiday: boolean; dayOff: boolean; name: string | null}[]; source: string}> {
  const last = input.dates[input.dates.length - 1];
  const dates = Array.from({length: days}, (_, i) => addDays(last, i + 1));
  const given = new Map(input.calendar.map((c) => [c.date, c]));
  if (dates.every((d) => given.has(d))) return {days: dates.map((d) => given.get(d)!), source: "input calendar"};
  const years = [...new Set(dates.map((d) => d.slice(0, 4)))];
  const presets = await Promise.all(years.map((y) => getHolidayPreset(y as Parameters<typeof getHolidayPreset>[0])));
  const holidays = Object.assign({}, ...presets) as Record<string, string[]>;
  return {days: buildCalendar(holidays, {start: dates[0], end: dates[dates.length - 1], extraDaysOff: []}), source: "@hyunbinseo/holidays-kr preset (official gazette)"};
}

/**
 * Build-time forecasts for every category: weekday index, decomposition, rolling-origin backtest of
 * the LSTM and baselines, intervals, a forecast beyond the data and dips, as plain JSON. Deterministic:
 * the same input and options give byte-identical JSON (apart from the optional timing block).
 */
export async function runForecasts(input: ForecastInput, options: RunForecastOptions = {}): Promise<ForecastArtifacts> {
  const t0 = performance.now();
  const o = {...DEFAULTS, ...withoutUndefined(options)};
  const log = o.log ?? (() => {});
  validateInput(input);
  const names = input.series.map((s) => s.category);
  for (const c of [...(o.categories ?? []), ...(o.ablationCategories ?? []), ...(o.epochCurveCategories ?? [])]) {
    if (!names.includes(c)) throw new Error(`unknown category: ${JSON.stringify(c)}`);
  }
  if (o.holidayField !== "dayOff" && o.holidayField !== "holiday") throw new Error(`invalid holidayField: ${JSON.stringify(o.holidayField)}`);
  if (!Number.isInteger(o.futureDays) || o.futureDays < 0) throw new Error(`invalid futureDays: ${o.futureDays}`);
  if (!Number.isInteger(o.climatologyDays) || o.climatologyDays < 1 || o.climatologyDays > input.dates.length) throw new Error(`invalid climatologyDays: ${o.climatologyDays}`);
  const selected = o.categories ?? names;
  const searchDefault = names.includes(REPORT_CATEGORIES[0]) ? [REPORT_CATEGORIES[0]] : names.slice(0, 1);
  const ablationFor = new Set(o.ablationCategories ?? searchDefault);
  const curveFor = new Set(o.epochCurveCategories ?? o.ablationCategories ?? searchDefault);

  const setupStart = performance.now();
  const {tf, backend, threads} = await setupTf(o.backend);
  const setupMs = performance.now() - setupStart;
  log(`tfjs backend: ${backend}`);

  const n = input.dates.length;
  const weather = new Map(input.weather.map((w) => [w.date, w]));
  const calendar = new Map(input.calendar.map((c) => [c.date, c]));
  const recent = input.dates.slice(n - o.climatologyDays).map((d) => weather.get(d)!);
  const climate = {
    temp_mean: recent.reduce((s, w) => s + w.temp_mean, 0) / recent.length,
    precip_mm: recent.reduce((s, w) => s + w.precip_mm, 0) / recent.length
  };
  const future = await futureCalendar(input, o.futureDays);
  const allDates = [...input.dates, ...future.days.map((d) => d.date)];
  const flag = (d: {holiday: boolean; dayOff: boolean}) => (d[o.holidayField] ? 1 : 0);
  const exo = {
    temperature: [...input.dates.map((d) => weather.get(d)!.temp_mean), ...future.days.map(() => climate.temp_mean)],
    precipitation: [...input.dates.map((d) => weather.get(d)!.precip_mm), ...future.days.map(() => climate.precip_mm)],
    holiday: [...input.dates.map((d) => flag(calendar.get(d)!)), ...future.days.map(flag)]
  };

  const lstm: LstmOptions = {...FAST_LSTM, ...withoutUndefined(o.lstm)};
  const intervals = {level: o.intervalLevel, bands: o.intervalBands ?? DEFAULT_BANDS};
  const bt: BacktestOptions = {
    features: o.features,
    window: o.window,
    exogenousLead: o.exogenousLead,
    evalDays: o.evalDays,
    refitEvery: o.refitEvery,
    calibrationDays: o.calibrationDays,
    horizons: o.horizons,
    models: o.models,
    warmStart: o.warmStart,
    warmEpochs: o.warmEpochs,
    lstm,
    intervals,
    signal: o.signal
  };
  const effective = {...BACKTEST_DEFAULTS, ...withoutUndefined(bt)};
  const searchTrainEnd = n - effective.evalDays;
  const searchLstm: LstmOptions = {...lstm, validationSplit: o.searchValidationSplit, validationMode: "random"};

  const categories: CategoryArtifact[] = [];
  const timings: ForecastTiming["categories"] = [];
  for (const category of selected) {
    const revenue = input.series.find((s) => s.category === category)!.revenue;
    const series: DailySeries = {dates: allDates, revenue: revenue.slice(), ...exo};
    const timing: ForecastTiming["categories"][number] = {category, forecastMs: 0, ablationMs: 0, epochCurveMs: 0, lstmTrainings: 0, lstmEpochs: 0};

    let curve: EpochCurve | null = null;
    if (curveFor.has(category)) {
      const s = performance.now();
      curve = await epochCurve(tf, series, {features: o.features, window: o.window, exogenousLead: o.exogenousLead, trainEnd: searchTrainEnd, lstm: {...searchLstm, epochs: o.epochCurveEpochs}, signal: o.signal});
      timing.epochCurveMs = performance.now() - s;
      timing.lstmTrainings++;
      timing.lstmEpochs += curve.loss.length;
      log(`${category}: epoch curve, validation loss lowest (smoothed) at epoch ${curve.chosenEpoch}`);
    }
    let ablation: AblationResult | null = null;
    if (ablationFor.has(category)) {
      const s = performance.now();
      ablation = await featureAblation(tf, series, {window: o.window, exogenousLead: o.exogenousLead, trainEnd: searchTrainEnd, lstm: searchLstm, signal: o.signal});
      timing.ablationMs = performance.now() - s;
      timing.lstmTrainings += ablation.rows.length;
      log(`${category}: ablation best ${ablation.best.join("+")}`);
    }
    const s = performance.now();
    const r = await forecastCategory(tf, series, {...bt, futureDays: o.futureDays});
    timing.forecastMs = performance.now() - s;
    const refits = r.backtest.lstm?.refits ?? [];
    timing.lstmTrainings += refits.length + (r.final ? 1 : 0);
    timing.lstmEpochs += refits.reduce((a, x) => a + x.epochsRun, 0) + (r.final?.epochsRun ?? 0);
    timings.push(timing);
    log(`${category}: ${(timing.forecastMs / 1000).toFixed(1)} s`);
    categories.push(categoryArtifact(category, input.dates, revenue, allDates, r, curve, ablation));
  }

  const artifacts: ForecastArtifacts = {
    schema: "lpoint-forecast/1",
    backend,
    period: {start: input.dates[0], end: input.dates[n - 1], days: n},
    settings: {
      features: effective.features ?? FEATURES,
      window: effective.window ?? 7,
      exogenousLead: effective.exogenousLead ?? 1,
      lstm,
      evalDays: effective.evalDays,
      refitEvery: effective.refitEvery,
      calibrationDays: effective.calibrationDays,
      warmStart: effective.warmStart,
      warmEpochs: effective.warmEpochs,
      horizons: effective.horizons ?? HORIZONS.filter((h) => h.steps <= effective.evalDays),
      models: effective.models ?? MODELS,
      holtWinters: {seasonal: BACKTEST_DEFAULTS.holtWinters.seasonal, damped: BACKTEST_DEFAULTS.holtWinters.damped},
      intervals,
      holidayField: o.holidayField,
      epochCurveEpochs: o.epochCurveEpochs,
      searchValidationSplit: o.searchValidationSplit,
      searchTrainEnd: input.dates[searchTrainEnd - 1]
    },
    future: {
      dates: future.days.map((d) => d.date),
      calendarSource: future.source,
      holidays: future.days.filter((d) => flag(d)).map((d) => ({date: d.date, name: d.name})),
      weather: {...climate, method: `mean of the last ${o.climatologyDays} days (${input.dates[n - o.climatologyDays]}..${input.dates[n - 1]})`}
    },
    notes: NOTES,
    report: REPORT_FORECAST_RMSE,
    categories,
    ...(o.timing ? {timing: {backend, threads, node: process.version, setupMs, totalMs: performance.now() - t0, categories: timings}} : {})
  };
  return roundDeep(artifacts, o.digits) as ForecastArtifacts;
}

function categoryArtifact(category: string, dates: string[], revenue: number[], allDates: string[], r: CategoryForecast, curve: EpochCurve | null, ablation: AblationResult | null): CategoryArtifact {
  const d = (i: number) => allDates[i];
  const bt = r.backtest;
  const lstmPaths = bt.paths.lstm;
  const monthPath = bt.paths[r.dipModel]![0];
  const bands = bt.lstm ? intervalAround(lstmPaths![0], bt.lstm.intervals.final) : null;
  const oneStep = bt.forecasts.find((f) => f.model === r.dipModel && f.steps === 1);
  const artifact = {
    category,
    en: categoryGloss(category),
    key: TOP_CATEGORIES.find((m) => m.name === category)?.key ?? null,
    weekdayIndex: {
      rows: r.weekday.rows.map((x) => ({date: x.date, weekday: x.weekday, y: x.y, cma: x.cma, ratio: x.ratio})),
      means: r.weekday.means,
      indices: r.weekday.indices
    },
    decomposition: {model: "multiplicative" as const, period: 7 as const, dates, ...r.decomposition},
    epochCurve: curve,
    ablation,
    chosenEpochs: {
      curve: curve?.chosenEpoch ?? null,
      refits: bt.lstm?.refits.map((x) => x.bestEpoch) ?? [],
      final: r.final?.bestEpoch ?? null
    },
    training: {
      refits: bt.lstm?.refits.map((x) => ({...x, origin: d(x.origin)})) ?? [],
      final: r.final ? {warm: r.final.warm, epochsRun: r.final.epochsRun, bestEpoch: r.final.bestEpoch, loss: r.final.loss, valLoss: r.final.valLoss} : null
    },
    history: r.final
      ? {dates: r.final.inSample.targets.map(d), actual: r.final.inSample.targets.map((t) => revenue[t]), oneStepInSample: r.final.inSample.predicted}
      : null,
    backtest: {
      evalStart: d(bt.evalStart),
      refitOrigins: bt.refitOrigins.map(d),
      dates: dates.slice(bt.evalStart),
      actual: revenue.slice(bt.evalStart),
      forecasts: bt.forecasts.map((f) => ({model: f.model, horizon: f.horizon, steps: f.steps, predicted: f.predicted})),
      metrics: bt.forecasts.map((f) => ({model: f.model, horizon: f.horizon, ...f.metrics})),
      holtWintersParams: bt.holtWintersParams.map((p) => ({origin: d(p.origin), ...p.params})),
      intervals: bt.lstm ? {...bt.lstm.intervals, calibrationStart: d(bt.lstm.intervals.calibrationStart), split: d(bt.lstm.intervals.split)} : null
    },
    forecast: {
      model: r.dipModel,
      heldOut: {
        origin: d(bt.evalStart),
        dates: dates.slice(bt.evalStart),
        actual: revenue.slice(bt.evalStart),
        oneStep: oneStep?.predicted ?? null,
        fullStep: monthPath,
        lower: bands?.lower ?? null,
        upper: bands?.upper ?? null
      },
      future: r.future ? {dates: r.future.predicted.map((_, i) => d(r.future!.start + i)), fullStep: r.future.predicted, lower: r.future.lower, upper: r.future.upper} : null
    },
    dips: {model: r.dipModel, backtest: r.dips.backtest.windows, future: r.dips.future?.windows ?? null}
  };
  // NaN (undefined moving averages) become null only in the final rounding pass
  return artifact as unknown as CategoryArtifact;
}

export type {ForecastArtifacts} from "../src/forecast/artifacts.js";

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const path = process.argv[2];
  const text = path && path !== "-" ? readFileSync(path, "utf8") : readFileSync(0, "utf8");
  const artifacts = await runForecasts(JSON.parse(text) as ForecastInput, {log: (m) => process.stderr.write(m + "\n")});
  process.stdout.write(JSON.stringify(artifacts) + "\n");
}
