// Step 3 of the profile service: one customer on one screen, with the tier and type playbooks turned
// into actions for this customer. Every data value (keywords, product names) is set as text.
import * as Plot from "@observablehq/plot";
import * as d3 from "d3";
import {labelColumn} from "./bars.js";
import {categoryLabel} from "../lib/categories.js";
import {customerActions, type CategoryHistory, type CustomerAction, type CustomerProfile} from "../lib/profile/index.js";
import {behaviourType, groupLabel, VARIABLE_INFO, BEHAVIOUR_VARIABLES} from "../lib/segment/types.js";
import {TIERS, type TierKey} from "../lib/value/rules.js";
import type {GroupMeans, TypeKey} from "../lib/segment/types.js";
import type {CustomerRecord, PurchaseRow} from "./profile-db.js";
import {monthsAgo} from "../lib/period.js";
import {daysBetween} from "../lib/calendar.js";
import {formatPAlive} from "../lib/clv/site.js";

export interface CardData {
  rec: CustomerRecord;
  categories: CategoryHistory[];
  n_dates: number;
  purchases: PurchaseRow[];
  keywords: {date: string; keyword: string; searches: number}[];
  groups: {main: string[]; means: GroupMeans[]};
  coPurchase: {a: string; b: string; sessions: number}[];
  /** the data's last day: recency counts back from it, actions are planned from it */
  asOf: string;
}

const won = (x: number) => `₩${Math.round(x).toLocaleString("en-US")}`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string | null, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function tops(rec: CustomerRecord): {category: string; rank: number; index: number}[] {
  const out: {category: string; rank: number; index: number}[] = [];
  for (const i of [1, 2, 3, 4, 5] as const) {
    const category = rec[`top${i}`];
    const index = rec[`top${i}_index`];
    if (category !== null) out.push({category, rank: i, index: index ?? 0});
  }
  return out;
}

/** The library's profile input from the page's tables. */
export function profileOf(d: Omit<CardData, "purchases" | "keywords" | "groups">): CustomerProfile {
  const r = d.rec;
  return {
    clnt_id: r.clnt_id,
    member: r.member && r.age !== null && r.gender !== null ? {age: r.age, gender: r.gender} : null,
    base: r.lines > 0 && r.first_date && r.last_date
      ? {months_ago: monthsAgo(r.last_date, d.asOf), n_dates: d.n_dates, mean_day: r.mean_day, total: r.total, first_date: r.first_date, last_date: r.last_date}
      : null,
    behaviour: {pattern: r.bits, type: (r.type as TypeKey | null) ?? null},
    preference: tops(r),
    categories: d.categories,
    coPurchase: d.coPurchase,
    asOf: d.asOf
  };
}

export function actionsFor(d: Omit<CardData, "purchases" | "keywords" | "groups">): CustomerAction[] {
  return customerActions(profileOf(d));
}

function field(dl: HTMLElement, name: string, value: string, id?: string): void {
  dl.append(el("dt", name), el("dd", value, id ? {id} : {}));
}

function bitsTable(rec: CustomerRecord, groups: CardData["groups"]): HTMLElement {
  const refKey = rec.group ?? "all";
  const ref = groups.means.find((g) => g.group === refKey) ?? null;
  const table = el("table", undefined, {class: "profile-bits"});
  const head = el("tr");
  for (const h of ["variable", "this customer (mean per line)", `reference: ${rec.group ? groupLabel(rec.group) : "all purchase lines"}`, "bit"]) head.append(el("th", h));
  table.append(head);
  BEHAVIOUR_VARIABLES.forEach((v, i) => {
    const mine = rec[v];
    const theirs = ref ? ref[v] : null;
    const bit = rec.bits ? rec.bits[i] : mine === null || theirs === null ? "?" : mine > theirs ? "1" : "0";
    const tr = el("tr");
    const f = (x: number | null) => (x === null ? "—" : x.toLocaleString("en-US", {maximumFractionDigits: 1}));
    tr.append(el("td", VARIABLE_INFO[v].label), el("td", f(mine), {class: "num"}), el("td", f(theirs), {class: "num"}), el("td", bit, {class: "num"}));
    table.append(tr);
  });
  return table;
}

/** One customer's purchases over the data's period (`period`: first and last day of the data). */
export function timelineChart(purchases: readonly PurchaseRow[], {width = 640, period}: {width?: number; period: {start: string; end: string}}): Element {
  const rows = purchases.map((p) => ({...p, day: new Date(`${p.date}T00:00:00Z`), label: categoryLabel(p.category)}));
  const cats = [...new Set(rows.map((r) => r.label))];
  const first = new Date(`${period.start}T00:00:00Z`);
  const last = new Date(`${period.end}T00:00:00Z`);
  const end = new Date(last);
  end.setUTCDate(end.getUTCDate() + 1);
  const {marginLeft, axis} = labelColumn(width, 240);
  // whole days inside the period only: a few days' span would otherwise tick at noon, and a tick on the day after the
  // end sits on the chart's edge
  const ticks = d3.utcTicks(first, last, Math.max(2, Math.floor((width - marginLeft) / 90))).filter((t) => t.getUTCHours() === 0);
  const days = daysBetween(period.start, period.end) + 1;
  return Plot.plot({
    width,
    height: Math.max(120, cats.length * 28 + 60),
    marginLeft,
    marginRight: 14,
    x: {type: "utc", label: null, domain: [first, end], ticks, tickFormat: days <= 62 ? "%b %-d" : undefined},
    y: {label: null, domain: cats},
    r: {range: [3, 12]},
    marks: [
      axis,
      Plot.dot(rows, {x: "day", y: "label", r: "amount", fill: "var(--theme-foreground-focus)", fillOpacity: 0.6,
        title: (d) => `${d.date} · ${d.product} · ${d.units} × · ${won(d.amount)}`, tip: true})
    ]
  });
}

export function profileCard(d: CardData, actions: readonly CustomerAction[]): HTMLElement {
  const r = d.rec;
  const card = el("div", undefined, {class: "card profile-card", id: "profile-card", "data-clnt-id": String(r.clnt_id), "data-tier": r.tier ?? "", "data-top1": r.top1 ?? ""});
  const who = r.member ? `member · ${r.age}s ${r.gender === "F" ? "female (여성)" : r.gender === "M" ? "male (남성)" : ""}` : "non-member (no age or gender)";
  card.append(el("h2", `Customer ${r.clnt_id}`), el("p", who, {class: "muted"}));

  const dl = el("dl", undefined, {class: "profile-facts"});
  field(dl, "Device / region", `${r.device ?? "—"} · ${r.region ?? "—"}`);
  field(dl, "Sessions / lines", `${r.sessions} purchase sessions · ${r.lines} lines · ${d.n_dates} purchase days`);
  field(dl, "Spend", r.lines ? `${won(r.total)} · first ${r.first_date} · last ${r.last_date}` : "no purchase");
  const tier = TIERS.find((t) => t.key === (r.tier as TierKey));
  field(dl, "Value tier (333)", tier ? `${tier.label} · R${r.r} F${r.f} M${r.m} · points ${((r.point_rate ?? 0) * 100).toFixed(1)}%` : "not tiered (no purchase)", "profile-tier");
  // CLV: P(alive) and lifetime value (26 weeks, 1% a month) beside the tier
  const lv = r as CustomerRecord & {p_alive?: number | null; clv?: number | null};
  field(dl, "Lifetime value", typeof lv.p_alive === "number" && typeof lv.clv === "number" ? `P(alive) ${formatPAlive(lv.p_alive)} · CLV ${won(lv.clv)} over the next 26 weeks` : r.lines ? "not estimated for this data" : "no purchase", "profile-clv");
  const bt = r.bits ? behaviourType(r.bits) : null;
  field(dl, "Behaviour type", bt ? `${bt.label} · pattern ${bt.pattern}` : "unknown (a variable has no usable value)", "profile-type");
  card.append(dl);

  card.append(el("h3", "Behaviour bits against the reference (time, page views, searches, price)"), bitsTable(r, d.groups));

  card.append(el("h3", "Preference ranking, top 5 (over every category)"));
  const ol = el("ol", undefined, {id: "profile-top5"});
  for (const t of tops(r)) ol.append(el("li", `${categoryLabel(t.category)} — index ${t.index.toFixed(1)}`, {"data-category": t.category}));
  card.append(ol);

  card.append(el("h3", "Recent keywords"));
  if (d.keywords.length) {
    const ul = el("ul", undefined, {class: "profile-keywords", id: "profile-keywords"});
    for (const k of d.keywords) ul.append(el("li", `${k.date} · ${k.keyword}${k.searches > 1 ? ` ×${k.searches}` : ""}`));
    card.append(ul);
  } else card.append(el("p", "No searches recorded.", {class: "muted"}));

  card.append(el("h3", "What to do for this customer"));
  const acts = el("ul", undefined, {class: "profile-actions", id: "profile-actions"});
  for (const a of actions) {
    const li = el("li", undefined, {"data-playbook": a.playbook, "data-key": a.key});
    li.append(el("strong", `${a.source === "tier" ? "Tier" : "Type"} · ${a.title}: `), document.createTextNode(a.detail));
    acts.append(li);
  }
  card.append(acts);
  return card;
}

/**
 * Wrap an input (its value and "input" events) so the page sees a new value only once typing has
 * paused for `ms`: each lookup fetches the customer's row groups, so "1", "17", "178", … typed on
 * the way to "17830" are not looked up. The initial value counts at once.
 */
export function debounced<T extends HTMLElement & {value: string}>(input: T, ms = 300): HTMLElement & {value: string} {
  const box = document.createElement("div") as unknown as HTMLElement & {value: string};
  box.append(input);
  box.value = input.value;
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener("input", (e) => {
    if (e.target === box) return;
    e.stopPropagation();
    clearTimeout(timer);
    timer = setTimeout(() => {
      box.value = input.value;
      box.dispatchEvent(new Event("input", {bubbles: true}));
    }, ms);
  });
  return box;
}
