import {afterAll, describe, expect, it} from "vitest";
import {openDuck} from "../../loaders/duck.js";
import {missingDayRuns} from "../../loaders/warehouse/build.js";
import {dayRuns, dayRunsText, missingDaysNote, runDates} from "../../src/period.js";

const duck = await openDuck();
afterAll(() => duck.close());

/** A session table with `perDay(i)` sessions on day i of 2018-07-01 + i. */
async function sessions(days: number, perDay: (i: number) => number): Promise<void> {
  await duck.run("CREATE OR REPLACE TABLE session (sess_dt DATE)");
  for (let d = 0; d < days; d++) await duck.run("INSERT INTO session SELECT DATE '2018-07-01' + $d::INTEGER FROM range($n::INTEGER)", {d, n: perDay(d)});
}

describe("days without any session", () => {
  it("are gaps in the logs where every other day is busy, and nothing in sparse data", async () => {
    await sessions(40, (i) => (i >= 10 && i <= 15) || i === 30 ? 0 : 20 + (i % 7));
    const runs = await missingDayRuns(duck);
    expect(runs).toEqual([{from: "2018-07-11", to: "2018-07-16", days: 6}, {from: "2018-07-31", to: "2018-07-31", days: 1}]);
    expect(dayRunsText(runs)).toBe("2018-07-11 – 2018-07-16 and 2018-07-31");
    expect(runDates(runs)).toEqual(["2018-07-11", "2018-07-12", "2018-07-13", "2018-07-14", "2018-07-15", "2018-07-16", "2018-07-31"]);
    expect(dayRuns(["2018-07-11", "2018-07-12", "2018-07-13", "2018-07-14", "2018-07-15", "2018-07-16", "2018-07-31"])).toEqual(runs);
    expect(dayRunsText(dayRuns(["2018-12-31", "2019-01-01", "2019-01-03"]))).toBe("2018-12-31 – 2019-01-01 and 2019-01-03");
    expect(missingDaysNote(runs)).toMatch(/^no session at all on 7 days inside the period \(2018-07-11 – 2018-07-16 and 2018-07-31\)/);
    // the quietest tenth of the days has fewer than 10 sessions: a day without one may just be quiet
    await sessions(40, (i) => (i >= 10 && i <= 15 ? 0 : i % 4 === 0 ? 3 : 20));
    expect(await missingDayRuns(duck)).toEqual([]);
    expect(await missingDayRuns(duck, {minSessions: 3})).toEqual([{from: "2018-07-11", to: "2018-07-16", days: 6}]);
    await sessions(40, () => 12);
    expect(await missingDayRuns(duck)).toEqual([]);
  });
});
