import {ALL_FEATURES, FEATURES, makeWindows, prepareFeatures, type DailySeries, type Feature} from "./features.js";
import {chooseEpochs, FAST_LSTM, trainLstm, type EpochInfo, type LstmOptions, type TF} from "./lstm.js";
import {withoutUndefined} from "./options.js";

export interface SearchOptions {
  window?: number;
  exogenousLead?: 0 | 1;
  /** only days before this index are used (keep the backtest window out of model selection) */
  trainEnd?: number;
  /** training options; validation defaults to the report's random 70/30 split */
  lstm?: LstmOptions;
  /** the inputs to choose from (revenue is always in); default the report's five */
  candidates?: readonly Feature[];
  signal?: AbortSignal;
  onProgress?: (info: {features: Feature[]; epoch: EpochInfo}) => void | Promise<void>;
}

export interface AblationRow {
  /** 0 = revenue alone, k = k inputs added */
  step: number;
  features: Feature[];
  added: Feature | null;
  /** training loss (MSE on scaled revenue) at the best epoch */
  trainLoss: number;
  /** lowest validation loss */
  valLoss: number;
  bestEpoch: number;
  /** the best candidate of its step, kept for the next step */
  kept: boolean;
}

export interface AblationResult {
  rows: AblationRow[];
  /** the combination with the lowest validation loss over all steps */
  best: Feature[];
}

const SEARCH_LSTM: LstmOptions = {validationSplit: 0.3, validationMode: "random"};

async function evaluate(tf: TF, series: DailySeries, features: Feature[], o: SearchOptions): Promise<{trainLoss: number; valLoss: number; bestEpoch: number}> {
  const p = prepareFeatures(series, {features, window: o.window, exogenousLead: o.exogenousLead, trainEnd: o.trainEnd});
  const r = await trainLstm(tf, makeWindows(p), {
    ...SEARCH_LSTM,
    ...withoutUndefined(o.lstm),
    signal: o.signal,
    onEpoch: (epoch) => o.onProgress?.({features, epoch})
  });
  r.model.dispose();
  if (!r.valLoss.length) throw new Error("feature ablation needs a validation split");
  return {trainLoss: r.loss[r.bestEpoch - 1], valLoss: r.valLoss[r.bestEpoch - 1], bestEpoch: r.bestEpoch};
}

/**
 * The report's feature selection: start from revenue alone, add one input at a time, keep the
 * addition with the lowest loss. We rank by validation loss (training loss only falls as inputs
 * are added) and continue until every input is in, as the report's table does.
 */
export async function featureAblation(tf: TF, series: DailySeries, options: SearchOptions = {}): Promise<AblationResult> {
  const rows: AblationRow[] = [];
  let current: Feature[] = ["revenue"];
  const base = await evaluate(tf, series, current, options);
  rows.push({step: 0, features: current, added: null, ...base, kept: true});
  const pool = ALL_FEATURES.filter((f) => (options.candidates ?? FEATURES).includes(f));
  let remaining = pool.filter((f) => f !== "revenue");
  for (let step = 1; remaining.length; step++) {
    const candidates: AblationRow[] = [];
    for (const f of remaining) {
      const features = pool.filter((x) => current.includes(x) || x === f);
      candidates.push({step, features, added: f, ...(await evaluate(tf, series, features, options)), kept: false});
    }
    const best = candidates.reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
    best.kept = true;
    rows.push(...candidates);
    current = best.features;
    remaining = remaining.filter((f) => f !== best.added);
  }
  const best = rows.filter((r) => r.kept).reduce((a, b) => (b.valLoss < a.valLoss ? b : a));
  return {rows, best: best.features};
}

export interface EpochCurve {
  loss: number[];
  valLoss: number[];
  /** the epoch where the smoothed validation loss is lowest */
  chosenEpoch: number;
  smooth: number;
}

/** Train for a fixed number of epochs on a random 70/30 split and find where validation loss turns up. */
export async function epochCurve(tf: TF, series: DailySeries, {features = FEATURES, smooth = 5, ...options}: SearchOptions & {features?: readonly Feature[]; smooth?: number} = {}): Promise<EpochCurve> {
  const p = prepareFeatures(series, {features, window: options.window, exogenousLead: options.exogenousLead, trainEnd: options.trainEnd});
  const r = await trainLstm(tf, makeWindows(p), {
    ...SEARCH_LSTM,
    epochs: FAST_LSTM.epochs,
    ...withoutUndefined(options.lstm),
    patience: 0,
    restoreBestWeights: false,
    signal: options.signal,
    onEpoch: (epoch) => options.onProgress?.({features: [...features], epoch})
  });
  r.model.dispose();
  return {loss: r.loss, valLoss: r.valLoss, chosenEpoch: chooseEpochs(r.valLoss, {smooth}), smooth};
}
