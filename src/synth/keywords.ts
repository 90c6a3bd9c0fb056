/** The search vocabulary shared by 02.Search1 and 03.Search2, with per-category popularity. */
import {CLAC1_SPECS, CLAC2_SPECS} from "./catalog.js";
import {HOSTILE_STRINGS, itemWords, makeKeywords, type KeywordSeed} from "./names.js";
import {AliasTable, Rng} from "./prng.js";
import type {Catalog} from "./products.js";

export interface Vocabulary {
  text: string[];
  /** CLAC1 index of each keyword */
  clac1: Uint8Array;
  /** relative search popularity */
  weight: Float64Array;
  /** keyword indices in code-point order of their text */
  sorted: Int32Array;
  /** per CLAC1, a sampler of that category's keywords (indices into text) */
  byCategory: Array<{ids: Int32Array; table: AliasTable}>;
  /** keywords passed in by the caller, each with its index */
  requested: Map<string, number>;
  /** built-in hostile strings, each with its index */
  hostile: Map<string, number>;
}

export interface VocabularyOptions {
  seed: number;
  size: number;
  catalog: Catalog;
  hostileKeywords: readonly string[];
}

export function buildVocabulary({seed, size, catalog, hostileKeywords}: VocabularyOptions): Vocabulary {
  const taken = new Set<string>();
  const text: string[] = [];
  const clac1: number[] = [];
  const weight: number[] = [];
  const quotaWeights = CLAC1_SPECS.map((c) => Math.pow(c.share, 0.6));
  const quotaTotal = quotaWeights.reduce((a, b) => a + b, 0);
  for (const c of CLAC1_SPECS) {
    const quota = Math.max(20, Math.round((size * quotaWeights[c.index]) / quotaTotal));
    // an item word is searched in proportion to its CLAC2's purchases ("원피스" leads)
    const items = new Map<string, number>();
    for (const i of c.clac2) {
      const words = itemWords(CLAC2_SPECS[i].clac3);
      const w = (60 * Math.pow(CLAC2_SPECS[i].lines / c.lines, 0.7)) / Math.sqrt(words.length);
      for (const word of words) items.set(word, (items.get(word) ?? 0) + w);
    }
    const seeds: KeywordSeed[] = [...items].map(([text, weight]) => ({text, weight}));
    const brands = catalog.brandsByClac1[c.index].map((b) => catalog.brands[b]);
    // category popularity follows its purchase share, softened
    const scale = Math.pow(c.share, 0.8);
    for (const k of makeKeywords(new Rng(seed, "keywords", c.name), quota, c.name, seeds, brands, taken)) {
      text.push(k.text);
      clac1.push(c.index);
      weight.push(k.weight * scale);
    }
  }
  const ranked = weight.map((w, i) => [w, i] as const).sort((a, b) => b[0] - a[0]);
  const requested = new Map<string, number>();
  hostileKeywords.forEach((kw, i) => {
    if (typeof kw !== "string" || kw.trim() === "") throw new Error(`invalid hostile keyword: ${JSON.stringify(kw)}`);
    if (requested.has(kw)) return;
    // rank ~12, 15, 18, … of the vocabulary: comfortably inside any top-200
    const w = ranked[Math.min(ranked.length - 1, 12 + 3 * i)][0];
    const existing = text.indexOf(kw);
    if (existing >= 0) {
      weight[existing] = Math.max(weight[existing], w);
      requested.set(kw, existing);
      return;
    }
    requested.set(kw, text.length);
    text.push(kw);
    clac1.push(i % CLAC1_SPECS.length);
    weight.push(w);
  });
  const hostile = new Map<string, number>();
  HOSTILE_STRINGS.forEach((kw, i) => {
    if (requested.has(kw)) return hostile.set(kw, requested.get(kw)!);
    hostile.set(kw, text.length);
    text.push(kw);
    clac1.push((i * 7) % CLAC1_SPECS.length);
    weight.push(ranked[ranked.length - 1][0]);
  });

  const sorted = Int32Array.from(text.map((_, i) => i)).sort((a, b) => (text[a] < text[b] ? -1 : text[a] > text[b] ? 1 : 0));
  const clacArray = Uint8Array.from(clac1);
  // built-in hostile strings only appear where they are planted
  const plantedOnly = new Set([...hostile.values()].filter((i) => ![...requested.values()].includes(i)));
  const byCategory = CLAC1_SPECS.map((c) => {
    const ids = Int32Array.from(text.flatMap((_, i) => (clacArray[i] === c.index && !plantedOnly.has(i) ? [i] : [])));
    return {ids, table: new AliasTable(Array.from(ids, (i) => weight[i]))};
  });
  return {text, clac1: clacArray, weight: Float64Array.from(weight), sorted, byCategory, requested, hostile};
}
