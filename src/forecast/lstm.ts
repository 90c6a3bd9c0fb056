import type {LayersModel, Tensor} from "@tensorflow/tfjs";
import {revenueLevel, scaleValue, unscaleRevenue, windowAt, type PreparedFeatures, type Windows} from "./features.js";
import {withoutUndefined} from "./options.js";
import {mulberry32, shuffled} from "./random.js";

/** The tfjs namespace, injected so the same code trains in node (wasm backend) and in the browser. */
export type TF = typeof import("@tensorflow/tfjs");

export interface EpochInfo {
  epoch: number;
  epochs: number;
  loss: number;
  valLoss: number | null;
}

export interface LstmOptions {
  units?: number;
  /** maximum epochs (training may stop earlier) */
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** share of samples held out for validation loss; 0 = none */
  validationSplit?: number;
  /** "random": a seeded random subset, as the report's 70/30 split; "last": the latest samples */
  validationMode?: "random" | "last";
  /** stop after this many epochs without a validation-loss improvement; 0 = never */
  patience?: number;
  /** minimum improvement that resets patience */
  minDelta?: number;
  /** when stopping (early or at the end), keep the weights of the best validation epoch */
  restoreBestWeights?: boolean;
  seed?: number;
  /** continue training this model (warm start) instead of building a new one */
  initialModel?: LayersModel;
  onEpoch?: (info: EpochInfo) => void | Promise<void>;
  signal?: AbortSignal;
}

/**
 * Fast defaults (measured in test/forecast/bench-training.ts): one full batch per epoch (the cost of a
 * step is dominated by per-kernel overhead, not batch size), a higher rate, early stopping, 16 units.
 */
export const FAST_LSTM: Required<Pick<LstmOptions, "units" | "epochs" | "batchSize" | "learningRate" | "validationSplit" | "validationMode" | "patience" | "minDelta" | "restoreBestWeights" | "seed">> = {
  units: 16,
  epochs: 150,
  batchSize: 256,
  learningRate: 0.03,
  validationSplit: 0.2,
  validationMode: "random",
  patience: 15,
  minDelta: 0,
  restoreBestWeights: true,
  seed: 42
};

/** The report's setup: 32 units, 300 epochs, batch 32, Adam 0.005, no early stopping. */
export const REPORT_LSTM: typeof FAST_LSTM = {
  units: 32,
  epochs: 300,
  batchSize: 32,
  learningRate: 0.005,
  validationSplit: 0,
  validationMode: "random",
  patience: 0,
  minDelta: 0,
  restoreBestWeights: false,
  seed: 42
};

export interface LstmTraining {
  model: LayersModel;
  /** mean training loss (MSE on scaled revenue) per epoch */
  loss: number[];
  /** validation loss per epoch (empty without validation) */
  valLoss: number[];
  epochsRun: number;
  /** 1-based epoch whose weights the model holds */
  bestEpoch: number;
  stoppedEarly: boolean;
  trainSamples: number;
  valSamples: number;
}

export function buildLstm(tf: TF, inputShape: [number, number], {units = FAST_LSTM.units, learningRate = FAST_LSTM.learningRate, seed = FAST_LSTM.seed}: Pick<LstmOptions, "units" | "learningRate" | "seed"> = {}): LayersModel {
  if (!Number.isInteger(units) || units < 1) throw new Error(`invalid units: ${units}`);
  const model = tf.sequential();
  model.add(tf.layers.lstm({
    units,
    inputShape,
    kernelInitializer: tf.initializers.glorotUniform({seed}),
    recurrentInitializer: tf.initializers.orthogonal({seed: seed + 1, gain: 1}),
    biasInitializer: "zeros"
  }));
  model.add(tf.layers.dense({units: 1, kernelInitializer: tf.initializers.glorotUniform({seed: seed + 2}), biasInitializer: "zeros"}));
  // forget-gate bias 1 (Keras' unitForgetBias), set by hand: tfjs' own option leaks 4 tensors per model
  const lstm = model.layers[0];
  const [kernel, recurrent] = lstm.getWeights();
  tf.tidy(() => lstm.setWeights([kernel, recurrent, tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])])]));
  model.compile({optimizer: tf.train.adam(learningRate), loss: "meanSquaredError"});
  // the optimizer was made for this model alone: let model.dispose() free Adam's moment tensors too
  (model as unknown as {isOptimizerOwned: boolean}).isOptimizerOwned = true;
  return model;
}

/**
 * A new model with the same architecture and weights and a fresh optimiser: two warm-started chains
 * can then continue from one state without sharing Adam's moments.
 */
export function cloneLstm(tf: TF, model: LayersModel, options: Pick<LstmOptions, "learningRate" | "seed"> = {}): LayersModel {
  const shape = model.inputs[0].shape;
  const lstm = model.layers[0] as unknown as {getConfig(): {units: number}};
  const copy = buildLstm(tf, [shape[1]!, shape[2]!], {units: lstm.getConfig().units, ...options});
  copy.setWeights(model.getWeights());
  return copy;
}

function splitIndices(n: number, split: number, mode: "random" | "last", random: () => number): {train: number[]; val: number[]} {
  const all = Array.from({length: n}, (_, i) => i);
  const nVal = Math.round(n * split);
  if (nVal === 0) return {train: all, val: []};
  if (nVal >= n) throw new Error(`invalid validationSplit: ${split} (leaves no training samples of ${n})`);
  const order = mode === "random" ? shuffled(all, random) : all;
  const val = mode === "random" ? order.slice(0, nVal).sort((a, b) => a - b) : all.slice(n - nVal);
  const valSet = new Set(val);
  return {train: all.filter((i) => !valSet.has(i)), val};
}

/**
 * Train an LSTM(units) → Dense(1) regressor with MSE and Adam. Deterministic for a seed: seeded
 * initialisers, a seeded validation split and a seeded shuffle of the training samples every epoch
 * (tfjs' own `fit` shuffles with Math.random, so the loop is ours).
 */
export async function trainLstm(tf: TF, data: Windows, options: LstmOptions = {}): Promise<LstmTraining> {
  const o = {...FAST_LSTM, ...withoutUndefined(options)};
  const {epochs, batchSize, validationSplit, validationMode, patience, minDelta, restoreBestWeights, seed, onEpoch, signal} = o;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`invalid epochs: ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`invalid batchSize: ${batchSize}`);
  if (!(o.learningRate > 0)) throw new Error(`invalid learningRate: ${o.learningRate}`);
  if (!(validationSplit >= 0 && validationSplit < 1)) throw new Error(`invalid validationSplit: ${validationSplit}`);
  if (validationMode !== "random" && validationMode !== "last") throw new Error(`invalid validationMode: ${JSON.stringify(validationMode)}`);
  if (!Number.isInteger(patience) || patience < 0) throw new Error(`invalid patience: ${patience}`);
  if (data.x.length === 0) throw new Error("no training samples");
  if (data.x.length !== data.y.length) throw new Error(`x and y differ in length: ${data.x.length} vs ${data.y.length}`);
  signal?.throwIfAborted();

  const random = mulberry32(seed);
  const {train, val} = splitIndices(data.x.length, validationSplit, validationMode, random);
  const steps = data.x[0].length;
  const width = data.x[0][0].length;
  const model = o.initialModel ?? buildLstm(tf, [steps, width], o);
  const x = tf.tensor3d(data.x);
  const y = tf.tensor2d(data.y, [data.y.length, 1]);
  const xv = val.length ? tf.gather(x, val) : null;
  const yv = val.length ? tf.gather(y, val) : null;
  const loss: number[] = [];
  const valLoss: number[] = [];
  let best = Infinity;
  let bestEpoch = 0;
  let bestWeights: Tensor[] | null = null;
  let stoppedEarly = false;
  const keepBest = restoreBestWeights && val.length > 0;
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = shuffled(train, random);
      let sum = 0;
      for (let b = 0; b < order.length; b += batchSize) {
        const idx = order.slice(b, b + batchSize);
        const [xb, yb] = tf.tidy(() => {
          const i = tf.tensor1d(idx, "int32");
          return [tf.gather(x, i), tf.gather(y, i)];
        });
        const l = await model.trainOnBatch(xb, yb);
        xb.dispose();
        yb.dispose();
        sum += (Array.isArray(l) ? l[0] : l) * idx.length;
      }
      loss.push(sum / order.length);
      let vl: number | null = null;
      if (xv && yv) {
        vl = tf.tidy(() => tf.losses.meanSquaredError(yv, model.predict(xv, {batchSize: val.length}) as Tensor).dataSync()[0]);
        valLoss.push(vl);
      }
      const improved = vl !== null ? vl < best - minDelta : true;
      if (improved) {
        best = vl ?? best;
        bestEpoch = epoch;
        if (keepBest) {
          bestWeights?.forEach((w) => w.dispose());
          bestWeights = model.getWeights().map((w) => tf.clone(w));
        }
      }
      await onEpoch?.({epoch, epochs, loss: loss[epoch - 1], valLoss: vl});
      if (signal?.aborted) {
        if (!o.initialModel) model.dispose();
        signal.throwIfAborted();
      }
      if (patience > 0 && vl !== null && epoch - bestEpoch >= patience) {
        stoppedEarly = epoch < epochs;
        break;
      }
    }
    if (keepBest && bestWeights) model.setWeights(bestWeights);
    else bestEpoch = loss.length;
  } finally {
    bestWeights?.forEach((w) => w.dispose());
    x.dispose();
    y.dispose();
    xv?.dispose();
    yv?.dispose();
  }
  return {model, loss, valLoss, epochsRun: loss.length, bestEpoch, stoppedEarly, trainSamples: train.length, valSamples: val.length};
}

/** Predict scaled revenue for a batch of windows. */
export function predictScaled(tf: TF, model: LayersModel, windows: number[][][]): number[] {
  if (!windows.length) return [];
  // one batch: tfjs' default of 32 per batch multiplies the (per-kernel dominated) cost
  return tf.tidy(() => Array.from((model.predict(tf.tensor3d(windows), {batchSize: windows.length}) as Tensor).dataSync()));
}

/** What forecasts never go below (revenue: 0 where no day was negative). */
export interface ForecastFloor {
  floor?: number;
}

/** 1-step forecasts: for each target day, the next day from the previous `window` actual days. */
export function forecastOneStep(tf: TF, model: LayersModel, p: PreparedFeatures, targets: readonly number[], {floor = -Infinity}: ForecastFloor = {}): number[] {
  const scaled = predictScaled(tf, model, targets.map((t) => windowAt(p, p.revenue, t)));
  return scaled.map((v, i) => Math.max(floor, unscaleRevenue(p, v * revenueLevel(p, p.revenue, targets[i]))));
}

/**
 * Full-step (recursive) forecasts from several origins at once: from origin o, days o..o+h-1 are
 * predicted one at a time, each prediction fed back as the revenue input of the later windows;
 * exogenous inputs are taken as known. Revenue before each origin is actual. `horizon` is one
 * number or one per origin. A prediction below `floor` is read, fed back and returned as the floor.
 * Returns one array (unscaled) per origin.
 */
export function forecastRecursive(tf: TF, model: LayersModel, p: PreparedFeatures, origins: readonly number[], horizon: number | readonly number[], {floor = -Infinity}: ForecastFloor = {}): number[][] {
  const horizons = typeof horizon === "number" ? origins.map(() => horizon) : horizon;
  if (horizons.length !== origins.length) throw new Error(`${horizons.length} horizons for ${origins.length} origins`);
  const maxTarget = p.dates.length - p.exogenousLead;
  origins.forEach((o, k) => {
    const h = horizons[k];
    if (!Number.isInteger(h) || h < 1) throw new Error(`invalid horizon: ${h}`);
    if (!Number.isInteger(o) || o < p.window || o > p.revenue.length) throw new Error(`invalid origin: ${o}`);
    if (o + h - 1 > maxTarget) throw new Error(`horizon ${h} from origin ${o} runs past the exogenous inputs (${p.dates.length} days)`);
  });
  const lo = Number.isFinite(floor) ? scaleValue(floor, p.scale.revenue!) : -Infinity;
  const paths = origins.map((o) => p.revenue.slice(0, o));
  const longest = Math.max(0, ...horizons);
  for (let h = 0; h < longest; h++) {
    const active = origins.map((_, k) => k).filter((k) => h < horizons[k]);
    const next = predictScaled(tf, model, active.map((k) => windowAt(p, paths[k], origins[k] + h)));
    next.forEach((v, j) => paths[active[j]].push(Math.max(lo, v * revenueLevel(p, paths[active[j]], origins[active[j]] + h))));
  }
  return paths.map((r, k) => r.slice(origins[k]).map((v) => Math.max(floor, unscaleRevenue(p, v))));
}

/**
 * The epoch where validation loss "turns up": the minimum of its centred moving average over
 * `smooth` epochs (smoothing keeps one noisy epoch from deciding).
 */
export function chooseEpochs(valLoss: readonly number[], {smooth = 5}: {smooth?: number} = {}): number {
  if (!valLoss.length) throw new Error("no validation losses");
  if (!Number.isInteger(smooth) || smooth < 1) throw new Error(`invalid smooth: ${smooth}`);
  const half = Math.floor(smooth / 2);
  let best = 0;
  let bestV = Infinity;
  for (let i = 0; i < valLoss.length; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(valLoss.length, i + half + 1);
    let s = 0;
    for (let j = lo; j < hi; j++) s += valLoss[j];
    const v = s / (hi - lo);
    if (v < bestV) [best, bestV] = [i, v];
  }
  return best + 1;
}
