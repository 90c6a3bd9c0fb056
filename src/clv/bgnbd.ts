/**
 * The BG/NBD model of repeat buying (Fader, Hardie & Lee, "Counting your customers the easy way: an
 * alternative to the Pareto/NBD model", Marketing Science 24(2), 2005): while alive a customer buys
 * as a Poisson process of rate λ ~ Gamma(r, α); after each repeat purchase they drop out with
 * probability p ~ Beta(a, b).
 */

import {denseIds, groupRows} from "./group.js";
import {hessianFromGradient, invertSpd, minimizeBfgs, type LikelihoodFit} from "./optimize.js";
import {digamma, hyp2f1Real, logBeta, logGamma} from "./special.js";

/** One customer's repeat-buying summary: x repeat purchases, the last at t_x, observed for T (same time unit). */
export interface RfmCustomer {
  frequency: number;
  recency: number;
  T: number;
}

export interface WeightedRfmCustomer extends RfmCustomer {
  /** how many customers share this summary (default 1) */
  weight?: number;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdModel {
  readonly params: BgNbdParams;
  /** E[X(t)]: repeat purchases in (0, t] of a customer just acquired (FHL 2005 eq. 9). */
  expectedPurchases(t: number): number;
  /** E[Y(t) | x, t_x, T]: purchases in (T, T + t] (FHL 2005 eq. 10). */
  conditionalExpectedPurchases(t: number, customer: RfmCustomer): number;
  /** P(alive | x, t_x, T); 1 for x = 0, since the model lets customers drop out only after a repeat purchase. */
  probabilityAlive(customer: RfmCustomer): number;
  /** P(X(t) = n) for a customer just acquired (FHL 2005 eq. 8). */
  probabilityOfPurchases(t: number, n: number): number;
  /** ln L(r, α, a, b | x, t_x, T) of one customer (FHL 2005 eq. 6). */
  customerLogLikelihood(customer: RfmCustomer): number;
}

/** A fitted BG/NBD model; its groups are the distinct (x, t_x, T) triples. */
export interface BgNbdFit extends BgNbdModel, LikelihoodFit<BgNbdParams> {}

export interface BgNbdFitOptions {
  /** L2 penalty on (r, α, a, b) added to the mean negative log-likelihood, α in time rescaled so max T = 10 */
  penalizerCoef?: number;
  maxIterations?: number;
  gradientTolerance?: number;
  /** sum the likelihood over distinct (x, t_x, T) triples (default); false sums customer by customer */
  group?: boolean;
  /** starting values (default 1 for r, a, b and for α in the rescaled time) */
  initialParams?: Partial<BgNbdParams>;
}

/** Throws an error naming the customer (by index) when a summary is not a valid (x, t_x, T). */
export function validateRfmCustomer(c: RfmCustomer, index?: number): void {
  if (c !== null && typeof c === "object") {
    const {frequency: x, recency: t, T} = c;
    // the fast path for valid rows: NaN fails every comparison, Infinity fails T < Infinity or isInteger
    if (typeof t === "number" && typeof T === "number" && x >= 0 && Number.isInteger(x) && t >= 0 && t <= T && T < Infinity && (x !== 0 || t === 0)) return;
  }
  const where = index === undefined ? "invalid customer" : `invalid customer ${index}`;
  if (c === null || typeof c !== "object") throw new Error(`${where}: not an object (${String(c)})`);
  const {frequency: x, recency: t, T} = c;
  for (const [name, v] of [["frequency", x], ["recency", t], ["T", T]] as const) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${where}: ${name} ${String(v)} is not a finite number`);
    if (v < 0) throw new Error(`${where}: ${name} ${v} is negative`);
  }
  if (!Number.isInteger(x)) throw new Error(`${where}: frequency ${x} is not a whole number of repeat purchases`);
  if (t > T) throw new Error(`${where}: recency ${t} > T ${T}`);
  throw new Error(`${where}: frequency 0 with recency ${t} > 0`);
}

function validateWeight(w: number | undefined, index: number): number {
  if (w === undefined) return 1;
  if (typeof w !== "number" || !Number.isFinite(w) || w <= 0) throw new Error(`invalid customer ${index}: weight ${String(w)} is not a positive finite number`);
  return w;
}

function validateParams(p: BgNbdParams): BgNbdParams {
  if (p === null || typeof p !== "object") throw new Error(`invalid BG/NBD parameters: ${String(p)}`);
  for (const key of ["r", "alpha", "a", "b"] as const) {
    const v = p[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new Error(`invalid BG/NBD parameter ${key}: ${String(v)} (must be positive and finite)`);
  }
  return {r: p.r, alpha: p.alpha, a: p.a, b: p.b};
}

function checkTime(t: number, what: string): void {
  if (typeof t !== "number" || !Number.isFinite(t) || t < 0) throw new Error(`invalid ${what}: ${String(t)} (must be a finite number >= 0)`);
}

/** The BG/NBD model at given parameters. */
export function bgNbd(params: BgNbdParams): BgNbdModel {
  const {r, alpha, a, b} = validateParams(params);
  const frozen = Object.freeze({r, alpha, a, b});

  // E[X(t)] and E[Y(t)|·] share the form k·[1 − P·2F1]/(a − 1), which is 0/0 at a = 1; near it the
  // model is evaluated at a ± h and averaged, trading an O(h²) bias for the cancellation
  const nearOne = 1e-5;
  const smoothInA = (f: (a: number) => number) => (Math.abs(a - 1) < nearOne ? (f(1 - nearOne) + f(1 + nearOne)) / 2 : f(a));

  // ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z) with z = t/(α+T+t), after Euler's transformation
  // 2F1(A, B; C; z) = (1−z)^(C−A−B) 2F1(C−A, C−B; C; z): the power and the function no longer grow
  // without bound in x (as (1−z)^−x) and cancel, so heavy buyers neither overflow nor lose digits
  const survivingShare = (A: number, x: number, start: number, t: number) => {
    const oneMinusZ = start / (start + t);
    return Math.pow(oneMinusZ, A - 1) * hyp2f1Real(A + b - 1 - r, A - 1, A + b + x - 1, t / (start + t));
  };

  const expectedPurchases = (t: number) => {
    checkTime(t, "time t");
    if (t === 0) return 0;
    return smoothInA((A) => ((A + b - 1) / (A - 1)) * (1 - survivingShare(A, 0, alpha, t)));
  };

  const logOddsDead = (x: number, tx: number, T: number) => Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));

  const probabilityAlive = (c: RfmCustomer) => {
    validateRfmCustomer(c);
    if (c.frequency === 0) return 1;
    return 1 / (1 + Math.exp(logOddsDead(c.frequency, c.recency, c.T)));
  };

  const conditionalExpectedPurchases = (t: number, c: RfmCustomer) => {
    checkTime(t, "time t");
    validateRfmCustomer(c);
    if (t === 0) return 0;
    const {frequency: x, recency: tx, T} = c;
    const numerator = smoothInA((A) => ((A + b + x - 1) / (A - 1)) * (1 - survivingShare(A, x, alpha + T, t)));
    return x === 0 ? numerator : numerator / (1 + Math.exp(logOddsDead(x, tx, T)));
  };

  const probabilityOfPurchases = (t: number, n: number) => {
    checkTime(t, "time t");
    if (!Number.isInteger(n) || n < 0) throw new Error(`invalid purchase count n: ${n} (must be a whole number >= 0)`);
    if (t === 0) return n === 0 ? 1 : 0;
    const logP0 = r * Math.log(alpha / (alpha + t));
    const logZ = Math.log(t / (alpha + t));
    const lbab = logBeta(a, b);
    const nbd = (j: number) => Math.exp(logGamma(r + j) - logGamma(r) - logGamma(j + 1) + logP0 + j * logZ);
    const first = Math.exp(logBeta(a, b + n) - lbab) * nbd(n);
    if (n === 0) return first;
    // P(NBD count ≥ n): one minus the lower sum, or the upper tail summed directly when it is small
    let lower = 0;
    for (let j = 0; j < n; j++) lower += nbd(j);
    let tail = 1 - lower;
    if (lower > 0.5) {
      const z = t / (alpha + t);
      let term = nbd(n);
      tail = 0;
      for (let j = n; j < n + 100_000; j++) {
        tail += term;
        term *= ((r + j) / (j + 1)) * z;
        if (term <= 1e-17 * tail && (r + j) * z < j + 1) break;
      }
    }
    return first + Math.exp(logBeta(a + 1, b + n - 1) - lbab) * tail;
  };

  const customerLogLikelihood = (c: RfmCustomer) => {
    validateRfmCustomer(c);
    const {frequency: x, recency: tx, T} = c;
    const a12 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
    const a3 = -(r + x) * Math.log(alpha + T);
    if (x === 0) return a12 + a3;
    const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
    const m = Math.max(a3, a4);
    return a12 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
  };

  return {params: frozen, expectedPurchases, conditionalExpectedPurchases, probabilityAlive, probabilityOfPurchases, customerLogLikelihood};
}

/** Distinct (x, t_x, T) triples with summed weights, in a deterministic order. */
export interface RfmGroups {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  /** position of each group's x in `xs` */
  xIndex: Int32Array;
  /** distinct frequencies */
  xs: number[];
  totalWeight: number;
}

/** Validates and (optionally) groups the customers. */
export function groupRfm(customers: readonly WeightedRfmCustomer[], group = true): RfmGroups {
  if (!Array.isArray(customers)) throw new Error(`customers must be an array, got ${String(customers)}`);
  if (customers.length === 0) throw new Error("no customers to fit");
  const n = customers.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const weight = new Float64Array(n);
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const c = customers[i];
    validateRfmCustomer(c, i);
    x[i] = c.frequency;
    tx[i] = c.recency;
    T[i] = c.T;
    weight[i] = validateWeight(c.weight, i);
    totalWeight += weight[i];
  }
  if (!group) return {x, tx, T, w: weight, ...frequencyIndex(x), totalWeight};
  const {groups, groupOf, firstRow} = groupRows([x, tx, T], n);
  const w = new Float64Array(groups);
  for (let i = 0; i < n; i++) w[groupOf[i]] += weight[i];
  const pick = (col: Float64Array) => {
    const out = new Float64Array(groups);
    for (let g = 0; g < groups; g++) out[g] = col[firstRow[g]];
    return out;
  };
  const gx = pick(x);
  return {x: gx, tx: pick(tx), T: pick(T), w, ...frequencyIndex(gx), totalWeight};
}

function frequencyIndex(x: Float64Array): {xIndex: Int32Array; xs: number[]} {
  const {id, values} = denseIds(x);
  return {xIndex: id, xs: values};
}

/**
 * Total log-likelihood and its gradient in (r, α, a, b) over grouped customers, times multiplied by
 * `scale`. The two terms of FHL 2005 eq. 6 are combined by log-sum-exp, so neither under- nor
 * overflows for heavy buyers or long ages.
 */
function logLikelihoodAndGradient(p: BgNbdParams, data: RfmGroups, scale: number): {ll: number; grad: [number, number, number, number]} {
  const {r, alpha, a, b} = p;
  const {x, tx, T, w, xIndex, xs} = data;
  const k = xs.length;
  const constX = new Float64Array(k);
  const logA4X = new Float64Array(k);
  const weightX = new Float64Array(k);
  const lnAlpha = Math.log(alpha);
  const lgR = logGamma(r);
  const lgAB = logGamma(a + b);
  const lgB = logGamma(b);
  for (let j = 0; j < k; j++) {
    const xj = xs[j];
    constX[j] = logGamma(r + xj) - lgR + r * lnAlpha + lgAB + logGamma(b + xj) - lgB - logGamma(a + b + xj);
    logA4X[j] = xj > 0 ? Math.log(a) - Math.log(b + xj - 1) : 0;
  }
  // Neumaier-compensated sum: near the optimum the objective's changes fall below the rounding of a
  // plain sum over 10⁵–10⁶ terms, and the line search would stall on noise
  let ll = 0;
  let compensation = 0;
  const add = (v: number) => {
    const t = ll + v;
    compensation += Math.abs(ll) >= Math.abs(v) ? ll - t + v : v - t + ll;
    ll = t;
  };
  let sumLog = 0; // Σ w (w3 ln(α+T) + w4 ln(α+t_x))
  let sumInv = 0; // Σ w (r+x)(w3/(α+T) + w4/(α+t_x))
  let sumW4 = 0; // Σ w·w4
  let sumW4b = 0; // Σ w·w4/(b+x−1)
  for (let g = 0; g < x.length; g++) {
    const xg = x[g];
    const wg = w[g];
    const j = xIndex[g];
    weightX[j] += wg;
    const aT = alpha + T[g] * scale;
    const lT = Math.log(aT);
    const a3 = -(r + xg) * lT;
    if (xg === 0) {
      add(wg * a3);
      sumLog += wg * lT;
      sumInv += (wg * r) / aT;
      continue;
    }
    const at = alpha + tx[g] * scale;
    const lt = Math.log(at);
    const a4 = logA4X[j] - (r + xg) * lt;
    let w3: number;
    let w4: number;
    let lse: number;
    if (a3 >= a4) {
      const e = Math.exp(a4 - a3);
      lse = a3 + Math.log1p(e);
      w4 = e / (1 + e);
      w3 = 1 - w4;
    } else {
      const e = Math.exp(a3 - a4);
      lse = a4 + Math.log1p(e);
      w3 = e / (1 + e);
      w4 = 1 - w3;
    }
    add(wg * lse);
    sumLog += wg * (w3 * lT + w4 * lt);
    sumInv += wg * (r + xg) * (w3 / aT + w4 / at);
    sumW4 += wg * w4;
    sumW4b += (wg * w4) / (b + xg - 1);
  }
  for (let j = 0; j < k; j++) add(weightX[j] * constX[j]);
  ll += compensation;
  const psiR = digamma(r);
  const psiAB = digamma(a + b);
  const psiB = digamma(b);
  let dr = -sumLog;
  let dAlpha = -sumInv;
  let da = sumW4 / a;
  let db = -sumW4b;
  for (let j = 0; j < k; j++) {
    const xj = xs[j];
    const wj = weightX[j];
    const psiABX = digamma(a + b + xj);
    dr += wj * (digamma(r + xj) - psiR + lnAlpha);
    dAlpha += (wj * r) / alpha;
    da += wj * (psiAB - psiABX);
    db += wj * (psiAB + digamma(b + xj) - psiB - psiABX);
  }
  return {ll, grad: [dr, dAlpha, da, db]};
}

/** Total log-likelihood (FHL 2005 eq. 6 summed, weights counted) of customers under given parameters. */
export function bgNbdLogLikelihood(params: BgNbdParams, customers: readonly WeightedRfmCustomer[]): number {
  return logLikelihoodAndGradient(validateParams(params), groupRfm(customers), 1).ll;
}

/** Maximum-likelihood BG/NBD fit, optimised by BFGS on log-parameters with the analytic gradient. */
export function fitBgNbd(customers: readonly WeightedRfmCustomer[], {penalizerCoef = 0, maxIterations = 500, gradientTolerance = 1e-10, group = true, initialParams = {}}: BgNbdFitOptions = {}): BgNbdFit {
  if (!(penalizerCoef >= 0 && Number.isFinite(penalizerCoef))) throw new Error(`invalid penalizerCoef: ${penalizerCoef}`);
  const data = groupRfm(customers, group);
  let maxT = 0;
  for (let g = 0; g < data.T.length; g++) maxT = Math.max(maxT, data.T[g]);
  if (maxT === 0) throw new Error("every customer has T = 0: nothing to fit");
  // times rescaled so the longest age is 10: the optimiser then starts near the answer whatever the
  // time unit, and the penalty (as in the lifetimes package) does not depend on the unit either
  const scale = 10 / maxT;
  const start = {r: 1, alpha: 1, a: 1, b: 1, ...initialParams};
  if (initialParams.alpha !== undefined) start.alpha = initialParams.alpha * scale;
  validateParams(start);
  const W = data.totalWeight;
  const fromTheta = (theta: readonly number[]): BgNbdParams => ({r: Math.exp(theta[0]), alpha: Math.exp(theta[1]), a: Math.exp(theta[2]), b: Math.exp(theta[3])});
  const objective = (theta: number[]) => {
    const p = fromTheta(theta);
    const {ll, grad} = logLikelihoodAndGradient(p, data, scale);
    const values = [p.r, p.alpha, p.a, p.b];
    const f = -ll / W + penalizerCoef * values.reduce((s, v) => s + v * v, 0);
    const g = values.map((v, i) => (-grad[i] / W + 2 * penalizerCoef * v) * v);
    return {f, g};
  };
  const theta0 = [start.r, start.alpha, start.a, start.b].map(Math.log);
  const result = minimizeBfgs(objective, theta0, {maxIterations, gradientTolerance});
  const scaledParams = fromTheta(result.x);
  const params: BgNbdParams = {...scaledParams, alpha: scaledParams.alpha / scale};
  const ll = logLikelihoodAndGradient(params, data, 1).ll;
  const hessian = hessianFromGradient((theta) => objective(theta).g.map((v) => v * W), result.x);
  const covariance = invertSpd(hessian);
  const se = [params.r, params.alpha, params.a, params.b].map((v, i) => (covariance === null ? NaN : v * Math.sqrt(covariance[i][i])));
  return {
    ...bgNbd(params),
    logLikelihood: ll,
    n: W,
    groups: data.x.length,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    gradientNorm: result.gradient.reduce((m, v) => Math.max(m, Math.abs(v)), 0),
    standardErrors: {r: se[0], alpha: se[1], a: se[2], b: se[3]},
    penalizerCoef
  };
}
