/** Seeded simulation of customers from the BG/NBD and Gamma-Gamma models, for tests and benchmarks. */

import {Rng} from "../synth/prng.js";
import type {BgNbdParams, RfmCustomer} from "./bgnbd.js";
import type {GammaGammaParams} from "./gammagamma.js";

export interface SimulatedCustomer extends RfmCustomer {
  /** the customer's purchase rate λ and dropout probability p */
  lambda: number;
  p: number;
  /** whether the customer had not dropped out by T */
  alive: boolean;
}

export interface SimulateBgNbdOptions {
  customers: number;
  seed?: number;
  /** ages T drawn uniformly from [minT, maxT] */
  minT: number;
  maxT: number;
  /**
   * record times in whole units (e.g. days): T is a whole number, a purchase at time s falls on unit
   * ⌊s⌋, and purchases on one unit count once, as in a daily transaction summary
   */
  wholeUnits?: boolean;
}

function beta(rng: Rng, a: number, b: number): number {
  const x = rng.gamma(a);
  const y = rng.gamma(b);
  return x / (x + y);
}

/**
 * Customers from the BG/NBD story (Fader, Hardie & Lee 2005, §3): Poisson purchases at rate
 * λ ~ Gamma(r, α) while alive, dropout with probability p ~ Beta(a, b) after each repeat purchase.
 */
export function simulateBgNbd(params: BgNbdParams, {customers, seed = 1, minT, maxT, wholeUnits = false}: SimulateBgNbdOptions): SimulatedCustomer[] {
  const {r, alpha, a, b} = params;
  if (!Number.isInteger(customers) || customers < 1) throw new Error(`invalid customers: ${customers} (must be a whole number >= 1)`);
  if (!(minT >= 0 && maxT >= minT && Number.isFinite(maxT))) throw new Error(`invalid age range: minT ${minT}, maxT ${maxT}`);
  const rng = new Rng(seed, "bgnbd");
  const out: SimulatedCustomer[] = [];
  for (let i = 0; i < customers; i++) {
    const lambda = rng.gamma(r) / alpha;
    const p = beta(rng, a, b);
    const T = wholeUnits ? Math.floor(minT + (maxT - minT + 1) * rng.next()) : minT + (maxT - minT) * rng.next();
    let time = 0;
    let frequency = 0;
    let recency = 0;
    let alive = true;
    for (;;) {
      time += rng.exponential(1 / lambda);
      if (!(time <= T)) break;
      const at = wholeUnits ? Math.floor(time) : time;
      if (at > recency || !wholeUnits) {
        frequency++;
        recency = at;
      }
      if (rng.chance(p)) {
        alive = false;
        break;
      }
    }
    out.push({frequency, recency, T, lambda, p, alive});
  }
  return out;
}

/**
 * Mean repeat-transaction values m̄ for customers with the given frequencies (Fader & Hardie 2013):
 * each customer's ν ~ Gamma(q, γ), the mean of x values Gamma(p, ν) is Gamma(px, xν). 0 when x = 0.
 */
export function simulateGammaGammaSpend(params: GammaGammaParams, frequencies: readonly number[], {seed = 1}: {seed?: number} = {}): number[] {
  const {p, q, gamma} = params;
  const rng = new Rng(seed, "gamma-gamma");
  return frequencies.map((x) => {
    const nu = rng.gamma(q) / gamma;
    return x > 0 ? rng.gamma(p * x) / (nu * x) : 0;
  });
}
