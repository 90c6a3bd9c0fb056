// The ranking of one customer as a reader sees it: bars of the index and the per-category breakdown
// prior × P(age|c) × P(gender|c) → score → ln → shifted → index. Data text is set as text only.
import * as Plot from "@observablehq/plot";
import {labelColumn} from "./bars.js";
import {categoryLabel} from "../lib/categories.js";
import type {CustomerRanking} from "./preference-db.js";

const fmt = {
  p: (x: number) => x.toPrecision(4),
  e: (x: number) => x.toExponential(3),
  f: (x: number | null, d = 3) => (x === null ? "—" : x.toFixed(d))
};

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

export function rankingChart(r: CustomerRanking, {width = 640} = {}): Element {
  const rows = r.rows.map((d) => ({...d, label: categoryLabel(d.category)}));
  const {marginLeft, axis} = labelColumn(width, 250);
  return Plot.plot({
    width,
    height: rows.length * 18 + 40,
    marginLeft,
    marginRight: 36,
    x: {label: "preference index (best = 100)", domain: [0, 100], grid: true},
    y: {label: null, domain: rows.map((d) => d.label)},
    marks: [
      axis,
      Plot.barX(rows, {y: "label", x: "index", fill: (d) => (d.rank === 1 ? "var(--theme-foreground-focus)" : "#9aa5b1"), tip: true,
        title: (d) => `${d.label}\nrank ${d.rank} · index ${d.index.toFixed(2)} · ${d.n} purchase lines`}),
      Plot.text(rows, {y: "label", x: "index", text: (d) => d.index.toFixed(1), textAnchor: "start", dx: 3, fontSize: 10}),
      Plot.ruleX([0])
    ]
  });
}

const COLUMNS: ReadonlyArray<[string, string]> = [
  ["rank", "rank"], ["category", "category"], ["n", "n_uc"], ["prior", "prior (n_uc+1)/(n_u+K)"], ["age_likelihood", "P(age|c)"],
  ["gender_likelihood", "P(gender|c)"], ["score", "score"], ["ln", "ln score"], ["shifted", "shifted"], ["index", "index"]
];

/** The breakdown table; each row carries its exact values in data-* attributes (tests read them). */
export function breakdownTable(r: CustomerRanking): HTMLElement {
  const table = el("table", undefined, {class: "pref-breakdown"});
  const head = el("tr");
  for (const [, label] of COLUMNS) head.append(el("th", label));
  table.append(el("thead"), el("tbody"));
  table.tHead!.append(head);
  for (const d of r.rows) {
    const tr = el("tr", undefined, {"data-category": d.category, "data-rank": String(d.rank), "data-index": String(d.index), "data-score": String(d.score), "data-prior": String(d.prior)});
    const cells = [String(d.rank), categoryLabel(d.category), String(d.n), fmt.p(d.prior), fmt.p(d.age_likelihood), fmt.p(d.gender_likelihood), fmt.e(d.score), fmt.f(d.ln), fmt.f(d.shifted), fmt.f(d.index, 2)];
    cells.forEach((c, i) => tr.append(el("td", c, i === 1 ? {} : {class: "num"})));
    table.tBodies[0].append(tr);
  }
  const wrap = el("div", undefined, {class: "pref-breakdown-wrap"});
  wrap.append(table);
  return wrap;
}

/** The arithmetic for the best category, in words, so the reader can redo it by hand. */
export function workedExample(r: CustomerRanking): HTMLElement {
  const top = r.rows[0];
  const lns = r.rows.flatMap((d) => (d.ln === null ? [] : [d.ln]));
  const lo = Math.min(...lns);
  const who = r.member ? `${r.age}s, ${r.gender === "F" ? "female" : r.gender === "M" ? "male" : r.gender}` : "non-member";
  const likelihood = r.member
    ? ` × P(${r.age}s | c) ${fmt.p(top.age_likelihood)} × P(${r.gender} | c) ${fmt.p(top.gender_likelihood)}`
    : " × 1 × 1 (no age or gender: the likelihoods are left out)";
  const p = el("p", undefined, {class: "worked", id: "pref-worked"});
  p.textContent =
    `Customer ${r.clnt_id} (${who}), ${r.n_u} purchase lines in the ${r.k} categories. ` +
    `Best: ${categoryLabel(top.category)} — prior (${top.n} + 1) / (${r.n_u} + ${r.k}) = ${fmt.p(top.prior)}${likelihood} = score ${fmt.e(top.score)}; ` +
    `ln = ${fmt.f(top.ln)}; shifted = ln − min ln (${fmt.f(lo)}) + 5 = ${fmt.f(top.shifted)}; index = shifted / max shifted × 100 = ${fmt.f(top.index, 2)}.`;
  return p;
}

/** Customers per rank-1 category (grey) and the members among them (blue). */
export function rank1Chart(counts: readonly {category: string; customers: number; members: number}[], {width = 640} = {}): Element {
  const {marginLeft, axis} = labelColumn(width, 250);
  return Plot.plot({
    width,
    height: counts.length * 18 + 40,
    marginLeft,
    marginRight: 16,
    x: {label: "customers ranking it first", grid: true, ticks: Math.max(2, Math.floor((width - marginLeft) / 80))},
    y: {label: null},
    marks: [
      axis,
      Plot.barX(counts, {y: (d) => categoryLabel(d.category), x: "customers", sort: {y: "-x"}, tip: true, fill: "#9aa5b1"}),
      Plot.barX(counts, {y: (d) => categoryLabel(d.category), x: "members", fill: "var(--theme-foreground-focus)", fillOpacity: 0.7}),
      Plot.ruleX([0])
    ]
  });
}
