import {getHolidayPreset} from "@hyunbinseo/holidays-kr";
import {buildCalendar, dateRange, type CalendarDay} from "../../src/calendar.js";
import {REPORT_CATEGORIES} from "../../src/categories.js";
import {syntheticSeries, type SyntheticOptions} from "../../src/forecast/synthetic.js";
import type {ForecastInput} from "../../loaders/forecast.js";

export async function calendar2018(start = "2018-04-01", end = "2018-09-30"): Promise<CalendarDay[]> {
  return buildCalendar(await getHolidayPreset("2018"), {start, end});
}

/** A synthetic 2018 series with the real holiday calendar (days off incl. Labour Day). */
export async function synthetic2018(options: SyntheticOptions = {}): Promise<ReturnType<typeof syntheticSeries>> {
  const cal = await calendar2018();
  return syntheticSeries({daysOff: cal.filter((d) => d.dayOff).map((d) => d.date), ...options});
}

/** Runner input: shared synthetic weather, one synthetic series per category with its own level and seed. */
export async function syntheticInput({categories = REPORT_CATEGORIES, start = "2018-04-01", end = "2018-09-30"}: {categories?: readonly string[]; start?: string; end?: string} = {}): Promise<ForecastInput> {
  const dates = dateRange(start, end);
  const cal = await calendar2018(start, end);
  const daysOff = cal.filter((d) => d.dayOff).map((d) => d.date);
  const base = syntheticSeries({dates, daysOff, seed: 100});
  const weather = {temperature: base.temperature, precipitation: base.precipitation};
  return {
    dates,
    weather: dates.map((date, i) => ({date, temp_mean: weather.temperature[i], precip_mm: weather.precipitation[i]})),
    calendar: cal.map((c) => ({date: c.date, weekday: c.weekday, holiday: c.holiday, dayOff: c.dayOff, name: c.name})),
    series: categories.map((category, k) => ({
      category,
      revenue: syntheticSeries({dates, daysOff, weather, seed: 1000 + k, level: 150e6 / (1 + k), rainEffect: 0.03 + 0.01 * (k % 3), heatEffect: -0.01 * (k % 4)}).revenue
    }))
  };
}
