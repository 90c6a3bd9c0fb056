export interface NelderMeadOptions {
  /** initial simplex step per coordinate */
  step?: number;
  maxIterations?: number;
  tolerance?: number;
}

export interface NelderMeadResult {
  x: number[];
  fx: number;
  iterations: number;
}

/** Nelder–Mead simplex minimisation (standard coefficients 1, 2, 0.5, 0.5); deterministic. */
export function nelderMead(f: (x: number[]) => number, x0: readonly number[], {step = 0.5, maxIterations = 400, tolerance = 1e-10}: NelderMeadOptions = {}): NelderMeadResult {
  const n = x0.length;
  let simplex = [x0.slice(), ...x0.map((_, i) => x0.map((v, j) => (i === j ? v + step : v)))];
  let values = simplex.map(f);
  let it = 0;
  for (; it < maxIterations; it++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[n] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance)) break;
    const centroid = Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] += simplex[i][j] / n;
    const along = (t: number) => centroid.map((c, j) => c + t * (simplex[n][j] - c));
    const xr = along(-1);
    const fr = f(xr);
    if (fr < values[0]) {
      const xe = along(-2);
      const fe = f(xe);
      [simplex[n], values[n]] = fe < fr ? [xe, fe] : [xr, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [xr, fr];
    } else {
      const xc = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = f(xc);
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [xc, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((v, j) => simplex[0][j] + 0.5 * (v - simplex[0][j]));
          values[i] = f(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return {x: simplex[best], fx: values[best], iterations: it};
}
