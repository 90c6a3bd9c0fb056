/**
 * One timeline per customer: online purchases and searches (the competition logs) merged with the
 * offline survey and store visits, plus the interest that did not convert.
 */
import {categoryLabel} from "../categories.js";
import {CHANNELS, FAVOURITES, SURVEY_REASONS, choiceLabel, type StoreRecord, type VisitRecord} from "./records.js";

export interface PurchaseRow {
  date: string;
  /** CLAC1_NM */
  category: string;
  /** PD_NM: untrusted text */
  product: string;
  /** KRW */
  amount: number;
  units: number;
}

export interface SearchRow {
  date: string;
  /** untrusted text */
  keyword: string;
  searches: number;
}

export type TimelineKind = "search" | "purchase" | "survey" | "visit";
export const TIMELINE_KINDS: readonly TimelineKind[] = ["search", "purchase", "survey", "visit"];

export interface TimelineEvent {
  date: string;
  channel: "online" | "offline";
  kind: TimelineKind;
  /** keyword, product, "Sign-up survey" or the items seen in the store */
  label: string;
  detail: string;
  /** KRW spent (purchases) or the price of the items (visits) */
  amount: number | null;
  /** searches and visits: did the interest turn into a purchase? */
  converted: boolean | null;
  entryId: string | null;
}

/** Case-, width- and space-insensitive form used to match interest with purchases. */
export function normaliseTerm(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, "");
}

function categoryParts(category: string): string[] {
  return category.split("/").map(normaliseTerm).filter((p) => p.length > 0);
}

/**
 * A purchase answers an interest term when its product name contains the term, or when the term
 * names the purchase's category (contains the category or one of its "/"-separated parts).
 */
export function purchaseMatches(term: string, p: PurchaseRow): boolean {
  const t = normaliseTerm(term);
  if (!t) return false;
  if (normaliseTerm(p.product).includes(t)) return true;
  return t.includes(normaliseTerm(p.category)) || categoryParts(p.category).some((part) => t.includes(part));
}

/** Items a staff entry names, split on commas, semicolons and line breaks. */
export function visitItems(v: Pick<VisitRecord, "items">): string[] {
  return v.items.split(/[,;\n\r]+/).map((s) => s.trim()).filter((s) => s.length > 0);
}

const won = (v: number) => `₩${Math.round(v).toLocaleString("en-US")}`;

function boughtOnOrAfter(term: string, date: string, purchases: readonly PurchaseRow[]): boolean {
  return purchases.some((p) => p.date >= date && purchaseMatches(term, p));
}

function firstSearch(searches: readonly SearchRow[]): Map<string, {keyword: string; first: string; last: string; searches: number}> {
  const byTerm = new Map<string, {keyword: string; first: string; last: string; searches: number}>();
  for (const s of searches) {
    const key = normaliseTerm(s.keyword);
    if (!key) continue;
    const e = byTerm.get(key);
    if (!e) byTerm.set(key, {keyword: s.keyword, first: s.date, last: s.date, searches: s.searches});
    else {
      if (s.date < e.first) e.first = s.date;
      if (s.date > e.last) e.last = s.date;
      e.searches += s.searches;
    }
  }
  return byTerm;
}

export interface TimelineInput {
  purchases: readonly PurchaseRow[];
  searches: readonly SearchRow[];
  /** offline records of this member */
  records: readonly StoreRecord[];
}

/** Every event, sorted by date, then kind (search, purchase, survey, visit), then label. */
export function mergeTimeline({purchases, searches, records}: TimelineInput): TimelineEvent[] {
  const terms = firstSearch(searches);
  const events: TimelineEvent[] = [];
  for (const s of searches) {
    const term = terms.get(normaliseTerm(s.keyword));
    events.push({
      date: s.date, channel: "online", kind: "search", label: s.keyword,
      detail: `${s.searches} search${s.searches === 1 ? "" : "es"}`,
      amount: null, converted: term ? boughtOnOrAfter(s.keyword, term.first, purchases) : false, entryId: null
    });
  }
  for (const p of purchases) {
    events.push({
      date: p.date, channel: "online", kind: "purchase", label: p.product,
      detail: `${categoryLabel(p.category)} · ${p.units} unit${p.units === 1 ? "" : "s"}`,
      amount: p.amount, converted: null, entryId: null
    });
  }
  for (const r of records) {
    if (r.kind === "survey") {
      events.push({
        date: r.date, channel: "offline", kind: "survey", label: "Sign-up survey (가입 설문)",
        detail: `favourite ${choiceLabel(FAVOURITES, r.favourite)} · why ${choiceLabel(SURVEY_REASONS, r.reason)} · channel ${choiceLabel(CHANNELS, r.channel)}`,
        amount: null, converted: null, entryId: r.entryId
      });
    } else {
      events.push({
        date: r.date, channel: "offline", kind: "visit", label: r.items,
        detail: `${r.minutes} min considered · ${r.bought ? "bought" : "not bought"}${r.notes ? ` · ${r.notes}` : ""}`,
        amount: r.priceKrw, converted: r.bought || visitItems(r).every((item) => boughtOnOrAfter(item, r.date, purchases)), entryId: r.entryId
      });
    }
  }
  const kindOrder = (k: TimelineKind) => TIMELINE_KINDS.indexOf(k);
  return events.sort(
    (a, b) =>
      (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
      kindOrder(a.kind) - kindOrder(b.kind) ||
      (a.label < b.label ? -1 : a.label > b.label ? 1 : 0) ||
      ((a.entryId ?? "") < (b.entryId ?? "") ? -1 : (a.entryId ?? "") > (b.entryId ?? "") ? 1 : 0)
  );
}

export interface MissedInterest {
  source: "online search" | "store visit";
  /** the keyword, or one item the staff noted */
  term: string;
  first: string;
  last: string;
  detail: string;
}

/**
 * Interest that did not convert: keywords with no matching purchase on or after their first
 * search, and items of store visits not bought (then or online afterwards).
 */
export function missedInterest({purchases, searches, records}: TimelineInput): MissedInterest[] {
  const out: MissedInterest[] = [];
  for (const t of firstSearch(searches).values()) {
    if (boughtOnOrAfter(t.keyword, t.first, purchases)) continue;
    out.push({source: "online search", term: t.keyword, first: t.first, last: t.last, detail: `searched ${t.searches} time${t.searches === 1 ? "" : "s"}, nothing matching bought since`});
  }
  for (const r of records) {
    if (r.kind !== "visit" || r.bought) continue;
    for (const item of visitItems(r)) {
      if (boughtOnOrAfter(item, r.date, purchases)) continue;
      out.push({source: "store visit", term: item, first: r.date, last: r.date, detail: `considered ${r.minutes} min at ${won(r.priceKrw)}, not bought${r.notes ? ` · ${r.notes}` : ""}`});
    }
  }
  return out.sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0) || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0));
}
