import {weekdayOf} from "../calendar.js";
import type {CategoryArtifact, CategoryEvaluation, DipInputs, HeldOut, Num} from "./artifacts.js";
import {backtest, BASELINES, MODELS, type BacktestOptions, type BacktestProgress, type BacktestResult, type ModelName} from "./backtest.js";
import type {BreakDays} from "./breaks.js";
import {conformalIntervals, type ConformalOptions, type ConformalResult} from "./conformal.js";
import {seasonalDecompose, weekdayIndex} from "./decompose.js";
import {findDips, probabilityBelow} from "./dips.js";
import {breakComparison, evaluate, forecastOf, HORIZONS, type Horizon} from "./evaluate.js";
import type {DailySeries, Feature, RevenueScale} from "./features.js";
import type {LstmOptions, TF} from "./lstm.js";
import {observedSeries, withMissing} from "./gaps.js";
import {categoryStatus, type StatusOptions} from "./plan.js";
import type {RegressionOptions} from "./regression.js";

export interface CategoryForecastOptions extends StatusOptions {
  features?: readonly Feature[];
  window?: number;
  exogenousLead?: 0 | 1;
  revenueScale?: RevenueScale;
  lstm?: LstmOptions;
  /** LSTMs from different seeds whose forecasts are averaged */
  members?: number;
  warmStart?: boolean;
  warmEpochs?: number;
  warmDays?: number;
  levelCorrection?: number;
  horizons?: readonly Horizon[];
  /** the cut-off, holiday and catch-up days of multi-day holidays over every date, and a break day's assumed share of a normal day's sales */
  breaks?: (Pick<BreakDays, "before" | "during" | "after" | "flag"> & {salesShare?: number}) | null;
  compareBreak?: boolean;
  regression?: RegressionOptions;
  holtWinters?: {damped?: boolean};
  intervals?: ConformalOptions & {shown?: "adaptive" | "split"};
  /** probabilities of the predictive quantiles kept for the dip finder */
  quantileLevels?: readonly number[];
  /** days forecast beyond the revenue (their inputs must be in the series) */
  futureDays?: number;
  /** days of actual revenue that set the dip finder's level */
  levelDays?: number;
  dips?: {threshold?: number; top?: number};
  signal?: AbortSignal;
  onProgress?: (info: BacktestProgress) => void | Promise<void>;
}

export type CategoryForecast = Omit<CategoryArtifact, "category" | "en" | "key" | "epochCurve" | "ablation">;

export const QUANTILE_LEVELS: readonly number[] = Array.from({length: 19}, (_, i) => Math.round((i + 1) * 5) / 100);

const nan = (v: number): Num => (Number.isFinite(v) ? v : null);

/** What the status line adds for days without a record. */
function missingNote(days: number): string {
  return days ? `; ${days} day${days === 1 ? "" : "s"} without any session (a gap in the logs) read as the same weekday a week before, never scored` : "";
}

/** The weekday index and mean level of the `levelDays` days before index `at` (index from every day before `at`). */
function baseAt(dates: readonly string[], y: readonly number[], at: number, levelDays: number): {index: number[]; level: number} | null {
  if (at < 14) return null;
  const index = weekdayIndex(dates.slice(0, at), y.slice(0, at)).indices;
  const from = Math.max(0, at - levelDays);
  let s = 0;
  for (let i = from; i < at; i++) s += index[weekdayOf(dates[i])] > 0 ? y[i] / index[weekdayOf(dates[i])] : 0;
  const level = s / (at - from);
  return level > 0 ? {index, level} : null;
}

/** The final training's record without its in-sample fit (the artifact's history) and weekday index. */
function trainingOf({inSample, weekdayIndex, ...training}: NonNullable<NonNullable<BacktestResult["lstm"]>["final"]>) {
  return training;
}

/**
 * Everything the forecast page shows for one category, out of sample where it can be: what the
 * series supports (categoryStatus), the weekday index and decomposition (descriptive, all days), a
 * rolling-origin backtest of every model it supports with conformal intervals, errors per horizon,
 * the model chosen per horizon, what the holiday-break input changes, the chosen model's forecast
 * beyond the data with its band, and the dip finder's inputs.
 */
export async function forecastCategory(tf: TF | null, series: DailySeries, options: CategoryForecastOptions = {}): Promise<CategoryForecast> {
  // the models read days without a record filled; they are scored (and calibrate) on recorded days only
  const {filled: y, observed, missing} = observedSeries(series);
  const end = y.length;
  const dates = series.dates.slice(0, end);
  const status = categoryStatus(y, {...options, lstmAvailable: (options.lstmAvailable ?? true) && tf !== null});
  const result: CategoryForecast = {
    status: status.status,
    reason: status.reason + missingNote(missing.length),
    days: status.days,
    zeroDays: status.zeroDays,
    weekdayIndex: null,
    decomposition: null,
    training: null,
    history: null,
    evaluation: null,
    forecast: null,
    dips: null
  };
  if (status.status === "none") return result;
  const wd = weekdayIndex(dates, y);
  result.weekdayIndex = {rows: wd.rows.slice(0, 14).map((r) => ({date: r.date, weekday: r.weekday, y: r.y, cma: nan(r.cma), ratio: nan(r.ratio)})), means: wd.means.map(nan), indices: wd.indices, model: wd.model};
  const model = y.every((v) => v > 0) ? "multiplicative" : "additive";
  const dec = seasonalDecompose(y, {period: 7, model});
  result.decomposition = {model, period: 7, dates, observed: observed.map(nan), trend: dec.trend.map(nan), seasonal: dec.seasonal, residual: dec.residual.map(nan), figure: dec.figure};
  if (!status.plan) return result;

  const plan = withMissing(status.plan, missing);
  const models: ModelName[] = status.status === "full" ? [...MODELS] : [...BASELINES];
  const futureDays = options.futureDays ?? 0;
  const bt = await backtest(tf, {...series, revenue: y}, {
    plan,
    models,
    features: options.features,
    window: options.window,
    exogenousLead: options.exogenousLead,
    revenueScale: options.revenueScale,
    lstm: options.lstm,
    members: options.members,
    warmStart: options.warmStart,
    warmEpochs: options.warmEpochs,
    warmDays: options.warmDays,
    levelCorrection: options.levelCorrection,
    futureDays,
    final: status.status === "full",
    breaks: options.breaks ?? undefined,
    compareBreak: options.compareBreak,
    regression: options.regression,
    holtWinters: options.holtWinters,
    signal: options.signal,
    onProgress: options.onProgress
  } satisfies BacktestOptions);
  const start = bt.start;
  const intervals: Partial<Record<ModelName, ConformalResult>> = {};
  for (const m of models) if (bt.paths[m]) intervals[m] = conformalIntervals(observed, bt.paths[m]!, start, options.intervals);
  const ev = evaluate(observed, plan, start, bt.paths, intervals, {horizons: options.horizons ?? HORIZONS});
  const shown = options.intervals?.shown ?? "adaptive";
  const d = (i: number) => series.dates[i];

  const heldOut: HeldOut[] = ev.horizons.map((h) => {
    const choice = ev.choices.find((c) => c.horizon === h.key)!;
    const windows = ev.windows[h.key].evaluation;
    const pairs = windows.flatMap((w) => w.pairs.map((p) => ({...p, window: w.origin})));
    const iv = intervals[choice.chosen]![shown];
    return {
      horizon: h.key,
      steps: h.steps,
      model: choice.chosen,
      variant: shown,
      origins: pairs.map((p) => d(p.origin)),
      targets: pairs.map((p) => d(p.target)),
      windows: pairs.map((p) => d(p.window)),
      actual: pairs.map((p) => observed[p.target]),
      // the chosen model's forecasts, and those the page compares it with (the LSTM; at 1 week the target's models)
      predicted: Object.fromEntries(
        models
          .filter((m) => bt.paths[m] && (m === choice.chosen || m === "lstm" || (h.key === "1w" && ["combination", "holtWinters", "seasonalNaive"].includes(m))))
          .filter((m) => h.steps <= 7 || m === choice.chosen)
          .map((m) => [m, pairs.map((p) => forecastOf(bt.paths[m]!, start, p))])
      ),
      lower: pairs.map((p) => nan(iv[p.origin - start].lower[p.step - 1])),
      upper: pairs.map((p) => nan(iv[p.origin - start].upper[p.step - 1]))
    };
  });

  const comparison = bt.noBreak && options.breaks ? breakComparison(observed, plan, start, bt.paths, bt.noBreak, options.breaks.flag.slice(0, end)) : null;
  const evaluation: CategoryEvaluation = {
    calStart: d(plan.calStart),
    evalStart: d(plan.evalStart),
    calibrationDays: plan.calibrationDays,
    evalDays: plan.evalDays,
    refitEvery: plan.refitEvery,
    origins: bt.refitOrigins.filter((r) => r >= plan.evalStart).map(d),
    models: models.filter((m) => bt.paths[m]),
    horizons: ev.horizons,
    holtWinters: bt.holtWinters ? {seasonal: bt.holtWinters.seasonal, params: bt.holtWinters.params.map((p) => ({origin: d(p.origin), ...p.params}))} : null,
    metrics: ev.scores.map((s) => ({model: s.model, horizon: s.horizon, rmse: nan(s.metrics.rmse), mae: nan(s.metrics.mae), mape: nan(s.metrics.mape), n: s.metrics.n, windows: s.windows.map((w) => ({origin: d(w.origin), rmse: nan(w.rmse), mae: nan(w.mae), n: w.n}))})),
    choices: ev.choices.map((c) => ({
      ...c,
      chosenOn: {from: d(c.chosenOn.from), to: d(c.chosenOn.to), windows: c.chosenOn.windows},
      last: {...c.last, origin: d(c.last.origin)},
      rolling: c.rolling ? {...c.rolling, choices: c.rolling.choices.map((x) => ({origin: d(x.origin), model: x.model, baseline: x.baseline}))} : null
    })),
    coverage: ev.coverage,
    heldOut,
    holidayBreak: comparison ? {days: comparison.targets.map(d), rows: comparison.rows} : null,
    breakShareSeen: bt.breakShareSeen
  };
  result.evaluation = evaluation;

  if (bt.lstm) {
    result.training = {
      features: bt.lstm.features,
      refits: bt.lstm.refits.map((r) => ({...r, origin: d(r.origin)})),
      final: bt.lstm.final && trainingOf(bt.lstm.final),
      breakBranch: bt.noBreak?.lstmBranch != null ? d(bt.noBreak.lstmBranch) : null
    };
    const fit = bt.lstm.final?.inSample;
    if (fit) {
      const kept = fit.targets.flatMap((t, i) => (Number.isFinite(observed[t]) ? [i] : []));
      result.history = {dates: kept.map((i) => d(fit.targets[i])), actual: kept.map((i) => observed[fit.targets[i]]), oneStepInSample: kept.map((i) => fit.predicted[i])};
    }
  }

  // the planner's model: chosen at 1 week (a dip is a question for the next week or two)
  const plannerChoice = ev.choices.find((c) => c.horizon === "1w") ?? ev.choices[0];
  if (!plannerChoice) return result;
  const planner = plannerChoice.chosen;
  const levels = options.quantileLevels ?? QUANTILE_LEVELS;
  const iv = intervals[planner]!;
  const levelDays = options.levelDays ?? 28;
  const grid = (origin: number, step: number) => levels.map((p) => nan(iv.quantileAt(origin, step, p)));
  const futurePath = bt.paths[planner]?.[end - start];
  if (futureDays > 0 && futurePath && futurePath.length === futureDays) {
    result.forecast = {
      model: planner,
      dates: series.dates.slice(end, end + futureDays),
      predicted: futurePath,
      lower: futurePath.map((_, i) => nan(iv[shown][end - start].lower[i])),
      upper: futurePath.map((_, i) => nan(iv[shown][end - start].upper[i]))
    };
  }
  const weekly = ev.windows["1w"]?.evaluation ?? ev.windows[ev.horizons[0].key].evaluation;
  const heldPairs = weekly.flatMap((w) => w.pairs);
  const bases = new Map<number, {index: number[]; level: number} | null>();
  const baseOf = (origin: number) => {
    if (!bases.has(origin)) bases.set(origin, baseAt(dates, y, origin, levelDays));
    return bases.get(origin)!;
  };
  const inputs = (pairs: {origin: number; step: number; target: number}[], forecast: (p: {origin: number; step: number}) => number): DipInputs | null => {
    const keep = pairs.filter((p) => baseOf(p.origin) && Number.isFinite(forecast(p)));
    if (!keep.length) return null;
    return {
      dates: keep.map((p) => series.dates[p.target]),
      forecast: keep.map(forecast),
      base: keep.map((p) => {
        const b = baseOf(p.origin)!;
        return b.level * b.index[weekdayOf(series.dates[p.target])];
      }),
      quantiles: keep.map((p) => grid(p.origin, p.step))
    };
  };
  const held = inputs(heldPairs, (p) => forecastOf(bt.paths[planner]!, start, p as {origin: number; step: number; target: number}));
  const future = result.forecast ? inputs(result.forecast.predicted.map((_, i) => ({origin: end, step: i + 1, target: end + i})), (p) => result.forecast!.predicted[p.step - 1]) : null;
  if (!held) return result;
  const threshold = options.dips?.threshold ?? 0.9;
  const read = (x: DipInputs) =>
    findDips(x.dates, x.forecast, {
      base: x.base,
      threshold,
      top: options.dips?.top ?? 3,
      below: (i, value) => {
        const q = x.quantiles[i];
        return q.every((v) => v !== null) ? probabilityBelow(q as number[], levels, value) : Number.NaN;
      }
    }).windows;
  result.dips = {model: planner, threshold, heldOut: held, future, backtest: read(held), futureWindows: future ? read(future) : null};
  return result;
}
