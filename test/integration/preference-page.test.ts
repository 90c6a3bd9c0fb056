/**
 * The preference page's data, end to end on the default demo warehouse: the shipped loaders' outputs
 * (summary JSON, customer and count Parquet) turned into the page's in-memory customer table, against
 * the build's SQL — every customer's counts and demographics, rankings by lookup, rank-1 counts.
 */
import {execFile} from "node:child_process";
import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {preferenceRanking as sqlRanking, preferenceTables, preferenceTop} from "../../loaders/analysis.js";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {categoriesByRevenue} from "../../loaders/data-info.js";
import {openWarehouse, PROJECT_ROOT} from "../../loaders/warehouse.js";
import {
  buildLikelihoods,
  customerRecord,
  customerTable,
  findCustomer,
  preferenceCategories,
  preferenceRanking,
  rank1Counts,
  rank1Customers,
  rankFromTable,
  type CategorySet,
  type CustomerTable,
  type LikelihoodTables
} from "../../src/preference/index.js";
import type {PreferenceSummary} from "../../docs/components/preference-db.js";

const run = promisify(execFile);

async function loaderOutput(loader: string): Promise<Buffer> {
  const {stdout} = await run(process.execPath, ["--import", "tsx", loader], {cwd: PROJECT_ROOT, encoding: "buffer", maxBuffer: 1 << 30});
  return stdout;
}

let warehouse: Duck;
let byRevenue: string[];
let summary: PreferenceSummary;
let table: CustomerTable;
let lik: LikelihoodTables;
const dir = mkdtempSync(join(tmpdir(), "lpoint-pref-"));

beforeAll(async () => {
  const [s, customers, counts] = await Promise.all([
    loaderOutput("docs/data/preference-summary.json.ts"),
    loaderOutput("docs/data/preference-customers.parquet.ts"),
    loaderOutput("docs/data/preference-counts.parquet.ts")
  ]);
  summary = JSON.parse(s.toString("utf8")) as PreferenceSummary;
  writeFileSync(join(dir, "customers.parquet"), customers);
  writeFileSync(join(dir, "counts.parquet"), counts);
  const duck = await openDuck();
  try {
    const columns = async (file: string) => {
      const rows = await duck.query<Record<string, number>>(`SELECT * FROM read_parquet($file)`, {file: join(dir, file)});
      const names = Object.keys(rows[0] ?? {});
      return Object.fromEntries(names.map((n) => [n, rows.map((r) => r[n])]));
    };
    table = customerTable((await columns("customers.parquet")) as never, (await columns("counts.parquet")) as never, summary);
  } finally {
    duck.close();
  }
  lik = buildLikelihoods({age: summary.ageCounts, gender: summary.genderCounts});
  ({duck: warehouse} = await openWarehouse({log: () => {}}));
  byRevenue = await categoriesByRevenue(warehouse);
}, 300_000);
afterAll(() => {
  warehouse?.close();
  rmSync(dir, {recursive: true, force: true});
});

describe("preference page data = the build's tables and SQL", () => {
  it("one row per buyer or member, with that customer's counts and demographics", async () => {
    const t = await preferenceTables(warehouse, {perCustomer: true});
    const counts = new Map<number, Map<string, number>>();
    for (const r of t.counts!) counts.set(r.clnt_id, (counts.get(r.clnt_id) ?? new Map()).set(r.category, r.n));
    const members = new Map(t.members!.map((m) => [m.clnt_id, {age: m.age, gender: m.gender}]));
    const ids = [...new Set([...counts.keys(), ...members.keys()])].sort((a, b) => a - b);
    expect(Array.from(table.ids)).toEqual(ids);
    expect(summary.customers).toBe(ids.length);
    expect(summary.categories).toEqual(t.categories.map((c) => c.category));
    for (let i = 0; i < ids.length; i++) {
      const r = customerRecord(table, i);
      const want = counts.get(ids[i]) ?? new Map();
      if (r.counts.size !== want.size || [...want].some(([c, n]) => r.counts.get(c) !== n)) throw new Error(`customer ${ids[i]}: counts ${JSON.stringify([...r.counts])}, expected ${JSON.stringify([...want])}`);
      expect(r.member).toEqual(members.get(ids[i]) ?? null);
      expect(r.lines).toBe([...want.values()].reduce((s, n) => s + n, 0));
    }
  });

  it("the summary's likelihood counts and samples are the warehouse's", async () => {
    const t = await preferenceTables(warehouse);
    expect(summary.ageCounts).toEqual(t.ageCounts);
    expect(summary.genderCounts).toEqual(t.genderCounts);
    expect(summary.samples.length).toBeGreaterThanOrEqual(8);
    for (const s of summary.samples) {
      const r = customerRecord(table, findCustomer(table, s.clnt_id));
      expect(new Map(Object.entries(s.counts))).toEqual(r.counts);
      expect(s.member).toEqual(r.member);
    }
  });

  for (const set of ["all", "report"] as CategorySet[]) {
    it(`rankings by lookup equal the SQL ranking (${set})`, async () => {
      const step = Math.ceil(table.ids.length / 10);
      const ids = [...summary.samples.map((s) => s.clnt_id), ...Array.from(table.ids).filter((_, i) => i % step === 0)];
      for (const id of ids) {
        const page = rankFromTable(table, lik, id, set)!;
        const sql = await sqlRanking(warehouse, id, {categories: preferenceCategories(set, byRevenue)});
        expect(page.member, String(id)).toBe(sql.member);
        expect(page.n_u).toBe(sql.n_u);
        expect(page.rows.map((r) => [r.category, r.n, r.rank, r.prior, r.age_likelihood, r.gender_likelihood, r.score])).toEqual(
          sql.rows.map((r) => [r.category, r.n, r.rank, r.prior, r.age_likelihood, r.gender_likelihood, r.score])
        );
        page.rows.forEach((r, i) => expect(r.index).toBeCloseTo(sql.rows[i].index, 9));
        // a sample ranked from the summary file is the same ranking
        const sample = summary.samples.find((s) => s.clnt_id === id);
        if (sample) expect(preferenceRanking(new Map(Object.entries(sample.counts)), sample.member, lik, {categories: preferenceCategories(set, byRevenue)}).rows).toEqual(page.rows);
      }
      expect(rankFromTable(table, lik, 2_147_483_647, set)).toBeNull();
    });

    it(`rank-1 counts and lists equal the build's preferenceTop (${set})`, async () => {
      const top = await preferenceTop(warehouse, {top: 1, categories: preferenceCategories(set, byRevenue)});
      const want = new Map<string, {customers: number; members: number}>();
      for (const r of top) {
        const w = want.get(r.category) ?? {customers: 0, members: 0};
        w.customers++;
        if (r.member) w.members++;
        want.set(r.category, w);
      }
      const got = rank1Counts(table, set);
      expect(new Map(got.map((g) => [g.category, {customers: g.customers, members: g.members}]))).toEqual(want);
      for (let i = 1; i < got.length; i++) expect(got[i - 1].customers).toBeGreaterThanOrEqual(got[i].customers);
      const first = got[0].category;
      const list = rank1Customers(table, set, first);
      expect(list.map((r) => r.clnt_id).sort((a, b) => a - b)).toEqual(top.filter((r) => r.category === first).map((r) => r.clnt_id));
      for (let i = 1; i < list.length; i++) expect(list[i - 1].lines_in_category).toBeGreaterThanOrEqual(list[i].lines_in_category);
    });
  }
});
