import {quantile} from "./metrics.js";

/** A forecast error at a horizon step: actual − forecast. */
export interface StepResidual {
  /** 1-based horizon step */
  step: number;
  residual: number;
}

export interface ResidualBand {
  /** steps fromStep..toStep share these quantiles */
  fromStep: number;
  toStep: number;
  level: number;
  lower: number;
  upper: number;
  n: number;
}

export interface IntervalOptions {
  /** upper step of each horizon band; residuals are pooled within a band because each step alone has too few */
  bands?: readonly number[];
  /** central coverage, e.g. 0.8 for the 10%–90% residual quantiles */
  level?: number;
}

export const DEFAULT_BANDS = [1, 7, 14, 28] as const;

/** Empirical residual quantiles per horizon band (R type 7). */
export function residualBands(residuals: readonly StepResidual[], {bands = DEFAULT_BANDS, level = 0.8}: IntervalOptions = {}): ResidualBand[] {
  if (!(level > 0 && level < 1)) throw new Error(`invalid level: ${level}`);
  bands.forEach((b, i) => {
    if (!Number.isInteger(b) || b < 1 || (i > 0 && b <= bands[i - 1])) throw new Error(`invalid bands: ${JSON.stringify(bands)}`);
  });
  return bands.map((toStep, i) => {
    const fromStep = i ? bands[i - 1] + 1 : 1;
    const r = residuals.filter((x) => x.step >= fromStep && x.step <= toStep && Number.isFinite(x.residual)).map((x) => x.residual);
    return {fromStep, toStep, level, lower: quantile(r, (1 - level) / 2), upper: quantile(r, (1 + level) / 2), n: r.length};
  });
}

export function bandFor(bands: readonly ResidualBand[], step: number): ResidualBand | undefined {
  return bands.find((b) => step >= b.fromStep && step <= b.toStep);
}

/** Interval around a forecast path, step k (1-based) using its band; NaN beyond the last band or without residuals. */
export function intervalAround(forecast: readonly number[], bands: readonly ResidualBand[]): {lower: number[]; upper: number[]} {
  const lower: number[] = [];
  const upper: number[] = [];
  forecast.forEach((f, i) => {
    const b = bandFor(bands, i + 1);
    lower.push(b && b.n ? f + b.lower : NaN);
    upper.push(b && b.n ? f + b.upper : NaN);
  });
  return {lower, upper};
}

export interface Coverage {
  covered: number;
  n: number;
  /** covered / n, NaN when n = 0 */
  rate: number;
}

/** Share of actuals inside [lower, upper]; pairs with a non-finite value are skipped. */
export function coverage(actual: readonly number[], lower: readonly number[], upper: readonly number[]): Coverage {
  if (actual.length !== lower.length || actual.length !== upper.length) throw new Error(`lengths differ: ${actual.length}, ${lower.length}, ${upper.length}`);
  let covered = 0;
  let n = 0;
  actual.forEach((a, i) => {
    if (![a, lower[i], upper[i]].every(Number.isFinite)) return;
    n++;
    if (a >= lower[i] && a <= upper[i]) covered++;
  });
  return {covered, n, rate: n ? covered / n : NaN};
}
