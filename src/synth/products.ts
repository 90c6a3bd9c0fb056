/**
 * The product catalogue (06.Master): product codes, categories, brands, base prices and
 * popularity, laid out per CLAC1 in ascending price so that a stratified uniform picks a
 * stratified price sample. Product names are made on demand from a per-product stream.
 */
import {CLAC1_SPECS, CLAC2_SPECS, THOUSANDS_QUIRK_CLAC2} from "./catalog.js";
import {HOSTILE_STRINGS, makeBrands, productName, type Brand} from "./names.js";
import {Permutation, Rng, searchCumulative} from "./prng.js";
import {FULL_COUNTS, scaled} from "./scale.js";

export interface Catalog {
  size: number;
  /** PD_C per product index */
  pdC: Int32Array;
  clac2: Uint8Array;
  clac3: Uint8Array;
  brand: Int32Array;
  /** true unit price, KRW */
  price: Float64Array;
  /** 1 where the price is recorded in thousands */
  quirk: Uint8Array;
  brands: Brand[];
  /** brands of each CLAC1 (indices into brands), most prolific first */
  brandsByClac1: number[][];
  /** product index range [start, end) of each CLAC1 */
  start: Int32Array;
  end: Int32Array;
  /** popularity CDF within each CLAC1's range, ending at 1 */
  cumulative: Float64Array;
  /** popularity-weighted mean price of each CLAC1 */
  meanPrice: Float64Array;
  /** product indices with a hostile PD_NM */
  hostileNames: Map<number, string>;
  seed: number;
}

function nicePrice(p: number): number {
  if (p < 10_000) return Math.max(100, Math.round(p / 100) * 100);
  if (p < 1_000_000) return Math.round(p / 1000) * 1000 - (p % 3 < 1 ? 100 : 0);
  return Math.round(p / 10_000) * 10_000;
}

export function buildCatalog(seed: number, fraction: number): Catalog {
  const rng = new Rng(seed, "catalog");
  const size = scaled(FULL_COUNTS.masterRows, fraction);
  const totalMaster = CLAC1_SPECS.reduce((s, c) => s + c.masterProducts, 0);
  // products per CLAC2: CLAC1 share of Master, split by lines^0.8, at least 2 per CLAC2
  const perClac2 = new Int32Array(CLAC2_SPECS.length);
  for (const c1 of CLAC1_SPECS) {
    const n = Math.max(2 * c1.clac2.length, Math.round((size * c1.masterProducts) / totalMaster));
    const w = c1.clac2.map((i) => Math.pow(CLAC2_SPECS[i].lines, 0.8));
    const wt = w.reduce((a, b) => a + b, 0);
    c1.clac2.forEach((i, k) => (perClac2[i] = Math.max(2, Math.round((n * w[k]) / wt))));
  }
  // absorb rounding so the catalogue has exactly `size` products
  let diff = size - perClac2.reduce((a, b) => a + b, 0);
  while (diff !== 0) {
    const i = rng.int(CLAC2_SPECS.length);
    if (diff > 0) { perClac2[i]++; diff--; }
    else if (perClac2[i] > 2) { perClac2[i]--; diff++; }
  }

  const brandTotal = scaled(FULL_COUNTS.brands, Math.sqrt(fraction), 100);
  const brands: Brand[] = [];
  const brandsByClac1: number[][] = [];
  const taken = new Set<string>();
  const brandWeightTotal = CLAC1_SPECS.reduce((s, c) => s + Math.pow(c.masterProducts, 0.75), 0);
  for (const c1 of CLAC1_SPECS) {
    const n = Math.max(3, Math.round((brandTotal * Math.pow(c1.masterProducts, 0.75)) / brandWeightTotal));
    const made = makeBrands(new Rng(seed, "brands", c1.name), n, c1.name, taken);
    brandsByClac1.push(made.map((_, k) => brands.length + k));
    brands.push(...made);
  }

  const pdC = new Int32Array(size);
  const clac2 = new Uint8Array(size);
  const clac3 = new Uint8Array(size);
  const brand = new Int32Array(size);
  const price = new Float64Array(size);
  const popularity = new Float64Array(size);
  const quirk = new Uint8Array(size);
  const start = new Int32Array(CLAC1_SPECS.length);
  const end = new Int32Array(CLAC1_SPECS.length);
  const meanPrice = new Float64Array(CLAC1_SPECS.length);
  const codes = new Permutation(size, seed, "pd_c");
  const quirkClac2 = Uint8Array.from(CLAC2_SPECS, (s) => (THOUSANDS_QUIRK_CLAC2.includes(s.clac2) ? 1 : 0));
  let at = 0;
  for (const c1 of CLAC1_SPECS) {
    const first = at;
    const c1Brands = brandsByClac1[c1.index];
    for (const c2 of c1.clac2) {
      const spec = CLAC2_SPECS[c2];
      const from = at;
      const c2Share = spec.lines / c1.lines;
      const sigma = spec.meanPrice > 300_000 ? 0.35 : 0.45;
      const floor = quirkClac2[c2] ? Math.max(12_000, 0.15 * spec.meanPrice) : 0.15 * spec.meanPrice;
      let popTotal = 0;
      for (let k = 0; k < perClac2[c2]; k++, at++) {
        clac2[at] = c2;
        clac3[at] = rng.int(spec.clac3.length);
        brand[at] = c1Brands[Math.min(c1Brands.length - 1, Math.floor(Math.pow(rng.next(), 1.8) * c1Brands.length))];
        price[at] = Math.max(floor, spec.meanPrice * rng.lognormal(-sigma * sigma / 2, sigma));
        popTotal += popularity[at] = rng.lognormal(0, 1.1);
      }
      let weighted = 0;
      for (let i = from; i < at; i++) {
        popularity[i] = (popularity[i] / popTotal) * c2Share;
        weighted += popularity[i] * price[i];
      }
      // the popularity-weighted mean price of every CLAC2 equals the real one
      for (let i = from; i < at; i++) price[i] = nicePrice(Math.max(floor, price[i] * (spec.meanPrice / (weighted / c2Share))));
    }
    // order the CLAC1's products by price
    const order = Int32Array.from({length: at - first}, (_, k) => first + k).sort((x, y) => price[x] - price[y] || x - y);
    const columns = [clac2, clac3, brand, price, popularity] as const;
    const copies = columns.map((col) => col.slice(first, at));
    let mean = 0, pop = 0;
    order.forEach((src, k) => {
      columns.forEach((col, j) => (col[first + k] = copies[j][src - first]));
      pdC[first + k] = codes.at(first + k) + 1;
      mean += popularity[first + k] * price[first + k];
      pop += popularity[first + k];
    });
    start[c1.index] = first;
    end[c1.index] = at;
    meanPrice[c1.index] = mean / pop;
  }

  const cumulative = new Float64Array(size);
  for (const c1 of CLAC1_SPECS) {
    let s = 0;
    for (let i = start[c1.index]; i < end[c1.index]; i++) cumulative[i] = s += popularity[i];
    for (let i = start[c1.index]; i < end[c1.index]; i++) cumulative[i] /= s;
    cumulative[end[c1.index] - 1] = 1;
  }

  // The most popular big-ticket products of a few CLAC2 get their price recorded in thousands.
  const quirkCount = scaled(120, fraction, 2);
  const candidates: number[] = [];
  for (let i = 0; i < size; i++) if (quirkClac2[clac2[i]] && price[i] >= 200_000) candidates.push(i);
  candidates.sort((a, b) => popularity[b] - popularity[a] || a - b);
  for (const i of candidates.slice(0, quirkCount)) quirk[i] = 1;

  const hostileNames = new Map<number, string>();
  const hostileRng = new Rng(seed, "hostile-names");
  for (const text of HOSTILE_STRINGS) {
    for (let k = 0; k < 2; k++) {
      const i = hostileRng.int(size);
      const c3 = CLAC2_SPECS[clac2[i]].clac3[clac3[i]];
      hostileNames.set(i, k === 0 ? text : `${text} ${c3}`);
    }
  }
  return {size, pdC, clac2, clac3, brand, price, quirk, brands, brandsByClac1, start, end, cumulative, meanPrice, hostileNames, seed};
}

/** The product index of a CLAC1 at popularity quantile u in [0, 1). */
export function productAt(catalog: Catalog, clac1: number, u: number): number {
  return searchCumulative(catalog.cumulative, u, catalog.start[clac1], catalog.end[clac1] - 1);
}

export interface MasterRow {
  pdC: number;
  name: string;
  clac1: string;
  clac2: string;
  clac3: string;
}

export function masterRow(catalog: Catalog, i: number): MasterRow {
  const spec = CLAC2_SPECS[catalog.clac2[i]];
  const clac3 = spec.clac3[catalog.clac3[i]];
  const name = catalog.hostileNames.get(i) ?? productName(new Rng(catalog.seed, "pd_nm", i), catalog.brands[catalog.brand[i]], spec.clac1, clac3);
  return {pdC: catalog.pdC[i], name, clac1: spec.clac1, clac2: spec.clac2, clac3};
}

/** Master rows in a shuffled order, one at a time. */
export function* masterRows(catalog: Catalog): Generator<MasterRow> {
  const order = new Permutation(catalog.size, catalog.seed, "master-order");
  for (let k = 0; k < catalog.size; k++) yield masterRow(catalog, order.at(k));
}
