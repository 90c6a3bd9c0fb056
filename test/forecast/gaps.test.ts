import {describe, expect, it} from "vitest";
import {runForecasts, type RunForecastOptions} from "../../loaders/forecast.js";
import {errorScale} from "../../src/forecast/conformal.js";
import {evaluatedDays, horizonWindows} from "../../src/forecast/evaluate.js";
import {fillMissing, missingDays, observedSeries, withMissing} from "../../src/forecast/gaps.js";
import {evaluationPlan} from "../../src/forecast/plan.js";
import {syntheticInput} from "./helpers.js";

describe("days without a record", () => {
  it("fills each from the same weekday a week before, chained, and from later only at the very start", () => {
    const y = Array.from({length: 30}, (_, i) => 100 + i);
    // days 10–17: a gap longer than a week, so 17 reads 10, itself filled from 3
    const gap = Array.from({length: 8}, (_, i) => 10 + i);
    const f = fillMissing(y, gap);
    expect(f.slice(10, 18)).toEqual([103, 104, 105, 106, 107, 108, 109, 103]);
    expect(f.slice(0, 10)).toEqual(y.slice(0, 10));
    expect(f.slice(18)).toEqual(y.slice(18));
    // day 2 has no week before it: the first recorded day 7·k after it
    expect(fillMissing(y, [2, 9])[2]).toBe(116);
    expect(fillMissing(y, [2, 9])[9]).toBe(116);
    expect(fillMissing(y, [])).toEqual(y);
    expect(() => fillMissing([1, 2], [0, 1])).toThrow(/every one of the 2 days is missing/);
    expect(() => fillMissing(y, [30])).toThrow(/invalid missing day: 30/);
  });

  it("splits a series into what the models read and what is scored", () => {
    const revenue = [5, 6, 0, 0, 9, 10, 11, 12, 13];
    const s = observedSeries({revenue, missing: [0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1]});
    expect(s.missing).toEqual([2, 3]);
    expect(s.observed.map((v) => (Number.isNaN(v) ? null : v))).toEqual([5, 6, null, null, 9, 10, 11, 12, 13]);
    // neither has a day a week before or after it: each takes the nearest recorded day
    expect(s.filled).toEqual([5, 6, 6, 9, 9, 10, 11, 12, 13]);
    expect(missingDays({revenue})).toEqual([]);
    expect(() => missingDays({revenue, missing: [0, 1]})).toThrow(/missing covers 2 days, the revenue 9/);
  });

  it("drops missing targets from every scored window, and from the interval scale", () => {
    const plan = evaluationPlan(100, {lstm: true});
    if (!plan.ok) throw new Error(plan.reason);
    const p = withMissing(plan.plan, [plan.plan.evalStart + 1, plan.plan.evalStart + 2]);
    expect(withMissing(plan.plan, [])).toBe(plan.plan);
    const week = horizonWindows(p, {key: "1w", steps: 7});
    const first = week.evaluation[0];
    expect(first.pairs.map((x) => x.target - p.evalStart)).toEqual([0, 3, 4, 5, 6]);
    const day = horizonWindows(p, {key: "1d", steps: 1}).evaluation[0];
    expect(day.pairs.map((x) => x.target - p.evalStart)).toEqual([0, 3, 4, 5, 6]);
    const all = horizonWindows(plan.plan, {key: "1w", steps: 7});
    expect(all.evaluation.length).toBe(week.evaluation.length);
    // a whole window missing leaves no window at all
    const whole = withMissing(plan.plan, Array.from({length: 7}, (_, i) => plan.plan.evalStart + i));
    expect(horizonWindows(whole, {key: "1d", steps: 1}).evaluation.length).toBe(all.evaluation.length - 1);
    const flags = Array.from({length: 100}, (_, i) => (i >= p.evalStart && i < p.evalStart + 4 ? 1 : 0));
    expect(evaluatedDays(p, flags).map((i) => i - p.evalStart)).toEqual([0, 3]);
    expect(errorScale([10, Number.NaN, 20], 3, 7)).toBe(15);
    expect(errorScale([Number.NaN, Number.NaN], 2, 7)).toBe(1);
  });

  it("forecasts through an outage: read filled, never scored, said once", async () => {
    const input = await syntheticInput({categories: ["여성의류"], start: "2018-06-01", end: "2018-09-20"});
    // six days lost inside the test weeks: no session, so 0 revenue in the input
    const lost = input.dates.map((d) => (d >= "2018-08-07" && d <= "2018-08-12" ? 1 : 0));
    const withOutage = {...input, missing: lost, series: input.series.map((s) => ({...s, revenue: s.revenue.map((v, i) => (lost[i] ? 0 : v))}))};
    const options: RunForecastOptions = {evalWeeks: 6, lstm: {units: 4, epochs: 3, seed: 11, patience: 0}, warmEpochs: 2, epochCurveEpochs: 3, futureDays: 7, timing: false, ablationCategories: [], epochCurveCategories: []};
    const a = await runForecasts(withOutage, options);
    const c = a.categories[0];
    // the gap is not a run of days without sales: full treatment, multiplicative, the note in its reason
    expect(c.status).toBe("full");
    expect(c.zeroDays).toBe(0);
    expect(c.decomposition!.model).toBe("multiplicative");
    expect(c.reason).toMatch(/6 days without any session \(a gap in the logs\)/);
    expect(a.inputs.notes.join(" ")).toContain("Days without any session: 2018-08-07 – 2018-08-12. The logs hold nothing for these 6 days");
    const lostDates = new Set(input.dates.filter((_, i) => lost[i]));
    for (const h of c.evaluation!.heldOut) {
      expect(h.targets.some((t) => lostDates.has(t))).toBe(false);
      expect(h.actual.every(Number.isFinite)).toBe(true);
    }
    expect(c.history!.dates.some((t) => lostDates.has(t))).toBe(false);
    expect(c.decomposition!.observed.filter((v) => v === null)).toHaveLength(6);
    // the scored days are the same as without the outage but for the six: each 1-day window loses its lost days
    const b = await runForecasts(input, options);
    const day = (x: typeof a) => x.categories[0].evaluation!.heldOut.find((h) => h.horizon === "1d")!.targets;
    expect(day(a)).toEqual(day(b).filter((t) => !lostDates.has(t)));
    const invalid = {...withOutage, missing: lost.slice(1)};
    await expect(runForecasts(invalid, options)).rejects.toThrow(/missing has 111 values for 112 dates/);
  }, 120_000);
});
