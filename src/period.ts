/**
 * The data's own period: first to last session date. Months, the "months back" that recency counts,
 * the split of the period into two halves for the tier migration, and the words that name them.
 */
import {addDays, dateRange, daysBetween, isIsoDate} from "./calendar.js";

const MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

export interface PeriodMonth {
  /** YYYY-MM */
  ym: string;
  year: number;
  /** 1..12 */
  month: number;
  /** months before the period's last month (0 = the last month) */
  ago: number;
  /** "Apr 2018" */
  label: string;
  /** first and last day of the month that lie inside the period */
  first: string;
  last: string;
}

export interface Half {
  key: "h1" | "h2";
  /** first and last date of the half */
  start: string;
  end: string;
  /** months back from the period's last month to the half's last month (h2: 0) */
  shift: number;
  /** "Apr–Jun 2018" */
  label: string;
}

export interface StudyPeriod {
  start: string;
  end: string;
  days: number;
  /** every calendar month the period touches, oldest first */
  months: PeriodMonth[];
  /** the two halves of the migration, or null when the period has one month */
  halves: [Half, Half] | null;
  /** "April–September 2018" */
  label: string;
}

/** Sessions on the quietest tenth of the days with any, from which a day without a single one is read as a gap in the logs. */
export const MISSING_DAY_MIN_SESSIONS = 10;

/** A run of consecutive days, first and last included. */
export interface DayRun {
  from: string;
  to: string;
  days: number;
}

/** Ascending YYYY-MM-DD dates as runs of consecutive days. */
export function dayRuns(dates: readonly string[]): DayRun[] {
  const runs: DayRun[] = [];
  for (const d of dates) {
    const last = runs.at(-1);
    if (last && addDays(last.to, 1) === d) {
      last.to = d;
      last.days++;
    } else runs.push({from: d, to: d, days: 1});
  }
  return runs;
}

/** Every date of the runs, in order. */
export function runDates(runs: readonly DayRun[]): string[] {
  return runs.flatMap((r) => dateRange(r.from, r.to));
}

/** "2018-08-07 – 2018-08-12 and 2018-09-01" */
export function dayRunsText(runs: readonly DayRun[]): string {
  const parts = runs.map((r) => (r.from === r.to ? r.from : `${r.from} – ${r.to}`));
  return parts.length > 1 ? `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}` : parts.join("");
}

/** The page-wide note for days without any session in data that have sessions every other day. */
export function missingDaysNote(runs: readonly DayRun[]): string {
  const n = runs.reduce((a, r) => a + r.days, 0);
  return `no session at all on ${n === 1 ? "1 day" : `${n} days`} inside the period (${dayRunsText(runs)}), though every other day has many: the logs seem to miss ${n === 1 ? "it" : "them"}. Daily figures show nothing there, and the forecast reads ${n === 1 ? "it" : "each"} as the same weekday a week before and scores no forecast on ${n === 1 ? "it" : "them"}`;
}

/** The period as the warehouse records it, with what the models can use over it. */
export interface DataPeriod extends StudyPeriod {
  /** runs of days without any session that are gaps in the logs (none in sparse data) */
  missing: DayRun[];
  /** the holiday list covers every year of the period */
  holidaysKnown: boolean;
  /** a weather series covers every day of the period */
  weather: boolean;
  /** first day of the migration's second half (null: one month) */
  split: string | null;
}

/** Month ordinal (year × 12 + month − 1) of a YYYY-MM-DD date. */
export function monthOrdinal(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/** Calendar months from the month of `date` to the month of `end` (0 = same month). */
export function monthsAgo(date: string, end: string): number {
  return monthOrdinal(end) - monthOrdinal(date);
}

function ordinalLabel(o: number, {long = false} = {}): string {
  const name = MONTHS_EN[o % 12];
  return `${long ? name : name.slice(0, 3)} ${Math.floor(o / 12)}`;
}

function firstOfMonth(o: number): string {
  return `${Math.floor(o / 12)}-${String((o % 12) + 1).padStart(2, "0")}-01`;
}

/**
 * Months as words: "April–September 2018", "July 2018", "November 2018 – February 2019";
 * `short` gives "Apr–Sep 2018".
 */
export function monthSpanLabel(startDate: string, endDate: string, {short = false} = {}): string {
  const a = monthOrdinal(startDate);
  const b = monthOrdinal(endDate);
  const name = (o: number) => (short ? MONTHS_EN[o % 12].slice(0, 3) : MONTHS_EN[o % 12]);
  const year = (o: number) => Math.floor(o / 12);
  if (a === b) return `${name(a)} ${year(a)}`;
  if (year(a) === year(b)) return `${name(a)}–${name(b)} ${year(b)}`;
  return `${name(a)} ${year(a)} – ${name(b)} ${year(b)}`;
}

/**
 * Where the migration splits the period: the first day of the month boundary nearest the period's
 * midpoint (ties: the earlier), so each half holds whole calendar months; null for a one-month period.
 * On six months (Apr–Sep) it is July 1st: Apr–Jun against Jul–Sep, as the report read its data.
 */
export function migrationSplit(start: string, end: string): string | null {
  const a = monthOrdinal(start);
  const b = monthOrdinal(end);
  if (b <= a) return null;
  const mid = daysBetween(start, end) / 2;
  let best: string | null = null;
  let bestDistance = Infinity;
  for (let o = a + 1; o <= b; o++) {
    const boundary = firstOfMonth(o);
    const distance = Math.abs(daysBetween(start, boundary) - 0.5 - mid);
    if (distance < bestDistance) [best, bestDistance] = [boundary, distance];
  }
  return best;
}

/** The period from its first and last date (both inclusive). */
export function studyPeriod(start: string, end: string): StudyPeriod {
  if (!isIsoDate(start)) throw new Error(`invalid period start ${JSON.stringify(start)} (expected YYYY-MM-DD)`);
  if (!isIsoDate(end)) throw new Error(`invalid period end ${JSON.stringify(end)} (expected YYYY-MM-DD)`);
  if (end < start) throw new Error(`invalid period ${start}..${end}: the end is before the start`);
  const a = monthOrdinal(start);
  const b = monthOrdinal(end);
  const months: PeriodMonth[] = [];
  for (let o = a; o <= b; o++) {
    const first = o === a ? start : firstOfMonth(o);
    const last = o === b ? end : addDays(firstOfMonth(o + 1), -1);
    months.push({ym: first.slice(0, 7), year: Math.floor(o / 12), month: (o % 12) + 1, ago: b - o, label: ordinalLabel(o), first, last});
  }
  const split = migrationSplit(start, end);
  const halves: [Half, Half] | null = split
    ? [
        {key: "h1", start, end: addDays(split, -1), shift: monthsAgo(addDays(split, -1), end), label: monthSpanLabel(start, addDays(split, -1), {short: true})},
        {key: "h2", start: split, end, shift: 0, label: monthSpanLabel(split, end, {short: true})}
      ]
    : null;
  return {start, end, days: dateRange(start, end).length, months, halves, label: monthSpanLabel(start, end)};
}

/** "Aug–Sep 2018": the last `n` months of the period (n ≥ 1), clipped to the period. */
export function lastMonthsLabel(period: StudyPeriod, n: number): string {
  const months = period.months.filter((m) => m.ago < n);
  if (!months.length) return "none";
  return monthSpanLabel(months[0].first, months[months.length - 1].last, {short: true});
}

/** The months `from`..`to` months back (inclusive, from ≥ to), clipped to the period, as words; "none" if outside. */
export function monthsBackLabel(period: StudyPeriod, from: number, to: number): string {
  const months = period.months.filter((m) => m.ago <= from && m.ago >= to);
  if (!months.length) return "none";
  return monthSpanLabel(months[0].first, months[months.length - 1].last, {short: true});
}
