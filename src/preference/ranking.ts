/**
 * Preference index (Methods page: preference index): score(u, c) = P_u(c) × P(age band of u | c) × P(gender of u | c),
 * then ln, shifted so that u's minimum is `floor` (5), divided by u's maximum, × `scale` (100).
 *
 * Decisions:
 * - Prior: (n_uc + β) / (n_u + β·K) with β = priorAlpha (report: 1, Laplace) over the K categories in
 *   the chosen set; purchases outside the set are ignored (n_u counts in-set lines only). A customer with
 *   no purchases gets the uniform prior 1/K. Purchases are counted in product lines.
 * - Likelihoods: from all member purchase lines, with additive smoothing α (default 1):
 *   P(a | c) = (n_ca + α) / (n_c + α·A), P(g | c) = (n_cg + α) / (n_c + α·G), where A and G are the
 *   numbers of distinct age bands and genders in the tables. A category no one of u's band bought thus
 *   keeps a small non-zero likelihood. With α = 0 an empty table gives 0.
 * - Non-members (no age/gender): both likelihood factors are 1 (ranking by the prior alone);
 *   the result says so in `likelihood_used`.
 * - A zero score (only possible with α = 0 or β = 0) has no logarithm: ln, shifted are null, index 0;
 *   the minimum and maximum are taken over the other categories.
 * - Ties: equal scores get the same (competition) rank; rows are ordered by rank then category name
 *   in code-point order. When every score is equal, every index is `scale` (100).
 */
import {mainCategories} from "../categories.js";
import {compareText, withDefaults} from "../value/bind.js";

export interface Demographics {
  /** age band 10, 20, …, 80 */
  age: number;
  /** "F" | "M" */
  gender: string;
}

export interface LikelihoodCounts {
  /** member purchase lines per (category, age band) */
  age: ReadonlyArray<{category: string; age: number; n: number}>;
  /** member purchase lines per (category, gender) */
  gender: ReadonlyArray<{category: string; gender: string; n: number}>;
}

export interface LikelihoodTables {
  alpha: number;
  /** the age bands and genders the smoothing spreads over (A and G) */
  ageBands: number[];
  genders: string[];
  /** P(age band | category) */
  age(category: string, band: number): number;
  /** P(gender | category) */
  gender(category: string, gender: string): number;
}

/** Smoothed likelihood tables from member line counts (the same arithmetic as the SQL). */
export function buildLikelihoods(counts: LikelihoodCounts, {alpha = 1}: {alpha?: number} = {}): LikelihoodTables {
  if (!Number.isFinite(alpha) || alpha < 0) throw new Error(`invalid likelihood smoothing alpha ${JSON.stringify(alpha)}: expected ≥ 0`);
  const ageN = new Map<string, number>();
  const ageTot = new Map<string, number>();
  const bands = new Set<number>();
  for (const r of counts.age) {
    if (!Number.isFinite(r.n) || r.n < 0) throw new Error(`invalid age count ${JSON.stringify(r)}`);
    ageN.set(`${r.category}\u0000${r.age}`, (ageN.get(`${r.category}\u0000${r.age}`) ?? 0) + r.n);
    ageTot.set(r.category, (ageTot.get(r.category) ?? 0) + r.n);
    bands.add(r.age);
  }
  const genN = new Map<string, number>();
  const genTot = new Map<string, number>();
  const genders = new Set<string>();
  for (const r of counts.gender) {
    if (!Number.isFinite(r.n) || r.n < 0) throw new Error(`invalid gender count ${JSON.stringify(r)}`);
    genN.set(`${r.category}\u0000${r.gender}`, (genN.get(`${r.category}\u0000${r.gender}`) ?? 0) + r.n);
    genTot.set(r.category, (genTot.get(r.category) ?? 0) + r.n);
    genders.add(r.gender);
  }
  const A = bands.size;
  const G = genders.size;
  const p = (hit: number, tot: number, size: number) => {
    const den = tot + alpha * size;
    return den > 0 ? (hit + alpha) / den : 0;
  };
  return {
    alpha,
    ageBands: [...bands].sort((a, b) => a - b),
    genders: [...genders].sort(compareText),
    age: (c, band) => p(ageN.get(`${c}\u0000${band}`) ?? 0, ageTot.get(c) ?? 0, A),
    gender: (c, g) => p(genN.get(`${c}\u0000${g}`) ?? 0, genTot.get(c) ?? 0, G)
  };
}

/** Likelihood tables given directly as probabilities (e.g. the report's worked example); missing entries are 0. */
export function likelihoodsFromProbabilities(
  age: Readonly<Record<string, Readonly<Record<string, number>>>>,
  gender: Readonly<Record<string, Readonly<Record<string, number>>>>
): LikelihoodTables {
  const bands = new Set<number>();
  const genders = new Set<string>();
  for (const t of Object.values(age)) for (const k of Object.keys(t)) bands.add(Number(k));
  for (const t of Object.values(gender)) for (const k of Object.keys(t)) genders.add(k);
  return {
    alpha: 0,
    ageBands: [...bands].sort((a, b) => a - b),
    genders: [...genders].sort(compareText),
    age: (c, band) => age[c]?.[String(band)] ?? 0,
    gender: (c, g) => gender[c]?.[g] ?? 0
  };
}

export type CategorySet = "report" | "all";

/**
 * The "main categories" switch over the data's categories (`byRevenue`, largest first): every one, or
 * the main ones (the report's 11 where the data has them, see mainCategories).
 */
export function preferenceCategories(set: CategorySet, byRevenue: readonly string[]): string[] {
  if (set === "report") return mainCategories(byRevenue).categories;
  if (set === "all") return [...byRevenue];
  throw new Error(`unknown category set ${JSON.stringify(set)} (expected "report" or "all")`);
}

export interface PreferenceOptions {
  /** the K categories ranked; empty = every category in the data (SQL only: a ranking in code needs the list) */
  categories: readonly string[];
  /** Laplace constant β of the prior (report: 1) */
  priorAlpha: number;
  /** value the customer's minimum ln score is shifted to (report: 5) */
  floor: number;
  /** the customer's maximum becomes this (report: 100) */
  scale: number;
}

export const DEFAULT_PREFERENCE_OPTIONS: Readonly<PreferenceOptions> = Object.freeze({
  categories: Object.freeze([]),
  priorAlpha: 1,
  floor: 5,
  scale: 100
});

export function resolvePreferenceOptions(partial: Partial<PreferenceOptions> = {}): PreferenceOptions {
  const o = withDefaults<PreferenceOptions>(DEFAULT_PREFERENCE_OPTIONS, partial);
  if (new Set(o.categories).size !== o.categories.length) throw new Error(`preference categories contain duplicates: ${o.categories.join(", ")}`);
  if (!Number.isFinite(o.priorAlpha) || o.priorAlpha < 0) throw new Error(`invalid priorAlpha ${JSON.stringify(o.priorAlpha)}: expected ≥ 0`);
  if (!Number.isFinite(o.floor) || o.floor <= 0) throw new Error(`invalid floor ${JSON.stringify(o.floor)}: expected > 0`);
  if (!Number.isFinite(o.scale) || o.scale <= 0) throw new Error(`invalid scale ${JSON.stringify(o.scale)}: expected > 0`);
  return o;
}

export interface PreferenceRow {
  category: string;
  /** u's purchase lines in the category */
  n: number;
  prior: number;
  age_likelihood: number;
  gender_likelihood: number;
  score: number;
  ln: number | null;
  shifted: number | null;
  index: number;
  rank: number;
}

export interface PreferenceRanking {
  member: boolean;
  /** false for non-members: ranked by the prior alone */
  likelihood_used: boolean;
  /** u's purchase lines in the K categories */
  n_u: number;
  k: number;
  rows: PreferenceRow[];
}

export type CategoryCounts = Readonly<Record<string, number>> | ReadonlyMap<string, number>;

function countOf(counts: CategoryCounts, category: string): number {
  const v = counts instanceof Map ? counts.get(category) : (counts as Record<string, number>)[category];
  if (v === undefined) return 0;
  if (!Number.isFinite(v) || v < 0) throw new Error(`invalid purchase count ${JSON.stringify(v)} for category ${JSON.stringify(category)}`);
  return v;
}

/** One customer's ranking over the chosen categories, rows ordered by rank then category. */
export function preferenceRanking(
  counts: CategoryCounts,
  member: Demographics | null,
  likelihoods: LikelihoodTables,
  options: Partial<PreferenceOptions> = {}
): PreferenceRanking {
  const o = resolvePreferenceOptions(options);
  const K = o.categories.length;
  if (K === 0) throw new Error("preference categories must not be empty: pass the data's categories (preferenceCategories)");
  const ns = o.categories.map((c) => countOf(counts, c));
  const nu = ns.reduce((s, n) => s + n, 0);
  const den = nu + o.priorAlpha * K;
  const rows = o.categories.map((category, i) => {
    const prior = den > 0 ? (ns[i] + o.priorAlpha) / den : 1 / K;
    const age = member ? likelihoods.age(category, member.age) : 1;
    const gender = member ? likelihoods.gender(category, member.gender) : 1;
    const score = prior * age * gender;
    return {category, n: ns[i], prior, age_likelihood: age, gender_likelihood: gender, score, ln: score > 0 ? Math.log(score) : null};
  });
  const lns = rows.flatMap((r) => (r.ln === null ? [] : [r.ln]));
  const lo = lns.length ? Math.min(...lns) : 0;
  const shifted = rows.map((r) => (r.ln === null ? null : r.ln - lo + o.floor));
  const hi = Math.max(...shifted.map((s) => s ?? -Infinity));
  const out: PreferenceRow[] = rows.map((r, i) => ({
    category: r.category,
    n: r.n,
    prior: r.prior,
    age_likelihood: r.age_likelihood,
    gender_likelihood: r.gender_likelihood,
    score: r.score,
    ln: r.ln,
    shifted: shifted[i],
    index: shifted[i] === null ? 0 : (shifted[i]! / hi) * o.scale,
    rank: 1 + rows.filter((x) => x.score > r.score).length
  }));
  out.sort((a, b) => a.rank - b.rank || compareText(a.category, b.category));
  return {member: member !== null, likelihood_used: member !== null, n_u: nu, k: K, rows: out};
}

export interface PreferenceTopRow {
  clnt_id: number;
  category: string;
  /** position in the (rank, category) order, 1-based */
  position: number;
  rank: number;
  score: number;
  index: number;
  member: boolean;
}

/** The first `top` rows of every customer's ranking, sorted by clnt_id then position. */
export function preferenceTop(
  customers: ReadonlyArray<{clnt_id: number; counts: CategoryCounts; member: Demographics | null}>,
  likelihoods: LikelihoodTables,
  {top = 1, ...options}: Partial<PreferenceOptions> & {top?: number} = {}
): PreferenceTopRow[] {
  if (!Number.isInteger(top) || top < 1) throw new Error(`invalid top ${JSON.stringify(top)}: expected an integer ≥ 1`);
  const out: PreferenceTopRow[] = [];
  for (const c of [...customers].sort((a, b) => a.clnt_id - b.clnt_id)) {
    const r = preferenceRanking(c.counts, c.member, likelihoods, options);
    r.rows.slice(0, top).forEach((row, i) =>
      out.push({clnt_id: c.clnt_id, category: row.category, position: i + 1, rank: row.rank, score: row.score, index: row.index, member: r.member})
    );
  }
  return out;
}
