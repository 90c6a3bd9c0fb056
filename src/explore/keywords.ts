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
    monthBars?: readonly {month: number; bar: number}[];
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
  const perMonth = new Map<number, number>();
  for (const d of dayBars) {
    if (d.date < start || d.date > end) continue;
    const m = Number(d.date.slice(5, 7));
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
