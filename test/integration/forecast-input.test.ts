// loaders/forecast-input.ts against small hand-made warehouses (with and without weather, known and
// unknown holidays), the analyze tables, and the page's re-run core in node.
import {availableParallelism} from "node:os";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {buildRun, forecastInput, forecastWorkers, maxCategoriesFromEnv, membersFromEnv, orderCategories, splitTiming} from "../../loaders/forecast-input.js";
import {runForecasts, setupTf} from "../../loaders/forecast.js";
import {forecastCoverageRows, forecastErrorRows} from "../../loaders/results-forecast.js";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {LINE_VIEW, WAREHOUSE_DDL} from "../../src/ingest/tables.js";
import {dateRange} from "../../src/calendar.js";
import {syntheticSeries} from "../../src/forecast/synthetic.js";
import {retrain, retrainable} from "../../docs/components/forecast-retrain.js";
import type {ForecastArtifacts} from "../../src/forecast/artifacts.js";

async function warehouse({weather, known}: {weather: boolean; known: boolean}): Promise<Duck> {
  const duck = await openDuck();
  await duck.run(WAREHOUSE_DDL);
  await duck.run(LINE_VIEW);
  const days = "(SELECT unnest(generate_series(DATE '2018-04-01', DATE '2018-04-10', INTERVAL 1 DAY)) AS d, unnest(range(10)) AS i)";
  if (weather) await duck.run(`INSERT INTO weather SELECT d::DATE, 10 + i, CASE WHEN i % 3 = 0 THEN 2.5 ELSE 0 END, 108, 'test' FROM ${days}`);
  await duck.run(`INSERT INTO calendar SELECT d::DATE, dayofweek(d), d = DATE '2018-04-05', d = DATE '2018-04-05', CASE WHEN d = DATE '2018-04-05' THEN '테스트' END, NULL, ${known} FROM ${days}`);
  await duck.run(`INSERT INTO period VALUES (DATE '2018-04-01', DATE '2018-04-10', 10, NULL, ${known}, ${weather})`);
  await duck.run(`INSERT INTO master VALUES (1, 'a', '패션잡화', 'x', 'y'), (2, 'b', '여성의류', 'x', 'y'), (3, 'c', '완구', 'x', 'y')`);
  await duck.run(`INSERT INTO session VALUES (1, 1, 1, DATE '2018-04-02', 1, 1, 'PC', 'z', 'c'), (1, 2, 2, DATE '2018-04-04', 1, 1, 'PC', 'z', 'c'), (2, 3, 1, DATE '2018-04-04', 1, 1, 'PC', 'z', 'c')`);
  await duck.run(`INSERT INTO product VALUES (1, 1, 1, 2, 1, NULL, NULL, 1000, 2, false), (2, 1, 2, 2, 2, NULL, NULL, 500, 1, false),
    (3, 2, 3, 2, 1, NULL, NULL, 300, 1, false), (4, 1, 2, 3, 3, NULL, NULL, 99999, 1, false)`);
  return duck;
}

describe("forecastInput", () => {
  let duck: Duck;
  let bare: Duck;
  beforeAll(async () => {
    duck = await warehouse({weather: true, known: true});
    bare = await warehouse({weather: false, known: false});
  });
  afterAll(() => {
    duck?.close();
    bare?.close();
  });

  it("zero-fills every day of the warehouse's period, sums price × units per category and day, report categories first", async () => {
    const input = await forecastInput(duck);
    expect(input.dates).toEqual(dateRange("2018-04-01", "2018-04-10"));
    expect(input.series.map((s) => s.category)).toEqual(["여성의류", "패션잡화", "완구"]);
    const byName = Object.fromEntries(input.series.map((s) => [s.category, s.revenue]));
    expect(byName["패션잡화"]).toEqual([0, 2000, 0, 300, 0, 0, 0, 0, 0, 0]);
    expect(byName["여성의류"]).toEqual([0, 0, 0, 500, 0, 0, 0, 0, 0, 0]);
    expect(input.weather[3]).toEqual({date: "2018-04-04", temp_mean: 13, precip_mm: 2.5});
    expect(input.calendar[4]).toEqual({date: "2018-04-05", weekday: 4, holiday: true, dayOff: true, name: "테스트", known: true});
    expect(input.inputs).toEqual({weather: true, holidays: true});
  });

  it("runs without weather and without known holidays, and says so", async () => {
    const input = await forecastInput(bare);
    expect(input.weather).toEqual([]);
    expect(input.inputs).toEqual({weather: false, holidays: false});
    const a = await runForecasts(input, {timing: false, futureDays: 3});
    expect(a.inputs).toMatchObject({weather: false, holidays: false, holidayBreak: false});
    expect(a.inputs.notes.join(" ")).toMatch(/No weather/);
    expect(a.inputs.notes.join(" ")).toMatch(/Holidays unknown for 2018/);
    expect(a.future.weather).toBeNull();
    // ten days support nothing: every category is listed with its reason, none throws
    expect(a.categories.map((c) => c.status)).toEqual(["none", "none", "none"]);
    expect(a.categories[0].reason).toMatch(/10 days/);
    expect(a.notes.join(" ")).toMatch(/No category could be forecast/);
  });

  it("names what is wrong", async () => {
    await expect(forecastInput(duck, {start: "2018-04-01", end: "2018-04-12"})).rejects.toThrow("calendar table has no row for 2018-04-11");
    await expect(forecastInput(duck, {categories: ["가구"]})).rejects.toThrow('category "가구" has no purchases between 2018-04-01 and 2018-04-10');
    await expect(forecastInput(duck, {start: "2018-04-10", end: "2018-04-01"})).rejects.toThrow("invalid period: 2018-04-10..2018-04-01");
  });

  it("orders other categories by revenue, then name", () => {
    expect(orderCategories(new Map([["완구", 5], ["가구", 5], ["모바일", 9], ["건강식품", 1]]))).toEqual(["건강식품", "모바일", "가구", "완구"]);
  });

  it("keeps up to N main categories (LPOINT_FORECAST_CATEGORIES), lists the others, averages LPOINT_FORECAST_MEMBERS networks, and keeps timing out of the artifact", async () => {
    const input = await forecastInput(duck);
    const run = buildRun(input, () => {}, {maxCategories: 2});
    expect(run.input.series.map((s) => s.category)).toEqual(["여성의류", "패션잡화"]);
    expect(run.options).toMatchObject({categories: ["여성의류", "패션잡화"], skipped: ["완구"], maxCategories: 2, members: 1, backend: "wasm"});
    expect(buildRun(input, () => {}, {members: 3}).options.members).toBe(3);
    expect(membersFromEnv({})).toBe(1);
    expect(membersFromEnv({LPOINT_FORECAST_MEMBERS: "3"})).toBe(3);
    expect(() => membersFromEnv({LPOINT_FORECAST_MEMBERS: "0"})).toThrow('invalid LPOINT_FORECAST_MEMBERS "0"');
    expect(() => membersFromEnv({LPOINT_FORECAST_MEMBERS: "2.5"})).toThrow('invalid LPOINT_FORECAST_MEMBERS "2.5"');
    expect(maxCategoriesFromEnv({})).toBe(11);
    expect(maxCategoriesFromEnv({LPOINT_FORECAST_CATEGORIES: "3"})).toBe(3);
    expect(() => maxCategoriesFromEnv({LPOINT_FORECAST_CATEGORIES: "two"})).toThrow('invalid LPOINT_FORECAST_CATEGORIES "two"');
    expect(() => maxCategoriesFromEnv({LPOINT_FORECAST_CATEGORIES: "0"})).toThrow('invalid LPOINT_FORECAST_CATEGORIES "0"');
    expect(forecastWorkers({LPOINT_FORECAST_WORKERS: "3"})).toBe(3);
    expect(forecastWorkers({})).toBe(Math.max(1, Math.min(4, availableParallelism())));
    expect(() => forecastWorkers({LPOINT_FORECAST_WORKERS: "0"})).toThrow('invalid LPOINT_FORECAST_WORKERS "0"');
    expect(() => forecastWorkers({LPOINT_FORECAST_WORKERS: "2 cores"})).toThrow('invalid LPOINT_FORECAST_WORKERS "2 cores"');
    const fake = {schema: "lpoint-forecast/2", timing: {backend: "wasm", threads: 1, node: "v20", setupMs: 1, totalMs: 2000, categories: [{category: "여성의류", forecastMs: 1000, ablationMs: 0, epochCurveMs: 0, lstmTrainings: 9, lstmEpochs: 99}]}} as unknown as ForecastArtifacts;
    const {artifacts, lines} = splitTiming(fake);
    expect(artifacts).toEqual({schema: "lpoint-forecast/2"});
    expect(lines[0]).toContain("2.0 s in total on tfjs wasm");
    expect(splitTiming({...fake, timing: {...fake.timing!, workers: 2, workerCpuMs: 3500}}).lines[0]).toContain("in 2 worker processes (3.5 s CPU)");
  });
});

describe("analyze tables from the artifacts", () => {
  it("one row per category, model, horizon and week plus the pooled row; coverage of the drawn band", () => {
    const a = {
      settings: {intervals: {level: 0.8}},
      categories: [{
        category: "x",
        evaluation: {
          metrics: [{model: "lstm", horizon: "1d", rmse: 10.4, mae: 8.6, mape: 1, n: 14, windows: [{origin: "2018-09-17", rmse: 9.5, mae: 8, n: 7}, {origin: "2018-09-24", rmse: 11.2, mae: 9.1, n: 7}]}],
          heldOut: [{horizon: "1d", model: "lstm", variant: "adaptive"}],
          coverage: [{model: "lstm", horizon: "1d", variant: "adaptive", covered: 11, n: 14, rate: 11 / 14, meanWidth: 20.4, winkler: 30.6}, {model: "lstm", horizon: "1d", variant: "split", covered: 9, n: 14, rate: 9 / 14, meanWidth: 1, winkler: 1}]
        }
      }, {category: "y", evaluation: null}]
    } as unknown as ForecastArtifacts;
    expect(forecastErrorRows(a)).toEqual([
      {category: "x", model: "lstm", horizon: "1d", origin: "2018-09-17", rmse: 10, mae: 8},
      {category: "x", model: "lstm", horizon: "1d", origin: "2018-09-24", rmse: 11, mae: 9},
      {category: "x", model: "lstm", horizon: "1d", origin: "all", rmse: 10, mae: 9}
    ]);
    expect(forecastCoverageRows(a)).toEqual([{category: "x", horizon: "1d", level: 0.8, covered: 11, n: 14, mean_width: 20, winkler: 31}]);
  });
});

describe("the page's re-run (retrain) in node", () => {
  it("backtests on the build's weeks with its own intervals, reproducibly; refuses what cannot train; can be cancelled", async () => {
    const {tf} = await setupTf("cpu");
    const series = syntheticSeries({dates: dateRange("2018-05-01", "2018-08-31"), seed: 5});
    const tiny = {units: 4, patience: 2};
    const epochs: number[] = [];
    const a = await retrain(tf, series, {epochs: 3, seed: 3, lstm: tiny, onEpoch: (e) => void epochs.push(e.epoch)});
    expect(epochs).toEqual([1, 2, 3]);
    expect(a.settings.refit).toBe("once");
    expect(a.training.refits).toBe(1);
    expect(a.dates[0]).toBe(a.evalStart);
    expect(a.oneStep).toHaveLength(a.dates.length);
    expect(a.week).toHaveLength(a.dates.length);
    for (const k of ["oneStep", "week"] as const) expect(a[k].every(Number.isFinite)).toBe(true);
    expect(new Set(a.metrics.map((m) => m.model))).toEqual(new Set(["lstm", "holtWinters", "regression", "seasonalNaive", "movingAverage"]));
    expect(a.coverage.filter((c) => c.variant === "adaptive").map((c) => c.horizon)).toEqual(["1d", "1w", "1m"]);
    for (const c of a.coverage) expect(c.covered).toBeLessThanOrEqual(c.n);
    const b = await retrain(tf, series, {epochs: 3, seed: 3, lstm: tiny});
    expect(b.oneStep).toEqual(a.oneStep);
    expect(b.coverage).toEqual(a.coverage);

    // days the logs miss (0 revenue in the series): read filled, trainable, and never among the scored days
    const lost = series.dates.map((d) => (d >= "2018-08-06" && d <= "2018-08-09" ? 1 : 0));
    const outage = {...series, revenue: series.revenue.map((v, i) => (lost[i] ? 0 : v)), missing: lost};
    expect(retrainable(outage).ok).toBe(true);
    const g = await retrain(tf, outage, {epochs: 3, seed: 3, lstm: tiny});
    expect(g.dates).toEqual(a.dates.filter((d) => d < "2018-08-06" || d > "2018-08-09"));
    expect(g.actual.every(Number.isFinite)).toBe(true);

    // the build's assumed break share reaches the re-run: break days forecast at the share, the days before them untouched
    const flag = series.dates.map((d) => (d >= "2018-08-20" && d <= "2018-08-24" ? 1 : 0));
    const withBreak = {...series, holidayBreak: flag};
    const run = (salesShare: number) => retrain(tf, withBreak, {epochs: 3, seed: 3, lstm: tiny, features: ["revenue", "holiday", "seasonalIndex", "holidayBreak"], breaks: {flag, after: flag.map(() => 0), salesShare}});
    const [half, none] = [await run(0.5), await run(1)];
    const first = half.dates.indexOf("2018-08-20");
    expect(half.week.slice(0, first)).toEqual(none.week.slice(0, first));
    const ratios = half.dates.map((d, i) => (flag[series.dates.indexOf(d)] ? half.week[i] / none.week[i] : null)).filter((r) => r !== null);
    expect(ratios).toHaveLength(5);
    expect(ratios.some((r) => Math.abs(r - 0.5) < 1e-9)).toBe(true);
    // its error over the break days, from the same forecasts as the week column
    expect(a.holidayBreak).toBeNull();
    expect(half.settings.breakShare).toBe(0.5);
    expect(half.holidayBreak!.days).toEqual(series.dates.filter((_, i) => flag[i] && half.dates.includes(series.dates[i])));
    const week = half.holidayBreak!.rows.find((r) => r.horizon === "1w")!;
    const on = half.dates.map((d, i) => (flag[series.dates.indexOf(d)] ? i : -1)).filter((i) => i >= 0);
    expect(week.n).toBe(on.length);
    expect(week.rmse).toBeCloseTo(Math.sqrt(on.reduce((s, i) => s + (half.actual[i] - half.week[i]) ** 2, 0) / on.length), 6);

    const controller = new AbortController();
    await expect(retrain(tf, series, {epochs: 50, lstm: tiny, onEpoch: (e) => void (e.epoch === 2 && controller.abort()), signal: controller.signal})).rejects.toThrow();

    const gaps = {...series, revenue: series.revenue.map((v, i) => (i % 5 === 0 ? 0 : v))};
    expect(retrainable(gaps)).toMatchObject({ok: false});
    expect(retrainable(gaps).reason).toMatch(/no sales on 25 of 123 days/);
    await expect(retrain(tf, gaps, {epochs: 1})).rejects.toThrow("this category cannot be re-trained: no sales on 25 of 123 days");
    const short = {...series, dates: series.dates.slice(0, 40), revenue: series.revenue.slice(0, 40), precipitation: series.precipitation!.slice(0, 40), temperature: series.temperature!.slice(0, 40), holiday: series.holiday.slice(0, 40)};
    await expect(retrain(tf, short, {epochs: 1})).rejects.toThrow(/cannot be re-trained: 40 days/);
  }, 120_000);
});
