/**
 * Daily demand per CLAC1: expected product lines
 *   base × monthTrend × weekday[dow] × holidayEffect(date) × exp(tempCoef·z) × (1 + rainCoef·wet)
 * with z the standardised daily mean temperature and wet = measurable precipitation.
 * Multi-day events span whole weeks where they can, so that a centred 7-day moving average
 * absorbs them instead of reading them as weekday effects.
 */
import {addDays, type CalendarDay} from "../calendar.js";
import {REPORT_CATEGORIES} from "../categories.js";
import {CLAC1_SPECS} from "./catalog.js";
import {Rng} from "./prng.js";
import type {WeatherSeries} from "./weather.js";

/** Product lines per day by weekday, Sun..Sat, ordinary weeks (published facts of the real files). */
export const OVERALL_WEEKDAY = [1.02, 1.22, 1.05, 1.04, 0.98, 0.88, 0.82] as const;

/** The weekday index the report publishes for women's clothing revenue (Methods page: demand forecast), Sun..Sat. */
const WOMENS_CLOTHING_WEEKDAY = [1.0727, 1.08882, 0.99089, 1.02074, 0.95626, 0.92538, 0.9452];

/**
 * Mall-wide monthly modulation, tuned so that all categories together (season sports and
 * seasonal appliances peak in summer) give the real line counts per day relative to April:
 * 1, 1.02, 1.02, 0.92, 0.75, 0.77 (September with the Chuseok break; published facts of the real files).
 */
const MALL_TREND = [1, 0.98, 0.99, 0.82, 0.64, 0.86];

/** Mall-wide level of unit prices by month: revenue per line of the real data, relative to April (published facts of the real files); rescaled to average 1 over all lines. */
export const PRICE_TREND = [1, 0.97, 0.99, 0.96, 1.07, 1.18];

interface CategoryTraits {
  /** monthly modulation on top of the mall trend, April..September */
  trend?: number[];
  temp?: number;
  rain?: number;
  /** how strongly the overall weekday shape shows in this category */
  weekdayAmplitude?: number;
  /** extra tilt added before normalising, Sun..Sat */
  weekdayTilt?: number[];
}

const TRAITS: Readonly<Record<string, CategoryTraits>> = {
  "여성의류": {trend: [0.98, 1.02, 1.02, 1.04, 1.04, 1], temp: 0.03, rain: -0.06},
  "화장품/뷰티케어": {trend: [1, 1.01, 1, 1.02, 1.04, 1], temp: 0.05, rain: -0.02, weekdayAmplitude: 0.8},
  "스포츠패션": {trend: [1.02, 1.04, 1, 1, 0.98, 1], temp: 0.04, rain: -0.05, weekdayTilt: [0.06, 0, 0, 0, 0, 0.02, 0.03]},
  "남성의류": {trend: [0.98, 1, 1.02, 1.04, 1.04, 1], temp: 0.02, rain: -0.06, weekdayAmplitude: 0.9},
  "패션잡화": {trend: [1, 1.02, 1, 1, 1, 1], rain: -0.04, weekdayAmplitude: 0.85},
  "속옷/양말/홈웨어": {trend: [1, 1, 1, 1.02, 1.02, 0.98], temp: 0.02, rain: -0.03, weekdayAmplitude: 1.1},
  "유아동의류": {trend: [1, 1.08, 0.95, 1.05, 1.08, 1.1], temp: 0.02, rain: -0.04, weekdayAmplitude: 1.3},
  "시즌스포츠": {trend: [0.35, 0.8, 1.4, 1.9, 1.5, 0.45], temp: 0.35, rain: -0.08, weekdayTilt: [0.08, 0, 0, 0, 0, 0.04, 0.02]},
  "출산/육아용품": {trend: [1, 1.02, 0.98, 1.05, 1.1, 1.02], rain: 0.02, weekdayAmplitude: 1.25},
  "퍼스널케어": {trend: [1, 1, 0.98, 1.04, 1.06, 1], temp: 0.03, rain: 0.02, weekdayAmplitude: 1.05},
  "건강식품": {trend: [1.15, 1.12, 0.9, 0.95, 1.05, 1.15], temp: -0.05, weekdayAmplitude: 1.2},
  "원예/애완": {rain: 0.03},
  "가구": {trend: [0.95, 1, 1, 1.05, 1.1, 1.1]},
  "음료": {temp: 0.15, rain: 0.03},
  "아웃도어/레저": {trend: [1.1, 1.15, 1, 1.05, 1.05, 1.1], temp: -0.05, rain: -0.1},
  "생활/주방가전": {trend: [1.2, 1.05, 0.9, 1.05, 1.1, 1]},
  "구기/필드스포츠": {trend: [1.15, 1.1, 1, 0.95, 1, 1.1], rain: -0.1},
  "헬스/피트니스": {trend: [1.05, 1.05, 1.05, 1.05, 1.05, 1], temp: -0.03},
  "과일": {trend: [0.9, 0.9, 0.95, 1.05, 1.2, 1.4], temp: 0.05, rain: 0.05},
  "계절가전": {trend: [0.25, 0.6, 1.6, 2.9, 2.2, 0.3], temp: 0.6, rain: -0.05},
  "냉장식품": {trend: [0.85, 0.9, 0.95, 1.1, 1.3, 1.25], rain: 0.06},
  "냉동식품": {trend: [0.85, 0.9, 0.95, 1.1, 1.25, 1.25], temp: 0.05, rain: 0.08},
  "상품권": {trend: [1, 1.1, 0.95, 1, 1.05, 1.2], rain: 0.03},
  "축산물": {trend: [1, 1, 0.95, 1.05, 1.15, 1.3], rain: 0.05},
  "완구": {trend: [1.1, 1.2, 0.9, 1.05, 1.1, 1.05], rain: 0.04}
};

export interface DemandEvent {
  name: string;
  start: string;
  end: string;
  /** multiplier per CLAC1 name; categories not listed are unaffected */
  multipliers: Readonly<Record<string, number>>;
}

export interface CategoryDemand {
  clac1: string;
  /** Sun..Sat, mean 1 */
  weekday: number[];
  /** knots on the 15th of April..September; log-space cubic interpolation between, flat outside */
  monthTrend: number[];
  tempCoef: number;
  rainCoef: number;
  /** multiplier on public holidays outside the Chuseok break */
  dayOffMultiplier: number;
  /** holidayEffect by date (only dates where it is not 1) */
  holidayMultipliers: Record<string, number>;
  /** expected lines on a day with every factor at 1 */
  base: number;
}

export interface DemandModel {
  dates: string[];
  categories: CategoryDemand[];
  events: DemandEvent[];
  /** expected lines [category][day] */
  expected: Float64Array[];
  /** expected lines with the day's random deviation, before rounding [category][day] */
  target: Float64Array[];
  /** drawn lines [category][day] */
  lines: Int32Array[];
  /** unit price level per day (PRICE_TREND interpolated like monthTrend, line-weighted mean 1) */
  priceLevel: Float64Array;
  /** standardised temperature per day */
  tempZ: Float64Array;
  wet: Uint8Array;
}

const REPORT = new Set(REPORT_CATEGORIES);
const CHUSEOK_BREAK = "Chuseok shipping break";
const CHUSEOK_PROFILE_START = -8;
const CHUSEOK_PROFILE = [1.05, 1.05, 0.98, 0.6, 0.41, 0.5, 0.44, 0.43, 0.42, 0.5, 0.85, 1.05, 1.05, 1.05, 0.92];
const CHUSEOK_DEPTH: Readonly<Record<string, number>> = {"축산물": 0.7, "과일": 0.75, "상품권": 0.6, "건강식품": 0.8};

function findHoliday(calendar: readonly CalendarDay[], name: string): string | null {
  return calendar.find((d) => d.name?.split(", ").includes(name))?.date ?? null;
}

/** The 2018 demand events, anchored on the calendar's named holidays where there is one. */
export function demandEvents(calendar: readonly CalendarDay[]): DemandEvent[] {
  const year = calendar[0].date.slice(0, 4);
  const events: DemandEvent[] = [];
  const chuseok = findHoliday(calendar, "추석");
  if (chuseok) {
    // Shipping stops before the holiday: 45-55% of normal from Chuseok-5 to Chuseok+1 (published facts of the real files),
    // with a small rush before and a catch-up after. The day levels were tuned so that the dip, cut
    // off by the end of the period, leaves the weekday indices of a centred 7-day decomposition unbiased.
    events.push(...CHUSEOK_PROFILE.map((level, i) => {
      const date = addDays(chuseok, i + CHUSEOK_PROFILE_START);
      const multipliers: Record<string, number> = {};
      for (const c of CLAC1_SPECS) {
        const depth = REPORT.has(c.name) ? 1 : CHUSEOK_DEPTH[c.name] ?? 0.9;
        multipliers[c.name] = Math.round((1 + depth * (level - 1)) * 1e4) / 1e4;
      }
      return {name: CHUSEOK_BREAK, start: date, end: date, multipliers};
    }));
    events.push({
      name: "Chuseok gifts",
      start: addDays(chuseok, -19),
      end: addDays(chuseok, -6),
      multipliers: {"건강식품": 1.3, "축산물": 1.8, "과일": 1.6, "상품권": 1.4, "음료": 1.15}
    });
  }
  const childrensDay = findHoliday(calendar, "어린이날");
  if (childrensDay) {
    events.push({
      name: "Children's Day gifts",
      start: addDays(childrensDay, -7),
      end: addDays(childrensDay, -1),
      multipliers: {"완구": 1.8, "유아동의류": 1.2, "출산/육아용품": 1.1, "유아동가구": 1.2}
    });
  }
  events.push({
    name: "Parents' Day gifts",
    start: `${year}-05-01`,
    end: `${year}-05-07`,
    multipliers: {"건강식품": 1.35, "화장품/뷰티케어": 1.05, "상품권": 1.3, "과일": 1.1}
  });
  events.push({name: "Teachers' Day eve", start: `${year}-05-14`, end: `${year}-05-14`, multipliers: {"상품권": 1.5, "문구/사무용품": 1.2}});
  events.push({name: "Labour Day", start: `${year}-05-01`, end: `${year}-05-01`, multipliers: {"가구": 1.15, "생활/주방가전": 1.15, "모바일": 1.2, "컴퓨터": 1.2}});
  events.push({
    name: "Summer holidays",
    start: `${year}-07-21`,
    end: `${year}-08-03`,
    multipliers: {"시즌스포츠": 1.25, "아웃도어/레저": 1.2}
  });
  return events;
}

/** Cubic (Catmull-Rom) interpolation of log knots, day index → multiplier. */
export function trendCurve(knots: readonly number[], knotDays: readonly number[], day: number): number {
  const logs = knots.map(Math.log);
  const last = knots.length - 1;
  if (day <= knotDays[0]) return knots[0];
  if (day >= knotDays[last]) return knots[last];
  let i = 0;
  while (day > knotDays[i + 1]) i++;
  const t = (day - knotDays[i]) / (knotDays[i + 1] - knotDays[i]);
  const p0 = logs[Math.max(0, i - 1)], p1 = logs[i], p2 = logs[i + 1], p3 = logs[Math.min(last, i + 2)];
  const v = 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t + (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
  return Math.exp(v);
}

function weekdayVector(rng: Rng, name: string): number[] {
  if (name === "여성의류") return WOMENS_CLOTHING_WEEKDAY.map((v) => v / (WOMENS_CLOTHING_WEEKDAY.reduce((a, b) => a + b, 0) / 7));
  const traits = TRAITS[name] ?? {};
  const amplitude = traits.weekdayAmplitude ?? rng.range(0.7, 1.2);
  const base = OVERALL_WEEKDAY.reduce((a, b) => a + b, 0) / 7;
  const raw = OVERALL_WEEKDAY.map((v, k) => 1 + amplitude * (v / base - 1) + (traits.weekdayTilt?.[k] ?? 0) + 0.025 * rng.normal());
  const mean = raw.reduce((a, b) => a + b, 0) / 7;
  return raw.map((v) => Math.round((v / mean) * 1e5) / 1e5);
}

export interface DemandOptions {
  seed: number;
  calendar: readonly CalendarDay[];
  weather: WeatherSeries;
  totalLines: number;
  /** relative sd of the daily line count around its expectation */
  noise?: number;
}

export function buildDemand({seed, calendar, weather, totalLines, noise = 0.015}: DemandOptions): DemandModel {
  const dates = calendar.map((d) => d.date);
  const n = dates.length;
  if (weather.days.length !== n) throw new Error(`weather has ${weather.days.length} days, calendar ${n}`);
  const rng = new Rng(seed, "demand");
  const events = demandEvents(calendar);
  const knotDays = Array.from({length: 6}, (_, m) => dates.indexOf(`${dates[0].slice(0, 4)}-${String(m + 4).padStart(2, "0")}-15`));
  if (knotDays.some((d) => d < 0)) throw new Error("the calendar must cover April..September");
  const tempZ = Float64Array.from(weather.days, (d) => (d.temp - weather.tempMean) / weather.tempSd);
  // Days off inside the Chuseok break are already part of the break.
  const breakDays = new Set<string>();
  for (const e of events) if (e.name === CHUSEOK_BREAK) for (let d = e.start; d <= e.end; d = addDays(d, 1)) breakDays.add(d);

  const categories: CategoryDemand[] = [];
  const expected: Float64Array[] = [];
  const lines: Int32Array[] = [];
  const targets: Float64Array[] = [];
  for (const spec of CLAC1_SPECS) {
    const traits = TRAITS[spec.name] ?? {};
    const weekday = weekdayVector(rng, spec.name);
    const monthTrend = MALL_TREND.map((m, i) => Math.round(m * (traits.trend?.[i] ?? 1) * 1e4) / 1e4);
    const tempCoef = traits.temp ?? 0;
    const rainCoef = traits.rain ?? 0;
    // Single holidays would bias a weekday's mean, so the report categories ignore them.
    const dayOffMultiplier = REPORT.has(spec.name) ? 1 : Math.round(rng.range(0.9, 1.1) * 1000) / 1000;
    const holidayMultipliers: Record<string, number> = {};
    const shape = new Float64Array(n);
    for (let d = 0; d < n; d++) {
      const day = calendar[d];
      let h = 1;
      for (const e of events) if (day.date >= e.start && day.date <= e.end) h *= e.multipliers[spec.name] ?? 1;
      if (day.holiday && !breakDays.has(day.date)) h *= dayOffMultiplier;
      h = Math.round(h * 1e4) / 1e4;
      if (h !== 1) holidayMultipliers[day.date] = h;
      shape[d] = trendCurve(monthTrend, knotDays, d) * weekday[day.weekday] * h *
        Math.exp(tempCoef * tempZ[d]) * (1 + rainCoef * weather.wet[d]);
    }
    const base = (totalLines * spec.share) / shape.reduce((a, b) => a + b, 0);
    const e = shape.map((v) => v * base);
    const target = e.map((v) => v * Math.exp(noise * rng.normal() - (noise * noise) / 2));
    // carried rounding keeps the period total on target even for categories with a few lines a day
    const drawn = new Int32Array(n);
    let carry = rng.next();
    for (let d = 0; d < n; d++) {
      const x = target[d] + carry;
      drawn[d] = Math.floor(x);
      carry = x - drawn[d];
    }
    targets.push(target);
    categories.push({clac1: spec.name, weekday, monthTrend, tempCoef, rainCoef, dayOffMultiplier, holidayMultipliers, base});
    expected.push(e);
    lines.push(drawn);
  }
  // the price level averages 1 over all lines, so the categories' mean prices stay calibrated
  const priceLevel = Float64Array.from(dates, (_, d) => trendCurve(PRICE_TREND, knotDays, d));
  let weighted = 0, total = 0;
  for (let d = 0; d < n; d++) {
    const linesToday = expected.reduce((s, e) => s + e[d], 0);
    weighted += linesToday * priceLevel[d];
    total += linesToday;
  }
  for (let d = 0; d < n; d++) priceLevel[d] /= weighted / total;
  return {dates, categories, events, expected, target: targets, lines, priceLevel, tempZ, wet: weather.wet};
}
