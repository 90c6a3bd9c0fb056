import {dateRange, weekdayOf} from "../calendar.js";
import {TWIN_PERIOD} from "../synth/scale.js";
import type {DailySeries} from "./features.js";
import {mulberry32, normal} from "./random.js";

export interface SyntheticOptions {
  dates?: readonly string[];
  /** days off (holiday flag 1) */
  daysOff?: readonly string[];
  seed?: number;
  /** revenue level on the first day */
  level?: number;
  /** relative trend per day */
  trendPerDay?: number;
  /** multiplicative weekday profile, Sun..Sat */
  weekdayProfile?: readonly number[];
  /** relative revenue change on days off */
  holidayEffect?: number;
  /** relative change per log(1 + mm) of rain */
  rainEffect?: number;
  /** relative change per °C above `hotThreshold` */
  heatEffect?: number;
  hotThreshold?: number;
  /** sd of the log noise and its AR(1) coefficient */
  noise?: number;
  noiseAr?: number;
  /** an extra dip (a Chuseok-like holiday week) on top of the holiday effect */
  dip?: {start: string; end: string; depth: number} | null;
  /** weather to use instead of a generated one */
  weather?: {temperature: readonly number[]; precipitation: readonly number[]};
}

function dayOfYear(date: string): number {
  return (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${date.slice(0, 4)}-01-01T00:00:00Z`)) / 86_400_000 + 1;
}

/** Weekday profile of the report's women's-clothing table (Sun..Sat). */
export const REPORT_WEEKDAY_PROFILE = [1.0727, 1.08882, 0.99089, 1.02074, 0.95626, 0.92538, 0.9452] as const;

/**
 * A daily revenue series with planted effects (weekly pattern, trend, rain, heat, days off, a dip,
 * AR(1) log noise) and the weather that drives it; for benchmarks and tests, never shown as data.
 */
export function syntheticSeries({
  dates = dateRange(TWIN_PERIOD.start, TWIN_PERIOD.end),
  daysOff = [],
  seed = 1,
  level = 150e6,
  trendPerDay = 0.0008,
  weekdayProfile = REPORT_WEEKDAY_PROFILE,
  holidayEffect = -0.2,
  rainEffect = 0.05,
  heatEffect = -0.015,
  hotThreshold = 25,
  noise = 0.04,
  noiseAr = 0.5,
  dip = {start: "2018-09-22", end: "2018-09-26", depth: 0.2},
  weather
}: SyntheticOptions = {}): DailySeries & {precipitation: number[]; temperature: number[]} {
  if (weekdayProfile.length !== 7) throw new Error(`invalid weekdayProfile: ${weekdayProfile.length} values`);
  const n = dates.length;
  if (weather && (weather.temperature.length !== n || weather.precipitation.length !== n)) throw new Error(`weather does not cover ${n} dates`);
  const random = mulberry32(seed);
  const off = new Set(daysOff);
  const temperature: number[] = [];
  const precipitation: number[] = [];
  let tempNoise = 0;
  for (let i = 0; i < n; i++) {
    if (weather) {
      temperature.push(weather.temperature[i]);
      precipitation.push(weather.precipitation[i]);
      continue;
    }
    // Seoul-like annual cycle: about 10 °C in mid-April, 28 °C from mid-July to mid-August
    tempNoise = 0.7 * tempNoise + 1.5 * normal(random);
    const seasonalTemp = 13.5 + 15 * Math.cos((2 * Math.PI * (dayOfYear(dates[i]) - 210)) / 365);
    temperature.push(Math.round((seasonalTemp + tempNoise) * 10) / 10);
    const wet = random() < 0.3;
    precipitation.push(wet ? Math.round(-12 * Math.log(1 - random()) * 10) / 10 : 0);
  }
  const revenue: number[] = [];
  let e = 0;
  for (let i = 0; i < n; i++) {
    e = noiseAr * e + Math.sqrt(1 - noiseAr * noiseAr) * noise * normal(random);
    const d = dates[i];
    let m = (1 + trendPerDay * i) * weekdayProfile[weekdayOf(d)];
    if (off.has(d)) m *= 1 + holidayEffect;
    m *= 1 + rainEffect * Math.log1p(precipitation[i]);
    m *= 1 + heatEffect * Math.max(0, temperature[i] - hotThreshold);
    if (dip && d >= dip.start && d <= dip.end) m *= 1 - dip.depth;
    revenue.push(Math.round(level * m * Math.exp(e)));
  }
  return {dates: dates.slice(), revenue, precipitation, temperature, holiday: dates.map((d) => (off.has(d) ? 1 : 0))};
}
