import {getHolidayPreset} from "@hyunbinseo/holidays-kr";
import {buildCalendar, type CalendarDay} from "../src/calendar.js";

/** The 2018 calendar from the bundled official-gazette preset (no network). */
export async function loadCalendar2018(): Promise<CalendarDay[]> {
  return buildCalendar(await getHolidayPreset("2018"));
}
