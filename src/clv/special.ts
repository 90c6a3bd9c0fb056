/** Special functions for the buy-till-you-die models: log-gamma, digamma, the Gaussian hypergeometric 2F1. */

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

// Godfrey's Lanczos coefficients (g = 607/128, 15 terms): about 1e-15 relative on Re(x) >= 1/2.
const LANCZOS_G = 607 / 128;
const LANCZOS = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174, -0.49191381609762019978,
  0.33994649984811888699e-4, 0.46523628927048575665e-4, -0.98374475304879564677e-4, 0.15808870322491248884e-3,
  -0.21026444172410488319e-3, 0.2174396181152126432e-3, -0.16431810653676389022e-3, 0.84418223983852743293e-4,
  -0.2619083840158140867e-4, 0.36899182659531622704e-5
];

/** ln|Γ(x)| for real x that is not a non-positive integer. */
export function logGamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return Infinity;
  if (x < 0.5) {
    // reflection Γ(x)Γ(1−x) = π / sin(πx); sinpi keeps the argument reduction exact
    return Math.log(Math.PI / Math.abs(sinPi(x))) - logGamma(1 - x);
  }
  if (x >= 15) {
    // Stirling's series: with five correction terms the error is below 1e-17 here, and it avoids
    // Lanczos' rounding in the large (x−½)·ln t − t difference
    const inv = 1 / x;
    const inv2 = inv * inv;
    const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 * (1 / 1188)))));
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series;
  }
  if (x === 1 || x === 2) return 0;
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i] / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The sign of Γ(x): +1 for x > 0, (−1)^⌈−x⌉ between the poles on the negative axis. */
export function gammaSign(x: number): number {
  if (x > 0) return 1;
  if (Number.isInteger(x)) return NaN;
  return Math.floor(x) % 2 === 0 ? 1 : -1;
}

function sinPi(x: number): number {
  const r = x - 2 * Math.round(x / 2);
  if (r === 0 || r === 1 || r === -1) return 0;
  return Math.sin(Math.PI * r);
}

/** ln B(a, b) for positive a, b. */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ψ(x) = d/dx ln Γ(x) for real x that is not a non-positive integer. */
export function digamma(x: number): number {
  if (x <= 0 && Number.isInteger(x)) return NaN;
  // reflection ψ(x) = ψ(1 − x) − π cot(πx)
  if (x < 0) return digamma(1 - x) - Math.PI / Math.tan(Math.PI * (x - Math.round(x)));
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/** Γ(n₁)·Γ(n₂)… / (Γ(d₁)·Γ(d₂)…) · exp(logFactor), through logs; 0 when a denominator sits on a pole. */
function gammaRatio(numerators: readonly number[], denominators: readonly number[], logFactor = 0): number {
  let sign = 1;
  let log = logFactor;
  for (const d of denominators) {
    if (d <= 0 && Number.isInteger(d)) return 0;
    sign *= gammaSign(d);
    log -= logGamma(d);
  }
  for (const n of numerators) {
    sign *= gammaSign(n);
    log += logGamma(n);
  }
  return sign * Math.exp(log);
}

export interface Hyp2f1Options {
  /** most series terms before giving up */
  maxTerms?: number;
}

/**
 * The power series of 2F1(a, b; c; z), summed until a term no longer changes the sum.
 * Returns NaN when it has not settled within maxTerms.
 */
function series2f1(a: number, b: number, c: number, z: number, maxTerms: number): number {
  let term = 1;
  let sum = 1;
  let quiet = 0;
  for (let n = 0; n < maxTerms; n++) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    if (term === 0) return sum;
    sum += term;
    // the tail past this term is about term·ρ/(1 − ρ) once the ratio ρ settles below 1; two quiet
    // terms in a row, because an alternating series can pass near zero
    const rho = Math.abs(ratio);
    if (rho < 1 && Math.abs(term) * (rho / (1 - rho)) <= 1e-17 * Math.abs(sum)) {
      if (++quiet >= 2) return sum;
    } else quiet = 0;
  }
  return NaN;
}

/**
 * The 1 − z transformation (Abramowitz & Stegun 15.3.6), for z near 1 where the power series crawls.
 * Needs c − a − b away from an integer, where the two Γ(±(c − a − b)) factors have poles.
 */
function transformed2f1(a: number, b: number, c: number, z: number, maxTerms: number): number {
  const d = c - a - b;
  const w = 1 - z;
  const first = gammaRatio([c, d], [c - a, c - b]);
  const second = gammaRatio([c, -d], [a, b], d * Math.log(w));
  const f1 = first === 0 ? 0 : first * series2f1(a, b, 1 - d, w, maxTerms);
  const f2 = second === 0 ? 0 : second * series2f1(c - a, c - b, d + 1, w, maxTerms);
  return f1 + f2;
}

/**
 * 2F1(a, b; a + b + m; z) for an integer m ≥ 0 and z near 1: the logarithmic limit of 15.3.6
 * (Abramowitz & Stegun 15.3.10–11). A negative m is first turned positive by Euler's transformation.
 */
function integerCase2f1(a: number, b: number, c: number, z: number, m: number, maxTerms: number): number {
  if (m < 0) return Math.pow(1 - z, m) * integerCase2f1(c - a, c - b, c, z, -m, maxTerms);
  const w = 1 - z;
  let finite = 0;
  if (m > 0) {
    const lead = gammaRatio([m, c], [a + m, b + m]);
    let term = 1;
    for (let n = 0; n < m; n++) {
      finite += term;
      term *= ((a + n) * (b + n) * w) / ((n + 1) * (1 - m + n));
    }
    finite *= lead;
  }
  const lead = gammaRatio([c], [a, b]);
  if (lead === 0) return finite;
  const logW = Math.log(w);
  // running (a+m)_n (b+m)_n w^(n+m) / (n! (n+m)!) and the digamma bracket, each by recurrence
  let coef = Math.pow(w, m) / gammaRatio([m + 1], []);
  let psiSum = -digamma(1) - digamma(m + 1) + digamma(a + m) + digamma(b + m);
  let sum = 0;
  let quiet = 0;
  for (let n = 0; n < maxTerms; n++) {
    const term = coef * (logW + psiSum);
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) {
      if (++quiet >= 2) break;
    } else quiet = 0;
    coef *= ((a + m + n) * (b + m + n) * w) / ((n + 1) * (n + m + 1));
    psiSum += -1 / (n + 1) - 1 / (n + m + 1) + 1 / (a + m + n) + 1 / (b + m + n);
  }
  return finite - (m % 2 === 0 ? 1 : -1) * lead * sum;
}

/**
 * The Gaussian hypergeometric function 2F1(a, b; c; z) for real 0 ≤ z < 1, positive a, b, c.
 * These are the arguments the BG/NBD expectations need (Fader, Hardie & Lee 2005, eqs. 9–10).
 */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  if (!(a > 0 && b > 0)) throw new Error(`hyp2f1 needs positive finite a, b, c: a=${a}, b=${b}, c=${c}`);
  return hyp2f1Real(a, b, c, z, options);
}

/**
 * 2F1(a, b; c; z) for real 0 ≤ z < 1, any finite a and b, and c > 0: the form Euler's transformation
 * leaves, where a or b may be negative.
 */
export function hyp2f1Real(a: number, b: number, c: number, z: number, {maxTerms = 2_000_000}: Hyp2f1Options = {}): number {
  if (!(Number.isFinite(a) && Number.isFinite(b) && c > 0 && Number.isFinite(c))) {
    throw new Error(`hyp2f1 needs positive finite a, b, c: a=${a}, b=${b}, c=${c}`);
  }
  if (!(z >= 0 && z < 1)) throw new Error(`hyp2f1 needs 0 <= z < 1: z=${z}`);
  if (z === 0) return 1;
  if (z <= 0.9) return series2f1(a, b, c, z, maxTerms);
  const d = c - a - b;
  const m = Math.round(d);
  const offset = d - m;
  if (Math.abs(offset) > 1e-4) return transformed2f1(a, b, c, z, maxTerms);
  // the plain series is still accurate here (its terms keep one sign from some n on); it only costs about 40/(1 − z) terms
  if (z <= 0.9999) return series2f1(a, b, c, z, maxTerms);
  const exact = integerCase2f1(a, b, c - offset, z, m, maxTerms);
  if (offset === 0) return exact;
  // c − a − b within 1e-4 of an integer: 15.3.6 would cancel two huge terms, so interpolate in c
  // quadratically through the exact integer case and 15.3.6 at c ± h, where it is still accurate
  const h = 1e-4;
  const up = transformed2f1(a, b, c - offset + h, z, maxTerms);
  const down = transformed2f1(a, b, c - offset - h, z, maxTerms);
  const s = offset / h;
  return exact + (s * (up - down)) / 2 + (s * s * (up - 2 * exact + down)) / 2;
}
