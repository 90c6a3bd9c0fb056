// The merged online/offline timeline of one customer.
import * as Plot from "@observablehq/plot";
import {TIMELINE_KINDS, type TimelineEvent, type TimelineKind} from "../lib/store/timeline.js";

export const KIND_LABELS: Readonly<Record<TimelineKind, string>> = {
  search: "Online search (검색)",
  purchase: "Online purchase (구매)",
  survey: "Survey (설문)",
  visit: "Store visit (방문)"
};

export interface TimelineOptions {
  width?: number;
  height?: number;
  [option: string]: unknown;
}

/**
 * One row per kind of event, one panel per month with events (the data's online months and the
 * months of offline entries sit side by side without the empty years between), a dot per event:
 * purchases sized by amount (area ∝ KRW); tips are text.
 */
export function StoreTimeline(events: readonly TimelineEvent[], {width = 640, height = 220, ...options}: TimelineOptions = {}) {
  const maxAmount = Math.max(1, ...events.map((e) => (e.kind === "purchase" && e.amount !== null ? e.amount : 0)));
  const radius = (e: TimelineEvent) => (e.kind === "purchase" && e.amount !== null ? 3 + 9 * Math.sqrt(Math.max(0, e.amount) / maxAmount) : 4);
  const rows = events.map((e) => ({
    ...e, month: e.date.slice(0, 7), day: Number(e.date.slice(8, 10)), row: KIND_LABELS[e.kind],
    outcome: e.converted === null ? "event" : e.converted ? "converted" : "not converted"
  }));
  const months = [...new Set(rows.map((d) => d.month))].sort();
  return Plot.plot({
    width,
    height,
    marginLeft: 150,
    marginBottom: 36,
    fx: {domain: months, label: null, axis: "bottom", padding: 0.08},
    x: {domain: [0, 32], ticks: [], label: null},
    y: {domain: TIMELINE_KINDS.map((k) => KIND_LABELS[k]), label: null},
    r: {type: "identity"},
    color: {domain: ["converted", "not converted", "event"], range: ["#3ca951", "#ff725c", "#4269d0"], legend: true},
    marks: [
      Plot.frame({stroke: "var(--theme-foreground-faint)"}),
      Plot.dot(rows, {
        fx: "month", x: "day", y: "row", r: radius, fill: "outcome", fillOpacity: 0.75,
        tip: true, channels: {date: "date", what: "label", detail: "detail", KRW: "amount"}
      })
    ],
    ...options
  });
}

