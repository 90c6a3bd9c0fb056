import * as Plot from "@observablehq/plot";
import {labelColumn} from "./bars.js";
import {html} from "../vendor/htl.js";
import {categoryGloss, categoryLabel, REPORT_CATEGORIES} from "../lib/categories.js";
import {TYPE_PLAYBOOKS} from "../lib/profile/playbooks.js";
import {behaviourType, groupLabel, TYPE_INFO, VARIABLE_INFO, type BehaviourVariable, type MeanRow, type PatternRow, type TypeKey, type VariableBounds} from "../lib/segment/index.js";
import {PUBLISHED_PATTERNS, publishedMatch, type GroupSize, type Segmentation, type TypeSize} from "./segment-model.js";

const int = (x: number) => x.toLocaleString("en-US");
const num = (x: number | null, digits = 1) => (x === null ? "–" : x.toLocaleString("en-US", {minimumFractionDigits: digits, maximumFractionDigits: digits}));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The outlier bounds and what they removed, per variable. */
export function BoundsTable(bounds: readonly VariableBounds[]): HTMLElement {
  return html`<div class="segment-scroll"><table id="bounds-table"><thead><tr><th>Variable</th><th>Unit</th><th>Values</th><th>Missing</th><th>Kept range</th><th>Removed</th></tr></thead>
  <tbody>${bounds.map((b) => html`<tr data-variable=${b.variable}><td>${VARIABLE_INFO[b.variable].label}</td><td>${b.unit === "session" ? "purchasing session" : "purchase line"}${b.variable === "searches" ? " with ≥ 1 search" : ""}</td>
    <td>${int(b.n)}</td><td>${int(b.nulls)}</td><td>${b.lo === null || b.hi === null ? "all" : `${num(b.lo, 0)} … ${num(b.hi, 0)}`}</td>
    <td class="removed">${int(b.removed)} (${pct(b.n ? b.removed / b.n : 0)})</td></tr>`)}</tbody></table></div>`;
}

/** Every member group's purchase lines, the chosen ones highlighted. */
export function GroupSizes(sizes: readonly GroupSize[], {width = 640, chosen = [] as readonly string[]} = {}): SVGSVGElement | HTMLElement {
  const set = new Set(chosen);
  const rows = sizes.map((g) => ({...g, label: `${g.group} · ${groupLabel(g.group)}`, status: set.has(g.group) ? "chosen" : "not chosen"}));
  const {marginLeft, axis} = labelColumn(width, 190);
  return Plot.plot({
    width,
    height: rows.length * 20 + 40,
    marginLeft,
    marginRight: 30,
    x: {label: "member purchase lines", grid: true},
    y: {label: null, domain: rows.map((d) => d.label)},
    color: {domain: ["chosen", "not chosen"], range: ["var(--theme-foreground-focus)", "var(--theme-foreground-faint)"], legend: true},
    marks: [
      axis,
      Plot.barX(rows, {x: "lines", y: "label", fill: "status", tip: {format: {x: ",d"}}}),
      Plot.text(rows, {x: "lines", y: "label", text: (d) => `#${d.size_rank}`, dx: 4, textAnchor: "start", fill: "currentColor", fontSize: 10}),
      Plot.ruleX([0])
    ]
  }) as SVGSVGElement | HTMLElement;
}

function shade(x: number | null, avg: number | null): string {
  if (x === null || avg === null) return "";
  return x > avg ? "cell-hi" : "cell-lo";
}

/**
 * The report's means table: chosen groups × chosen categories for one variable, the group average
 * column, and the chosen groups pooled as the last row. Above the row's average: cell-hi; else cell-lo.
 * The average comes right after the group (the report puts it last): with many categories the table
 * scrolls, and every cell is read against it.
 */
export function MeansTable(seg: Segmentation, {variable, categories}: {variable: BehaviourVariable; categories: readonly string[]}): HTMLElement {
  const digits = variable === "price" ? 0 : 1;
  const byGroup = new Map<string, Map<string | null, MeanRow>>();
  for (const m of seg.means) (byGroup.get(m.group) ?? byGroup.set(m.group, new Map()).get(m.group)!).set(m.category, m);
  byGroup.set("all", new Map(seg.pooled.map((m) => [m.category, m])));
  const cell = (rows: Map<string | null, MeanRow>, c: string) => {
    const m = rows.get(c);
    const x = m ? m[variable] : null;
    const avg = rows.get(null)?.[variable] ?? null;
    return html`<td class=${shade(x, avg)} data-category=${c} title=${m ? `${int(m[`${variable}_n`])} values` : "no purchase"}>${num(x, digits)}</td>`;
  };
  return html`<div class="segment-scroll"><table id="means-table" data-variable=${variable}>
  <thead><tr><th>Group</th><th>Group average<br><span class="muted">평균</span></th>${categories.map((c) => html`<th title=${categoryGloss(c)}>${c}<br><span class="muted">${categoryGloss(c)}</span></th>`)}</tr></thead>
  <tbody>${[...byGroup.entries()].map(([g, rows]) => html`<tr data-group=${g} class=${g === "all" ? "pooled" : ""}>
    <th title=${g === "all" ? "the chosen groups pooled" : groupLabel(g)}>${g === "all" ? "All (전체)" : g}</th>
    <td class="average"><strong>${num(rows.get(null)?.[variable] ?? null, digits)}</strong></td>${categories.map((c) => cell(rows, c))}</tr>`)}</tbody></table></div>`;
}

function typeBadge(pattern: string): HTMLElement {
  const t = behaviourType(pattern);
  return html`<span class=${`type-${t.type}`}>${t.label}</span>`;
}

/** Category → per-group bits → modal pattern(s) → type, with the report's published pattern beside. */
export function PatternTable(seg: Segmentation, {groups}: {groups: readonly string[]}): HTMLElement {
  const shown = seg.means.filter((m) => m.category === null).map((m) => m.group).filter((g) => groups.includes(g));
  return html`<div class="segment-scroll"><table id="pattern-table">
  <thead><tr><th>Category</th>${shown.map((g) => html`<th title=${groupLabel(g)}>${g}</th>`)}<th>Modal pattern</th><th>Type</th><th>Published</th><th>Match</th></tr></thead>
  <tbody>${seg.patterns.map((p: PatternRow) => {
    const match = publishedMatch(p.category, p.patterns);
    return html`<tr data-category=${p.category}><th>${categoryLabel(p.category)}</th>
      ${shown.map((g) => html`<td class=${p.patterns.includes(p.by_group[g] ?? "") ? "bits cell-hi" : "bits"} data-group=${g}><code>${p.by_group[g] ?? "–"}</code></td>`)}
      <td class="modal"><code>${p.patterns.length ? p.patterns.join(" / ") : "–"}</code>${p.patterns.length > 1 ? html` <span class="muted">(tie)</span>` : ""}<br><span class="muted">${p.votes} of ${p.groups} groups</span></td>
      <td class="type">${p.patterns.length ? p.patterns.map((x, i) => html`${i ? html`<br>` : ""}${typeBadge(x)}`) : "–"}</td>
      <td class="published"><code>${PUBLISHED_PATTERNS[p.category]?.join(" / ") ?? ""}</code>${!PUBLISHED_PATTERNS[p.category] && REPORT_CATEGORIES.includes(p.category) ? html`<span class="muted">none published</span>` : ""}</td>
      <td class="match">${match === null ? "" : match ? "✓" : "✗"}</td></tr>`;
  })}</tbody></table></div>`;
}

/** The three type cards: gist, customers of the type (own sessions), categories showing it, playbook. */
export function TypeCards(sizes: readonly TypeSize[], patterns: readonly PatternRow[], noCategories = "none in this selection"): HTMLElement {
  const cats = (type: TypeKey) => patterns.filter((p) => p.types.some((t) => t.type === type)).map((p) => {
    const subs = p.types.filter((t) => t.type === type).map((t) => t.ko);
    return `${categoryLabel(p.category)} — ${subs.join(", ")}`;
  });
  return html`<div class="grid grid-cols-3" id="type-cards">${sizes.map((s) => {
    const info = TYPE_INFO[s.type];
    const pb = TYPE_PLAYBOOKS[s.type];
    const c = cats(s.type);
    return html`<div class="card" data-type=${s.type}>
      <h2>${info.ko} <span class="muted">${info.en}</span></h2>
      <span class="kpi">${int(s.customers)}</span> <span class="muted">customers (${pct(s.share)})</span>
      <p class="muted">더 / more ${int(s.subtypes.more)} · 덜 / less ${int(s.subtypes.less)}</p>
      <p>${info.gist}.</p>
      <p><strong>Categories:</strong> ${c.length ? c.join("; ") : noCategories}</p>
      <p><em>${pb.summary}</em></p>
      <ul>${pb.items.map((it) => html`<li><strong>${it.title}</strong> — ${it.detail}</li>`)}</ul>
    </div>`;
  })}</div>`;
}
