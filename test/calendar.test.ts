import {describe, expect, it} from "vitest";
import {addDays, buildCalendar, dateRange, weekdayOf} from "../src/calendar.js";
import {loadCalendar2018} from "../loaders/holidays.js";

describe("calendar", () => {
  it("spans the 183 days of the study period", () => {
    const d = dateRange();
    expect(d.length).toBe(183);
    expect(d[0]).toBe("2018-04-01");
    expect(d.at(-1)).toBe("2018-09-30");
  });
  it("knows weekdays without the machine's time zone", () => {
    expect(weekdayOf("2018-04-01")).toBe(0);
    expect(weekdayOf("2018-09-24")).toBe(1);
    expect(addDays("2018-09-30", 1)).toBe("2018-10-01");
  });
  it("rejects impossible dates by name", () => {
    expect(() => weekdayOf("2018-02-30")).toThrow('invalid date: "2018-02-30"');
    expect(() => dateRange("20180401")).toThrow("invalid date");
  });
  it("has the report's holidays and days off from the bundled preset", async () => {
    const cal = await loadCalendar2018();
    const off = cal.filter((d) => d.dayOff).map((d) => d.date);
    expect(off).toEqual(["2018-05-01", "2018-05-05", "2018-05-07", "2018-05-22", "2018-06-06", "2018-06-13",
      "2018-08-15", "2018-09-23", "2018-09-24", "2018-09-25", "2018-09-26"]);
    expect(cal.find((d) => d.date === "2018-05-01")).toMatchObject({holiday: false, dayOff: true, nameEn: "Labour Day"});
    expect(cal.find((d) => d.date === "2018-09-24")).toMatchObject({holiday: true, name: "추석", nameEn: "Chuseok"});
  });
  it("builds from any preset", () => {
    const cal = buildCalendar({"2018-04-02": ["테스트"]}, {start: "2018-04-01", end: "2018-04-03", extraDaysOff: []});
    expect(cal.map((d) => d.holiday)).toEqual([false, true, false]);
  });
});
