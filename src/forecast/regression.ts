import {weekdayOf} from "../calendar.js";
import {assertSalesShare, BREAK_DEFAULTS} from "./breaks.js";

/** Calendar and weather regressors per day (every date, future days included); absent ones are not used. */
export interface RegressionInputs {
  dates: readonly string[];
  holiday?: readonly number[];
  /** 1 from a multi-day holiday's shipping cut-off to its last day: one effect, assumed (breakShare) until the training holds a break day */
  holidayBreak?: readonly number[];
  /** 1 on the catch-up days after it */
  breakAfter?: readonly number[];
  temperature?: readonly number[];
  precipitation?: readonly number[];
}

export interface RegressionOptions {
  /** days after which a training day's weight halves: the fit follows the recent level */
  halfLife?: number;
  /** ridge penalty on the standardised non-intercept coefficients, relative to the total weight */
  ridge?: number;
  /** use the break regressors (false: the same model without them, for comparison) */
  useBreak?: boolean;
  /** a break day's sales as a share of a normal day's before the training holds a break; the data then move it */
  breakShare?: number;
}

export const REGRESSION_DEFAULTS: Required<RegressionOptions> = {halfLife: 28, ridge: 0.01, useBreak: true, breakShare: BREAK_DEFAULTS.salesShare};

function designRow(x: RegressionInputs, i: number, useBreak: boolean): {names: string[]; values: number[]} {
  const names: string[] = [];
  const values: number[] = [];
  const wd = weekdayOf(x.dates[i]);
  for (let w = 1; w < 7; w++) {
    names.push(`weekday${w}`);
    values.push(wd === w ? 1 : 0);
  }
  const add = (name: string, v: readonly number[] | undefined, f: (a: number) => number = (a) => a) => {
    if (!v) return;
    names.push(name);
    values.push(f(v[i]));
  };
  add("holiday", x.holiday);
  if (useBreak) {
    add("holidayBreak", x.holidayBreak);
    add("breakAfter", x.breakAfter);
  }
  add("temperature", x.temperature);
  add("precipitation", x.precipitation, Math.log1p);
  return {names, values};
}

/** Solve A b = y for a symmetric positive definite A (Cholesky). */
function solveSpd(a: number[][], y: number[]): number[] {
  const n = y.length;
  const l = a.map(() => Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error(`regression: normal equations not positive definite at column ${i}`);
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  const z = Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = y[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * z[k];
    z[i] = s / l[i][i];
  }
  const b = Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < n; k++) s -= l[k][i] * b[k];
    b[i] = s / l[i][i];
  }
  return b;
}

/**
 * A dynamic-regression baseline: revenue (its log when every training day sold) on weekday, holiday,
 * holiday-break and weather regressors, by weighted ridge least squares over the days before
 * `trainEnd`, recent days weighted more (the intercept is the recent level). Regressors that never
 * vary in the training days are left out. A break day is offset by the assumed share `breakShare`
 * (the fit is on revenue ÷ the share), so before the training holds a break the forecast is the
 * share of a normal day, and break days in the training move it by what they show. Returns the
 * forecasts of days trainEnd..trainEnd+horizon-1 (no revenue lags: exact
 * multi-step forecasts from the calendar).
 */
export function regressionForecast(y: readonly number[], x: RegressionInputs, trainEnd: number, horizon: number, options: RegressionOptions = {}): number[] {
  if (!Number.isInteger(horizon) || horizon < 1 || trainEnd + horizon > x.dates.length) throw new Error(`invalid horizon: ${horizon} from day ${trainEnd} (inputs cover ${x.dates.length} days)`);
  const fit = fitRegression(y, x, trainEnd, options);
  return Array.from({length: horizon}, (_, h) => fit.predict(trainEnd + h));
}

/**
 * A break day's sales as a share of a normal day's, as the regression fitted on the days before
 * `trainEnd` sees it: the assumed share moved by the break days in those days (their effect on the
 * log of revenue). null when the days hold no break day or a day without sales (no log fit).
 */
export function regressionBreakShare(y: readonly number[], x: RegressionInputs, trainEnd: number, options: RegressionOptions = {}): number | null {
  return fitRegression(y, x, trainEnd, options).breakShare;
}

function fitRegression(y: readonly number[], x: RegressionInputs, trainEnd: number, options: RegressionOptions): {predict: (i: number) => number; breakShare: number | null} {
  const {halfLife, ridge, useBreak, breakShare} = {...REGRESSION_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))} as Required<RegressionOptions>;
  if (!(halfLife > 0)) throw new Error(`invalid halfLife: ${halfLife}`);
  assertSalesShare(breakShare);
  if (!(ridge >= 0)) throw new Error(`invalid ridge: ${ridge}`);
  if (!Number.isInteger(trainEnd) || trainEnd < 7 || trainEnd > y.length) throw new Error(`invalid trainEnd: ${trainEnd} (series has ${y.length} days)`);
  const log = y.slice(0, trainEnd).every((v) => v > 0);
  const share = (i: number) => (useBreak && x.holidayBreak?.[i] ? breakShare : 1);
  const target = (v: number, i: number) => (log ? Math.log(v / share(i)) : v / share(i));
  const design = Array.from({length: trainEnd}, (_, i) => designRow(x, i, useBreak));
  const rows = design.map((d) => d.values);
  const weights = rows.map((_, i) => 0.5 ** ((trainEnd - 1 - i) / halfLife));
  const total = weights.reduce((a, b) => a + b, 0);
  const p = rows[0].length;
  // standardise with weighted moments; constant columns are dropped
  const mean = Array<number>(p).fill(0);
  for (let i = 0; i < trainEnd; i++) for (let j = 0; j < p; j++) mean[j] += (weights[i] * rows[i][j]) / total;
  const variance = Array<number>(p).fill(0);
  for (let i = 0; i < trainEnd; i++) for (let j = 0; j < p; j++) variance[j] += (weights[i] * (rows[i][j] - mean[j]) ** 2) / total;
  const keep = variance.map((v, j) => j).filter((j) => Math.sqrt(variance[j]) > 1e-9);
  const z = (row: readonly number[]) => [1, ...keep.map((j) => (row[j] - mean[j]) / Math.sqrt(variance[j]))];
  const k = keep.length + 1;
  const a = Array.from({length: k}, () => Array<number>(k).fill(0));
  const b = Array<number>(k).fill(0);
  for (let i = 0; i < trainEnd; i++) {
    const r = z(rows[i]);
    const t = target(y[i], i);
    for (let u = 0; u < k; u++) {
      b[u] += weights[i] * r[u] * t;
      for (let v = 0; v <= u; v++) a[u][v] += weights[i] * r[u] * r[v];
    }
  }
  for (let u = 0; u < k; u++) for (let v = 0; v < u; v++) a[v][u] = a[u][v];
  for (let u = 1; u < k; u++) a[u][u] += ridge * total;
  const coef = solveSpd(a, b);
  const column = design[0].names.indexOf("holidayBreak");
  const at = keep.indexOf(column);
  return {
    predict: (i) => {
      const r = z(designRow(x, i, useBreak).values);
      const v = r.reduce((s, c, u) => s + c * coef[u], 0);
      return (log ? Math.exp(v) : Math.max(0, v)) * share(i);
    },
    breakShare: log && column >= 0 && at >= 0 ? breakShare * Math.exp(coef[at + 1] / Math.sqrt(variance[column])) : null
  };
}
