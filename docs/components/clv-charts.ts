// Charts of the lifetime-value page. Every number drawn on a fill takes the text colour with the higher
// contrast on that fill; labels from data are set as text.
import * as Plot from "@observablehq/plot";
import {labelColumn} from "./bars.js";
import * as d3 from "d3";
import {textOn} from "../lib/color.js";
import {count, pct} from "../lib/format.js";
import type {HoldoutBin} from "../lib/clv/index.js";
import type {HeatBins} from "../lib/clv/site.js";

const MODEL = "#d9730d";
const ACTUAL = "#4269d0";

/**
 * The calibration/holdout plot (Fader, Hardie & Lee 2005, fig. 4): customers binned by their purchase
 * days after the first in the calibration period; per bin, the mean purchase days the model predicted for
 * the holdout and the mean that happened.
 */
export function HoldoutChart(bins: readonly HoldoutBin[], {width = 640, height = 260}: {width?: number; height?: number} = {}) {
  const rows = bins.flatMap((b) => [
    {bin: b.label, series: "actual", value: b.meanActual, customers: b.customers},
    {bin: b.label, series: "model", value: b.meanPredicted, customers: b.customers}
  ]);
  return Plot.plot({
    width,
    height,
    marginLeft: 44,
    marginBottom: 40,
    x: {label: "repeat purchase days in the calibration period", domain: bins.map((b) => b.label), padding: 0.2},
    y: {label: "holdout purchase days per customer", grid: true, nice: true, zero: true},
    color: {legend: true, domain: ["actual", "model"], range: [ACTUAL, MODEL], tickFormat: (s: string) => (s === "model" ? "BG/NBD prediction" : "what happened")},
    marks: [
      Plot.line(rows, {x: "bin", y: "value", stroke: "series", strokeWidth: 2}),
      Plot.dot(rows, {x: "bin", y: "value", fill: "series", r: 3.5, tip: true, title: (d) => `${d.bin} repeat days (${count(d.customers)} customers): ${d.series === "model" ? "predicted" : "actual"} ${d.value.toFixed(2)} per customer`}),
      Plot.ruleY([0])
    ]
  });
}

/** Buyers per day over the period, the calibration part and the holdout part told apart. */
export function ActivityChart(daily: readonly (number | null)[], {width = 640, start, split, height = 120}: {width?: number; start: string; split: string; height?: number}) {
  const t0 = Date.parse(`${start}T00:00:00Z`);
  const cut = Date.parse(`${split}T00:00:00Z`);
  const rows = daily.map((buyers, i) => ({date: new Date(t0 + i * 86_400_000), buyers}));
  return Plot.plot({
    width,
    height,
    marginLeft: 44,
    x: {type: "utc", label: null},
    y: {label: "buyers per day", grid: true, tickFormat: "~s"},
    marks: [
      Plot.rectY([{x1: new Date(cut + 86_400_000), x2: new Date(t0 + daily.length * 86_400_000)}], {x1: "x1", x2: "x2", y: d3.max(daily, (v) => v ?? undefined) ?? 1, fill: "currentColor", fillOpacity: 0.07}),
      Plot.lineY(rows, {x: "date", y: "buyers", stroke: "currentColor", strokeWidth: 1}),
      Plot.ruleX([new Date(cut + 86_400_000)], {stroke: MODEL, strokeDasharray: "4,3"})
    ]
  });
}

/** Fill of a P(alive) cell: light for low, dark blue for high (the same on light and dark pages). */
export function aliveColor(p: number): string {
  return d3.color(d3.interpolateRgb("#f4efe6", "#1d4e89")(Math.max(0, Math.min(1, p))))!.formatHex();
}

/**
 * Mean P(alive) per (repeat purchase days, days since the last purchase): who has probably gone is the
 * light corner of frequent buyers who have been silent for long.
 */
export function AliveHeatMap(cells: readonly {frequency: string; daysSince: string; customers: number; pAlive: number}[], {width = 640, bins}: {width?: number; bins: HeatBins}) {
  const xDomain = bins.daysSince.map((b) => b.label).filter((l) => cells.some((c) => c.daysSince === l));
  const yDomain = bins.frequency.map((b) => b.label).filter((l) => cells.some((c) => c.frequency === l)).reverse();
  const marginLeft = 48;
  const cellWidth = (width - marginLeft - 10) / Math.max(1, xDomain.length);
  const rows = cells.map((c) => {
    const fill = aliveColor(c.pAlive);
    return {...c, fill, ink: textOn(fill)};
  });
  return Plot.plot({
    width,
    height: 40 + 26 * yDomain.length + 50,
    marginLeft,
    marginBottom: 50,
    x: {label: "days since the last purchase →", domain: xDomain, tickRotate: cellWidth < 40 ? -45 : 0, tickSize: 0},
    y: {label: "repeat purchase days", domain: yDomain, tickSize: 0},
    style: {fontSize: "11px"},
    marks: [
      Plot.cell(rows, {x: "daysSince", y: "frequency", fill: (d) => d.fill, inset: 0.5, tip: true,
        title: (d) => `${d.frequency} repeat purchase days, last purchase ${d.daysSince} days before the end: ${count(d.customers)} customers, mean P(alive) ${d.pAlive.toFixed(2)}`}),
      cellWidth >= 26 ? Plot.text(rows, {x: "daysSince", y: "frequency", text: (d) => d.pAlive.toFixed(2).replace(/^0/, ""), fill: (d) => d.ink, className: "clv-heat-value"}) : null
    ]
  });
}

/** Per segment: its share of the 26-week CLV (bar) against its share of customers (tick). */
export function SegmentShares(rows: readonly {label: string; customerShare: number; clvShare: number}[], {width = 640}: {width?: number} = {}) {
  const {marginLeft, axis} = labelColumn(width, 150);
  return Plot.plot({
    width,
    height: 34 * rows.length + 50,
    marginLeft,
    marginRight: 44,
    x: {label: "share →", tickFormat: (v: number) => pct(v, 0), domain: [0, Math.max(0.05, d3.max(rows, (r) => Math.max(r.customerShare, r.clvShare)) ?? 1)], nice: true, grid: true},
    y: {label: null, domain: rows.map((r) => r.label), tickSize: 0},
    marks: [
      axis,
      Plot.barX(rows, {y: "label", x: "clvShare", fill: MODEL, fillOpacity: 0.85, insetTop: 6, insetBottom: 6}),
      Plot.tickX(rows, {y: "label", x: "customerShare", stroke: "currentColor", strokeWidth: 2.5}),
      Plot.text(rows, {y: "label", x: "clvShare", text: (d) => pct(d.clvShare, 0), dx: 4, textAnchor: "start", fill: "currentColor", className: "clv-share-label"})
    ]
  });
}
