// What the lifetime-value page computes live: values at the reader's discount rate (exact, from the
// build's per-segment sums: no customer rows needed), the calibration/holdout check of another split
// (a BG/NBD re-fit in a worker on that split's grouped rows) and a re-fit of both models on every customer.
import {bgNbd, groupedHoldoutCheck, type HoldoutCheck} from "../lib/clv/index.js";
import {customerValue, discountWeights, listReason, segmentClv, type ClvListKey, type ClvListRow} from "../lib/clv/site.js";
import {TIERS} from "../lib/value/rules.js";
import {TYPE_INFO, type TypeKey} from "../lib/segment/types.js";
import {holdoutSplit, listRows, readColumns, type ClvFile} from "./clv-data.js";
import {fitModels, type FitResult, type RfmColumns, type SpendColumns} from "./clv-fit.js";

export interface SegmentView {
  key: string;
  label: string;
  customers: number;
  customerShare: number;
  alive: number;
  purchases: number;
  clv: number;
  clvShare: number;
}

export interface Valuation {
  rate: number;
  /** Σ over every buyer */
  total: {customers: number; alive: number; purchases: number; clv: number};
  byTier: SegmentView[];
  byType: SegmentView[];
  ms: number;
}

const tierLabel = (k: string | null) => TIERS.find((t) => t.key === k)?.label ?? "no tier";
const typeLabel = (k: string | null) => (k && k in TYPE_INFO ? TYPE_INFO[k as TypeKey].label : "type unknown");

/** Every figure of the value sections at discount rate `rate`, from the build's per-(tier, type) sums. */
export function valueAt(file: ClvFile, rate: number): Valuation {
  const t0 = performance.now();
  const weights = discountWeights(rate, file.settings.months);
  const segments = file.segments ?? [];
  const total = {customers: 0, alive: 0, purchases: 0, clv: 0};
  const tiers = new Map<string, SegmentView>();
  const types = new Map<string, SegmentView>();
  const add = (map: Map<string, SegmentView>, key: string, label: string, s: (typeof segments)[number], clv: number) => {
    const v = map.get(key) ?? {key, label, customers: 0, customerShare: 0, alive: 0, purchases: 0, clv: 0, clvShare: 0};
    v.customers += s.customers;
    v.alive += s.alive;
    v.purchases += s.purchases;
    v.clv += clv;
    map.set(key, v);
  };
  for (const s of segments) {
    const clv = segmentClv(s, weights);
    total.customers += s.customers;
    total.alive += s.alive;
    total.purchases += s.purchases;
    total.clv += clv;
    add(tiers, s.tier ?? "none", tierLabel(s.tier), s, clv);
    add(types, s.type ?? "none", typeLabel(s.type), s, clv);
  }
  const finish = (map: Map<string, SegmentView>, order: string[]) =>
    [...map.values()]
      .sort((a, b) => (order.indexOf(a.key) + 1 || 99) - (order.indexOf(b.key) + 1 || 99))
      .map((v) => ({...v, customerShare: v.customers / total.customers, clvShare: v.clv / total.clv}));
  return {
    rate,
    total,
    byTier: finish(tiers, TIERS.map((t) => t.key)),
    byType: finish(types, Object.keys(TYPE_INFO)),
    ms: performance.now() - t0
  };
}

export interface ListView {
  key: ClvListKey;
  customers: number;
  rows: (ClvListRow & {reason: string})[];
}

/**
 * A target list's shipped rows at discount rate `rate`: the build's values at its own rate, else each
 * customer revalued with the build's parameters; the reason worded with the values shown.
 */
export function listAt(file: ClvFile, key: ClvListKey, rate: number): ListView {
  const list = file.lists?.find((l) => l.key === key);
  if (!list || !file.fit.bg || !file.fit.gg) return {key, customers: 0, rows: []};
  const model = {bg: file.fit.bg.params, gg: file.fit.gg.params};
  const keepFrom = file.keepFrom ?? NaN;
  const rows = listRows(list).map((r) => {
    if (rate === file.fit.rate) return {...r, reason: listReason(key, r, {keepFrom, horizonDays: file.settings.horizonDays})};
    const v = customerValue(model, r, rate, file.settings);
    const row = {...r, p_alive: v.pAlive, expected_purchases: v.expectedPurchases, expected_spend: v.expectedSpend, clv: v.clv};
    return {...row, reason: listReason(key, row, {keepFrom, horizonDays: file.settings.horizonDays})};
  });
  return {key, customers: list.customers, rows};
}

export interface SplitCheck {
  split: string;
  /** "build": the shipped check; "browser": re-fitted here */
  via: "build" | "browser";
  holdoutDays: number;
  customers: number;
  newInHoldout: number;
  params: {r: number; alpha: number; a: number; b: number};
  converged: boolean;
  check: HoldoutCheck;
  /** buyers per day in the holdout ÷ in the calibration period */
  activity: number;
  /** the split's rows fetched and decoded; the fit in the worker; the whole round trip */
  ms: {data: number; fit: number; wall: number; where: FitResult["where"]} | null;
  groups: number;
}

function activityRatio(daily: readonly (number | null)[] | null, period: {start: string}, split: string): number {
  if (!daily) return NaN;
  const cut = Math.round((Date.parse(`${split}T00:00:00Z`) - Date.parse(`${period.start}T00:00:00Z`)) / 86_400_000) + 1;
  // over the days with a record: a day the logs miss (null) is not a day without buyers
  const mean = (xs: readonly (number | null)[]) => {
    const kept = xs.filter((x): x is number => x !== null);
    return kept.reduce((a, b) => a + b, 0) / kept.length;
  };
  return mean(daily.slice(cut)) / mean(daily.slice(0, cut));
}

/** The check of one split: the build's at the default split, else a re-fit in the browser on that split's calibration rows. */
export async function checkAt(file: ClvFile, split: string, holdoutHref: string): Promise<SplitCheck | {split: string; reason: string}> {
  const activity = activityRatio(file.daily, file.fit.period, split);
  const built = file.check;
  if (built && built.split === split) {
    if ("reason" in built) return built;
    return {...built, via: "build", activity, ms: null, groups: NaN};
  }
  const started = performance.now();
  const columns = await holdoutSplit(holdoutHref, split);
  const dataMs = performance.now() - started;
  const n = (columns.frequency as ArrayLike<number>).length;
  const rfm: RfmColumns = {frequency: columns.frequency as ArrayLike<number>, recency: columns.recency as ArrayLike<number>, T: columns.T as ArrayLike<number>, weight: columns.customers as ArrayLike<number>};
  const customers = Array.from(rfm.weight).reduce((a, b) => a + b, 0);
  const repeat = Array.from(rfm.weight).reduce((s, w, i) => s + (rfm.frequency[i] > 0 ? w : 0), 0);
  const s = file.settings;
  if (customers < s.minCustomers || repeat < s.minRepeatBuyers) {
    return {split, reason: `Calibrating up to ${split} leaves ${customers.toLocaleString("en-US")} customers, ${repeat.toLocaleString("en-US")} of them repeat buyers: too few to fit (at least ${s.minCustomers} and ${s.minRepeatBuyers}).`};
  }
  const fit = await fitModels(rfm);
  const holdoutDays = Math.round((Date.parse(`${file.fit.period.end}T00:00:00Z`) - Date.parse(`${split}T00:00:00Z`)) / 86_400_000);
  const rows = Array.from({length: n}, (_, i) => ({frequency: rfm.frequency[i], recency: rfm.recency[i], T: rfm.T[i], customers: rfm.weight[i], holdout: (columns.holdout as ArrayLike<number>)[i]}));
  const check = groupedHoldoutCheck(bgNbd(fit.bg.params), rows, holdoutDays, {maxFrequency: s.maxFrequency});
  return {
    split, via: "browser", holdoutDays, customers, newInHoldout: file.fit.customers - customers, params: fit.bg.params, converged: fit.bg.converged, check, activity,
    ms: {data: dataMs, fit: fit.ms.bg, wall: performance.now() - started, where: fit.where}, groups: n
  };
}

export interface Refit {
  result: FitResult;
  dataMs: number;
  /** largest relative difference of a parameter from the build's */
  maxRelDiff: number;
}

/** Both models re-fitted in the browser on every buyer (the grouped summaries), timed. */
export async function refitAll(file: ClvFile, hrefs: {rfm: string; spend: string}): Promise<Refit> {
  const t0 = performance.now();
  const [rfm, spend] = await Promise.all([readColumns(hrefs.rfm), readColumns(hrefs.spend)]);
  const dataMs = performance.now() - t0;
  const result = await fitModels(rfm as unknown as RfmColumns, spend as unknown as SpendColumns);
  const built: Record<string, number> = {...file.fit.bg!.params, ...file.fit.gg!.params};
  const mine: Record<string, number> = {...result.bg.params, ...(result.gg?.params ?? {})};
  const maxRelDiff = Math.max(...Object.keys(built).map((k) => Math.abs(mine[k] / built[k] - 1)));
  return {result, dataMs, maxRelDiff};
}
