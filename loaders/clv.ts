// Customer lifetime value over the warehouse (Methods page: lifetime value). The summaries are SQL
// (src/clv/sql.ts), the models are fitted in JavaScript on grouped rows (src/clv), and each customer's
// forecast goes back into DuckDB as the temp table `clv`, which the customer table joins. Sums run on
// one thread so their floating-point order, and so every artifact, is the same on every build.
import {
  bgNbd,
  fitBgNbd,
  fitGammaGamma,
  groupedHoldoutCheck,
  type BgNbdFit,
  type BgNbdParams,
  type CheckResult,
  type GammaGammaFit,
  type GammaGammaParams,
  type GroupedHoldoutRow,
  type LikelihoodFit
} from "../src/clv/index.js";
import {customerSummaryQuery, dailyBuyersSql, holdoutGridQuery, purchaseDaysSql} from "../src/clv/sql.js";
import {
  binOf,
  CLV_SETTINGS,
  clvInfeasible,
  discountWeights,
  expectedSpend,
  heatBins,
  holdoutDays,
  listReason,
  purchaseForecast,
  type ClvListKey,
  type ClvListRow,
  type ClvPeriod,
  type HoldoutGrid,
  type ModelSummary,
  type SegmentValue
} from "../src/clv/site.js";
import {dateRange} from "../src/calendar.js";
import {sqlSource} from "../src/value/bind.js";
import {runDates, type DayRun} from "../src/period.js";
import {readColumns} from "./columns.js";
import {collect, hasTempTable, singleThreaded, type Duck} from "./duck.js";
import {readPeriod} from "./period.js";
import {createTable} from "./shared.js";
import {readTruth} from "./truth.js";

const MONTHS = CLV_SETTINGS.months;
const INC = Array.from({length: MONTHS}, (_, i) => `inc${i + 1}`);

export interface ClvFit {
  period: ClvPeriod;
  customers: number;
  repeatBuyers: number;
  /** why the models were not fitted (null: fitted) */
  reason: string | null;
  bg: ModelSummary<BgNbdParams> | null;
  gg: ModelSummary<GammaGammaParams> | null;
  /** the discount rate the temp table's clv column uses */
  rate: number;
}

function summary<P>(fit: LikelihoodFit<P> & {params: P}): ModelSummary<P> {
  return {params: fit.params, standardErrors: fit.standardErrors, logLikelihood: fit.logLikelihood, iterations: fit.iterations, converged: fit.converged, customers: fit.n, groups: fit.groups};
}

/** The period as the models see it. */
export async function clvPeriod(duck: Duck): Promise<ClvPeriod> {
  const p = await readPeriod(duck);
  return {start: p.start, end: p.end, days: p.days};
}

/**
 * Tables clv_days (one row per customer and purchase day) and clv_summary (frequency, recency, T,
 * monetary per buyer), temp tables unless `into`. `days`: a table of the purchase days already summed (clnt_id, sess_dt, amount);
 * `into`: an attached catalog to make both in (createTable).
 */
export async function createClvSummary(duck: Duck, {days, into}: {days?: string; into?: string} = {}): Promise<ClvPeriod> {
  const period = await clvPeriod(duck);
  const daysSql = days === undefined ? purchaseDaysSql() : `SELECT clnt_id, sess_dt, amount::DOUBLE AS amount FROM ${sqlSource(days)}`;
  await createTable(duck, "clv_days", {sql: `${daysSql} ORDER BY clnt_id, sess_dt`}, into);
  await createTable(duck, "clv_summary", customerSummaryQuery(period.end), into);
  return period;
}

// Both read as columns and made into objects in code: as row objects (Duck.query), the ≈ 250,000 rows of the
// two at competition size took ≈ 0.9 CPU-seconds.

/** Grouped (frequency, recency, T) with how many customers share each: the BG/NBD fit's input. */
export async function rfmGroups(duck: Duck, table = "clv_summary"): Promise<{frequency: number; recency: number; T: number; weight: number}[]> {
  const c = await readColumns(
    duck,
    `SELECT frequency::INTEGER AS frequency, recency::INTEGER AS recency, "T"::INTEGER AS "T", count(*)::INTEGER AS weight FROM ${table} GROUP BY ALL ORDER BY frequency, recency, "T"`,
    {frequency: "int32", recency: "int32", T: "int32", weight: "int32"}
  );
  return Array.from(c.frequency, (frequency, i) => ({frequency, recency: c.recency[i], T: c.T[i], weight: c.weight[i]}));
}

/** Grouped (frequency, monetary) of repeat buyers with a positive mean repeat value: the Gamma-Gamma fit's input. */
export async function spendGroups(duck: Duck, table = "clv_summary"): Promise<{frequency: number; monetary: number; weight: number}[]> {
  const c = await readColumns(
    duck,
    `SELECT frequency::INTEGER AS frequency, monetary::DOUBLE AS monetary, count(*)::INTEGER AS weight FROM ${table} WHERE frequency > 0 AND monetary > 0 GROUP BY ALL ORDER BY frequency, monetary`,
    {frequency: "int32", monetary: "float64", weight: "int32"}
  );
  return Array.from(c.frequency, (frequency, i) => ({frequency, monetary: c.monetary[i], weight: c.weight[i]}));
}

/** Both models on the whole period's summaries; throws on a fit that cannot be used. */
export function fitModels(rfm: Parameters<typeof fitBgNbd>[0], spend: Parameters<typeof fitGammaGamma>[0]): {bg: BgNbdFit; gg: GammaGammaFit} {
  const bg = fitBgNbd(rfm);
  const gg = fitGammaGamma(spend);
  if (!(gg.params.q > 1)) throw new Error(`the Gamma-Gamma fit has q = ${gg.params.q.toPrecision(3)} ≤ 1: spend per purchase day varies too much between customers for a finite mean`);
  return {bg, gg};
}

/**
 * Fits both models on the whole period and creates the table `clv` (createTable): every buyer's summary,
 * P(alive), the expected purchase days of each monthly step (inc1 … inc6) and in all, the expected
 * spend per purchase day and the CLV at `rate`. When the data is too small (or a fit fails) the table
 * has the summaries and nulls, and the fit says why. `days` and `into` as createClvSummary's.
 */
export async function createClvTable(duck: Duck, {rate = CLV_SETTINGS.monthlyDiscountRate, days, into}: {rate?: number; days?: string; into?: string} = {}): Promise<ClvFit> {
  const period = await createClvSummary(duck, {days, into});
  const [counts] = await duck.query<{customers: number; repeat: number}>(`SELECT count(*)::INTEGER AS customers, count(*) FILTER (WHERE frequency > 0)::INTEGER AS repeat FROM clv_summary`);
  const fit: ClvFit = {period, customers: counts.customers, repeatBuyers: counts.repeat, reason: clvInfeasible({customers: counts.customers, repeatBuyers: counts.repeat, periodDays: period.days}), bg: null, gg: null, rate};
  await duck.run(`CREATE OR REPLACE TEMP TABLE clv_triples (frequency INTEGER, recency INTEGER, "T" INTEGER, p_alive DOUBLE, ${INC.map((c) => `${c} DOUBLE`).join(", ")})`);
  let models: {bg: BgNbdFit; gg: GammaGammaFit} | null = null;
  if (fit.reason === null) {
    const rfm = await rfmGroups(duck);
    try {
      models = fitModels(rfm, await spendGroups(duck));
    } catch (error) {
      fit.reason = `The models could not be fitted on this data: ${(error as Error).message}.`;
    }
    if (models) {
      fit.bg = summary(models.bg);
      fit.gg = summary(models.gg);
      const appender = await duck.connection.createAppender("clv_triples", "main", "temp");
      for (const c of rfm) {
        const f = purchaseForecast(models.bg, c);
        appender.appendInteger(c.frequency);
        appender.appendInteger(c.recency);
        appender.appendInteger(c.T);
        appender.appendDouble(f.pAlive);
        for (const v of f.increments) appender.appendDouble(v);
        appender.endRow();
      }
      appender.closeSync();
    }
  }
  const gg = models?.gg.params;
  const weights = discountWeights(rate);
  const params: Record<string, number> = gg ? {p: gg.p, q: gg.q, gamma: gg.gamma, prior: expectedSpend(gg, 0, 0)} : {};
  weights.forEach((w, i) => (params[`w${i + 1}`] = w));
  // the same expression as expectedSpend() in src/clv/site.ts
  const spend = gg ? `CASE WHEN s.frequency = 0 THEN $prior::DOUBLE ELSE $p::DOUBLE * ($gamma::DOUBLE + s.frequency * greatest(s.monetary, 0)) / ($p::DOUBLE * s.frequency + $q::DOUBLE - 1) END` : "NULL::DOUBLE";
  await createTable(
    duck,
    "clv",
    {
      sql: `SELECT s.clnt_id, s.frequency, s.recency, s."T", s.monetary, s.total, s.first_date, s.last_date,
      t.p_alive, ${INC.map((c) => `t.${c}`).join(", ")}, (${INC.map((c) => `t.${c}`).join(" + ")}) AS expected_purchases,
      ${spend} AS expected_spend,
      (${INC.map((c, i) => `t.${c} * $w${i + 1}::DOUBLE`).join(" + ")}) * (${spend}) AS clv
    FROM clv_summary s LEFT JOIN clv_triples t USING (frequency, recency, "T")
    ORDER BY s.clnt_id`,
      params
    },
    into
  );
  return fit;
}

// ---------------------------------------------------------------- the calibration/holdout check

export interface HoldoutRow extends GroupedHoldoutRow {
  split: string;
}

/** Grouped calibration rows for every split of the grid (needs clv_days). */
export async function holdoutRows(duck: Duck, period: ClvPeriod, grid: HoldoutGrid): Promise<HoldoutRow[]> {
  const q = holdoutGridQuery({first: grid.first, last: grid.last, step: grid.step}, period.end);
  return duck.query<HoldoutRow>(q.sql, q.params);
}

/** Fit on the calibration rows of one split and compare its predictions with the holdout (null when the calibration data is too small). */
export function checkSplit(rows: readonly GroupedHoldoutRow[], period: ClvPeriod, split: string, buyers: number): CheckResult | {split: string; reason: string} {
  const customers = rows.reduce((s, r) => s + r.customers, 0);
  const repeat = rows.reduce((s, r) => s + (r.frequency > 0 ? r.customers : 0), 0);
  const reason = clvInfeasible({customers, repeatBuyers: repeat, periodDays: period.days});
  if (reason) return {split, reason: `Calibrating up to ${split}: ${reason}`};
  const fit = fitBgNbd(rows.map((r) => ({frequency: r.frequency, recency: r.recency, T: r.T, weight: r.customers})));
  const duration = holdoutDays(period, split);
  return {split, holdoutDays: duration, customers, newInHoldout: buyers - customers, params: fit.params, converged: fit.converged, check: groupedHoldoutCheck(bgNbd(fit.params), rows, duration, {maxFrequency: CLV_SETTINGS.maxFrequency})};
}

/** Buyers per day over the whole period (0 on days without a purchase, null on days the logs miss), needs clv_days. */
export async function dailyBuyers(duck: Duck, period: ClvPeriod, missing: readonly DayRun[] = []): Promise<(number | null)[]> {
  const rows = await duck.query<{date: string; buyers: number}>(dailyBuyersSql(), {end: period.end});
  const byDate = new Map(rows.map((r) => [r.date, r.buyers]));
  const lost = new Set(runDates(missing));
  return dateRange(period.start, period.end).map((d) => (lost.has(d) ? null : byDate.get(d) ?? 0));
}

// ---------------------------------------------------------------- the planted truth (synthetic twin)

export interface PlantedGone {
  /** repeat buyers in the data (frequency ≥ 1) */
  customers: number;
  /** the share of them the generator made leave before the period ended */
  planted: number;
  /** the model's mean 1 − P(alive) over them */
  estimated: number;
  tolerance: number;
}

/** The twin's planted drop-outs (truth.json in the data folder) against the fitted P(alive); needs `clv`. */
export async function plantedGone(duck: Duck, dataDir: string): Promise<PlantedGone | null> {
  let gone: Float64Array | null;
  try {
    gone = readTruth(dataDir)?.gone ?? null;
  } catch {
    return null;
  }
  if (!gone) return null;
  const first = await duck.query<{unfitted: boolean}>(`SELECT p_alive IS NULL AS unfitted FROM clv WHERE frequency > 0 ORDER BY clnt_id LIMIT 1`);
  if (!first.length || first[0].unfitted) return null;
  // as columns: the repeat buyers as row objects (half a million at full scale) took a CPU-second, most of it
  // the garbage collector's; a missing P(alive) counts as 0, as it did in their arithmetic
  const {clnt_id: ids, p_alive: alive} = await readColumns(
    duck,
    `SELECT clnt_id::INTEGER AS clnt_id, coalesce(p_alive, 0)::DOUBLE AS p_alive FROM clv WHERE frequency > 0 ORDER BY clnt_id`,
    {clnt_id: "int32", p_alive: "float64"}
  );
  let goneCount = 0;
  let dead = 0;
  // both ascending: one walk
  for (let i = 0, g = 0; i < ids.length; i++) {
    while (g < gone.length && gone[g] < ids[i]) g++;
    if (g < gone.length && gone[g] === ids[i]) goneCount++;
    dead += 1 - alive[i];
  }
  return {customers: ids.length, planted: goneCount / ids.length, estimated: dead / ids.length, tolerance: CLV_SETTINGS.truthTolerance};
}

// ---------------------------------------------------------------- what the page shows

export interface SegmentRow extends SegmentValue {
  tier: string | null;
  type: string | null;
}

/** Sums per (333 tier, behaviour type) over buyers; needs `customers` (loaders/customers.ts) and `clv`. */
export async function segmentValues(duck: Duck): Promise<SegmentRow[]> {
  const rows = await singleThreaded(duck, () =>
    duck.query<Record<string, number | string | null>>(
      `SELECT c.tier, c.type, count(*)::INTEGER AS customers, sum(v.p_alive) AS alive, sum(v.expected_purchases) AS purchases,
        ${INC.map((x) => `sum(v.expected_spend * v.${x}) AS s_${x}`).join(", ")}
      FROM customers c JOIN clv v USING (clnt_id)
      GROUP BY ALL ORDER BY c.tier NULLS LAST, c.type NULLS LAST`
    )
  );
  return rows.map((r) => ({
    tier: r.tier as string | null, type: r.type as string | null, customers: r.customers as number, alive: r.alive as number, purchases: r.purchases as number,
    spendIncrements: INC.map((x) => r[`s_${x}`] as number)
  }));
}

export interface HeatCell {
  frequency: string;
  daysSince: string;
  customers: number;
  /** mean P(alive) */
  pAlive: number;
}

/** Customers and mean P(alive) per (repeat purchase days, days since the last purchase) bin; needs `clv`. */
export async function heatMap(duck: Duck, periodDays: number): Promise<HeatCell[]> {
  const bins = heatBins(periodDays);
  const rows = await singleThreaded(duck, () =>
    duck.query<{frequency: number; since: number; customers: number; alive: number}>(
      `SELECT frequency, ("T" - recency)::INTEGER AS since, count(*)::INTEGER AS customers, sum(p_alive) AS alive FROM clv GROUP BY ALL ORDER BY frequency, since`
    )
  );
  const cells = new Map<string, {f: number; d: number; customers: number; alive: number}>();
  for (const r of rows) {
    const f = binOf(bins.frequency, r.frequency);
    const d = binOf(bins.daysSince, r.since);
    const key = `${f}|${d}`;
    const cell = cells.get(key) ?? {f, d, customers: 0, alive: 0};
    cell.customers += r.customers;
    cell.alive += r.alive;
    cells.set(key, cell);
  }
  return [...cells.values()]
    .sort((a, b) => a.f - b.f || a.d - b.d)
    .map((c) => ({frequency: bins.frequency[c.f].label, daysSince: bins.daysSince[c.d].label, customers: c.customers, pAlive: c.alive / c.customers}));
}

const LIST_COLUMNS = `v.clnt_id, c.tier, c.type, c.r, c.f, c.m, v.frequency, v.recency, v."T", v.monetary, v.total, v.last_date, v.p_alive, v.expected_purchases, v.expected_spend, v.clv`;

/** Where a list's rows come from, and in which order: most at stake first. */
const LIST_SQL: Readonly<Record<ClvListKey, {where: string; order: string}>> = {
  "stars-gone": {where: `c.tier = 'star' AND v.p_alive < $goneBelow::DOUBLE`, order: "v.total DESC, v.clnt_id"},
  "unmanaged-keep": {where: `c.tier = 'unmanaged' AND v.clv >= $keepFrom::DOUBLE`, order: "v.clv DESC, v.total DESC, v.clnt_id"}
};

export interface ClvList {
  key: ClvListKey;
  /** customers on the whole list */
  customers: number;
  rows: (ClvListRow & {reason: string})[];
}

/** The CLV from which a buyer is in the top quarter (at the table's rate); needs `clv`. */
export async function keepThreshold(duck: Duck): Promise<number> {
  const [row] = await duck.query<{q: number | null}>(`SELECT quantile_cont(clv, ${CLV_SETTINGS.keepQuantile}) AS q FROM clv WHERE clv IS NOT NULL`);
  return row?.q ?? NaN;
}

/** One target list with reasons (limit: rows returned; null = all); needs `customers` and `clv`. */
export async function targetList(duck: Duck, key: ClvListKey, {keepFrom, limit = CLV_SETTINGS.listRows}: {keepFrom: number; limit?: number | null}): Promise<ClvList> {
  const {where, order} = LIST_SQL[key];
  const params = {goneBelow: CLV_SETTINGS.goneBelow, keepFrom};
  const used = (sql: string) => Object.fromEntries(Object.entries(params).filter(([k]) => sql.includes(`$${k}`)));
  const [{n}] = await duck.query<{n: number}>(`SELECT count(*)::INTEGER AS n FROM customers c JOIN clv v USING (clnt_id) WHERE ${where}`, used(where));
  const sql = `SELECT ${LIST_COLUMNS} FROM customers c JOIN clv v USING (clnt_id) WHERE ${where} ORDER BY ${order}${limit === null ? "" : ` LIMIT ${Math.max(0, Math.floor(limit))}`}`;
  const rows = await duck.query<ClvListRow>(sql, used(sql));
  return {key, customers: n, rows: rows.map((r) => ({...r, reason: listReason(key, r, {keepFrom})}))};
}

// ---------------------------------------------------------------- npm run analyze

/** customer_ltv.csv: one row per buyer. */
export const LTV_COLUMNS = ["clnt_id", "frequency", "recency", "T", "monetary", "p_alive", "expected_purchases", "expected_spend", "clv", "tier", "type", "reason"] as const;

/**
 * Every buyer's summary and forecast at the default rate, their 333 tier and behaviour type, and why they
 * are on a target list (empty when on none). Reuses the connection's customer table (and its `clv`)
 * when analyze has built it already; else builds it with `createCustomers`.
 */
export function customerLtvRows(duck: Duck, createCustomers: (duck: Duck) => Promise<unknown>): Promise<LtvRow[]> {
  return collect(customerLtvChunks(duck, createCustomers));
}

type LtvRow = Record<(typeof LTV_COLUMNS)[number], unknown>;

/** customerLtvRows a chunk at a time. */
export async function* customerLtvChunks(duck: Duck, createCustomers: (duck: Duck) => Promise<unknown>): AsyncIterable<LtvRow[]> {
  if (!(await hasTempTable(duck, "customers")) || !(await hasTempTable(duck, "clv"))) await createCustomers(duck);
  const reasons = new Map<number, string>();
  const [{fitted}] = await duck.query<{fitted: number}>("SELECT count(p_alive)::INTEGER AS fitted FROM clv");
  if (fitted > 0) {
    const keepFrom = await keepThreshold(duck);
    for (const key of ["stars-gone", "unmanaged-keep"] as ClvListKey[]) for (const r of (await targetList(duck, key, {keepFrom, limit: null})).rows) reasons.set(r.clnt_id, r.reason);
  }
  const chunks = duck.stream<Record<string, unknown>>(
    `SELECT v.clnt_id, v.frequency, v.recency, v."T", round(v.monetary, 2) AS monetary, round(v.p_alive, 4) AS p_alive, round(v.expected_purchases, 4) AS expected_purchases,
      round(v.expected_spend) AS expected_spend, round(v.clv) AS clv, c.tier, c.type
    FROM clv v LEFT JOIN customers c USING (clnt_id) ORDER BY v.clnt_id`
  );
  for await (const rows of chunks) yield rows.map((r) => ({...r, reason: reasons.get(r.clnt_id as number) ?? ""}) as LtvRow);
}
