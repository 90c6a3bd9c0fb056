import * as Plot from "@observablehq/plot";
import type {EpochCurve} from "../lib/forecast/search.js";
import type {CategoryArtifact, ForecastSeriesArtifact} from "./forecast-data.js";
import type {DipReading} from "./forecast-eval.js";
import type {RetrainResult} from "./forecast-retrain.js";

// Fixed colours (not CSS variables: Plot writes them into SVG attributes and the legend).
const COLORS = {
  actual: "#8a8a8a",
  fullStep: "#4269d0",
  oneStep: "#6cc5b0",
  future: "#a463f2",
  band: "#a9bcec",
  rerunFull: "#ff725c",
  rerunOne: "#efb118",
  holiday: "#ff8ab7"
};

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const millions = (v: number) => (v / 1e6).toLocaleString("en-US", {maximumFractionDigits: 0});

/** The frame both revenue charts share: dates across, million KRW up. */
const REVENUE_AXES = {
  marginLeft: 56,
  x: {type: "utc", label: null},
  y: {label: "revenue per day (million KRW)", grid: true, tickFormat: millions}
} as const;

export interface Holiday {
  date: string;
  name: string;
}

/** Days off of the data period and of the forecast days beyond it. */
export function holidaysOf(s: ForecastSeriesArtifact, future: {date: string; name: string | null}[] = []): Holiday[] {
  return [
    ...s.calendar.filter((d) => d.dayOff).map((d) => ({date: d.date, name: [d.name, d.nameEn].filter(Boolean).join(" · ")})),
    ...future.map((d) => ({date: d.date, name: d.name ?? "holiday"}))
  ];
}

type Line = {date: Date; value: number; series: string};

function lines(dates: readonly string[], values: readonly (number | null)[], series: string): Line[] {
  return dates.flatMap((d, i) => (values[i] == null ? [] : [{date: day(d), value: values[i]!, series}]));
}

export interface ForecastChartOptions {
  width?: number;
  height?: number;
  /** first day shown (default: the first day of the data) */
  from?: string;
  holidays?: Holiday[];
  rerun?: RetrainResult | null;
}

/** History, the held-out forecasts with their interval band, the 14-day forecast and holidays. */
export function ForecastChart({c, s}: {c: CategoryArtifact; s: ForecastSeriesArtifact}, {width = 800, height = 340, from, holidays = [], rerun = null}: ForecastChartOptions = {}) {
  const revenue = s.series.find((x) => x.category === c.category)?.revenue ?? [];
  const start = from ?? s.dates[0];
  const held = c.forecast.heldOut;
  const future = c.forecast.future;
  const names = {
    actual: "actual",
    fullStep: `LSTM full-step from ${held.origin.slice(5)} (held out)`,
    oneStep: "LSTM 1-step (held out)",
    future: "LSTM 14-day forecast",
    band: `${Math.round((c.backtest.intervals?.level ?? 0.8) * 100)}% interval`,
    rerunFull: "re-run full-step",
    rerunOne: "re-run 1-step"
  };
  const data: Line[] = [
    ...lines(s.dates, revenue, names.actual),
    ...lines(held.dates, held.fullStep, names.fullStep),
    ...(held.oneStep ? lines(held.dates, held.oneStep, names.oneStep) : []),
    ...(future ? lines(future.dates, future.fullStep, names.future) : []),
    ...(rerun ? [...lines(rerun.dates, rerun.fullStep, names.rerunFull), ...lines(rerun.dates, rerun.oneStep, names.rerunOne)] : [])
  ].filter((d) => d.date >= day(start));
  const band = [
    ...(held.lower && held.upper ? held.dates.map((d, i) => ({date: day(d), lower: held.lower![i], upper: held.upper![i]})) : []),
    ...(future ? future.dates.map((d, i) => ({date: day(d), lower: future.lower[i], upper: future.upper[i]})) : [])
  ].filter((d) => d.lower != null && d.upper != null && d.date >= day(start));
  const shown = holidays.filter((h) => h.date >= start);
  const dashed = new Set([names.oneStep, names.rerunOne]);
  const used = Object.entries(names).filter(([k, v]) => (k === "band" ? band.length > 0 : data.some((d) => d.series === v)));
  return Plot.plot({
    width,
    height,
    ...REVENUE_AXES,
    color: {domain: used.map(([, v]) => v), range: used.map(([k]) => COLORS[k as keyof typeof COLORS]), legend: true},
    marks: [
      Plot.ruleX(shown, {x: (d: Holiday) => day(d.date), stroke: COLORS.holiday, strokeOpacity: 0.6, strokeDasharray: "2,2"}),
      Plot.areaY(band, {x: "date", y1: "lower", y2: "upper", fill: () => names.band, fillOpacity: 0.45, curve: "step"}),
      Plot.ruleX([day(held.origin)], {stroke: "currentColor", strokeOpacity: 0.4}),
      Plot.text([held.origin], {x: day, text: () => "held out →", frameAnchor: "top", dy: 4, textAnchor: "start", dx: 3, fontSize: 10, fill: "currentColor"}),
      Plot.lineY(data.filter((d) => !dashed.has(d.series)), {x: "date", y: "value", stroke: "series", z: "series", strokeWidth: 1.6}),
      Plot.lineY(data.filter((d) => dashed.has(d.series)), {x: "date", y: "value", stroke: "series", z: "series", strokeWidth: 1.6, strokeDasharray: "4,2"}),
      Plot.dot(shown, {x: (d: Holiday) => day(d.date), frameAnchor: "bottom", fill: COLORS.holiday, r: 3, title: (d: Holiday) => `${d.date}: ${d.name}`, tip: true}),
      Plot.tip(data, Plot.pointerX({x: "date", y: "value", title: (d: Line) => `${d.series}\n${d.date.toISOString().slice(0, 10)}: ${millions(d.value)} M KRW`}))
    ]
  });
}

/** Observed, trend (centred 7-day average), weekday factor and residual, stacked. */
export function DecompositionChart(c: CategoryArtifact, {width = 800}: {width?: number} = {}) {
  const d = c.decomposition;
  const y = c.weekdayIndex.rows.map((r) => r.y);
  const panels: {name: string; values: (number | null)[]; rule?: number; format?: (v: number) => string}[] = [
    {name: "observed (M KRW)", values: y, format: millions},
    {name: "trend: 7-day CMA (M KRW)", values: d.trend, format: millions},
    {name: "seasonal (weekday factor)", values: d.seasonal, rule: 1},
    {name: "residual (Y ÷ trend ÷ seasonal)", values: d.residual, rule: 1}
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
        marginLeft: 56,
        x: {type: "utc", label: null, domain},
        y: {label: p.name, grid: true, tickFormat: p.format, ticks: 4},
        marks: [
          ...(p.rule != null ? [Plot.ruleY([p.rule], {stroke: "currentColor", strokeOpacity: 0.3})] : []),
          Plot.lineY(rows, {x: "date", y: "v", stroke: COLORS.fullStep}),
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
    marginLeft: 56,
    x: {label: "epoch"},
    y: {label: "loss: MSE of min-max scaled revenue (%, log scale)", type: "log", grid: true, tickFormat: (v: number) => `${+(v * 100).toPrecision(2)}%`},
    color: {domain: ["train", "validation"], range: [COLORS.fullStep, COLORS.rerunFull], legend: true},
    marks: [
      Plot.ruleX([curve.chosenEpoch], {stroke: "currentColor", strokeDasharray: "3,3"}),
      Plot.text([curve.chosenEpoch], {x: (e: number) => e, text: (e: number) => `lowest smoothed validation loss: epoch ${e}`, frameAnchor: "top", dx: 4, dy: 4, textAnchor: "start", fontSize: 10}),
      Plot.lineY(rows, {x: "epoch", y: "loss", stroke: "series"}),
      Plot.tip(rows, Plot.pointerX({x: "epoch", y: "loss", stroke: "series"}))
    ]
  });
}

/** Forecast ÷ (level × weekday index) per day, the threshold and the dips found. */
export function DipChart(r: DipReading, {width = 800, height = 200, threshold = 0.9, holidays = []}: {width?: number; height?: number; threshold?: number; holidays?: Holiday[]} = {}) {
  const rows = r.ratios.filter((x) => Number.isFinite(x.ratio)).map((x) => ({date: day(x.date), ratio: x.ratio, below: x.ratio < threshold}));
  const dates = new Set(r.ratios.map((x) => x.date));
  return Plot.plot({
    width,
    height,
    marginLeft: 56,
    x: {type: "utc", label: null},
    y: {label: "forecast ÷ weekday-adjusted level", grid: true, domain: [Math.min(0.4, ...rows.map((d) => d.ratio)), Math.max(1.4, ...rows.map((d) => d.ratio))]},
    marks: [
      Plot.ruleX(holidays.filter((h) => dates.has(h.date)), {x: (d: Holiday) => day(d.date), stroke: COLORS.holiday, strokeDasharray: "2,2"}),
      Plot.ruleY([1], {stroke: "currentColor", strokeOpacity: 0.3}),
      Plot.ruleY([threshold], {stroke: COLORS.rerunFull, strokeDasharray: "4,3"}),
      Plot.rectY(rows, {x1: (d) => d.date, x2: (d) => new Date(+d.date + 86_400_000), y1: 1, y2: "ratio", fill: (d) => (d.below ? COLORS.rerunFull : COLORS.fullStep), fillOpacity: 0.6, inset: 1}),
      Plot.tip(rows, Plot.pointerX({x: "date", y: "ratio", title: (d) => `${d.date.toISOString().slice(0, 10)}: ${d.ratio.toFixed(2)}`}))
    ]
  });
}

/** The held-out window: actual, the re-run's forecasts and, when the build trained the category, its forecasts. */
export function RerunChart({r, c, s, category}: {r: RetrainResult; c: CategoryArtifact | null; s: ForecastSeriesArtifact; category: string}, {width = 800, height = 280, contextDays = 28, holidays = []}: {width?: number; height?: number; contextDays?: number; holidays?: Holiday[]} = {}) {
  const revenue = s.series.find((x) => x.category === category)?.revenue ?? [];
  const from = Math.max(0, s.dates.indexOf(r.evalStart) - contextDays);
  const names = {actual: "actual", rerunFull: "re-run full-step", rerunOne: "re-run 1-step", rerunWeek: "re-run weekly", fullStep: "build full-step", oneStep: "build 1-step"};
  const data: Line[] = [
    ...lines(s.dates.slice(from), revenue.slice(from), names.actual),
    ...lines(r.dates, r.fullStep, names.rerunFull),
    ...lines(r.dates, r.oneStep, names.rerunOne),
    ...lines(r.dates, r.week, names.rerunWeek),
    ...(c ? lines(c.forecast.heldOut.dates, c.forecast.heldOut.fullStep, names.fullStep) : []),
    ...(c?.forecast.heldOut.oneStep ? lines(c.forecast.heldOut.dates, c.forecast.heldOut.oneStep, names.oneStep) : [])
  ];
  const colors: Record<string, string> = {actual: COLORS.actual, rerunFull: COLORS.rerunFull, rerunOne: COLORS.rerunOne, rerunWeek: "#9c6b4e", fullStep: COLORS.fullStep, oneStep: COLORS.oneStep};
  const used = Object.entries(names).filter(([, v]) => data.some((d) => d.series === v));
  const dashed = new Set([names.rerunOne, names.oneStep]);
  const shown = holidays.filter((h) => h.date >= s.dates[from]);
  return Plot.plot({
    width,
    height,
    ...REVENUE_AXES,
    color: {domain: used.map(([, v]) => v), range: used.map(([k]) => colors[k]), legend: true},
    marks: [
      Plot.ruleX(shown, {x: (d: Holiday) => day(d.date), stroke: COLORS.holiday, strokeOpacity: 0.6, strokeDasharray: "2,2"}),
      Plot.ruleX([day(r.evalStart)], {stroke: "currentColor", strokeOpacity: 0.4}),
      Plot.lineY(data.filter((d) => !dashed.has(d.series)), {x: "date", y: "value", stroke: "series", z: "series", strokeWidth: 1.6}),
      Plot.lineY(data.filter((d) => dashed.has(d.series)), {x: "date", y: "value", stroke: "series", z: "series", strokeWidth: 1.6, strokeDasharray: "4,2"}),
      Plot.tip(data, Plot.pointerX({x: "date", y: "value", title: (d: Line) => `${d.series}\n${d.date.toISOString().slice(0, 10)}: ${millions(d.value)} M KRW`}))
    ]
  });
}
