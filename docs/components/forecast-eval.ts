// Page-side readings of the build artifacts: the accuracy targets with the evidence behind a miss,
// interval coverage, in-sample errors and the dip finder. Pure functions (tested in node).
import {weekdayOf} from "../lib/calendar.js";
import {findDips, weekdayAdjustedLevel, type DipResult} from "../lib/forecast/dips.js";
import {weekdayIndex} from "../lib/forecast/decompose.js";
import {quantile, rmse} from "../lib/forecast/metrics.js";
import {forecastOf, metricOf, MODEL_LABELS, thousandKrw, type CategoryArtifact, type ForecastArtifacts, type ForecastSeriesArtifact} from "./forecast-data.js";

/** Issue targets on 1-week RMSE: LSTM ≤ 0.9 × Holt-Winters and ≤ 0.8 × seasonal naive. */
export const TARGETS = [
  {model: "holtWinters", max: 0.9},
  {model: "seasonalNaive", max: 0.8}
] as const;
export const TARGET_HORIZON = "1w";

export interface TargetCheck {
  category: string;
  en: string;
  lstm: number | null;
  results: {model: "holtWinters" | "seasonalNaive"; max: number; baseline: number | null; ratio: number | null; pass: boolean; reason: string | null}[];
}

export function checkTargets(a: ForecastArtifacts, s: ForecastSeriesArtifact): TargetCheck[] {
  return a.categories.map((c) => {
    const lstm = metricOf(c, "lstm", TARGET_HORIZON);
    return {
      category: c.category,
      en: c.en,
      lstm,
      results: TARGETS.map(({model, max}) => {
        const baseline = metricOf(c, model, TARGET_HORIZON);
        const ratio = lstm != null && baseline != null && baseline > 0 ? lstm / baseline : null;
        const pass = ratio != null && ratio <= max;
        return {model, max, baseline, ratio, pass, reason: pass ? null : missReason(c, s, model, max, ratio)};
      })
    };
  });
}

function longestRun(flags: readonly boolean[]): number {
  let best = 0;
  let run = 0;
  for (const f of flags) best = Math.max(best, (run = f ? run + 1 : 0));
  return best;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** The evidence for a missed target, from the backtest's own numbers: where the LSTM's error sits and what happened there. */
export function missReason(c: CategoryArtifact, s: ForecastSeriesArtifact, model: "holtWinters" | "seasonalNaive", max: number, ratio: number | null): string {
  const lstm = forecastOf(c, "lstm", TARGET_HORIZON);
  const base = forecastOf(c, model, TARGET_HORIZON);
  const label = MODEL_LABELS[model];
  if (!lstm || !base || ratio == null) return `no 1-week ${lstm ? label : "LSTM"} forecasts in the backtest`;
  const {actual, dates} = c.backtest;
  const se = actual.map((y, i) => (lstm[i] - y) ** 2);
  const total = se.reduce((x, y) => x + y, 0);
  const top = se.map((e, i) => ({e, i})).sort((p, q) => q.e - p.e || p.i - q.i).slice(0, 3).sort((p, q) => p.i - q.i);
  const share = top.reduce((x, t) => x + t.e, 0) / total;
  const bias = top.reduce((x, t) => x + (lstm[t.i] - actual[t.i]) / actual[t.i], 0) / top.length;
  const cal = new Map(s.calendar.map((d) => [d.date, d]));
  const named = top.map((t) => cal.get(dates[t.i])).filter((d) => d?.dayOff).map((d) => `${d!.date.slice(5)} ${d!.nameEn ?? d!.name}`);
  const parts = [
    `1-week RMSE ${thousandKrw(metricOf(c, "lstm", TARGET_HORIZON))} vs ${label} ${thousandKrw(metricOf(c, model, TARGET_HORIZON))} thousand KRW: ratio ${ratio.toFixed(2)} > ${max}.`,
    `${pct(share)} of the LSTM's squared error falls on ${top.map((t) => dates[t.i].slice(5)).join(", ")}, where it ${bias > 0 ? "over" : "under"}-forecast by ${pct(Math.abs(bias))} on average${named.length ? ` (days off: ${named.join("; ")})` : ""}.`
  ];
  const evalStart = s.dates.indexOf(c.backtest.evalStart);
  const revenue = s.series.find((x) => x.category === c.category)?.revenue;
  if (revenue && evalStart >= 28) {
    const before = revenue.slice(evalStart - 28, evalStart).reduce((x, y) => x + y, 0) / 28;
    const during = actual.reduce((x, y) => x + y, 0) / actual.length;
    const change = during / before - 1;
    if (Math.abs(change) >= 0.1) parts.push(`Revenue in the window is ${pct(Math.abs(change))} ${change > 0 ? "above" : "below"} the 4 weeks before it, a level shift each weekly forecast starts behind.`);
  }
  const offBefore = longestRun(s.calendar.slice(0, Math.max(0, evalStart)).map((d) => d.dayOff));
  const offIn = longestRun(s.calendar.slice(Math.max(0, evalStart)).map((d) => d.dayOff));
  if (named.length && offIn > offBefore) parts.push(`The training days have no run of more than ${offBefore} day${offBefore === 1 ? "" : "s"} off; the window has ${offIn} in a row.`);
  const closer = actual.filter((y, i) => Math.abs(base[i] - y) < Math.abs(lstm[i] - y)).length;
  parts.push(`${label} was closer on ${closer} of ${actual.length} days.`);
  return parts.join(" ");
}

export interface CoverageSummary {
  category: string;
  en: string;
  level: number;
  covered: number;
  n: number;
  rate: number | null;
  bands: {fromStep: number; toStep: number; covered: number; n: number; rate: number | null}[];
  /** width of the calibrated 1-step band and the 10–90% range of the window's own 1-step errors */
  oneStepBandWidth: number | null;
  oneStepErrorRange: number | null;
}

export function coverageSummary(c: CategoryArtifact): CoverageSummary | null {
  const iv = c.backtest.intervals;
  if (!iv) return null;
  const band1 = iv.calibration.find((b) => b.fromStep === 1);
  const one = forecastOf(c, "lstm", "1d");
  const residuals = one ? c.backtest.actual.map((y, i) => y - one[i]) : [];
  return {
    category: c.category,
    en: c.en,
    level: iv.level,
    covered: iv.overall.covered,
    n: iv.overall.n,
    rate: iv.overall.rate,
    bands: iv.coverage.map((b) => ({fromStep: b.fromStep, toStep: b.toStep, covered: b.covered, n: b.n, rate: b.rate})),
    oneStepBandWidth: band1 && band1.lower != null && band1.upper != null ? band1.upper - band1.lower : null,
    oneStepErrorRange: residuals.length ? quantile(residuals, 0.9) - quantile(residuals, 0.1) : null
  };
}

/** The final model's 1-step RMSE on its own training days: the report's kind of (in-sample) figure. */
export function inSampleRmse(c: CategoryArtifact): number | null {
  const h = c.history;
  if (!h) return null;
  const v = rmse(h.actual, h.oneStepInSample);
  return Number.isFinite(v) ? v : null;
}

export type DipSource = "oneStep" | "fullStep" | "future" | "actual";

export const DIP_SOURCES: Record<DipSource, string> = {
  oneStep: "LSTM 1-step forecasts of the held-out window",
  fullStep: "LSTM full-step forecast of the held-out window (from its first day)",
  future: "LSTM forecast of the 14 days after the data",
  actual: "actual revenue of the held-out window (reference)"
};

export interface DipReading extends DipResult {
  source: DipSource;
  /** deseasonalised level the forecast is compared with, and the weekday index used */
  level: number;
  weekdayIndex: number[];
  levelFrom: string;
  levelTo: string;
}

/**
 * Days where a forecast falls furthest below the weekday-adjusted level: forecast / (level × weekday
 * index). Held-out sources compare with the 28 days before the window (index from the days before
 * it); the future compares with the last 28 days of data (index from all days).
 */
export function dipReading(c: CategoryArtifact, s: ForecastSeriesArtifact, source: DipSource, {threshold = 0.9, top = 5}: {threshold?: number; top?: number} = {}): DipReading {
  const revenue = s.series.find((x) => x.category === c.category)?.revenue;
  if (!revenue) throw new Error(`no series for ${JSON.stringify(c.category)}`);
  const held = c.forecast.heldOut;
  const future = c.forecast.future;
  const end = source === "future" ? s.dates.length : s.dates.indexOf(held.origin);
  if (end < 28) throw new Error(`held-out origin ${held.origin} leaves ${end} days for the level`);
  const index = weekdayIndex(s.dates.slice(0, end), revenue.slice(0, end)).indices;
  const level = weekdayAdjustedLevel(s.dates.slice(0, end), revenue.slice(0, end), index, 28);
  let dates: string[];
  let values: (number | null)[];
  if (source === "future") {
    if (!future) throw new Error(`${c.category}: no future forecast in the artifacts`);
    [dates, values] = [future.dates, future.fullStep];
  } else {
    dates = held.dates;
    values = source === "oneStep" ? held.oneStep ?? [] : source === "fullStep" ? held.fullStep : held.actual;
    if (values.length !== dates.length) throw new Error(`${c.category}: no ${source} forecasts of the held-out window`);
  }
  const r = findDips(dates, values.map((v) => v ?? Number.NaN), {weekdayIndex: index, level, threshold, top});
  return {...r, source, level, weekdayIndex: index, levelFrom: s.dates[end - 28], levelTo: s.dates[end - 1]};
}

/** Lowest ratio of a reading (the deepest day even when no run falls below the threshold). */
export function deepestDay(r: DipReading): {date: string; ratio: number; weekday: number} | null {
  const finite = r.ratios.filter((x) => Number.isFinite(x.ratio));
  if (!finite.length) return null;
  const d = finite.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  return {...d, weekday: weekdayOf(d.date)};
}

/** Link to step 1 of the profile page for a dip. */
export function profileLink(category: string, start: string): string {
  return `./profile?category=${encodeURIComponent(category)}&dip=${encodeURIComponent(start)}`;
}
