import {withoutUndefined} from "./options.js";

export interface LevelCorrectionOptions {
  /** the days before an origin whose one-step errors set its shift (0: no correction) */
  days?: number;
  /** the least number of those days that must count; fewer, and the path is left as it is */
  minDays?: number;
  /** per day: true for a day whose error says nothing about the level (a shipping break, a day without records) */
  skip?: readonly (boolean | number | undefined)[];
  /** lowest value a corrected forecast may take */
  floor?: number;
}

export const LEVEL_CORRECTION_DEFAULTS = {days: 7, minDays: 4, floor: -Infinity};

/**
 * Intercept correction (Clements & Hendry's forecasting under structural breaks): every path from
 * origin d is shifted by the mean one-step error, actual minus forecast, of the same model over the
 * `days` days before d. A model that has fallen behind a turning level (a season's sales halving while
 * the network forecasts the level it learnt) is moved to where the last week says the level is; a model
 * that tracks the level has errors that average near zero and hardly moves. Only the forecasts made
 * from days before d and revenue before d enter, so nothing a forecast is scored on is read.
 *
 * `paths[k]` is the forecast path from origin start + k (its first value the one-step forecast of day
 * start + k); `y` the actual revenue, whose length bounds the days that can count. Returns new paths.
 */
export function levelCorrected(y: readonly number[], paths: readonly (readonly number[])[], start: number, options: LevelCorrectionOptions = {}): number[][] {
  const {days, minDays, floor} = {...LEVEL_CORRECTION_DEFAULTS, ...withoutUndefined(options)};
  const skip = options.skip;
  if (!Number.isInteger(days) || days < 0) throw new Error(`invalid correction days ${JSON.stringify(days)} (a whole number ≥ 0; 0 for none)`);
  if (!Number.isInteger(minDays) || minDays < 1 || (days > 0 && minDays > days)) throw new Error(`invalid correction minDays ${JSON.stringify(minDays)} (a whole number from 1 to days, ${days})`);
  if (!Number.isInteger(start) || start < 0) throw new Error(`invalid start ${JSON.stringify(start)}`);
  if (days === 0) return paths.map((p) => [...p]);
  return paths.map((path, k) => {
    const d = start + k;
    let sum = 0;
    let n = 0;
    for (let t = Math.max(start, d - days); t < d; t++) {
      if (t >= y.length || skip?.[t]) continue;
      const f = paths[t - start]?.[0];
      if (f === undefined || !Number.isFinite(f) || !Number.isFinite(y[t])) continue;
      sum += y[t] - f;
      n++;
    }
    if (n < minDays) return [...path];
    const shift = sum / n;
    return path.map((v) => Math.max(floor, v + shift));
  });
}
