/**
 * The per-customer base table of the 333 rule and the half-year tier migration.
 * A purchase is any product line (zero-amount lines count as purchase dates and add 0 KRW).
 */
import {resolveThresholds, scoreCustomer, TIERS, type TierKey, type ValueInput, type ValueThresholds} from "./rules.js";

export interface WindowAggregate {
  last_month: number | null;
  n_dates: number;
  mean_day: number | null;
  total: number;
  n_lines: number;
}

export interface CustomerBase {
  clnt_id: number;
  last_month: number;
  first_date: string;
  last_date: string;
  n_dates: number;
  mean_day: number | null;
  total: number;
  n_lines: number;
  /** April–June aggregates (n_dates = 0: no purchase in the half) */
  h1_last_month: number | null;
  h1_n_dates: number;
  h1_mean_day: number | null;
  h1_total: number;
  h1_n_lines: number;
  /** July–September aggregates */
  h2_last_month: number | null;
  h2_n_dates: number;
  h2_mean_day: number | null;
  h2_total: number;
  h2_n_lines: number;
}

export interface HalfWindow {
  key: "h1" | "h2";
  en: string;
  ko: string;
  firstMonth: number;
  lastMonth: number;
}

/** Months of the study period (2018-04..2018-09). */
export const PERIOD_FIRST_MONTH = 4;
export const PERIOD_LAST_MONTH = 9;

export const HALVES: readonly HalfWindow[] = [
  {key: "h1", en: "Apr–Jun", ko: "4–6월", firstMonth: 4, lastMonth: 6},
  {key: "h2", en: "Jul–Sep", ko: "7–9월", firstMonth: 7, lastMonth: 9}
];

/** One purchase line as the base table needs it. */
export interface ValueLine {
  clnt_id: number;
  /** YYYY-MM-DD */
  sess_dt: string;
  /** pd_buy_am × pd_buy_ct */
  amount: number;
}

function dayNumber(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`invalid date ${JSON.stringify(date)} (expected YYYY-MM-DD)`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86_400_000;
}

function monthOf(date: string): number {
  return Number(date.slice(5, 7));
}

/** MEAN_DAY over distinct dates: (max − min) / (n − 1), null for one date. */
export function meanDay(dates: readonly string[]): number | null {
  const distinct = [...new Set(dates)];
  if (distinct.length < 2) return null;
  const days = distinct.map(dayNumber);
  return (Math.max(...days) - Math.min(...days)) / (distinct.length - 1);
}

function aggregate(lines: readonly ValueLine[]): WindowAggregate & {first_date: string | null; last_date: string | null} {
  if (lines.length === 0) return {last_month: null, n_dates: 0, mean_day: null, total: 0, n_lines: 0, first_date: null, last_date: null};
  const dates = [...new Set(lines.map((l) => l.sess_dt))].sort();
  const last = dates[dates.length - 1];
  return {
    last_month: monthOf(last),
    n_dates: dates.length,
    mean_day: meanDay(dates),
    total: lines.reduce((s, l) => s + l.amount, 0),
    n_lines: lines.length,
    first_date: dates[0],
    last_date: last
  };
}

/** Reference implementation of VALUE_BASE_SQL, sorted by clnt_id. */
export function customerBase(lines: readonly ValueLine[]): CustomerBase[] {
  const by = new Map<number, ValueLine[]>();
  for (const l of lines) {
    const list = by.get(l.clnt_id);
    if (list) list.push(l);
    else by.set(l.clnt_id, [l]);
  }
  const split = HALVES[1].firstMonth;
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([clnt_id, ls]) => {
      const all = aggregate(ls);
      const h1 = aggregate(ls.filter((l) => monthOf(l.sess_dt) < split));
      const h2 = aggregate(ls.filter((l) => monthOf(l.sess_dt) >= split));
      return {
        clnt_id,
        last_month: all.last_month!,
        first_date: all.first_date!,
        last_date: all.last_date!,
        n_dates: all.n_dates,
        mean_day: all.mean_day,
        total: all.total,
        n_lines: all.n_lines,
        h1_last_month: h1.last_month,
        h1_n_dates: h1.n_dates,
        h1_mean_day: h1.mean_day,
        h1_total: h1.total,
        h1_n_lines: h1.n_lines,
        h2_last_month: h2.last_month,
        h2_n_dates: h2.n_dates,
        h2_mean_day: h2.mean_day,
        h2_total: h2.total,
        h2_n_lines: h2.n_lines
      };
    });
}

/**
 * Thresholds for scoring one half as if it were a whole period ending at the half's last month:
 * the recency cut-offs move back by the months between the half's end and the period's end
 * (Apr–Jun: R3 = May/Jun, R2 = Apr under the defaults; Jul–Sep: unchanged). Frequency and monetary
 * thresholds are absolute and stay as they are, so a half (3 months of spend) reaches M2/M3 less often.
 */
export function halfThresholds(t: ValueThresholds, half: HalfWindow): ValueThresholds {
  const shift = PERIOD_LAST_MONTH - half.lastMonth;
  return {...t, r3Month: t.r3Month - shift, r2Month: t.r2Month - shift};
}

export function halfInput(c: CustomerBase, half: HalfWindow): ValueInput | null {
  const n = half.key === "h1" ? c.h1_n_dates : c.h2_n_dates;
  if (n === 0) return null;
  return half.key === "h1"
    ? {last_month: c.h1_last_month!, n_dates: n, mean_day: c.h1_mean_day, total: c.h1_total}
    : {last_month: c.h2_last_month!, n_dates: n, mean_day: c.h2_mean_day, total: c.h2_total};
}

export type MigrationState = TierKey | "none";

export const MIGRATION_STATES: readonly {key: MigrationState; label: string}[] = [
  ...TIERS.map((t) => ({key: t.key as MigrationState, label: t.label})),
  {key: "none", label: "No purchase (구매 없음)"}
];

export interface MigrationCell {
  from: MigrationState;
  to: MigrationState;
  customers: number;
  /** share of the "from" row */
  row_share: number;
}

function stateOf(c: CustomerBase, half: HalfWindow, t: ValueThresholds): MigrationState {
  const input = halfInput(c, half);
  return input ? scoreCustomer(input, halfThresholds(t, half)).tier : "none";
}

/** The full 5 × 5 from→to matrix (Apr–Jun tier → Jul–Sep tier), zero cells included, in MIGRATION_STATES order. */
export function tierMigration(base: readonly CustomerBase[], thresholds: Partial<ValueThresholds> = {}): MigrationCell[] {
  const t = resolveThresholds(thresholds);
  const counts = new Map<string, number>();
  for (const c of base) {
    const key = `${stateOf(c, HALVES[0], t)}>${stateOf(c, HALVES[1], t)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return migrationMatrix([...counts].map(([k, customers]) => {
    const [from, to] = k.split(">") as [MigrationState, MigrationState];
    return {from, to, customers};
  }));
}

/** Complete a sparse list of from→to counts into the full matrix with row shares. */
export function migrationMatrix(cells: ReadonlyArray<{from: MigrationState; to: MigrationState; customers: number}>): MigrationCell[] {
  const keys = MIGRATION_STATES.map((s) => s.key);
  const count = new Map<string, number>();
  for (const c of cells) {
    if (!keys.includes(c.from) || !keys.includes(c.to)) throw new Error(`unknown migration state ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`);
    count.set(`${c.from}>${c.to}`, (count.get(`${c.from}>${c.to}`) ?? 0) + c.customers);
  }
  const out: MigrationCell[] = [];
  for (const from of keys) {
    const row = keys.reduce((s, to) => s + (count.get(`${from}>${to}`) ?? 0), 0);
    for (const to of keys) {
      const customers = count.get(`${from}>${to}`) ?? 0;
      out.push({from, to, customers, row_share: row ? customers / row : 0});
    }
  }
  return out;
}
