/**
 * Behaviour segmentation over plain arrays (Methods page: behaviour segments); segment/sql.ts computes the same tables in DuckDB.
 *
 * Outlier rule (Decision, visible and countable): bounds per variable over its own unit — one value per
 * purchasing session for time, page views and searches; one value per purchase line for unit price.
 * A value outside [lo, hi] is dropped from that variable's means only (the session's other variables
 * stay). NULL time / page views are excluded too and counted separately. Searches are zero-inflated
 * (most sessions have none), so their bounds come from the sessions with ≥ 1 search and a zero is never
 * an outlier. Bounds come from every purchasing session / line (all customers), so they do not move
 * when the reader changes the groups or categories shown.
 * - percentile: [q(lower), q(upper)] with DuckDB's quantile_cont (linear interpolation)
 * - iqr: [q1 − k·IQR, q3 + k·IQR]
 * - none: keep everything
 *
 * Means are sum / count, so integer-valued variables give identical results in TS and SQL and the
 * "category mean > group average" comparison is exact.
 */
import {compareText, withDefaults} from "../value/bind.js";
import {BEHAVIOUR_VARIABLES, behaviourType, groupKey, parseGroupKey, patternOf, type BehaviourType, type BehaviourVariable, type Bit, type SubtypeRule} from "./types.js";

export type OutlierRule = {kind: "percentile"; lower: number; upper: number} | {kind: "iqr"; k: number} | {kind: "none"};

export const DEFAULT_OUTLIER_RULE: Readonly<OutlierRule> = Object.freeze({kind: "percentile", lower: 0.01, upper: 0.99});

export interface RulePreset {
  key: string;
  label: string;
  rule: OutlierRule;
}

/**
 * The outlier rules the segments page offers; the first is the default. The shared customer build makes
 * every one's bounds, so they live here, in the code its cache key covers.
 */
export const SEGMENT_RULES: readonly RulePreset[] = [
  {key: "p01-99", label: "1st–99th percentile (default)", rule: DEFAULT_OUTLIER_RULE},
  {key: "p05-95", label: "5th–95th percentile", rule: {kind: "percentile", lower: 0.05, upper: 0.95}},
  {key: "iqr3", label: "Q1 − 3·IQR … Q3 + 3·IQR", rule: {kind: "iqr", k: 3}},
  {key: "none", label: "none (keep every value)", rule: {kind: "none"}}
];

export function resolveOutlierRule(rule: OutlierRule = DEFAULT_OUTLIER_RULE): OutlierRule {
  switch (rule.kind) {
    case "percentile":
      if (!(rule.lower >= 0 && rule.lower < rule.upper && rule.upper <= 1))
        throw new Error(`invalid percentile outlier rule lower = ${rule.lower}, upper = ${rule.upper}: expected 0 ≤ lower < upper ≤ 1`);
      return rule;
    case "iqr":
      if (!(Number.isFinite(rule.k) && rule.k >= 0)) throw new Error(`invalid IQR outlier multiplier k = ${rule.k}: expected ≥ 0`);
      return rule;
    case "none":
      return rule;
    default:
      throw new Error(`unknown outlier rule ${JSON.stringify(rule)} (expected kind "percentile", "iqr" or "none")`);
  }
}

export interface SegmentOptions {
  outliers: OutlierRule;
  /** the N largest age×gender groups by member purchase lines, or explicit keys such as "20F" */
  groups: number | readonly string[];
  /** categories in the means table; null = every category */
  categories: readonly string[] | null;
  /** how the search bit names more / less (see SubtypeRule) */
  subtypeRule: SubtypeRule;
}

export const DEFAULT_SEGMENT_OPTIONS: Readonly<SegmentOptions> = Object.freeze({outliers: DEFAULT_OUTLIER_RULE, groups: 7, categories: null, subtypeRule: "report"});

export function resolveSegmentOptions(partial: Partial<SegmentOptions> = {}): SegmentOptions {
  const o = withDefaults<SegmentOptions>(DEFAULT_SEGMENT_OPTIONS, partial);
  resolveOutlierRule(o.outliers);
  if (typeof o.groups === "number") {
    if (!Number.isInteger(o.groups) || o.groups < 1) throw new Error(`invalid number of groups ${JSON.stringify(o.groups)}: expected an integer ≥ 1`);
  } else {
    if (o.groups.length === 0) throw new Error("the group list must not be empty");
    o.groups.forEach(parseGroupKey);
  }
  if (o.categories && o.categories.length === 0) throw new Error("the category list must not be empty (use null for all)");
  if (o.subtypeRule !== "report" && o.subtypeRule !== "search-bit") throw new Error(`unknown subtype rule ${JSON.stringify(o.subtypeRule)} (expected "report" or "search-bit")`);
  return o;
}

/** One purchasing session. */
export interface SegmentSession {
  clnt_id: number;
  sess_id: number;
  time: number | null;
  pageviews: number | null;
  /** Σ search1.search_cnt of the session, 0 if none */
  searches: number;
}

/** One purchase line. */
export interface SegmentLine {
  clnt_id: number;
  sess_id: number;
  category: string;
  /** unit price pd_buy_am */
  price: number;
  age: number | null;
  gender: string | null;
}

export interface VariableBounds {
  variable: BehaviourVariable;
  unit: "session" | "line";
  /** values the bounds were computed from */
  n: number;
  /** NULL values (excluded from the means) */
  nulls: number;
  lo: number | null;
  hi: number | null;
  /** non-null values outside [lo, hi], dropped from the means */
  removed: number;
}

/** A purchase line carrying its session's variables; null = missing or outlier. */
export interface FeatureLine {
  clnt_id: number;
  sess_id: number;
  category: string;
  age: number | null;
  gender: string | null;
  time: number | null;
  pageviews: number | null;
  searches: number | null;
  price: number | null;
}

/** DuckDB quantile_cont: linear interpolation at (n − 1)·q over the sorted values, in its order of operations (the same bits). */
export function quantileCont(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rn = (sorted.length - 1) * q;
  const f = Math.floor(rn);
  const c = Math.ceil(rn);
  if (f === c) return sorted[f];
  const lo = sorted[f];
  const hi = sorted[c];
  const d = rn - f;
  return lo * (1 - d) + hi * d;
}

export function outlierBounds(values: readonly number[], rule: OutlierRule): {lo: number | null; hi: number | null} {
  if (rule.kind === "none") return {lo: -Infinity, hi: Infinity};
  const sorted = [...values].sort((a, b) => a - b);
  if (rule.kind === "percentile") return {lo: quantileCont(sorted, rule.lower), hi: quantileCont(sorted, rule.upper)};
  const q1 = quantileCont(sorted, 0.25);
  const q3 = quantileCont(sorted, 0.75);
  if (q1 === null || q3 === null) return {lo: null, hi: null};
  return {lo: q1 - rule.k * (q3 - q1), hi: q3 + rule.k * (q3 - q1)};
}

/** A null bound is open; it only arises where there is no value to test. */
function inside(x: number, b: {lo: number | null; hi: number | null}): boolean {
  return (b.lo === null || x >= b.lo) && (b.hi === null || x <= b.hi);
}

/** Apply the outlier rule: feature lines with outliers masked, and the bounds with their counts. */
export function segmentFeatures(
  sessions: readonly SegmentSession[],
  lines: readonly SegmentLine[],
  rule: OutlierRule = DEFAULT_OUTLIER_RULE
): {bounds: VariableBounds[]; lines: FeatureLine[]} {
  resolveOutlierRule(rule);
  const key = (c: number, s: number) => `${c}:${s}`;
  const bySession = new Map(sessions.map((s) => [key(s.clnt_id, s.sess_id), s]));
  if (bySession.size !== sessions.length) throw new Error("duplicate (clnt_id, sess_id) among purchasing sessions");
  const used = new Set(lines.map((l) => key(l.clnt_id, l.sess_id)));
  const purchasing = sessions.filter((s) => used.has(key(s.clnt_id, s.sess_id)));

  const bounds = new Map<BehaviourVariable, VariableBounds>();
  const session = (v: "time" | "pageviews" | "searches") => {
    const all = purchasing.map((s) => s[v]);
    const nonNull = all.filter((x): x is number => x !== null);
    const basis = v === "searches" ? nonNull.filter((x) => x > 0) : nonNull;
    const b = outlierBounds(basis, rule);
    const removed = basis.filter((x) => !inside(x, b)).length;
    bounds.set(v, {variable: v, unit: "session", n: basis.length, nulls: all.length - nonNull.length, ...b, removed});
  };
  session("time");
  session("pageviews");
  session("searches");
  const prices = lines.map((l) => l.price);
  const pb = outlierBounds(prices, rule);
  bounds.set("price", {variable: "price", unit: "line", n: prices.length, nulls: 0, ...pb, removed: prices.filter((x) => !inside(x, pb)).length});

  const keep = (v: BehaviourVariable, x: number | null) => {
    if (x === null) return null;
    if (v === "searches" && x === 0) return 0;
    return inside(x, bounds.get(v)!) ? x : null;
  };
  const out = lines.map((l) => {
    const s = bySession.get(key(l.clnt_id, l.sess_id));
    if (!s) throw new Error(`purchase line of client ${l.clnt_id} refers to unknown session ${l.sess_id}`);
    return {
      clnt_id: l.clnt_id,
      sess_id: l.sess_id,
      category: l.category,
      age: l.age,
      gender: l.gender,
      time: keep("time", s.time),
      pageviews: keep("pageviews", s.pageviews),
      searches: keep("searches", s.searches),
      price: keep("price", l.price)
    };
  });
  return {bounds: BEHAVIOUR_VARIABLES.map((v) => bounds.get(v)!), lines: out};
}

export interface GroupRow {
  group: string;
  age: number;
  gender: string;
  /** member purchase lines */
  lines: number;
  /** 1 = largest */
  size_rank: number;
}

/** All age×gender groups of member lines, ranked by size (ties: age, gender). */
export function rankGroups(lines: ReadonlyArray<{age: number | null; gender: string | null}>): GroupRow[] {
  const n = new Map<string, {age: number; gender: string; lines: number}>();
  for (const l of lines) {
    if (l.age === null || l.gender === null) continue;
    const k = groupKey(l.age, l.gender);
    const g = n.get(k) ?? {age: l.age, gender: l.gender, lines: 0};
    g.lines++;
    n.set(k, g);
  }
  return [...n.entries()]
    .map(([group, g]) => ({group, ...g, size_rank: 0}))
    .sort((a, b) => b.lines - a.lines || a.age - b.age || compareText(a.gender, b.gender))
    .map((g, i) => ({...g, size_rank: i + 1}));
}

/** The main groups, in (age, gender) order. */
export function mainGroups(lines: ReadonlyArray<{age: number | null; gender: string | null}>, groups: number | readonly string[] = 7): GroupRow[] {
  const ranked = rankGroups(lines);
  const chosen = typeof groups === "number" ? ranked.slice(0, groups) : ranked.filter((g) => groups.includes(g.group));
  return chosen.sort((a, b) => a.age - b.age || compareText(a.gender, b.gender));
}

export type VariableMeans = {[V in BehaviourVariable]: number | null} & {[V in BehaviourVariable as `${V}_n`]: number};

export interface MeanRow extends VariableMeans {
  group: string;
  age: number;
  gender: string;
  /** null = the group average over all the group's purchases */
  category: string | null;
  lines: number;
}

export function meansOf(lines: readonly FeatureLine[]): VariableMeans & {lines: number} {
  const out = {lines: lines.length} as VariableMeans & {lines: number};
  for (const v of BEHAVIOUR_VARIABLES) {
    let sum = 0;
    let n = 0;
    for (const l of lines) {
      const x = l[v];
      if (x !== null) {
        sum += x;
        n++;
      }
    }
    out[v] = n ? sum / n : null;
    out[`${v}_n`] = n;
  }
  return out;
}

/** Group × category means plus each group's average (category null), sorted by age, gender, category (null first). */
export function behaviourMeans(lines: readonly FeatureLine[], groups: readonly GroupRow[], categories: readonly string[] | null = null): MeanRow[] {
  const out: MeanRow[] = [];
  for (const g of groups) {
    const mine = lines.filter((l) => l.age === g.age && l.gender === g.gender);
    out.push({group: g.group, age: g.age, gender: g.gender, category: null, ...meansOf(mine)});
    const cats = [...new Set(mine.map((l) => l.category))].filter((c) => !categories || categories.includes(c)).sort(compareText);
    for (const c of cats) out.push({group: g.group, age: g.age, gender: g.gender, category: c, ...meansOf(mine.filter((l) => l.category === c))});
  }
  return out.sort((a, b) => a.age - b.age || compareText(a.gender, b.gender) || (a.category === null ? -1 : b.category === null ? 1 : compareText(a.category, b.category)));
}

function bit(x: number | null, avg: number | null): Bit {
  if (x === null || avg === null) return null;
  return x > avg ? 1 : 0;
}

export function bitsAgainst(x: {[V in BehaviourVariable]: number | null}, avg: {[V in BehaviourVariable]: number | null}): Bit[] {
  return BEHAVIOUR_VARIABLES.map((v) => bit(x[v], avg[v]));
}

export interface BitRow {
  group: string;
  category: string;
  bits: Bit[];
  /** null when a mean is missing (no usable value) */
  pattern: string | null;
}

/** 1 where the category mean is strictly above the group average. */
export function behaviourBits(means: readonly MeanRow[]): BitRow[] {
  const avg = new Map(means.filter((m) => m.category === null).map((m) => [m.group, m]));
  return means
    .filter((m) => m.category !== null)
    .map((m) => {
      const a = avg.get(m.group);
      if (!a) throw new Error(`no group average row for group ${m.group}`);
      const bits = bitsAgainst(m, a);
      return {group: m.group, category: m.category!, bits, pattern: patternOf(bits)};
    });
}

export interface PatternRow {
  category: string;
  /** the most common pattern(s); several when tied, sorted */
  patterns: string[];
  /** groups showing each modal pattern */
  votes: number;
  /** groups with a complete pattern for the category */
  groups: number;
  types: BehaviourType[];
  /** every group's pattern */
  by_group: Record<string, string | null>;
}

/** Each category's modal pattern across the groups (ties: all tied patterns) and its behaviour type(s). */
export function modalPatterns(bits: readonly BitRow[], categories: readonly string[] | null = null, rule: SubtypeRule = "report"): PatternRow[] {
  const cats = categories ? categories.filter((c) => bits.some((b) => b.category === c)) : [...new Set(bits.map((b) => b.category))].sort(compareText);
  return cats.map((category) => {
    const rows = bits.filter((b) => b.category === category);
    const votes = new Map<string, number>();
    for (const r of rows) if (r.pattern !== null) votes.set(r.pattern, (votes.get(r.pattern) ?? 0) + 1);
    const top = Math.max(0, ...votes.values());
    const patterns = [...votes.entries()].filter(([, n]) => n === top && top > 0).map(([p]) => p).sort();
    return {
      category,
      patterns,
      votes: top,
      groups: [...votes.values()].reduce((s, n) => s + n, 0),
      types: patterns.map((p) => behaviourType(p, rule)),
      by_group: Object.fromEntries(rows.map((r) => [r.group, r.pattern]))
    };
  });
}

export interface SegmentationResult {
  bounds: VariableBounds[];
  groups: GroupRow[];
  means: MeanRow[];
  bits: BitRow[];
  patterns: PatternRow[];
}

/** The whole §2 pipeline over arrays. */
export function segmentBehaviour(sessions: readonly SegmentSession[], lines: readonly SegmentLine[], options: Partial<SegmentOptions> = {}): SegmentationResult {
  const o = resolveSegmentOptions(options);
  const f = segmentFeatures(sessions, lines, o.outliers);
  const groups = mainGroups(lines, o.groups);
  const means = behaviourMeans(f.lines, groups, o.categories);
  const bits = behaviourBits(means);
  return {bounds: f.bounds, groups, means, bits, patterns: modalPatterns(bits, o.categories, o.subtypeRule)};
}

export interface CustomerTypeRow {
  clnt_id: number;
  /** the customer's main group, null when outside the main groups or not a member */
  group: string | null;
  /** what the customer's means are compared with */
  reference: "group" | "all";
  lines: number;
  time: number | null;
  pageviews: number | null;
  searches: number | null;
  price: number | null;
  bits: Bit[];
  pattern: string | null;
  type: BehaviourType["type"] | null;
  subtype: BehaviourType["subtype"] | null;
}

/**
 * Every customer's own behaviour type. The customer's mean of a variable is the mean over all the
 * customer's purchase lines (every category), each line carrying its session's value after the outlier
 * rule — the same line weighting as the group average, which is therefore the line-weighted mean of its
 * customers' means. It is compared with the customer's main group's average over all categories, or,
 * for customers outside the main groups and non-members, with the average over every purchase line.
 * A variable with no usable value gives a null bit and no type.
 */
export function customerBehaviourTypes(lines: readonly FeatureLine[], groups: readonly GroupRow[], rule: SubtypeRule = "report"): CustomerTypeRow[] {
  const groupAvg = new Map(groups.map((g) => [g.group, meansOf(lines.filter((l) => l.age === g.age && l.gender === g.gender))]));
  const overall = meansOf(lines);
  const by = new Map<number, FeatureLine[]>();
  for (const l of lines) {
    const list = by.get(l.clnt_id);
    if (list) list.push(l);
    else by.set(l.clnt_id, [l]);
  }
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([clnt_id, ls]) => {
      const m = meansOf(ls);
      const first = ls[0];
      const group = first.age !== null && first.gender !== null && groupAvg.has(groupKey(first.age, first.gender)) ? groupKey(first.age, first.gender) : null;
      const bits = bitsAgainst(m, group ? groupAvg.get(group)! : overall);
      const pattern = patternOf(bits);
      const t = pattern ? behaviourType(pattern, rule) : null;
      return {
        clnt_id,
        group,
        reference: group ? "group" : "all",
        lines: ls.length,
        time: m.time,
        pageviews: m.pageviews,
        searches: m.searches,
        price: m.price,
        bits,
        pattern,
        type: t?.type ?? null,
        subtype: t?.subtype ?? null
      };
    });
}
