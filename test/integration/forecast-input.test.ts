// loaders/forecast-input.ts against a small hand-made warehouse, and the page's re-train core in node.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {forecastInput, orderCategories, splitTiming, buildRun} from "../../loaders/forecast-input.js";
import {setupTf} from "../../loaders/forecast.js";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {LINE_VIEW, WAREHOUSE_DDL} from "../../src/ingest/tables.js";
import {dateRange} from "../../src/calendar.js";
import {syntheticSeries} from "../../src/forecast/synthetic.js";
import {retrain} from "../../docs/components/forecast-retrain.js";
import type {ForecastArtifacts} from "../../src/forecast/artifacts.js";

describe("forecastInput", () => {
  let duck: Duck;
  beforeAll(async () => {
    duck = await openDuck();
    await duck.run(WAREHOUSE_DDL);
    await duck.run(LINE_VIEW);
    await duck.run(`INSERT INTO weather SELECT d::DATE, 10 + i, CASE WHEN i % 3 = 0 THEN 2.5 ELSE 0 END, 108, 'test'
      FROM (SELECT unnest(generate_series(DATE '2018-04-01', DATE '2018-04-10', INTERVAL 1 DAY)) AS d, unnest(range(10)) AS i)`);
    await duck.run(`INSERT INTO calendar SELECT d::DATE, dayofweek(d), d = DATE '2018-04-05', d = DATE '2018-04-05', CASE WHEN d = DATE '2018-04-05' THEN '테스트' END, NULL, true
      FROM (SELECT unnest(generate_series(DATE '2018-04-01', DATE '2018-04-10', INTERVAL 1 DAY)) AS d)`);
    await duck.run(`INSERT INTO master VALUES (1, 'a', '패션잡화', 'x', 'y'), (2, 'b', '여성의류', 'x', 'y'), (3, 'c', '완구', 'x', 'y')`);
    await duck.run(`INSERT INTO session VALUES (1, 1, 1, DATE '2018-04-02', 1, 1, 'PC', 'z', 'c'), (1, 2, 2, DATE '2018-04-04', 1, 1, 'PC', 'z', 'c'), (2, 3, 1, DATE '2018-04-04', 1, 1, 'PC', 'z', 'c')`);
    await duck.run(`INSERT INTO product VALUES (1, 1, 1, 2, 1, NULL, NULL, 1000, 2, false), (2, 1, 2, 2, 2, NULL, NULL, 500, 1, false),
      (3, 2, 3, 2, 1, NULL, NULL, 300, 1, false), (4, 1, 2, 3, 3, NULL, NULL, 99999, 1, false)`);
  });
  afterAll(() => duck?.close());

  it("zero-fills every day, sums price × units per category and day, report categories first", async () => {
    const input = await forecastInput(duck, {start: "2018-04-01", end: "2018-04-10"});
    expect(input.dates).toEqual(dateRange("2018-04-01", "2018-04-10"));
    expect(input.series.map((s) => s.category)).toEqual(["여성의류", "패션잡화", "완구"]);
    const byName = Object.fromEntries(input.series.map((s) => [s.category, s.revenue]));
    expect(byName["패션잡화"]).toEqual([0, 2000, 0, 300, 0, 0, 0, 0, 0, 0]);
    expect(byName["여성의류"]).toEqual([0, 0, 0, 500, 0, 0, 0, 0, 0, 0]);
    expect(input.weather[3]).toEqual({date: "2018-04-04", temp_mean: 13, precip_mm: 2.5});
    expect(input.calendar[4]).toEqual({date: "2018-04-05", weekday: 4, holiday: true, dayOff: true, name: "테스트"});
    expect(input.calendar[0].weekday).toBe(0);
  });

  it("names what is missing", async () => {
    await expect(forecastInput(duck, {start: "2018-04-01", end: "2018-04-12"})).rejects.toThrow("weather table has no row for 2018-04-11");
    await expect(forecastInput(duck, {start: "2018-04-01", end: "2018-04-10", categories: ["가구"]})).rejects.toThrow('category "가구" has no purchases between 2018-04-01 and 2018-04-10');
    await expect(forecastInput(duck, {start: "2018-04-10", end: "2018-04-01"})).rejects.toThrow("invalid period: 2018-04-10..2018-04-01");
  });

  it("orders other categories by revenue, then name", () => {
    expect(orderCategories(new Map([["완구", 5], ["가구", 5], ["모바일", 9], ["건강식품", 1]]))).toEqual(["건강식품", "모바일", "가구", "완구"]);
  });

  it("builds only the report's categories, and keeps timing out of the artifact", async () => {
    const input = await forecastInput(duck, {start: "2018-04-01", end: "2018-04-10"});
    const run = buildRun(input, () => {});
    expect(run.input.series.map((s) => s.category)).toEqual(["여성의류", "패션잡화"]);
    expect(run.options).toMatchObject({ablationCategories: ["여성의류"], epochCurveCategories: ["여성의류"], backend: "wasm"});
    expect(() => buildRun({...input, series: input.series.filter((s) => s.category === "완구")}, () => {})).toThrow("none of the report's categories is in the data (have: 완구)");
    const fake = {schema: "lpoint-forecast/1", timing: {backend: "wasm", threads: 1, node: "v20", setupMs: 1, totalMs: 2000, categories: [{category: "여성의류", forecastMs: 1000, ablationMs: 0, epochCurveMs: 0, lstmTrainings: 9, lstmEpochs: 99}]}} as unknown as ForecastArtifacts;
    const {artifacts, lines} = splitTiming(fake);
    expect(artifacts).toEqual({schema: "lpoint-forecast/1"});
    expect(lines[0]).toContain("2.0 s in total on tfjs wasm");
  });
});

describe("the page's re-train (retrain) in node", () => {
  it("trains before the held-out window, forecasts it three ways, reproducibly, and can be cancelled", async () => {
    const {tf} = await setupTf("cpu");
    const series = syntheticSeries({dates: dateRange("2018-06-01", "2018-09-30"), seed: 5});
    const epochs: number[] = [];
    const a = await retrain(tf, series, {epochs: 4, seed: 3, onEpoch: (e) => void epochs.push(e.epoch)});
    expect(epochs).toEqual([1, 2, 3, 4]);
    expect(a.evalStart).toBe("2018-09-03");
    expect(a.dates).toHaveLength(28);
    for (const k of ["oneStep", "week", "fullStep"] as const) {
      expect(a[k]).toHaveLength(28);
      expect(a[k].every(Number.isFinite)).toBe(true);
    }
    expect(a.metrics["1w"].n).toBe(28);
    expect(a.baselines?.map((b) => `${b.model} ${b.horizon}`)).toEqual(["holtWinters 1d", "holtWinters 1w", "holtWinters 1m", "seasonalNaive 1d", "seasonalNaive 1w", "seasonalNaive 1m"]);
    const b = await retrain(tf, series, {epochs: 4, seed: 3});
    expect(b.fullStep).toEqual(a.fullStep);

    const controller = new AbortController();
    await expect(retrain(tf, series, {epochs: 50, onEpoch: (e) => void (e.epoch === 2 && controller.abort()), signal: controller.signal})).rejects.toThrow();

    const zero = {...series, revenue: series.revenue.map((v, i) => (i === 3 ? 0 : v))};
    await expect(retrain(tf, zero, {epochs: 1})).rejects.toThrow("revenue is 0 on 2018-06-04");
    await expect(retrain(tf, series, {epochs: 1, evalDays: 200})).rejects.toThrow("invalid evalDays: 200");
  });
});
