/**
 * Fit-time benchmark: a deterministic synthetic cohort of 700,000 customers in days, both models fitted.
 * Run: npx tsx test/clv/bench.ts [customers] [--ungrouped]
 */
import {customerLifetimeValue, fitBgNbd, fitGammaGamma, simulateBgNbd, simulateGammaGammaSpend} from "../../src/clv/index.js";

const n = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 700_000);
const ungrouped = process.argv.includes("--ungrouped");
const truth = {r: 0.6, alpha: 40, a: 0.8, b: 2.5};
const spendTruth = {p: 6, q: 4, gamma: 60};

const time = <T>(label: string, f: () => T): T => {
  const start = performance.now();
  const out = f();
  console.log(`${label}: ${((performance.now() - start) / 1000).toFixed(2)} s`);
  return out;
};

console.log(`node ${process.version}, ${n.toLocaleString("en")} customers, first purchases over two years, times in whole days`);
const customers = time("simulate BG/NBD", () => simulateBgNbd(truth, {customers: n, seed: 2024, minT: 0, maxT: 730, wholeUnits: true}));
const frequencies = customers.map((c) => c.frequency);
const monetary = time("simulate spend", () => simulateGammaGammaSpend(spendTruth, frequencies, {seed: 2024}));
const rows = customers.map((c, i) => ({frequency: c.frequency, recency: c.recency, T: c.T, monetary: monetary[i]}));
const repeaters = rows.filter((c) => c.frequency > 0);
console.log(`repeat buyers: ${repeaters.length.toLocaleString("en")}, dead by T: ${(customers.filter((c) => !c.alive).length / n).toFixed(4)}`);

const bg = time("fitBgNbd", () => fitBgNbd(rows));
console.log(`  groups ${bg.groups.toLocaleString("en")}, iterations ${bg.iterations}, evaluations ${bg.evaluations}, converged ${bg.converged}`);
console.log(`  params ${JSON.stringify(bg.params)} (planted ${JSON.stringify(truth)}), LL ${bg.logLikelihood.toFixed(1)}`);
if (ungrouped) {
  const flat = time("fitBgNbd {group: false}", () => fitBgNbd(rows, {group: false}));
  console.log(`  iterations ${flat.iterations}, params ${JSON.stringify(flat.params)}`);
}
const gg = time("fitGammaGamma", () => fitGammaGamma(repeaters));
console.log(`  groups ${gg.groups.toLocaleString("en")}, iterations ${gg.iterations}, converged ${gg.converged}`);
console.log(`  params ${JSON.stringify(gg.params)} (planted ${JSON.stringify(spendTruth)})`);
const clv = time("customerLifetimeValue (12 months)", () => customerLifetimeValue(bg, gg, rows, {horizonMonths: 12, monthlyDiscountRate: 0.01, unitsPerMonth: 30}));
console.log(`  total CLV ${clv.reduce((s, r) => s + r.clv, 0).toFixed(0)}, mean P(alive) ${(clv.reduce((s, r) => s + r.pAlive, 0) / n).toFixed(4)}`);
