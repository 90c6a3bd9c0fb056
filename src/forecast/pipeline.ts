import type {LayersModel} from "@tensorflow/tfjs";
import {backtest, BACKTEST_DEFAULTS, type BacktestOptions, type BacktestResult, type ModelName} from "./backtest.js";
import {seasonalDecompose, weekdayIndex, type Decomposition, type WeekdayIndexTable} from "./decompose.js";
import {findDips, weekdayAdjustedLevel, type DipResult} from "./dips.js";
import {makeWindows, prepareFeatures, type DailySeries, type PreparedFeatures} from "./features.js";
import {intervalAround} from "./intervals.js";
import {forecastOneStep, forecastRecursive, trainLstm, type TF} from "./lstm.js";
import {withoutUndefined} from "./options.js";

export interface CategoryForecastOptions extends BacktestOptions {
  /** days to forecast beyond the last revenue day; defaults to every day the series' exogenous inputs cover */
  futureDays?: number;
  /** days of actual revenue that set the dip finder's level */
  levelDays?: number;
  dips?: {threshold?: number; top?: number};
}

export interface FinalFit {
  warm: boolean;
  epochsRun: number;
  bestEpoch: number;
  loss: number[];
  valLoss: number[];
}

export interface CategoryForecast {
  weekday: WeekdayIndexTable;
  decomposition: Decomposition;
  backtest: Omit<BacktestResult, "lstm"> & {lstm?: Omit<NonNullable<BacktestResult["lstm"]>, "model" | "prepared">};
  /** model whose paths the dip finder reads */
  dipModel: ModelName;
  /** trained on every day with revenue (LSTM only) */
  final?: FinalFit & {
    /** in-sample 1-step forecasts of days window..end-1, like the report's */
    inSample: {targets: number[]; predicted: number[]};
    weekdayIndex: number[];
  };
  /** full-step forecast beyond the data, with residual bands */
  future?: {start: number; predicted: number[]; lower: number[]; upper: number[]};
  dips: {backtest: DipResult; future?: DipResult};
}

/**
 * Everything the report's forecasting section shows for one category, computed out of sample where
 * it can be: weekday index and decomposition (descriptive, all days), a rolling-origin backtest of the
 * LSTM and the baselines, a final LSTM on all days with in-sample 1-step fits, a recursive forecast
 * beyond the data, intervals and dips.
 */
export async function forecastCategory(tf: TF | null, series: DailySeries, options: CategoryForecastOptions = {}): Promise<CategoryForecast> {
  const o = withoutUndefined(options);
  const end = series.revenue.length;
  const dates = series.dates.slice(0, end);
  const weekday = weekdayIndex(dates, series.revenue);
  const decomposition = seasonalDecompose(series.revenue, {period: 7, model: "multiplicative"});
  const bt = await backtest(tf, series, o);
  const {lstm: btLstm, ...btRest} = bt;
  const dipModel: ModelName = btLstm ? "lstm" : bt.paths.holtWinters ? "holtWinters" : (Object.keys(bt.paths)[0] as ModelName);
  const levelDays = o.levelDays ?? 28;
  const preIndex = btLstm?.prepared.weekdayIndex ?? weekdayIndex(dates.slice(0, bt.evalStart), series.revenue.slice(0, bt.evalStart)).indices;
  const dipBacktest = findDips(dates.slice(bt.evalStart), bt.paths[dipModel]![0], {
    ...o.dips,
    weekdayIndex: preIndex,
    level: weekdayAdjustedLevel(dates.slice(0, bt.evalStart), series.revenue.slice(0, bt.evalStart), preIndex, Math.min(levelDays, bt.evalStart))
  });
  const result: CategoryForecast = {
    weekday,
    decomposition,
    backtest: {...btRest, ...(btLstm ? {lstm: {refits: btLstm.refits, intervals: btLstm.intervals}} : {})},
    dipModel,
    dips: {backtest: dipBacktest}
  };
  if (!tf || !btLstm) return result;

  const warm = o.warmStart ?? BACKTEST_DEFAULTS.warmStart;
  let model: LayersModel | null = btLstm.model;
  let prepared: PreparedFeatures;
  try {
    if (warm) {
      prepared = btLstm.prepared;
    } else {
      model.dispose();
      model = null;
      prepared = prepareFeatures(series, {features: o.features, window: o.window, exogenousLead: o.exogenousLead, trainEnd: end});
    }
    const training = await trainLstm(tf, makeWindows(prepared, {to: end}), {
      ...withoutUndefined(o.lstm),
      ...(warm ? {initialModel: model!, epochs: Math.min(o.warmEpochs ?? BACKTEST_DEFAULTS.warmEpochs, o.lstm?.epochs ?? Infinity)} : {}),
      signal: o.signal,
      onEpoch: (epoch) => o.onProgress?.({stage: "lstm", origin: dates[end - 1], epoch})
    });
    model = training.model;
    const targets = Array.from({length: end - prepared.window}, (_, i) => prepared.window + i);
    result.final = {
      warm,
      epochsRun: training.epochsRun,
      bestEpoch: training.bestEpoch,
      loss: training.loss,
      valLoss: training.valLoss,
      inSample: {targets, predicted: forecastOneStep(tf, model, prepared, targets)},
      weekdayIndex: prepared.weekdayIndex
    };
    const available = series.dates.length - end;
    const futureDays = o.futureDays ?? available;
    if (!Number.isInteger(futureDays) || futureDays < 0 || futureDays > available) throw new Error(`invalid futureDays: ${futureDays} (exogenous inputs cover ${available})`);
    if (futureDays > 0) {
      const predicted = forecastRecursive(tf, model, prepared, [end], futureDays)[0];
      const band = intervalAround(predicted, btLstm.intervals.final);
      result.future = {start: end, predicted, ...band};
      const futureDates = series.dates.slice(end, end + futureDays);
      result.dips.future = findDips(futureDates, predicted, {
        ...o.dips,
        weekdayIndex: weekday.indices,
        level: weekdayAdjustedLevel(dates, series.revenue, weekday.indices, Math.min(levelDays, end))
      });
    }
  } finally {
    model?.dispose();
  }
  return result;
}
