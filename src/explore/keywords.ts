import {monthSpanLabel} from "../period.js";

/** Word-cloud keyword ranking over a date range, from the shipped candidate set. */
export interface KeywordDay {
  date: string;
  keyword: string;
  searches: number;
}

export interface KeywordRanking {
  keywords: {keyword: string; searches: number; rank: number}[];
  /** Upper bound on the total of any keyword outside the candidate set within the range. */
  outsideBound: number;
  /** True when no keyword outside the candidate set can reach the returned top n. */
  exact: boolean;
}

/**
 * Top-n keywords by total searches in [start, end]. `dayBars` / `monthBars` are the per-day and
 * per-month thresholds the candidate set was cut at; a keyword outside the set searched less than
 * the bar on every day and in every month, which bounds its total over the range.
 */
export function rankKeywords(
  rows: readonly KeywordDay[],
  {start, end, n = 200, dayBars = [], monthBars = []}: {
    start: string; end: string; n?: number;
    dayBars?: readonly {date: string; bar: number}[];
    /** month = "YYYY-MM" */
    monthBars?: readonly {month: string; bar: number}[];
  }
): KeywordRanking {
  if (!(start <= end)) throw new Error(`invalid date range: ${start} > ${end}`);
  if (!(n > 0)) throw new Error(`invalid n: ${n}`);
  const totals = new Map<string, number>();
  for (const r of rows) if (r.date >= start && r.date <= end) totals.set(r.keyword, (totals.get(r.keyword) ?? 0) + r.searches);
  const keywords = [...totals]
    .map(([keyword, searches]) => ({keyword, searches}))
    .sort((a, b) => b.searches - a.searches || (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0))
    .slice(0, n)
    .map((k, i) => ({...k, rank: i + 1}));
  const perMonth = new Map<string, number>();
  for (const d of dayBars) {
    if (d.date < start || d.date > end) continue;
    const m = d.date.slice(0, 7);
    perMonth.set(m, (perMonth.get(m) ?? 0) + d.bar);
  }
  let outsideBound = 0;
  for (const [m, daySum] of perMonth) {
    const monthBar = monthBars.find((b) => b.month === m)?.bar ?? Infinity;
    outsideBound += Math.min(daySum, monthBar);
  }
  const last = keywords.at(-1)?.searches ?? 0;
  return {keywords, outsideBound, exact: keywords.length < n ? outsideBound === 0 : last > outsideBound};
}

export interface KeywordRange {
  ok: boolean;
  start: string;
  end: string;
  /** why the range was refused or adjusted, or "" */
  message: string;
}

export interface MonthChoice {
  label: string;
  start: string;
  end: string;
}

/** The whole period and each calendar month of the (consecutive, ascending) dates. */
export function keywordMonths(dates: readonly string[]): MonthChoice[] {
  if (!dates.length) return [];
  const months: MonthChoice[] = [];
  for (const d of dates) {
    const last = months.at(-1);
    if (last && last.start.slice(0, 7) === d.slice(0, 7)) last.end = d;
    else months.push({label: "", start: d, end: d});
  }
  for (const m of months) m.label = monthSpanLabel(m.start, m.end, {short: true});
  return [{label: `Whole period (${monthSpanLabel(dates[0], dates[dates.length - 1], {short: true})})`, start: dates[0], end: dates[dates.length - 1]}, ...months];
}

/** Check a typed range against the data's first and last date: refuse what cannot be read, clamp what lies outside. */
export function checkRange(start: string | null, end: string | null, first: string, last: string): KeywordRange {
  if (!start || !end) return {ok: false, start: start ?? "", end: end ?? "", message: "Choose both a start and an end date."};
  if (start > end) return {ok: false, start, end, message: `The start date ${start} is after the end date ${end}.`};
  if (end < first || start > last) return {ok: false, start, end, message: `${start} – ${end} lies outside the data, which runs from ${first} to ${last}.`};
  const a = start < first ? first : start;
  const b = end > last ? last : end;
  const message = a !== start || b !== end ? `The data runs from ${first} to ${last}: showing ${a} – ${b}.` : "";
  return {ok: true, start: a, end: b, message};
}

