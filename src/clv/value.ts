/** Discounted customer lifetime value from a BG/NBD purchase model and a Gamma-Gamma spend model. */

import {type BgNbdModel, type RfmCustomer, validateRfmCustomer} from "./bgnbd.js";
import type {GammaGammaModel} from "./gammagamma.js";

export interface ClvCustomer extends RfmCustomer {
  /** mean value of the repeat purchases (ignored when frequency is 0) */
  monetary: number;
}

export interface ClvOptions {
  /** months ahead to value (default 6) */
  horizonMonths?: number;
  /** discount rate per month (default 0.01) */
  monthlyDiscountRate?: number;
  /** time units in a month in the customers' unit: 30 for days, 4.345 for weeks */
  unitsPerMonth: number;
}

export interface ClvRow {
  /** P(alive | x, t_x, T) now */
  pAlive: number;
  /** E[Y(horizon) | x, t_x, T], undiscounted */
  expectedPurchases: number;
  /** E[M | x, m̄] per purchase */
  expectedSpend: number;
  /** Σ over months i of E[purchases in month i] · expectedSpend / (1 + d)^i */
  clv: number;
}

/**
 * Per-customer CLV over a horizon of whole months, discounting each month's expected purchases
 * (a difference of conditional expectations) at the month's end, the scheme of the lifetimes
 * package's customer_lifetime_value.
 */
export function customerLifetimeValue(bgNbd: BgNbdModel, gammaGamma: GammaGammaModel, customers: readonly ClvCustomer[], {horizonMonths = 6, monthlyDiscountRate = 0.01, unitsPerMonth}: ClvOptions): ClvRow[] {
  if (!Number.isInteger(horizonMonths) || horizonMonths < 1) throw new Error(`invalid horizonMonths: ${horizonMonths} (must be a whole number >= 1)`);
  if (typeof monthlyDiscountRate !== "number" || !Number.isFinite(monthlyDiscountRate) || monthlyDiscountRate < 0) throw new Error(`invalid monthlyDiscountRate: ${monthlyDiscountRate} (must be a finite number >= 0)`);
  if (typeof unitsPerMonth !== "number" || !Number.isFinite(unitsPerMonth) || unitsPerMonth <= 0) throw new Error(`invalid unitsPerMonth: ${String(unitsPerMonth)} (must be a positive finite number)`);
  if (!Array.isArray(customers)) throw new Error(`customers must be an array, got ${String(customers)}`);
  const discount = Array.from({length: horizonMonths + 1}, (_, i) => Math.pow(1 + monthlyDiscountRate, -i));
  // customers sharing (x, t_x, T) share the purchase forecast: cache it
  const memo = new Map<number, Map<number, Map<number, {pAlive: number; purchases: number; discounted: number}>>>();
  return customers.map((c, i) => {
    validateRfmCustomer(c, i);
    // a customer without repeat purchases has no m̄ of their own: the Gamma-Gamma prior mean
    // pγ/(q − 1) is the model's expectation for them (lifetimes would need a monetary value here)
    let expectedSpend: number;
    if (c.frequency === 0) expectedSpend = gammaGamma.expectedSpend();
    else {
      if (typeof c.monetary !== "number" || !Number.isFinite(c.monetary) || c.monetary <= 0) throw new Error(`invalid customer ${i}: monetary ${String(c.monetary)} is not a positive finite number (frequency ${c.frequency})`);
      expectedSpend = gammaGamma.conditionalExpectedSpend(c);
    }
    let a = memo.get(c.T);
    if (a === undefined) memo.set(c.T, (a = new Map()));
    let b = a.get(c.recency);
    if (b === undefined) a.set(c.recency, (b = new Map()));
    let forecast = b.get(c.frequency);
    if (forecast === undefined) {
      let previous = 0;
      let discounted = 0;
      for (let month = 1; month <= horizonMonths; month++) {
        const cumulative = bgNbd.conditionalExpectedPurchases(month * unitsPerMonth, c);
        discounted += (cumulative - previous) * discount[month];
        previous = cumulative;
      }
      forecast = {pAlive: bgNbd.probabilityAlive(c), purchases: previous, discounted};
      b.set(c.frequency, forecast);
    }
    return {pAlive: forecast.pAlive, expectedPurchases: forecast.purchases, expectedSpend, clv: forecast.discounted * expectedSpend};
  });
}
