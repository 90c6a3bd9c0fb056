import {describe, expect, it} from "vitest";
import {bgNbd, bgNbdLogLikelihood, fitBgNbd, type RfmCustomer} from "../../src/clv/bgnbd.js";
import {simulateBgNbd} from "../../src/clv/simulate.js";
import {cdnowSummary} from "./cdnow.js";

const cdnow = cdnowSummary();
const fit = fitBgNbd(cdnow);

describe("BG/NBD on the CDNOW sample (2,357 customers, weeks)", () => {
  it("reproduces the published parameters and log-likelihood", () => {
    // Fader, Hardie & Lee (2005), Marketing Science 24(2): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4
    expect(fit.params.r).toBeCloseTo(0.243, 3);
    expect(fit.params.alpha).toBeCloseTo(4.414, 3);
    expect(fit.params.a).toBeCloseTo(0.793, 3);
    expect(fit.params.b).toBeCloseTo(2.426, 3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.4, 1);
    expect(fit.converged).toBe(true);
    expect(fit.n).toBe(2357);
    // the lifetimes documentation (docs/Quickstart.md) prints the fit to six decimals with standard errors
    const quickstart = {r: [0.242593, 0.012557], alpha: [4.413532, 0.378221], a: [0.792886, 0.185719], b: [2.425752, 0.705345]} as const;
    for (const key of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(fit.params[key] - quickstart[key][0])).toBeLessThan(2e-6);
      expect(Math.abs(fit.standardErrors[key] - quickstart[key][1])).toBeLessThan(2e-6);
    }
    // the log-likelihood at those parameters, summed in mpmath at 40 digits: −9582.4255605674226
    expect(bgNbdLogLikelihood({r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752}, cdnow)).toBeCloseTo(-9582.4255605674226, 9);
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(-9582.4255605674226);
  });

  it("reproduces the published conditional expectation of the paper's customer", () => {
    // FHL 2005 (and lifetimes' test against Hardie's spreadsheet): x = 2, t_x = 30.43, T = 38.86 → 1.226 in 39 weeks
    expect(Math.abs(fit.conditionalExpectedPurchases(39, {frequency: 2, recency: 30.43, T: 38.86}) - 1.226)).toBeLessThan(5e-4);
  });

  it("reproduces the unconditional E[X(t)] of Hardie's spreadsheet", () => {
    // lifetimes tests/test_estimation.py, test_expectation_returns_same_value_Hardie_excel_sheet (decimal=3)
    const times = [0.1429, 1.0, 3.0, 31.8571, 32.0, 78.0];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576];
    times.forEach((t, i) => expect(Math.abs(fit.expectedPurchases(t) - expected[i])).toBeLessThan(1.5e-3));
  });

  it("reproduces the lifetimes documentation's top five one-week predictions", () => {
    // docs/Quickstart.md, "Ranking customers from best to worst" (six decimals)
    const table: [number, number, number, number][] = [
      [18, 35.14, 35.86, 0.424877],
      [19, 34.0, 34.14, 0.474738],
      [17, 28.43, 28.86, 0.486526],
      [29, 37.71, 38.0, 0.662396],
      [26, 30.86, 31.0, 0.710623]
    ];
    for (const [frequency, recency, T, expected] of table) expect(fit.conditionalExpectedPurchases(1, {frequency, recency, T})).toBeCloseTo(expected, 5);
  });

  it("matches high-precision evaluations of P(alive), E[Y(t)] and E[X(t)]", () => {
    // mpmath (40 digits) evaluation of FHL 2005 eqs. 9, 10 and 13 at the Quickstart parameters
    const m = bgNbd({r: 0.242593, alpha: 4.413532, a: 0.792886, b: 2.425752});
    const cases: [RfmCustomer, number, number, number][] = [
      [{frequency: 2, recency: 30.43, T: 38.86}, 0.72660910245625075, 1.2259103856938939, 13.696456484721774],
      [{frequency: 1, recency: 1.71, T: 38.86}, 0.21222732345209522, 0.2032505706629422, 2.5471881243674864],
      [{frequency: 7, recency: 29.43, T: 38.86}, 0.64180061228524308, 3.337239497607732, 31.743456343317981],
      [{frequency: 0, recency: 0, T: 38.86}, 1, 0.19478091229356076, 3.1719049171185902],
      [{frequency: 26, recency: 30.86, T: 31}, 0.96891971424242181, 20.750570316549695, 168.95786462817654],
      [{frequency: 50, recency: 5, T: 100}, 2.0335273592070957e-51, 3.3659403122671481e-50, 4.3506359352851304e-49]
    ];
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    for (const [c, alive, in39, in2000] of cases) {
      expect(rel(m.probabilityAlive(c), alive)).toBeLessThan(1e-12);
      expect(rel(m.conditionalExpectedPurchases(39, c), in39)).toBeLessThan(1e-11);
      expect(rel(m.conditionalExpectedPurchases(2000, c), in2000)).toBeLessThan(1e-11);
    }
    const unconditional: [number, number][] = [
      [1, 0.053184755359877464],
      [39, 1.1950165244955512],
      [78, 1.8579721052041321],
      [1000, 6.5730967816896714],
      [100000, 29.590160584783541]
    ];
    for (const [t, expected] of unconditional) expect(rel(m.expectedPurchases(t), expected)).toBeLessThan(1e-11);
    // heavy buyers, where the textbook form's power and 2F1 over- and underflow
    const heavy: [number, number, number, number, number][] = [
      [500, 90, 100, 1000, 1.2949261439660819e-16],
      [200, 0.5, 1, 100000, 0.0061478647695806476],
      [3000, 999, 1000, 10, 29.598205489184374]
    ];
    for (const [frequency, recency, T, t, expected] of heavy) expect(rel(m.conditionalExpectedPurchases(t, {frequency, recency, T}), expected)).toBeLessThan(1e-11);
  });

  it("gives finite, non-negative expectations that grow with t across extreme histories", () => {
    for (const x of [0, 1, 5, 50, 200, 1000, 3000]) {
      for (const T of [0, 1, 10, 100, 1000]) {
        for (const tx of x === 0 ? [0] : [0, T / 2, T]) {
          let previous = 0;
          for (const t of [0.01, 1, 10, 100, 1000, 1e5]) {
            const v = fit.conditionalExpectedPurchases(t, {frequency: x, recency: tx, T});
            expect(Number.isFinite(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(previous * (1 - 1e-12));
            previous = v;
          }
        }
      }
    }
  });

  it("stays smooth through a = 1, where the expectations' closed forms are 0/0", () => {
    const at = (a: number) => bgNbd({r: 0.5, alpha: 5, a, b: 3});
    const c = {frequency: 3, recency: 20, T: 30};
    for (const f of [(m: ReturnType<typeof at>) => m.expectedPurchases(40), (m: ReturnType<typeof at>) => m.conditionalExpectedPurchases(40, c)]) {
      const [below, exact, above] = [at(1 - 1e-3), at(1), at(1 + 1e-3)].map(f);
      expect(Number.isFinite(exact)).toBe(true);
      expect(Math.abs(exact - (below + above) / 2)).toBeLessThan(1e-6 * exact);
      expect(Math.abs(f(at(1 + 3e-6)) - exact)).toBeLessThan(1e-5 * exact);
    }
  });

  it("reproduces R BTYD's P(X(t) = n)", () => {
    // lifetimes tests/test_estimation.py, test_probability_of_n_purchases_up_to_time_same_as_R_BTYD
    const m = bgNbd({r: 0.243, alpha: 4.414, a: 0.793, b: 2.426});
    expect(m.probabilityOfPurchases(2, 10)).toBeCloseTo(1.07869e-7, 11);
    expect(m.probabilityOfPurchases(39, 0)).toBeCloseTo(0.5737864, 7);
    const pmf = [0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913, 0.0003467171, 0.0002769613, 0.000222226];
    pmf.forEach((p, i) => expect(m.probabilityOfPurchases(30, 11 + i)).toBeCloseTo(p, 9));
    let total = 0;
    for (let n = 0; n < 400; n++) total += m.probabilityOfPurchases(30, n);
    expect(total).toBeCloseTo(1, 12);
  });

  it("keeps P(alive) in [0, 1], 1 without repeat purchases, 0 (not NaN) for extreme histories", () => {
    expect(fit.probabilityAlive({frequency: 0, recency: 0, T: 1})).toBe(1);
    for (let x = 0; x < 100; x += 10) {
      for (let tx = 0; tx < 100; tx += 10) {
        for (let T = tx; T < 100; T += 10) {
          const p = fit.probabilityAlive({frequency: x, recency: x === 0 ? 0 : tx, T});
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
        }
      }
    }
    expect(fit.probabilityAlive({frequency: 1000, recency: 10, T: 100})).toBe(0);
    expect(fit.conditionalExpectedPurchases(10, {frequency: 1000, recency: 10, T: 100})).toBe(0);
  });

  it("shrinks every parameter under the L2 penalty", () => {
    const light = fitBgNbd(cdnow, {penalizerCoef: 0.1});
    const heavy = fitBgNbd(cdnow, {penalizerCoef: 10});
    for (const key of ["r", "alpha", "a", "b"] as const) {
      expect(light.params[key]).toBeLessThan(fit.params[key]);
      expect(heavy.params[key]).toBeLessThan(light.params[key]);
    }
  });

  it("gives the same fit in another time unit, α rescaled", () => {
    const days = fitBgNbd(cdnow.map((c) => ({frequency: c.frequency, recency: c.recency * 7, T: c.T * 7})));
    expect(days.params.r).toBeCloseTo(fit.params.r, 6);
    expect(days.params.alpha / 7).toBeCloseTo(fit.params.alpha, 5);
    expect(days.params.a).toBeCloseTo(fit.params.a, 5);
    expect(days.params.b).toBeCloseTo(fit.params.b, 5);
    // the density of t_x picks up ln 7 per repeat purchase
    const repeats = cdnow.reduce((s, c) => s + c.frequency, 0);
    expect(days.logLikelihood + repeats * Math.log(7)).toBeCloseTo(fit.logLikelihood, 6);
  });
});

describe("BG/NBD fitting mechanics", () => {
  it("is deterministic: two fits are bit-identical", () => {
    const again = fitBgNbd(cdnow);
    expect(again.params).toEqual(fit.params);
    expect(Object.is(again.logLikelihood, fit.logLikelihood)).toBe(true);
    expect(again.iterations).toBe(fit.iterations);
  });

  it("gives the same fit grouped, ungrouped, and from pre-grouped weighted triples", () => {
    const ungrouped = fitBgNbd(cdnow, {group: false});
    expect(fit.groups).toBeLessThan(cdnow.length);
    expect(ungrouped.groups).toBe(cdnow.length);
    const counts = new Map<string, {frequency: number; recency: number; T: number; weight: number}>();
    for (const c of cdnow) {
      const key = `${c.frequency}|${c.recency}|${c.T}`;
      const row = counts.get(key);
      if (row) row.weight++;
      else counts.set(key, {frequency: c.frequency, recency: c.recency, T: c.T, weight: 1});
    }
    const weighted = fitBgNbd([...counts.values()]);
    expect(weighted.n).toBe(2357);
    for (const other of [ungrouped, weighted]) {
      for (const key of ["r", "alpha", "a", "b"] as const) expect(Math.abs(other.params[key] / fit.params[key] - 1)).toBeLessThan(1e-6);
      expect(other.logLikelihood).toBeCloseTo(fit.logLikelihood, 8);
    }
  });

  it("sums per-customer log-likelihoods to the total", () => {
    const total = cdnow.reduce((s, c) => s + fit.customerLogLikelihood(c), 0);
    expect(total).toBeCloseTo(fit.logLikelihood, 8);
  });

  it("recovers planted parameters and the share of dead customers", () => {
    // 4,000 simulated customers aged 26–78 weeks. Tolerance: every estimate within 4 of its own standard
    // errors (over 60 seeds the z-scores had sd 0.95–1.07, the largest |z| 3.4), and the simulated share
    // of customers dead by T matched by mean(1 − P(alive)) within 0.03 (over 60 seeds the gap had sd 0.006)
    const truth = {r: 0.5, alpha: 5, a: 0.8, b: 3};
    const customers = simulateBgNbd(truth, {customers: 4000, seed: 7, minT: 26, maxT: 78});
    const planted = fitBgNbd(customers);
    expect(planted.converged).toBe(true);
    for (const key of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(planted.params[key] - truth[key])).toBeLessThan(4 * planted.standardErrors[key]);
    }
    expect(Math.abs(planted.params.r / truth.r - 1)).toBeLessThan(0.15);
    expect(Math.abs(planted.params.alpha / truth.alpha - 1)).toBeLessThan(0.15);
    const dead = customers.filter((c) => !c.alive).length / customers.length;
    const predicted = customers.reduce((s, c) => s + 1 - planted.probabilityAlive(c), 0) / customers.length;
    expect(dead).toBeGreaterThan(0.2);
    expect(Math.abs(predicted - dead)).toBeLessThan(0.03);
  });
});

describe("BG/NBD validation names the bad input", () => {
  const ok = {frequency: 1, recency: 2, T: 3};
  const cases: [string, unknown, string][] = [
    ["negative frequency", {frequency: -1, recency: 0, T: 3}, "invalid customer 1: frequency -1 is negative"],
    ["negative recency", {frequency: 1, recency: -2, T: 3}, "invalid customer 1: recency -2 is negative"],
    ["negative T", {frequency: 0, recency: 0, T: -1}, "invalid customer 1: T -1 is negative"],
    ["non-finite T", {frequency: 0, recency: 0, T: Infinity}, "invalid customer 1: T Infinity is not a finite number"],
    ["NaN recency", {frequency: 1, recency: NaN, T: 3}, "invalid customer 1: recency NaN is not a finite number"],
    ["string frequency", {frequency: "2", recency: 1, T: 3}, "invalid customer 1: frequency 2 is not a finite number"],
    ["recency > T", {frequency: 3, recency: 40, T: 38.9}, "invalid customer 1: recency 40 > T 38.9"],
    ["frequency 0 with recency", {frequency: 0, recency: 4, T: 10}, "invalid customer 1: frequency 0 with recency 4 > 0"],
    ["non-integer frequency", {frequency: 1.5, recency: 1, T: 3}, "invalid customer 1: frequency 1.5 is not a whole number"],
    ["bad weight", {frequency: 1, recency: 1, T: 3, weight: 0}, "invalid customer 1: weight 0 is not a positive finite number"],
    ["not an object", null, "invalid customer 1: not an object (null)"]
  ];
  it.each(cases)("%s", (_, bad, message) => {
    expect(() => fitBgNbd([ok, bad as RfmCustomer])).toThrow(message);
  });
  it("rejects empty input, all-zero ages, bad options and bad parameters", () => {
    expect(() => fitBgNbd([])).toThrow("no customers to fit");
    expect(() => fitBgNbd([{frequency: 0, recency: 0, T: 0}])).toThrow("every customer has T = 0");
    expect(() => fitBgNbd([ok], {penalizerCoef: -1})).toThrow("invalid penalizerCoef: -1");
    expect(() => bgNbd({r: 1, alpha: 0, a: 1, b: 1})).toThrow("invalid BG/NBD parameter alpha: 0");
    expect(() => fit.expectedPurchases(-1)).toThrow("invalid time t: -1");
    expect(() => fit.conditionalExpectedPurchases(1, {frequency: 2, recency: 5, T: 4})).toThrow("invalid customer: recency 5 > T 4");
    expect(() => fit.probabilityOfPurchases(1, 0.5)).toThrow("invalid purchase count n: 0.5");
  });
});
