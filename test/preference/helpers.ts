import {expect} from "vitest";
import type {PreferenceRow} from "../../src/preference/index.js";

/**
 * Two rankings of one customer agree: categories, counts and ranks, and prior, likelihoods and score
 * exactly (identical arithmetic in the same order); ln, shifted and index to `digits` (ln may differ in
 * the last bit between libm and V8).
 */
export function expectSameRanking(sql: PreferenceRow[], ts: PreferenceRow[], digits: number): void {
  expect(sql.map((r) => [r.category, r.n, r.rank])).toEqual(ts.map((r) => [r.category, r.n, r.rank]));
  sql.forEach((r, i) => {
    const t = ts[i];
    expect([r.prior, r.age_likelihood, r.gender_likelihood, r.score]).toEqual([t.prior, t.age_likelihood, t.gender_likelihood, t.score]);
    for (const k of ["ln", "shifted", "index"] as const) {
      if (t[k] === null) expect(r[k]).toBeNull();
      else expect(r[k]).toBeCloseTo(t[k]!, digits);
    }
  });
}
