import {dateRange} from "../src/calendar.js";
import * as q from "../src/explore/sql.js";
import type {IngestReport} from "../src/ingest/report.js";
import type {RawFile} from "../src/ingest/tables.js";
import type {Duck} from "./duck.js";

export interface KeywordArtifact {
  dates: string[];
  keywords: {keyword: string; counts: number[]}[];
  dayBars: {date: string; bar: number}[];
  monthBars: {month: string; bar: number}[];
  monthTop: number;
  dayTop: number;
}

/** The overview's region and daily figures: regionSql's and dailySql's rows. */
export interface SessionFigures {
  region: Record<string, unknown>[];
  daily: Record<string, unknown>[];
}

/**
 * Everything the overview page charts except keywords and the network, from what the shared build made:
 * `customers`, the customer table, `figures`, the region and daily figures, and `categories`, the category
 * figure (categorySql's rows).
 */
export async function overview(duck: Duck, {customers, figures, categories}: {customers: string; figures: SessionFigures; categories: Record<string, unknown>[]}) {
  return {
    kpi: (await duck.query(q.kpiSql(customers)))[0],
    gender: await duck.query(q.GENDER_SQL),
    age: await duck.query(q.AGE_SQL),
    device: await duck.query(q.DEVICE_SQL),
    region: figures.region,
    category: categories,
    daily: figures.daily,
    calendar: await duck.query("SELECT strftime(date, '%Y-%m-%d') AS date, weekday, holiday, day_off, name, name_en FROM calendar WHERE day_off ORDER BY date"),
    meta: Object.fromEntries((await duck.query<{key: string; value: string}>("SELECT key, value FROM meta ORDER BY key")).map((r) => [r.key, r.value]))
  };
}

/** `fn`'s result, with the temp table or view `name` holding `sql`'s rows while it runs. */
async function withTemp<T>(duck: Duck, kind: "TABLE" | "VIEW", name: string, sql: string, fn: () => Promise<T>): Promise<T> {
  await duck.run(`CREATE OR REPLACE TEMP ${kind} ${name} AS ${sql}`);
  try {
    return await fn();
  } finally {
    await duck.run(`DROP ${kind} ${name}`);
  }
}

/** Rows repeating an earlier row's key in `file`, as the ingest counted them (recorded in meta); null if unrecorded. */
export async function ingestDuplicates(duck: Duck, file: RawFile): Promise<number | null> {
  const [row] = await duck.query<{value: string}>("SELECT value FROM meta WHERE key = 'ingest_report'");
  // a warehouse from an older ingest, or a hand-made one, may lack the report or the count
  const n: unknown = row ? (JSON.parse(row.value) as Partial<Pick<IngestReport, "files">>).files?.[file]?.duplicates : undefined;
  return typeof n === "number" ? n : null;
}

/** Daily Search2 totals of the candidate keywords, dense per keyword (see keywordDailySql). */
export async function keywordDaily(duck: Duck, {monthTop = 400, dayTop = 100} = {}): Promise<KeywordArtifact> {
  // The day totals (millions of keyword-days at full scale) once, for the three queries; search2's own
  // rows where the ingest found no repeated key (at full scale a third of this loader's work saved).
  const unique = (await ingestDuplicates(duck, "search2")) === 0;
  return withTemp(duck, unique ? "VIEW" : "TABLE", "keyword_days", unique ? q.KEYWORD_DAY_ROWS_SQL : q.KEYWORD_DAY_TOTALS_SQL, async () => {
    // each ranking once, for the candidates and for its bar: the month totals alone group millions of keyword-days
    const tops = {month: "keyword_month_top", day: "keyword_day_top"};
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${tops.month} AS ${q.keywordMonthTopSql("keyword_days")}`, {monthTop});
    await duck.run(`CREATE OR REPLACE TEMP TABLE ${tops.day} AS ${q.keywordDayTopSql("keyword_days")}`, {dayTop});
    const rows = await duck.query<{date: string; keyword: string; searches: number}>(q.keywordDailySql("keyword_days", tops));
    const [first, last] = [rows.reduce((a, r) => (r.date < a ? r.date : a), "9999"), rows.reduce((a, r) => (r.date > a ? r.date : a), "0000")];
    const dates = rows.length ? dateRange(first, last) : [];
    const index = new Map(dates.map((d, i) => [d, i]));
    const byKeyword = new Map<string, number[]>();
    for (const r of rows) {
      let counts = byKeyword.get(r.keyword);
      if (!counts) byKeyword.set(r.keyword, (counts = new Array(dates.length).fill(0)));
      counts[index.get(r.date)!] += r.searches;
    }
    const keywords = [...byKeyword]
      .map(([keyword, counts]) => ({keyword, counts, total: counts.reduce((a, b) => a + b, 0)}))
      .sort((a, b) => b.total - a.total || (a.keyword < b.keyword ? -1 : 1))
      .map(({keyword, counts}) => ({keyword, counts}));
    return {
      dates, keywords, monthTop, dayTop,
      dayBars: await duck.query(q.keywordDayBarSql(null, tops)),
      monthBars: await duck.query(q.keywordMonthBarSql(null, tops))
    };
  });
}

/** Co-purchase network of top categories: the sessions' categories found once, for the nodes and the edges. */
export async function copurchase(duck: Duck) {
  return withTemp(duck, "TABLE", "session_categories", q.SESSION_CATEGORIES_SQL, async () => ({
    nodes: await duck.query(q.copurchaseNodesSql("session_categories")),
    edges: await duck.query(q.copurchaseEdgesSql("session_categories"))
  }));
}
