import {weekdayOf} from "../calendar.js";
import {assertConsecutive, weekdayIndex} from "./decompose.js";

/** The report's five inputs, in the order of its feature-selection table. */
export const FEATURES = ["revenue", "precipitation", "temperature", "holiday", "seasonalIndex"] as const;
/** Every input the models can read: the report's five, then the holiday break (not in the report). */
export const ALL_FEATURES = [...FEATURES, "holidayBreak"] as const;
export type Feature = (typeof ALL_FEATURES)[number];
export type ExogenousFeature = Exclude<Feature, "revenue">;
/** 0/1 inputs: kept as they are rather than min-max scaled, and masked until training has seen them set. */
export const INDICATOR_FEATURES: readonly ExogenousFeature[] = ["holiday", "holidayBreak"];

/**
 * One category's daily inputs. `revenue` may stop before the other arrays: the extra days are
 * future days whose weather, holiday flag and weekday are known (or assumed) but whose revenue is not.
 */
export interface DailySeries {
  dates: string[];
  revenue: number[];
  /** absent without weather: the weather inputs cannot then be selected */
  precipitation?: number[];
  temperature?: number[];
  /** 1 on holidays / days off, else 0 */
  holiday: number[];
  /** 1 on the days of a multi-day holiday's shipping break (see breaks.ts), else 0 */
  holidayBreak?: number[];
  /** 1 on days the logs hold no session at all: their revenue is unknown, not zero (gaps.ts) */
  missing?: number[];
}

export interface FeatureOptions {
  /** inputs; "revenue" is required (it is the target, fed back in recursive forecasts) */
  features?: readonly Feature[];
  /** days per input window */
  window?: number;
  /**
   * 0: a window holds days t-w..t-1 of every input (the report's setup). 1: the exogenous inputs are
   * shifted one day ahead, so the window's last row carries the target day's own weather, holiday flag
   * and seasonal index, which are known in advance; revenue still stops at t-1.
   */
  exogenousLead?: 0 | 1;
  /** days [0, trainEnd) fit the scaler and the seasonal index; defaults to all days with revenue */
  trainEnd?: number;
  /**
   * "minmax": revenue min-max scaled over the training days (the report's setup); "window": each
   * window's revenue and its target divided by the window's mean revenue, so the network learns
   * changes relative to the recent level and a level it never saw in training is no extrapolation
   */
  revenueScale?: RevenueScale;
}

export type RevenueScale = "minmax" | "window";
export const REVENUE_SCALES: readonly RevenueScale[] = ["minmax", "window"];

export interface MinMax {
  min: number;
  max: number;
}

export interface PreparedFeatures {
  dates: string[];
  features: Feature[];
  window: number;
  exogenousLead: 0 | 1;
  trainEnd: number;
  /** weekday seasonal index Sun..Sat, from training days only */
  weekdayIndex: number[];
  /** min-max bounds per selected feature, from training days only (revenue with revenueScale "window": 0 and the training days' mean) */
  scale: Record<Feature, MinMax | undefined>;
  revenueScale: RevenueScale;
  /** scaled revenue, one per day with revenue */
  revenue: number[];
  /** scaled exogenous inputs per day (all dates), in `features` order without revenue */
  exogenous: number[][];
  /**
   * per exogenous input: false while no training day has set an indicator input, so windows read it as
   * 0 and weights that never learned it cannot move a forecast (see withTrainingMask)
   */
  mask: boolean[];
}

function assertSameLength(series: DailySeries): void {
  const n = series.dates.length;
  for (const k of ["precipitation", "temperature", "holiday", "holidayBreak"] as const) {
    const v = series[k];
    if (v && v.length !== n) throw new Error(`${k} has ${v.length} values for ${n} dates`);
  }
  if (series.revenue.length > n) throw new Error(`revenue has ${series.revenue.length} values for ${n} dates`);
}

export function scaleValue(v: number, s: MinMax): number {
  const range = s.max - s.min;
  // a constant input (no holiday in the training days) maps to 0 rather than dividing by 0
  return range > 0 ? (v - s.min) / range : 0;
}

export function unscaleValue(v: number, s: MinMax): number {
  return s.min + v * (s.max - s.min);
}

function minMax(values: readonly number[]): MinMax {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {min, max};
}

/** Raw (unscaled) value of an exogenous feature on day i. */
function rawExogenous(series: DailySeries, f: ExogenousFeature, i: number, index: readonly number[]): number {
  if (f === "seasonalIndex") return index[weekdayOf(series.dates[i])];
  return series[f]![i];
}

export function validateFeatures(features: readonly Feature[]): Feature[] {
  for (const f of features) if (!(ALL_FEATURES as readonly string[]).includes(f)) throw new Error(`invalid feature: ${JSON.stringify(f)}`);
  if (!features.includes("revenue")) throw new Error(`invalid features: ${JSON.stringify(features)} (revenue is required)`);
  if (new Set(features).size !== features.length) throw new Error(`invalid features: ${JSON.stringify(features)} (duplicates)`);
  return ALL_FEATURES.filter((f) => features.includes(f));
}

/** The inputs a series can feed: weather only when it has weather, the holiday break only when it has one. */
export function availableFeatures(series: Pick<DailySeries, "precipitation" | "temperature" | "holidayBreak">, wanted: readonly Feature[] = ALL_FEATURES): Feature[] {
  return wanted.filter((f) => (f === "precipitation" || f === "temperature" || f === "holidayBreak" ? series[f] !== undefined : true));
}

/** Indicator inputs set on at least one day of [0, trainEnd); continuous inputs are always on. */
function trainingMask(p: Pick<PreparedFeatures, "features" | "exogenous">, trainEnd: number): boolean[] {
  const exo = p.features.filter((f): f is ExogenousFeature => f !== "revenue");
  return exo.map((f, j) => !INDICATOR_FEATURES.includes(f) || p.exogenous.slice(0, trainEnd).some((row) => row[j] !== 0));
}

/** The same prepared inputs with the mask of a later training end (a warm-started refit sees more days). */
export function withTrainingMask(p: PreparedFeatures, trainEnd: number): PreparedFeatures {
  if (!Number.isInteger(trainEnd) || trainEnd < 1 || trainEnd > p.revenue.length) throw new Error(`invalid trainEnd: ${trainEnd}`);
  return {...p, mask: trainingMask(p, trainEnd)};
}

/** Scale the inputs with statistics from the training days only and keep what windows need. */
export function prepareFeatures(series: DailySeries, {features = FEATURES, window = 7, exogenousLead = 1, trainEnd, revenueScale = "minmax"}: FeatureOptions = {}): PreparedFeatures {
  assertSameLength(series);
  assertConsecutive(series.dates);
  const selected = validateFeatures(features);
  if (!Number.isInteger(window) || window < 1) throw new Error(`invalid window: ${window}`);
  if (exogenousLead !== 0 && exogenousLead !== 1) throw new Error(`invalid exogenousLead: ${exogenousLead}`);
  if (!REVENUE_SCALES.includes(revenueScale)) throw new Error(`invalid revenueScale: ${JSON.stringify(revenueScale)} (expected ${REVENUE_SCALES.map((r) => JSON.stringify(r)).join(" or ")})`);
  const end = trainEnd ?? series.revenue.length;
  if (!Number.isInteger(end) || end < Math.max(14, window + 2) || end > series.revenue.length) {
    throw new Error(`invalid trainEnd: ${trainEnd} (need ${Math.max(14, window + 2)}..${series.revenue.length})`);
  }
  series.revenue.slice(0, end).forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`invalid revenue at index ${i}: ${v}`);
  });
  const exo = selected.filter((f): f is ExogenousFeature => f !== "revenue");
  for (const f of exo) {
    if (f !== "seasonalIndex" && !series[f]) throw new Error(`invalid features: ${JSON.stringify(f)} is selected but the series has no ${f} values`);
  }
  const index = weekdayIndex(series.dates.slice(0, end), series.revenue.slice(0, end)).indices;
  const scale = {} as Record<Feature, MinMax | undefined>;
  scale.revenue = revenueScale === "window" ? {min: 0, max: meanLevel(series.revenue, 0, end)} : minMax(series.revenue.slice(0, end));
  for (const f of exo) scale[f] = INDICATOR_FEATURES.includes(f) ? {min: 0, max: 1} : minMax(Array.from({length: end}, (_, i) => rawExogenous(series, f, i, index)));
  const exogenous = series.dates.map((_, i) => exo.map((f) => scaleValue(rawExogenous(series, f, i, index), scale[f]!)));
  exogenous.forEach((row, i) => row.forEach((v, j) => {
    if (!Number.isFinite(v)) throw new Error(`invalid ${exo[j]} on ${series.dates[i]}: ${v}`);
  }));
  const p = {dates: series.dates.slice(), features: selected, window, exogenousLead, trainEnd: end, weekdayIndex: index, scale, revenueScale, revenue: series.revenue.map((v) => scaleValue(v, scale.revenue!)), exogenous};
  return {...p, mask: trainingMask(p, end)};
}

/** Mean of v[from..to) when their sum is positive, 1 otherwise. */
function meanLevel(v: readonly number[], from: number, to: number): number {
  let sum = 0;
  for (let j = from; j < to; j++) sum += v[j];
  return sum > 0 ? sum / (to - from) : 1;
}

/**
 * What the network's revenue for target day t is divided by: 1 with min-max scaling, else the mean
 * revenue of the window before t, in units of the training days' mean (1, that mean, when the window
 * sold nothing: a window without sales is read at the usual level rather than blown up).
 */
export function revenueLevel(p: Pick<PreparedFeatures, "window" | "revenueScale">, revenue: readonly number[], t: number): number {
  return p.revenueScale === "window" ? meanLevel(revenue, t - p.window, t) : 1;
}

/** The input window for target day t, taking revenue from `revenue` (actual or fed-back, scaled). */
export function windowAt(p: PreparedFeatures, revenue: readonly number[], t: number): number[][] {
  const {window: w, exogenousLead: lead} = p;
  if (t < w || t > revenue.length || t >= p.dates.length + 1 - lead) throw new Error(`invalid target index: ${t}`);
  const level = revenueLevel(p, revenue, t);
  const rows: number[][] = [];
  for (let j = t - w; j < t; j++) rows.push([revenue[j] / level, ...p.exogenous[j + lead].map((v, k) => (p.mask[k] ? v : 0))]);
  return rows;
}

export interface Windows {
  x: number[][][];
  /** scaled target revenue (÷ its window's level with revenueScale "window") */
  y: number[];
  /** target day index of each sample */
  targets: number[];
}

/** Supervised samples for target days [from, to): only actual revenue, no day at or after `to`. */
export function makeWindows(p: PreparedFeatures, {from = p.window, to = p.trainEnd}: {from?: number; to?: number} = {}): Windows {
  const start = Math.max(from, p.window);
  if (to > p.revenue.length) throw new Error(`invalid window range end: ${to} (revenue has ${p.revenue.length} days)`);
  const out: Windows = {x: [], y: [], targets: []};
  for (let t = start; t < to; t++) {
    out.x.push(windowAt(p, p.revenue, t));
    out.y.push(p.revenue[t] / revenueLevel(p, p.revenue, t));
    out.targets.push(t);
  }
  return out;
}

export function unscaleRevenue(p: PreparedFeatures, v: number): number {
  return unscaleValue(v, p.scale.revenue!);
}
