import type {LayersModel} from "@tensorflow/tfjs";
import {fitHoltWinters, holtWintersFilter, holtWintersForecast, movingAverageForecast, seasonalNaiveForecast, type HoltWintersFit, type HoltWintersParams, type HoltWintersState} from "./baselines.js";
import {assertSalesShare, BREAK_DEFAULTS} from "./breaks.js";
import type {SeasonalModel} from "./decompose.js";
import {FEATURES, makeWindows, prepareFeatures, withTrainingMask, type DailySeries, type Feature, type PreparedFeatures, type RevenueScale} from "./features.js";
import {cloneLstm, FAST_LSTM, forecastOneStep, forecastRecursive, trainLstm, type EpochInfo, type LstmOptions, type LstmTraining, type TF} from "./lstm.js";
import {LEVEL_CORRECTION_DEFAULTS, levelCorrected} from "./correction.js";
import {withoutUndefined} from "./options.js";
import type {EvaluationPlan} from "./plan.js";
import {regressionBreakShare, regressionForecast, type RegressionInputs, type RegressionOptions} from "./regression.js";

/** Every model, in the order tables list them; "combination" is the mean of the LSTM and Holt-Winters. */
export const MODELS = ["lstm", "combination", "holtWinters", "regression", "seasonalNaive", "movingAverage"] as const;
export type ModelName = (typeof MODELS)[number];
/** The single baselines a chosen model is measured against. */
export const BASELINES: readonly ModelName[] = ["holtWinters", "regression", "seasonalNaive", "movingAverage"];

export interface BacktestProgress {
  stage: "baselines" | "lstm" | "lstm without the holiday break" | "final";
  /** refit origin date */
  origin: string;
  epoch?: EpochInfo;
}

export interface BacktestOptions {
  plan: EvaluationPlan;
  models?: readonly ModelName[];
  /** LSTM inputs (default: the report's five) */
  features?: readonly Feature[];
  window?: number;
  exogenousLead?: 0 | 1;
  /** how the LSTM scales revenue (features.ts) */
  revenueScale?: RevenueScale;
  lstm?: LstmOptions;
  /**
   * LSTMs trained alike from different seeds (the first from lstm.seed), whose forecasts are averaged:
   * the mean takes out the part of one network's error that comes from its seed
   */
  members?: number;
  /** "weekly": the LSTM is refitted at every refit origin; "once": trained once, before the first forecast */
  refit?: "weekly" | "once";
  /**
   * true: the first fit trains from scratch, later refits continue from the previous weights for at most
   * `warmEpochs` epochs, with the scaler and seasonal index fitted before the first forecast.
   */
  warmStart?: boolean;
  warmEpochs?: number;
  /**
   * a warm refit trains on the windows whose targets lie in the last `warmDays` days before its origin
   * (0: every day). The first fit has already learnt the long run; the recent weeks then outweigh it where
   * a season turns, instead of being a few windows among many that the early stopping cannot see gain on.
   */
  warmDays?: number;
  /** early-stopping patience of a warm refit: it starts from a fitted model, so a few epochs show whether it gains */
  warmPatience?: number;
  /**
   * each LSTM path shifted by the network's mean one-step error over this many days before its origin
   * (correction.ts; break, catch-up and unrecorded days left out); 0: the network's own forecasts
   */
  levelCorrection?: number;
  /** longest forecast path from each origin */
  maxSteps?: number;
  /** forecast this many days beyond the revenue (needs their inputs in the series); 0 = none */
  futureDays?: number;
  /** train a final LSTM on every day (in-sample fit, forecast beyond the data) */
  final?: boolean;
  holtWinters?: {damped?: boolean};
  /**
   * the break (cut-off to last holiday) and catch-up days of multi-day holidays, per date, for the regression,
   * and a break day's sales as a share of a normal day's until the training holds a break (both models)
   */
  breaks?: {flag: readonly number[]; after: readonly number[]; salesShare?: number};
  regression?: RegressionOptions;
  /** also forecast with the LSTM and the regression without the holiday-break input, to measure what it adds */
  compareBreak?: boolean;
  seasonalPeriod?: number;
  movingAverageWindow?: number;
  signal?: AbortSignal;
  onProgress?: (info: BacktestProgress) => void | Promise<void>;
}

export interface LstmRefit {
  origin: number;
  warm: boolean;
  epochsRun: number;
  bestEpoch: number;
  stoppedEarly: boolean;
  /** windows trained on and validated with */
  samples: number;
  loss: number[];
  valLoss: number[];
}

export interface BacktestResult {
  plan: EvaluationPlan;
  /** first origin (plan.calStart); paths[m][k] is the forecast from origin start + k */
  start: number;
  /** index of the first day without revenue; the path from origin `end`, when present, is the forecast beyond the data */
  end: number;
  refitOrigins: number[];
  paths: Partial<Record<ModelName, number[][]>>;
  /** the same forecasts without the holiday-break input (LSTM: the same weights up to the first refit whose training saw a break) */
  noBreak: {lstm?: number[][]; regression?: number[][]; lstmBranch: number | null} | null;
  holtWinters: {seasonal: SeasonalModel; params: {origin: number; params: HoltWintersParams}[]} | null;
  /** a break day's share of a normal day's sales, by the regression fitted on every day with revenue (null: none seen) */
  breakShareSeen: number | null;
  lstm?: {
    refits: LstmRefit[];
    /** trained on every day with revenue (warm-started from the last refit) */
    final: (Omit<LstmRefit, "origin"> & {inSample: {targets: number[]; predicted: number[]}; weekdayIndex: number[]}) | null;
    features: Feature[];
    /** networks averaged (refits and final describe the first) */
    members: number;
  };
}

/** What a training's record keeps of it. */
function trainingRecord(t: LstmTraining, warm: boolean): Omit<LstmRefit, "origin"> {
  return {warm, epochsRun: t.epochsRun, bestEpoch: t.bestEpoch, stoppedEarly: t.stoppedEarly, samples: t.trainSamples + t.valSamples, loss: t.loss, valLoss: t.valLoss};
}

/** The seeds of `members` networks from `seed`: far enough apart that their initialisers (seed, seed + 1, seed + 2) never meet. */
export function memberSeeds(seed: number, members: number): number[] {
  return Array.from({length: members}, (_, m) => seed + 1000 * m);
}

export const BACKTEST_DEFAULTS = {
  refit: "weekly" as const,
  members: 1,
  warmStart: true,
  warmEpochs: 40,
  warmDays: 56,
  warmPatience: 5,
  levelCorrection: LEVEL_CORRECTION_DEFAULTS.days,
  maxSteps: 28,
  futureDays: 0,
  final: false,
  seasonalPeriod: 7,
  movingAverageWindow: 7,
  holtWinters: {damped: true}
};

function assertPlan(plan: EvaluationPlan, n: number): void {
  const {calStart, evalStart, refitEvery} = plan;
  if (plan.n !== n) throw new Error(`plan is for ${plan.n} days, the series has ${n} days with revenue`);
  if (!Number.isInteger(calStart) || calStart < 14 || calStart > evalStart || evalStart >= n) throw new Error(`invalid plan: calStart ${calStart}, evalStart ${evalStart}, ${n} days`);
  if (!Number.isInteger(refitEvery) || refitEvery < 1) throw new Error(`invalid refitEvery: ${refitEvery}`);
}

/**
 * Rolling-origin backtest. Forecasts are made from every day d of [plan.calStart, end) up to maxSteps
 * ahead (as far as the data reach); a forecast from d reads revenue before d only, with parameters
 * fitted before the latest refit origin ≤ d: LSTM weights and Holt-Winters smoothing at the refit
 * origins (plan.calStart, then plan.evalStart and every refitEvery days), Holt-Winters' state and
 * the naive forecasts at every origin, the regression refitted at every origin (least squares costs
 * nothing). No forecast ever reads its own target. The interval calibration and the evaluation cut
 * these paths (conformal.ts, evaluate.ts).
 */
export async function backtest(tf: TF | null, series: DailySeries, options: BacktestOptions): Promise<BacktestResult> {
  const o = {...BACKTEST_DEFAULTS, ...withoutUndefined(options), holtWinters: {...BACKTEST_DEFAULTS.holtWinters, ...withoutUndefined(options.holtWinters)}};
  const plan = options.plan;
  const {maxSteps, futureDays, seasonalPeriod, movingAverageWindow, signal} = o;
  const models = o.models ?? MODELS;
  const y = series.revenue;
  const end = y.length;
  assertPlan(plan, end);
  if (!Number.isInteger(o.warmDays) || (o.warmDays !== 0 && o.warmDays < 14)) throw new Error(`invalid warmDays: ${JSON.stringify(o.warmDays)} (0 for every day, or a whole number ≥ 14)`);
  if (!Number.isInteger(o.levelCorrection) || o.levelCorrection < 0) throw new Error(`invalid levelCorrection: ${JSON.stringify(o.levelCorrection)} (a whole number of days ≥ 0; 0 for none)`);
  if (!Number.isInteger(o.members) || o.members < 1) throw new Error(`invalid members: ${JSON.stringify(o.members)} (a whole number ≥ 1)`);
  for (const m of models) if (!(MODELS as readonly string[]).includes(m)) throw new Error(`invalid model: ${JSON.stringify(m)}`);
  const lstmWanted = models.includes("lstm") || models.includes("combination");
  if (lstmWanted && !tf) throw new Error("the lstm model needs tf");
  if (models.includes("combination") && !models.includes("holtWinters")) throw new Error("the combination needs holtWinters");
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new Error(`invalid maxSteps: ${maxSteps}`);
  if (!Number.isInteger(futureDays) || futureDays < 0 || futureDays > series.dates.length - end) throw new Error(`invalid futureDays: ${futureDays} (the inputs cover ${series.dates.length - end} days after the revenue)`);
  y.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`invalid revenue at index ${i}: ${v}`);
  });

  const start = plan.calStart;
  const refitOrigins = [start];
  for (let r = plan.evalStart; r < end; r += plan.refitEvery) if (r > start) refitOrigins.push(r);
  const refitAt = (d: number) => refitOrigins.filter((r) => r <= d).at(-1)!;
  const origins = Array.from({length: end - start}, (_, k) => start + k);
  const steps = (d: number) => (d < end ? Math.min(maxSteps, end - d) : futureDays);
  const withFuture = futureDays > 0 ? [...origins, end] : origins;
  const paths: Partial<Record<ModelName, number[][]>> = {};
  // revenue cannot be negative: where no day was, no forecast is (Holt-Winters' additive trend, the
  // regression and the LSTM can all run below zero as a season ends)
  const floor = y.every((v) => v >= 0) ? 0 : -Infinity;
  const floored = (path: number[]) => path.map((v) => Math.max(floor, v));

  if (models.includes("seasonalNaive")) paths.seasonalNaive = withFuture.map((d) => seasonalNaiveForecast(y.slice(0, d), steps(d), {period: seasonalPeriod}));
  if (models.includes("movingAverage")) paths.movingAverage = withFuture.map((d) => movingAverageForecast(y.slice(0, d), steps(d), {window: movingAverageWindow}));

  let holtWinters: BacktestResult["holtWinters"] = null;
  if (models.includes("holtWinters")) {
    const seasonal: SeasonalModel = y.every((v) => v > 0) ? "multiplicative" : "additive";
    const params: {origin: number; params: HoltWintersParams}[] = [];
    const out: number[][] = [];
    let fit: HoltWintersFit | null = null;
    let state: HoltWintersState | null = null;
    let at = -1;
    for (const d of withFuture) {
      const r = d === end ? end : refitAt(d);
      if (r !== at) {
        await o.onProgress?.({stage: "baselines", origin: series.dates[r]});
        signal?.throwIfAborted();
        fit = fitHoltWinters(y.slice(0, r), {period: seasonalPeriod, seasonal, damped: o.holtWinters.damped});
        params.push({origin: r, params: fit.params});
        state = fit.state;
        at = r;
      }
      state = holtWintersFilter(y.slice(state!.t, d), fit!.params, state!, seasonal).state;
      out.push(floored(holtWintersForecast(state, steps(d), fit!.params, seasonal)));
    }
    paths.holtWinters = out;
    holtWinters = {seasonal, params};
  }

  const regressionInputs: RegressionInputs = {
    dates: series.dates,
    holiday: series.holiday,
    temperature: series.temperature,
    precipitation: series.precipitation,
    holidayBreak: o.breaks?.flag,
    breakAfter: o.breaks?.after
  };
  const breakInWindow = !!o.breaks && [o.breaks.flag, o.breaks.after].some((v) => v.slice(plan.evalStart, end).some((x) => x !== 0));
  const salesShare = o.breaks?.salesShare ?? BREAK_DEFAULTS.salesShare;
  assertSalesShare(salesShare);
  const regressionOptions = {...o.regression, breakShare: salesShare};
  if (models.includes("regression")) paths.regression = withFuture.map((d) => floored(regressionForecast(y, regressionInputs, d, steps(d), regressionOptions)));
  const noBreak: NonNullable<BacktestResult["noBreak"]> = {lstmBranch: null};
  const breakShareSeen = models.includes("regression") && o.breaks ? regressionBreakShare(y, regressionInputs, end, regressionOptions) : null;
  if (o.compareBreak && models.includes("regression") && breakInWindow) noBreak.regression = origins.map((d) => floored(regressionForecast(y, regressionInputs, d, steps(d), {...regressionOptions, useBreak: false})));

  let lstm: BacktestResult["lstm"];
  let lstmPaths: number[][] = [];
  if (lstmWanted && tf) {
    const T: TF = tf;
    const features = [...(o.features ?? FEATURES)];
    const lstmRefits = o.refit === "once" ? [start] : refitOrigins;
    const featureOptions = {features, window: o.window, exogenousLead: o.exogenousLead, revenueScale: o.revenueScale};
    const lstmOptions = withoutUndefined(o.lstm);
    const breakIndex = features.filter((f) => f !== "revenue").indexOf("holidayBreak");
    const breakFlag = breakIndex >= 0 ? series.holidayBreak : undefined;
    const compare = o.compareBreak && !!breakFlag && breakFlag.slice(plan.evalStart, end).some((v) => v !== 0);
    // With the break input the LSTM learns normal days: a break day's revenue is divided by the assumed
    // share before the network trains on it or reads it, and its forecasts of break days are multiplied
    // back. The input itself stays masked until the training holds a break, then learns what the share missed.
    const share = (i: number) => (breakFlag?.[i] ? salesShare : 1);
    const adjusted: DailySeries = breakFlag ? {...series, revenue: y.map((v, i) => v / share(i))} : series;
    const back = (paths: number[][], from: readonly number[]) => (breakFlag ? paths.map((path, k) => path.map((v, i) => v * share(from[k] + i))) : paths);
    const withoutBreak = (p: PreparedFeatures) => ({...p, mask: p.mask.map((v, j) => v && j !== breakIndex)});
    const blockPaths = (m: LayersModel, p: PreparedFeatures, r: number, next: number) => {
      const block = origins.filter((d) => d >= r && d < next);
      return forecastRecursive(T, m, p, block, block.map(steps), {floor});
    };
    // one chain of weekly refits from one seed; the forecasts are the members' mean
    const chain = async (seed: number) => {
      const refits: LstmRefit[] = [];
      const main: number[][] = [];
      const variant: number[][] = [];
      let model: LayersModel | null = null;
      let other: LayersModel | null = null;
      let prepared: PreparedFeatures | null = null;
      let preparedRaw: PreparedFeatures | null = null;
      let branch: number | null = null;
      const memberOptions = {...lstmOptions, seed};
      // the first target day a training up to r learns from
      const trainFrom = (p: PreparedFeatures, r: number, warm: boolean) => Math.max(p.window, warm && o.warmDays > 0 ? r - o.warmDays : 0);
      const train = async (m: LayersModel | null, p: PreparedFeatures, r: number, warm: boolean, stage: BacktestProgress["stage"]) =>
        trainLstm(T, makeWindows(p, {from: trainFrom(p, r, warm), to: r}), {
          ...memberOptions,
          ...(warm ? {initialModel: m!, epochs: Math.min(o.warmEpochs, o.lstm?.epochs ?? o.warmEpochs), patience: Math.min(o.warmPatience, o.lstm?.patience ?? o.warmPatience)} : {}),
          signal,
          onEpoch: (epoch) => o.onProgress?.({stage, origin: series.dates[r], epoch})
        });
      try {
        for (const [k, r] of lstmRefits.entries()) {
          const warm = o.warmStart && k > 0 && model !== null;
          if (!warm) {
            model?.dispose();
            model = null;
            prepared = prepareFeatures(adjusted, {...featureOptions, trainEnd: r});
            preparedRaw = compare ? prepareFeatures(series, {...featureOptions, trainEnd: r}) : null;
          }
          const p = withTrainingMask(prepared!, r);
          const next = lstmRefits[k + 1] ?? end;
          // the first refit whose training saw a break: from here the chain without the input may differ
          if (compare && branch === null && p.mask[breakIndex]) {
            branch = r;
            if (model) {
              const copy = cloneLstm(T, model, memberOptions);
              other = cloneLstm(T, model, memberOptions);
              model.dispose();
              model = copy;
            }
          }
          const training = await train(model, p, r, warm, "lstm");
          model = training.model;
          refits.push({origin: r, ...trainingRecord(training, warm)});
          // on the network's own scale: the level correction below comes before a break day's share
          main.push(...blockPaths(model, p, r, next));
          if (compare) {
            // the same network reading actual revenue, without the break input or the share
            const q = withoutBreak(withTrainingMask(preparedRaw!, r));
            if (branch !== null) {
              const t = await train(other, q, r, warm && other !== null, "lstm without the holiday break");
              other = t.model;
            }
            variant.push(...blockPaths(branch !== null ? other! : model, q, r, next));
          }
        }
        other?.dispose();
        other = null;
        let final: NonNullable<BacktestResult["lstm"]>["final"] = null;
        if (o.final) {
          const p = withTrainingMask(prepared!, end);
          const t = await train(model, p, end, o.warmStart, "final");
          model = t.model;
          // scored on the days it was trained on, as the report scored its LSTMs
          const from = trainFrom(p, end, o.warmStart);
          const targets = Array.from({length: end - from}, (_, i) => from + i);
          const predicted = forecastOneStep(T, model, p, targets, {floor}).map((v, i) => v * share(targets[i]));
          final = {...trainingRecord(t, o.warmStart), inSample: {targets, predicted}, weekdayIndex: p.weekdayIndex};
          if (futureDays > 0) main.push(...forecastRecursive(T, model, p, [end], futureDays, {floor}));
        }
        return {refits, final, main, variant, branch, features: prepared!.features};
      } finally {
        model?.dispose();
        other?.dispose();
      }
    };
    const chains = [];
    for (const seed of memberSeeds(lstmOptions.seed ?? FAST_LSTM.seed, o.members)) chains.push(await chain(seed));
    const mean = (paths: number[][][]) => paths[0].map((path, k) => path.map((_, i) => paths.reduce((a, p) => a + p[k][i], 0) / paths.length));
    const [first] = chains;
    // a break, its catch-up and a day without records are known events, not the level the network missed
    const skip = y.map((_, i) => !!(series.missing?.[i] || o.breaks?.flag[i] || o.breaks?.after[i]));
    const corrected = (p: number[][], ys: readonly number[]) => levelCorrected(ys, p, start, {days: o.levelCorrection, skip, floor});
    // the network forecasts a normal day's sales: it is corrected on that scale (break days, skipped
    // in the errors, would otherwise take the whole shift at their share of a normal day's sales)
    const mainPaths = mean(chains.map((c) => c.main));
    lstmPaths = back(corrected(mainPaths, adjusted.revenue), [...origins, end].slice(0, mainPaths.length));
    if (models.includes("lstm")) paths.lstm = lstmPaths;
    if (compare) {
      noBreak.lstm = corrected(mean(chains.map((c) => c.variant)), y);
      noBreak.lstmBranch = first.branch;
    }
    // the first member's training is the one shown; the in-sample fit is the members' mean like the forecasts
    const final = first.final && {...first.final, inSample: {targets: first.final.inSample.targets, predicted: mean(chains.map((c) => [c.final!.inSample.predicted]))[0]}};
    lstm = {refits: first.refits, final, features: first.features, members: o.members};
  }
  if (models.includes("combination")) paths.combination = paths.holtWinters!.slice(0, lstmPaths.length).map((hw, k) => hw.map((v, i) => (v + lstmPaths[k][i]) / 2));
  return {plan, start, end, refitOrigins, paths, noBreak: noBreak.lstm || noBreak.regression ? noBreak : null, holtWinters, breakShareSeen, lstm};
}
