/**
 * Synthetic Seoul daily weather (KMA ASOS station 108 format) matched to the real 2018 monthly
 * mean temperatures, precipitation totals and rain-day frequency (published facts of the real files).
 */
import {Rng} from "./prng.js";
import {weekdayOf} from "../calendar.js";

/** Real monthly means / totals of station 108, April..September 2018. */
export const SEOUL_2018_MONTHLY = {
  meanTemp: [12.99, 18.17, 23.14, 27.8, 28.76, 21.5],
  precipMm: [130.3, 222.0, 171.5, 185.6, 202.6, 68.5],
  wetDays: [10, 12, 11, 13, 13, 8],
  traceDays: 8
} as const;

export const KMA_HEADER =
  "지점명,지점,일시,평균기온(°C),최저기온(°C),최저기온 시각(hhmi),최고기온(°C),최고기온 시각(hhmi)," +
  "10분 최다 강수량(mm),10분 최다강수량 시각(hhmi),1시간 최다강수량(mm),1시간 최다 강수량 시각(hhmi),일강수량(mm)," +
  "최대 순간 풍속(m/s),최대 순간풍속 시각(hhmi),최대 풍속(m/s),최대 풍속 시각(hhmi),평균 풍속(m/s),평균 상대습도(%)," +
  "가조시간(hr),합계 일조 시간(hr)";

export interface WeatherDay {
  date: string;
  temp: number;
  tMin: number;
  tMinTime: number;
  tMax: number;
  tMaxTime: number;
  /** null = blank (dry day); 0 = trace */
  precip: number | null;
  rain10: number | null;
  rain10Time: number | null;
  rain60: number | null;
  rain60Time: number | null;
  gust: number;
  gustTime: number;
  windMax: number;
  windMaxTime: number;
  windMean: number;
  humidity: number;
  daylight: number;
  sunshine: number;
}

export interface WeatherSeries {
  days: WeatherDay[];
  /** mean and population sd of the daily mean temperature over the period */
  tempMean: number;
  tempSd: number;
  /** 1 where measurable precipitation fell (precip > 0) */
  wet: Uint8Array;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function centredMean(x: ArrayLike<number>, d: number): number {
  let s = 0;
  for (let k = d - 3; k <= d + 3; k++) s += x[k];
  return s / 7;
}

/** Remove the part of x that a centred 7-day moving average would read as a weekday effect. */
function removeWeekdaySignal(x: Float64Array, weekday: Uint8Array): void {
  const sum = new Float64Array(7);
  const count = new Float64Array(7);
  for (let d = 3; d < x.length - 3; d++) {
    sum[weekday[d]] += x[d] - centredMean(x, d);
    count[weekday[d]]++;
  }
  const means = Array.from(sum, (s, k) => s / count[k]);
  const mean = means.reduce((a, b) => a + b, 0) / 7;
  for (let d = 0; d < x.length; d++) x[d] -= means[weekday[d]] - mean;
}

function weekdayImbalance(wet: Uint8Array, weekday: Uint8Array): number {
  const sum = new Float64Array(7);
  for (let d = 3; d < wet.length - 3; d++) sum[weekday[d]] += wet[d] - centredMean(wet, d);
  return sum.reduce((s, v) => s + v * v, 0);
}

function daylightHours(date: string): number {
  const start = Date.UTC(+date.slice(0, 4), 0, 1);
  const n = (Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) - start) / 86_400_000 + 1;
  const decl = (23.44 * Math.PI / 180) * Math.sin((2 * Math.PI * (284 + n)) / 365);
  const lat = 37.57 * Math.PI / 180;
  return (24 / Math.PI) * Math.acos(-Math.tan(lat) * Math.tan(decl)) + 0.15;
}

const hhmi = (rng: Rng, from: number, to: number) => {
  const minutes = Math.floor(rng.range(from * 60, to * 60));
  return Math.floor(minutes / 60) * 100 + (minutes % 60);
};

export function generateWeather(seed: number, dates: readonly string[]): WeatherSeries {
  const n = dates.length;
  const rng = new Rng(seed, "weather");
  const month = Uint8Array.from(dates, (d) => +d.slice(5, 7) - 4);
  for (const m of month) if (m > 5) throw new Error(`weather covers April..September only, got month index ${m}`);
  const weekday = Uint8Array.from(dates, weekdayOf);
  const {meanTemp, precipMm, wetDays, traceDays} = SEOUL_2018_MONTHLY;

  // Climatology: a smooth curve through the monthly means (knots on the 15th), then AR(1) weather noise.
  const knotDay = Array.from({length: 6}, (_, m) => dates.findIndex((d) => +d.slice(5, 7) === m + 4) + 14);
  const interp = (d: number) => {
    if (d <= knotDay[0]) return meanTemp[0] + (meanTemp[1] - meanTemp[0]) * (d - knotDay[0]) / (knotDay[1] - knotDay[0]);
    if (d >= knotDay[5]) return meanTemp[5] + (meanTemp[5] - meanTemp[4]) * (d - knotDay[5]) / (knotDay[5] - knotDay[4]);
    let i = 0;
    while (d > knotDay[i + 1]) i++;
    const t = (d - knotDay[i]) / (knotDay[i + 1] - knotDay[i]);
    const p0 = meanTemp[Math.max(0, i - 1)], p1 = meanTemp[i], p2 = meanTemp[i + 1], p3 = meanTemp[Math.min(5, i + 2)];
    return 0.5 * (2 * p1 + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t + (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
  };
  const temp = new Float64Array(n);
  let anomaly = 0;
  for (let d = 0; d < n; d++) {
    anomaly = 0.72 * anomaly + 1.6 * rng.normal();
    temp[d] = interp(d) + anomaly;
  }
  // Keep the weather from leaking into the weekday effects the twin plants, and keep the monthly means exact.
  for (let iter = 0; iter < 6; iter++) {
    removeWeekdaySignal(temp, weekday);
    for (let m = 0; m < 6; m++) {
      let s = 0, c = 0;
      for (let d = 0; d < n; d++) if (month[d] === m) { s += temp[d]; c++; }
      for (let d = 0; d < n; d++) if (month[d] === m) temp[d] += meanTemp[m] - s / c;
    }
  }

  // Rain days: a persistent two-state chain per month, trimmed to the target count, then balanced over weekdays.
  const wet = new Uint8Array(n);
  for (let m = 0; m < 6; m++) {
    const idx = dates.flatMap((_, d) => (month[d] === m ? [d] : []));
    let prev = 0;
    for (const d of idx) {
      prev = rng.chance(prev ? 0.6 : 0.28) ? 1 : 0;
      wet[d] = prev;
    }
    let count = idx.reduce((s, d) => s + wet[d], 0);
    while (count !== wetDays[m]) {
      const d = idx[rng.int(idx.length)];
      if (count < wetDays[m] && !wet[d]) { wet[d] = 1; count++; }
      else if (count > wetDays[m] && wet[d]) { wet[d] = 0; count--; }
    }
  }
  let imbalance = weekdayImbalance(wet, weekday);
  for (let iter = 0; iter < 4000 && imbalance > 1e-9; iter++) {
    const d = 1 + rng.int(n - 2);
    const e = d + (rng.chance(0.5) ? 1 : -1);
    if (!wet[d] || wet[e] || month[d] !== month[e]) continue;
    wet[d] = 0; wet[e] = 1;
    const next = weekdayImbalance(wet, weekday);
    if (next < imbalance) imbalance = next;
    else { wet[d] = 1; wet[e] = 0; }
  }

  const precip: Array<number | null> = new Array(n).fill(null);
  for (let m = 0; m < 6; m++) {
    const idx = dates.flatMap((_, d) => (month[d] === m && wet[d] ? [d] : []));
    const raw = idx.map(() => rng.gamma(0.7) + 0.02);
    const total = raw.reduce((a, b) => a + b, 0);
    let assigned = 0;
    idx.forEach((d, i) => {
      const v = (raw[i] / total) * precipMm[m];
      const r = v < 1 ? Math.max(0.1, round1(v)) : Math.round(v * 2) / 2;
      precip[d] = r;
      assigned += r;
    });
    const biggest = idx.reduce((a, d) => ((precip[d] ?? 0) > (precip[a] ?? 0) ? d : a), idx[0]);
    precip[biggest] = round1((precip[biggest] ?? 0) + precipMm[m] - assigned);
  }
  const dry = dates.flatMap((_, d) => (wet[d] ? [] : [d]));
  for (let t = 0; t < traceDays; t++) {
    const k = rng.int(dry.length);
    precip[dry[k]] = 0;
    dry.splice(k, 1);
  }

  const days: WeatherDay[] = dates.map((date, d) => {
    const p = precip[d];
    const rainy = p !== null && p > 0;
    const t = round1(temp[d]);
    const spread = rainy ? rng.range(1.5, 4) : rng.range(3, 6.5);
    const daylight = round1(daylightHours(date));
    const rain10 = p === null ? null : p === 0 ? 0 : round1(Math.max(0.1, Math.min(p, p * rng.range(0.08, 0.3))));
    const rain60 = p === null ? null : p === 0 ? 0 : round1(Math.max(rain10 ?? 0, Math.min(p, p * rng.range(0.2, 0.6))));
    const gust = round1(rng.range(5, rainy ? 16 : 12));
    return {
      date,
      temp: t,
      tMin: round1(t - spread * rng.range(0.7, 1.1)),
      tMinTime: rng.chance(0.85) ? hhmi(rng, 4, 7) : hhmi(rng, 20, 24),
      tMax: round1(t + spread * rng.range(0.9, 1.3)),
      tMaxTime: hhmi(rng, 12.5, 16.5),
      precip: p,
      rain10,
      rain10Time: rain10 !== null && rain10 >= 0.5 ? hhmi(rng, 0, 24) : null,
      rain60,
      rain60Time: rain60 !== null && rain60 >= 0.5 ? hhmi(rng, 0, 24) : null,
      gust,
      gustTime: hhmi(rng, 9, 20),
      windMax: round1(gust * rng.range(0.45, 0.6)),
      windMaxTime: hhmi(rng, 9, 20),
      windMean: round1(rng.range(1, 3.8)),
      humidity: round1(rainy ? rng.range(70, 95) : rng.range(38, 78)),
      daylight,
      sunshine: round1(rainy ? rng.range(0, daylight * 0.3) : rng.range(daylight * 0.25, daylight * 0.85))
    };
  });
  const temps = days.map((d) => d.temp);
  const tempMean = temps.reduce((a, b) => a + b, 0) / n;
  const tempSd = Math.sqrt(temps.reduce((s, x) => s + (x - tempMean) ** 2, 0) / n);
  return {days, tempMean, tempSd, wet: Uint8Array.from(days, (d) => (d.precip !== null && d.precip > 0 ? 1 : 0))};
}

const num = (x: number | null) => (x === null ? "" : String(x));

/** One data row exactly as the KMA export writes it (blank cells where the service leaves them blank). */
export function formatWeatherRow(day: WeatherDay): string {
  return [
    "서울", "108", day.date, num(day.temp), num(day.tMin), num(day.tMinTime), num(day.tMax), num(day.tMaxTime),
    num(day.rain10), num(day.rain10Time), num(day.rain60), num(day.rain60Time), num(day.precip),
    num(day.gust), num(day.gustTime), num(day.windMax), num(day.windMaxTime), num(day.windMean), num(day.humidity),
    num(day.daylight), num(day.sunshine)
  ].join(",");
}
