import {describe, expect, it} from "vitest";
import {KNOWN_CATEGORIES} from "../../src/categories.js";
import {buildLikelihoods, customerRecord, customerTable, findCustomer, preferenceRanking, rank1Counts, rank1Customers, rankFromTable, setCategories} from "../../src/preference/index.js";

const [a, b, c] = KNOWN_CATEGORIES.map((x) => x.name).sort();
const dict = {categories: [a, b, c], main: [a, c], genders: ["F", "M"]};
// customers 3 (member F 20s: a×2, c×1), 10 (non-member: b×4), 12 (member M 30s, no purchases)
const customers = {clnt_id_step: [3, 7, 2], age: [20, 0, 30], gender: [1, 0, 2], all_top: [0, 1, 2], report_top: [0, 1, 2], lines: [3, 4, 0], n_cats: [2, 1, 0]};
const counts = {category: [0, 2, 1], n: [2, 1, 4]};

describe("the page's customer table", () => {
  const t = customerTable(customers, counts, dict);
  it("rebuilds ids from their steps and finds rows by binary search", () => {
    expect(Array.from(t.ids)).toEqual([3, 10, 12]);
    expect([3, 10, 12, 1, 11, 13].map((id) => findCustomer(t, id))).toEqual([0, 1, 2, -1, -1, -1]);
  });
  it("gives each customer's counts and demographics", () => {
    expect(customerRecord(t, 0)).toEqual({clnt_id: 3, member: {age: 20, gender: "F"}, lines: 3, counts: new Map([[a, 2], [c, 1]])});
    expect(customerRecord(t, 1)).toEqual({clnt_id: 10, member: null, lines: 4, counts: new Map([[b, 4]])});
    expect(customerRecord(t, 2)).toEqual({clnt_id: 12, member: {age: 30, gender: "M"}, lines: 0, counts: new Map()});
  });
  it("ranks by lookup exactly as preferenceRanking on the same inputs", () => {
    const lik = buildLikelihoods({age: [{category: a, age: 20, n: 5}, {category: b, age: 30, n: 2}], gender: [{category: a, gender: "F", n: 5}, {category: c, gender: "M", n: 1}]});
    const r = rankFromTable(t, lik, 3, "all")!;
    expect(r.k).toBe(3);
    expect(r.rows).toEqual(preferenceRanking(new Map([[a, 2], [c, 1]]), {age: 20, gender: "F"}, lik, {categories: setCategories("all", dict)}).rows);
    expect(rankFromTable(t, lik, 4, "all")).toBeNull();
  });
  it("counts and lists rank-1 customers, members among them", () => {
    expect(rank1Counts(t, "all")).toEqual([{category: a, customers: 1, members: 1}, {category: b, customers: 1, members: 0}, {category: c, customers: 1, members: 1}]);
    expect(rank1Customers(t, "all", b)).toEqual([{clnt_id: 10, member: false, age: null, gender: null, lines_in_category: 4, lines: 4}]);
    expect(rank1Customers(t, "all", "zzz")).toEqual([]);
  });
  it("refuses files that do not fit together", () => {
    expect(() => customerTable({...customers, n_cats: [2, 1, 1]}, counts, dict)).toThrow("different builds");
    expect(() => customerTable({...customers, clnt_id_step: [3, 0, 2]}, counts, dict)).toThrow("strictly increasing");
    expect(() => customerTable({...customers, gender: [3, 0, 2]}, counts, dict)).toThrow("gender code 3");
    expect(() => customerTable(customers, {category: [0, 3, 1], n: [2, 1, 4]}, dict)).toThrow("category code 3");
  });
});
