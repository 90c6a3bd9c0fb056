import {describe, expect, it} from "vitest";
import {addDays, buildCalendar, dateRange, dayStretches, daysBetween, holidayGloss, weekdayOf, yearsOf} from "../src/calendar.js";
import {loadCalendar} from "../loaders/holidays.js";

describe("calendar", () => {
  it("numbers stretches of consecutive days, across a year's end", () => {
    expect(dayStretches(["2018-12-30", "2018-12-31", "2019-01-01", "2019-01-03", "2019-01-04", "2019-01-09"])).toEqual([0, 0, 0, 1, 1, 2]);
    expect(dayStretches([])).toEqual([]);
  });

  it("spans any period, both ends included", () => {
    const d = dateRange("2018-04-01", "2018-09-30");
    expect(d.length).toBe(183);
    expect(d[0]).toBe("2018-04-01");
    expect(d.at(-1)).toBe("2018-09-30");
    expect(dateRange("2019-12-30", "2020-01-02")).toEqual(["2019-12-30", "2019-12-31", "2020-01-01", "2020-01-02"]);
    expect(dateRange("2018-04-02", "2018-04-01")).toEqual([]);
    expect(daysBetween("2018-04-01", "2018-09-30")).toBe(182);
    expect(yearsOf("2018-11-01", "2020-02-01")).toEqual([2018, 2019, 2020]);
  });
  it("knows weekdays without the machine's time zone", () => {
    expect(weekdayOf("2018-04-01")).toBe(0);
    expect(weekdayOf("2018-09-24")).toBe(1);
    expect(addDays("2018-09-30", 1)).toBe("2018-10-01");
  });
  it("rejects impossible dates by name", () => {
    expect(() => weekdayOf("2018-02-30")).toThrow('invalid date: "2018-02-30"');
    expect(() => dateRange("20180401", "2018-04-02")).toThrow("invalid date");
  });
  it("has the report's holidays and days off from the bundled preset", async () => {
    const cal = await loadCalendar("2018-04-01", "2018-09-30");
    expect(cal.knownYears).toEqual([2018]);
    const off = cal.days.filter((d) => d.dayOff).map((d) => d.date);
    expect(off).toEqual(["2018-05-01", "2018-05-05", "2018-05-07", "2018-05-22", "2018-06-06", "2018-06-13",
      "2018-08-15", "2018-09-23", "2018-09-24", "2018-09-25", "2018-09-26"]);
    expect(cal.days.find((d) => d.date === "2018-05-01")).toMatchObject({holiday: false, dayOff: true, nameEn: "Labour Day", known: true});
    expect(cal.days.find((d) => d.date === "2018-09-24")).toMatchObject({holiday: true, name: "추석", nameEn: "Chuseok"});
  });
  it("gives Labour Day every year and other years their own holidays (Seollal 2019, substitute days)", async () => {
    const cal = await loadCalendar("2019-01-01", "2019-12-31");
    const named = (d: string) => cal.days.find((x) => x.date === d);
    expect(named("2019-05-01")).toMatchObject({dayOff: true, holiday: false, nameEn: "Labour Day"});
    expect(named("2019-02-05")).toMatchObject({holiday: true, name: "설날", nameEn: "Seollal (Lunar New Year)"});
    expect(named("2019-05-06")?.nameEn).toBe("Substitute holiday (Children's Day)");
    expect(cal.days.filter((d) => d.holiday).length).toBe(16);
  });
  it("marks years without a preset unknown instead of claiming no holiday", async () => {
    const cal = await loadCalendar("2027-12-30", "2028-01-02");
    expect(cal.knownYears).toEqual([2027]);
    expect(cal.unknownYears).toEqual([2028]);
    expect(cal.days.map((d) => d.known)).toEqual([true, true, false, false]);
    expect(cal.days.find((d) => d.date === "2028-01-01")).toMatchObject({holiday: false, known: false});
  });
  it("builds from any preset", () => {
    const cal = buildCalendar({"2018-04-02": ["테스트"]}, {start: "2018-04-01", end: "2018-04-03", extraDaysOff: []});
    expect(cal.map((d) => d.holiday)).toEqual([false, true, false]);
  });
  it("glosses every holiday name of the bundled presets", async () => {
    const cal = await loadCalendar("2018-01-01", "2027-12-31");
    const unglossed = cal.days.filter((d) => d.holiday && d.name!.split(", ").some((n) => holidayGloss(n) === n)).map((d) => d.name);
    expect(unglossed).toEqual([]);
    expect(holidayGloss("제22대국회의원선거")).toBe("National Assembly election");
    expect(holidayGloss("미지의 날")).toBe("미지의 날");
  });
});
