/**
 * The behaviour segmentation (Methods page: behaviour segments) recomputed from shipped per (group, category) sums and counts,
 * so the page can re-run it for any choice of groups, categories and outlier rule. Means are sum / count,
 * exactly as segment/compute.ts and segment/sql.ts compute them; bits and modal patterns come from the
 * library's own functions.
 */
import {
  BEHAVIOUR_VARIABLES,
  behaviourBits,
  behaviourType,
  boundsParams,
  modalPatterns,
  parseGroupKey,
  segmentLinesSql,
  type BehaviourVariable,
  type BitRow,
  type MeanRow,
  type OutlierRule,
  type PatternRow,
  type SubtypeRule,
  type TypeCount,
  type TypeKey,
  type Subtype,
  type VariableBounds
} from "../lib/segment/index.js";
import {bindQuery, compareText, type BoundQuery} from "../lib/value/bind.js";

export {SEGMENT_RULES, type RulePreset, type TypeCount} from "../lib/segment/index.js";

/**
 * The report's published category patterns (Methods page: behaviour segments); 시즌스포츠 is among the report's 11 categories
 * but its table gives it no pattern. Two patterns = the report shows the category under both.
 */
export const PUBLISHED_PATTERNS: Readonly<Record<string, readonly string[]>> = {
  "여성의류": ["1101"],
  "패션잡화": ["1101"],
  "스포츠패션": ["1101", "1111"],
  "건강식품": ["1111"],
  "화장품/뷰티케어": ["0011"],
  "남성의류": ["0000"],
  "속옷/양말/홈웨어": ["0000"],
  "유아동의류": ["0000", "0010"],
  "출산/육아용품": ["0000"],
  "퍼스널케어": ["0010"]
};

type SumKey = `${BehaviourVariable}_sum` | `${BehaviourVariable}_n`;
export const SUM_KEYS: readonly SumKey[] = BEHAVIOUR_VARIABLES.flatMap((v) => [`${v}_sum`, `${v}_n`] as SumKey[]);

export interface CellRow {
  group: string;
  category: string;
  lines: number;
  [k: string]: number | string;
}

/** Per member age×gender group and category: purchase lines, and Σ / count of each variable after the outlier rule. */
export function segmentCellsQuery(bounds: readonly Pick<VariableBounds, "variable" | "lo" | "hi">[]): BoundQuery {
  const sums = BEHAVIOUR_VARIABLES.map((v) => `coalesce(sum(${v}), 0)::DOUBLE AS ${v}_sum, count(${v})::BIGINT AS ${v}_n`).join(", ");
  const sql = `SELECT age::VARCHAR || gender AS "group", category, count(*)::BIGINT AS lines, ${sums}
FROM (${segmentLinesSql("bound", {ordered: false})})
WHERE age IS NOT NULL AND gender IS NOT NULL
GROUP BY ALL ORDER BY "group", category`;
  return bindQuery(sql, boundsParams(bounds));
}

/** Rule `i`'s cells out of segmentCellsByRuleQuery's rows (columns r<i>_time_sum …). */
export function ruleCells(rows: readonly Record<string, unknown>[], i: number): CellRow[] {
  return rows.map((r) => ({group: String(r.group), category: String(r.category), lines: Number(r.lines), ...Object.fromEntries(SUM_KEYS.map((k) => [k, Number(r[`r${i}_${k}`])]))}));
}

export interface RuleData {
  key: string;
  label: string;
  rule: OutlierRule;
  bounds: VariableBounds[];
  /** aligned with SegmentsData.cells */
  sums: Record<SumKey, number[]>;
  /** every customer's own type with the data's 7 largest groups */
  types: TypeCount[];
}

export interface SegmentsData {
  source: string;
  dataVersion: string;
  groups: string[];
  categories: string[];
  /** indexes into groups / categories, and purchase lines */
  cells: {group: number[]; category: number[]; lines: number[]};
  rules: RuleData[];
}

/** Column-wise cells of one rule; every rule must list the same (group, category) cells in the same order. */
export function packCells(rows: readonly CellRow[], groups: readonly string[], categories: readonly string[]): {cells: SegmentsData["cells"]; sums: Record<SumKey, number[]>} {
  const gi = new Map(groups.map((g, i) => [g, i]));
  const ci = new Map(categories.map((c, i) => [c, i]));
  const sums = Object.fromEntries(SUM_KEYS.map((k) => [k, rows.map((r) => Number(r[k]))])) as Record<SumKey, number[]>;
  return {cells: {group: rows.map((r) => gi.get(r.group)!), category: rows.map((r) => ci.get(r.category)!), lines: rows.map((r) => r.lines)}, sums};
}

export function countTypes(rows: ReadonlyArray<{group: string | null; pattern: string | null}>): TypeCount[] {
  const n = new Map<string, TypeCount>();
  for (const r of rows) {
    const k = `${r.group}|${r.pattern}`;
    const c = n.get(k) ?? {group: r.group, pattern: r.pattern, customers: 0};
    c.customers++;
    n.set(k, c);
  }
  return sortTypeCounts([...n.values()]);
}

/** By group, then pattern (nulls last), as the page lists them. */
export function sortTypeCounts(counts: TypeCount[]): TypeCount[] {
  const order = (x: string | null) => x ?? "~";
  return counts.sort((a, b) => compareText(order(a.group), order(b.group)) || compareText(order(a.pattern), order(b.pattern)));
}

export interface GroupSize {
  group: string;
  age: number;
  gender: string;
  lines: number;
  size_rank: number;
}

/** Member groups by purchase lines (ties: age, gender), as segment/compute.ts rankGroups. */
export function groupSizes(data: SegmentsData): GroupSize[] {
  const lines = new Array<number>(data.groups.length).fill(0);
  data.cells.group.forEach((g, i) => (lines[g] += data.cells.lines[i]));
  return data.groups
    .map((group, i) => ({group, ...parseGroupKey(group), lines: lines[i], size_rank: 0}))
    .sort((a, b) => b.lines - a.lines || a.age - b.age || compareText(a.gender, b.gender))
    .map((g, i) => ({...g, size_rank: i + 1}));
}

/** Categories by purchase lines over every member group. */
export function categorySizes(data: SegmentsData): {category: string; lines: number}[] {
  const lines = new Array<number>(data.categories.length).fill(0);
  data.cells.category.forEach((c, i) => (lines[c] += data.cells.lines[i]));
  return data.categories.map((category, i) => ({category, lines: lines[i]})).sort((a, b) => b.lines - a.lines || compareText(a.category, b.category));
}

export interface Selection {
  rule: string;
  groups: readonly string[];
  categories: readonly string[];
  /** the group average over all the group's purchases (Methods page: behaviour segments) or over the chosen categories only */
  average: "all" | "chosen";
  subtypeRule?: SubtypeRule;
}

export interface Segmentation {
  rule: RuleData;
  /** MeanRow per chosen group: its average (category null), then its chosen categories */
  means: MeanRow[];
  /** the chosen groups pooled: per category and overall (group "all") */
  pooled: MeanRow[];
  bits: BitRow[];
  patterns: PatternRow[];
}

type Acc = {lines: number} & Record<SumKey, number>;

const zero = (): Acc => ({lines: 0, ...(Object.fromEntries(SUM_KEYS.map((k) => [k, 0])) as Record<SumKey, number>)});

function meanRow(group: string, category: string | null, a: Acc): MeanRow {
  const {age, gender} = group === "all" ? {age: 0, gender: ""} : parseGroupKey(group);
  const row = {group, age, gender, category, lines: a.lines} as MeanRow;
  for (const v of BEHAVIOUR_VARIABLES) {
    row[v] = a[`${v}_n`] ? a[`${v}_sum`] / a[`${v}_n`] : null;
    row[`${v}_n`] = a[`${v}_n`];
  }
  return row;
}

export function ruleData(data: SegmentsData, key: string): RuleData {
  const r = data.rules.find((x) => x.key === key);
  if (!r) throw new Error(`unknown outlier rule ${JSON.stringify(key)} (expected ${data.rules.map((x) => x.key).join(", ")})`);
  return r;
}

/** Means, bits and modal patterns for a selection, as segmentBehaviour would give with those groups and categories. */
export function segmentSelection(data: SegmentsData, sel: Selection): Segmentation {
  const rule = ruleData(data, sel.rule);
  const groups = new Set(sel.groups);
  const categories = new Set(sel.categories);
  const cell = new Map<string, Acc>();
  const avg = new Map<string, Acc>();
  const pooledCat = new Map<string, Acc>();
  const pooledAll = zero();
  const add = (a: Acc, i: number) => {
    a.lines += data.cells.lines[i];
    for (const k of SUM_KEYS) a[k] += rule.sums[k][i];
  };
  const get = (m: Map<string, Acc>, k: string) => m.get(k) ?? m.set(k, zero()).get(k)!;
  data.cells.group.forEach((gi, i) => {
    const g = data.groups[gi];
    if (!groups.has(g)) return;
    const c = data.categories[data.cells.category[i]];
    const chosen = categories.has(c);
    if (sel.average === "all" || chosen) add(get(avg, g), i);
    if (!chosen) return;
    add(get(cell, `${g}\u0000${c}`), i);
    add(get(pooledCat, c), i);
    add(pooledAll, i);
  });
  const order = [...groups].filter((g) => avg.has(g)).map((g) => ({g, ...parseGroupKey(g)})).sort((a, b) => a.age - b.age || compareText(a.gender, b.gender));
  const cats = [...categories].sort(compareText);
  const means: MeanRow[] = [];
  for (const {g} of order) {
    means.push(meanRow(g, null, avg.get(g)!));
    for (const c of cats) {
      const a = cell.get(`${g}\u0000${c}`);
      if (a) means.push(meanRow(g, c, a));
    }
  }
  const pooled = [meanRow("all", null, pooledAll), ...cats.filter((c) => pooledCat.has(c)).map((c) => meanRow("all", c, pooledCat.get(c)!))];
  const bits = behaviourBits(means);
  return {rule, means, pooled, bits, patterns: modalPatterns(bits, sel.categories.filter((c) => categories.has(c)), sel.subtypeRule ?? "report")};
}

export interface TypeSize {
  type: TypeKey;
  customers: number;
  share: number;
  subtypes: Record<Subtype, number>;
}

/** Customers per type (and more / less subtype) from every customer's own pattern. */
export function typeSizes(rows: readonly TypeCount[], subtypeRule: SubtypeRule = "report"): {sizes: TypeSize[]; typed: number; untyped: number} {
  const by = new Map<TypeKey, TypeSize>();
  let typed = 0;
  let untyped = 0;
  for (const r of rows) {
    if (r.pattern === null) {
      untyped += r.customers;
      continue;
    }
    const t = behaviourType(r.pattern, subtypeRule);
    const s = by.get(t.type) ?? {type: t.type, customers: 0, share: 0, subtypes: {more: 0, less: 0}};
    s.customers += r.customers;
    s.subtypes[t.subtype] += r.customers;
    by.set(t.type, s);
    typed += r.customers;
  }
  const sizes = (["meticulous", "enthusiast", "easygoing"] as const).map((type) => by.get(type) ?? {type, customers: 0, share: 0, subtypes: {more: 0, less: 0}});
  for (const s of sizes) s.share = typed ? s.customers / typed : 0;
  return {sizes, typed, untyped};
}

/** ✓ / ✗ against the published table; null where the report publishes no pattern. */
export function publishedMatch(category: string, patterns: readonly string[]): boolean | null {
  const p = PUBLISHED_PATTERNS[category];
  if (!p) return null;
  return p.length === patterns.length && p.every((x) => patterns.includes(x));
}
