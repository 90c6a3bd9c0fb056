import {describe, expect, it} from "vitest";
import {digamma, gammaSign, hyp2f1, hyp2f1Real, logBeta, logGamma} from "../../src/clv/special.js";

// reference values: mpmath 1.3 at 40 significant digits (loggamma, digamma, hyp2f1)
describe("logGamma", () => {
  const cases: [number, number][] = [
    [1e-8, 18.420680738180208905],
    [0.1, 2.2527126517342059599],
    [0.5, 0.57236494292470008707],
    [1.5, -0.12078223763524522235],
    [2.5, 0.28468287047291915963],
    [7.3, 7.1478925230222490328],
    [14.999, 25.188546870546926425],
    [15, 25.1912211827386815],
    [20.5, 40.83150097453079811],
    [171.5, 709.14316303092824227],
    [1e6, 12815504.56914761166]
  ];
  it.each(cases)("lnΓ(%s) to 1e-14 relative", (x, expected) => {
    expect(Math.abs(logGamma(x) - expected)).toBeLessThanOrEqual(1e-14 * Math.abs(expected));
  });
  it("is exactly 0 at 1 and 2 and matches ln n! for whole numbers", () => {
    expect(logGamma(1)).toBe(0);
    expect(logGamma(2)).toBe(0);
    let logFactorial = 0;
    for (let n = 2; n <= 30; n++) {
      logFactorial += Math.log(n);
      expect(logGamma(n + 1)).toBeCloseTo(logFactorial, 12);
    }
  });
  it("uses the reflection formula below 1/2 (Γ(−0.5) = −2√π)", () => {
    expect(logGamma(-0.5)).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 14);
    expect(gammaSign(-0.5)).toBe(-1);
    expect(gammaSign(-1.5)).toBe(1);
    expect(logGamma(0)).toBe(Infinity);
    expect(logGamma(-3)).toBe(Infinity);
  });
  it("gives ln B(a, b)", () => {
    expect(logBeta(2, 3)).toBeCloseTo(Math.log(1 / 12), 14);
    expect(logBeta(0.5, 0.5)).toBeCloseTo(Math.log(Math.PI), 14);
  });
});

describe("digamma", () => {
  const cases: [number, number][] = [
    [1e-3, -1000.5755719318103005],
    [0.5, -1.9635100260214234794],
    [1, -0.57721566490153286061],
    [2.5, 0.70315664064524318723],
    [12.7, 2.5017155664193376272],
    [-0.5, 0.036489973978576520559],
    [-2.3, 3.3173231575618201233]
  ];
  it.each(cases)("ψ(%s) to 1e-13", (x, expected) => {
    expect(Math.abs(digamma(x) - expected)).toBeLessThanOrEqual(1e-13 * Math.max(1, Math.abs(expected)));
  });
});

describe("hyp2f1", () => {
  const cases: [number, number, number, number, number][] = [
    [0.243, 2.426, 2.219, 0.5, 1.2070970070440422566],
    [0.243, 2.426, 2.219, 0.9, 1.9476311698186018571],
    [0.243, 2.426, 2.219, 0.99, 4.3752613674085372013],
    [0.243, 2.426, 2.219, 0.999999, 233.33324907341471771],
    [2.243, 4.426, 4.219, 0.95, 1344.3402781759898863],
    [2.5, 3.5, 7.0, 0.9999999, 18.625456072110279788],
    [0.5, 0.5, 1.5, 0.999, 1.5399384391655189311],
    [3.0, 2.0, 4.0, 0.9999995, 5999921.9484240901438],
    [1.7, 0.4, 1.1, 0.99999, 47204.310404091020744],
    [5.2, 7.1, 12.3, 0.99, 2222.9375956952136028],
    [0.3, 0.2, 0.500001, 0.999999, 2.7686107652759162095]
  ];
  it.each(cases)("2F1(%s, %s; %s; %s) to 1e-11 relative", (a, b, c, z, expected) => {
    expect(Math.abs(hyp2f1(a, b, c, z) - expected)).toBeLessThanOrEqual(1e-11 * Math.abs(expected));
  });
  // c − a − b within 1e-4 of an integer and z near 1: the interpolated branch is less exact
  const nearInteger: [number, number, number, number, number][] = [
    [1, 1, 2.00001, 0.99995, 9.9035749396902938664],
    [1, 1, 2.00001, 0.99999, 11.512476554176579115],
    [1, 1, 1.99997, 0.99999, 11.514732965433666005],
    [1, 1, 2.00005, 0.999999999, 20.713486710507949055]
  ];
  it.each(nearInteger)("2F1(%s, %s; %s; %s) to 5e-10 relative", (a, b, c, z, expected) => {
    expect(Math.abs(hyp2f1(a, b, c, z) - expected)).toBeLessThanOrEqual(5e-10 * Math.abs(expected));
  });
  // negative a or b: the Euler-transformed form the BG/NBD expectations use
  const negative: [number, number, number, number, number][] = [
    [-0.207, 2.2, 3.0, 0.95, 0.74833477371491394004],
    [1.976, -0.207, 2.2, 0.99999, 0.45072313878179858215],
    [1.976, -0.207, 52.2, 0.5, 0.99603763506182598561],
    [-0.5, 0.5, 1.0, 0.999999, 0.63662225329149597792],
    [-0.5, 0.5, 1.00001, 0.999999, 0.63662717150129120657],
    [-1.3, -0.2, 0.7, 0.99, 1.3354399498007539039]
  ];
  it.each(negative)("2F1(%s, %s; %s; %s) with a negative parameter to 5e-10 relative", (a, b, c, z, expected) => {
    expect(Math.abs(hyp2f1Real(a, b, c, z) - expected)).toBeLessThanOrEqual(5e-10 * Math.abs(expected));
  });
  it("matches closed forms, including z close to 1 and c − a − b an integer", () => {
    for (const z of [0.1, 0.5, 0.9, 0.99, 0.9999, 1 - 1e-6, 1 - 1e-9, 1 - 1e-12]) {
      const log = -Math.log1p(-z) / z; // 2F1(1, 1; 2; z), c − a − b = 0
      expect(Math.abs(hyp2f1(1, 1, 2, z) - log)).toBeLessThanOrEqual(1e-12 * log);
      const power = Math.pow(1 - z, -0.3); // 2F1(a, b; b; z) = (1 − z)^−a
      expect(Math.abs(hyp2f1(0.3, 1.7, 1.7, z) - power)).toBeLessThanOrEqual(1e-13 * power);
      const x = Math.sqrt(z); // 2F1(½, ½; 3/2; x²) = asin(x)/x, asin via atan2 to stay well conditioned near 1
      expect(Math.abs(hyp2f1(0.5, 0.5, 1.5, z) - Math.atan2(x, Math.sqrt(1 - z)) / x)).toBeLessThanOrEqual(1e-13);
    }
    // 2F1(1, 2; 2; z) = 1/(1 − z): c − a − b = −1, the Euler-transformed integer case
    const z = 1 - 1e-7;
    expect(Math.abs(hyp2f1(1, 2, 2, z) * (1 - z) - 1)).toBeLessThanOrEqual(1e-13);
    expect(hyp2f1(2, 3, 4, 0)).toBe(1);
  });
  it("names invalid arguments", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow("z=1");
    expect(() => hyp2f1(1, -1, 2, 0.5)).toThrow("b=-1");
    expect(() => hyp2f1(1, 1, 2, NaN)).toThrow("z=NaN");
  });
});
