// On the default demo warehouse: the TS ranking (what the library computes in memory) equals the SQL
// ranking (what `npm run analyze`, the loaders and the page run) for a sample of customers.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {preferenceRanking as sqlRanking, preferenceTables, preferenceTop} from "../../loaders/analysis.js";
import type {Duck} from "../../loaders/duck.js";
import {categoriesByRevenue} from "../../loaders/data-info.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {buildLikelihoods, preferenceCategories, preferenceRanking, type CategorySet, type Demographics, type LikelihoodTables, type PreferenceRow} from "../../src/preference/index.js";
import {expectSameRanking} from "../preference/helpers.js";

let duck: Duck;
let byRevenue: string[];
let lik: LikelihoodTables;
const counts = new Map<number, Map<string, number>>();
const members = new Map<number, Demographics>();
const sample = new Map<number, string>();

beforeAll(async () => {
  ({duck} = await openWarehouse({log: () => {}}));
  byRevenue = await categoriesByRevenue(duck);
  const t = await preferenceTables(duck, {perCustomer: true});
  lik = buildLikelihoods({age: t.ageCounts, gender: t.genderCounts});
  for (const r of t.counts!) {
    const m = counts.get(r.clnt_id) ?? new Map<string, number>();
    m.set(r.category, r.n);
    counts.set(r.clnt_id, m);
  }
  for (const m of t.members!) members.set(m.clnt_id, {age: m.age, gender: m.gender});
  const lines = (id: number) => [...(counts.get(id)?.values() ?? [])].reduce((s, n) => s + n, 0);
  const buyers = [...counts.keys()].sort((a, b) => a - b);
  const pick = (why: string, ids: number[]) => ids.slice(0, 2).forEach((id) => sample.set(id, why));
  pick("non-member", buyers.filter((id) => !members.has(id) && lines(id) > 2));
  pick("one purchase", buyers.filter((id) => lines(id) === 1));
  pick("member, most lines", [...buyers].filter((id) => members.has(id)).sort((a, b) => lines(b) - lines(a) || a - b));
  pick("member without purchases", [...members.keys()].filter((id) => !counts.has(id)).sort((a, b) => a - b));
  for (let i = 0; i < buyers.length; i += Math.ceil(buyers.length / 12)) sample.set(buyers[i], "spread");
}, 300_000);
afterAll(() => duck?.close());

const same = (sql: PreferenceRow[], ts: PreferenceRow[]) => expectSameRanking(sql, ts, 9);

describe("preference index: TS = SQL on the demo warehouse", () => {
  it("the sample covers a non-member, a one-purchase customer and a member without purchases", () => {
    const whys = new Set(sample.values());
    for (const w of ["non-member", "one purchase", "member without purchases"]) expect(whys.has(w)).toBe(true);
  });

  for (const set of ["all", "report"] as CategorySet[]) {
    it(`every sampled customer's full ranking (${set})`, async () => {
      const categories = preferenceCategories(set, byRevenue);
      for (const [id, why] of sample) {
        const ts = preferenceRanking(counts.get(id) ?? new Map(), members.get(id) ?? null, lik, {categories});
        const sql = await sqlRanking(duck, id, {categories});
        expect(sql.rows.length, `${id} (${why})`).toBe(categories.length);
        expect(sql.member).toBe(ts.member);
        expect(sql.n_u).toBe(ts.n_u);
        same(sql.rows, ts.rows);
        if (!ts.member) expect(ts.rows.every((r) => r.age_likelihood === 1 && r.gender_likelihood === 1)).toBe(true);
        expect(ts.rows[0].index).toBe(100);
      }
    });
  }

  it("rank-1 counts: one rank-1 row per customer, matching each sampled ranking", async () => {
    const top = await preferenceTop(duck, {top: 1});
    const customers = new Set([...counts.keys(), ...members.keys()]);
    expect(top.length).toBe(customers.size);
    expect(new Set(top.map((r) => r.clnt_id)).size).toBe(customers.size);
    const perCategory = new Map<string, number>();
    for (const r of top) perCategory.set(r.category, (perCategory.get(r.category) ?? 0) + 1);
    expect([...perCategory.values()].reduce((s, n) => s + n, 0)).toBe(customers.size);
    const byId = new Map(top.map((r) => [r.clnt_id, r]));
    for (const id of sample.keys()) {
      const ts = preferenceRanking(counts.get(id) ?? new Map(), members.get(id) ?? null, lik, {categories: preferenceCategories("all", byRevenue)});
      expect(byId.get(id)?.category, String(id)).toBe(ts.rows[0].category);
      expect(byId.get(id)?.index).toBeCloseTo(100, 9);
    }
  });
});
