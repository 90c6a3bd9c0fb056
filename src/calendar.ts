/** The study period and its calendar: weekdays, public holidays and the report's extra days off. */
export const PERIOD_START = "2018-04-01";
export const PERIOD_END = "2018-09-30";

export interface CalendarDay {
  date: string; // YYYY-MM-DD
  weekday: number; // 0 = Sunday … 6 = Saturday
  holiday: boolean; // public holiday (official gazette)
  dayOff: boolean; // holiday, or a day off the report adds (Labour Day)
  name: string | null; // Korean name
  nameEn: string | null;
}

/** Days off the report's table lists that are not public holidays. */
export const REPORT_DAYS_OFF: ReadonlyArray<{date: string; name: string; nameEn: string}> = [
  {date: "2018-05-01", name: "근로자의 날", nameEn: "Labour Day"}
];

const HOLIDAY_EN: Record<string, string> = {
  "어린이날": "Children's Day",
  "대체공휴일(어린이날)": "Substitute holiday (Children's Day)",
  "부처님 오신 날": "Buddha's Birthday",
  "현충일": "Memorial Day",
  "전국동시지방선거": "Local elections",
  "광복절": "Liberation Day",
  "추석 전날": "Day before Chuseok",
  "추석": "Chuseok",
  "추석 다음 날": "Day after Chuseok",
  "대체공휴일(추석)": "Substitute holiday (Chuseok)"
};

export const WEEKDAYS_EN = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
export const WEEKDAYS_KO = ["일", "월", "화", "수", "목", "금", "토"] as const;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtc(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new Error(`invalid date: ${JSON.stringify(date)} (expected YYYY-MM-DD)`);
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  if (new Date(t).toISOString().slice(0, 10) !== date) throw new Error(`invalid date: ${JSON.stringify(date)}`);
  return t;
}

/** Weekday of an ISO date, 0 = Sunday, independent of the machine's time zone. */
export function weekdayOf(date: string): number {
  return new Date(toUtc(date)).getUTCDay();
}

/** Every ISO date from start to end inclusive. */
export function dateRange(start: string = PERIOD_START, end: string = PERIOD_END): string[] {
  const out: string[] = [];
  const last = toUtc(end);
  for (let t = toUtc(start); t <= last; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Shift an ISO date by n days. */
export function addDays(date: string, n: number): string {
  return new Date(toUtc(date) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Build the period's calendar from a holiday preset ({"2018-05-05": ["어린이날"], …}, as
 * @hyunbinseo/holidays-kr returns it) plus the report's extra days off.
 */
export function buildCalendar(
  holidays: Readonly<Record<string, readonly string[]>>,
  {start = PERIOD_START, end = PERIOD_END, extraDaysOff = REPORT_DAYS_OFF} = {}
): CalendarDay[] {
  const extra = new Map(extraDaysOff.map((d) => [d.date, d]));
  return dateRange(start, end).map((date) => {
    const names = holidays[date];
    const off = extra.get(date);
    const name = names?.length ? names.join(", ") : off?.name ?? null;
    const nameEn = names?.length ? names.map((n) => HOLIDAY_EN[n] ?? n).join(", ") : off?.nameEn ?? null;
    return {date, weekday: weekdayOf(date), holiday: !!names?.length, dayOff: !!names?.length || !!off, name, nameEn};
  });
}
