import {beforeAll, describe, expect, it} from "vitest";
import {setupTf} from "../../loaders/forecast.js";
import {makeWindows, prepareFeatures, revenueLevel, scaleValue, unscaleRevenue, windowAt, type PreparedFeatures} from "../../src/forecast/features.js";
import {buildLstm, chooseEpochs, forecastOneStep, forecastRecursive, predictScaled, trainLstm, type TF} from "../../src/forecast/lstm.js";
import {synthetic2018} from "./helpers.js";

const tiny = {units: 4, epochs: 4, batchSize: 32, learningRate: 0.01, validationSplit: 0.25, patience: 0, seed: 7};
let tf: TF;
let p: PreparedFeatures;

beforeAll(async () => {
  ({tf} = await setupTf("wasm"));
  const s = await synthetic2018({seed: 3});
  const n = 70;
  p = prepareFeatures({...s, dates: s.dates.slice(0, n), revenue: s.revenue.slice(0, n), precipitation: s.precipitation.slice(0, n), temperature: s.temperature.slice(0, n), holiday: s.holiday.slice(0, n)}, {trainEnd: 60});
});

describe("trainLstm", () => {
  it("is deterministic for a seed (initialisers, split and shuffle)", async () => {
    const a = await trainLstm(tf, makeWindows(p), tiny);
    const b = await trainLstm(tf, makeWindows(p), tiny);
    const c = await trainLstm(tf, makeWindows(p), {...tiny, seed: 8});
    expect(a.loss).toEqual(b.loss);
    expect(a.valLoss).toEqual(b.valLoss);
    const targets = [60, 61, 62];
    expect(forecastOneStep(tf, a.model, p, targets)).toEqual(forecastOneStep(tf, b.model, p, targets));
    expect(c.loss).not.toEqual(a.loss);
    expect(a).toMatchObject({epochsRun: 4, trainSamples: 40, valSamples: 13});
    for (const r of [a, b, c]) r.model.dispose();
  });

  it("reports every epoch, keeps the best weights and frees its tensors", async () => {
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const r = await trainLstm(tf, makeWindows(p), {...tiny, epochs: 6, patience: 2, onEpoch: (e) => void seen.push(e.epoch)});
    expect(seen).toEqual(Array.from({length: r.epochsRun}, (_, i) => i + 1));
    expect(r.valLoss[r.bestEpoch - 1]).toBe(Math.min(...r.valLoss));
    if (r.stoppedEarly) expect(r.epochsRun - r.bestEpoch).toBe(2);
    r.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("stops when aborted", async () => {
    const controller = new AbortController();
    let last = 0;
    const run = trainLstm(tf, makeWindows(p), {...tiny, epochs: 50, signal: controller.signal, onEpoch: (e) => {
      last = e.epoch;
      if (e.epoch === 2) controller.abort();
    }});
    await expect(run).rejects.toMatchObject({name: "AbortError"});
    expect(last).toBe(2);
    await expect(trainLstm(tf, makeWindows(p), {...tiny, signal: AbortSignal.abort()})).rejects.toMatchObject({name: "AbortError"});
  });

  it("names bad options", async () => {
    await expect(trainLstm(tf, makeWindows(p), {epochs: 0})).rejects.toThrow("invalid epochs: 0");
    await expect(trainLstm(tf, makeWindows(p), {validationSplit: 1})).rejects.toThrow("invalid validationSplit: 1");
    await expect(trainLstm(tf, {x: [], y: [], targets: []})).rejects.toThrow("no training samples");
  });
});

describe("forecasts", () => {
  it("full-step feeds each prediction back as the next window's revenue", async () => {
    const {model} = await trainLstm(tf, makeWindows(p), tiny);
    const origin = 60;
    const [path] = forecastRecursive(tf, model, p, [origin], 3);
    const s1 = predictScaled(tf, model, [windowAt(p, p.revenue, origin)])[0];
    const fed = [...p.revenue.slice(0, origin), s1];
    const s2 = predictScaled(tf, model, [windowAt(p, fed, origin + 1)])[0];
    const s3 = predictScaled(tf, model, [windowAt(p, [...fed, s2], origin + 2)])[0];
    expect(path).toEqual([s1, s2, s3].map((v) => unscaleRevenue(p, v)));
    // the 1-step forecast of the second day reads the actual first day instead
    expect(forecastOneStep(tf, model, p, [origin + 1])[0]).not.toBe(path[1]);
    // revenue at or after the origin is never read
    const blind = {...p, revenue: p.revenue.map((v, i) => (i >= origin ? 1e6 : v))};
    expect(forecastRecursive(tf, model, blind, [origin], 3)[0]).toEqual(path);
    // several origins at once, with their own horizons, match one at a time
    const batch = forecastRecursive(tf, model, p, [58, 60], [5, 3]);
    expect(batch[1]).toEqual(path);
    expect(batch[0]).toEqual(forecastRecursive(tf, model, p, [58], 5)[0]);
    expect(() => forecastRecursive(tf, model, p, [69], 5)).toThrow("horizon 5 from origin 69 runs past the exogenous inputs (70 days)");
    model.dispose();
  });

  it("with a floor, reads, feeds back and returns a prediction below it as the floor", () => {
    // a network whose every output lies far below the scaled zero: its forecasts are negative revenue
    const model = buildLstm(tf, [p.window, p.exogenous[0].length + 1], {units: 4, seed: 3});
    const dense = model.layers[1];
    dense.setWeights([dense.getWeights()[0], tf.tensor1d([-50])]);
    const origin = 60;
    const [free] = forecastRecursive(tf, model, p, [origin], 3);
    expect(Math.max(...free)).toBeLessThan(0);
    const [path] = forecastRecursive(tf, model, p, [origin], 3, {floor: 0});
    expect(path).toEqual([0, 0, 0]);
    // the second day's window reads the floor, not the negative prediction
    const zero = scaleValue(0, p.scale.revenue!);
    expect(windowAt(p, [...p.revenue.slice(0, origin), zero], origin + 1).at(-1)![0]).toBe(zero);
    expect(free[1]).toBe(unscaleRevenue(p, predictScaled(tf, model, [windowAt(p, [...p.revenue.slice(0, origin), predictScaled(tf, model, [windowAt(p, p.revenue, origin)])[0]], origin + 1)])[0]));
    expect(forecastOneStep(tf, model, p, [origin, origin + 1], {floor: 0})).toEqual([0, 0]);
    expect(Math.max(...forecastOneStep(tf, model, p, [origin, origin + 1]))).toBeLessThan(0);
    model.dispose();
  });

  it("with revenue scaled by each window's mean, multiplies each prediction by the level of its own window, fed-back days included, then unscales", async () => {
    const w: PreparedFeatures = prepareFeatures({dates: p.dates, revenue: p.revenue.map((v) => 1000 + 5000 * v), holiday: p.exogenous.map(() => 0)}, {features: ["revenue", "seasonalIndex"], trainEnd: 60, revenueScale: "window"});
    const {model} = await trainLstm(tf, makeWindows(w), tiny);
    const origin = 60;
    const [path] = forecastRecursive(tf, model, w, [origin], 3);
    let fed = w.revenue.slice(0, origin);
    const expected: number[] = [];
    for (let h = 0; h < 3; h++) {
      const v = predictScaled(tf, model, [windowAt(w, fed, origin + h)])[0] * revenueLevel(w, fed, origin + h);
      expected.push(v);
      fed = [...fed, v];
    }
    expect(path).toEqual(expected.map((v) => unscaleRevenue(w, v)));
    expect(forecastOneStep(tf, model, w, [origin])[0]).toBe(path[0]);
    model.dispose();
  });
});

describe("chooseEpochs", () => {
  it("finds where the smoothed validation loss turns up", () => {
    const curve = Array.from({length: 100}, (_, i) => (i - 60) ** 2 / 1000 + 1 + (i % 2 ? 0.3 : 0));
    expect(chooseEpochs(curve, {smooth: 5})).toBeGreaterThanOrEqual(59);
    expect(chooseEpochs(curve, {smooth: 5})).toBeLessThanOrEqual(62);
    expect(chooseEpochs([3, 2, 1, 2, 3], {smooth: 1})).toBe(3);
    expect(() => chooseEpochs([])).toThrow("no validation losses");
  });
});
