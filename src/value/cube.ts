/**
 * A pre-aggregated data cube over the threshold axes, so that re-tiering for a slider change is a
 * GROUP BY over a few thousand cells instead of a pass over every customer.
 *
 * Cell key: (months_ago, gap_day, amount_bucket)
 * - gap_day = ceil(mean_day), clamped to gapCap + 1; null for one purchase day. For an integer
 *   threshold g, mean_day ≤ g ⇔ ceil(mean_day) ≤ g, so F is exact for whole-day thresholds ≤ gapCap.
 * - amount_bucket = floor(total / step), clamped to cap / step; −1 for totals ≤ 0 (always M = 1).
 *   For a threshold m that is a multiple of step, total ≥ m ⇔ bucket × step ≥ m, so M is exact
 *   for amount thresholds on the slider grid 0, step, 2·step, …, cap.
 * Recency uses the exact months back. Results therefore equal the per-customer computation exactly
 * (counts; revenue sums up to float summation order) whenever cubeExact(thresholds) holds.
 */
import {withDefaults} from "./bind.js";
import {DEFAULT_THRESHOLDS, recencyScore, resolveThresholds, summariseTiers, scoreCounts, tierInfo, tierOf, type Score, type TierSummary, type ScoreCount, type ValueThresholds, type TierKey} from "./rules.js";

export interface CubeOptions {
  /** amount bucket width in KRW; amount thresholds must be multiples of it (slider step) */
  step: number;
  /** totals ≥ cap share one bucket; amount thresholds must be ≤ cap (slider maximum) */
  cap: number;
  /** mean gaps above gapCap days share one bucket; the gap threshold must be an integer ≤ gapCap */
  gapCap: number;
}

export const DEFAULT_CUBE_OPTIONS: Readonly<CubeOptions> = Object.freeze({step: 10_000, cap: 5_000_000, gapCap: 183});

export function resolveCubeOptions(partial: Partial<CubeOptions> = {}): CubeOptions {
  const o = withDefaults<CubeOptions>(DEFAULT_CUBE_OPTIONS, partial);
  if (!Number.isInteger(o.step) || o.step <= 0) throw new Error(`invalid cube step ${JSON.stringify(o.step)}: expected a positive whole number of KRW`);
  if (!Number.isInteger(o.cap) || o.cap <= 0 || o.cap % o.step !== 0) throw new Error(`invalid cube cap ${JSON.stringify(o.cap)}: expected a positive multiple of step ${o.step}`);
  if (!Number.isInteger(o.gapCap) || o.gapCap < 0) throw new Error(`invalid cube gapCap ${JSON.stringify(o.gapCap)}: expected a whole number of days ≥ 0`);
  return o;
}

export interface CubeCell {
  /** months from the last purchase to the data's last month */
  months_ago: number;
  gap_day: number | null;
  amount_bucket: number;
  customers: number;
  revenue: number;
  /** Σ max(total, 0): the base of point costs */
  positive_revenue: number;
}

/** Why thresholds are off the cube's grid (empty = the cube gives exact results). */
export function cubeProblems(t: ValueThresholds, o: CubeOptions = DEFAULT_CUBE_OPTIONS): string[] {
  const out: string[] = [];
  if (!Number.isInteger(t.gapDays) || t.gapDays > o.gapCap) out.push(`gapDays = ${t.gapDays}: must be a whole number of days ≤ ${o.gapCap}`);
  for (const k of ["m2", "m3"] as const) {
    if (t[k] % o.step !== 0 || t[k] > o.cap) out.push(`${k} = ${t[k]}: must be a multiple of ${o.step} KRW and ≤ ${o.cap}`);
  }
  return out;
}

export function cubeExact(t: ValueThresholds, o: CubeOptions = DEFAULT_CUBE_OPTIONS): boolean {
  return cubeProblems(t, o).length === 0;
}

export function assertCubeExact(t: ValueThresholds, o: CubeOptions = DEFAULT_CUBE_OPTIONS): void {
  const p = cubeProblems(t, o);
  if (p.length) throw new Error(`thresholds are off the cube grid: ${p.join("; ")}`);
}

export function amountBucket(total: number, o: CubeOptions): number {
  if (!(total > 0)) return -1;
  let b = Math.floor(total / o.step);
  // guard the float division so that b·step ≤ total < (b+1)·step holds exactly
  if (b * o.step > total) b -= 1;
  else if ((b + 1) * o.step <= total) b += 1;
  return Math.min(b, o.cap / o.step);
}

export function gapDay(nDates: number, meanDay: number | null, o: CubeOptions): number | null {
  if (nDates <= 1 || meanDay === null) return null;
  return Math.min(Math.ceil(meanDay), o.gapCap + 1);
}

/** Reference implementation of VALUE_CUBE_SQL; cells sorted by (months_ago, gap_day nulls first, amount_bucket). */
export function buildValueCube(
  base: ReadonlyArray<{months_ago: number; n_dates: number; mean_day: number | null; total: number}>,
  options: Partial<CubeOptions> = {}
): CubeCell[] {
  const o = resolveCubeOptions(options);
  const cells = new Map<string, CubeCell>();
  for (const c of base) {
    const gap = gapDay(c.n_dates, c.mean_day, o);
    const bucket = amountBucket(c.total, o);
    const key = `${c.months_ago}|${gap}|${bucket}`;
    const acc = cells.get(key) ?? {months_ago: c.months_ago, gap_day: gap, amount_bucket: bucket, customers: 0, revenue: 0, positive_revenue: 0};
    acc.customers += 1;
    acc.revenue += c.total;
    acc.positive_revenue += Math.max(c.total, 0);
    cells.set(key, acc);
  }
  return [...cells.values()].sort(
    (a, b) => a.months_ago - b.months_ago || (a.gap_day ?? -Infinity) - (b.gap_day ?? -Infinity) || a.amount_bucket - b.amount_bucket
  );
}

export interface CubeScored {
  r: Score;
  f: Score;
  m: Score;
  e: 1 | 2;
  tier: TierKey;
}

export function scoreCell(cell: Pick<CubeCell, "months_ago" | "gap_day" | "amount_bucket">, t: ValueThresholds, o: CubeOptions): CubeScored {
  const r: Score = recencyScore(cell.months_ago, t);
  const f: Score = cell.gap_day === null ? 1 : cell.gap_day <= t.gapDays ? 3 : 2;
  const amount = cell.amount_bucket * o.step;
  const m: Score = cell.amount_bucket < 0 ? 1 : amount >= t.m3 ? 3 : amount >= t.m2 ? 2 : 1;
  const e: 1 | 2 = r + f <= t.rfCut ? 1 : 2;
  return {r, f, m, e, tier: tierOf(e, m >= t.highM)};
}

/** Tier summary and score distributions from the cube (throws when the thresholds are off the grid). */
export function retierCube(
  cube: readonly CubeCell[],
  thresholds: Partial<ValueThresholds> = DEFAULT_THRESHOLDS,
  options: Partial<CubeOptions> = {}
): {summary: TierSummary[]; scores: ScoreCount[]} {
  const t = resolveThresholds(thresholds);
  const o = resolveCubeOptions(options);
  assertCubeExact(t, o);
  const scored = cube.map((c) => {
    const s = scoreCell(c, t, o);
    return {r: s.r, f: s.f, m: s.m, e: s.e, tier: s.tier, customers: c.customers, revenue: c.revenue, point_cost: c.positive_revenue * tierInfo(s.tier).pointRate};
  });
  return {summary: summariseTiers(scored), scores: scoreCounts(scored)};
}
