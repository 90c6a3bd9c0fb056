import {seasonalDecompose, type SeasonalModel} from "./decompose.js";
import {nelderMead} from "./optimize.js";

function assertSeries(values: readonly number[], min: number, what: string): void {
  if (values.length < min) throw new Error(`${what} needs at least ${min} observations, got ${values.length}`);
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`invalid value at index ${i}: ${v}`);
  });
}

function assertHorizon(horizon: number): void {
  if (!Number.isInteger(horizon) || horizon < 1) throw new Error(`invalid horizon: ${horizon}`);
}

/** Seasonal naive: each future day repeats the same position of the last observed cycle. */
export function seasonalNaiveForecast(values: readonly number[], horizon: number, {period = 7}: {period?: number} = {}): number[] {
  if (!Number.isInteger(period) || period < 1) throw new Error(`invalid period: ${period}`);
  assertHorizon(horizon);
  assertSeries(values, period, "seasonal naive");
  const n = values.length;
  return Array.from({length: horizon}, (_, h) => values[n - period + (h % period)]);
}

/** Flat forecast at the mean of the last `window` observations. */
export function movingAverageForecast(values: readonly number[], horizon: number, {window = 7}: {window?: number} = {}): number[] {
  if (!Number.isInteger(window) || window < 1) throw new Error(`invalid window: ${window}`);
  assertHorizon(horizon);
  assertSeries(values, window, "moving average");
  const m = values.slice(-window).reduce((a, b) => a + b, 0) / window;
  return Array<number>(horizon).fill(m);
}

export interface HoltWintersParams {
  alpha: number;
  /** trend smoothing in error-correction form (β = α·β* of the component form) */
  beta: number;
  gamma: number;
  /** damping; 1 = undamped */
  phi: number;
}

export interface HoltWintersState {
  level: number;
  trend: number;
  /** seasonal states indexed by time mod period */
  season: number[];
  /** index of the next time step */
  t: number;
}

export interface HoltWintersOptions {
  period?: number;
  seasonal?: SeasonalModel;
  damped?: boolean;
  /** fixed parameters; if omitted they are fitted */
  params?: HoltWintersParams;
}

export interface HoltWintersFit {
  period: number;
  seasonal: SeasonalModel;
  damped: boolean;
  params: HoltWintersParams;
  initial: HoltWintersState;
  /** state after the last observation */
  state: HoltWintersState;
  /** one-step-ahead forecasts for every observation */
  fitted: number[];
  sse: number;
}

/**
 * Initial states from the training data: the seasonal figure of a classical decomposition, the level
 * as the first cycle's deseasonalised mean moved back to t = -1, the slope from the first two cycles.
 */
function initialState(values: readonly number[], period: number, seasonal: SeasonalModel): HoltWintersState {
  const mult = seasonal === "multiplicative";
  const figure = seasonalDecompose(values, {period, model: seasonal}).figure;
  const des = values.map((v, i) => (mult ? v / figure[i % period] : v - figure[i % period]));
  const mean1 = des.slice(0, period).reduce((a, b) => a + b, 0) / period;
  const mean2 = des.slice(period, 2 * period).reduce((a, b) => a + b, 0) / period;
  const trend = (mean2 - mean1) / period;
  return {level: mean1 - ((period + 1) / 2) * trend, trend, season: figure.slice(), t: 0};
}

/**
 * Holt-Winters with weekly (or any) seasonality, additive or multiplicative seasons and an optionally
 * damped additive trend, in the error-correction form of Hyndman & Athanasopoulos (fpp3 §8.3; Hyndman
 * et al. 2008, table 2.3, additive errors). Runs the recursions over `values` from `initial`.
 */
export function holtWintersFilter(values: readonly number[], params: HoltWintersParams, initial: HoltWintersState, seasonal: SeasonalModel): {fitted: number[]; state: HoltWintersState; sse: number} {
  const {alpha, beta, gamma, phi} = params;
  const m = initial.season.length;
  const season = initial.season.slice();
  let level = initial.level;
  let trend = initial.trend;
  let t = initial.t;
  let sse = 0;
  const fitted: number[] = [];
  for (const y of values) {
    const base = level + phi * trend;
    const s = season[t % m];
    if (seasonal === "multiplicative") {
      const yhat = base * s;
      const e = y - yhat;
      level = base + (alpha * e) / s;
      trend = phi * trend + (beta * e) / s;
      season[t % m] = s + (gamma * e) / base;
      fitted.push(yhat);
      sse += e * e;
    } else {
      const yhat = base + s;
      const e = y - yhat;
      level = base + alpha * e;
      trend = phi * trend + beta * e;
      season[t % m] = s + gamma * e;
      fitted.push(yhat);
      sse += e * e;
    }
    t++;
  }
  return {fitted, state: {level, trend, season, t}, sse};
}

export function holtWintersForecast(state: HoltWintersState, horizon: number, params: HoltWintersParams, seasonal: SeasonalModel): number[] {
  assertHorizon(horizon);
  const m = state.season.length;
  const out: number[] = [];
  let damp = 0;
  for (let h = 1; h <= horizon; h++) {
    damp += params.phi ** h;
    const base = state.level + damp * state.trend;
    const s = state.season[(state.t + h - 1) % m];
    out.push(seasonal === "multiplicative" ? base * s : base + s);
  }
  return out;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/**
 * Map unconstrained coordinates to the "usual" region of fpp / R forecast::ets:
 * 0 < α < 1, 0 < β < α, 0 < γ < 1 − α, 0.8 ≤ φ ≤ 0.98 (φ = 1 when undamped).
 */
function toParams(x: readonly number[], damped: boolean): HoltWintersParams {
  const alpha = sigmoid(x[0]);
  return {alpha, beta: alpha * sigmoid(x[1]), gamma: (1 - alpha) * sigmoid(x[2]), phi: damped ? 0.8 + 0.18 * sigmoid(x[3]) : 1};
}

/**
 * Fit by minimising the SSE of one-step-ahead errors over the training data: the best point of a
 * small grid starts a Nelder–Mead search in the unconstrained coordinates. Initial states are not
 * optimised (they come from a classical decomposition of the training data).
 */
export function fitHoltWinters(values: readonly number[], {period = 7, seasonal = "additive", damped = true, params}: HoltWintersOptions = {}): HoltWintersFit {
  if (!Number.isInteger(period) || period < 2) throw new Error(`invalid period: ${period}`);
  if (seasonal !== "additive" && seasonal !== "multiplicative") throw new Error(`invalid seasonal: ${JSON.stringify(seasonal)}`);
  assertSeries(values, 2 * period, "Holt-Winters");
  const initial = initialState(values, period, seasonal);
  const sseOf = (p: HoltWintersParams) => {
    const {sse} = holtWintersFilter(values, p, initial, seasonal);
    return Number.isFinite(sse) ? sse : Number.MAX_VALUE;
  };
  let chosen = params;
  if (!chosen) {
    let best: number[] = [];
    let bestSse = Infinity;
    for (const a of [0.1, 0.3, 0.6]) {
      for (const b of [0.02, 0.2]) {
        for (const g of [0.05, 0.3]) {
          const x = [logit(a), logit(b), logit(g), logit(0.5)];
          const s = sseOf(toParams(x, damped));
          if (s < bestSse) [best, bestSse] = [x, s];
        }
      }
    }
    const dims = damped ? 4 : 3;
    const res = nelderMead((x) => sseOf(toParams([...x, 0], damped)), best.slice(0, dims), {step: 1, maxIterations: 500});
    chosen = toParams([...res.x, 0], damped);
  }
  const {fitted, state, sse} = holtWintersFilter(values, chosen, initial, seasonal);
  return {period, seasonal, damped, params: chosen, initial, state, fitted, sse};
}

/** Continue a fitted model through new observations without refitting its parameters. */
export function holtWintersUpdate(fit: HoltWintersFit, newValues: readonly number[]): {fitted: number[]; state: HoltWintersState} {
  const {fitted, state} = holtWintersFilter(newValues, fit.params, fit.state, fit.seasonal);
  return {fitted, state};
}
