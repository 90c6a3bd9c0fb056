import {describe, expect, it} from "vitest";
import {buildLikelihoods, preferenceTop, type Demographics} from "../../src/preference/ranking.js";
import {preferenceTopColumns, type TopInput, type TopOptions} from "../../src/preference/top.js";
import {compareText} from "../../src/value/bind.js";

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** Random customers: counts per category (some customers none), a share of them members; the columns and the per-customer maps. */
function randomData(seed: number, {customers = 400, categories = 9, memberShare = 0.6, maxCount = 4} = {}) {
  const r = rng(seed);
  const names = Array.from({length: categories}, (_, i) => `카테고리${String.fromCharCode(65 + ((i * 7) % 26))}${i}`).sort(compareText);
  const ages = [20, 30, 40, 50];
  const genders = ["F", "M"];
  const perCustomer: {clnt_id: number; counts: Map<string, number>; member: Demographics | null}[] = [];
  for (let u = 0; u < customers; u++) {
    const clnt_id = 1000 + u * 3 + Math.floor(r() * 3);
    const counts = new Map<string, number>();
    // some customers buy nothing, some everything, most a few categories; small counts make ties common
    const kind = r();
    for (const c of names) if (kind > 0.97 || (kind > 0.1 && r() < 0.3)) counts.set(c, 1 + Math.floor(r() * maxCount));
    const member = r() < memberShare ? {age: ages[Math.floor(r() * ages.length)], gender: genders[Math.floor(r() * 2)]} : null;
    if (counts.size === 0 && member === null) continue;
    perCustomer.push({clnt_id, counts, member});
  }
  const rows = perCustomer.flatMap((c) => [...c.counts].map(([cat, n]) => ({clnt: c.clnt_id, cat: names.indexOf(cat), n})));
  const mem = perCustomer.filter((c) => c.member !== null);
  const input: TopInput = {
    categories: names,
    counts: {clnt: Int32Array.from(rows, (x) => x.clnt), cat: Int32Array.from(rows, (x) => x.cat), n: Float64Array.from(rows, (x) => x.n)},
    members: {clnt: Int32Array.from(mem, (c) => c.clnt_id), age: Int32Array.from(mem, (c) => c.member!.age), gender: Int32Array.from(mem, (c) => genders.indexOf(c.member!.gender))}
  };
  return {names, perCustomer, input};
}

/** The ranking in code one customer at a time (preferenceTop), with the likelihoods from the same counts. */
function reference({names, perCustomer}: ReturnType<typeof randomData>, o: Partial<TopOptions>) {
  const age = new Map<string, number>();
  const gender = new Map<string, number>();
  for (const c of perCustomer) {
    if (!c.member) continue;
    for (const [cat, n] of c.counts) {
      age.set(`${cat}|${c.member.age}`, (age.get(`${cat}|${c.member.age}`) ?? 0) + n);
      gender.set(`${cat}|${c.member.gender}`, (gender.get(`${cat}|${c.member.gender}`) ?? 0) + n);
    }
  }
  const lik = buildLikelihoods(
    {
      age: [...age].map(([k, n]) => ({category: k.split("|")[0], age: Number(k.split("|")[1]), n})),
      gender: [...gender].map(([k, n]) => ({category: k.split("|")[0], gender: k.split("|")[1], n}))
    },
    {alpha: o.alpha ?? 1}
  );
  const categories = o.categories?.length ? names.filter((c) => o.categories!.includes(c)) : names;
  return preferenceTop(perCustomer, lik, {categories, top: o.top ?? 1, priorAlpha: o.priorAlpha ?? 1});
}

describe("preferenceTopColumns: every customer's first categories in one pass", () => {
  const variants: [string, Partial<TopOptions>][] = [
    ["top 1", {top: 1}],
    ["top 5", {top: 5}],
    ["top 12 of 9 categories (every ranking whole)", {top: 12}],
    ["α = 0 (zero likelihoods)", {top: 3, alpha: 0}],
    ["β = 0 (unbought categories score 0)", {top: 3, priorAlpha: 0}],
    ["a subset of the categories, with a name not in the data", {top: 2, categories: []}]
  ];
  it.each(variants)("the rows, scores and index of the ranking one customer at a time: %s", (name, o) => {
    const data = randomData(name.length * 31);
    if (name.startsWith("a subset")) o = {...o, categories: [data.names[1], data.names[4], data.names[7], "없는 카테고리"]};
    const top = o.top ?? 1;
    const got = preferenceTopColumns(data.input, o);
    const want = reference(data, o);
    const rows: typeof want = [];
    got.clnt.forEach((clnt_id, u) => {
      const lo = Math.log(got.minPositive[u]);
      const hi = Math.log(got.maxPositive[u]);
      for (let p = 0; p < top && got.cat[u * top + p] >= 0; p++) {
        const s = got.score[u * top + p];
        const index = Number.isNaN(lo) ? 0 : ((s > 0 ? Math.log(s) - lo + 5 : NaN) / (hi - lo + 5)) * 100;
        rows.push({clnt_id, category: data.names[got.cat[u * top + p]], position: p + 1, rank: 0, score: s, index: Number.isNaN(index) ? 0 : index, member: got.member[u] === 1});
      }
    });
    const key = (r: (typeof want)[number]) => `${r.clnt_id}|${r.position}|${r.category}|${r.member}|${r.score}`;
    expect(rows.map(key)).toEqual(want.map(key));
    rows.forEach((r, i) => expect(r.index).toBeCloseTo(want[i].index, 9));
    expect(new Set(want.map((r) => r.clnt_id)).size).toBe(got.clnt.length);
  });

  it("ties go to the category first in the list, bought or not", () => {
    // two non-members with one purchase each in different categories, and a third with none: every unbought category ties
    const input: TopInput = {
      categories: ["a", "b", "c", "d"],
      counts: {clnt: Int32Array.of(1, 2), cat: Int32Array.of(2, 0), n: Float64Array.of(1, 1)},
      members: {clnt: new Int32Array(0), age: new Int32Array(0), gender: new Int32Array(0)}
    };
    const r = preferenceTopColumns(input, {top: 3});
    expect([...r.clnt]).toEqual([1, 2]);
    expect([...r.cat]).toEqual([2, 0, 1, 0, 1, 2]);
    expect([...r.score]).toEqual([2 / 5, 1 / 5, 1 / 5, 2 / 5, 1 / 5, 1 / 5]);
    expect([...r.minPositive, ...r.maxPositive]).toEqual([1 / 5, 1 / 5, 2 / 5, 2 / 5]);
  });

  it("members without purchases are ranked by their likelihoods; a set with no category of the data gives no rows", () => {
    const input: TopInput = {
      categories: ["a", "b"],
      counts: {clnt: Int32Array.of(5, 5, 7), cat: Int32Array.of(0, 1, 1), n: Float64Array.of(3, 1, 2)},
      members: {clnt: Int32Array.of(5, 7, 9), age: Int32Array.of(30, 40, 30), gender: Int32Array.of(0, 0, 0)}
    };
    const r = preferenceTopColumns(input, {top: 2});
    expect([...r.clnt]).toEqual([5, 7, 9]);
    expect([...r.member]).toEqual([1, 1, 1]);
    // member 9 bought nothing: prior ½ each; P(30 | a) = (3 + 1) / (3 + 2), P(30 | b) = (1 + 1) / (3 + 2); one gender: P = 1
    expect([...r.cat.subarray(4)]).toEqual([0, 1]);
    expect([...r.score.subarray(4)]).toEqual([(1 / 2) * (4 / 5), (1 / 2) * (2 / 5)]);
    expect(preferenceTopColumns(input, {categories: ["z"]}).clnt.length).toBe(0);
    const none = preferenceTopColumns({...input, counts: {clnt: new Int32Array(0), cat: new Int32Array(0), n: new Float64Array(0)}}, {top: 1});
    expect([...none.clnt]).toEqual([5, 7, 9]);
  });

  it("refuses input it cannot rank, naming what is wrong", () => {
    const ok = randomData(5, {customers: 20}).input;
    const withCounts = (c: Partial<TopInput["counts"]>) => ({...ok, counts: {...ok.counts, ...c}});
    expect(() => preferenceTopColumns(withCounts({clnt: ok.counts.clnt.slice().reverse()}))).toThrow(/not sorted by customer/);
    expect(() => preferenceTopColumns(withCounts({cat: ok.counts.cat.map(() => 99)}))).toThrow(/category index 99 outside the 9 categories/);
    expect(() => preferenceTopColumns(withCounts({n: ok.counts.n.map(() => -1)}))).toThrow(/invalid count -1/);
    expect(() => preferenceTopColumns(withCounts({n: ok.counts.n.map(() => NaN)}))).toThrow(/invalid count NaN/);
    expect(() => preferenceTopColumns(withCounts({n: ok.counts.n.slice(1)}))).toThrow(/columns of different lengths/);
    const twice = {...ok, counts: {clnt: Int32Array.of(1, 1), cat: Int32Array.of(3, 3), n: Float64Array.of(1, 2)}};
    expect(() => preferenceTopColumns(twice)).toThrow(/customer 1 has category .* twice/);
    const m = ok.members;
    expect(() => preferenceTopColumns({...ok, members: {...m, clnt: Int32Array.of(m.clnt[0], m.clnt[0], ...m.clnt.subarray(2))}})).toThrow(new RegExp(`customer ${m.clnt[0]} appears twice`));
    expect(() => preferenceTopColumns(ok, {top: 0})).toThrow(/invalid top 0/);
    expect(() => preferenceTopColumns(ok, {alpha: -1})).toThrow(/invalid likelihood smoothing alpha -1/);
    expect(() => preferenceTopColumns(ok, {priorAlpha: -1})).toThrow(/invalid priorAlpha -1/);
  });
});
