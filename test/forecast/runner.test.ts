import {describe, expect, it} from "vitest";
import {runForecasts, type ForecastInput, type RunForecastOptions} from "../../loaders/forecast.js";
import {syntheticInput} from "./helpers.js";

const small: RunForecastOptions = {
  evalDays: 14,
  calibrationDays: 7,
  lstm: {units: 4, epochs: 3, seed: 11},
  warmEpochs: 2,
  epochCurveEpochs: 3,
  futureDays: 7,
  timing: false
};

describe("runForecasts", () => {
  let input: ForecastInput;
  it("builds the artifacts for a small input, deterministically", async () => {
    input = await syntheticInput({categories: ["여성의류", "패션잡화"], start: "2018-06-01", end: "2018-09-20"});
    const a = await runForecasts(input, small);
    const b = await runForecasts(input, small);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.timing).toBeUndefined();

    expect(a).toMatchObject({schema: "lpoint-forecast/1", period: {start: "2018-06-01", end: "2018-09-20", days: 112}});
    expect(["wasm", "cpu"]).toContain(a.backend);
    expect(a.future.dates).toEqual(["2018-09-21", "2018-09-22", "2018-09-23", "2018-09-24", "2018-09-25", "2018-09-26", "2018-09-27"]);
    expect(a.future.holidays.map((h) => h.date)).toEqual(["2018-09-23", "2018-09-24", "2018-09-25", "2018-09-26"]);
    expect(a.report).toHaveLength(11);
    expect(a.categories.map((c) => c.key)).toEqual(["womens-clothing", "fashion-accessories"]);

    const [w, f] = a.categories;
    expect(w.ablation?.rows).toHaveLength(11);
    expect(w.ablation?.rows[0].features).toEqual(["revenue"]);
    expect(w.epochCurve?.loss).toHaveLength(3);
    expect(f.ablation).toBeNull();
    expect(f.epochCurve).toBeNull();
    for (const c of a.categories) {
      expect(c.weekdayIndex.indices.reduce((s, v) => s + v, 0)).toBeCloseTo(7, 4);
      expect(c.decomposition.trend.slice(0, 3)).toEqual([null, null, null]);
      expect(c.backtest.evalStart).toBe("2018-09-07");
      expect(c.backtest.metrics.map((m) => m.horizon)).toEqual(["1d", "1w", "1d", "1w", "1d", "1w", "1d", "1w"]);
      expect(c.training.refits.map((r) => r.origin)).toEqual(["2018-08-31", "2018-09-07", "2018-09-14"]);
      expect(c.training.refits.map((r) => r.warm)).toEqual([false, true, true]);
      expect(c.backtest.intervals?.calibrationStart).toBe("2018-08-31");
      expect(c.forecast.heldOut.dates).toHaveLength(14);
      expect(c.forecast.heldOut.fullStep).toHaveLength(14);
      expect(c.forecast.future?.fullStep).toHaveLength(7);
      expect(c.history?.dates[0]).toBe("2018-06-08");
      expect(c.chosenEpochs.refits).toHaveLength(3);
      for (const v of c.forecast.future!.fullStep) expect(Number.isFinite(v)).toBe(true);
    }
    // plain JSON: survives a round trip unchanged, 6 significant digits
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    const decimals = JSON.stringify(a).match(/\d+\.\d+/g)!;
    expect(decimals.every((x) => x.replace(".", "").replace(/^0+/, "").length <= 6)).toBe(true);
  });

  it("records timings when asked and names bad options", async () => {
    const a = await runForecasts(input, {...small, categories: ["패션잡화"], ablationCategories: [], timing: true, models: ["seasonalNaive", "holtWinters"]});
    expect(a.timing?.categories.map((c) => c.category)).toEqual(["패션잡화"]);
    expect(a.categories[0].forecast.model).toBe("holtWinters");
    await expect(runForecasts(input, {...small, categories: ["완구"]})).rejects.toThrow('unknown category: "완구"');
    await expect(runForecasts({...input, dates: input.dates.slice(0, 10)}, small)).rejects.toThrow("input has 10 dates, need at least 35");
  });
});
