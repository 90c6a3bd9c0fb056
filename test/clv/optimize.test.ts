import {describe, expect, it} from "vitest";
import {hessianFromGradient, invertSpd, minimizeBfgs} from "../../src/clv/optimize.js";

describe("minimizeBfgs", () => {
  it("finds the Rosenbrock minimum", () => {
    const fg = ([x, y]: number[]) => ({
      f: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
      g: [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)]
    });
    const result = minimizeBfgs(fg, [-1.2, 1]);
    expect(result.converged).toBe(true);
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
  });

  it("steps back from points where the objective is not finite", () => {
    const fg = ([x]: number[]) => ({f: x > 3 ? NaN : (x - 2) ** 2, g: [2 * (x - 2)]});
    const result = minimizeBfgs(fg, [-10], {maxStep: 100});
    expect(result.x[0]).toBeCloseTo(2, 8);
  });

  it("names a start point where the objective is not finite", () => {
    expect(() => minimizeBfgs(() => ({f: NaN, g: [0]}), [1])).toThrow("objective is not finite at the start point [1]");
  });
});

describe("invertSpd and hessianFromGradient", () => {
  it("invert a positive-definite matrix and refuse an indefinite one", () => {
    const inv = invertSpd([[4, 1], [1, 3]]);
    expect(inv).not.toBeNull();
    const [[a, b], [c, d]] = inv as number[][];
    expect([a, b, c, d].map((v) => v * 11)).toEqual([3, -1, -1, 4].map((v) => expect.closeTo(v, 12)));
    expect(invertSpd([[1, 2], [2, 1]])).toBeNull();
  });
  it("differentiates a gradient", () => {
    const h = hessianFromGradient(([x, y]) => [2 * x + y, x + 6 * y], [0.3, -0.2]);
    expect(h[0][0]).toBeCloseTo(2, 8);
    expect(h[0][1]).toBeCloseTo(1, 8);
    expect(h[1][1]).toBeCloseTo(6, 8);
  });
});
