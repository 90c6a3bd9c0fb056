import {beforeAll, describe, expect, it} from "vitest";
import {setupTf} from "../../loaders/forecast.js";
import {dateRange} from "../../src/calendar.js";
import {backtest, BACKTEST_DEFAULTS, BASELINES, memberSeeds} from "../../src/forecast/backtest.js";
import {BREAK_DEFAULTS, holidayBreaks} from "../../src/forecast/breaks.js";
import {evaluate, horizonWindows, HORIZONS} from "../../src/forecast/evaluate.js";
import {conformalIntervals} from "../../src/forecast/conformal.js";
import type {DailySeries} from "../../src/forecast/features.js";
import type {TF} from "../../src/forecast/lstm.js";
import {evaluationPlan, type EvaluationPlan} from "../../src/forecast/plan.js";
import {calendar2018, synthetic2018} from "./helpers.js";

const plan = (n: number, lstm = false): EvaluationPlan => {
  const r = evaluationPlan(n, {lstm});
  if (!r.ok) throw new Error(r.reason);
  return r.plan;
};

function periodicSeries(n: number): DailySeries {
  const dates = dateRange("2018-04-01", "2018-09-30").slice(0, n);
  const profile = [12, 15, 9, 10, 8, 6, 11];
  return {dates, revenue: dates.map((_, i) => 100 + profile[i % 7]), holiday: dates.map(() => 0)};
}

describe("rolling-origin backtest (baselines)", () => {
  it("forecasts from every day of the plan up to 28 days ahead, as far as the data reach", async () => {
    const s = await synthetic2018();
    const p = plan(183);
    expect(p).toMatchObject({calStart: 64, evalStart: 92, evalDays: 91, calibrationDays: 28});
    const r = await backtest(null, s, {plan: p, models: BASELINES});
    expect(r.start).toBe(64);
    expect(r.refitOrigins).toEqual([64, ...Array.from({length: 13}, (_, k) => 92 + 7 * k)]);
    expect(r.paths.seasonalNaive).toHaveLength(183 - 64);
    expect(r.paths.seasonalNaive![0]).toHaveLength(28);
    expect(r.paths.seasonalNaive!.at(-1)).toHaveLength(1);
    expect(r.paths.seasonalNaive![100]).toEqual(Array.from({length: 19}, (_, i) => s.revenue[164 + i - 7 * (1 + Math.floor(i / 7))]).slice(0, 19));
    expect(r.holtWinters?.params.map((x) => x.origin)).toEqual(r.refitOrigins);
    expect(r.holtWinters?.seasonal).toBe("multiplicative");
    expect(r.noBreak).toBeNull();
  });

  it("never lets a day shape a forecast made on or before it", async () => {
    const s = await synthetic2018();
    const p = plan(183);
    const r = await backtest(null, s, {plan: p, models: BASELINES});
    const k = 150;
    const q = await backtest(null, {...s, revenue: s.revenue.map((v, i) => (i === k ? v * 3 : v))}, {plan: p, models: BASELINES});
    for (const m of BASELINES) {
      r.paths[m]!.forEach((path, j) => {
        if (r.start + j <= k) expect(q.paths[m]![j], `${m} origin ${r.start + j}`).toEqual(path);
      });
    }
  });

  it("forecasts a perfectly periodic series without error (the regression's ridge leaves a trace)", async () => {
    const s = periodicSeries(120);
    const p = plan(120);
    const r = await backtest(null, s, {plan: p, models: ["holtWinters", "seasonalNaive", "regression"]});
    const ev = evaluate(s.revenue, p, r.start, r.paths, {});
    for (const x of ev.scores) expect(x.metrics.rmse, `${x.model} ${x.horizon}`).toBeLessThan(x.model === "regression" ? 0.1 : 1e-6);
  });

  it("goes additive with days without sales, and forecasts beyond the data from the inputs", async () => {
    const s = periodicSeries(100);
    s.revenue[10] = 0;
    const future = {...s, dates: dateRange("2018-04-01", "2018-07-19"), holiday: Array(110).fill(0)};
    const r = await backtest(null, future, {plan: plan(100), models: ["holtWinters", "regression"], futureDays: 10});
    expect(r.holtWinters?.seasonal).toBe("additive");
    expect(r.paths.holtWinters).toHaveLength(100 - r.start + 1);
    expect(r.paths.regression!.at(-1)).toHaveLength(10);
  });

  it("never forecasts negative revenue where no day was negative; a series with a negative day keeps its sign", async () => {
    // a season that ends: Holt-Winters' additive trend and the regression's fall run on below zero
    const dates = dateRange("2018-04-01", "2018-09-30").slice(0, 100);
    const fall = (i: number) => Math.max(0, 2000 - 25 * i) + [0, 40, 10, 30, 0, 20, 60][i % 7];
    const s: DailySeries = {dates, revenue: dates.map((_, i) => fall(i)), holiday: dates.map(() => 0)};
    const models = ["holtWinters", "regression", "seasonalNaive", "movingAverage"] as const;
    const r = await backtest(null, s, {plan: plan(100), models});
    for (const m of models) expect(Math.min(...r.paths[m]!.flat()), m).toBeGreaterThanOrEqual(0);
    expect(r.paths.holtWinters!.flat().filter((v) => v === 0).length).toBeGreaterThan(0);
    const signed = await backtest(null, {...s, revenue: s.revenue.map((v, i) => (i === 3 ? -1 : v))}, {plan: plan(100), models: ["holtWinters"]});
    expect(Math.min(...signed.paths.holtWinters!.flat())).toBeLessThan(0);
  });

  it("names bad options", async () => {
    const s = periodicSeries(60);
    await expect(backtest(null, s, {plan: plan(61)})).rejects.toThrow("plan is for 61 days, the series has 60 days with revenue");
    await expect(backtest(null, s, {plan: plan(60), models: ["arima" as "lstm"]})).rejects.toThrow('invalid model: "arima"');
    await expect(backtest(null, s, {plan: plan(60), models: ["lstm"]})).rejects.toThrow("the lstm model needs tf");
    await expect(backtest(null, s, {plan: plan(60), models: ["seasonalNaive"], futureDays: 3})).rejects.toThrow("invalid futureDays: 3 (the inputs cover 0 days after the revenue)");
  });
});

describe("windows and model choice", () => {
  it("cuts 1 day, 1 week and 1 month on the weekly origin grid; evaluation windows start at evalStart", () => {
    const p = plan(183);
    const day = horizonWindows(p, HORIZONS[0]);
    expect(day.evaluation).toHaveLength(13);
    expect(day.all).toHaveLength(17);
    expect(day.evaluation[0].pairs.map((x) => [x.origin, x.step, x.target])).toEqual(Array.from({length: 7}, (_, i) => [92 + i, 1, 92 + i]));
    const week = horizonWindows(p, HORIZONS[1]);
    expect(week.evaluation.map((w) => w.origin)).toEqual(Array.from({length: 13}, (_, k) => 92 + 7 * k));
    expect(week.evaluation[0].pairs.map((x) => x.origin)).toEqual(Array(7).fill(92));
    const month = horizonWindows(p, HORIZONS[2]);
    expect(month.evaluation.map((w) => w.origin)).toEqual(Array.from({length: 10}, (_, k) => 92 + 7 * k));
    expect(month.evaluation.every((w) => w.pairs.at(-1)!.target < 183)).toBe(true);
  });

  it("chooses on the windows observed before the last, scores the choice made afresh before each window, counts coverage on the band", async () => {
    const s = await synthetic2018({seed: 4});
    const p = plan(183);
    const r = await backtest(null, s, {plan: p, models: BASELINES});
    const intervals = Object.fromEntries(BASELINES.map((m) => [m, conformalIntervals(s.revenue, r.paths[m]!, r.start)]));
    const ev = evaluate(s.revenue, p, r.start, r.paths, intervals);
    expect(ev.horizons.map((h) => h.key)).toEqual(["1d", "1w", "1m"]);
    for (const c of ev.choices) {
      expect(BASELINES).toContain(c.chosen);
      // among baselines only, the choice and the baseline chosen the same way coincide
      expect(c.rolling!.ratio).toBeCloseTo(1, 12);
      expect(c.rolling!.hindsightRatio).toBeGreaterThanOrEqual(1 - 1e-12);
      expect(c.last.pass).toBe(true);
    }
    const hw = ev.coverage.find((x) => x.model === "holtWinters" && x.horizon === "1w" && x.variant === "adaptive")!;
    const pairs = ev.windows["1w"].evaluation.flatMap((w) => w.pairs);
    const inside = pairs.filter((q) => {
      const b = intervals.holtWinters.adaptive[q.origin - r.start];
      const y = s.revenue[q.target];
      return y >= b.lower[q.step - 1] && y <= b.upper[q.step - 1];
    }).length;
    expect(hw).toMatchObject({n: 91, covered: inside});
  });
});

/** The 2018 twin series with the holiday-break flag, its break days and a 183-day plan. */
async function withChuseok() {
  const b = holidayBreaks(await calendar2018());
  return {series: {...(await synthetic2018({seed: 9})), holidayBreak: b.flag}, b, p: plan(183, true)};
}

describe("the LSTM in the backtest", () => {
  let tf: TF;
  beforeAll(async () => {
    ({tf} = await setupTf("wasm"));
  });

  it("refits weekly with warm starts; without the break input the same network forecasts until the break, with the assumed share taken out", async () => {
    const {series, b, p} = await withChuseok();
    const lstm = {units: 4, epochs: 4, patience: 0, seed: 3};
    const r = await backtest(tf, series, {plan: p, models: ["lstm", "holtWinters", "combination"], features: ["revenue", "holiday", "seasonalIndex", "holidayBreak"], lstm, warmEpochs: 2, compareBreak: true, breaks: b, final: true, futureDays: 0});
    expect(r.lstm!.refits.map((x) => [x.origin, x.warm])).toEqual(r.refitOrigins.map((o, k) => [o, k > 0]));
    // the first fit learns from every window; a warm refit from the windows of the last warmDays days
    expect(r.lstm!.refits.map((x) => x.samples)).toEqual(r.refitOrigins.map((o, k) => (k === 0 ? o - 7 : BACKTEST_DEFAULTS.warmDays)));
    expect(r.lstm!.final!.samples).toBe(BACKTEST_DEFAULTS.warmDays);
    // scored on the days the final refit trained on
    expect(r.lstm!.final?.inSample.targets).toEqual(Array.from({length: BACKTEST_DEFAULTS.warmDays}, (_, i) => 183 - BACKTEST_DEFAULTS.warmDays + i));
    // Chuseok 2018: the cut-off starts on 09-19 (index 171); the first refit whose training saw it is 09-24 (index 176)
    expect(r.noBreak?.lstmBranch).toBe(176);
    const cut = 171 - r.start;
    // origins up to the cut-off read only days before the break: the same outputs, break days × the share
    const scaled = r.noBreak!.lstm!.slice(0, cut + 1).map((path, k) => path.map((v, i) => v * (b.flag[r.start + k + i] ? BREAK_DEFAULTS.salesShare : 1)));
    expect(r.paths.lstm!.slice(0, cut + 1)).toEqual(scaled);
    expect(scaled.some((path, k) => path.some((v, i) => v !== r.noBreak!.lstm![k][i]))).toBe(true);
    // inside the break the LSTM reads break days ÷ the share, the variant reads them as they are
    for (let k = cut + 1; k < r.noBreak!.lstm!.length; k++) expect(r.paths.lstm![k]).not.toEqual(r.noBreak!.lstm![k]);
    const k = 120 - r.start;
    expect(r.paths.combination![k]).toEqual(r.paths.lstm![k].map((v, i) => (v + r.paths.holtWinters![k][i]) / 2));
    expect(tf.memory().numTensors).toBeLessThan(50);
  }, 120_000);
  it("averages the forecasts of networks from different seeds (members), the no-break variant and the in-sample fit alike", async () => {
    const {series, b, p} = await withChuseok();
    // the networks' raw forecasts: a level correction of their mean differs from the mean of theirs in the last bits
    const base = {plan: p, models: ["lstm", "holtWinters", "combination"] as const, features: ["revenue", "seasonalIndex", "holidayBreak"] as const, warmEpochs: 1, compareBreak: true, breaks: b, final: true, levelCorrection: 0};
    const lstm = {units: 2, epochs: 2, patience: 0};
    expect(memberSeeds(3, 2)).toEqual([3, 1003]);
    // trainings per stage, counted by their first epochs
    const counter = () => {
      const n = new Map<string, number>();
      return {n, onProgress: (x: {stage: string; epoch?: {epoch: number}}) => void (x.epoch?.epoch === 1 && n.set(x.stage, (n.get(x.stage) ?? 0) + 1))};
    };
    const c1 = counter();
    const c2 = counter();
    const [one, two] = await Promise.all(memberSeeds(3, 2).map((seed, i) => backtest(tf, series, {...base, lstm: {...lstm, seed}, ...(i === 0 ? {onProgress: c1.onProgress} : {})})));
    const both = await backtest(tf, series, {...base, lstm: {...lstm, seed: 3}, members: 2, onProgress: c2.onProgress});
    // each network trains its own chain and nothing more: the variant without the input only from the branch on
    expect(c1.n.get("lstm without the holiday break")).toBe(one.refitOrigins.filter((r) => r >= one.noBreak!.lstmBranch!).length);
    expect([...c2.n]).toEqual([...c1.n].map(([k, v]) => [k, 2 * v]));
    const mean = (a: number[][], b: number[][]) => a.map((path, k) => path.map((v, i) => (v + b[k][i]) / 2));
    expect(one.paths.lstm).not.toEqual(two.paths.lstm);
    expect(both.paths.lstm).toEqual(mean(one.paths.lstm!, two.paths.lstm!));
    expect(both.noBreak!.lstm).toEqual(mean(one.noBreak!.lstm!, two.noBreak!.lstm!));
    expect(both.noBreak!.lstmBranch).toBe(one.noBreak!.lstmBranch);
    expect(both.lstm!.final!.inSample.predicted).toEqual(mean([one.lstm!.final!.inSample.predicted], [two.lstm!.final!.inSample.predicted])[0]);
    // the training shown is the first network's
    expect(both.lstm!.refits).toEqual(one.lstm!.refits);
    expect(both.lstm!.members).toBe(2);
    const k = 120 - both.start;
    expect(both.paths.combination![k]).toEqual(both.paths.lstm![k].map((v, i) => (v + both.paths.holtWinters![k][i]) / 2));
    await expect(backtest(tf, series, {...base, members: 0})).rejects.toThrow("invalid members: 0");
    await expect(backtest(tf, series, {...base, warmDays: 7})).rejects.toThrow("invalid warmDays: 7");
    await expect(backtest(tf, series, {...base, members: 1.5})).rejects.toThrow("invalid members: 1.5");
  }, 240_000);
  it("shifts each LSTM path by the network's mean one-step error over the week before its origin, on a normal day's scale", async () => {
    const {series, b, p} = await withChuseok();
    const base = {plan: p, models: ["lstm"] as const, features: ["revenue", "seasonalIndex", "holidayBreak"] as const, lstm: {units: 2, epochs: 2, patience: 0, seed: 5}, warmEpochs: 1, breaks: b, futureDays: 0};
    const raw = await backtest(tf, series, {...base, levelCorrection: 0});
    const c = await backtest(tf, series, {...base});
    expect(BACKTEST_DEFAULTS.levelCorrection).toBe(7);
    const share = (t: number) => (b.flag[t] ? BREAK_DEFAULTS.salesShare : 1);
    // the errors of normal days only (break and catch-up days left out), on the network's own scale
    const shiftAt = (d: number) => {
      const days = [1, 2, 3, 4, 5, 6, 7].map((j) => d - j).filter((t) => t >= raw.start && !b.flag[t] && !b.after[t]);
      return days.length >= 4 ? days.reduce((a, t) => a + series.revenue[t] - raw.paths.lstm![t - raw.start][0], 0) / days.length : 0;
    };
    let shifted = 0;
    for (const [k, path] of raw.paths.lstm!.entries()) {
      const d = raw.start + k;
      const want = path.map((v, i) => Math.max(0, v / share(d + i) + shiftAt(d)) * share(d + i));
      c.paths.lstm![k].forEach((v, i) => expect(v).toBeCloseTo(want[i], 4));
      if (shiftAt(d) !== 0) shifted++;
    }
    expect(shifted).toBeGreaterThan(raw.paths.lstm!.length / 2);
    await expect(backtest(tf, series, {...base, levelCorrection: -1})).rejects.toThrow("invalid levelCorrection: -1 (a whole number of days ≥ 0; 0 for none)");
    await expect(backtest(null, series, {...base, models: ["holtWinters"], levelCorrection: 1.5})).rejects.toThrow("invalid levelCorrection: 1.5");
  }, 120_000);
  it("with warmDays 0 a warm refit learns from every day before its origin", async () => {
    const s = await synthetic2018({seed: 9});
    const p = plan(183, true);
    const base = {plan: p, models: ["lstm"] as const, features: ["revenue", "seasonalIndex"] as const, lstm: {units: 2, epochs: 2, patience: 0, seed: 3}, warmEpochs: 1};
    const all = await backtest(tf, s, {...base, warmDays: 0});
    const recent = await backtest(tf, s, {...base, warmDays: 14});
    expect(all.lstm!.refits.map((x) => x.samples)).toEqual(all.refitOrigins.map((o) => o - 7));
    expect(recent.lstm!.refits.map((x) => x.samples)).toEqual(recent.refitOrigins.map((o, k) => (k === 0 ? o - 7 : 14)));
    // the days before the first refit are forecast by the same first fit, later ones by refits that saw different windows
    const firstWeek = p.evalStart - all.start;
    expect(recent.paths.lstm!.slice(0, firstWeek)).toEqual(all.paths.lstm!.slice(0, firstWeek));
    expect(recent.paths.lstm!.slice(firstWeek)).not.toEqual(all.paths.lstm!.slice(firstWeek));
  }, 120_000);
});
