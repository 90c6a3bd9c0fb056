import {describe, expect, it} from "vitest";
import {simulateBgNbd, simulateGammaGammaSpend} from "../../src/clv/simulate.js";

const params = {r: 0.5, alpha: 5, a: 0.8, b: 3};

describe("simulateBgNbd", () => {
  it("is deterministic per seed and yields valid summaries", () => {
    const one = simulateBgNbd(params, {customers: 500, seed: 11, minT: 10, maxT: 50});
    expect(simulateBgNbd(params, {customers: 500, seed: 11, minT: 10, maxT: 50})).toEqual(one);
    expect(simulateBgNbd(params, {customers: 500, seed: 12, minT: 10, maxT: 50})).not.toEqual(one);
    for (const c of one) {
      expect(Number.isInteger(c.frequency)).toBe(true);
      expect(c.recency).toBeLessThanOrEqual(c.T);
      expect(c.T).toBeGreaterThanOrEqual(10);
      expect(c.T).toBeLessThanOrEqual(50);
      if (c.frequency === 0) {
        expect(c.recency).toBe(0);
        expect(c.alive).toBe(true);
      }
    }
  });

  it("records whole days when asked", () => {
    const days = simulateBgNbd({r: 0.5, alpha: 30, a: 0.8, b: 3}, {customers: 500, seed: 1, minT: 0, maxT: 365, wholeUnits: true});
    for (const c of days) {
      expect(Number.isInteger(c.T) && Number.isInteger(c.recency)).toBe(true);
      expect(c.frequency).toBeLessThanOrEqual(c.recency);
    }
  });

  it("draws mean spends around the Gamma-Gamma population mean", () => {
    const frequencies = Array.from({length: 20_000}, () => 3);
    const spend = simulateGammaGammaSpend({p: 6, q: 4, gamma: 15}, frequencies, {seed: 2});
    expect(spend).toEqual(simulateGammaGammaSpend({p: 6, q: 4, gamma: 15}, frequencies, {seed: 2}));
    const mean = spend.reduce((s, v) => s + v, 0) / spend.length;
    expect(mean).toBeGreaterThan(30 * 0.95);
    expect(mean).toBeLessThan(30 * 1.05);
  });
});
