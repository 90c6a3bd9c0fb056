/** Dates and the calendar of a data set's period: weekdays, public holidays and the report's extra days off. */

export interface CalendarDay {
  date: string; // YYYY-MM-DD
  weekday: number; // 0 = Sunday … 6 = Saturday
  holiday: boolean; // public holiday (official gazette)
  dayOff: boolean; // holiday, or a day off the report adds (Labour Day)
  name: string | null; // Korean name
  nameEn: string | null;
  /** false when the holiday list does not cover this day's year: `holiday` is then unknown, not false */
  known: boolean;
}

/** A day off on the same month and day every year. */
export interface AnnualDayOff {
  /** MM-DD */
  monthDay: string;
  name: string;
  nameEn: string;
}

/**
 * Days off the report's table lists that are not public holidays: Labour Day (5/1), a paid day off for
 * most employees, applied to every year.
 */
export const REPORT_DAYS_OFF: readonly AnnualDayOff[] = [{monthDay: "05-01", name: "근로자의 날", nameEn: "Labour Day"}];

const HOLIDAY_EN: Record<string, string> = {
  "1월 1일": "New Year's Day",
  "설날 전날": "Day before Seollal",
  "설날": "Seollal (Lunar New Year)",
  "설날 다음 날": "Day after Seollal",
  "3ㆍ1절": "Independence Movement Day",
  "어린이날": "Children's Day",
  "부처님 오신 날": "Buddha's Birthday",
  "현충일": "Memorial Day",
  "제헌절": "Constitution Day",
  "광복절": "Liberation Day",
  "추석 전날": "Day before Chuseok",
  "추석": "Chuseok",
  "추석 다음 날": "Day after Chuseok",
  "개천절": "National Foundation Day",
  "한글날": "Hangul Day",
  "기독탄신일": "Christmas Day",
  "노동절": "Labour Day",
  "근로자의 날": "Labour Day",
  "전국동시지방선거": "Local elections",
  "대통령선거": "Presidential election",
  "임시공휴일": "Temporary holiday"
};

/** English name of a Korean holiday name from the gazette list; unknown names come back unchanged. */
export function holidayGloss(name: string): string {
  const known = HOLIDAY_EN[name];
  if (known) return known;
  const wrapped = /^(대체공휴일|임시공휴일)\((.+)\)$/.exec(name);
  if (wrapped) return `${wrapped[1] === "대체공휴일" ? "Substitute holiday" : "Temporary holiday"} (${holidayGloss(wrapped[2])})`;
  if (/국회의원\s*선거$/.test(name)) return "National Assembly election";
  if (/선거$/.test(name)) return "Election day";
  return name;
}

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

/** True for a real YYYY-MM-DD date. */
export function isIsoDate(date: unknown): date is string {
  if (typeof date !== "string") return false;
  try {
    toUtc(date);
    return true;
  } catch {
    return false;
  }
}

/** Weekday of an ISO date, 0 = Sunday, independent of the machine's time zone. */
export function weekdayOf(date: string): number {
  return new Date(toUtc(date)).getUTCDay();
}

/** Every ISO date from start to end inclusive (empty when end is before start). */
export function dateRange(start: string, end: string): string[] {
  const out: string[] = [];
  const last = toUtc(end);
  for (let t = toUtc(start); t <= last; t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** Shift an ISO date by n days. */
export function addDays(date: string, n: number): string {
  return new Date(toUtc(date) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Each ascending date's stretch: consecutive days share a number, a skipped day starts the next. */
export function dayStretches(dates: readonly string[]): number[] {
  let stretch = 0;
  return dates.map((d, i) => (i > 0 && addDays(dates[i - 1], 1) !== d ? ++stretch : stretch));
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / 86_400_000);
}

/** The calendar years a period touches, ascending. */
export function yearsOf(start: string, end: string): number[] {
  const first = Number(start.slice(0, 4));
  const last = Number(end.slice(0, 4));
  toUtc(start);
  toUtc(end);
  return Array.from({length: Math.max(0, last - first + 1)}, (_, i) => first + i);
}

/**
 * The period's calendar from a holiday list ({"2018-05-05": ["어린이날"], …}, the shape of the
 * @hyunbinseo/holidays-kr presets) plus the report's annual days off. Days of years outside
 * `knownYears` (default: every year) are marked unknown: no holiday is claimed for them.
 */
export function buildCalendar(
  holidays: Readonly<Record<string, readonly string[]>>,
  {start, end, extraDaysOff = REPORT_DAYS_OFF, knownYears}: {start: string; end: string; extraDaysOff?: readonly AnnualDayOff[]; knownYears?: readonly number[]}
): CalendarDay[] {
  const extra = new Map(extraDaysOff.map((d) => [d.monthDay, d]));
  const known = knownYears ? new Set(knownYears) : null;
  return dateRange(start, end).map((date) => {
    const names = holidays[date];
    const off = extra.get(date.slice(5));
    const holiday = !!names?.length;
    // a year whose list already names the day (노동절 became a public holiday) needs no extra entry
    const name = holiday ? names.join(", ") : off?.name ?? null;
    const nameEn = holiday ? names.map(holidayGloss).join(", ") : off?.nameEn ?? null;
    return {date, weekday: weekdayOf(date), holiday, dayOff: holiday || !!off, name, nameEn, known: known ? known.has(Number(date.slice(0, 4))) : true};
  });
}
