/** A small quasi-Newton minimiser for the models' smooth, low-dimensional likelihoods. */

export interface ValueAndGradient {
  f: number;
  g: number[];
}

/** What a maximum-likelihood fit of the CLV models reports beside its model. */
export interface LikelihoodFit<P> {
  /** the total log-likelihood over all customers (weights counted), in the input's time unit */
  readonly logLikelihood: number;
  /** customers fitted (sum of weights) */
  readonly n: number;
  /** distinct rows the likelihood was summed over */
  readonly groups: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  /** largest gradient component of the mean negative log-likelihood in log-parameters at the end */
  readonly gradientNorm: number;
  /** asymptotic standard errors from the observed information (NaN if it is not positive definite) */
  readonly standardErrors: P;
  readonly penalizerCoef: number;
}

export interface BfgsOptions {
  maxIterations?: number;
  /** stop when every gradient component is at most this */
  gradientTolerance?: number;
  /**
   * when the objective stops decreasing in floating point before that, still report convergence if
   * every gradient component is at most this
   */
  stallTolerance?: number;
  /** the largest step along any coordinate in one iteration */
  maxStep?: number;
}

export interface BfgsResult {
  x: number[];
  f: number;
  gradient: number[];
  iterations: number;
  evaluations: number;
  converged: boolean;
}

const infNorm = (v: readonly number[]) => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
const dot = (u: readonly number[], v: readonly number[]) => u.reduce((s, x, i) => s + x * v[i], 0);

/**
 * BFGS with an Armijo backtracking line search; deterministic. `fg` returns the objective and its
 * gradient; a non-finite objective is treated as outside the domain and the step is shortened.
 */
export function minimizeBfgs(fg: (x: number[]) => ValueAndGradient, x0: readonly number[], {maxIterations = 500, gradientTolerance = 1e-9, stallTolerance = 1e-6, maxStep = 2}: BfgsOptions = {}): BfgsResult {
  const n = x0.length;
  let x = x0.slice();
  let {f, g} = fg(x);
  let evaluations = 1;
  if (!Number.isFinite(f) || !g.every(Number.isFinite)) throw new Error(`objective is not finite at the start point [${x.join(", ")}]: ${f}`);
  let h = identity(n);
  let scaled = false;
  let iterations = 0;
  let converged = infNorm(g) <= gradientTolerance;
  let stalled = 0;
  while (!converged && iterations < maxIterations) {
    iterations++;
    let p = h.map((row) => -dot(row, g));
    let slope = dot(p, g);
    if (!(slope < 0)) {
      // the curvature estimate went bad: restart from steepest descent
      h = identity(n);
      scaled = false;
      p = g.map((v) => -v);
      slope = dot(p, g);
    }
    const longest = infNorm(p);
    let step = longest > maxStep ? maxStep / longest : 1;
    if (-slope * step <= Number.EPSILON * Math.abs(f) && scaled) {
      // the quasi-Newton step promises less than f's rounding: no line search could see progress
      converged = infNorm(g) <= stallTolerance;
      break;
    }
    let next: ValueAndGradient | null = null;
    let xNext = x;
    for (let k = 0; k < 30; k++) {
      xNext = x.map((v, i) => v + step * p[i]);
      const trial = fg(xNext);
      evaluations++;
      if (Number.isFinite(trial.f) && trial.g.every(Number.isFinite) && trial.f <= f + 1e-4 * step * slope) {
        next = trial;
        break;
      }
      step *= k < 2 ? 0.1 : 0.5;
    }
    if (next === null) {
      // no step along a descent direction lowers f any more: the floor of floating point
      converged = infNorm(g) <= stallTolerance;
      break;
    }
    const s = xNext.map((v, i) => v - x[i]);
    const y = next.g.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    const decrease = f - next.f;
    x = xNext;
    f = next.f;
    g = next.g;
    if (infNorm(g) <= gradientTolerance) {
      converged = true;
      break;
    }
    if (decrease <= 1e-16 * Math.abs(f)) {
      if (++stalled >= 3) {
        converged = infNorm(g) <= stallTolerance;
        break;
      }
    } else stalled = 0;
    if (sy > 1e-300) {
      if (!scaled) {
        // Shanno–Phua scaling of the first inverse Hessian guess, so the unit step is about right
        const gamma = sy / dot(y, y);
        h = h.map((row) => row.map((v) => v * gamma));
        scaled = true;
      }
      const hy = h.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      const rho = 1 / sy;
      const coef = (1 + rho * yhy) * rho;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) h[i][j] += coef * s[i] * s[j] - rho * (hy[i] * s[j] + s[i] * hy[j]);
      }
    }
  }
  return {x, f, gradient: g, iterations, evaluations, converged};
}

function identity(n: number): number[][] {
  return Array.from({length: n}, (_, i) => Array.from({length: n}, (_, j) => (i === j ? 1 : 0)));
}

/** Inverse of a small symmetric positive-definite matrix by Cholesky; null when it is not positive definite. */
export function invertSpd(m: readonly (readonly number[])[]): number[][] | null {
  const n = m.length;
  const l = Array.from({length: n}, () => Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) return null;
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  const inv = Array.from({length: n}, () => Array<number>(n).fill(0));
  for (let col = 0; col < n; col++) {
    const z = Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= l[i][k] * z[k];
      z[i] = s / l[i][i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = z[i];
      for (let k = i + 1; k < n; k++) s -= l[k][i] * inv[k][col];
      inv[i][col] = s / l[i][i];
    }
  }
  return inv;
}

/** Symmetrised central-difference Hessian from an analytic gradient. */
export function hessianFromGradient(grad: (x: number[]) => number[], x: readonly number[], h = 1e-5): number[][] {
  const n = x.length;
  const cols: number[][] = [];
  for (let j = 0; j < n; j++) {
    const up = grad(x.map((v, i) => (i === j ? v + h : v)));
    const down = grad(x.map((v, i) => (i === j ? v - h : v)));
    cols.push(up.map((u, i) => (u - down[i]) / (2 * h)));
  }
  return Array.from({length: n}, (_, i) => Array.from({length: n}, (_, j) => (cols[j][i] + cols[i][j]) / 2));
}
