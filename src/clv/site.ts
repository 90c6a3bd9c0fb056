/**
 * The lifetime-value analysis as the site and `npm run analyze` run it (Methods page: lifetime value):
 * purchase days as transactions, time in days, a calibration/holdout split on a weekly grid around the
 * period's two-thirds point, a 26-week horizon valued in six monthly steps, the two target lists and
 * their reasons. Shared by the loaders and the page, so both compute the same numbers.
 */
import {addDays, daysBetween} from "../calendar.js";
import {won} from "../format.js";
import {bgNbd, type BgNbdModel, type BgNbdParams, type RfmCustomer} from "./bgnbd.js";
import type {GammaGammaParams} from "./gammagamma.js";

/** A fitted model as clv.json carries it. */
export interface ModelSummary<P> {
  params: P;
  standardErrors: P;
  logLikelihood: number;
  iterations: number;
  converged: boolean;
  /** customers fitted and distinct rows the likelihood was summed over */
  customers: number;
  groups: number;
}

export const CLV_SETTINGS = Object.freeze({
  /** the forecast horizon: 26 weeks */
  horizonDays: 182,
  /** valued in this many equal monthly steps (30⅓ days each), each discounted at its end */
  months: 6,
  /** the default monthly discount rate */
  monthlyDiscountRate: 0.01,
  /** the calibration period's default share of the period */
  calibrationShare: 2 / 3,
  /** the split may move in whole weeks, keeping at least this much on either side */
  gridStepDays: 7,
  minCalibrationDays: 14,
  minHoldoutDays: 7,
  /** below these the models are not fitted */
  minCustomers: 20,
  minRepeatBuyers: 10,
  /** holdout bins: calibration frequencies 0 … maxFrequency−1, then maxFrequency+ */
  maxFrequency: 7,
  /** a Star is "probably gone" below this P(alive) */
  goneBelow: 0.5,
  /** an Unmanaged customer is "worth keeping" at or above this quantile of every buyer's CLV */
  keepQuantile: 0.75,
  /** rows of each target list shipped to the page (the full lists: npm run analyze, customer_ltv.csv) */
  listRows: 300,
  /** on the synthetic twin, the estimated share of repeat buyers gone must be within this of the planted share */
  truthTolerance: 0.06
});

export interface ClvPeriod {
  start: string;
  end: string;
  /** days in the period, both ends counted */
  days: number;
}

export interface HoldoutGrid {
  /** last day of calibration, each one a possible split (ascending) */
  splits: string[];
  defaultSplit: string;
  first: string;
  last: string;
  step: number;
}

/** Days after `split` up to the period's end: the holdout's length. */
export function holdoutDays(period: ClvPeriod, split: string): number {
  return daysBetween(split, period.end);
}

/**
 * The splits the reader may choose: the last day of the first two-thirds of the period, and whole weeks
 * before and after it that leave at least two weeks of calibration and one of holdout. Null when the
 * period is too short for any.
 */
export function holdoutGrid(period: ClvPeriod, s: typeof CLV_SETTINGS = CLV_SETTINGS): HoldoutGrid | null {
  if (!Number.isInteger(period.days) || period.days < 1) throw new Error(`invalid period length: ${period.days} days`);
  const valid = (i: number) => i + 1 >= s.minCalibrationDays && period.days - 1 - i >= s.minHoldoutDays;
  const base = Math.floor(period.days * s.calibrationShare) - 1;
  if (!valid(base)) return null;
  let lo = base;
  while (valid(lo - s.gridStepDays)) lo -= s.gridStepDays;
  const splits: string[] = [];
  for (let i = lo; valid(i); i += s.gridStepDays) splits.push(addDays(period.start, i));
  return {splits, defaultSplit: addDays(period.start, base), first: splits[0], last: splits[splits.length - 1], step: s.gridStepDays};
}

/** Why the models cannot be fitted on data this small, or null when they can. */
export function clvInfeasible({customers, repeatBuyers, periodDays}: {customers: number; repeatBuyers: number; periodDays: number}, s: typeof CLV_SETTINGS = CLV_SETTINGS): string | null {
  const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
  if (periodDays < 2) return `The data covers ${plural(periodDays, "day")}: a repeat purchase needs at least two.`;
  if (customers < s.minCustomers) return `The data has ${plural(customers, "buying customer")}; the models need at least ${s.minCustomers} to estimate how purchase rates and drop-out vary between customers.`;
  if (repeatBuyers < s.minRepeatBuyers) return `Only ${plural(repeatBuyers, "customer")} bought on more than one day; the models need at least ${s.minRepeatBuyers} repeat buyers to learn how often customers come back and how much they spend.`;
  return null;
}

/** The forecast of one customer: P(alive) now and the expected purchase days in each monthly step of the horizon. */
export interface PurchaseForecast {
  pAlive: number;
  /** E[purchases in month m of the horizon], m = 1 … months */
  increments: number[];
}

export function purchaseForecast(model: BgNbdModel, c: RfmCustomer, s: Pick<typeof CLV_SETTINGS, "horizonDays" | "months"> = CLV_SETTINGS): PurchaseForecast {
  const step = s.horizonDays / s.months;
  const increments: number[] = [];
  let previous = 0;
  for (let m = 1; m <= s.months; m++) {
    const cumulative = model.conditionalExpectedPurchases(m * step, c);
    increments.push(cumulative - previous);
    previous = cumulative;
  }
  return {pAlive: model.probabilityAlive(c), increments};
}

/** Expected value of a purchase day (Gamma-Gamma): the prior mean without repeat days, else E[M | x, m̄] with m̄ taken as at least 0. */
export function expectedSpend({p, q, gamma}: GammaGammaParams, frequency: number, monetary: number): number {
  if (!(q > 1)) throw new Error(`the Gamma-Gamma mean spend is infinite when q <= 1 (q = ${q})`);
  if (frequency === 0) return (p * gamma) / (q - 1);
  return (p * (gamma + frequency * Math.max(0, monetary))) / (p * frequency + q - 1);
}

/** Checks a monthly discount rate: a finite share from 0 up to (not including) 1. */
export function validDiscountRate(rate: number): number {
  if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate >= 1) throw new Error(`invalid monthly discount rate: ${String(rate)} (expected a share from 0 up to 1, e.g. 0.01 for 1%)`);
  return rate;
}

/** (1 + d)^−m for each monthly step m = 1 … months. */
export function discountWeights(rate: number, months: number = CLV_SETTINGS.months): number[] {
  validDiscountRate(rate);
  return Array.from({length: months}, (_, i) => Math.pow(1 + rate, -(i + 1)));
}

/** Σ_m increments[m] · weights[m]: discounted expected purchases; times the expected spend, the CLV. */
export function discountedPurchases(increments: readonly number[], weights: readonly number[]): number {
  let s = 0;
  for (let m = 0; m < increments.length; m++) s += increments[m] * weights[m];
  return s;
}

/** One customer's P(alive), expected purchases, expected spend and CLV at a discount rate. */
export interface CustomerValue {
  pAlive: number;
  expectedPurchases: number;
  expectedSpend: number;
  clv: number;
}

export function customerValue(model: {bg: BgNbdParams; gg: GammaGammaParams}, c: RfmCustomer & {monetary: number}, rate: number, s: typeof CLV_SETTINGS = CLV_SETTINGS): CustomerValue {
  const f = purchaseForecast(bgNbd(model.bg), c, s);
  const spend = expectedSpend(model.gg, c.frequency, c.monetary);
  return {pAlive: f.pAlive, expectedPurchases: f.increments.reduce((a, b) => a + b, 0), expectedSpend: spend, clv: discountedPurchases(f.increments, discountWeights(rate, s.months)) * spend};
}

/** Sums over a segment that value it at any discount rate: CLV(d) = Σ_m spendIncrements[m] · (1 + d)^−m. */
export interface SegmentValue {
  customers: number;
  /** Σ P(alive) */
  alive: number;
  /** Σ expected purchase days over the horizon */
  purchases: number;
  /** Σ expected spend × increments[m], per monthly step */
  spendIncrements: number[];
}

export function segmentClv(s: SegmentValue, weights: readonly number[]): number {
  return discountedPurchases(s.spendIncrements, weights);
}

/** The heat map's axes: repeat purchase days, and days since the last purchase in weekly multiples. */
export interface HeatBins {
  frequency: {label: string; min: number; max: number}[];
  daysSince: {label: string; min: number; max: number}[];
}

export function heatBins(periodDays: number): HeatBins {
  const edges = [0, 1, 2, 3, 4, 5, 7, 10, 15, 30];
  const frequency = edges.map((min, i) => {
    const max = i + 1 < edges.length ? edges[i + 1] - 1 : Infinity;
    return {label: max === Infinity ? `${min}+` : max === min ? String(min) : `${min}–${max}`, min, max};
  });
  const width = 7 * Math.max(1, Math.round(periodDays / 7 / 12));
  const daysSince: HeatBins["daysSince"] = [];
  for (let min = 0; min < periodDays; min += width) daysSince.push({label: "", min, max: Math.min(min + width, periodDays) - 1});
  // a remainder shorter than half a bin joins the bin before it
  const last = daysSince[daysSince.length - 1];
  if (daysSince.length > 1 && last.max - last.min + 1 < width / 2) {
    daysSince.pop();
    daysSince[daysSince.length - 1].max = last.max;
  }
  for (const b of daysSince) b.label = b.max === b.min ? String(b.min) : `${b.min}–${b.max}`;
  return {frequency, daysSince};
}

/** Index of the bin holding v (bins ascending, contiguous); the last bin takes anything beyond. */
export function binOf(bins: readonly {min: number; max: number}[], v: number): number {
  for (let i = 0; i < bins.length; i++) if (v <= bins[i].max) return i;
  return bins.length - 1;
}

export type ClvListKey = "stars-gone" | "unmanaged-keep";

/** A target-list row: what the reason and the page's table need. */
export interface ClvListRow {
  clnt_id: number;
  tier: string;
  type: string | null;
  r: number;
  f: number;
  m: number;
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
  total: number;
  last_date: string;
  p_alive: number;
  expected_purchases: number;
  expected_spend: number;
  clv: number;
}

/** P(alive) to two decimals, rounded down: a customer under a cut-off never reads as at it. */
export function formatPAlive(p: number): string {
  return (Math.floor(p * 100 + 1e-9) / 100).toFixed(2);
}
const days = (n: number) => `${n.toLocaleString("en-US")} day${n === 1 ? "" : "s"}`;

/**
 * Why a customer is on a list, in words a campaign manager can act on. Both lists use the same facts:
 * the 333 view (tier with R/F/M) and the model's view (P(alive), expected purchases, CLV).
 */
export function listReason(list: ClvListKey, row: ClvListRow, {keepFrom, horizonDays = CLV_SETTINGS.horizonDays}: {keepFrom: number; horizonDays?: number}): string {
  const since = row.T - row.recency;
  const gap = row.frequency > 0 ? row.recency / row.frequency : NaN;
  const tier = `R${row.r} F${row.f} M${row.m}`;
  if (list === "stars-gone") {
    return `Star (${tier}) on ${won(row.total)} over ${days(row.frequency + 1)} of purchases, the last ${since === 0 ? "on the data's last day" : `${days(since)} before the data's last day`}; ` +
      `at the pace they kept (a purchase day every ${gap.toFixed(1)} days) that silence leaves P(alive) = ${formatPAlive(row.p_alive)}: win back before the points go to waste.`;
  }
  const history = row.frequency === 0
    ? `one purchase day, ${since === 0 ? "on the data's last day" : `${days(since)} before the data's last day`}, and none since (the model counts a customer as active until a repeat purchase shows otherwise)`
    : `${days(row.frequency + 1)} of purchases, the last ${since === 0 ? "on the data's last day" : `${days(since)} before the data's last day`}`;
  return `Unmanaged by the 333 rule (${tier}), yet worth ${won(row.clv)} over the next ${Math.round(horizonDays / 7)} weeks, among the top ${Math.round((1 - CLV_SETTINGS.keepQuantile) * 100)}% of buyers (from ${won(keepFrom)}): ` +
    `${history}; P(alive) = ${formatPAlive(row.p_alive)}, ${row.expected_purchases.toFixed(2)} purchase days expected.`;
}

/** The q-quantile (0 … 1) of values, linear between order statistics; NaN for none. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(values).sort();
  if (!s.length) return NaN;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  return s[lo] + (s[Math.ceil(i)] - s[lo]) * (i - lo);
}
