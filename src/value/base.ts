/**
 * The per-customer base table of the 333 rule and the half-period tier migration.
 * A purchase is any product line (zero-amount lines count as purchase dates and add 0 KRW).
 * Recency counts calendar months back from the end of the data (or of the half being scored).
 */
import {addDays} from "../calendar.js";
import {monthsAgo} from "../period.js";
import {resolveThresholds, scoreCustomer, TIERS, type TierKey, type ValueInput, type ValueThresholds} from "./rules.js";

export interface WindowAggregate {
  months_ago: number | null;
  n_dates: number;
  mean_day: number | null;
  total: number;
  n_lines: number;
}

export interface CustomerBase {
  clnt_id: number;
  /** months from the last purchase to the data's last month (0 = bought in the last month) */
  months_ago: number;
  first_date: string;
  last_date: string;
  n_dates: number;
  mean_day: number | null;
  total: number;
  n_lines: number;
  /** first-half aggregates, recency counted back from the half's last month (n_dates = 0: no purchase in the half) */
  h1_months_ago: number | null;
  h1_n_dates: number;
  h1_mean_day: number | null;
  h1_total: number;
  h1_n_lines: number;
  /** second-half aggregates */
  h2_months_ago: number | null;
  h2_n_dates: number;
  h2_mean_day: number | null;
  h2_total: number;
  h2_n_lines: number;
}

/** What the base table needs to know of the period: its last day and where the second half starts (null: one month, no halves). */
export interface BasePeriod {
  end: string;
  split: string | null;
}

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

/** MEAN_DAY over distinct dates: (max − min) / (n − 1), null for one date. */
export function meanDay(dates: readonly string[]): number | null {
  const distinct = [...new Set(dates)];
  if (distinct.length < 2) return null;
  const days = distinct.map(dayNumber);
  return (Math.max(...days) - Math.min(...days)) / (distinct.length - 1);
}

function aggregate(lines: readonly ValueLine[], end: string): WindowAggregate & {first_date: string | null; last_date: string | null} {
  if (lines.length === 0) return {months_ago: null, n_dates: 0, mean_day: null, total: 0, n_lines: 0, first_date: null, last_date: null};
  const dates = [...new Set(lines.map((l) => l.sess_dt))].sort();
  const last = dates[dates.length - 1];
  return {
    months_ago: monthsAgo(last, end),
    n_dates: dates.length,
    mean_day: meanDay(dates),
    total: lines.reduce((s, l) => s + l.amount, 0),
    n_lines: lines.length,
    first_date: dates[0],
    last_date: last
  };
}

/** Reference implementation of VALUE_BASE_SQL, sorted by clnt_id. */
export function customerBase(lines: readonly ValueLine[], period: BasePeriod): CustomerBase[] {
  const by = new Map<number, ValueLine[]>();
  for (const l of lines) {
    const list = by.get(l.clnt_id);
    if (list) list.push(l);
    else by.set(l.clnt_id, [l]);
  }
  const split = period.split;
  const h1End = split ? addDays(split, -1) : period.end;
  return [...by.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([clnt_id, ls]) => {
      const all = aggregate(ls, period.end);
      const h1 = aggregate(split ? ls.filter((l) => l.sess_dt < split) : [], h1End);
      const h2 = aggregate(split ? ls.filter((l) => l.sess_dt >= split) : [], period.end);
      return {
        clnt_id,
        months_ago: all.months_ago!,
        first_date: all.first_date!,
        last_date: all.last_date!,
        n_dates: all.n_dates,
        mean_day: all.mean_day,
        total: all.total,
        n_lines: all.n_lines,
        h1_months_ago: h1.months_ago,
        h1_n_dates: h1.n_dates,
        h1_mean_day: h1.mean_day,
        h1_total: h1.total,
        h1_n_lines: h1.n_lines,
        h2_months_ago: h2.months_ago,
        h2_n_dates: h2.n_dates,
        h2_mean_day: h2.mean_day,
        h2_total: h2.total,
        h2_n_lines: h2.n_lines
      };
    });
}

export type HalfKey = "h1" | "h2";

/**
 * A half scored as if it were a whole period ending at the half's last month: recency counts back from
 * that month, so with the default cut-offs the first half's last two months give R = 3. Frequency and
 * amount thresholds are absolute, so half a period of spend reaches M2 and M3 less often.
 */
export function halfInput(c: CustomerBase, half: HalfKey): ValueInput | null {
  const n = half === "h1" ? c.h1_n_dates : c.h2_n_dates;
  if (n === 0) return null;
  return half === "h1"
    ? {months_ago: c.h1_months_ago!, n_dates: n, mean_day: c.h1_mean_day, total: c.h1_total}
    : {months_ago: c.h2_months_ago!, n_dates: n, mean_day: c.h2_mean_day, total: c.h2_total};
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

function stateOf(c: CustomerBase, half: HalfKey, t: ValueThresholds): MigrationState {
  const input = halfInput(c, half);
  return input ? scoreCustomer(input, t).tier : "none";
}

/** The full 5 × 5 from→to matrix (first-half tier → second-half tier), zero cells included, in MIGRATION_STATES order. */
export function tierMigration(base: readonly CustomerBase[], thresholds: Partial<ValueThresholds> = {}): MigrationCell[] {
  const t = resolveThresholds(thresholds);
  const counts = new Map<string, number>();
  for (const c of base) {
    const key = `${stateOf(c, "h1", t)}>${stateOf(c, "h2", t)}`;
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
