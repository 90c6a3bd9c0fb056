/**
 * Days the logs hold nothing for: no session at all on a day inside the period. Their revenue is
 * unknown, not zero: a day without any visit is a gap in the export (an outage, a lost file), not a day
 * without demand. The models read such a day as the same weekday a week before; no forecast is scored
 * on it and no interval learns from it.
 */
import type {DailySeries} from "./features.js";
import type {EvaluationPlan} from "./plan.js";

/** Indices of the revenue days marked missing. */
export function missingDays(series: Pick<DailySeries, "revenue" | "missing">): number[] {
  const {revenue, missing} = series;
  if (!missing) return [];
  if (missing.length < revenue.length) throw new Error(`missing covers ${missing.length} days, the revenue ${revenue.length}`);
  const out: number[] = [];
  for (let i = 0; i < revenue.length; i++) if (missing[i]) out.push(i);
  return out;
}

/**
 * Revenue with every missing day filled by the same weekday a week (`period` days) before, itself
 * filled where it was missing; a missing day without one (at the very start) takes the first recorded
 * day `period`·k after it. Only earlier days fill a day wherever they can: a forecast from an origin
 * after the gap then reads no revenue from after its own origin.
 */
export function fillMissing(revenue: readonly number[], missing: readonly number[], {period = 7}: {period?: number} = {}): number[] {
  if (!Number.isInteger(period) || period < 1) throw new Error(`invalid period: ${period}`);
  const out = revenue.slice();
  if (!missing.length) return out;
  const gap = new Set(missing);
  if (gap.size >= revenue.length) throw new Error(`every one of the ${revenue.length} days is missing: there is nothing to fill them from`);
  for (const i of [...gap].sort((a, b) => a - b)) {
    if (i < 0 || i >= revenue.length || !Number.isInteger(i)) throw new Error(`invalid missing day: ${i} (the series has ${revenue.length} days)`);
    if (i >= period) {
      out[i] = out[i - period];
      continue;
    }
    let j = i + period;
    while (j < revenue.length && gap.has(j)) j += period;
    // no recorded day at this weekday offset at all: the nearest recorded day
    if (j >= revenue.length) {
      j = [...revenue.keys()].filter((k) => !gap.has(k)).reduce((best, k) => (Math.abs(k - i) < Math.abs(best - i) ? k : best));
    }
    out[i] = revenue[j];
  }
  return out;
}

/** A series split into what the models read (missing days filled) and what is scored (missing days NaN). */
export interface ObservedSeries {
  filled: number[];
  observed: number[];
  missing: number[];
}

export function observedSeries(series: Pick<DailySeries, "revenue" | "missing">): ObservedSeries {
  const missing = missingDays(series);
  const filled = fillMissing(series.revenue, missing);
  const observed = series.revenue.slice();
  for (const i of missing) observed[i] = Number.NaN;
  return {filled, observed, missing};
}

/** The plan with the days no forecast may be scored on. */
export function withMissing(plan: EvaluationPlan, missing: readonly number[]): EvaluationPlan {
  return missing.length ? {...plan, missing: [...missing]} : plan;
}
