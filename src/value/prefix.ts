/**
 * Re-tiering without touching the cube's cells: the cube (src/value/cube.ts) turned into running
 * sums along its frequency and amount axes, so that one threshold choice costs a fixed handful of
 * lookups — per month back, 9 rectangles (F1/F2/F3 × M1/M2/M3) of at most 4 lookups each — whatever
 * the number of customers or cells. And the half-year migration from a "pair cube": customers per
 * (first-half cube key, second-half cube key), so that the 5 × 5 matrix is one pass over distinct key pairs.
 *
 * Exactness: the same grid conditions as the cube (cubeExact). Customer counts are always exact;
 * revenue and point costs are sums of differences of running sums, exact whenever totals are whole
 * won (the data's amounts are integer KRW, and every running sum stays below 2^53).
 */
import {amountBucket, assertCubeExact, gapDay, resolveCubeOptions, type CubeCell, type CubeOptions} from "./cube.js";
import {migrationMatrix, type MigrationCell, type MigrationState} from "./base.js";
import {recencyScore, resolveThresholds, tierInfo, tierOf, type Score, type TierKey, type ValueThresholds} from "./rules.js";

/** One (r, f, m) group of customers: the rows of valueGridSql / cubeGridSql, with the same columns. */
export interface GridCell {
  r: Score;
  f: Score;
  m: Score;
  e: 1 | 2;
  tier: TierKey;
  customers: number;
  revenue: number;
  point_cost: number;
}

/** The cube's cells as the page ships them: one array per column (gap_day null = one purchase day). */
export interface CubeColumns {
  months_ago: number[];
  gap_day: (number | null)[];
  amount_bucket: number[];
  customers: number[];
  revenue: number[];
}

export function cubeColumns(cells: readonly CubeCell[]): CubeColumns {
  return {
    months_ago: cells.map((c) => c.months_ago),
    gap_day: cells.map((c) => c.gap_day),
    amount_bucket: cells.map((c) => c.amount_bucket),
    customers: cells.map((c) => c.customers),
    revenue: cells.map((c) => c.revenue)
  };
}

export interface PrefixCube {
  options: CubeOptions;
  /** distinct months back, ascending */
  months: number[];
  /** non-empty cells it was built from */
  cells: number;
  customers: number;
  /** gap axis length: gap_day 0 … gapCap + 1 */
  G: number;
  /** amount axis length: index = amount_bucket + 1 (0 = totals ≤ 0), … cap / step + 1 */
  B: number;
  /** one-purchase-day customers, running sums over the amount axis: [month][amount] */
  once: {customers: Float64Array; revenue: Float64Array; positive: Float64Array};
  /** repeat customers, running sums over the gap and the amount axes: [month][gap][amount] */
  repeat: {customers: Float64Array; revenue: Float64Array; positive: Float64Array};
}

function measures(n: number) {
  return {customers: new Float64Array(n), revenue: new Float64Array(n), positive: new Float64Array(n)};
}

/**
 * Running sums from the cube's cells (any order). A cell's positive revenue (the base of point costs)
 * is its revenue when its bucket is ≥ 0 and 0 otherwise: totals ≤ 0 and only they fall in bucket −1.
 */
export function prefixCube(cells: CubeColumns, options: Partial<CubeOptions> = {}): PrefixCube {
  const o = resolveCubeOptions(options);
  const n = cells.months_ago.length;
  for (const k of ["gap_day", "amount_bucket", "customers", "revenue"] as const) {
    if (cells[k].length !== n) throw new Error(`cube column ${k} has ${cells[k].length} values, months_ago has ${n}`);
  }
  const months = [...new Set(cells.months_ago)].sort((a, b) => a - b);
  const mi = new Map(months.map((m, i) => [m, i]));
  const G = o.gapCap + 2;
  const B = o.cap / o.step + 2;
  const once = measures(months.length * B);
  const repeat = measures(months.length * G * B);
  let customers = 0;
  for (let i = 0; i < n; i++) {
    const m = mi.get(cells.months_ago[i])!;
    const gap = cells.gap_day[i];
    const b = cells.amount_bucket[i] + 1;
    if (!Number.isInteger(b) || b < 0 || b >= B) throw new Error(`cube cell ${i}: amount_bucket ${cells.amount_bucket[i]} outside −1 … ${B - 2}`);
    if (gap !== null && (!Number.isInteger(gap) || gap < 0 || gap >= G)) throw new Error(`cube cell ${i}: gap_day ${gap} outside 0 … ${G - 1}`);
    const target = gap === null ? once : repeat;
    const at = gap === null ? m * B + b : (m * G + gap) * B + b;
    target.customers[at] += cells.customers[i];
    target.revenue[at] += cells.revenue[i];
    if (b > 0) target.positive[at] += cells.revenue[i];
    customers += cells.customers[i];
  }
  for (const a of Object.values(once)) {
    for (let m = 0; m < months.length; m++) for (let b = 1; b < B; b++) a[m * B + b] += a[m * B + b - 1];
  }
  for (const a of Object.values(repeat)) {
    for (let m = 0; m < months.length; m++) {
      for (let g = 0; g < G; g++) {
        const row = (m * G + g) * B;
        for (let b = 1; b < B; b++) a[row + b] += a[row + b - 1];
        if (g > 0) for (let b = 0; b < B; b++) a[row + b] += a[row - B + b];
      }
    }
  }
  return {options: o, months, cells: n, customers, G, B, once, repeat};
}

/** The cube's cells from per-customer inputs (the reference the loader's SQL must equal), as columns. */
export function cubeColumnsFromCustomers(base: ReadonlyArray<{months_ago: number; n_dates: number; mean_day: number | null; total: number}>, options: Partial<CubeOptions> = {}): CubeColumns {
  const o = resolveCubeOptions(options);
  const cols: CubeColumns = {months_ago: [], gap_day: [], amount_bucket: [], customers: [], revenue: []};
  for (const c of base) {
    cols.months_ago.push(c.months_ago);
    cols.gap_day.push(gapDay(c.n_dates, c.mean_day, o));
    cols.amount_bucket.push(amountBucket(c.total, o));
    cols.customers.push(1);
    cols.revenue.push(c.total);
  }
  return cols;
}

/**
 * Customers, revenue and point cost per (r, f, m) — the rows of cubeGridSql, in (r, f, m) order,
 * empty groups left out — from the running sums. Throws off the cube grid.
 */
export function retierPrefix(cube: PrefixCube, thresholds: Partial<ValueThresholds> = {}): GridCell[] {
  const t = resolveThresholds(thresholds);
  const o = cube.options;
  assertCubeExact(t, o);
  const {G, B} = cube;
  const g = t.gapDays;
  // amount-axis index ranges (inclusive) of M1, M2, M3: index = bucket + 1, M1 = bucket < m2 / step
  const b2 = t.m2 / o.step;
  const b3 = t.m3 / o.step;
  const mRanges: [number, number][] = [[0, b2], [b2 + 1, b3], [b3 + 1, B - 1]];
  // 27 groups × (customers, revenue, positive revenue)
  const acc = new Float64Array(27 * 3);
  const add = (r: number, f: number, m: number, a: {customers: Float64Array; revenue: Float64Array; positive: Float64Array}, sum: (x: Float64Array) => number) => {
    const k = ((r - 1) * 9 + (f - 1) * 3 + (m - 1)) * 3;
    acc[k] += sum(a.customers);
    acc[k + 1] += sum(a.revenue);
    acc[k + 2] += sum(a.positive);
  };
  cube.months.forEach((ago, mi) => {
    const r = recencyScore(ago, t);
    mRanges.forEach(([lo, hi], j) => {
      if (lo > hi) return;
      const line = (x: Float64Array) => x[mi * B + hi] - (lo > 0 ? x[mi * B + lo - 1] : 0);
      add(r, 1, j + 1, cube.once, line);
      // rectangle gap [g0, g1] × amount [lo, hi] of the repeat buyers' running sums
      const rect = (g0: number, g1: number) => (x: Float64Array) => {
        const at = (gi: number, bi: number) => (gi < 0 || bi < 0 ? 0 : x[(mi * G + gi) * B + bi]);
        return at(g1, hi) - at(g0 - 1, hi) - at(g1, lo - 1) + at(g0 - 1, lo - 1);
      };
      add(r, 3, j + 1, cube.repeat, rect(0, g));
      if (g + 1 <= G - 1) add(r, 2, j + 1, cube.repeat, rect(g + 1, G - 1));
    });
  });
  const out: GridCell[] = [];
  for (let r = 1; r <= 3; r++) {
    for (let f = 1; f <= 3; f++) {
      for (let m = 1; m <= 3; m++) {
        const k = ((r - 1) * 9 + (f - 1) * 3 + (m - 1)) * 3;
        if (!(acc[k] > 0)) continue;
        const e: 1 | 2 = r + f <= t.rfCut ? 1 : 2;
        const tier = tierOf(e, m >= t.highM);
        out.push({r: r as Score, f: f as Score, m: m as Score, e, tier, customers: acc[k], revenue: acc[k + 1], point_cost: acc[k + 2] * tierInfo(tier).pointRate});
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------- migration from a pair cube

/** Sizes of the packed half key for cube options o. */
function keyShape(o: CubeOptions) {
  return {gapCodes: o.gapCap + 3, amounts: o.cap / o.step + 2};
}

/**
 * One half of a customer as a packed cube key: 0 when the customer bought nothing in the half, else
 * ((months_ago + 1) × (gapCap + 3) + gap code) × (cap / step + 2) + amount index, where gap code 0 = one
 * purchase day, else gap_day + 1, and amount index = amount_bucket + 1. Same keys as halfKeySql.
 */
export function halfKey(nDates: number, monthsAgo: number | null, meanDay: number | null, total: number, options: Partial<CubeOptions> = {}): number {
  if (nDates === 0) return 0;
  if (monthsAgo === null || !Number.isInteger(monthsAgo) || monthsAgo < 0) throw new Error(`invalid months_ago ${JSON.stringify(monthsAgo)} for a half with ${nDates} purchase dates`);
  const o = resolveCubeOptions(options);
  const {gapCodes, amounts} = keyShape(o);
  const gap = gapDay(nDates, meanDay, o);
  return ((monthsAgo + 1) * gapCodes + (gap === null ? 0 : gap + 1)) * amounts + (amountBucket(total, o) + 1);
}

/** DuckDB expression of halfKey over columns `<prefix>n_dates`, `months_ago`, `mean_day`, `total`. Parameters: $step $cap $gapCap. */
export function halfKeySql(prefix: string): string {
  const c = (name: string) => `${prefix}${name}`;
  const gapCodes = `($gapCap::BIGINT + 3)`;
  const amounts = `($cap::BIGINT // $step::BIGINT + 2)`;
  const b0 = `floor(${c("total")} / $step::DOUBLE)::BIGINT`;
  const bucket = `CASE WHEN NOT (${c("total")} > 0) THEN -1
      ELSE least(CASE WHEN ${b0} * $step::BIGINT > ${c("total")} THEN ${b0} - 1 WHEN (${b0} + 1) * $step::BIGINT <= ${c("total")} THEN ${b0} + 1 ELSE ${b0} END,
                 $cap::BIGINT // $step::BIGINT) END`;
  const gap = `CASE WHEN ${c("n_dates")} <= 1 OR ${c("mean_day")} IS NULL THEN 0 ELSE least(ceil(${c("mean_day")}), $gapCap::INTEGER + 1)::BIGINT + 1 END`;
  return `CASE WHEN ${c("n_dates")} = 0 THEN 0::BIGINT ELSE ((${c("months_ago")}::BIGINT + 1) * ${gapCodes} + ${gap}) * ${amounts} + (${bucket}) + 1 END`;
}

export interface MigrationCube {
  /** halfKey of the first half */
  h1: number[];
  /** halfKey of the second half */
  h2: number[];
  customers: number[];
}

/** Reference implementation of the loader's pair cube: customers per (h1 key, h2 key), sorted by the keys. */
export function buildMigrationCube(
  base: ReadonlyArray<{h1_n_dates: number; h1_months_ago: number | null; h1_mean_day: number | null; h1_total: number; h2_n_dates: number; h2_months_ago: number | null; h2_mean_day: number | null; h2_total: number}>,
  options: Partial<CubeOptions> = {}
): MigrationCube {
  const counts = new Map<string, {h1: number; h2: number; n: number}>();
  for (const c of base) {
    const h1 = halfKey(c.h1_n_dates, c.h1_months_ago, c.h1_mean_day, c.h1_total, options);
    const h2 = halfKey(c.h2_n_dates, c.h2_months_ago, c.h2_mean_day, c.h2_total, options);
    const k = `${h1}|${h2}`;
    const cell = counts.get(k) ?? {h1, h2, n: 0};
    cell.n += 1;
    counts.set(k, cell);
  }
  const cells = [...counts.values()].sort((a, b) => a.h1 - b.h1 || a.h2 - b.h2);
  return {h1: cells.map((c) => c.h1), h2: cells.map((c) => c.h2), customers: cells.map((c) => c.n)};
}

/** The tier a packed half key falls in, the half scored as its own period (halfInput). */
function keyTier(key: number, t: ValueThresholds, o: CubeOptions): MigrationState {
  if (key === 0) return "none";
  const {gapCodes, amounts} = keyShape(o);
  const a = key % amounts;
  const rest = Math.floor(key / amounts);
  const gapCode = rest % gapCodes;
  const r = recencyScore(Math.floor(rest / gapCodes) - 1, t);
  const f = gapCode === 0 ? 1 : gapCode - 1 <= t.gapDays ? 3 : 2;
  // amount index a = bucket + 1; bucket −1 (totals ≤ 0) is always M1
  const m = a === 0 ? 1 : (a - 1) * o.step >= t.m3 ? 3 : (a - 1) * o.step >= t.m2 ? 2 : 1;
  return tierOf(r + f <= t.rfCut ? 1 : 2, m >= t.highM);
}

/** The 5 × 5 migration matrix from the pair cube; equals tierMigration over the customers on the cube grid. */
export function migrationFromCube(cube: MigrationCube, thresholds: Partial<ValueThresholds> = {}, options: Partial<CubeOptions> = {}): MigrationCell[] {
  const t = resolveThresholds(thresholds);
  const o = resolveCubeOptions(options);
  assertCubeExact(t, o);
  const memo = new Map<number, MigrationState>();
  const tierOfKey = (key: number) => {
    let s = memo.get(key);
    if (s === undefined) memo.set(key, (s = keyTier(key, t, o)));
    return s;
  };
  const counts = new Map<string, {from: MigrationState; to: MigrationState; customers: number}>();
  for (let i = 0; i < cube.customers.length; i++) {
    const from = tierOfKey(cube.h1[i]);
    const to = tierOfKey(cube.h2[i]);
    const k = `${from}>${to}`;
    const cell = counts.get(k) ?? {from, to, customers: 0};
    cell.customers += cube.customers[i];
    counts.set(k, cell);
  }
  return migrationMatrix([...counts.values()]);
}
