// Step 1 of the profile service: a category's forecast (the model chosen at 1 week, with its 80% range)
// and its demand dips with the chance that demand really falls that low, from the forecast page's artifact.
import * as Plot from "@observablehq/plot";
import type {CategoryArtifact, ForecastArtifacts} from "../lib/forecast/artifacts.js";
import type {DipWindow} from "../lib/forecast/dips.js";
import {lines, type Line} from "./forecast-charts.js";

export interface DipChoice {
  key: string;
  kind: "future" | "backtest";
  start: string;
  end: string;
  days: number;
  minRatio: number;
  shortfall: number;
  /** chance that demand falls below the threshold on the window's lowest day (null when unknown) */
  probability?: number | null;
  label: string;
}

export function forecastCategory(art: ForecastArtifacts | null, category: string): CategoryArtifact | null {
  return art?.categories?.find((c) => c.category === category) ?? null;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Every dip window of a category, beyond the data first, each labelled for a picker. */
export function dipChoices(cat: CategoryArtifact | null): DipChoice[] {
  const d = cat?.dips;
  if (!d) return [];
  const one = (kind: DipChoice["kind"]) => (w: DipWindow): DipChoice => ({
    key: `${kind}:${w.start}`, kind, start: w.start, end: w.end, days: w.days, minRatio: w.minRatio, shortfall: w.shortfall, probability: w.probability,
    // short enough to read in the select; the paragraph under the chart says it in full
    label: `${w.start}${w.days > 1 ? ` – ${w.end}` : ""} · ${kind === "future" ? "after the data" : "held-out"} · low point ${pct(w.minRatio)}${w.probability == null ? "" : ` · ${pct(w.probability)} chance below ${pct(d.threshold)}`}`
  });
  return [...(d.futureWindows ?? []).map(one("future")), ...d.backtest.map(one("backtest"))];
}

/** The URL's dip (a window starting on or containing the date), else the deepest (lowest low point). */
export function pickDip(choices: readonly DipChoice[], date: string | null): DipChoice | null {
  if (!choices.length) return null;
  if (date) {
    const hit = choices.find((c) => c.start === date) ?? choices.find((c) => c.start <= date && date <= c.end);
    if (hit) return hit;
  }
  return [...choices].sort((a, b) => a.minRatio - b.minRatio || b.shortfall - a.shortfall || (a.start < b.start ? -1 : 1))[0];
}

const day = (s: string) => new Date(`${s}T00:00:00Z`);

export function forecastChart(cat: CategoryArtifact, dips: readonly DipChoice[], selected: DipChoice | null, {width = 640} = {}): Element {
  const pts: Line[] = [];
  const add = (series: string, dates: readonly string[] | undefined, values: ReadonlyArray<number | null> | null | undefined) => {
    if (dates && values) pts.push(...lines(dates, values, series, {bridge: false}));
  };
  const held = cat.dips?.heldOut;
  const observed = cat.decomposition;
  add("actual", held?.dates, held?.dates.map((d) => observed?.observed[observed.dates.indexOf(d)] ?? null));
  add("forecast (held-out weeks)", held?.dates, held?.forecast);
  const f = cat.forecast;
  add("forecast (after the data)", f?.dates, f?.predicted);
  const band = f ? f.dates.flatMap((d, i) => (f.lower[i] == null || f.upper[i] == null ? [] : [{date: day(d), lower: f.lower[i]!, upper: f.upper[i]!}])) : [];
  const windows = dips.map((d) => ({x1: day(d.start), x2: new Date(day(d.end).getTime() + 86_400_000), selected: d.key === selected?.key}));
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 48,
    x: {type: "utc", label: null, ticks: 5},
    y: {label: "daily revenue (KRW)", grid: true, tickFormat: "~s"},
    color: {legend: true, domain: ["actual", "forecast (held-out weeks)", "forecast (after the data)"], range: ["#9aa5b1", "#4269d0", "#ff725c"]},
    marks: [
      Plot.rectX(windows, {x1: "x1", x2: "x2", fill: (d) => (d.selected ? "#ff725c" : "#ffb3a7"), fillOpacity: (d) => (d.selected ? 0.35 : 0.15)}),
      Plot.areaY(band, {x: "date", y1: "lower", y2: "upper", fill: "#ff725c", fillOpacity: 0.15}),
      Plot.lineY(pts, {x: "date", y: "value", stroke: "series", z: "run", tip: true})
    ]
  });
}
