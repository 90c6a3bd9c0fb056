import {KNOWN_CATEGORIES, REPORT_CATEGORIES} from "../../src/categories.js";
import {describe, expect, it} from "vitest";
import {
  buildLikelihoods,
  likelihoodsFromProbabilities,
  preferenceCategories,
  preferenceRanking,
  preferenceTop,
  resolvePreferenceOptions
} from "../../src/preference/ranking.js";

const W = "여성의류";
const M = "남성의류";
const K = "유아동의류";

describe("prior (Laplace)", () => {
  it("Check: counts [0, 1, 0] → priors [0.25, 0.5, 0.25]", () => {
    const r = preferenceRanking({[M]: 1}, null, buildLikelihoods({age: [], gender: []}), {categories: [W, M, K]});
    const prior = (c: string) => r.rows.find((x) => x.category === c)!.prior;
    expect([prior(W), prior(M), prior(K)]).toEqual([0.25, 0.5, 0.25]);
  });
  it("a customer with no purchases gets the uniform prior", () => {
    const r = preferenceRanking({}, null, buildLikelihoods({age: [], gender: []}), {categories: [W, M, K]});
    expect(r.rows.map((x) => x.prior)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(r.n_u).toBe(0);
  });
  it("purchases outside the chosen categories are ignored (K and n_u follow the switch)", () => {
    const r = preferenceRanking({[M]: 1, 음료: 5}, null, buildLikelihoods({age: [], gender: []}), {categories: [W, M, K]});
    expect([r.k, r.n_u]).toEqual([3, 1]);
    const all = KNOWN_CATEGORIES.map((c) => c.name).reverse();
    expect(preferenceCategories("report", all)).toEqual([...REPORT_CATEGORIES]);
    expect(preferenceCategories("all", all)).toEqual(all);
    expect(preferenceCategories("report", ["가", "나", ...REPORT_CATEGORIES.slice(0, 3)])).toEqual([...REPORT_CATEGORIES.slice(0, 3), "가", "나"]);
    expect(preferenceCategories("report", ["가", "나"])).toEqual(["가", "나"]);
    expect(preferenceRanking({}, null, buildLikelihoods({age: [], gender: []}), {categories: preferenceCategories("report", all)}).rows[0].prior).toBe(1 / 11);
  });
});

describe("Check: the report's worked example", () => {
  // 7 men's and 3 women's clothing purchases, a man in his 20s; plain shares as priors (β = 0)
  const lik = likelihoodsFromProbabilities({[W]: {20: 0.4}, [M]: {20: 0.5}}, {[W]: {M: 0.2}, [M]: {M: 0.5}});
  const r = preferenceRanking({[W]: 3, [M]: 7}, {age: 20, gender: "M"}, lik, {categories: [W, M], priorAlpha: 0});
  const row = (c: string) => r.rows.find((x) => x.category === c)!;

  it("posterior scores 0.024 and 0.175", () => {
    expect(row(W).prior).toBeCloseTo(0.3, 15);
    expect(row(W).score).toBeCloseTo(0.024, 15);
    expect(row(M).score).toBeCloseTo(0.175, 15);
  });
  it("ln −3.73 and −1.74; shifted 5 and 6.99; index 71.56 and 100", () => {
    expect(row(W).ln).toBeCloseTo(-3.73, 2);
    expect(row(M).ln).toBeCloseTo(-1.74, 2);
    expect(row(W).shifted).toBe(5);
    expect(row(M).shifted).toBeCloseTo(6.99, 2);
    expect(row(W).index).toBeCloseTo(71.56, 2);
    expect(row(M).index).toBe(100);
  });
  it("with the report's rounded logs the index is the printed 71.53", () => {
    expect(((-3.73 + 3.73 + 5) / (-1.74 + 3.73 + 5)) * 100).toBeCloseTo(71.53, 2);
  });
  it("men's clothing ranks first", () => {
    expect(r.rows.map((x) => [x.category, x.rank])).toEqual([[M, 1], [W, 2]]);
    expect(r.likelihood_used).toBe(true);
  });
});

describe("likelihood smoothing", () => {
  // women's clothing bought only by 20s women, men's clothing only by 30s men
  const counts = {
    age: [
      {category: W, age: 20, n: 8},
      {category: M, age: 30, n: 2}
    ],
    gender: [
      {category: W, gender: "F", n: 8},
      {category: M, gender: "M", n: 2}
    ]
  };
  it("Laplace α = 1 over the bands and genders in the tables: no zero for an unseen band", () => {
    const lik = buildLikelihoods(counts);
    expect(lik.ageBands).toEqual([20, 30]);
    expect(lik.genders).toEqual(["F", "M"]);
    expect(lik.age(M, 20)).toBe(1 / 4); // (0 + 1) / (2 + 1·2)
    expect(lik.age(W, 20)).toBe(9 / 10);
    expect(lik.gender(M, "F")).toBe(1 / 4);
    expect(lik.age(K, 20)).toBe(1 / 2); // category nobody bought: uniform
    expect(lik.age(W, 70)).toBe(1 / 10); // band outside the tables: count 0
  });
  it("α = 0 gives zero likelihoods: no logarithm, index 0, last rank", () => {
    const lik = buildLikelihoods(counts, {alpha: 0});
    const r = preferenceRanking({[W]: 1}, {age: 20, gender: "F"}, lik, {categories: [W, M, K]});
    expect(r.rows.map((x) => [x.category, x.ln === null, x.index, x.rank])).toEqual([
      [W, false, 100, 1],
      [M, true, 0, 2],
      [K, true, 0, 2]
    ]);
  });
  it("rejects a negative α", () => {
    expect(() => buildLikelihoods(counts, {alpha: -1})).toThrow("alpha -1");
  });
});

describe("non-members, ties and degenerate cases", () => {
  const lik = buildLikelihoods({age: [{category: W, age: 20, n: 5}], gender: [{category: W, gender: "F", n: 5}]});
  it("non-members are ranked by the prior alone and flagged", () => {
    const r = preferenceRanking({[W]: 2, [M]: 1}, null, lik, {categories: [W, M, K]});
    expect(r.member).toBe(false);
    expect(r.likelihood_used).toBe(false);
    expect(r.rows.every((x) => x.age_likelihood === 1 && x.gender_likelihood === 1 && x.score === x.prior)).toBe(true);
    expect(r.rows.map((x) => x.category)).toEqual([W, M, K]);
  });
  it("equal scores share a rank and are ordered by category name", () => {
    const r = preferenceRanking({}, null, lik, {categories: [W, K, M]});
    // code-point order: 남 < 여 < 유
    expect(r.rows.map((x) => [x.category, x.rank])).toEqual([[M, 1], [W, 1], [K, 1]]);
  });
  it("all-equal scores: every index is 100", () => {
    const r = preferenceRanking({}, null, lik, {categories: [W, K, M]});
    expect(r.rows.map((x) => x.index)).toEqual([100, 100, 100]);
    expect(r.rows.map((x) => x.shifted)).toEqual([5, 5, 5]);
  });
  it("competition ranks: 1, 1, 3", () => {
    const r = preferenceRanking({[W]: 1, [M]: 1}, null, lik, {categories: [W, M, K]});
    expect(r.rows.map((x) => x.rank)).toEqual([1, 1, 3]);
  });
  it("options are validated by name", () => {
    expect(resolvePreferenceOptions({categories: []}).categories).toEqual([]);
    expect(() => preferenceRanking({}, null, lik, {categories: []})).toThrow("preference categories must not be empty");
    expect(() => resolvePreferenceOptions({categories: [W, W]})).toThrow("duplicates");
    expect(() => resolvePreferenceOptions({floor: 0})).toThrow("floor 0");
    expect(() => resolvePreferenceOptions({priorAlpha: -1})).toThrow("priorAlpha -1");
    expect(() => preferenceRanking({[W]: -1}, null, lik, {categories: [W]})).toThrow("-1");
  });
});

describe("preferenceTop", () => {
  const lik = buildLikelihoods({
    age: [
      {category: W, age: 20, n: 5},
      {category: M, age: 30, n: 5}
    ],
    gender: [
      {category: W, gender: "F", n: 5},
      {category: M, gender: "M", n: 5}
    ]
  });
  it("the first rows of every customer's ranking, by clnt_id then position", () => {
    const top = preferenceTop(
      [
        {clnt_id: 2, counts: {[M]: 3}, member: null},
        {clnt_id: 1, counts: {}, member: {age: 20, gender: "F"}}
      ],
      lik,
      {categories: [W, M, K], top: 2}
    );
    expect(top.map((t) => [t.clnt_id, t.position, t.category, t.rank])).toEqual([
      [1, 1, W, 1],
      [1, 2, K, 2],
      [2, 1, M, 1],
      [2, 2, W, 2]
    ]);
  });
});
