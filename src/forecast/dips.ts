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
}

export interface DipOptions {
  /** weekday index Sun..Sat (mean 1) */
  weekdayIndex: readonly number[];
  /** deseasonalised revenue level the forecast is compared with */
  level: number;
  /** a day is in a dip when its ratio is below this */
  threshold?: number;
  top?: number;
}

export interface DipResult {
  ratios: {date: string; ratio: number}[];
  windows: DipWindow[];
}

/**
 * Days where the forecast falls furthest below the weekday-adjusted level, forecast / (level ×
 * weekday index), grouped into runs of consecutive days and ranked by shortfall.
 */
export function findDips(dates: readonly string[], forecast: readonly number[], {weekdayIndex, level, threshold = 0.9, top = 3}: DipOptions): DipResult {
  if (dates.length !== forecast.length) throw new Error(`dates and forecast differ in length: ${dates.length} vs ${forecast.length}`);
  if (weekdayIndex.length !== 7) throw new Error(`invalid weekdayIndex: ${weekdayIndex.length} values`);
  if (!(level > 0)) throw new Error(`invalid level: ${level}`);
  if (!(threshold > 0)) throw new Error(`invalid threshold: ${threshold}`);
  const ratios = dates.map((date, i) => ({date, ratio: forecast[i] / (level * weekdayIndex[weekdayOf(date)])}));
  const windows: Omit<DipWindow, "rank">[] = [];
  let run: {date: string; ratio: number}[] = [];
  const close = () => {
    if (!run.length) return;
    const rs = run.map((r) => r.ratio);
    windows.push({start: run[0].date, end: run[run.length - 1].date, days: run.length, minRatio: Math.min(...rs), meanRatio: rs.reduce((a, b) => a + b, 0) / rs.length, shortfall: rs.reduce((a, r) => a + (1 - r), 0)});
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

/** Mean of value / weekday index over the last `days` observations: the level without the weekday pattern. */
export function weekdayAdjustedLevel(dates: readonly string[], values: readonly number[], weekdayIndex: readonly number[], days = 28): number {
  if (values.length < days || dates.length !== values.length) throw new Error(`invalid level window: ${days} days of ${values.length}`);
  let s = 0;
  for (let i = values.length - days; i < values.length; i++) s += values[i] / weekdayIndex[weekdayOf(dates[i])];
  return s / days;
}
