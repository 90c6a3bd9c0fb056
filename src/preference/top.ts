/**
 * Every customer's first `top` preference categories from typed columns: the numbers preferenceTopSql
 * computes (the same arithmetic in the same order, so the same scores and the same ties), without a
 * database. At competition size (≈ 2.4M customer × category counts, ≈ 0.9M customers) DuckDB spent most
 * of its time on the hash joins and window sorts that the SQL needs to express the per-customer merge;
 * here each customer is one short loop.
 *
 * As in the SQL, a category u never bought scores β/(n_u + βK) × P(age|c) × P(gender|c), which depends
 * only on u's profile and n_u: each (profile, n_u) sorts the K categories once, and u's first rows come
 * from u's bought categories and the unbought ones among that list's first `top`.
 */
import {resolvePreferenceOptions, type PreferenceOptions} from "./ranking.js";

export interface TopInput {
  /** the category universe, in the order that breaks ties (the SQL's: category names in byte order) */
  categories: readonly string[];
  /** purchase lines per (customer, category): parallel columns, one entry per pair, sorted by customer; cat indexes `categories` */
  counts: {clnt: Int32Array; cat: Int32Array; n: Float64Array};
  /** members: parallel columns sorted by customer; gender as any integer code (only equality matters) */
  members: {clnt: Int32Array; age: Int32Array; gender: Int32Array};
}

export interface TopOptions extends PreferenceOptions {
  /** categories kept per customer */
  top: number;
  /** likelihood smoothing α */
  alpha: number;
}

export interface TopColumns {
  top: number;
  /** every customer of the counts or the members, ascending */
  clnt: Int32Array;
  member: Uint8Array;
  /** row i's categories by position: cat[i × top + p] indexes `categories`, −1 past the customer's last */
  cat: Int32Array;
  score: Float64Array;
  /** the customer's lowest and highest positive score over the K categories (NaN: none), the index's range */
  minPositive: Float64Array;
  maxPositive: Float64Array;
}

interface Group {
  /** in-set categories by unbought score, highest first (ties: lower index first) */
  order: Int32Array;
  score: Float64Array;
}

function checkInput({categories, counts, members}: TopInput): void {
  for (let i = 1; i < members.clnt.length; i++) {
    if (members.clnt[i] <= members.clnt[i - 1]) throw new Error(`preference members: ${members.clnt[i] === members.clnt[i - 1] ? `customer ${members.clnt[i]} appears twice` : `not sorted by customer (${members.clnt[i]} after ${members.clnt[i - 1]})`}`);
  }
  const K = categories.length;
  if (counts.cat.length !== counts.clnt.length || counts.n.length !== counts.clnt.length) throw new Error("preference counts: columns of different lengths");
  if (members.age.length !== members.clnt.length || members.gender.length !== members.clnt.length) throw new Error("preference members: columns of different lengths");
  for (let i = 0; i < counts.cat.length; i++) {
    if (i > 0 && counts.clnt[i] < counts.clnt[i - 1]) throw new Error(`preference counts: not sorted by customer (${counts.clnt[i]} after ${counts.clnt[i - 1]})`);
    const c = counts.cat[i];
    if (c < 0 || c >= K) throw new Error(`preference counts: category index ${c} outside the ${K} categories (customer ${counts.clnt[i]})`);
    const n = counts.n[i];
    if (!(n >= 0) || !Number.isFinite(n)) throw new Error(`preference counts: invalid count ${n} (customer ${counts.clnt[i]})`);
  }
}

/** The first `top` categories of every customer's ranking, with the scores and each customer's score range. */
export function preferenceTopColumns(input: TopInput, options: Partial<TopOptions> = {}): TopColumns {
  const {top = 1, alpha = 1, ...rest} = options;
  if (!Number.isInteger(top) || top < 1) throw new Error(`invalid top ${JSON.stringify(top)}: expected an integer ≥ 1`);
  if (!Number.isFinite(alpha) || alpha < 0) throw new Error(`invalid likelihood smoothing alpha ${JSON.stringify(alpha)}: expected ≥ 0`);
  const o = resolvePreferenceOptions(rest);
  checkInput(input);
  const {categories, counts, members} = input;
  const KA = categories.length;
  // the chosen set, in universe order (names not in the data are ignored, as the SQL's filter does)
  const chosen = new Set(o.categories);
  const inSet = new Uint8Array(KA);
  let K = 0;
  for (let c = 0; c < KA; c++) if (chosen.size === 0 || chosen.has(categories[c])) (inSet[c] = 1), K++;

  if (K === 0) return {top, clnt: new Int32Array(0), member: new Uint8Array(0), cat: new Int32Array(0), score: new Float64Array(0), minPositive: new Float64Array(0), maxPositive: new Float64Array(0)};

  // every customer once, ascending (both inputs are sorted), with its rows of the counts (start) and its member row (−1: none)
  const rowsN = counts.clnt.length;
  const M = members.clnt.length;
  const clntAll = new Int32Array(rowsN + M);
  const start = new Int32Array(rowsN + M + 1);
  const memberRow = new Int32Array(rowsN + M);
  let N = 0;
  for (let i = 0, m = 0; i < rowsN || m < M; ) {
    const id = m === M || (i < rowsN && counts.clnt[i] < members.clnt[m]) ? counts.clnt[i] : members.clnt[m];
    clntAll[N] = id;
    start[N] = i;
    while (i < rowsN && counts.clnt[i] === id) i++;
    memberRow[N++] = m < M && members.clnt[m] === id ? m++ : -1;
  }
  start[N] = rowsN;
  const clnt = clntAll.slice(0, N);

  // members: profile per customer (−1: not a member); profiles are distinct (age, gender) pairs, ages and genders dense indexes
  const profileOf = new Int32Array(N).fill(-1);
  const profiles: {age: number; gender: number}[] = [];
  const ageIndex = new Map<number, number>();
  const genderIndex = new Map<number, number>();
  const dense = (m: Map<number, number>, v: number) => m.get(v) ?? (m.set(v, m.size), m.size - 1);
  const profileKey = new Map<string, number>();
  for (let u = 0; u < N; u++) {
    const i = memberRow[u];
    if (i === -1) continue;
    const age = dense(ageIndex, members.age[i]);
    const gender = dense(genderIndex, members.gender[i]);
    const key = `${age}|${gender}`;
    let p = profileKey.get(key);
    if (p === undefined) profileKey.set(key, (p = profiles.length)), profiles.push({age, gender});
    profileOf[u] = p;
  }
  const nAge = ageIndex.size;
  const nGender = genderIndex.size;

  // the member lines per (category, age) and (category, gender) over every category
  const ageHit = new Float64Array(KA * nAge);
  const genderHit = new Float64Array(KA * nGender);
  const ageTot = new Float64Array(KA);
  const genderTot = new Float64Array(KA);
  // A and G: the age bands and genders among the members' lines (the SQL counts them in its age and gender tables)
  const ageSeen = new Uint8Array(nAge);
  const genderSeen = new Uint8Array(nGender);
  for (let u = 0; u < N; u++) {
    const p = profileOf[u];
    if (p === -1) continue;
    const {age, gender} = profiles[p];
    for (let i = start[u]; i < start[u + 1]; i++) {
      const c = counts.cat[i];
      const n = counts.n[i];
      ageHit[c * nAge + age] += n;
      genderHit[c * nGender + gender] += n;
      ageTot[c] += n;
      genderTot[c] += n;
      ageSeen[age] = 1;
      genderSeen[gender] = 1;
    }
  }
  for (let c = 0; c < KA; c++) if (ageTot[c] > Number.MAX_SAFE_INTEGER) throw new Error(`preference counts: more than 2^53 lines in category ${JSON.stringify(categories[c])}`);
  const A = ageSeen.reduce((s, x) => s + x, 0);
  const G = genderSeen.reduce((s, x) => s + x, 0);
  const likelihood = (hit: number, tot: number, size: number) => (tot + alpha * size > 0 ? (hit + alpha) / (tot + alpha * size) : 0);
  // likelihood factors per profile (index profiles.length: non-members, both 1)
  const aOf: Float64Array[] = [];
  const gOf: Float64Array[] = [];
  for (const {age, gender} of profiles) {
    const a = new Float64Array(KA);
    const g = new Float64Array(KA);
    for (let c = 0; c < KA; c++) {
      a[c] = likelihood(ageHit[c * nAge + age], ageTot[c], A);
      g[c] = likelihood(genderHit[c * nGender + gender], genderTot[c], G);
    }
    aOf.push(a);
    gOf.push(g);
  }
  aOf.push(new Float64Array(KA).fill(1));
  gOf.push(new Float64Array(KA).fill(1));

  const beta = o.priorAlpha;
  const prior = (n: number, nu: number) => (nu + beta * K > 0 ? (n + beta) / (nu + beta * K) : 1 / K);
  const setCats = Int32Array.from({length: KA}, (_, c) => c).filter((c) => inSet[c] === 1);
  const groups = Array.from({length: profiles.length + 1}, () => new Map<number, Group>());
  const groupOf = (p: number, nu: number): Group => {
    let g = groups[p].get(nu);
    if (!g) {
      const s = new Float64Array(KA);
      for (const c of setCats) s[c] = prior(0, nu) * aOf[p][c] * gOf[p][c];
      const order = Int32Array.from(setCats).sort((x, y) => s[y] - s[x] || x - y);
      g = {order, score: Float64Array.from(order, (c) => s[c])};
      groups[p].set(nu, g);
    }
    return g;
  };

  const out: TopColumns = {
    top,
    clnt,
    member: new Uint8Array(N),
    cat: new Int32Array(N * top).fill(-1),
    score: new Float64Array(N * top),
    minPositive: new Float64Array(N).fill(NaN),
    maxPositive: new Float64Array(N).fill(NaN)
  };
  const {cat: outCat, score: outScore} = out;
  const boughtAt = new Int32Array(KA).fill(-1);
  const candCat = new Int32Array(KA + top);
  const candScore = new Float64Array(KA + top);
  for (let u = 0; u < N; u++) {
    const member = profileOf[u] !== -1;
    const p = member ? profileOf[u] : profiles.length;
    const a = aOf[p];
    const g = gOf[p];
    out.member[u] = member ? 1 : 0;
    let nu = 0;
    for (let i = start[u]; i < start[u + 1]; i++) {
      if (inSet[counts.cat[i]] === 1) nu += counts.n[i];
    }
    let cands = 0;
    let lowest = Infinity;
    for (let i = start[u]; i < start[u + 1]; i++) {
      const c = counts.cat[i];
      if (inSet[c] === 0) continue;
      if (boughtAt[c] === u) throw new Error(`preference counts: customer ${clnt[u]} has category ${JSON.stringify(categories[c])} twice`);
      boughtAt[c] = u;
      const s = prior(counts.n[i], nu) * a[c] * g[c];
      candCat[cands] = c;
      candScore[cands++] = s;
      if (s > 0 && s < lowest) lowest = s;
    }
    const list = groupOf(p, nu);
    const order = list.order;
    const listScore = list.score;
    for (let q = 0, end = Math.min(top, order.length); q < end; q++) {
      if (boughtAt[order[q]] === u) continue;
      candCat[cands] = order[q];
      candScore[cands++] = listScore[q];
    }
    // the lowest positive unbought score: the list's last positive entry that was not bought
    for (let q = order.length - 1; q >= 0; q--) {
      if (listScore[q] > 0 && boughtAt[order[q]] !== u) {
        if (listScore[q] < lowest) lowest = listScore[q];
        break;
      }
    }
    // the first `top` candidates by score, highest first (ties: lower index first), by insertion
    let kept = 0;
    const at = u * top;
    for (let q = 0; q < cands; q++) {
      const c = candCat[q];
      const s = candScore[q];
      let w = kept < top ? kept++ : top;
      while (w > 0 && (outScore[at + w - 1] < s || (outScore[at + w - 1] === s && outCat[at + w - 1] > c))) {
        if (w < top) (outCat[at + w] = outCat[at + w - 1]), (outScore[at + w] = outScore[at + w - 1]);
        w--;
      }
      if (w < top) (outCat[at + w] = c), (outScore[at + w] = s);
    }
    if (kept > 0 && outScore[at] > 0) out.maxPositive[u] = outScore[at];
    if (lowest < Infinity) out.minPositive[u] = lowest;
  }
  return out;
}
