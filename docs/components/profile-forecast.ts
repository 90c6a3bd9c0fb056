// Step 1 of the profile service: a category's forecast and its demand dips, from the forecast page's artifact.
import * as Plot from "@observablehq/plot";
import type {CategoryArtifact, ForecastArtifacts} from "../lib/forecast/artifacts.js";

export interface DipChoice {
  key: string;
  kind: "future" | "backtest";
  start: string;
  end: string;
  days: number;
  minRatio: number;
  shortfall: number;
  label: string;
}

export function forecastCategory(art: ForecastArtifacts | null, category: string): CategoryArtifact | null {
  return art?.categories?.find((c) => c.category === category) ?? null;
}

/** Every dip window of a category, beyond the data first, each labelled for a picker. */
export function dipChoices(cat: CategoryArtifact | null): DipChoice[] {
  if (!cat?.dips) return [];
  const one = (kind: DipChoice["kind"]) => (w: {start: string; end: string; days: number; minRatio: number; shortfall: number}): DipChoice => ({
    key: `${kind}:${w.start}`, kind, start: w.start, end: w.end, days: w.days, minRatio: w.minRatio, shortfall: w.shortfall,
    label: `${w.start}${w.days > 1 ? ` – ${w.end}` : ""} · ${kind === "future" ? "forecast beyond the data" : "held-out backtest"} · low point ${(w.minRatio * 100).toFixed(0)}% of the weekday-adjusted level`
  });
  return [...(cat.dips.future ?? []).map(one("future")), ...(cat.dips.backtest ?? []).map(one("backtest"))];
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

interface Point {
  date: Date;
  value: number;
  series: string;
}

const day = (s: string) => new Date(`${s}T00:00:00Z`);

export function forecastChart(cat: CategoryArtifact, dips: readonly DipChoice[], selected: DipChoice | null, {width = 640} = {}): Element {
  const pts: Point[] = [];
  const add = (series: string, dates: readonly string[] | undefined, values: ReadonlyArray<number | null> | null | undefined) => {
    if (!dates || !values) return;
    dates.forEach((d, i) => {
      const v = values[i];
      if (typeof v === "number" && Number.isFinite(v)) pts.push({date: day(d), value: v, series});
    });
  };
  const held = cat.forecast?.heldOut;
  add("actual", held?.dates, held?.actual);
  add("forecast (held out)", held?.dates, held?.fullStep);
  add("forecast (beyond the data)", cat.forecast?.future?.dates, cat.forecast?.future?.fullStep);
  const windows = dips.map((d) => ({x1: day(d.start), x2: new Date(day(d.end).getTime() + 86_400_000), selected: d.key === selected?.key}));
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 70,
    x: {type: "utc", label: null},
    y: {label: "daily revenue (KRW)", grid: true, tickFormat: "~s"},
    color: {legend: true, domain: ["actual", "forecast (held out)", "forecast (beyond the data)"], range: ["#9aa5b1", "var(--theme-foreground-focus)", "#ff725c"]},
    marks: [
      Plot.rectX(windows, {x1: "x1", x2: "x2", fill: (d) => (d.selected ? "#ff725c" : "#ffb3a7"), fillOpacity: (d) => (d.selected ? 0.35 : 0.15)}),
      Plot.lineY(pts, {x: "date", y: "value", stroke: "series", tip: true})
    ]
  });
}
