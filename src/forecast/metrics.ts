export interface ErrorMetrics {
  rmse: number;
  mae: number;
  /** mean absolute percentage error, in percent; actuals of 0 are skipped */
  mape: number;
  n: number;
}

function pairs(actual: readonly number[], predicted: readonly number[]): [number, number][] {
  if (actual.length !== predicted.length) throw new Error(`actual and predicted differ in length: ${actual.length} vs ${predicted.length}`);
  const out: [number, number][] = [];
  for (let i = 0; i < actual.length; i++) {
    if (Number.isFinite(actual[i]) && Number.isFinite(predicted[i])) out.push([actual[i], predicted[i]]);
  }
  return out;
}

export function rmse(actual: readonly number[], predicted: readonly number[]): number {
  const p = pairs(actual, predicted);
  return p.length ? Math.sqrt(p.reduce((s, [a, f]) => s + (a - f) ** 2, 0) / p.length) : NaN;
}

export function mae(actual: readonly number[], predicted: readonly number[]): number {
  const p = pairs(actual, predicted);
  return p.length ? p.reduce((s, [a, f]) => s + Math.abs(a - f), 0) / p.length : NaN;
}

export function mape(actual: readonly number[], predicted: readonly number[]): number {
  const p = pairs(actual, predicted).filter(([a]) => a !== 0);
  return p.length ? (100 * p.reduce((s, [a, f]) => s + Math.abs((a - f) / a), 0)) / p.length : NaN;
}

/** RMSE, MAE and MAPE over the pairs where both values are finite. */
export function errorMetrics(actual: readonly number[], predicted: readonly number[]): ErrorMetrics {
  return {rmse: rmse(actual, predicted), mae: mae(actual, predicted), mape: mape(actual, predicted), n: pairs(actual, predicted).length};
}

/** Sample quantile, R's type 7 (linear interpolation between order statistics). */
export function quantile(values: readonly number[], p: number): number {
  if (!(p >= 0 && p <= 1)) throw new Error(`invalid quantile: ${p}`);
  const s = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const h = (s.length - 1) * p;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * ((s[Math.min(lo + 1, s.length - 1)]) - s[lo]);
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}
