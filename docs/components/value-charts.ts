import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import {textOn} from "../lib/color.js";
import {count, pct, won} from "../lib/format.js";
import {html} from "../vendor/htl.js";
import {MIGRATION_STATES, type MigrationCell} from "../lib/value/base.js";
import {TIERS, tierOf, type ScoreCount, type TierKey, type TierSummary, type ValueThresholds} from "../lib/value/rules.js";
import {TIER_PLAYBOOKS} from "../lib/profile/playbooks.js";
import {scoreMeaning} from "./value-controls.js";
import type {GridRow} from "./value-db.js";
import type {StudyPeriod} from "../lib/period.js";

export const TIER_COLORS: Readonly<Record<TierKey, string>> = {star: "#e8a317", butterfly: "#8e6bd8", "chicken-rib": "#3a9e7f", unmanaged: "#9aa3ad"};
const NONE_COLOR = "#d7dbe0";

/** One of the report's three score charts: customers per score value, labelled with what the value means now. */
export function ScoreBars(scores: readonly ScoreCount[], {width = 320, score, thresholds, period, height = 220}: {width?: number; score: "R" | "F" | "M"; thresholds: ValueThresholds; period: StudyPeriod; height?: number}) {
  const rows = scores.filter((s) => s.score === score).map((s) => ({...s, label: `${score}${s.value}: ${scoreMeaning(score, s.value, thresholds, period)}`}));
  const marginLeft = 44;
  // each bar's meaning wraps within its own band, so neighbouring labels never run into each other
  const band = (width - marginLeft - 10) / rows.length;
  return Plot.plot({
    width,
    height: height + 24,
    marginLeft,
    marginTop: 24,
    marginBottom: 64,
    x: {label: null, domain: rows.map((r) => r.label), tickFormat: (l: string) => l.split(": ")[0], tickSize: 0},
    y: {label: "customers", grid: true, tickFormat: "~s"},
    marks: [
      Plot.barY(rows, {x: "label", y: "customers", fill: "var(--theme-foreground-focus)", tip: {format: {x: true, y: ",d"}}}),
      Plot.text(rows, {x: "label", y: "customers", text: (d) => pct(d.share), dy: -8, fill: "currentColor", className: "score-share"}),
      Plot.axisX({label: null, tickFormat: (l: string) => l.replace(": ", " · "), tickSize: 0, fontSize: 10, lineWidth: Math.max(3, band / 11 - 1.5), lineAnchor: "top", className: "score-meaning"}),
      Plot.ruleY([0])
    ]
  });
}

/** The report's grid: engagement E (x) × monetary M (y), customers per cell coloured by the tier it falls in. */
export function TierGrid(grid: readonly GridRow[], {width = 480, thresholds}: {width?: number; thresholds: ValueThresholds}) {
  const cells = [1, 2].flatMap((e) =>
    [1, 2, 3].map((m) => {
      const tier = tierOf(e as 1 | 2, m >= thresholds.highM);
      const customers = grid.filter((g) => g.e === e && g.m === m).reduce((s, g) => s + g.customers, 0);
      const info = TIERS.find((t) => t.key === tier)!;
      return {e: `E${e}`, m: `M${m}`, tier, label: `${info.ko}\n${info.en}`, customers};
    })
  );
  return Plot.plot({
    width,
    height: 260,
    marginLeft: 50,
    x: {label: `engagement E (E1: R + F ≤ ${thresholds.rfCut})`, domain: ["E1", "E2"]},
    y: {label: "monetary M", domain: ["M3", "M2", "M1"]},
    color: {domain: TIERS.map((t) => t.key), range: TIERS.map((t) => TIER_COLORS[t.key])},
    marks: [
      Plot.cell(cells, {x: "e", y: "m", fill: "tier", inset: 1}),
      Plot.text(cells, {x: "e", y: "m", text: (d) => `${count(d.customers)}\n${d.label}`, fill: (d: {tier: TierKey}) => textOn(TIER_COLORS[d.tier]), fontSize: width < 340 ? 12 : 13, lineHeight: 1.3})
    ]
  });
}

/** One card per tier: size, revenue share, point cost and the report's playbook. */
export function TierCards(summary: readonly TierSummary[]) {
  return html`<div class="grid grid-cols-4 value-tier-cards">${summary.map((s) => {
    const info = TIERS.find((t) => t.key === s.tier)!;
    const play = TIER_PLAYBOOKS[s.tier];
    return html`<div class="card value-tier" data-tier=${s.tier} data-customers=${s.customers} style=${`border-top: 4px solid ${TIER_COLORS[s.tier]}`}>
      <h2>${info.ko} <span class="muted">${info.en}</span></h2>
      <span class="kpi">${count(s.customers)}</span>
      <p><strong>${pct(s.share)}</strong> of customers, <strong>${pct(s.revenue_share)}</strong> of revenue</p>
      <p class="muted">Points at ${(s.point_rate * 100).toFixed(1)}% of ${won(s.revenue)}: <strong>${won(s.point_cost)}</strong></p>
      <p>${play.summary}</p>
      <ul>${play.items.map((i) => html`<li><strong>${i.title}</strong> — ${i.detail}</li>`)}</ul>
    </div>`;
  })}</div>`;
}

/** 14688 → "14.7k", 875 → "875". */
export function compactCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1e6) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0).replace(/\.0$/, "")}k`;
  return `${(n / 1e6).toFixed(1).replace(/\.0$/, "")}M`;
}

/** Fills of the migration cells: share of the row 0 → 1, light on light pages, dark on dark ones. */
export function migrationPalette(dark: boolean): [string, string] {
  return dark ? ["#1f2a3a", "#7fa8ff"] : ["#f2f5fa", "#1f4e9c"];
}

function prefersDark(): boolean {
  return typeof matchMedia === "function" && matchMedia("(prefers-color-scheme: dark)").matches;
}

/**
 * First-half state (rows) → second-half state (columns), customers per cell, each cell shaded by its
 * share of the row; every number is drawn in the text colour with the higher contrast on its own fill.
 */
export function MigrationMatrix(cells: readonly MigrationCell[], {width = 640, from = "first half", to = "second half", dark = prefersDark()}: {width?: number; from?: string; to?: string; dark?: boolean} = {}) {
  const narrow = width < 480;
  // the report's tier names, with the English beneath where the columns have room for it
  const label = (k: string) => {
    if (k === "none") return narrow ? "none" : "no purchase";
    const t = TIERS.find((x) => x.key === k)!;
    return narrow ? t.ko : `${t.ko}\n${t.en}`;
  };
  const oneLine = (s: string) => s.replace("\n", " ");
  const domain = MIGRATION_STATES.map((s) => label(s.key));
  const [lo, hi] = migrationPalette(dark);
  const shade = d3.interpolateRgb(lo, hi);
  const rows = cells.map((c) => {
    const fill = d3.color(shade(c.row_share))!.formatHex();
    return {...c, fromLabel: label(c.from), toLabel: label(c.to), fill, ink: textOn(fill)};
  });
  return Plot.plot({
    width,
    height: narrow ? 260 : 320,
    marginLeft: narrow ? 64 : 112,
    marginRight: narrow ? 28 : 20,
    marginTop: narrow ? 62 : 60,
    x: {label: `${to} →`, domain, axis: "top", tickSize: 0, tickRotate: narrow ? -35 : 0},
    y: {label: from, domain, tickSize: 0},
    style: {fontSize: narrow ? "11px" : "12px"},
    marks: [
      Plot.cell(rows, {x: "toLabel", y: "fromLabel", fill: (d) => d.fill, inset: 1, tip: true,
        title: (d) => `${oneLine(d.fromLabel)} → ${oneLine(d.toLabel)}: ${count(d.customers)} customers (${pct(d.row_share)} of ${oneLine(d.fromLabel)})`}),
      // a narrow cell holds "14.7k", a wide one "14,688"
      Plot.text(rows, {x: "toLabel", y: "fromLabel", text: (d) => (narrow ? compactCount(d.customers) : count(d.customers)), fill: (d) => d.ink, fontSize: narrow ? 10 : 13, className: "migration-count"}),
      Plot.frame({stroke: NONE_COLOR})
    ]
  });
}
