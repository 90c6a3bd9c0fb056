import {addDays, weekdayOf} from "../calendar.js";

export type SeasonalModel = "multiplicative" | "additive";

export interface DecomposeOptions {
  period: number;
  model: SeasonalModel;
}

export interface Decomposition {
  /** centred moving average; NaN where the filter does not fit */
  trend: number[];
  /** figure repeated from the series start */
  seasonal: number[];
  residual: number[];
  /** one value per position in the cycle, position 0 = the series' first observation */
  figure: number[];
}

/**
 * Classical decomposition, as R's `decompose` and statsmodels' `seasonal_decompose` (no trend
 * extrapolation): an m-term centred moving average (2×m for even m), the detrended series
 * averaged per cycle position ignoring NaN, then normalised to mean 1 (multiplicative) or 0.
 */
export function seasonalDecompose(values: readonly number[], options: DecomposeOptions): Decomposition {
  const {period, model} = options;
  if (!Number.isInteger(period) || period < 2) throw new Error(`invalid period: ${period}`);
  if (model !== "multiplicative" && model !== "additive") throw new Error(`invalid model: ${JSON.stringify(model)}`);
  const n = values.length;
  if (n < 2 * period) throw new Error(`series too short: ${n} observations, need 2 complete cycles (${2 * period})`);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`invalid value at index ${i}: ${v}`);
    if (model === "multiplicative" && v <= 0) throw new Error(`invalid value at index ${i}: ${v} (multiplicative needs positive values)`);
  });

  const trend = centredMovingAverage(values, period);
  const mult = model === "multiplicative";
  const detrended = values.map((v, i) => (mult ? v / trend[i] : v - trend[i]));

  const figure: number[] = [];
  for (let p = 0; p < period; p++) {
    let sum = 0;
    let count = 0;
    for (let i = p; i < n; i += period) {
      if (!Number.isNaN(detrended[i])) {
        sum += detrended[i];
        count++;
      }
    }
    figure.push(count ? sum / count : NaN);
  }
  const mean = figure.reduce((a, b) => a + b, 0) / period;
  for (let p = 0; p < period; p++) figure[p] = mult ? figure[p] / mean : figure[p] - mean;

  const seasonal = values.map((_, i) => figure[i % period]);
  const residual = values.map((v, i) => (mult ? v / seasonal[i] / trend[i] : detrended[i] - seasonal[i]));
  return {trend, seasonal, residual, figure};
}

/** Centred moving average over `period` terms (a 2×m filter with half weights at the ends for even m). */
export function centredMovingAverage(values: readonly number[], period: number): number[] {
  if (!Number.isInteger(period) || period < 2) throw new Error(`invalid period: ${period}`);
  const even = period % 2 === 0;
  const weights = even
    ? [0.5, ...Array<number>(period - 1).fill(1), 0.5].map((w) => w / period)
    : Array<number>(period).fill(1 / period);
  const half = (weights.length - 1) / 2;
  const n = values.length;
  const out = Array<number>(n).fill(NaN);
  for (let i = half; i < n - half; i++) {
    let s = 0;
    for (let k = 0; k < weights.length; k++) s += weights[k] * values[i - half + k];
    out[i] = s;
  }
  return out;
}

export interface WeekdayIndexRow {
  date: string;
  weekday: number;
  y: number;
  /** 7-term centred moving average (NaN in the first and last 3 days) */
  cma: number;
  /** specific seasonal index Y / CMA */
  ratio: number;
}

export interface WeekdayIndexTable {
  rows: WeekdayIndexRow[];
  /** mean of Y/CMA per weekday, Sun..Sat */
  means: number[];
  /** means normalised to sum 7, Sun..Sat */
  indices: number[];
  /**
   * "multiplicative": the report's Y / CMA. "additive": some weekday had no day with a positive CMA
   * (weeks without sales), so the index is 1 + that weekday's mean deviation from the CMA ÷ the mean.
   */
  model: SeasonalModel;
}

/**
 * The report's seasonal-index table: one season per weekday, multiplicative, indices summing to 7.
 * Days whose CMA is not positive carry no ratio; a series that leaves a weekday without any ratio
 * falls back to additive deviations (see WeekdayIndexTable.model).
 */
export function weekdayIndex(dates: readonly string[], values: readonly number[]): WeekdayIndexTable {
  if (dates.length !== values.length) throw new Error(`dates and values differ in length: ${dates.length} vs ${values.length}`);
  assertConsecutive(dates);
  if (values.length < 14) throw new Error(`series too short: ${values.length} observations, need 2 complete cycles (14)`);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`invalid value at index ${i}: ${v}`);
  });
  const cma = centredMovingAverage(values, 7);
  const rows = dates.map((date, i) => ({date, weekday: weekdayOf(date), y: values[i], cma: cma[i], ratio: cma[i] > 0 ? values[i] / cma[i] : NaN}));
  const perWeekday = (f: (r: WeekdayIndexRow) => number) => {
    const sums = Array<number>(7).fill(0);
    const counts = Array<number>(7).fill(0);
    for (const r of rows) {
      const v = f(r);
      if (Number.isNaN(v)) continue;
      sums[r.weekday] += v;
      counts[r.weekday]++;
    }
    return sums.map((s, w) => (counts[w] ? s / counts[w] : NaN));
  };
  const means = perWeekday((r) => r.ratio);
  const total = means.reduce((a, b) => a + b, 0);
  if (means.every(Number.isFinite) && total > 0) return {rows, means, indices: means.map((m) => (7 * m) / total), model: "multiplicative"};
  const level = values.reduce((a, b) => a + b, 0) / values.length;
  const deviations = perWeekday((r) => r.y - r.cma);
  const centre = deviations.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0) / 7;
  const indices = deviations.map((d) => (level > 0 && Number.isFinite(d) ? Math.max(0, 1 + (d - centre) / level) : 1));
  const sum = indices.reduce((a, b) => a + b, 0);
  return {rows, means, indices: indices.map((v) => (7 * v) / sum), model: "additive"};
}

export function assertConsecutive(dates: readonly string[]): void {
  for (let i = 1; i < dates.length; i++) {
    if (addDays(dates[i - 1], 1) !== dates[i]) throw new Error(`non-consecutive dates at index ${i}: ${dates[i - 1]} then ${dates[i]}`);
  }
}
