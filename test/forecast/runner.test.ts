import {describe, expect, it} from "vitest";
import {runForecasts, type ForecastInput, type RunForecastOptions} from "../../loaders/forecast.js";
import {syntheticInput} from "./helpers.js";

const small: RunForecastOptions = {
  evalWeeks: 4,
  lstm: {units: 4, epochs: 3, seed: 11, patience: 0},
  warmEpochs: 2,
  epochCurveEpochs: 3,
  futureDays: 7,
  timing: false
};

/** The same input cut to its last `days` days. */
function cut(input: ForecastInput, days: number): ForecastInput {
  const n = input.dates.length;
  return {...input, dates: input.dates.slice(n - days), weather: input.weather.slice(n - days), calendar: input.calendar.slice(n - days), series: input.series.map((s) => ({...s, revenue: s.revenue.slice(n - days)}))};
}

describe("runForecasts", () => {
  it("builds the artifacts deterministically: plan, models, intervals, choice, break comparison, forecast and dips", async () => {
    const input = await syntheticInput({categories: ["여성의류", "패션잡화"], start: "2018-06-01", end: "2018-09-20"});
    const a = await runForecasts(input, small);
    const b = await runForecasts(input, small);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.timing).toBeUndefined();
    // in two worker processes, one category each: the same bytes
    const c = await runForecasts(input, {...small, workers: 2});
    expect(JSON.stringify(c)).toBe(JSON.stringify(a));
    await expect(runForecasts(input, {...small, workers: 1.5})).rejects.toThrow(/invalid workers: 1.5/);

    expect(a).toMatchObject({schema: "lpoint-forecast/2", period: {start: "2018-06-01", end: "2018-09-20", days: 112}, inputs: {weather: true, holidays: true, holidayBreak: true}});
    expect(["wasm", "cpu"]).toContain(a.backend);
    expect(a.settings.features).toEqual(["revenue", "precipitation", "temperature", "holiday", "seasonalIndex", "holidayBreak"]);
    expect(a.future.dates).toEqual(["2018-09-21", "2018-09-22", "2018-09-23", "2018-09-24", "2018-09-25", "2018-09-26", "2018-09-27"]);
    expect(a.future.holidays.map((h) => h.date)).toEqual(["2018-09-23", "2018-09-24", "2018-09-25", "2018-09-26"]);
    expect(a.inputs.breaks.map((x) => [x.name, x.before.start, x.end])).toEqual([["추석", "2018-09-19", "2018-09-25"]]);
    expect(a.report).toHaveLength(11);
    expect(a.categories.map((c) => [c.key, c.status])).toEqual([["womens-clothing", "full"], ["fashion-accessories", "full"]]);

    const [w, f] = a.categories;
    expect(w.ablation?.rows).toHaveLength(11);
    expect(w.ablation?.rows[0].features).toEqual(["revenue"]);
    expect(w.epochCurve?.loss).toHaveLength(3);
    expect(f.ablation).toBeNull();
    for (const c of a.categories) {
      const ev = c.evaluation!;
      expect(ev).toMatchObject({evalStart: "2018-08-24", evalDays: 28, calibrationDays: 14, calStart: "2018-08-10"});
      expect(ev.origins).toEqual(["2018-08-24", "2018-08-31", "2018-09-07", "2018-09-14"]);
      expect(ev.models).toEqual(["lstm", "combination", "holtWinters", "regression", "seasonalNaive", "movingAverage"]);
      expect(ev.horizons.map((h) => h.key)).toEqual(["1d", "1w", "1m"]);
      expect(c.training!.refits.map((r) => [r.origin, r.warm])).toEqual([["2018-08-10", false], ["2018-08-24", true], ["2018-08-31", true], ["2018-09-07", true], ["2018-09-14", true]]);
      for (const h of ev.heldOut) {
        expect(h.lower).toHaveLength(h.targets.length);
        expect(ev.models).toContain(h.model);
        const row = ev.coverage.find((r) => r.model === h.model && r.horizon === h.horizon && r.variant === "adaptive")!;
        const inside = h.actual.filter((y, i) => h.lower[i] != null && y >= h.lower[i]! && y <= h.upper[i]!).length;
        expect(row.covered).toBe(inside);
      }
      expect(ev.choices.map((x) => x.horizon)).toEqual(["1d", "1w", "1m"]);
      // the break's cut-off days 09-19 and 09-20 are the last two evaluated days
      expect(ev.holidayBreak?.days).toEqual(["2018-09-19", "2018-09-20"]);
      // the regression fitted on every day has seen those two break days
      expect(ev.breakShareSeen).toBeGreaterThan(0);
      expect(ev.breakShareSeen).not.toBe(a.settings.breaks.salesShare);
      expect(c.forecast?.dates).toHaveLength(7);
      expect(c.forecast!.predicted.every(Number.isFinite)).toBe(true);
      expect(c.dips?.heldOut.quantiles[0]).toHaveLength(19);
      // the in-sample fit is scored on the final refit's own training days: the last 56 (06-01 + 56 days = 07-27)
      expect(c.history?.dates).toHaveLength(56);
      expect(c.history?.dates[0]).toBe("2018-07-27");
      expect(c.weekdayIndex!.indices.reduce((s, v) => s + v, 0)).toBeCloseTo(7, 4);
      expect(c.decomposition?.trend.slice(0, 3)).toEqual([null, null, null]);
    }
    // plain JSON: survives a round trip unchanged, 6 significant digits
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    const decimals = JSON.stringify(a).match(/\d+\.\d+/g)!;
    expect(decimals.every((x) => x.replace(".", "").replace(/^0+/, "").length <= 6)).toBe(true);
  }, 120_000);

  it("never throws on what the data lack: zeros, 20 and 40 days, no weather, unknown holidays", async () => {
    const base = await syntheticInput({categories: ["여성의류", "완구", "상품권"], start: "2018-04-01", end: "2018-09-30"});
    base.series[1].revenue = base.series[1].revenue.map((v, i) => (i % 5 === 0 ? 0 : v));
    base.series[2].revenue = base.series[2].revenue.map((v, i) => (i % 3 ? 0 : v));
    const fast = {...small, ablationCategories: [], epochCurveCategories: [], compareBreak: false};

    const zeros = await runForecasts(base, {...fast, categories: ["완구", "상품권"]});
    expect(zeros.categories.map((c) => c.status)).toEqual(["baselines", "describe"]);
    expect(zeros.categories[0].reason).toMatch(/no sales on 37 of 183 days/);
    expect(zeros.categories[0].evaluation?.models).toEqual(["holtWinters", "regression", "seasonalNaive", "movingAverage"]);
    expect(zeros.categories[0].evaluation?.holtWinters?.seasonal).toBe("additive");
    expect(zeros.categories[0].decomposition?.model).toBe("additive");
    expect(zeros.categories[1].evaluation).toBeNull();
    expect(zeros.categories[1].weekdayIndex).not.toBeNull();
    expect(zeros.notes.join(" ")).toMatch(/완구: baselines only: no sales on 37 of 183 days/);
    expect(zeros.notes.join(" ")).toMatch(/완구: some days have no sales, so its decomposition and Holt-Winters are additive/);

    const twenty = await runForecasts(cut(base, 20), fast);
    expect(twenty.categories.map((c) => c.status)).toEqual(["describe", "describe", "none"]);
    expect(twenty.categories[2].reason).toMatch(/^sold on 6 of 20 days/);
    expect(twenty.categories[0].reason).toMatch(/^20 days: the baselines need 14 days/);

    const forty = await runForecasts(cut(base, 40), fast);
    expect(forty.categories[0]).toMatchObject({status: "baselines", evaluation: {evalDays: 14, calibrationDays: 7}});
    expect(forty.categories[0].reason).toMatch(/^40 days: the LSTM needs 28 days/);
    expect(forty.categories[0].evaluation?.horizons.map((h) => h.key)).toEqual(["1d", "1w"]);
    expect(forty.notes.join(" ")).toMatch(/No 1-month forecast can be tested/);

    const dry = await runForecasts({...base, weather: []}, {...fast, categories: ["여성의류"]});
    expect(dry.inputs.weather).toBe(false);
    expect(dry.settings.features).toEqual(["revenue", "holiday", "seasonalIndex", "holidayBreak"]);
    expect(dry.categories[0].training?.features).toEqual(["revenue", "holiday", "seasonalIndex", "holidayBreak"]);
    expect(dry.future.weather).toBeNull();

    const unknown = await runForecasts({...base, calendar: base.calendar.map((c) => ({...c, known: false}))}, {...fast, categories: ["여성의류"]});
    expect(unknown.inputs).toMatchObject({holidays: false, holidayBreak: false, breaks: []});
    expect(unknown.settings.features).toEqual(["revenue", "precipitation", "temperature", "seasonalIndex"]);
    expect(unknown.inputs.notes.join(" ")).toMatch(/Holidays unknown for 2018/);
    expect(unknown.categories[0].evaluation?.holidayBreak).toBeNull();
    expect(unknown.categories[0].evaluation?.breakShareSeen).toBeNull();
  }, 180_000);

  it("records timings when asked and names bad options", async () => {
    const input = await syntheticInput({categories: ["여성의류", "패션잡화"], start: "2018-06-01", end: "2018-09-20"});
    const a = await runForecasts(input, {...small, categories: ["패션잡화"], ablationCategories: [], epochCurveCategories: [], timing: true});
    expect(a.timing?.categories.map((c) => c.category)).toEqual(["패션잡화"]);
    await expect(runForecasts(input, {...small, categories: ["완구"]})).rejects.toThrow('unknown category: "완구"');
    await expect(runForecasts({...input, dates: []}, small)).rejects.toThrow("input has no dates");
    await expect(runForecasts({...input, series: [{category: "x", revenue: input.dates.map(() => -1)}]}, small)).rejects.toThrow('invalid revenue of "x" on 2018-06-01: -1');
    await expect(runForecasts(input, {...small, maxCategories: 0})).rejects.toThrow("invalid maxCategories: 0");
  }, 120_000);
});
