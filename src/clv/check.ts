/**
 * The calibration/holdout check of a BG/NBD fit: customers binned by calibration frequency, mean
 * predicted vs mean actual holdout purchases per bin (Fader, Hardie & Lee 2005, fig. 4).
 */

import {type BgNbdModel, type BgNbdParams, type RfmCustomer, validateRfmCustomer} from "./bgnbd.js";

export interface HoldoutCustomer extends RfmCustomer {
  /** purchases observed in the holdout period */
  holdoutFrequency: number;
  /** length of the holdout period, in the calibration's time unit */
  holdoutDuration: number;
}

export interface HoldoutBin {
  /** lowest calibration frequency in the bin (the last bin holds every frequency from maxFrequency up) */
  frequency: number;
  label: string;
  customers: number;
  meanPredicted: number;
  meanActual: number;
  sumPredicted: number;
  sumActual: number;
}

export interface HoldoutCheck {
  /** non-empty bins, by frequency */
  bins: HoldoutBin[];
  totals: {customers: number; predicted: number; actual: number};
}

/** One calibration/holdout split's check, as the build writes it and the CLV page reads it. */
export interface CheckResult {
  split: string;
  holdoutDays: number;
  /** customers with calibration history, and those whose first purchase falls in the holdout */
  customers: number;
  newInHoldout: number;
  params: BgNbdParams;
  converged: boolean;
  check: HoldoutCheck;
}

export interface HoldoutCheckOptions {
  /** frequencies at or above this share one bin, labelled "7+" by default */
  maxFrequency?: number;
}

/** Predicted (E[Y(duration) | x, t_x, T]) vs actual holdout purchases, binned by calibration frequency. */
export function calibrationHoldoutCheck(model: BgNbdModel, rows: readonly HoldoutCustomer[], {maxFrequency = 7}: HoldoutCheckOptions = {}): HoldoutCheck {
  if (!Number.isInteger(maxFrequency) || maxFrequency < 1) throw new Error(`invalid maxFrequency: ${maxFrequency} (must be a whole number >= 1)`);
  if (!Array.isArray(rows)) throw new Error(`rows must be an array, got ${String(rows)}`);
  const sums = Array.from({length: maxFrequency + 1}, () => ({customers: 0, predicted: 0, actual: 0}));
  // customers sharing (x, t_x, T, duration) share a prediction: cache it
  const memo = new Map<number, Map<number, Map<number, Map<number, number>>>>();
  rows.forEach((row, i) => {
    validateRfmCustomer(row, i);
    const {holdoutFrequency: actual, holdoutDuration: duration} = row;
    if (typeof actual !== "number" || !Number.isInteger(actual) || actual < 0) throw new Error(`invalid customer ${i}: holdoutFrequency ${String(actual)} is not a whole number >= 0`);
    if (typeof duration !== "number" || !Number.isFinite(duration) || duration < 0) throw new Error(`invalid customer ${i}: holdoutDuration ${String(duration)} is not a finite number >= 0`);
    let a = memo.get(duration);
    if (a === undefined) memo.set(duration, (a = new Map()));
    let b = a.get(row.T);
    if (b === undefined) a.set(row.T, (b = new Map()));
    let c = b.get(row.recency);
    if (c === undefined) b.set(row.recency, (c = new Map()));
    let predicted = c.get(row.frequency);
    if (predicted === undefined) {
      predicted = model.conditionalExpectedPurchases(duration, row);
      c.set(row.frequency, predicted);
    }
    const bin = sums[Math.min(row.frequency, maxFrequency)];
    bin.customers++;
    bin.predicted += predicted;
    bin.actual += actual;
  });
  return binsOf(sums, maxFrequency);
}

/** Customers sharing one calibration summary: how many, and their holdout purchases summed. */
export interface GroupedHoldoutRow extends RfmCustomer {
  customers: number;
  holdout: number;
}

/**
 * calibrationHoldoutCheck over grouped rows (one prediction per row, weighted by its customers): the
 * same bins and totals as the per-customer check, at a cost that does not grow with the customers.
 */
export function groupedHoldoutCheck(model: BgNbdModel, rows: readonly GroupedHoldoutRow[], duration: number, {maxFrequency = 7}: HoldoutCheckOptions = {}): HoldoutCheck {
  if (!Number.isInteger(maxFrequency) || maxFrequency < 1) throw new Error(`invalid maxFrequency: ${maxFrequency} (must be a whole number >= 1)`);
  if (typeof duration !== "number" || !Number.isFinite(duration) || duration < 0) throw new Error(`invalid duration: ${String(duration)} (must be a finite number >= 0)`);
  if (!Array.isArray(rows)) throw new Error(`rows must be an array, got ${String(rows)}`);
  const sums = Array.from({length: maxFrequency + 1}, () => ({customers: 0, predicted: 0, actual: 0}));
  rows.forEach((row, i) => {
    validateRfmCustomer(row, i);
    const {customers, holdout} = row;
    if (!Number.isInteger(customers) || customers < 1) throw new Error(`invalid row ${i}: customers ${String(customers)} is not a whole number >= 1`);
    if (!Number.isInteger(holdout) || holdout < 0) throw new Error(`invalid row ${i}: holdout ${String(holdout)} is not a whole number >= 0`);
    const bin = sums[Math.min(row.frequency, maxFrequency)];
    bin.customers += customers;
    bin.predicted += customers * model.conditionalExpectedPurchases(duration, row);
    bin.actual += holdout;
  });
  return binsOf(sums, maxFrequency);
}

function binsOf(sums: {customers: number; predicted: number; actual: number}[], maxFrequency: number): HoldoutCheck {
  const bins: HoldoutBin[] = [];
  const totals = {customers: 0, predicted: 0, actual: 0};
  sums.forEach((s, k) => {
    totals.customers += s.customers;
    totals.predicted += s.predicted;
    totals.actual += s.actual;
    if (s.customers === 0) return;
    bins.push({
      frequency: k,
      label: k === maxFrequency ? `${k}+` : String(k),
      customers: s.customers,
      meanPredicted: s.predicted / s.customers,
      meanActual: s.actual / s.customers,
      sumPredicted: s.predicted,
      sumActual: s.actual
    });
  });
  return {bins, totals};
}
