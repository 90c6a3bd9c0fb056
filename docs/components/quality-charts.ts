import * as Plot from "@observablehq/plot";
import {labelColumn} from "./bars.js";
import {count} from "../lib/format.js";
import {QUARANTINE_REASONS, type QuarantineReason} from "../lib/ingest/report.js";

export interface ReasonCount {
  file: string;
  reason: string;
  rows: number;
}

/** 0, 1, 10, 100, … up to `max`. */
export function powersOfTen(max: number): number[] {
  const ticks = [0];
  for (let t = 1; t <= max; t *= 10) ticks.push(t);
  return ticks;
}

/**
 * Quarantined rows per file and reason, each bar labelled with its count: the scale is symlog so that a
 * single row stays visible beside hundreds, which makes bar lengths alone hard to read.
 */
export function reasonBars(reasons: readonly ReasonCount[], {width = 640, fileLabel = (f: string) => f} = {}): SVGSVGElement | HTMLElement {
  // the reason first: on a phone the label is cut, and the file is in the tip and the colour
  const label = (d: ReasonCount) => `${d.reason} · ${fileLabel(d.file)}`;
  const {marginLeft, axis} = labelColumn(width, 240);
  return Plot.plot({
    width,
    marginLeft,
    marginRight: 50,
    height: Math.max(120, reasons.length * 22 + 40),
    // powers of ten: Plot's own symlog ticks crowd together at the top of the range
    x: {label: "rows (symlog scale: a single row stays visible)", grid: true, type: "symlog", ticks: powersOfTen(Math.max(1, ...reasons.map((d) => d.rows))), tickFormat: ",d"},
    y: {label: null},
    marks: [
      axis,
      Plot.barX(reasons, {y: label, x: "rows", fill: "file", sort: {y: "-x"}, tip: {channels: {why: (d: ReasonCount) => QUARANTINE_REASONS[d.reason as QuarantineReason] ?? ""}, format: {fill: false}}}),
      Plot.text(reasons, {y: label, x: "rows", text: (d: ReasonCount) => count(d.rows), dx: 4, textAnchor: "start", fill: "currentColor"}),
      Plot.ruleX([0])
    ]
  }) as SVGSVGElement | HTMLElement;
}
