import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {customerProfile, preferenceRanking, preferenceTables, preferenceTop} from "../../loaders/analysis.js";
import {
  buildLikelihoods,
  demographicCountsSql,
  preferenceCategories,
  preferenceRanking as tsRanking,
  preferenceTop as tsTop,
  preferenceRankingQuery,
  preferenceTopQuery,
  preferenceTopWideQuery,
  PREFERENCE_TABLES,
  PREF_AGE_COUNTS_SQL,
  PREF_CATEGORIES_SQL,
  PREF_COUNTS_SQL,
  PREF_GENDER_COUNTS_SQL,
  PREF_MEMBERS_SQL,
  type Demographics,
  type PreferenceRow
} from "../../src/preference/index.js";
import {createPreferenceTop} from "../../loaders/preference-top.js";
import {toPositional} from "../../src/value/bind.js";
import {fixtureLines, openFixture, randomFixture, rng} from "../fixtures/analysis/warehouse.js";
import {expectSameRanking} from "../preference/helpers.js";

const data = randomFixture(99, {customers: 1500, memberShare: 0.7});
const lines = fixtureLines(data);
const allCategories = [...new Set(data.master.map((m) => m.clac1_nm))];

/** Independent TS inputs built from the fixture rows. */
function tsInputs() {
  const age = new Map<string, number>();
  const gender = new Map<string, number>();
  const counts = new Map<number, Map<string, number>>();
  for (const l of lines) {
    const c = counts.get(l.clnt_id) ?? new Map<string, number>();
    c.set(l.clac1_nm, (c.get(l.clac1_nm) ?? 0) + 1);
    counts.set(l.clnt_id, c);
    if (l.age === null || l.gender === null) continue;
    age.set(`${l.clac1_nm}|${l.age}`, (age.get(`${l.clac1_nm}|${l.age}`) ?? 0) + 1);
    gender.set(`${l.clac1_nm}|${l.gender}`, (gender.get(`${l.clac1_nm}|${l.gender}`) ?? 0) + 1);
  }
  const likelihoodCounts = {
    age: [...age].map(([k, n]) => ({category: k.split("|")[0], age: Number(k.split("|")[1]), n})),
    gender: [...gender].map(([k, n]) => ({category: k.split("|")[0], gender: k.split("|")[1], n}))
  };
  const members = new Map<number, Demographics>(data.custom.map((c) => [c.clnt_id, {age: c.age, gender: c.gender}]));
  return {likelihoodCounts, counts, members};
}

const same = (sql: PreferenceRow[], ts: PreferenceRow[]) => expectSameRanking(sql, ts, 10);

describe("preference: SQL = TS on a random warehouse", () => {
  let duck: Duck;
  const {likelihoodCounts, counts, members} = tsInputs();
  beforeAll(async () => {
    duck = await openFixture(data);
    for (const [name, sql] of [
      [PREFERENCE_TABLES.categories, PREF_CATEGORIES_SQL],
      [PREFERENCE_TABLES.ageCounts, PREF_AGE_COUNTS_SQL],
      [PREFERENCE_TABLES.genderCounts, PREF_GENDER_COUNTS_SQL],
      [PREFERENCE_TABLES.counts, PREF_COUNTS_SQL],
      [PREFERENCE_TABLES.members, PREF_MEMBERS_SQL]
    ]) {
      await duck.run(`CREATE TABLE ${name} AS ${sql}`);
    }
  });
  afterAll(() => duck?.close());

  it("likelihood and count tables", async () => {
    const t = await preferenceTables(duck, {perCustomer: true});
    expect(t.categories.map((c) => c.category).sort()).toEqual([...allCategories].sort());
    expect(t.ageCounts.reduce((s, r) => s + r.n, 0)).toBe(lines.filter((l) => l.age !== null).length);
    expect(t.counts!.reduce((s, r) => s + r.n, 0)).toBe(lines.length);
    expect(t.members!.length).toBe(data.custom.length);
  });

  it("member counts by age and by gender summed from the per-customer counts equal those from the purchase lines", async () => {
    for (const [by, direct] of [["age", PREF_AGE_COUNTS_SQL], ["gender", PREF_GENDER_COUNTS_SQL]] as const) {
      const summed = await duck.query(demographicCountsSql(PREFERENCE_TABLES.counts, by));
      expect(summed).toEqual(await duck.query(direct));
      expect(summed.length).toBeGreaterThan(10);
    }
    expect(() => demographicCountsSql(PREFERENCE_TABLES.counts, "region" as "age")).toThrow(/invalid demographic "region"/);
  });

  const variants: Array<[string, {alpha?: number; priorAlpha?: number; categories?: string[]}]> = [
    ["defaults (all categories, α = 1, Laplace prior)", {}],
    ["the report's 11 categories (K = 11)", {categories: preferenceCategories("report", allCategories)}],
    ["α = 0.5, β = 2", {alpha: 0.5, priorAlpha: 2}],
    ["α = 0 (zero likelihoods possible)", {alpha: 0}]
  ];
  it.each(variants)("one customer's ranking on the page tables: %s", async (_name, o) => {
    const lik = buildLikelihoods(likelihoodCounts, {alpha: o.alpha ?? 1});
    const buyers = [...counts.keys()];
    const r = rng(3);
    const nonBuyerMember = data.custom.find((c) => !counts.has(c.clnt_id))!.clnt_id;
    const nonMember = buyers.find((id) => !members.has(id))!;
    const ids = [nonBuyerMember, nonMember, 987_654_321, ...Array.from({length: 8}, () => buyers[Math.floor(r() * buyers.length)])];
    let zeros = 0;
    for (const id of ids) {
      const sql = await preferenceRanking(duck, id, {...o, sources: PREFERENCE_TABLES});
      const ts = tsRanking(counts.get(id) ?? {}, members.get(id) ?? null, lik, {categories: o.categories ?? allCategories, priorAlpha: o.priorAlpha ?? 1});
      expect([sql.member, sql.n_u, sql.k]).toEqual([ts.member, ts.n_u, ts.k]);
      same(sql.rows, ts.rows);
      zeros += ts.rows.filter((x) => x.ln === null).length;
    }
    if (o.alpha === 0) expect(zeros).toBeGreaterThan(0);
  });

  it("the warehouse sources give the same ranking (build time)", async () => {
    const lik = buildLikelihoods(likelihoodCounts);
    for (const id of [...counts.keys()].slice(0, 4)) {
      const sql = await preferenceRanking(duck, id);
      same(sql.rows, tsRanking(counts.get(id)!, members.get(id) ?? null, lik, {categories: allCategories}).rows);
    }
  });

  it("runs with positional parameters (the DuckDB-WASM binding)", async () => {
    const id = [...counts.keys()][5];
    const q = toPositional(preferenceRankingQuery(id));
    expect(q.sql).not.toMatch(/\$[A-Za-z]/);
    const page = await duck.query<PreferenceRow>(q.sql, q.values);
    const ts = tsRanking(counts.get(id)!, members.get(id) ?? null, buildLikelihoods(likelihoodCounts), {categories: allCategories});
    same(page, ts.rows);
  });

  const topVariants: Array<[string, {top: number; alpha?: number; priorAlpha?: number; categories?: string[]}]> = [
    ["top 2, defaults", {top: 2}],
    ["top 3, α = 0 (zero scores)", {top: 3, alpha: 0}],
    ["top 1, the report's 11 categories", {top: 1, categories: preferenceCategories("report", allCategories)}],
    ["top 2, β = 0 (unbought categories score 0)", {top: 2, priorAlpha: 0}]
  ];
  it.each(topVariants)("every customer's top rows (buyers and members): %s", async (_name, o) => {
    const lik = buildLikelihoods(likelihoodCounts, {alpha: o.alpha ?? 1});
    const ids = [...new Set([...counts.keys(), ...members.keys()])];
    const ts = tsTop(
      ids.map((id) => ({clnt_id: id, counts: counts.get(id) ?? {}, member: members.get(id) ?? null})),
      lik,
      {categories: o.categories ?? allCategories, top: o.top, priorAlpha: o.priorAlpha ?? 1}
    );
    const sql = await preferenceTop(duck, {...o, sources: PREFERENCE_TABLES});
    const key = (r: {clnt_id: number; position: number; category: string; rank: number; member: boolean; score: number}) => `${r.clnt_id}|${r.position}|${r.category}|${r.rank}|${r.member}|${r.score}`;
    const a = sql.map(key);
    const b = ts.map(key);
    const at = a.findIndex((x, i) => x !== b[i]);
    expect(at < 0 && a.length === b.length ? null : {at, sql: a[at], ts: b[at], lengths: [a.length, b.length]}).toBeNull();
    expect(Math.max(...sql.map((r, i) => Math.abs(r.index - ts[i].index)))).toBeLessThan(1e-9);
    // without the index (a caller that only ranks): the same rows, and no index column to misread
    const {top, ...options} = o;
    const q = preferenceTopQuery(top, options, PREFERENCE_TABLES, {index: false});
    expect(q.sql).not.toMatch(/\bmm\b|\bul\b/);
    const ranked = await duck.query<Record<string, unknown>>(q.sql, q.params);
    expect(ranked.map((r) => Object.keys(r).join())).toEqual(ranked.map(() => "clnt_id,category,position,rank,score,member"));
    expect(ranked).toEqual(sql.map(({index: _i, ...r}) => r));
    // one row per customer (the customer table's), ranked in code: the same categories and indexes, bit for bit
    const names = await createPreferenceTop(duck, "ptop_test", {...options, top}, PREFERENCE_TABLES);
    const wideQ = preferenceTopWideQuery(top, "ptop_test", options, PREFERENCE_TABLES);
    const wide = await duck.query<Record<string, unknown>>(`${wideQ.sql} ORDER BY clnt_id`, wideQ.params);
    const pivot = new Map<number, Record<string, unknown>>();
    for (const r of sql) {
      const row = pivot.get(r.clnt_id) ?? {clnt_id: r.clnt_id, ...Object.fromEntries(Array.from({length: top}, (_, i) => [[`top${i + 1}`, null], [`top${i + 1}_index`, null]]).flat())};
      row[`top${r.position}`] = r.category;
      row[`top${r.position}_index`] = r.index;
      pivot.set(r.clnt_id, row);
    }
    expect(wide.length).toBeGreaterThan(1000);
    expect(wide).toEqual([...pivot.values()]);
    // with codes: the same rows, each category as its index into the names createPreferenceTop returns
    const codesQ = preferenceTopWideQuery(top, "ptop_test", options, PREFERENCE_TABLES, {codes: true});
    const coded = await duck.query<Record<string, unknown>>(`${codesQ.sql} ORDER BY clnt_id`, codesQ.params);
    expect(names).toEqual([...new Set(names)].sort());
    const named = coded.map((r) => ({...r, ...Object.fromEntries(Array.from({length: top}, (_, i) => [`top${i + 1}`, r[`top${i + 1}`] === null ? null : names[r[`top${i + 1}`] as number]]))}));
    expect(named).toEqual(wide);
  });

  it("the one-row-per-customer ranking keeps short rankings short and refuses a bad top", async () => {
    // two categories only: no customer has more than 2 rows, so top 4 leaves positions 3 and 4 empty
    const two = [...allCategories].sort().slice(0, 2);
    await createPreferenceTop(duck, "ptop_two", {top: 4, categories: two}, PREFERENCE_TABLES);
    const q = preferenceTopWideQuery(4, "ptop_two", {}, PREFERENCE_TABLES);
    const rows = await duck.query<Record<string, unknown>>(q.sql, q.params);
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.every((r) => two.includes(r.top1 as string) && two.includes(r.top2 as string) && r.top3 === null && r.top4 === null && r.top4_index === null)).toBe(true);
    expect(rows.every((r) => r.top1 !== r.top2 && (r.top1_index as number) >= (r.top2_index as number))).toBe(true);
    expect(() => preferenceTopWideQuery(0, "ptop_two")).toThrow(/invalid top 0/);
    expect(() => preferenceTopWideQuery(2.5, "ptop_two")).toThrow(/invalid top 2.5/);
    await expect(createPreferenceTop(duck, "ptop_bad", {top: 0}, PREFERENCE_TABLES)).rejects.toThrow(/invalid top 0/);
  });

  it("a customer profile with concrete actions", async () => {
    const id = [...counts.entries()].sort((a, b) => b[1].size - a[1].size)[0][0];
    const p = await customerProfile(duck, id);
    expect(p.base?.n_lines).toBe(lines.filter((l) => l.clnt_id === id).length);
    expect(p.preference[0].rank).toBe(1);
    expect(p.categories.reduce((s, c) => s + c.lines, 0)).toBe(p.base!.n_lines);
    expect(p.actions.length).toBeGreaterThan(1);
    expect(p.actions[0].source).toBe("tier");
    expect(p.actions[0].playbook).toBe(p.value!.tier);
    const none = await customerProfile(duck, 987_654_321);
    expect(none.base).toBeNull();
    expect(none.actions.map((a) => a.key)).toEqual(["welcome-gift"]);
  });
});
