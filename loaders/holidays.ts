import {getHolidayPreset} from "@hyunbinseo/holidays-kr";
import {buildCalendar, yearsOf, type CalendarDay} from "../src/calendar.js";

export const HOLIDAY_SOURCE = "@hyunbinseo/holidays-kr (official gazette)";

export interface PeriodCalendar {
  days: CalendarDay[];
  /** years of the period the bundled holiday list covers */
  knownYears: number[];
  /** years it does not cover: no holiday is known for them */
  unknownYears: number[];
  source: string;
}

/** The period's calendar from the bundled official-gazette presets (no network); years without a preset are marked unknown. */
export async function loadCalendar(start: string, end: string): Promise<PeriodCalendar> {
  const holidays: Record<string, readonly string[]> = {};
  const knownYears: number[] = [];
  const unknownYears: number[] = [];
  for (const year of yearsOf(start, end)) {
    try {
      Object.assign(holidays, await getHolidayPreset(String(year)));
      knownYears.push(year);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      unknownYears.push(year);
    }
  }
  return {days: buildCalendar(holidays, {start, end, knownYears}), knownYears, unknownYears, source: HOLIDAY_SOURCE};
}
