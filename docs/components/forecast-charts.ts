import * as Plot from "@observablehq/plot";
import {dayStretches} from "../lib/calendar.js";
import type {EpochCurve} from "../lib/forecast/search.js";
import type {HolidayBreak} from "../lib/forecast/breaks.js";
import {HORIZON_LABELS, MODEL_LABELS, type CategoryArtifact, type ForecastSeriesArtifact, type HeldOut} from "./forecast-data.js";
import {drawnPart, type DipReading} from "./forecast-eval.js";
import type {RetrainResult} from "./forecast-retrain.js";

// Fixed colours (not CSS variables: Plot writes them into SVG attributes and the legend); each reads on light and dark.
const COLORS = {
  actual: "#8a8a8a",
  forecast: "#4269d0",
  band: "#6b8fe0",
  future: "#a463f2",
  futureBand: "#b98af5",
  rerunOne: "#ff725c",
  rerunWeek: "#efb118",
  holiday: "#ff8ab7",
  break: "#ff8ab7"
};

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const nextDay = (d: string) => new Date(day(d).getTime() + 86_400_000);
/** Millions of KRW to three significant digits below 100 M: a small category's ticks (0.5, 1, 1.5 M) must not all read "1". */
const millions = (v: number) => {
  const m = v / 1e6;
  return Math.abs(m) >= 100 ? m.toLocaleString("en-US", {maximumFractionDigits: 0}) : m.toLocaleString("en-US", {maximumSignificantDigits: 3});
};

/** The frame every revenue chart shares: dates across, million KRW up. */
const REVENUE_AXES = {
  marginLeft: 48,
  x: {type: "utc", label: null, ticks: 5},
  y: {label: "revenue per day (M KRW)", grid: true, tickFormat: millions}
} as const;

export interface Holiday {
  date: string;
  name: string;
}

/** Days off of the data period and of the forecast days beyond it. */
export function holidaysOf(s: ForecastSeriesArtifact, future: {date: string; name: string | null}[] = []): Holiday[] {
  if (!s.inputs.holidays) return [];
  return [
    ...s.calendar.filter((d) => d.dayOff).map((d) => ({date: d.date, name: [d.name, d.nameEn].filter(Boolean).join(" · ")})),
    ...future.map((d) => ({date: d.date, name: d.name ?? "holiday"}))
  ];
}

/** `run`: the stretch of the series a point belongs to; a line is not drawn across from one run to the next */
export type Line = {date: Date; value: number; series: string; run: string};

/**
 * One point per date with a value; a skipped date breaks the line. A date without a value is bridged, or
 * with `bridge: false` breaks the line as a skipped date does.
 */
export function lines(dates: readonly string[], values: readonly (number | null | undefined)[], series: string, {bridge = true}: {bridge?: boolean} = {}): Line[] {
  const kept = dates.flatMap((_, i) => (typeof values[i] === "number" && Number.isFinite(values[i]) ? [i] : []));
  const stretch = bridge ? dayStretches(dates) : dayStretches(kept.map((i) => dates[i]));
  return kept.map((i, k) => ({date: day(dates[i]), value: values[i]!, series, run: `${series}#${stretch[bridge ? i : k]}`}));
}

/** The held-out band the chart draws for a horizon: the same arrays the coverage is counted on. */
export function drawnBand(h: HeldOut, window?: string | null): {date: string; actual: number; forecast: number; lower: number | null; upper: number | null}[] {
  return drawnPart(h, window).index.map((i) => ({date: h.targets[i], actual: h.actual[i], forecast: h.predicted[h.model]?.[i] ?? Number.NaN, lower: h.lower[i], upper: h.upper[i]}));
}

export interface ForecastChartOptions {
  width?: number;
  height?: number;
  /** first day shown (default: 4 weeks before the held-out weeks) */
  from?: string;
  /** the 1-month window (its origin) to draw */
  window?: string | null;
  holidays?: Holiday[];
  breaks?: HolidayBreak[];
  rerun?: RetrainResult | null;
}

/** History, one horizon's held-out forecasts with the band that was evaluated, the forecast beyond the data, holidays and breaks. */
export function ForecastChart({c, s, horizon}: {c: CategoryArtifact; s: ForecastSeriesArtifact; horizon: string}, {width = 800, height = 340, from, window = null, holidays = [], breaks = [], rerun = null}: ForecastChartOptions = {}) {
  // a day without any session has no actual: left out, it breaks the line
  const missing = new Set(s.missing);
  const revenue = s.series.find((x) => x.category === c.category)?.revenue ?? [];
  const recorded = s.dates.flatMap((d, i) => (missing.has(d) || i >= revenue.length ? [] : [i]));
  const h = c.evaluation?.heldOut.find((x) => x.horizon === horizon) ?? null;
  const band = h ? drawnBand(h, window) : [];
  const start = from ?? (c.evaluation ? s.dates[Math.max(0, s.dates.indexOf(c.evaluation.evalStart) - 28)] : s.dates[0]);
  const f = c.forecast;
  const names = {
    actual: "actual",
    forecast: h ? `${MODEL_LABELS[h.model]}, ${HORIZON_LABELS[horizon]} ahead (held out)` : "",
    band: "80% range (evaluated)",
    future: f ? `${MODEL_LABELS[f.model]}, after the data` : "",
    futureBand: "80% range, after the data",
    rerunOne: "your re-run, 1 day ahead",
    rerunWeek: "your re-run, 1 week ahead"
  };
  const data: Line[] = [
    ...lines(recorded.map((i) => s.dates[i]), recorded.map((i) => revenue[i]), names.actual),
    ...lines(band.map((b) => b.date), band.map((b) => b.forecast), names.forecast),
    ...(f ? lines(f.dates, f.predicted, names.future) : []),
    ...(rerun ? [...lines(rerun.dates, rerun.oneStep, names.rerunOne), ...lines(rerun.dates, rerun.week, names.rerunWeek)] : [])
  ].filter((d) => d.date >= day(start));
  // a day without a record has no forecast scored, so no band: the band breaks there as the line does
  const bandRuns = dayStretches(band.map((b) => b.date));
  const heldBand = band.flatMap((b, i) => (b.lower != null && b.upper != null ? [{date: day(b.date), lower: b.lower, upper: b.upper, run: bandRuns[i]}] : []));
  const futureBand = f ? f.dates.flatMap((d, i) => (f.lower[i] == null || f.upper[i] == null ? [] : [{date: day(d), lower: f.lower[i]!, upper: f.upper[i]!}])) : [];
  const shown = holidays.filter((x) => x.date >= start);
  const last = f?.dates[f.dates.length - 1] ?? s.dates[s.dates.length - 1];
  const breakRects = breaks.filter((b) => b.after.end >= start && b.before.start <= last).map((b) => ({x1: day(b.before.start < start ? start : b.before.start), x2: nextDay(b.end), name: `${b.nameEn}: parcels stop ${b.before.start}, holiday ${b.start} – ${b.end}`}));
  const dashed = new Set([names.rerunOne, names.rerunWeek]);
  const used = Object.entries(names).filter(([k, v]) => v && (k === "band" ? heldBand.length > 0 : k === "futureBand" ? futureBand.length > 0 : data.some((d) => d.series === v)));
  return Plot.plot({
    width,
    height,
    ...REVENUE_AXES,
    color: {domain: used.map(([, v]) => v), range: used.map(([k]) => COLORS[k as keyof typeof COLORS]), legend: true},
    marks: [
      Plot.rectX(breakRects, {x1: "x1", x2: "x2", fill: COLORS.break, fillOpacity: 0.12, title: "name", className: "forecast-break-days"}),
      Plot.ruleX(shown, {x: (d: Holiday) => day(d.date), stroke: COLORS.holiday, strokeOpacity: 0.6, strokeDasharray: "2,2"}),
      Plot.areaY(heldBand, {x: "date", y1: "lower", y2: "upper", z: "run", fill: () => names.band, fillOpacity: 0.3, className: "forecast-held-band"}),
      Plot.areaY(futureBand, {x: "date", y1: "lower", y2: "upper", fill: () => names.futureBand, fillOpacity: 0.3, className: "forecast-future-band"}),
      ...(h ? [Plot.ruleX([day(c.evaluation!.evalStart)], {stroke: "currentColor", strokeOpacity: 0.4})] : []),
      Plot.lineY(data.filter((d) => !dashed.has(d.series)), {x: "date", y: "value", stroke: "series", z: "run", strokeWidth: 1.6}),
      Plot.lineY(data.filter((d) => dashed.has(d.series)), {x: "date", y: "value", stroke: "series", z: "run", strokeWidth: 1.6, strokeDasharray: "4,2"}),
      Plot.dot(shown, {x: (d: Holiday) => day(d.date), frameAnchor: "bottom", fill: COLORS.holiday, r: 3, title: (d: Holiday) => `${d.date}: ${d.name}`, tip: true}),
      Plot.tip(data, Plot.pointerX({x: "date", y: "value", title: (d: Line) => `${d.series}\n${d.date.toISOString().slice(0, 10)}: ${millions(d.value)} M KRW`}))
    ]
  });
}

/** Observed, trend (centred 7-day average), weekday factor and residual, stacked. */
export function DecompositionChart(c: CategoryArtifact, {width = 800}: {width?: number} = {}) {
  const d = c.decomposition!;
  const mult = d.model === "multiplicative";
  const panels: {name: string; values: (number | null)[]; rule: number | null; format?: (v: number) => string}[] = [
    {name: "observed (M KRW)", values: d.observed, rule: null, format: millions},
    {name: "trend: 7-day CMA (M KRW)", values: d.trend, rule: null, format: millions},
    {name: mult ? "weekday factor (×)" : "weekday effect (M KRW)", values: d.seasonal, rule: mult ? 1 : 0, format: mult ? undefined : millions},
    {name: mult ? "residual (×)" : "residual (M KRW)", values: d.residual, rule: mult ? 1 : 0, format: mult ? undefined : millions}
  ];
  const wrap = document.createElement("div");
  wrap.className = "forecast-decomposition";
  const domain = [day(d.dates[0]), day(d.dates[d.dates.length - 1])];
  for (const p of panels) {
    const rows = d.dates.flatMap((date, i) => (p.values[i] == null ? [] : [{date: day(date), v: p.values[i]!}]));
    wrap.append(
      Plot.plot({
        width,
        height: 120,
        marginLeft: 48,
        x: {type: "utc", label: null, domain, ticks: 5},
        y: {label: p.name, grid: true, tickFormat: p.format, ticks: 4},
        marks: [
          ...(p.rule != null ? [Plot.ruleY([p.rule], {stroke: "currentColor", strokeOpacity: 0.3})] : []),
          Plot.lineY(rows, {x: "date", y: "v", stroke: COLORS.forecast}),
          Plot.tip(rows, Plot.pointerX({x: "date", y: "v"}))
        ]
      })
    );
  }
  return wrap;
}

/** Train and validation loss per epoch, with the epoch where the smoothed validation loss is lowest. */
export function EpochCurveChart(curve: EpochCurve, {width = 640, height = 240}: {width?: number; height?: number} = {}) {
  const rows = [
    ...curve.loss.map((v, i) => ({epoch: i + 1, loss: v, series: "train"})),
    ...curve.valLoss.map((v, i) => ({epoch: i + 1, loss: v, series: "validation"}))
  ];
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: {label: "epoch"},
    y: {label: "loss: MSE of scaled revenue (log)", type: "log", grid: true, tickFormat: (v: number) => `${+(v * 100).toPrecision(2)}%`},
    color: {domain: ["train", "validation"], range: [COLORS.forecast, COLORS.rerunOne], legend: true},
    marks: [
      Plot.ruleX([curve.chosenEpoch], {stroke: "currentColor", strokeDasharray: "3,3"}),
      // the note reads away from the nearer edge, so it stays inside the chart on any width
      Plot.text([curve.chosenEpoch], {x: (e: number) => e, text: (e: number) => `lowest smoothed validation loss: epoch ${e}`, frameAnchor: "top", dy: 4, fontSize: 10,
        ...(curve.chosenEpoch > curve.loss.length / 2 ? {textAnchor: "end", dx: -4} : {textAnchor: "start", dx: 4}), lineWidth: Math.max(6, width / 24)}),
      Plot.lineY(rows, {x: "epoch", y: "loss", stroke: "series"}),
      Plot.tip(rows, Plot.pointerX({x: "epoch", y: "loss", stroke: "series"}))
    ]
  });
}

/** Share of each evaluated week's forecasts inside the drawn range, per horizon, against the nominal level. */
export function CoverageByWeekChart(c: CategoryArtifact, {width = 640, height = 200, level = 0.8}: {width?: number; height?: number; level?: number} = {}) {
  const rows = (c.evaluation?.heldOut ?? []).flatMap((h) => {
    const weeks = [...new Set(h.windows)];
    return weeks.map((w) => {
      const idx = h.windows.map((x, i) => (x === w ? i : -1)).filter((i) => i >= 0 && h.lower[i] != null && h.upper[i] != null);
      const inside = idx.filter((i) => h.actual[i] >= h.lower[i]! && h.actual[i] <= h.upper[i]!).length;
      return {week: day(w), share: idx.length ? inside / idx.length : Number.NaN, horizon: HORIZON_LABELS[h.horizon], n: idx.length};
    });
  }).filter((r) => Number.isFinite(r.share));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    // the axis label gets a line of its own below the two-line (month, year) ticks, which it overlapped on a phone
    marginBottom: 50,
    x: {type: "utc", label: "week the forecasts were made", labelOffset: 46, ticks: 5},
    y: {label: "inside the range", domain: [0, 1], tickFormat: "%", grid: true},
    color: {legend: true},
    marks: [
      Plot.ruleY([level], {stroke: "currentColor", strokeDasharray: "4,3"}),
      Plot.lineY(rows, {x: "week", y: "share", stroke: "horizon", marker: "dot"}),
      Plot.tip(rows, Plot.pointer({x: "week", y: "share", title: (r) => `${r.horizon}, week of ${r.week.toISOString().slice(0, 10)}: ${Math.round(r.share * 100)}% of ${r.n}`}))
    ]
  });
}

/** Forecast ÷ its base per day, the threshold and the dips found; days with the chance they fall below. */
export function DipChart(r: DipReading, {width = 800, height = 200, threshold = 0.9, holidays = []}: {width?: number; height?: number; threshold?: number; holidays?: Holiday[]} = {}) {
  const rows = r.ratios.filter((x) => Number.isFinite(x.ratio)).map((x) => ({date: day(x.date), ratio: x.ratio, below: x.ratio < threshold, p: x.probability}));
  const dates = new Set(r.ratios.map((x) => x.date));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: {type: "utc", label: null, ticks: 5},
    y: {label: "forecast ÷ usual level", grid: true, domain: [Math.min(0.4, ...rows.map((d) => d.ratio)), Math.max(1.4, ...rows.map((d) => d.ratio))]},
    marks: [
      Plot.ruleX(holidays.filter((h) => dates.has(h.date)), {x: (d: Holiday) => day(d.date), stroke: COLORS.holiday, strokeDasharray: "2,2"}),
      Plot.ruleY([1], {stroke: "currentColor", strokeOpacity: 0.3}),
      Plot.ruleY([threshold], {stroke: COLORS.rerunOne, strokeDasharray: "4,3"}),
      Plot.rectY(rows, {x1: (d) => d.date, x2: (d) => new Date(+d.date + 86_400_000), y1: 1, y2: "ratio", fill: (d) => (d.below ? COLORS.rerunOne : COLORS.forecast), fillOpacity: 0.6, inset: 1}),
      Plot.tip(rows, Plot.pointerX({x: "date", y: "ratio", title: (d) => `${d.date.toISOString().slice(0, 10)}: ${d.ratio.toFixed(2)}${d.p == null ? "" : `, chance below ${threshold.toFixed(2)}: ${Math.round(d.p * 100)}%`}`}))
    ]
  });
}

/** The held-out weeks: actual, the re-run's 1-day and 1-week forecasts and, when the build ran the LSTM, its 1-day forecasts. */
export function RerunChart({r, c}: {r: RetrainResult; c: CategoryArtifact | null}, {width = 800, height = 280, holidays = []}: {width?: number; height?: number; holidays?: Holiday[]} = {}) {
  const built = c?.evaluation?.heldOut.find((h) => h.horizon === "1d");
  const names = {actual: "actual", rerunOne: "re-run, 1 day ahead", rerunWeek: "re-run, 1 week ahead", build: "build's LSTM, 1 day ahead"};
  const data: Line[] = [
    ...lines(r.dates, r.actual, names.actual),
    ...lines(r.dates, r.oneStep, names.rerunOne),
    ...lines(r.dates, r.week, names.rerunWeek),
    ...(built?.predicted.lstm ? lines(built.targets, built.predicted.lstm, names.build) : [])
  ];
  const colors: Record<string, string> = {actual: COLORS.actual, rerunOne: COLORS.rerunOne, rerunWeek: COLORS.rerunWeek, build: COLORS.forecast};
  const used = Object.entries(names).filter(([, v]) => data.some((d) => d.series === v));
  const shown = holidays.filter((h) => h.date >= r.dates[0]);
  return Plot.plot({
    width,
    height,
    ...REVENUE_AXES,
    color: {domain: used.map(([, v]) => v), range: used.map(([k]) => colors[k]), legend: true},
    marks: [
      Plot.ruleX(shown, {x: (d: Holiday) => day(d.date), stroke: COLORS.holiday, strokeOpacity: 0.6, strokeDasharray: "2,2"}),
      Plot.lineY(data, {x: "date", y: "value", stroke: "series", z: "run", strokeWidth: 1.6}),
      Plot.tip(data, Plot.pointerX({x: "date", y: "value", title: (d: Line) => `${d.series}\n${d.date.toISOString().slice(0, 10)}: ${millions(d.value)} M KRW`}))
    ]
  });
}
