import {BASELINES, MODELS, type ModelName} from "./backtest.js";
import {intervalScore, type ConformalResult, type IntervalScore, type IntervalVariant} from "./conformal.js";
import {errorMetrics, type ErrorMetrics} from "./metrics.js";
import type {EvaluationPlan} from "./plan.js";

export interface Horizon {
  key: string;
  steps: number;
}

/** The report's 1 day / 1 week / 1 month, with a month of 4 weeks. */
export const HORIZONS: readonly Horizon[] = [
  {key: "1d", steps: 1},
  {key: "1w", steps: 7},
  {key: "1m", steps: 28}
];

/** One forecast: made on day `origin` for day `target` = origin + step − 1. */
export interface Pair {
  origin: number;
  step: number;
  target: number;
}

export interface EvalWindow {
  /** the weekly origin the window belongs to */
  origin: number;
  pairs: Pair[];
}

/**
 * The windows of a horizon on the weekly origin grid (plan.evalStart ± 7k, from plan.calStart):
 * 1 day: the 7 days from the origin, each forecast 1 step ahead from the day itself;
 * longer horizons: the `steps`-day forecast from the origin, kept only when the data cover it.
 * `evaluation` holds the windows from plan.evalStart on; `all` adds the earlier (calibration) ones.
 */
export function horizonWindows(plan: EvaluationPlan, h: Horizon): {all: EvalWindow[]; evaluation: EvalWindow[]} {
  const {calStart, evalStart, n, refitEvery} = plan;
  const origins: number[] = [];
  for (let o = evalStart; o - refitEvery >= calStart; o -= refitEvery) origins.unshift(o - refitEvery);
  for (let o = evalStart; o < n; o += refitEvery) origins.push(o);
  const all: EvalWindow[] = [];
  // a day without a record has no actual to score: its pairs drop out, and a window left without any
  const missing = new Set(plan.missing ?? []);
  const push = (origin: number, pairs: Pair[]) => {
    const kept = pairs.filter((p) => !missing.has(p.target));
    if (kept.length) all.push({origin, pairs: kept});
  };
  for (const o of origins) {
    if (h.steps === 1) push(o, Array.from({length: Math.min(refitEvery, n - o)}, (_, i) => ({origin: o + i, step: 1, target: o + i})));
    else if (o + h.steps <= n) push(o, Array.from({length: h.steps}, (_, i) => ({origin: o, step: i + 1, target: o + i})));
  }
  return {all, evaluation: all.filter((w) => w.origin >= evalStart)};
}

/** Forecast of a pair from paths indexed by origin − start. */
export function forecastOf(paths: readonly (readonly number[])[], start: number, p: Pair): number {
  return paths[p.origin - start]?.[p.step - 1] ?? Number.NaN;
}

export interface WindowError {
  origin: number;
  rmse: number;
  mae: number;
  n: number;
}

export interface ModelScore {
  model: ModelName;
  horizon: string;
  /** pooled over every evaluation window */
  metrics: ErrorMetrics;
  windows: WindowError[];
}

export interface Choice {
  horizon: string;
  /** the model with the lowest RMSE on the windows observed before the last evaluation window */
  chosen: ModelName;
  /** first and last origin of the windows it was chosen on */
  chosenOn: {from: number; to: number; windows: number};
  /**
   * on the last window: the chosen model against the baseline chosen the same way (among the single
   * baselines, on the same earlier windows), and against the baseline that did best there in hindsight
   */
  last: {origin: number; chosenRmse: number; baseline: ModelName; baselineRmse: number; pass: boolean; hindsight: ModelName; hindsightRmse: number};
  /**
   * the same choices made afresh before every evaluation window (on the windows observed by then),
   * each scored on its window, pooled; ratio = chosen ÷ chosen baseline
   */
  rolling: {
    windows: number;
    rmse: number;
    baselineRmse: number;
    ratio: number;
    pass: boolean;
    /** the single baseline best over those windows in hindsight */
    hindsight: ModelName;
    hindsightRmse: number;
    hindsightRatio: number;
    choices: {origin: number; model: ModelName; baseline: ModelName}[];
  } | null;
}

export interface CoverageRow extends IntervalScore {
  model: ModelName;
  horizon: string;
  variant: IntervalVariant;
}

export interface Evaluation {
  horizons: Horizon[];
  windows: Record<string, {all: EvalWindow[]; evaluation: EvalWindow[]}>;
  scores: ModelScore[];
  choices: Choice[];
  coverage: CoverageRow[];
}

function windowSse(y: readonly number[], paths: readonly (readonly number[])[], start: number, w: EvalWindow): {sse: number; n: number} {
  let sse = 0;
  let n = 0;
  for (const p of w.pairs) {
    const f = forecastOf(paths, start, p);
    if (!Number.isFinite(f)) continue;
    sse += (y[p.target] - f) ** 2;
    n++;
  }
  return {sse, n};
}

function pooledRmse(y: readonly number[], paths: readonly (readonly number[])[], start: number, windows: readonly EvalWindow[]): number {
  let sse = 0;
  let n = 0;
  for (const w of windows) {
    const r = windowSse(y, paths, start, w);
    sse += r.sse;
    n += r.n;
  }
  return n ? Math.sqrt(sse / n) : Number.NaN;
}

/** The model with the lowest pooled RMSE over `windows`; ties go to the earlier model in MODELS. */
export function bestModel(y: readonly number[], paths: Partial<Record<ModelName, number[][]>>, start: number, windows: readonly EvalWindow[], candidates: readonly ModelName[]): {model: ModelName; rmse: number} | null {
  let best: {model: ModelName; rmse: number} | null = null;
  for (const m of MODELS) {
    if (!candidates.includes(m) || !paths[m]) continue;
    const r = pooledRmse(y, paths[m]!, start, windows);
    if (Number.isFinite(r) && (!best || r < best.rmse)) best = {model: m, rmse: r};
  }
  return best;
}

const maxTarget = (w: EvalWindow) => Math.max(...w.pairs.map((p) => p.target));

/**
 * Errors per model and horizon pooled over the evaluation windows, the model chosen per horizon (as a
 * per-series model selection would: on the windows before the last, reported on the last, and made
 * afresh before each window), and the coverage, width and Winkler score of each model's intervals.
 */
export function evaluate(y: readonly number[], plan: EvaluationPlan, start: number, paths: Partial<Record<ModelName, number[][]>>, intervals: Partial<Record<ModelName, ConformalResult>>, {horizons = HORIZONS}: {horizons?: readonly Horizon[]} = {}): Evaluation {
  const models = MODELS.filter((m) => paths[m]);
  const baselines = BASELINES.filter((m) => paths[m]);
  const out: Evaluation = {horizons: [], windows: {}, scores: [], choices: [], coverage: []};
  for (const h of horizons) {
    const w = horizonWindows(plan, h);
    if (!w.evaluation.length) continue;
    out.horizons.push(h);
    out.windows[h.key] = w;
    for (const m of models) {
      const pairs = w.evaluation.flatMap((x) => x.pairs);
      const f = pairs.map((p) => forecastOf(paths[m]!, start, p));
      out.scores.push({
        model: m,
        horizon: h.key,
        metrics: errorMetrics(pairs.map((p) => y[p.target]), f),
        windows: w.evaluation.map((x) => {
          const e = errorMetrics(x.pairs.map((p) => y[p.target]), x.pairs.map((p) => forecastOf(paths[m]!, start, p)));
          return {origin: x.origin, rmse: e.rmse, mae: e.mae, n: e.n};
        })
      });
      const iv = intervals[m];
      if (iv) {
        for (const variant of ["split", "adaptive"] as const) {
          const b = pairs.map((p) => iv[variant][p.origin - iv.start]);
          out.coverage.push({model: m, horizon: h.key, variant, ...intervalScore(pairs.map((p) => y[p.target]), pairs.map((p, i) => b[i]?.lower[p.step - 1] ?? Number.NaN), pairs.map((p, i) => b[i]?.upper[p.step - 1] ?? Number.NaN), iv.level)});
        }
      }
    }
    const last = w.evaluation[w.evaluation.length - 1];
    const earlier = w.all.filter((x) => maxTarget(x) < last.origin);
    const on = earlier.length ? earlier : [last];
    const chosen = bestModel(y, paths, start, on, models);
    const chosenBaseline = bestModel(y, paths, start, on, baselines);
    const lastHindsight = bestModel(y, paths, start, [last], baselines);
    if (!chosen || !chosenBaseline || !lastHindsight) continue;
    const chosenLast = pooledRmse(y, paths[chosen.model]!, start, [last]);
    const baselineLast = pooledRmse(y, paths[chosenBaseline.model]!, start, [last]);
    const choices: {origin: number; model: ModelName; baseline: ModelName}[] = [];
    const scored: EvalWindow[] = [];
    let sse = 0;
    let sseBase = 0;
    let n = 0;
    for (const x of w.evaluation) {
      const seen = w.all.filter((v) => maxTarget(v) < x.origin);
      const pick = seen.length ? bestModel(y, paths, start, seen, models) : null;
      const pickBase = seen.length ? bestModel(y, paths, start, seen, baselines) : null;
      if (!pick || !pickBase) continue;
      choices.push({origin: x.origin, model: pick.model, baseline: pickBase.model});
      scored.push(x);
      const e = windowSse(y, paths[pick.model]!, start, x);
      sse += e.sse;
      n += e.n;
      sseBase += windowSse(y, paths[pickBase.model]!, start, x).sse;
    }
    const hindsight = scored.length ? bestModel(y, paths, start, scored, baselines) : null;
    const rollingRmse = n ? Math.sqrt(sse / n) : Number.NaN;
    const rollingBase = n ? Math.sqrt(sseBase / n) : Number.NaN;
    out.choices.push({
      horizon: h.key,
      chosen: chosen.model,
      chosenOn: earlier.length ? {from: earlier[0].origin, to: earlier[earlier.length - 1].origin, windows: earlier.length} : {from: last.origin, to: last.origin, windows: 0},
      last: {origin: last.origin, chosenRmse: chosenLast, baseline: chosenBaseline.model, baselineRmse: baselineLast, pass: chosenLast <= baselineLast, hindsight: lastHindsight.model, hindsightRmse: lastHindsight.rmse},
      rolling: hindsight
        ? {windows: scored.length, rmse: rollingRmse, baselineRmse: rollingBase, ratio: rollingRmse / rollingBase, pass: rollingRmse <= rollingBase, hindsight: hindsight.model, hindsightRmse: hindsight.rmse, hindsightRatio: rollingRmse / hindsight.rmse, choices}
        : null
    });
  }
  return out;
}

export interface BreakComparison {
  /** the evaluated days of the cut-off and the holiday itself */
  targets: number[];
  rows: {model: "lstm" | "regression"; horizon: string; with: number; without: number; ratio: number; n: number}[];
}

/** The evaluated days among `days` (1 = in), from the first evaluation window on. */
export function evaluatedDays(plan: EvaluationPlan, days: readonly number[]): number[] {
  const missing = new Set(plan.missing ?? []);
  return days.map((v, i) => (v && i >= plan.evalStart && i < plan.n && !missing.has(i) ? i : -1)).filter((i) => i >= 0);
}

/** RMSE of a model's forecasts at a horizon over the evaluation windows' pairs whose target is one of `targets`. */
export function rmseOnDays(y: readonly number[], plan: EvaluationPlan, start: number, paths: readonly (readonly number[])[], targets: readonly number[], h: Horizon): ErrorMetrics {
  const pairs = horizonWindows(plan, h).evaluation.flatMap((w) => w.pairs).filter((p) => targets.includes(p.target));
  return errorMetrics(pairs.map((p) => y[p.target]), pairs.map((p) => forecastOf(paths, start, p)));
}

/**
 * What the holiday-break input changes: RMSE over the evaluated break days (cut-off and holiday) of
 * the 1-day and 1-week forecasts, with and without the input.
 */
export function breakComparison(y: readonly number[], plan: EvaluationPlan, start: number, paths: Partial<Record<ModelName, number[][]>>, noBreak: {lstm?: number[][]; regression?: number[][]}, breakDays: readonly number[], horizons: readonly Horizon[] = HORIZONS.filter((h) => h.steps <= 7)): BreakComparison | null {
  const targets = evaluatedDays(plan, breakDays);
  if (!targets.length) return null;
  const rows: BreakComparison["rows"] = [];
  for (const model of ["lstm", "regression"] as const) {
    const a = paths[model];
    const b = noBreak[model];
    if (!a || !b) continue;
    for (const h of horizons) {
      const w = rmseOnDays(y, plan, start, a, targets, h);
      const wo = rmseOnDays(y, plan, start, b, targets, h);
      rows.push({model, horizon: h.key, with: w.rmse, without: wo.rmse, ratio: w.rmse / wo.rmse, n: w.n});
    }
  }
  return {targets, rows};
}
