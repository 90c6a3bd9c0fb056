/** The report's "333 rule": recency, frequency and monetary scores, engagement grade and value tier (Methods page: customer value). */
import {withDefaults} from "./bind.js";

export interface ValueThresholds {
  /**
   * R = 3 when the last purchase falls in the data's last r3Months calendar months (report: 2 — its data
   * ended in September, and R = 3 meant August or September)
   */
  r3Months: number;
  /** R = 2 when it falls in the last r2Months months but not the last r3Months (report: 4, June or July); else R = 1 */
  r2Months: number;
  /** F = 3 when the mean repurchase gap ≤ gapDays (report: 15); F = 2 above; F = 1 for one purchase day */
  gapDays: number;
  /** M = 2 from m2 KRW (report: 100,000) */
  m2: number;
  /** M = 3 from m3 KRW (report: 1,000,000) */
  m3: number;
  /** engagement grade E = 1 when R + F ≤ rfCut (report: 4), else 2 */
  rfCut: number;
  /** "high M" means M ≥ highM (Decision: 2; the reader may switch to 3) */
  highM: 2 | 3;
}

export const DEFAULT_THRESHOLDS: Readonly<ValueThresholds> = Object.freeze({
  r3Months: 2,
  r2Months: 4,
  gapDays: 15,
  m2: 100_000,
  m3: 1_000_000,
  rfCut: 4,
  highM: 2
});

/** Recency windows longer than this many months are not a recency score any more. */
export const MAX_RECENCY_MONTHS = 240;

function fail(name: string, value: unknown, why: string): never {
  throw new Error(`invalid value threshold ${name} = ${JSON.stringify(value)}: ${why}`);
}

/** Defaults filled in and every value checked; errors name the bad value. */
export function resolveThresholds(partial: Partial<ValueThresholds> = {}): ValueThresholds {
  const t = withDefaults<ValueThresholds>(DEFAULT_THRESHOLDS, partial);
  for (const k of ["r3Months", "r2Months"] as const) {
    if (!Number.isInteger(t[k]) || t[k] < 1 || t[k] > MAX_RECENCY_MONTHS) fail(k, t[k], `expected a whole number of months 1..${MAX_RECENCY_MONTHS}`);
  }
  if (t.r2Months < t.r3Months) fail("r2Months", t.r2Months, `must not be below r3Months (${t.r3Months})`);
  if (!Number.isFinite(t.gapDays) || t.gapDays < 0) fail("gapDays", t.gapDays, "expected a number of days ≥ 0");
  for (const k of ["m2", "m3"] as const) if (!Number.isFinite(t[k]) || t[k] < 0) fail(k, t[k], "expected an amount ≥ 0 KRW");
  if (t.m2 > t.m3) fail("m2", t.m2, `must not exceed m3 (${t.m3})`);
  if (!Number.isInteger(t.rfCut) || t.rfCut < 2 || t.rfCut > 6) fail("rfCut", t.rfCut, "expected an integer 2..6 (R + F ranges over 2..6)");
  if (t.highM !== 2 && t.highM !== 3) fail("highM", t.highM, "expected 2 or 3");
  return t;
}

export type TierKey = "star" | "butterfly" | "chicken-rib" | "unmanaged";
export type Score = 1 | 2 | 3;

export interface TierInfo {
  key: TierKey;
  en: string;
  ko: string;
  /** "Star (스타)" */
  label: string;
  /** engagement grade E of the tier */
  engagement: 1 | 2;
  /** monetary grade high (M ≥ highM) or low */
  highM: boolean;
  /** points granted, as a fraction of the purchase amount */
  pointRate: number;
}

/** In the report's order: Star, Butterfly, Chicken rib, Unmanaged. */
export const TIERS: readonly TierInfo[] = [
  {key: "star", en: "Star", ko: "스타", label: "Star (스타)", engagement: 2, highM: true, pointRate: 0.008},
  {key: "butterfly", en: "Butterfly", ko: "나비", label: "Butterfly (나비)", engagement: 1, highM: true, pointRate: 0.005},
  {key: "chicken-rib", en: "Chicken rib", ko: "계륵", label: "Chicken rib (계륵)", engagement: 2, highM: false, pointRate: 0.003},
  {key: "unmanaged", en: "Unmanaged", ko: "관리제외", label: "Unmanaged (관리제외)", engagement: 1, highM: false, pointRate: 0.001}
];

export const TIER_KEYS: readonly TierKey[] = TIERS.map((t) => t.key);

export function tierInfo(key: TierKey): TierInfo {
  const t = TIERS.find((x) => x.key === key);
  if (!t) throw new Error(`unknown tier ${JSON.stringify(key)} (expected one of ${TIER_KEYS.join(", ")})`);
  return t;
}

export function tierOf(engagement: 1 | 2, highM: boolean): TierKey {
  if (engagement === 2) return highM ? "star" : "chicken-rib";
  return highM ? "butterfly" : "unmanaged";
}

/** What scoring needs from a customer (over one window: the whole period or one half). */
export interface ValueInput {
  /** calendar months from the last purchase to the end of the data (0 = the data's last month) */
  months_ago: number;
  /** number of DISTINCT purchase dates */
  n_dates: number;
  /** (last date − first date) / (n_dates − 1) in days; null when n_dates = 1 */
  mean_day: number | null;
  /** Σ pd_buy_am × pd_buy_ct (KRW) */
  total: number;
}

export interface ValueScore {
  r: Score;
  f: Score;
  m: Score;
  /** engagement grade: 1 when R + F ≤ rfCut */
  e: 1 | 2;
  high_m: boolean;
  tier: TierKey;
  point_rate: number;
  /** points granted on the positive part of the total: max(total, 0) × rate */
  point_cost: number;
}

export function recencyScore(monthsAgo: number, t: ValueThresholds): Score {
  return monthsAgo < t.r3Months ? 3 : monthsAgo < t.r2Months ? 2 : 1;
}

/** F = 1 for one purchase day; gap exactly at the threshold is F = 3. */
export function frequencyScore(nDates: number, meanDay: number | null, t: ValueThresholds): Score {
  if (nDates <= 1 || meanDay === null) return 1;
  return meanDay <= t.gapDays ? 3 : 2;
}

/** Totals ≤ 0 (zero-amount lines only, or refunds if a source ever carries them) are M = 1 whatever the thresholds. */
export function monetaryScore(total: number, t: ValueThresholds): Score {
  if (!(total > 0)) return 1;
  return total >= t.m3 ? 3 : total >= t.m2 ? 2 : 1;
}

export function scoreCustomer(c: ValueInput, thresholds: ValueThresholds = DEFAULT_THRESHOLDS): ValueScore {
  if (!Number.isInteger(c.n_dates) || c.n_dates < 1) throw new Error(`invalid n_dates ${JSON.stringify(c.n_dates)}: a scored customer has ≥ 1 purchase date`);
  if (!Number.isInteger(c.months_ago) || c.months_ago < 0) throw new Error(`invalid months_ago ${JSON.stringify(c.months_ago)}: expected a whole number of months ≥ 0`);
  if (!Number.isFinite(c.total)) throw new Error(`invalid total ${JSON.stringify(c.total)}`);
  const r = recencyScore(c.months_ago, thresholds);
  const f = frequencyScore(c.n_dates, c.mean_day, thresholds);
  const m = monetaryScore(c.total, thresholds);
  const e: 1 | 2 = r + f <= thresholds.rfCut ? 1 : 2;
  const high = m >= thresholds.highM;
  const tier = tierOf(e, high);
  const rate = tierInfo(tier).pointRate;
  return {r, f, m, e, high_m: high, tier, point_rate: rate, point_cost: Math.max(c.total, 0) * rate};
}

export interface TierSummary {
  tier: TierKey;
  label: string;
  customers: number;
  /** customers / all customers */
  share: number;
  revenue: number;
  /** revenue / all revenue (0 when all revenue is 0) */
  revenue_share: number;
  point_rate: number;
  point_cost: number;
}

export interface ScoreCount {
  score: "R" | "F" | "M" | "E";
  value: number;
  customers: number;
  share: number;
}

/** Every tier appears (zero rows included), in TIERS order. */
export function summariseTiers(rows: ReadonlyArray<{tier: TierKey; customers: number; revenue: number; point_cost: number}>): TierSummary[] {
  const acc = new Map<TierKey, {customers: number; revenue: number; point_cost: number}>();
  for (const k of TIER_KEYS) acc.set(k, {customers: 0, revenue: 0, point_cost: 0});
  for (const r of rows) {
    const a = acc.get(r.tier);
    if (!a) throw new Error(`unknown tier ${JSON.stringify(r.tier)}`);
    a.customers += r.customers;
    a.revenue += r.revenue;
    a.point_cost += r.point_cost;
  }
  let customers = 0;
  let revenue = 0;
  for (const a of acc.values()) {
    customers += a.customers;
    revenue += a.revenue;
  }
  return TIERS.map((t) => {
    const a = acc.get(t.key)!;
    return {
      tier: t.key,
      label: t.label,
      customers: a.customers,
      share: customers ? a.customers / customers : 0,
      revenue: a.revenue,
      revenue_share: revenue ? a.revenue / revenue : 0,
      point_rate: t.pointRate,
      point_cost: a.point_cost
    };
  });
}

/** R, F, M (1..3) and E (1..2) counts, every value present. */
export function scoreCounts(rows: ReadonlyArray<{r: number; f: number; m: number; e: number; customers: number}>): ScoreCount[] {
  const n = {r: [0, 0, 0, 0], f: [0, 0, 0, 0], m: [0, 0, 0, 0], e: [0, 0, 0]};
  let total = 0;
  for (const row of rows) {
    n.r[row.r] += row.customers;
    n.f[row.f] += row.customers;
    n.m[row.m] += row.customers;
    n.e[row.e] += row.customers;
    total += row.customers;
  }
  const out: ScoreCount[] = [];
  for (const [score, key, values] of [["R", "r", [1, 2, 3]], ["F", "f", [1, 2, 3]], ["M", "m", [1, 2, 3]], ["E", "e", [1, 2]]] as const) {
    for (const value of values) {
      const customers = n[key][value];
      out.push({score, value, customers, share: total ? customers / total : 0});
    }
  }
  return out;
}

export interface ScoredCustomer extends ValueScore {
  clnt_id: number;
  total: number;
}

export interface ValueTiersResult {
  customers: ScoredCustomer[];
  summary: TierSummary[];
  scores: ScoreCount[];
}

/** Score every customer (sorted by clnt_id), with the per-tier summary and score distributions. */
export function valueTiers(customers: ReadonlyArray<ValueInput & {clnt_id: number}>, thresholds: Partial<ValueThresholds> = {}): ValueTiersResult {
  const t = resolveThresholds(thresholds);
  const scored: ScoredCustomer[] = customers
    .map((c) => {
      const s = scoreCustomer(c, t);
      return {clnt_id: c.clnt_id, total: c.total, r: s.r, f: s.f, m: s.m, e: s.e, high_m: s.high_m, tier: s.tier, point_rate: s.point_rate, point_cost: s.point_cost};
    })
    .sort((a, b) => a.clnt_id - b.clnt_id);
  return {
    customers: scored,
    summary: summariseTiers(scored.map((s) => ({tier: s.tier, customers: 1, revenue: s.total, point_cost: s.point_cost}))),
    scores: scoreCounts(scored.map((s) => ({r: s.r, f: s.f, m: s.m, e: s.e, customers: 1})))
  };
}

/**
 * Extra spend (KRW) that lifts the monetary score to at least `target`; 0 when already there.
 * Used by the chicken-rib nudge (target = highM: the spend that makes a chicken rib a star).
 */
export function spendToReach(total: number, target: Score, t: ValueThresholds): number {
  if (monetaryScore(total, t) >= target) return 0;
  const base = Math.max(total, 0);
  const bar = target === 3 ? t.m3 : target === 2 ? t.m2 : 0;
  // a total ≤ 0 is M = 1 whatever the thresholds, so at least one won is needed
  return Math.max(bar - base, base > 0 ? 0 : 1);
}
