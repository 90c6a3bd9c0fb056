import {quantile} from "./metrics.js";

export interface ConformalOptions {
  /** nominal central coverage, e.g. 0.8 */
  level?: number;
  /** upper step of each horizon band: steps of a band share their past errors (one step alone has too few) */
  bands?: readonly number[];
  /** adaptive variant: how far the miss rate moves each step's level per observed outcome */
  gamma?: number;
  /**
   * adaptive variant: false (default) keeps each step's miss-rate target at or below the nominal
   * 1 − level, so the range widens after misses and returns to the fixed-level range after hits but
   * never draws in below it; true lets a run of hits narrow it too (plain adaptive conformal inference)
   */
  narrowAfterHits?: boolean;
  /** past errors a band needs before it issues an interval */
  minScores?: number;
  /**
   * what an error is divided by before it is compared with others: "forecast", the forecast itself, at
   * least `forecastFloor` × the level (ranges are a share of the forecast: a day forecast to sell more
   * gets a wider range, and a forecast near 0 does not blow a score up); "level", the mean revenue of
   * the `scaleDays` days before the origin (ranges are a share of recent sales, so they follow the
   * level and one shock does not inflate them); "error", the model's recent 1-day errors (root mean
   * square over the last `scaleDays` origins)
   */
  scale?: "forecast" | "error" | "level";
  /** with scale "forecast": the least a forecast's divisor may be, as a share of the level */
  forecastFloor?: number;
  scaleDays?: number;
  /** lowest value a bound may take (revenue is never negative; clipping can only raise coverage) */
  floor?: number;
  /**
   * "absolute": a range is the forecast ± the conformal quantile of past |errors| (the usual split-conformal
   * score); "signed": its two ends are quantiles of the signed errors on each side. Signed ends learn the
   * direction of past misses, which a trend that turns reverses; absolute ones do not.
   */
  score?: "absolute" | "signed";
}

export const CONFORMAL_DEFAULTS: Required<ConformalOptions> = {level: 0.8, bands: [1, 7, 14, 28], gamma: 0.1, narrowAfterHits: false, minScores: 5, scale: "forecast", forecastFloor: 0.5, scaleDays: 28, floor: 0, score: "absolute"};

export type IntervalVariant = "split" | "adaptive";

export interface Bounds {
  lower: number[];
  upper: number[];
}

export interface ConformalResult {
  level: number;
  /** first origin; row k of every table is origin start + k */
  start: number;
  /** each origin's scale: the level, or the recent 1-day error (NaN: not known yet, no interval); with scale "forecast", the floor's base */
  scale: number[];
  /** per origin, per step (NaN where the band had fewer than minScores past errors) */
  split: Bounds[];
  adaptive: Bounds[];
  /** the adaptive variant's miscoverage target per origin and step (before its clamp to [0, 1]) */
  alpha: number[][];
  /** the predictive quantiles at probability p of the forecast from origin d at step s, from the errors known at d */
  quantileAt(d: number, s: number, p: number): number;
}

function options(o: ConformalOptions): Required<ConformalOptions> {
  const r = {...CONFORMAL_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))} as Required<ConformalOptions>;
  if (!(r.level > 0 && r.level < 1)) throw new Error(`invalid level: ${r.level}`);
  r.bands.forEach((b, i) => {
    if (!Number.isInteger(b) || b < 1 || (i > 0 && b <= r.bands[i - 1])) throw new Error(`invalid bands: ${JSON.stringify(r.bands)}`);
  });
  if (!(r.gamma >= 0)) throw new Error(`invalid gamma: ${r.gamma}`);
  if (typeof r.narrowAfterHits !== "boolean") throw new Error(`invalid narrowAfterHits: ${JSON.stringify(r.narrowAfterHits)}`);
  if (!Number.isInteger(r.minScores) || r.minScores < 1) throw new Error(`invalid minScores: ${r.minScores}`);
  if (!Number.isInteger(r.scaleDays) || r.scaleDays < 1) throw new Error(`invalid scaleDays: ${r.scaleDays}`);
  if (r.scale !== "forecast" && r.scale !== "error" && r.scale !== "level") throw new Error(`invalid scale: ${JSON.stringify(r.scale)}`);
  if (!(r.forecastFloor > 0)) throw new Error(`invalid forecastFloor: ${r.forecastFloor}`);
  if (r.score !== "absolute" && r.score !== "signed") throw new Error(`invalid score: ${JSON.stringify(r.score)}`);
  return r;
}

/** Band index of a 1-based step, -1 beyond the last band. */
export function bandOf(bands: readonly number[], step: number): number {
  return bands.findIndex((b) => step <= b);
}

/** Mean of the `days` values before origin d (fewer at the start); 1 when none is positive. */
export function errorScale(y: readonly number[], d: number, days: number): number {
  // days without a record (NaN) are left out of the mean
  const recent = y.slice(Math.max(0, d - days), d).filter(Number.isFinite);
  const m = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : 0;
  return m > 0 ? m : 1;
}

function insertSorted(a: number[], v: number): void {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  a.splice(lo, 0, v);
}

/**
 * Bounds of the central interval with miscoverage a from sorted errors, split-conformal style: the
 * ⌈(n+1)(1−a/2)⌉-th error from below and the ⌊(n+1)a/2⌋-th, clamped to the errors seen (an
 * interval the finite sample cannot bound is capped at the largest past error).
 */
export function conformalBounds(sorted: readonly number[], a: number): [number, number] {
  const n = sorted.length;
  const alpha = Math.min(1, Math.max(0, a));
  const hi = Math.min(n, Math.max(1, Math.ceil((n + 1) * (1 - alpha / 2))));
  const lo = Math.min(n, Math.max(1, Math.floor(((n + 1) * alpha) / 2)));
  return [sorted[lo - 1], sorted[Math.max(lo, hi) - 1]];
}

/**
 * Half-width of the symmetric interval with miscoverage a from sorted absolute errors: the
 * ⌈(n+1)(1−a)⌉-th smallest, capped at the largest seen.
 */
export function conformalHalfWidth(sortedAbs: readonly number[], a: number): number {
  const n = sortedAbs.length;
  const alpha = Math.min(1, Math.max(0, a));
  return sortedAbs[Math.min(n, Math.max(1, Math.ceil((n + 1) * (1 - alpha)))) - 1];
}

/**
 * Conformal intervals for forecasts made from every day (origin) of a rolling-origin backtest. An
 * error (actual − forecast, divided by the forecast itself, the recent mean revenue or the model's
 * recent 1-day error, so that bands follow the conditions of their day) enters the calibration set of
 * its horizon band on the day its target is observed; the interval of a forecast from origin d uses
 * only errors whose targets lie before d.
 * - split: the forecast ± the conformal quantile of the absolute errors at the nominal level (or, with
 *   score "signed", the signed errors' quantiles on each side), expanding window;
 * - adaptive: adaptive conformal inference (Gibbs & Candès 2021) with delayed feedback, per step as in
 *   Wang & Hyndman (2024): each step's miscoverage target moves by gamma·(α − miss) when an outcome
 *   of that step is observed, so the band widens after misses; by default it never rises above α, so
 *   a run of hits brings the band back to the fixed-level one rather than below it.
 * `paths[k]` is the forecast from origin start + k; targets at or after y.length have no outcome yet
 * (a forecast beyond the data gets intervals but gives no feedback).
 */
export function conformalIntervals(y: readonly number[], paths: readonly (readonly number[])[], start: number, options_: ConformalOptions = {}): ConformalResult {
  const o = options(options_);
  const end = y.length;
  if (!Number.isInteger(start) || start < 1 || start > end) throw new Error(`invalid start: ${start} (series has ${end} days)`);
  if (start + paths.length - 1 > end) throw new Error(`paths run from origin ${start} to ${start + paths.length - 1}, past the first day without revenue (${end})`);
  const alpha0 = 1 - o.level;
  const maxStep = Math.max(0, ...paths.map((p) => p.length));
  const alpha = Array<number>(maxStep + 1).fill(alpha0);
  // per band, the past scores in order: signed errors, or their sizes with score "absolute"
  const sorted: number[][] = o.bands.map(() => []);
  const ends = (b: number, a: number): [number, number] => {
    if (o.score === "signed") return conformalBounds(sorted[b], a);
    const h = conformalHalfWidth(sorted[b], a);
    return [-h, h];
  };
  const log: {band: number; time: number; score: number}[] = [];
  const pending = new Map<number, {band: number; step: number; score: number; miss: boolean | null}[]>();
  const result: ConformalResult = {level: o.level, start, scale: [], split: [], adaptive: [], alpha: [], quantileAt};

  // 1-day errors by origin, for the "error" scale (known the day after their origin)
  const oneStep = paths.map((p, k) => (start + k < end && Number.isFinite(p[0]) ? y[start + k] - p[0] : Number.NaN));
  const minErrors = Math.min(3, o.scaleDays);
  const scaleOf = (d: number) => {
    if (o.scale !== "error") return errorScale(y, d, o.scaleDays);
    const recent = oneStep.slice(Math.max(0, d - start - o.scaleDays), d - start).filter(Number.isFinite);
    const rms = Math.sqrt(recent.reduce((a, e) => a + e * e, 0) / recent.length);
    return recent.length >= minErrors && rms > 0 ? rms : Number.NaN;
  };
  // what the error of forecast f from an origin with scale `scale` is divided by
  const divisor = (f: number, scale: number) => (o.scale === "forecast" ? Math.max(f, o.forecastFloor * scale) : scale);
  // whole units: the bounds a page draws and recounts are then exactly the bounds counted here
  const bound = (v: number) => Math.max(o.floor, Math.round(v));
  for (let k = 0; k < paths.length; k++) {
    const d = start + k;
    for (const e of pending.get(d) ?? []) {
      insertSorted(sorted[e.band], o.score === "signed" ? e.score : Math.abs(e.score));
      log.push({band: e.band, time: d, score: e.score});
      if (e.miss !== null) {
        const next = alpha[e.step] + o.gamma * (alpha0 - (e.miss ? 1 : 0));
        // A ceiling on the state itself (not only on its use), so the first misses after a run of
        // hits widen the range at once. Dropping only upward moves keeps the long-run bound on misses,
        // mean(miss) ≤ α + (α − α_end)/(γ·outcomes); it gives up only the bound on over-coverage.
        alpha[e.step] = o.narrowAfterHits ? next : Math.min(alpha0, next);
      }
    }
    pending.delete(d);
    const scale = scaleOf(d);
    const path = paths[k];
    const split: Bounds = {lower: [], upper: []};
    const adaptive: Bounds = {lower: [], upper: []};
    const alphas: number[] = [];
    path.forEach((f, i) => {
      const step = i + 1;
      const b = bandOf(o.bands, step);
      const scores = b >= 0 ? sorted[b] : [];
      alphas.push(alpha[step]);
      let adaptiveBounds: [number, number] | null = null;
      const by = divisor(f, scale);
      if (scores.length >= o.minScores && Number.isFinite(f) && Number.isFinite(scale)) {
        const [sl, su] = ends(b, alpha0);
        split.lower.push(bound(f + by * sl));
        split.upper.push(bound(f + by * su));
        const [al, au] = ends(b, alpha[step]);
        adaptiveBounds = [bound(f + by * al), bound(f + by * au)];
        adaptive.lower.push(adaptiveBounds[0]);
        adaptive.upper.push(adaptiveBounds[1]);
      } else {
        for (const x of [split.lower, split.upper, adaptive.lower, adaptive.upper]) x.push(Number.NaN);
      }
      const target = d + i;
      // a target without a record (NaN) teaches the intervals nothing
      if (b >= 0 && target < end && Number.isFinite(f) && Number.isFinite(scale) && Number.isFinite(y[target])) {
        const actual = y[target];
        const miss = adaptiveBounds ? actual < adaptiveBounds[0] || actual > adaptiveBounds[1] : null;
        const at = target + 1;
        if (!pending.has(at)) pending.set(at, []);
        pending.get(at)!.push({band: b, step, score: (actual - f) / by, miss});
      }
    });
    result.scale.push(scale);
    result.split.push(split);
    result.adaptive.push(adaptive);
    result.alpha.push(alphas);
  }

  function quantileAt(d: number, s: number, p: number): number {
    const k = d - start;
    if (k < 0 || k >= paths.length) throw new Error(`invalid origin: ${d}`);
    const b = bandOf(o.bands, s);
    const f = paths[k][s - 1];
    const scores = log.filter((e) => e.band === b && e.time <= d).map((e) => e.score);
    if (b < 0 || scores.length < o.minScores || f === undefined || !Number.isFinite(result.scale[k])) return Number.NaN;
    // with absolute scores the predictive distribution is the errors mirrored: its central quantiles are the fixed-level range's ends up to the finite-sample correction
    return f + divisor(f, result.scale[k]) * quantile(o.score === "absolute" ? [...scores, ...scores.map((e) => -e)] : scores, p);
  }
  return result;
}

export interface IntervalScore {
  covered: number;
  n: number;
  /** covered / n (NaN when n = 0) */
  rate: number;
  meanWidth: number;
  /** mean interval (Winkler) score: width plus 2/α times the distance by which the actual falls outside */
  winkler: number;
}

/** Coverage, mean width and mean Winkler score of intervals at nominal level; non-finite triples are skipped. */
export function intervalScore(actual: readonly number[], lower: readonly number[], upper: readonly number[], level: number): IntervalScore {
  if (actual.length !== lower.length || actual.length !== upper.length) throw new Error(`lengths differ: ${actual.length}, ${lower.length}, ${upper.length}`);
  if (!(level > 0 && level < 1)) throw new Error(`invalid level: ${level}`);
  const a = 1 - level;
  let covered = 0;
  let n = 0;
  let width = 0;
  let score = 0;
  actual.forEach((y, i) => {
    const l = lower[i];
    const u = upper[i];
    if (![y, l, u].every(Number.isFinite)) return;
    n++;
    width += u - l;
    score += u - l + (y < l ? (2 / a) * (l - y) : 0) + (y > u ? (2 / a) * (y - u) : 0);
    if (y >= l && y <= u) covered++;
  });
  return {covered, n, rate: n ? covered / n : Number.NaN, meanWidth: n ? width / n : Number.NaN, winkler: n ? score / n : Number.NaN};
}
