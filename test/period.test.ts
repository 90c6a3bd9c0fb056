import {describe, expect, it} from "vitest";
import {lastMonthsLabel, migrationSplit, monthsAgo, monthsBackLabel, monthSpanLabel, studyPeriod} from "../src/period.js";

describe("study period", () => {
  it("reads the report's six months as the report did: Apr–Jun against Jul–Sep", () => {
    const p = studyPeriod("2018-04-01", "2018-09-30");
    expect(p.days).toBe(183);
    expect(p.label).toBe("April–September 2018");
    expect(p.months.map((m) => [m.label, m.ago])).toEqual([["Apr 2018", 5], ["May 2018", 4], ["Jun 2018", 3], ["Jul 2018", 2], ["Aug 2018", 1], ["Sep 2018", 0]]);
    expect(p.halves).toEqual([
      {key: "h1", start: "2018-04-01", end: "2018-06-30", shift: 3, label: "Apr–Jun 2018"},
      {key: "h2", start: "2018-07-01", end: "2018-09-30", shift: 0, label: "Jul–Sep 2018"}
    ]);
    // R = 3 within the last two months, R = 2 within the two before (the report's Aug–Sep and Jun–Jul)
    expect(lastMonthsLabel(p, 2)).toBe("Aug–Sep 2018");
    expect(monthsBackLabel(p, 3, 2)).toBe("Jun–Jul 2018");
    expect(monthsBackLabel(p, 5, 4)).toBe("Apr–May 2018");
  });
  it("follows any other period: the twin moved by 364 days, one month, a year boundary", () => {
    const shifted = studyPeriod("2019-03-31", "2019-09-29");
    expect(shifted.months[0]).toMatchObject({ym: "2019-03", first: "2019-03-31", last: "2019-03-31", ago: 6});
    expect(shifted.halves?.map((h) => h.label)).toEqual(["Mar–Jun 2019", "Jul–Sep 2019"]);
    const july = studyPeriod("2018-07-01", "2018-07-31");
    expect(july.halves).toBeNull();
    expect(july.label).toBe("July 2018");
    expect(lastMonthsLabel(july, 2)).toBe("Jul 2018");
    expect(monthsBackLabel(july, 3, 2)).toBe("none");
    const winter = studyPeriod("2018-11-15", "2019-02-10");
    expect(winter.label).toBe("November 2018 – February 2019");
    expect(winter.halves?.map((h) => [h.start, h.end])).toEqual([["2018-11-15", "2018-12-31"], ["2019-01-01", "2019-02-10"]]);
    expect(monthSpanLabel("2018-11-15", "2019-02-10", {short: true})).toBe("Nov 2018 – Feb 2019");
  });
  it("counts months back across years", () => {
    expect(monthsAgo("2018-12-31", "2019-01-01")).toBe(1);
    expect(monthsAgo("2018-09-01", "2018-09-30")).toBe(0);
    expect(monthsAgo("2018-04-30", "2018-09-30")).toBe(5);
  });
  it("splits at the month boundary nearest the middle (ties: the earlier one)", () => {
    expect(migrationSplit("2018-04-01", "2018-09-30")).toBe("2018-07-01");
    expect(migrationSplit("2018-07-01", "2018-08-31")).toBe("2018-08-01");
    expect(migrationSplit("2018-07-01", "2018-07-31")).toBeNull();
    expect(migrationSplit("2018-04-01", "2018-06-30")).toBe("2018-05-01");
  });
  it("names bad input", () => {
    expect(() => studyPeriod("2018-09-30", "2018-04-01")).toThrow("invalid period 2018-09-30..2018-04-01: the end is before the start");
    expect(() => studyPeriod("20180401", "2018-09-30")).toThrow('invalid period start "20180401"');
  });
});
