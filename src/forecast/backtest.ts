import type {LayersModel} from "@tensorflow/tfjs";
import {fitHoltWinters, holtWintersForecast, holtWintersUpdate, type HoltWintersParams} from "./baselines.js";
import {movingAverageForecast, seasonalNaiveForecast} from "./baselines.js";
import type {SeasonalModel} from "./decompose.js";
import {makeWindows, prepareFeatures, type DailySeries, type Feature, type PreparedFeatures} from "./features.js";
import {coverage, DEFAULT_BANDS, intervalAround, residualBands, type Coverage, type IntervalOptions, type ResidualBand, type StepResidual} from "./intervals.js";
import {forecastRecursive, trainLstm, type EpochInfo, type LstmOptions, type TF} from "./lstm.js";
import {errorMetrics, type ErrorMetrics} from "./metrics.js";
import {withoutUndefined} from "./options.js";

export const MODELS = ["lstm", "holtWinters", "seasonalNaive", "movingAverage"] as const;
export type ModelName = (typeof MODELS)[number];

export interface Horizon {
  key: string;
  steps: number;
}

/** The report's 1 day / 1 week / 1 month, with a month of 4 weeks so every horizon covers the same 28 days. */
export const HORIZONS: readonly Horizon[] = [
  {key: "1d", steps: 1},
  {key: "1w", steps: 7},
  {key: "1m", steps: 28}
];

export interface BacktestProgress {
  stage: "holtWinters" | "lstm";
  /** refit origin date */
  origin: string;
  epoch?: EpochInfo;
}

export interface BacktestOptions {
  /** the evaluation window: the last `evalDays` days with revenue */
  evalDays?: number;
  /** models are refitted (LSTM retrained) at the window start and every `refitEvery` days after */
  refitEvery?: number;
  /**
   * days before the evaluation window over which the LSTM is backtested the same way to calibrate
   * its intervals (rounded up to whole refit periods); 0 = split the evaluation window in halves
   */
  calibrationDays?: number;
  horizons?: readonly Horizon[];
  models?: readonly ModelName[];
  features?: readonly Feature[];
  window?: number;
  exogenousLead?: 0 | 1;
  lstm?: LstmOptions;
  /**
   * true: the first refit trains from scratch, later ones continue from the previous weights for at
   * most `warmEpochs` epochs, and the scaler and seasonal index stay those fitted before the window.
   * false: every refit refits the scaler and index and trains from scratch.
   */
  warmStart?: boolean;
  warmEpochs?: number;
  holtWinters?: {seasonal?: SeasonalModel; damped?: boolean};
  seasonalPeriod?: number;
  movingAverageWindow?: number;
  intervals?: IntervalOptions;
  signal?: AbortSignal;
  onProgress?: (info: BacktestProgress) => void | Promise<void>;
}

export interface HorizonForecast {
  model: ModelName;
  horizon: string;
  steps: number;
  /** target day indices (the evaluation window) */
  targets: number[];
  /** origin index each target was forecast from */
  origins: number[];
  predicted: number[];
  actual: number[];
  metrics: ErrorMetrics;
}

export interface LstmRefit {
  origin: number;
  warm: boolean;
  epochsRun: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  loss: number[];
  valLoss: number[];
}

export interface IntervalReport {
  level: number;
  /** bands from residuals of forecasts made from origins in [calibrationStart, split) with targets before `split` */
  calibration: ResidualBand[];
  calibrationStart: number;
  /** coverage is measured on forecasts from origins at or after `split` */
  split: number;
  coverage: (Coverage & {fromStep: number; toStep: number})[];
  overall: Coverage;
  /** bands from all backtest residuals, for forecasts beyond the data */
  final: ResidualBand[];
}

export interface BacktestResult {
  evalStart: number;
  /** index of the first day without revenue (= number of days with revenue) */
  end: number;
  refitOrigins: number[];
  /** per model, one path per daily origin evalStart..end-1, running to the end of the data */
  paths: Partial<Record<ModelName, number[][]>>;
  forecasts: HorizonForecast[];
  holtWintersParams: {origin: number; params: HoltWintersParams}[];
  lstm?: {
    /** refits before the evaluation window only calibrate intervals */
    refits: LstmRefit[];
    intervals: IntervalReport;
    /** the model of the last refit (caller disposes) and the features it reads */
    model: LayersModel;
    prepared: PreparedFeatures;
  };
}

export const BACKTEST_DEFAULTS = {
  evalDays: 28,
  refitEvery: 7,
  calibrationDays: 28,
  warmStart: true,
  warmEpochs: 40,
  seasonalPeriod: 7,
  movingAverageWindow: 7,
  holtWinters: {seasonal: "multiplicative" as SeasonalModel, damped: true}
};

/**
 * Rolling-origin backtest over the last `evalDays` days. Every forecast of day t from origin d uses
 * revenue before d only, and parameters (LSTM weights, Holt-Winters smoothing, scaler) fitted on days
 * before the latest refit origin ≤ d; no evaluated day is ever a training day. Forecasts are made
 * from every day of the window (daily origins) as far as the data reach, then cut into horizons:
 * an h-step horizon takes origins every h days from the window start and their first h steps.
 */
export async function backtest(tf: TF | null, series: DailySeries, options: BacktestOptions = {}): Promise<BacktestResult> {
  const o = {...BACKTEST_DEFAULTS, ...withoutUndefined(options), holtWinters: {...BACKTEST_DEFAULTS.holtWinters, ...withoutUndefined(options.holtWinters)}};
  const {evalDays, refitEvery, calibrationDays, warmStart, warmEpochs, seasonalPeriod, movingAverageWindow, signal} = o;
  const models = o.models ?? MODELS;
  const y = series.revenue;
  const end = y.length;
  // default horizons longer than the window are left out; explicit ones are checked below
  const horizons = o.horizons ?? HORIZONS.filter((h) => h.steps <= evalDays);
  if (!Number.isInteger(evalDays) || evalDays < 1 || evalDays > end - 21) throw new Error(`invalid evalDays: ${evalDays} (series has ${end} days with revenue)`);
  if (!Number.isInteger(refitEvery) || refitEvery < 1) throw new Error(`invalid refitEvery: ${refitEvery}`);
  for (const h of horizons) if (!Number.isInteger(h.steps) || h.steps < 1 || h.steps > evalDays) throw new Error(`invalid horizon: ${h.key} (${h.steps} steps)`);
  for (const m of models) if (!(MODELS as readonly string[]).includes(m)) throw new Error(`invalid model: ${JSON.stringify(m)}`);
  if (models.includes("lstm") && !tf) throw new Error("the lstm model needs tf");
  const calPeriods = Math.ceil(calibrationDays / refitEvery);
  if (!Number.isInteger(calibrationDays) || calibrationDays < 0 || (models.includes("lstm") && evalDays + calPeriods * refitEvery > end - 21)) {
    throw new Error(`invalid calibrationDays: ${calibrationDays} (with evalDays ${evalDays}, series has ${end} days with revenue)`);
  }

  const evalStart = end - evalDays;
  const refitOrigins: number[] = [];
  for (let r = evalStart; r < end; r += refitEvery) refitOrigins.push(r);
  const blockOf = (d: number) => refitOrigins.filter((r) => r <= d).length - 1;
  const dailyOrigins = Array.from({length: evalDays}, (_, k) => evalStart + k);
  const paths: Partial<Record<ModelName, number[][]>> = {};
  const holtWintersParams: {origin: number; params: HoltWintersParams}[] = [];

  if (models.includes("seasonalNaive")) paths.seasonalNaive = dailyOrigins.map((d) => seasonalNaiveForecast(y.slice(0, d), end - d, {period: seasonalPeriod}));
  if (models.includes("movingAverage")) paths.movingAverage = dailyOrigins.map((d) => movingAverageForecast(y.slice(0, d), end - d, {window: movingAverageWindow}));
  if (models.includes("holtWinters")) {
    const out: number[][] = [];
    for (const r of refitOrigins) {
      await o.onProgress?.({stage: "holtWinters", origin: series.dates[r]});
      const fit = fitHoltWinters(y.slice(0, r), {period: seasonalPeriod, ...o.holtWinters});
      holtWintersParams.push({origin: r, params: fit.params});
      for (const d of dailyOrigins.filter((d) => blockOf(d) === refitOrigins.indexOf(r))) {
        const {state} = holtWintersUpdate(fit, y.slice(r, d));
        out.push(holtWintersForecast(state, end - d, fit.params, fit.seasonal));
      }
    }
    paths.holtWinters = out;
  }

  let lstm: BacktestResult["lstm"];
  if (models.includes("lstm") && tf) {
    const calStart = evalStart - calPeriods * refitEvery;
    const lstmRefits = [...Array.from({length: calPeriods}, (_, k) => calStart + k * refitEvery), ...refitOrigins];
    const maxStep = Math.max(...(o.intervals?.bands ?? DEFAULT_BANDS));
    const featureOptions = {features: o.features, window: o.window, exogenousLead: o.exogenousLead};
    const refits: LstmRefit[] = [];
    const calPaths: number[][] = [];
    const evalPaths: number[][] = [];
    let model: LayersModel | null = null;
    let prepared: PreparedFeatures | null = null;
    try {
      for (const [k, r] of lstmRefits.entries()) {
        const warm = warmStart && k > 0 && model !== null;
        if (!warm) {
          model?.dispose();
          model = null;
          prepared = prepareFeatures(series, {...featureOptions, trainEnd: r});
        }
        const p = prepared!;
        const training = await trainLstm(tf, makeWindows(p, {to: r}), {
          ...withoutUndefined(o.lstm),
          ...(warm ? {initialModel: model!, epochs: Math.min(warmEpochs, o.lstm?.epochs ?? warmEpochs)} : {}),
          signal,
          onEpoch: (epoch) => o.onProgress?.({stage: "lstm", origin: series.dates[r], epoch})
        });
        model = training.model;
        refits.push({origin: r, warm, epochsRun: training.epochsRun, bestEpoch: training.bestEpoch, stoppedEarly: training.stoppedEarly, loss: training.loss, valLoss: training.valLoss});
        const next = k + 1 < lstmRefits.length ? lstmRefits[k + 1] : end;
        const block = Array.from({length: next - r}, (_, i) => r + i);
        if (r < evalStart) {
          // calibration paths stop before the evaluation window so its days stay unseen
          calPaths.push(...forecastRecursive(tf, model, p, block, block.map((d) => Math.min(maxStep, evalStart - d))));
        } else {
          evalPaths.push(...forecastRecursive(tf, model, p, block, block.map((d) => end - d)));
        }
      }
    } catch (e) {
      model?.dispose();
      throw e;
    }
    paths.lstm = evalPaths;
    const intervals = calPaths.length
      ? intervalReport(y, {start: calStart, paths: calPaths}, {start: evalStart, paths: evalPaths}, o.intervals)
      : splitIntervalReport(y, evalStart, evalPaths, o.intervals);
    lstm = {refits, intervals, model: model!, prepared: prepared!};
  }

  const forecasts: HorizonForecast[] = [];
  for (const m of models) {
    for (const h of horizons) forecasts.push(cutHorizon(m, h, paths[m]!, y, evalStart, end));
  }
  return {evalStart, end, refitOrigins, paths, forecasts, holtWintersParams, lstm};
}

function cutHorizon(model: ModelName, h: Horizon, paths: number[][], y: readonly number[], evalStart: number, end: number): HorizonForecast {
  const targets: number[] = [];
  const origins: number[] = [];
  const predicted: number[] = [];
  for (let d = evalStart; d < end; d += h.steps) {
    const path = paths[d - evalStart].slice(0, h.steps);
    path.forEach((v, i) => {
      targets.push(d + i);
      origins.push(d);
      predicted.push(v);
    });
  }
  const actual = targets.map((t) => y[t]);
  return {model, horizon: h.key, steps: h.steps, targets, origins, predicted, actual, metrics: errorMetrics(actual, predicted)};
}

/** Residuals (actual − forecast) by horizon step from daily-origin paths. */
export function pathResiduals(y: readonly number[], evalStart: number, paths: readonly number[][], keep: (origin: number, target: number) => boolean = () => true): StepResidual[] {
  const out: StepResidual[] = [];
  paths.forEach((path, k) => {
    const d = evalStart + k;
    path.forEach((f, i) => {
      if (keep(d, d + i)) out.push({step: i + 1, residual: y[d + i] - f});
    });
  });
  return out;
}

/**
 * Empirical intervals from backtest residuals, with coverage measured on later, unseen days: bands
 * from the calibration paths (all targets before the evaluation window) are checked on the
 * evaluation paths. The final bands, for forecasts beyond the data, pool both.
 */
export function intervalReport(y: readonly number[], calibration: {start: number; paths: readonly number[][]}, evaluation: {start: number; paths: readonly number[][]}, options: IntervalOptions = {}): IntervalReport {
  const bands = residualBands(pathResiduals(y, calibration.start, calibration.paths), options);
  const actualAll: number[] = [];
  const lowerAll: number[] = [];
  const upperAll: number[] = [];
  const byBand = bands.map((b) => ({fromStep: b.fromStep, toStep: b.toStep, actual: [] as number[], lower: [] as number[], upper: [] as number[]}));
  evaluation.paths.forEach((path, k) => {
    const d = evaluation.start + k;
    const {lower, upper} = intervalAround(path, bands);
    path.forEach((_, i) => {
      const band = byBand.find((b) => i + 1 >= b.fromStep && i + 1 <= b.toStep);
      if (!band) return;
      band.actual.push(y[d + i]);
      band.lower.push(lower[i]);
      band.upper.push(upper[i]);
      actualAll.push(y[d + i]);
      lowerAll.push(lower[i]);
      upperAll.push(upper[i]);
    });
  });
  return {
    level: bands[0]?.level ?? options.level ?? 0.8,
    calibration: bands,
    calibrationStart: calibration.start,
    split: evaluation.start,
    coverage: byBand.map((b) => ({fromStep: b.fromStep, toStep: b.toStep, ...coverage(b.actual, b.lower, b.upper)})),
    overall: coverage(actualAll, lowerAll, upperAll),
    final: residualBands([...pathResiduals(y, calibration.start, calibration.paths), ...pathResiduals(y, evaluation.start, evaluation.paths)], options)
  };
}

/** Without a calibration window: calibrate on targets in the first half of the evaluation window, check on origins in the second. */
export function splitIntervalReport(y: readonly number[], evalStart: number, paths: readonly number[][], options: IntervalOptions = {}): IntervalReport {
  const half = Math.floor(paths.length / 2);
  const split = evalStart + half;
  const calibration = paths.slice(0, half).map((path, k) => path.slice(0, split - (evalStart + k)));
  const report = intervalReport(y, {start: evalStart, paths: calibration}, {start: split, paths: paths.slice(half)}, options);
  return {...report, final: residualBands(pathResiduals(y, evalStart, paths), options)};
}
