import {weekdayOf} from "../calendar.js";

export interface DipWindow {
  rank: number;
  start: string;
  end: string;
  days: number;
  /** lowest forecast / (level × weekday index) in the window */
  minRatio: number;
  meanRatio: number;
  /** Σ (1 − ratio) over the window: depth × length */
  shortfall: number;
  /** chance that actual revenue falls below the threshold on the window's lowest day, and on average over its days (null without a predictive distribution) */
  probability: number | null;
  meanProbability: number | null;
}

export interface DipOptions {
  /** weekday index Sun..Sat (mean 1) */
  weekdayIndex?: readonly number[];
  /** deseasonalised revenue level the forecast is compared with */
  level?: number;
  /** instead of level × weekday index: each day's own base (a level measured before each forecast's origin) */
  base?: readonly number[];
  /** a day is in a dip when its ratio is below this */
  threshold?: number;
  top?: number;
  /** P(actual < value) on day i of the forecast, from its predictive distribution */
  below?: (i: number, value: number) => number;
}

export interface DipDay {
  date: string;
  ratio: number;
  /** chance that actual revenue falls below threshold × level × weekday index (null without `below`) */
  probability: number | null;
}

export interface DipResult {
  ratios: DipDay[];
  windows: DipWindow[];
}

/**
 * Days where the forecast falls furthest below the weekday-adjusted level, forecast / (level ×
 * weekday index), grouped into runs of consecutive days and ranked by shortfall.
 */
export function findDips(dates: readonly string[], forecast: readonly number[], {weekdayIndex, level, base: bases, threshold = 0.9, top = 3, below}: DipOptions): DipResult {
  if (dates.length !== forecast.length) throw new Error(`dates and forecast differ in length: ${dates.length} vs ${forecast.length}`);
  if (bases) {
    if (bases.length !== dates.length) throw new Error(`base has ${bases.length} values for ${dates.length} dates`);
    bases.forEach((b, i) => {
      if (!(b > 0)) throw new Error(`invalid base on ${dates[i]}: ${b}`);
    });
  } else {
    if (weekdayIndex?.length !== 7) throw new Error(`invalid weekdayIndex: ${weekdayIndex?.length ?? 0} values`);
    if (!(level! > 0)) throw new Error(`invalid level: ${level}`);
  }
  if (!(threshold > 0)) throw new Error(`invalid threshold: ${threshold}`);
  const ratios: DipDay[] = dates.map((date, i) => {
    const base = bases ? bases[i] : level! * weekdayIndex![weekdayOf(date)];
    const p = below ? below(i, threshold * base) : null;
    return {date, ratio: forecast[i] / base, probability: p !== null && Number.isFinite(p) ? p : null};
  });
  const windows: Omit<DipWindow, "rank">[] = [];
  let run: DipDay[] = [];
  const close = () => {
    if (!run.length) return;
    const rs = run.map((r) => r.ratio);
    const lowest = run.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    const ps = run.map((r) => r.probability).filter((p): p is number => p !== null);
    windows.push({
      start: run[0].date, end: run[run.length - 1].date, days: run.length, minRatio: Math.min(...rs), meanRatio: rs.reduce((a, b) => a + b, 0) / rs.length, shortfall: rs.reduce((a, r) => a + (1 - r), 0),
      probability: lowest.probability, meanProbability: ps.length === run.length ? ps.reduce((a, b) => a + b, 0) / ps.length : null
    });
    run = [];
  };
  for (const r of ratios) {
    if (r.ratio < threshold) run.push(r);
    else close();
  }
  close();
  windows.sort((a, b) => b.shortfall - a.shortfall || a.start.localeCompare(b.start));
  return {ratios, windows: windows.slice(0, top).map((w, i) => ({rank: i + 1, ...w}))};
}

/**
 * P(actual < value) read off a forecast's predictive quantiles (probabilities `levels`, ascending), by
 * linear interpolation; clamped to the outermost levels (the grid says no more than that).
 */
export function probabilityBelow(quantiles: readonly number[], levels: readonly number[], value: number): number {
  if (quantiles.length !== levels.length || !quantiles.length) throw new Error(`quantiles and levels differ in length: ${quantiles.length} vs ${levels.length}`);
  if (!quantiles.every(Number.isFinite)) return Number.NaN;
  if (value <= quantiles[0]) return levels[0];
  if (value >= quantiles[quantiles.length - 1]) return levels[levels.length - 1];
  for (let i = 1; i < quantiles.length; i++) {
    if (value <= quantiles[i]) {
      const span = quantiles[i] - quantiles[i - 1];
      return span > 0 ? levels[i - 1] + ((value - quantiles[i - 1]) / span) * (levels[i] - levels[i - 1]) : levels[i];
    }
  }
  return levels[levels.length - 1];
}

/** Mean of value / weekday index over the last `days` observations: the level without the weekday pattern. */
export function weekdayAdjustedLevel(dates: readonly string[], values: readonly number[], weekdayIndex: readonly number[], days = 28): number {
  if (values.length < days || dates.length !== values.length) throw new Error(`invalid level window: ${days} days of ${values.length}`);
  let s = 0;
  for (let i = values.length - days; i < values.length; i++) s += values[i] / weekdayIndex[weekdayOf(dates[i])];
  return s / days;
}
