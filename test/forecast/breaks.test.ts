import {getHolidayPreset} from "@hyunbinseo/holidays-kr";
import {describe, expect, it} from "vitest";
import {buildCalendar} from "../../src/calendar.js";
import {holidayBreaks} from "../../src/forecast/breaks.js";

async function calendar(year: number) {
  return buildCalendar(await getHolidayPreset(String(year) as Parameters<typeof getHolidayPreset>[0]), {start: `${year}-01-01`, end: `${year}-12-31`});
}

describe("holiday breaks from the holiday calendar", () => {
  it("finds Seollal and Chuseok of any preset year, with the cut-off before and the catch-up after", async () => {
    const c2018 = holidayBreaks(await calendar(2018));
    expect(c2018.breaks.map((b) => [b.name, b.nameEn, b.start, b.end])).toEqual([
      ["설날", "Seollal (Lunar New Year)", "2018-02-15", "2018-02-17"],
      ["추석", "Chuseok", "2018-09-23", "2018-09-25"]
    ]);
    expect(c2018.breaks[1].before).toEqual({start: "2018-09-19", end: "2018-09-22"});
    // Chuseok's substitute holiday (09-26) closes the run: a catch-up day, then the two after the run
    expect(c2018.breaks[1].after).toEqual({start: "2018-09-26", end: "2018-09-28"});
    const c2024 = holidayBreaks(await calendar(2024));
    expect(c2024.breaks.map((b) => [b.name, b.start, b.end])).toEqual([["설날", "2024-02-09", "2024-02-11"], ["추석", "2024-09-16", "2024-09-18"]]);
    expect(c2024.breaks[0].after).toEqual({start: "2024-02-12", end: "2024-02-14"});
    const c2027 = holidayBreaks(await calendar(2027));
    expect(c2027.breaks.map((b) => b.name)).toEqual(["설날", "추석"]);
  });

  it("marks the days per calendar day; single holidays and unknown years start no break", async () => {
    const cal = (await calendar(2018)).filter((d) => d.date >= "2018-09-01" && d.date <= "2018-10-31");
    const b = holidayBreaks(cal);
    const on = (v: number[]) => cal.filter((_, i) => v[i]).map((d) => d.date);
    expect(on(b.before)).toEqual(["2018-09-19", "2018-09-20", "2018-09-21", "2018-09-22"]);
    expect(on(b.during)).toEqual(["2018-09-23", "2018-09-24", "2018-09-25"]);
    expect(on(b.after)).toEqual(["2018-09-26", "2018-09-27", "2018-09-28"]);
    expect(on(b.flag)).toEqual([...on(b.before), ...on(b.during)]);
    // Hangul Day and National Foundation Day are single days
    expect(b.breaks).toHaveLength(1);
    expect(holidayBreaks(cal.map((d) => ({...d, known: false}))).breaks).toEqual([]);
    expect(holidayBreaks(cal, {leadDays: 2, lagDays: 0}).breaks[0].before).toEqual({start: "2018-09-21", end: "2018-09-22"});
    expect(() => holidayBreaks(cal, {minDays: 1})).toThrow("invalid minDays: 1");
    // two holidays and a substitute day are not a multi-day holiday of three
    const short = cal.map((d) => (d.date === "2018-09-23" ? {...d, holiday: false, name: null} : d));
    expect(holidayBreaks(short).breaks).toEqual([]);
    expect(holidayBreaks(short, {minDays: 2}).breaks.map((x) => [x.start, x.end])).toEqual([["2018-09-24", "2018-09-25"]]);
    expect(() => holidayBreaks(cal, {salesShare: -0.5})).toThrow("invalid salesShare: -0.5");
    expect(() => holidayBreaks([cal[0], cal[2]])).toThrow("non-consecutive calendar at index 1");
  });
});
