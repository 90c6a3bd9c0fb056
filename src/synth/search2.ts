/**
 * 03.Search2: daily search volume per keyword across all visitors. A keyword's daily volume is
 * Poisson around its popularity times its category's demand that day (softened), so searches
 * follow purchases; only keyword-days with at least one search become rows.
 */
import type {DemandModel} from "./demand.js";
import type {Vocabulary} from "./keywords.js";
import {Rng} from "./prng.js";

export interface Search2Row {
  /** YYYYMMDD */
  sessDt: number;
  keyword: string;
  count: number;
}

export interface Search2Options {
  seed: number;
  demand: DemandModel;
  vocabulary: Vocabulary;
  /** expected number of rows over the period */
  rows: number;
}

/** On a few days the top keywords spike to four digits (at every scale, so the thousands separator always shows up). */
const SPIKE_VOLUME = 1300;
const HOSTILE_RATE = 0.03;

export class Search2Model {
  /** expected searches per day of each keyword at category factor 1 */
  readonly rate: Float64Array;
  private readonly factor: Float64Array[];
  private readonly plantedDays = new Map<number, Set<number>>();
  private readonly spikeDays = new Map<number, Set<number>>();

  constructor(private readonly options: Search2Options) {
    const {demand, vocabulary, rows, seed} = options;
    const n = demand.dates.length;
    this.factor = demand.expected.map((e) => {
      const mean = e.reduce((a, b) => a + b, 0) / n;
      return e.map((v) => Math.pow(v / mean, 0.6));
    });
    const w = vocabulary.weight;
    const expectedRows = (scale: number) => {
      let s = 0;
      for (let k = 0; k < w.length; k++) s += 1 - Math.exp(-scale * w[k]);
      return s * n;
    };
    let lo = 1e-9, hi = 1e9;
    for (let it = 0; it < 80; it++) {
      const mid = Math.sqrt(lo * hi);
      if (expectedRows(mid) < rows) lo = mid;
      else hi = mid;
    }
    this.rate = Float64Array.from(w, (x) => x * lo);
    const rng = new Rng(seed, "search2-setup");
    const top = Array.from(this.rate.keys()).sort((a, b) => this.rate[b] - this.rate[a] || a - b).slice(0, 2);
    for (const k of top) this.spikeDays.set(k, new Set([rng.int(n), rng.int(n)]));
    for (const k of vocabulary.hostile.values()) {
      if ([...vocabulary.requested.values()].includes(k)) continue;
      this.rate[k] = HOSTILE_RATE;
      this.plantedDays.set(k, new Set([rng.int(n), rng.int(n)]));
    }
  }

  /** The planted four-digit spikes of the top keywords. */
  spikes(): Array<{keyword: string; date: string; expectedVolume: number}> {
    const {vocabulary, demand} = this.options;
    return [...this.spikeDays].flatMap(([k, days]) => [...days].sort((a, b) => a - b).map((d) => ({keyword: vocabulary.text[k], date: demand.dates[d], expectedVolume: SPIKE_VOLUME})));
  }

  /** The rows of one day, keywords in code-point order. */
  day(d: number): Search2Row[] {
    const {demand, vocabulary, seed} = this.options;
    const rng = new Rng(seed, "search2", d);
    const sessDt = Number(demand.dates[d].replaceAll("-", ""));
    const out: Search2Row[] = [];
    const {sorted, clac1, text} = vocabulary;
    for (let i = 0; i < sorted.length; i++) {
      const k = sorted[i];
      const spike = this.spikeDays.get(k)?.has(d) ? SPIKE_VOLUME : 0;
      let count = rng.poisson(Math.max(spike, this.rate[k] * this.factor[clac1[k]][d]));
      if (count === 0 && this.plantedDays.get(k)?.has(d)) count = 1 + rng.int(3);
      if (count > 0) out.push({sessDt, keyword: text[k], count});
    }
    return out;
  }

  *days(): Generator<Search2Row[]> {
    for (let d = 0; d < this.options.demand.dates.length; d++) yield this.day(d);
  }
}
