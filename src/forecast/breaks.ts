import {addDays, holidayGloss} from "../calendar.js";

/** A calendar day as the break finder reads it (the shape of CalendarDay and of the forecast input's calendar). */
export interface BreakCalendarDay {
  date: string;
  /** public holiday (official gazette) */
  holiday: boolean;
  name?: string | null;
  /** false when the holiday list does not cover the day's year */
  known?: boolean;
}

export interface HolidayBreak {
  /** Korean name of the holiday (its shortest day name, e.g. 추석) and its English gloss */
  name: string;
  nameEn: string;
  /** first and last public holiday of the break (a substitute holiday closing the run is a catch-up day) */
  start: string;
  end: string;
  /** the shipping cut-off days before it and the catch-up days after it */
  before: {start: string; end: string};
  after: {start: string; end: string};
}

export interface BreakOptions {
  /** a run of at least this many consecutive public holidays is a multi-day holiday (Seollal, Chuseok) */
  minDays?: number;
  /** days before the run when parcels stop shipping (couriers close for the holiday) */
  leadDays?: number;
  /** days after the run while deliveries catch up */
  lagDays?: number;
  /**
   * a break day's sales as a share of a normal day's, assumed until the training days hold a break: a
   * model cannot learn the size of a dip it has never seen, and the last break is the best guess for the next
   */
  salesShare?: number;
}

export interface BreakDays {
  breaks: HolidayBreak[];
  /** per day of the calendar: 1 inside the part named, else 0 */
  before: number[];
  during: number[];
  after: number[];
  /** the single input the LSTM reads: 1 from the cut-off to the holiday's last day */
  flag: number[];
}

// In the competition's 2018 files purchases ran at 30-55% of a normal day from the cut-off to the day after Chuseok.
export const BREAK_DEFAULTS: Required<BreakOptions> = {minDays: 3, leadDays: 4, lagDays: 2, salesShare: 0.5};

export function assertSalesShare(v: number): void {
  if (!(Number.isFinite(v) && v > 0 && v <= 2)) throw new Error(`invalid salesShare: ${v} (a share of a normal day's sales, in (0, 2])`);
}

/**
 * Multi-day holidays of a calendar and the days around them. Seollal and Chuseok are the only runs of
 * three or more consecutive public holidays in the Korean calendar (with their substitute and
 * adjacent days); shops stop shipping a few days before them because couriers close, and orders
 * catch up after. Everything comes from the calendar, so it holds for any year the holiday list
 * knows; days of unknown years never start a run.
 */
export function holidayBreaks(calendar: readonly BreakCalendarDay[], options: BreakOptions = {}): BreakDays {
  const {minDays, leadDays, lagDays, salesShare} = {...BREAK_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))};
  for (const [k, v, min] of [["minDays", minDays, 2], ["leadDays", leadDays, 0], ["lagDays", lagDays, 0]] as const) {
    if (!Number.isInteger(v) || v < min) throw new Error(`invalid ${k}: ${v}`);
  }
  assertSalesShare(salesShare);
  calendar.forEach((d, i) => {
    if (i > 0 && addDays(calendar[i - 1].date, 1) !== d.date) throw new Error(`non-consecutive calendar at index ${i}: ${calendar[i - 1].date} then ${d.date}`);
  });
  const n = calendar.length;
  const index = new Map(calendar.map((d, i) => [d.date, i]));
  const before = Array<number>(n).fill(0);
  const during = Array<number>(n).fill(0);
  const after = Array<number>(n).fill(0);
  const breaks: HolidayBreak[] = [];
  const isHoliday = (i: number) => calendar[i].holiday && calendar[i].known !== false;
  for (let i = 0; i < n; i++) {
    if (!isHoliday(i) || (i > 0 && isHoliday(i - 1))) continue;
    let j = i;
    while (j + 1 < n && isHoliday(j + 1)) j++;
    // A substitute holiday closing the run is a day off but no longer a break day: in the competition's
    // 2018 files orders were back to about 90% of normal on Chuseok's substitute holiday.
    let core = j;
    while (core > i && /대체|substitute/i.test(calendar[core].name ?? "")) core--;
    if (core - i + 1 < minDays) continue;
    const names = calendar.slice(i, j + 1).flatMap((d) => (d.name ?? "").split(", ").filter(Boolean));
    const name = names.reduce((a, b) => (b.length < a.length ? b : a), names[0] ?? "holiday");
    const start = calendar[i].date;
    const end = calendar[core].date;
    const catchUp = j - core + lagDays;
    breaks.push({name, nameEn: holidayGloss(name), start, end, before: {start: addDays(start, -leadDays), end: addDays(start, -1)}, after: {start: addDays(end, 1), end: addDays(end, catchUp)}});
    const mark = (target: number[], from: string, days: number) => {
      for (let k = 0; k < days; k++) {
        const at = index.get(addDays(from, k));
        if (at !== undefined) target[at] = 1;
      }
    };
    mark(before, addDays(start, -leadDays), leadDays);
    mark(during, start, core - i + 1);
    mark(after, addDays(end, 1), catchUp);
  }
  // a cut-off that falls inside an earlier run's catch-up counts as cut-off
  for (let i = 0; i < n; i++) if (before[i] || during[i]) after[i] = 0;
  const flag = before.map((b, i) => (b || during[i] ? 1 : 0));
  return {breaks, before, during, after, flag};
}
