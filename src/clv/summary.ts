/**
 * Per-customer (frequency, recency, T, monetary) from dated purchases, on the conventions of Fader &
 * Hardie's CDNOW summaries and the lifetimes package: purchases on one day are one transaction,
 * frequency counts the purchase days after the first, recency is last − first, T is end − first.
 */

export type TimeUnit = "days" | "weeks";

export interface Transaction {
  customer: string | number;
  /** ISO calendar date YYYY-MM-DD */
  date: string;
  /** the line's value; give it on every transaction or on none */
  amount?: number;
}

export interface CustomerSummary {
  customer: string | number;
  frequency: number;
  recency: number;
  T: number;
  /** mean value of the repeat purchase days (a day's value is the sum of its amounts); 0 without repeats; NaN without amounts */
  monetary: number;
  first: string;
  last: string;
}

export interface SummaryOptions {
  /** last day observed (inclusive); default the last purchase date in the data */
  observationEnd?: string;
  /** "weeks" divides day counts by 7, as in the CDNOW summaries (frequency still counts days) */
  unit?: TimeUnit;
}

export interface TransactionSummary {
  customers: CustomerSummary[];
  observationEnd: string;
  unit: TimeUnit;
  /** transactions dated after observationEnd, left out */
  ignoredAfterEnd: number;
}

export interface CalibrationHoldoutOptions {
  /** last day of the calibration period (inclusive) */
  calibrationEnd: string;
  /** last day of the holdout period (inclusive); default the last purchase date in the data */
  observationEnd?: string;
  unit?: TimeUnit;
}

export interface CalibrationHoldoutRow extends CustomerSummary {
  /** purchase days in (calibrationEnd, observationEnd] */
  holdoutFrequency: number;
  /** observationEnd − calibrationEnd, in the unit */
  holdoutDuration: number;
  /** total amount in the holdout period (NaN without amounts) */
  holdoutSpend: number;
}

export interface CalibrationHoldout {
  rows: CalibrationHoldoutRow[];
  calibrationEnd: string;
  observationEnd: string;
  unit: TimeUnit;
  holdoutDuration: number;
  /** customers whose first purchase falls after calibrationEnd: they have no calibration history */
  excludedNewCustomers: number;
  ignoredAfterEnd: number;
}

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of an ISO date; throws naming the value when it is not a real calendar date. */
export function dayNumber(date: string, what = "date"): number {
  const match = typeof date === "string" ? ISO_DATE.exec(date) : null;
  if (match === null) throw new Error(`invalid ${what}: ${JSON.stringify(date)} (expected YYYY-MM-DD)`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) throw new Error(`invalid ${what}: ${JSON.stringify(date)} is not a calendar date`);
  return ms / MS_PER_DAY;
}

function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function unitDays(unit: TimeUnit): number {
  if (unit === "days") return 1;
  if (unit === "weeks") return 7;
  throw new Error(`invalid unit: ${JSON.stringify(unit)} (expected "days" or "weeks")`);
}

interface CustomerDays {
  customer: string | number;
  /** distinct purchase days, ascending */
  days: number[];
  /** each day's summed amount */
  values: number[];
}

interface Parsed {
  customers: CustomerDays[];
  lastDay: number;
  withAmounts: boolean;
}

function parseTransactions(transactions: readonly Transaction[]): Parsed {
  if (!Array.isArray(transactions)) throw new Error(`transactions must be an array, got ${String(transactions)}`);
  if (transactions.length === 0) throw new Error("no transactions");
  const withAmounts = transactions[0] !== null && typeof transactions[0] === "object" && transactions[0].amount !== undefined;
  const index = new Map<string | number, number>();
  const rawDays: number[][] = [];
  const rawValues: number[][] = [];
  const ids: (string | number)[] = [];
  let lastDay = -Infinity;
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i];
    if (t === null || typeof t !== "object") throw new Error(`invalid transaction ${i}: ${String(t)}`);
    const id = t.customer;
    if (!(typeof id === "string" || (typeof id === "number" && Number.isFinite(id)))) throw new Error(`invalid transaction ${i}: customer ${String(id)} is not a string or finite number`);
    const day = dayNumber(t.date, `transaction ${i} date`);
    if ((t.amount !== undefined) !== withAmounts) throw new Error(`invalid transaction ${i}: amount ${String(t.amount)} (give an amount on every transaction or on none)`);
    if (withAmounts && (typeof t.amount !== "number" || !Number.isFinite(t.amount))) throw new Error(`invalid transaction ${i}: amount ${String(t.amount)} is not a finite number`);
    let k = index.get(id);
    if (k === undefined) {
      k = ids.length;
      index.set(id, k);
      ids.push(id);
      rawDays.push([]);
      rawValues.push([]);
    }
    rawDays[k].push(day);
    rawValues[k].push(withAmounts ? (t.amount as number) : 0);
    if (day > lastDay) lastDay = day;
  }
  const customers = ids.map((customer, k) => {
    const d = rawDays[k];
    const v = rawValues[k];
    // index sort keeps each day's amounts in input order, so their sum is reproducible
    const order = d.map((_, j) => j).sort((p, q) => d[p] - d[q] || p - q);
    const days: number[] = [];
    const values: number[] = [];
    for (const j of order) {
      if (days.length > 0 && days[days.length - 1] === d[j]) values[values.length - 1] += v[j];
      else {
        days.push(d[j]);
        values.push(v[j]);
      }
    }
    return {customer, days, values};
  });
  return {customers, lastDay, withAmounts};
}

/** The summary of one customer's purchase days up to `endDay` (days after it must already be dropped). */
function summarise(c: CustomerDays, count: number, endDay: number, per: number, withAmounts: boolean): CustomerSummary {
  const first = c.days[0];
  const last = c.days[count - 1];
  let repeatValue = 0;
  for (let j = 1; j < count; j++) repeatValue += c.values[j];
  return {
    customer: c.customer,
    frequency: count - 1,
    recency: (last - first) / per,
    T: (endDay - first) / per,
    monetary: withAmounts ? (count > 1 ? repeatValue / (count - 1) : 0) : NaN,
    first: isoDate(first),
    last: isoDate(last)
  };
}

/** Number of days (from the start of the ascending list) that are at most `day`. */
function countUpTo(days: readonly number[], day: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] <= day) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Per-customer summaries, customers in order of first appearance in the input. */
export function summarizeTransactions(transactions: readonly Transaction[], {observationEnd, unit = "days"}: SummaryOptions = {}): TransactionSummary {
  const per = unitDays(unit);
  const {customers, lastDay, withAmounts} = parseTransactions(transactions);
  const endDay = observationEnd === undefined ? lastDay : dayNumber(observationEnd, "observationEnd");
  let ignoredAfterEnd = 0;
  const out: CustomerSummary[] = [];
  for (const c of customers) {
    const count = countUpTo(c.days, endDay);
    ignoredAfterEnd += c.days.length - count;
    if (count > 0) out.push(summarise(c, count, endDay, per, withAmounts));
  }
  if (ignoredAfterEnd > 0) ignoredAfterEnd = countAfter(transactions, endDay);
  return {customers: out, observationEnd: isoDate(endDay), unit, ignoredAfterEnd};
}

function countAfter(transactions: readonly Transaction[], endDay: number): number {
  let n = 0;
  for (const t of transactions) if (dayNumber(t.date) > endDay) n++;
  return n;
}

/**
 * Calibration summaries up to calibrationEnd with each customer's holdout purchase days in
 * (calibrationEnd, observationEnd], as the standard calibration/holdout validation of BTYD models needs.
 */
export function calibrationHoldout(transactions: readonly Transaction[], {calibrationEnd, observationEnd, unit = "days"}: CalibrationHoldoutOptions): CalibrationHoldout {
  const per = unitDays(unit);
  const {customers, lastDay, withAmounts} = parseTransactions(transactions);
  const calDay = dayNumber(calibrationEnd, "calibrationEnd");
  const endDay = observationEnd === undefined ? lastDay : dayNumber(observationEnd, "observationEnd");
  if (!(endDay > calDay)) throw new Error(`invalid period: observationEnd ${isoDate(endDay)} is not after calibrationEnd ${calibrationEnd}`);
  const holdoutDuration = (endDay - calDay) / per;
  const rows: CalibrationHoldoutRow[] = [];
  let excludedNewCustomers = 0;
  let ignored = 0;
  for (const c of customers) {
    const inCalibration = countUpTo(c.days, calDay);
    const upToEnd = countUpTo(c.days, endDay);
    ignored += c.days.length - upToEnd;
    if (inCalibration === 0) {
      if (upToEnd > 0) excludedNewCustomers++;
      continue;
    }
    let holdoutSpend = 0;
    for (let j = inCalibration; j < upToEnd; j++) holdoutSpend += c.values[j];
    rows.push({
      ...summarise(c, inCalibration, calDay, per, withAmounts),
      holdoutFrequency: upToEnd - inCalibration,
      holdoutDuration,
      holdoutSpend: withAmounts ? holdoutSpend : NaN
    });
  }
  return {
    rows,
    calibrationEnd: isoDate(calDay),
    observationEnd: isoDate(endDay),
    unit,
    holdoutDuration,
    excludedNewCustomers,
    ignoredAfterEnd: ignored > 0 ? countAfter(transactions, endDay) : 0
  };
}
