import {describe, expect, it} from "vitest";
import {checkRange, keywordMonths, rankKeywords} from "../../src/explore/keywords.js";
import {dateRange} from "../../src/calendar.js";

describe("keyword periods", () => {
  it("offers the whole period and each of the data's months, across a new year", () => {
    expect(keywordMonths(dateRange("2018-12-15", "2019-02-10")).map((m) => [m.label, m.start, m.end])).toEqual([
      ["Whole period (Dec 2018 – Feb 2019)", "2018-12-15", "2019-02-10"],
      ["Dec 2018", "2018-12-15", "2018-12-31"],
      ["Jan 2019", "2019-01-01", "2019-01-31"],
      ["Feb 2019", "2019-02-01", "2019-02-10"]
    ]);
    expect(keywordMonths([])).toEqual([]);
  });
  it("refuses a range it cannot read and clamps one that runs past the data, saying so", () => {
    const [a, z] = ["2018-04-01", "2018-09-30"];
    expect(checkRange(null, "2018-09-30", a, z)).toMatchObject({ok: false, message: "Choose both a start and an end date."});
    expect(checkRange("2018-09-20", "2018-09-10", a, z)).toMatchObject({ok: false, message: "The start date 2018-09-20 is after the end date 2018-09-10."});
    expect(checkRange("2017-01-01", "2017-02-01", a, z)).toMatchObject({ok: false});
    expect(checkRange("2018-03-01", "2018-04-10", a, z)).toEqual({ok: true, start: "2018-04-01", end: "2018-04-10", message: "The data runs from 2018-04-01 to 2018-09-30: showing 2018-04-01 – 2018-04-10."});
    expect(checkRange("2018-05-01", "2018-05-31", a, z)).toEqual({ok: true, start: "2018-05-01", end: "2018-05-31", message: ""});
  });
  it("bounds keywords outside the candidate set per calendar month, so a new year's months stay apart", () => {
    const rows = [
      {date: "2018-12-31", keyword: "a", searches: 10},
      {date: "2019-01-01", keyword: "b", searches: 4}
    ];
    const r = rankKeywords(rows, {start: "2018-12-31", end: "2019-01-01", n: 1, dayBars: [{date: "2018-12-31", bar: 3}, {date: "2019-01-01", bar: 3}], monthBars: [{month: "2018-12", bar: 2}, {month: "2019-01", bar: 5}]});
    expect(r.keywords).toEqual([{keyword: "a", searches: 10, rank: 1}]);
    expect(r.outsideBound).toBe(2 + 3);
    expect(r.exact).toBe(true);
  });
});
