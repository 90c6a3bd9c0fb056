/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee, "RFM and CLV: using iso-value
 * curves for customer base analysis", JMR 2005; Fader & Hardie, "The Gamma-Gamma model of monetary
 * value", 2013): each transaction's value is Gamma(p, ν) with the customer's ν ~ Gamma(q, γ).
 */

import {denseIds, groupRows} from "./group.js";
import {hessianFromGradient, invertSpd, minimizeBfgs, type LikelihoodFit} from "./optimize.js";
import {digamma, logGamma} from "./special.js";

/** x repeat transactions with mean value m̄ (the first purchase excluded, as in the papers). */
export interface SpendCustomer {
  frequency: number;
  monetary: number;
}

export interface WeightedSpendCustomer extends SpendCustomer {
  weight?: number;
}

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaModel {
  readonly params: GammaGammaParams;
  /**
   * E[M | x, m̄]: the customer's expected spend per transaction, a weighted mean of the prior mean and
   * m̄ (Fader & Hardie 2013, eq. 5). With x = 0 it is the prior mean, and m̄ is ignored.
   */
  conditionalExpectedSpend(customer: SpendCustomer): number;
  /** E[M] = pγ/(q − 1): the population mean spend per transaction (the prior mean). */
  expectedSpend(): number;
  /** ln f(m̄ | p, q, γ; x) of one customer (Fader & Hardie 2013, eq. 4). */
  customerLogLikelihood(customer: SpendCustomer): number;
}

export interface GammaGammaFit extends GammaGammaModel, LikelihoodFit<GammaGammaParams> {}

export interface GammaGammaFitOptions {
  /** L2 penalty on (p, q, γ) added to the mean negative log-likelihood, γ in money rescaled to a mean m̄ of 1 */
  penalizerCoef?: number;
  maxIterations?: number;
  gradientTolerance?: number;
  group?: boolean;
  initialParams?: Partial<GammaGammaParams>;
}

/** Throws an error naming the customer when (x, m̄) cannot enter the Gamma-Gamma model. */
export function validateSpendCustomer(c: SpendCustomer, index?: number): void {
  if (c !== null && typeof c === "object" && Number.isInteger(c.frequency) && c.frequency > 0 && typeof c.monetary === "number" && c.monetary > 0 && c.monetary < Infinity) return;
  const where = index === undefined ? "invalid customer" : `invalid customer ${index}`;
  if (c === null || typeof c !== "object") throw new Error(`${where}: not an object (${String(c)})`);
  const {frequency: x, monetary: m} = c;
  if (typeof x !== "number" || !Number.isFinite(x)) throw new Error(`${where}: frequency ${String(x)} is not a finite number`);
  if (!Number.isInteger(x) || x <= 0) throw new Error(`${where}: frequency ${x} is not a whole number > 0 (the Gamma-Gamma model needs repeat transactions)`);
  if (typeof m !== "number" || !Number.isFinite(m)) throw new Error(`${where}: monetary ${String(m)} is not a finite number`);
  if (m <= 0) throw new Error(`${where}: monetary ${m} is not positive`);
}

function validateParams(p: GammaGammaParams): GammaGammaParams {
  if (p === null || typeof p !== "object") throw new Error(`invalid Gamma-Gamma parameters: ${String(p)}`);
  for (const key of ["p", "q", "gamma"] as const) {
    const v = p[key];
    if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new Error(`invalid Gamma-Gamma parameter ${key}: ${String(v)} (must be positive and finite)`);
  }
  return {p: p.p, q: p.q, gamma: p.gamma};
}

/** The Gamma-Gamma model at given parameters. */
export function gammaGamma(params: GammaGammaParams): GammaGammaModel {
  const {p, q, gamma} = validateParams(params);
  const frozen = Object.freeze({p, q, gamma});
  const expectedSpend = () => {
    if (!(q > 1)) throw new Error(`the population mean spend is infinite when q <= 1 (q = ${q})`);
    return (p * gamma) / (q - 1);
  };
  const conditionalExpectedSpend = (c: SpendCustomer) => {
    if (c !== null && typeof c === "object" && c.frequency === 0) return expectedSpend();
    validateSpendCustomer(c);
    return (p * (gamma + c.frequency * c.monetary)) / (p * c.frequency + q - 1);
  };
  const customerLogLikelihood = (c: SpendCustomer) => {
    validateSpendCustomer(c);
    const {frequency: x, monetary: m} = c;
    const px = p * x;
    return logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(gamma) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(gamma + x * m);
  };
  return {params: frozen, expectedSpend, conditionalExpectedSpend, customerLogLikelihood};
}

interface SpendGroups {
  x: Float64Array;
  m: Float64Array;
  logM: Float64Array;
  w: Float64Array;
  xIndex: Int32Array;
  xs: number[];
  totalWeight: number;
  meanMonetary: number;
}

function groupSpend(customers: readonly WeightedSpendCustomer[], group: boolean): SpendGroups {
  if (!Array.isArray(customers)) throw new Error(`customers must be an array, got ${String(customers)}`);
  if (customers.length === 0) throw new Error("no customers to fit");
  const n = customers.length;
  const x = new Float64Array(n);
  const m = new Float64Array(n);
  const weight = new Float64Array(n);
  let totalWeight = 0;
  let sumM = 0;
  for (let i = 0; i < n; i++) {
    const c = customers[i];
    validateSpendCustomer(c, i);
    const wi = c.weight ?? 1;
    if (typeof wi !== "number" || !Number.isFinite(wi) || wi <= 0) throw new Error(`invalid customer ${i}: weight ${String(wi)} is not a positive finite number`);
    x[i] = c.frequency;
    m[i] = c.monetary;
    weight[i] = wi;
    totalWeight += wi;
    sumM += wi * c.monetary;
  }
  let gx = x;
  let gm = m;
  let w = weight;
  if (group) {
    const {groups, groupOf, firstRow} = groupRows([x, m], n);
    gx = new Float64Array(groups);
    gm = new Float64Array(groups);
    w = new Float64Array(groups);
    for (let g = 0; g < groups; g++) {
      gx[g] = x[firstRow[g]];
      gm[g] = m[firstRow[g]];
    }
    for (let i = 0; i < n; i++) w[groupOf[i]] += weight[i];
  }
  const {id: xIndex, values: xs} = denseIds(gx);
  const logM = gm.map(Math.log);
  return {x: gx, m: gm, logM, w, xIndex, xs, totalWeight, meanMonetary: sumM / totalWeight};
}

function logLikelihoodAndGradient(params: GammaGammaParams, data: SpendGroups, scale: number): {ll: number; grad: [number, number, number]} {
  const {p, q, gamma} = params;
  const {x, m, w, xIndex, xs, logM} = data;
  const logScale = Math.log(scale);
  const k = xs.length;
  const constX = new Float64Array(k);
  const weightX = new Float64Array(k);
  const lgQ = logGamma(q);
  const lnGamma = Math.log(gamma);
  for (let j = 0; j < k; j++) {
    const px = p * xs[j];
    constX[j] = logGamma(px + q) - logGamma(px) - lgQ + q * lnGamma + px * Math.log(xs[j]);
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
  let sumXLogRatio = 0; // Σ w x (ln m − ln(γ + x m))
  let sumLogGxm = 0; // Σ w ln(γ + x m)
  let sumInv = 0; // Σ w (px + q)/(γ + x m)
  for (let g = 0; g < x.length; g++) {
    const xg = x[g];
    const wg = w[g];
    const mg = m[g] * scale;
    const j = xIndex[g];
    weightX[j] += wg;
    const px = p * xg;
    const lnM = logM[g] + logScale;
    const gxm = gamma + xg * mg;
    const lnGxm = Math.log(gxm);
    add(wg * ((px - 1) * lnM - (px + q) * lnGxm));
    sumXLogRatio += wg * xg * (lnM - lnGxm);
    sumLogGxm += wg * lnGxm;
    sumInv += (wg * (px + q)) / gxm;
  }
  for (let j = 0; j < k; j++) add(weightX[j] * constX[j]);
  ll += compensation;
  const psiQ = digamma(q);
  let dp = sumXLogRatio;
  let dq = -sumLogGxm;
  let dGamma = -sumInv;
  for (let j = 0; j < k; j++) {
    const xj = xs[j];
    const wj = weightX[j];
    const psiPXQ = digamma(p * xj + q);
    dp += wj * xj * (psiPXQ - digamma(p * xj) + Math.log(xj));
    dq += wj * (psiPXQ - psiQ + lnGamma);
    dGamma += (wj * q) / gamma;
  }
  return {ll, grad: [dp, dq, dGamma]};
}

/** Total log-likelihood (weights counted) of (x, m̄) under given Gamma-Gamma parameters. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, customers: readonly WeightedSpendCustomer[]): number {
  return logLikelihoodAndGradient(validateParams(params), groupSpend(customers, true), 1).ll;
}

/** Maximum-likelihood Gamma-Gamma fit (BFGS on log-parameters, analytic gradient). */
export function fitGammaGamma(customers: readonly WeightedSpendCustomer[], {penalizerCoef = 0, maxIterations = 500, gradientTolerance = 1e-10, group = true, initialParams = {}}: GammaGammaFitOptions = {}): GammaGammaFit {
  if (!(penalizerCoef >= 0 && Number.isFinite(penalizerCoef))) throw new Error(`invalid penalizerCoef: ${penalizerCoef}`);
  const data = groupSpend(customers, group);
  // money rescaled to a mean m̄ of 1, so the start point and the penalty do not depend on the currency
  const scale = 1 / data.meanMonetary;
  const start = {p: 1, q: 2, gamma: 1, ...initialParams};
  if (initialParams.gamma !== undefined) start.gamma = initialParams.gamma * scale;
  validateParams(start);
  const W = data.totalWeight;
  const fromTheta = (theta: readonly number[]): GammaGammaParams => ({p: Math.exp(theta[0]), q: Math.exp(theta[1]), gamma: Math.exp(theta[2])});
  const objective = (theta: number[]) => {
    const params = fromTheta(theta);
    const {ll, grad} = logLikelihoodAndGradient(params, data, scale);
    const values = [params.p, params.q, params.gamma];
    const f = -ll / W + penalizerCoef * values.reduce((s, v) => s + v * v, 0);
    const g = values.map((v, i) => (-grad[i] / W + 2 * penalizerCoef * v) * v);
    return {f, g};
  };
  const result = minimizeBfgs(objective, [start.p, start.q, start.gamma].map(Math.log), {maxIterations, gradientTolerance});
  const scaled = fromTheta(result.x);
  const params: GammaGammaParams = {...scaled, gamma: scaled.gamma / scale};
  const ll = logLikelihoodAndGradient(params, data, 1).ll;
  const covariance = invertSpd(hessianFromGradient((theta) => objective(theta).g.map((v) => v * W), result.x));
  const se = [params.p, params.q, params.gamma].map((v, i) => (covariance === null ? NaN : v * Math.sqrt(covariance[i][i])));
  return {
    ...gammaGamma(params),
    logLikelihood: ll,
    n: W,
    groups: data.x.length,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    gradientNorm: result.gradient.reduce((mx, v) => Math.max(mx, Math.abs(v)), 0),
    standardErrors: {p: se[0], q: se[1], gamma: se[2]},
    penalizerCoef
  };
}
