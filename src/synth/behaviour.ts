/**
 * Customer groups (age band × gender), what each group tends to buy, and the planted behaviour
 * patterns (Methods page: behaviour segments): per category and main group, 4 bits (time, page views, searches, unit price),
 * 1 = the group's mean over its purchases in the category is above its mean over all its purchases.
 */
import {REPORT_CATEGORIES} from "../categories.js";
import {CLAC1_SPECS} from "./catalog.js";
import {Rng} from "./prng.js";

export const AGE_BANDS = [10, 20, 30, 40, 50, 60, 70, 80] as const;
export const GENDERS = ["F", "M"] as const;
export type Gender = (typeof GENDERS)[number];

/** Member groups 0..15 are gender × age band; 16 is "not a member". */
export const NON_MEMBER = 16;
export const GROUP_COUNT = 17;

export function groupOf(gender: Gender, age: number): number {
  const a = AGE_BANDS.indexOf(age as (typeof AGE_BANDS)[number]);
  if (a < 0) throw new Error(`invalid age band: ${age}`);
  return (gender === "F" ? 0 : 8) + a;
}

export function groupLabel(group: number): string {
  if (group === NON_MEMBER) return "non-member";
  return `${AGE_BANDS[group % 8]}${group < 8 ? "F" : "M"}`;
}

export function groupGender(group: number): Gender {
  return group < 8 ? "F" : "M";
}

export function groupAge(group: number): number {
  return AGE_BANDS[group % 8];
}

/** The report's 7 main groups (Methods page: behaviour segments). */
export const MAIN_GROUPS = ["20F", "20M", "30F", "30M", "40F", "40M", "50F"] as const;
export const MAIN_GROUP_IDS: readonly number[] = MAIN_GROUPS.map((l) => groupOf(l.endsWith("F") ? "F" : "M", Number(l.slice(0, 2))));

/** Member shares (published facts of the real files): F 84.95%; age bands overall; men a little older and younger at the ends. */
const FEMALE_SHARE = 0.8495;
const AGE_OVERALL = [0.57, 14.19, 46.69, 32.19, 5.45, 0.78, 0.13, 0.005];
const AGE_MALE = [0.8, 16, 44, 30, 7.5, 1.3, 0.35, 0.02];

/** Share of members in each member group (index 0..15). */
export function memberGroupShares(): number[] {
  const maleTotal = AGE_MALE.reduce((a, b) => a + b, 0);
  const male = AGE_MALE.map((v) => v / maleTotal);
  const overallTotal = AGE_OVERALL.reduce((a, b) => a + b, 0);
  const female = AGE_OVERALL.map((v, i) => Math.max(1e-5, (v / overallTotal - (1 - FEMALE_SHARE) * male[i]) / FEMALE_SHARE));
  const femaleTotal = female.reduce((a, b) => a + b, 0);
  return [...female.map((v) => (FEMALE_SHARE * v) / femaleTotal), ...male.map((v) => (1 - FEMALE_SHARE) * v)];
}

/** Relative propensity of a group to buy in a CLAC1 (before the daily category totals are imposed). */
export function affinity(group: number, clac1: string): number {
  if (group === NON_MEMBER) return BIG_TICKET.has(clac1) ? 2.2 : 1;
  const female = group < 8;
  const age = AGE_BANDS[group % 8];
  const byAge = (table: Readonly<Record<number, number>>) => table[age] ?? 1;
  let a = 1;
  switch (clac1) {
    case "여성의류": a = female ? 1.6 : 0.12; break;
    case "화장품/뷰티케어": a = (female ? 1.45 : 0.35) * byAge({10: 1.3, 20: 1.2, 50: 0.8, 60: 0.7}); break;
    case "스포츠패션": a = (female ? 0.8 : 2.1) * byAge({20: 1.1, 50: 0.9}); break;
    case "남성의류": a = female ? 0.75 : 3.2; break;
    case "패션잡화": a = (female ? 1 : 0.9) * byAge({20: 1.15, 60: 0.8}); break;
    case "속옷/양말/홈웨어": a = female ? 1 : 0.9; break;
    case "유아동의류": a = (female ? 1.1 : 0.6) * byAge({10: 0.05, 20: 0.45, 30: 1.6, 40: 1.1, 50: 0.35, 60: 0.3, 70: 0.2, 80: 0.2}); break;
    case "시즌스포츠": a = byAge({30: 1.2, 40: 1.15, 60: 0.6}); break;
    case "출산/육아용품": a = (female ? 1.1 : 0.7) * byAge({10: 0.05, 20: 0.9, 30: 2, 40: 0.5, 50: 0.3, 60: 0.3, 70: 0.2, 80: 0.2}); break;
    case "퍼스널케어": a = female ? 1.1 : 0.85; break;
    case "건강식품": a = byAge({10: 0.3, 20: 0.55, 30: 0.8, 40: 1.3, 50: 2.2, 60: 2.5, 70: 2.5, 80: 2.5}); break;
    case "원예/애완": a = byAge({20: 1.4, 30: 1.1, 50: 0.8}); break;
    case "완구": a = byAge({20: 0.6, 30: 1.5, 40: 1.2, 50: 0.6}); break;
    case "구기/필드스포츠": a = (female ? 0.7 : 2.5) * byAge({20: 0.5, 40: 1.3, 50: 1.5}); break;
    case "자동차용품": a = female ? 0.6 : 2.5; break;
    default: a = BIG_TICKET.has(clac1) ? (female ? 0.45 : 0.7) : 1;
  }
  // Keep every main group × report category cell populated enough to measure.
  return REPORT_SET.has(clac1) ? Math.max(a, 0.25) : a;
}

/** Categories with a mean unit price above 150,000 KRW. */
const BIG_TICKET = new Set(CLAC1_SPECS.filter((c) => c.meanPrice > 150_000).map((c) => c.name));
const REPORT_SET = new Set(REPORT_CATEGORIES);

/** The published modal patterns (Methods page: behaviour segments) spread over the 7 main groups, with a few deviations. */
const REPORT_PATTERNS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "여성의류": {"20F": "1101", "20M": "1111", "30F": "1101", "30M": "1101", "40F": "1101", "40M": "1101", "50F": "1101"},
  "화장품/뷰티케어": {"20F": "0011", "20M": "1011", "30F": "0011", "30M": "0011", "40F": "0011", "40M": "0011", "50F": "0011"},
  "스포츠패션": {"20F": "1101", "20M": "1111", "30F": "1101", "30M": "1111", "40F": "1101", "40M": "1111", "50F": "0101"},
  "남성의류": {"20F": "1000", "20M": "0000", "30F": "0000", "30M": "0000", "40F": "0000", "40M": "0000", "50F": "0000"},
  "패션잡화": {"20F": "1101", "20M": "1101", "30F": "1101", "30M": "1101", "40F": "1101", "40M": "1101", "50F": "1101"},
  "속옷/양말/홈웨어": {"20F": "0000", "20M": "0000", "30F": "0000", "30M": "0000", "40F": "0000", "40M": "0000", "50F": "0000"},
  "유아동의류": {"20F": "0010", "20M": "0010", "30F": "0000", "30M": "0010", "40F": "0000", "40M": "0000", "50F": "1000"},
  "시즌스포츠": {"20F": "1000", "20M": "1010", "30F": "1000", "30M": "1000", "40F": "1000", "40M": "1000", "50F": "1000"},
  "출산/육아용품": {"20F": "0000", "20M": "0000", "30F": "0000", "30M": "0000", "40F": "0000", "40M": "0000", "50F": "0100"},
  "퍼스널케어": {"20F": "0010", "20M": "0010", "30F": "0010", "30M": "0010", "40F": "0010", "40M": "0010", "50F": "0110"},
  "건강식품": {"20F": "1101", "20M": "1111", "30F": "1111", "30M": "1111", "40F": "1111", "40M": "1111", "50F": "1111"}
};

export const BIT_VARIABLES = ["TOT_SESS_HR_V", "TOT_PAG_VIEW_CT", "SEARCH_CNT", "PD_BUY_AM"] as const;

/** Most common pattern(s) over the groups; ties give several, sorted. */
export function modalPatterns(patterns: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const p of patterns) counts.set(p, (counts.get(p) ?? 0) + 1);
  const top = Math.max(...counts.values());
  return [...counts].filter(([, n]) => n === top).map(([p]) => p).sort();
}

export interface BehaviourModel {
  /** expected share of each category in each group's purchase lines [group][category] */
  lineMix: Float64Array[];
  /** expected share of all lines bought by each group */
  groupLineShare: number[];
  /** planted pattern per category (CLAC1 order) and main group label */
  patterns: Array<Record<string, string>>;
  /** session factors [variable 0..2][group][category]: multiply the group's base level */
  sessionFactor: Float64Array[][];
  /** unit price multiplier [group][category] */
  priceFactor: Float64Array[];
}

/** Iterative proportional fitting of a positive seed matrix to row and column totals. */
export function fitMargins(seed: Float64Array[], rows: ArrayLike<number>, cols: ArrayLike<number>, iterations = 30): Float64Array[] {
  const m = seed.map((r) => Float64Array.from(r));
  const nc = cols.length;
  for (let it = 0; it < iterations; it++) {
    for (let g = 0; g < m.length; g++) {
      let s = 0;
      for (let c = 0; c < nc; c++) s += m[g][c];
      const f = s > 0 ? rows[g] / s : 0;
      for (let c = 0; c < nc; c++) m[g][c] *= f;
    }
    for (let c = 0; c < nc; c++) {
      let s = 0;
      for (let g = 0; g < m.length; g++) s += m[g][c];
      const f = s > 0 ? cols[c] / s : 0;
      for (let g = 0; g < m.length; g++) m[g][c] *= f;
    }
  }
  return m;
}

export interface BehaviourOptions {
  seed: number;
  /** share of all purchase lines bought by members (the rest by non-members) */
  memberLineShare: number;
  /** unit price of each category's lines before group factors (CLAC1 order) */
  categoryPrice: readonly number[];
  /** required relative distance of a category mean from the group mean */
  priceMarginUp?: number;
  priceMarginDown?: number;
}

export function buildBehaviour({seed, memberLineShare, categoryPrice, priceMarginUp = 0.14, priceMarginDown = 0.25}: BehaviourOptions): BehaviourModel {
  const rng = new Rng(seed, "behaviour");
  const nc = CLAC1_SPECS.length;
  const shares = memberGroupShares();
  const groupLineShare = [...shares.map((s) => s * memberLineShare), 1 - memberLineShare];
  const seedMatrix = Array.from({length: GROUP_COUNT}, (_, g) => Float64Array.from(CLAC1_SPECS, (c) => affinity(g, c.name)));
  const joint = fitMargins(seedMatrix, groupLineShare, CLAC1_SPECS.map((c) => c.share));
  const lineMix = joint.map((row) => {
    const s = row.reduce((a, b) => a + b, 0);
    return row.map((v) => v / s);
  });

  const patterns = CLAC1_SPECS.map((c) => {
    const planted = REPORT_PATTERNS[c.name];
    if (planted) return {...planted};
    // Free categories lean to the bits that keep each group's mix balanced; price follows the category's price level.
    const tp = rng.chance(0.55) ? "1" : "0";
    const s = rng.chance(0.75) ? "1" : "0";
    const price = categoryPrice[c.index] > 55_000 ? "1" : "0";
    return Object.fromEntries(MAIN_GROUPS.map((g) => [g, `${tp}${tp}${s}${price}`]));
  });

  const ones = () => Array.from({length: GROUP_COUNT}, () => new Float64Array(nc).fill(1));
  const sessionFactor = [ones(), ones(), ones()];
  const priceFactor = ones();
  MAIN_GROUPS.forEach((label, i) => {
    const g = MAIN_GROUP_IDS[i];
    const mix = lineMix[g];
    for (let v = 0; v < 3; v++) {
      let w1 = 0;
      for (let c = 0; c < nc; c++) if (patterns[c][label][v] === "1") w1 += mix[c];
      const w0 = 1 - w1;
      // Above/below factors balanced so that the group's line-weighted mean stays at its base level.
      const down = Math.min(0.6, w1 / Math.max(w0, 1e-9));
      const up = (down * w0) / Math.max(w1, 1e-9);
      for (let c = 0; c < nc; c++) sessionFactor[v][g][c] = patterns[c][label][v] === "1" ? 1 + up : 1 - down;
    }
    const m = priceFactor[g];
    for (let it = 0; it < 200; it++) {
      let mean = 0;
      for (let c = 0; c < nc; c++) mean += mix[c] * categoryPrice[c] * m[c];
      for (let c = 0; c < nc; c++) {
        const natural = categoryPrice[c];
        const above = patterns[c][label][3] === "1";
        const target = above ? Math.max(natural, (1 + priceMarginUp) * mean) : Math.min(natural, (1 - priceMarginDown) * mean);
        m[c] = target / natural;
      }
    }
  });
  return {lineMix, groupLineShare, patterns, sessionFactor, priceFactor};
}
