// The lifetime-value outputs on the default synthetic demo warehouse: analyze's customer_ltv and customer_types tables and the
// customer table's CLV columns, the page's clv.json against them, and the loaders' bytes on a second run.
import {execFile} from "node:child_process";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {customerTypes} from "../../loaders/analysis.js";
import {hasTempTable, type Duck} from "../../loaders/duck.js";
import {LTV_COLUMNS} from "../../loaders/clv.js";
import {CRM_COLUMNS} from "../../loaders/customers.js";
import {RESULTS} from "../../loaders/results.js";
import "../../loaders/results-all.js";
import {openWarehouse, PROJECT_ROOT} from "../../loaders/warehouse.js";
import {discountWeights, segmentClv} from "../../src/clv/site.js";
import type {ClvFile} from "../../docs/components/clv-data.js";

const run = promisify(execFile);
const loader = async (file: string) => (await run(process.execPath, ["--import", "tsx", file], {cwd: PROJECT_ROOT, encoding: "buffer", maxBuffer: 1 << 30})).stdout;

let duck: Duck;
let ltv: Record<string, unknown>[];
let customers: Record<string, unknown>[];
let first: Buffer;

beforeAll(async () => {
  ({duck} = await openWarehouse({log: () => {}}));
  customers = await RESULTS.find((t) => t.name === "customers")!.rows(duck);
  ltv = await RESULTS.find((t) => t.name === "customer_ltv")!.rows(duck);
  first = await loader("docs/data/clv.json.ts");
}, 600_000);
afterAll(() => duck?.close());

describe("customer_ltv (npm run analyze)", () => {
  it("has its columns and one row per buyer", async () => {
    const table = RESULTS.find((t) => t.name === "customer_ltv")!;
    expect(table.columns).toEqual(LTV_COLUMNS);
    expect(Object.keys(ltv[0])).toEqual([...LTV_COLUMNS]);
    const [{n}] = await duck.query<{n: number}>("SELECT count(DISTINCT p.clnt_id)::INTEGER AS n FROM product p JOIN session s USING (clnt_id, sess_id)");
    expect(ltv).toHaveLength(n);
    expect(new Set(ltv.map((r) => r.clnt_id)).size).toBe(n);
    for (const r of ltv) {
      expect(r.p_alive as number).toBeGreaterThanOrEqual(0);
      expect(r.p_alive as number).toBeLessThanOrEqual(1);
      expect(r.clv as number).toBeGreaterThanOrEqual(0);
      if (r.frequency === 0) expect(r.p_alive).toBe(1);
    }
  });

  it("gives a reason exactly for the customers on a target list", () => {
    const file = JSON.parse(first.toString("utf8")) as ClvFile;
    const withReason = ltv.filter((r) => r.reason !== "");
    const onLists = file.lists!.reduce((s, l) => s + l.customers, 0);
    expect(withReason).toHaveLength(onLists);
    for (const r of withReason) {
      if (r.tier === "star") expect(r.reason as string).toMatch(/^Star \(R\d F\d M\d\).*P\(alive\) = 0\.[0-4]\d/);
      else expect([r.tier, r.reason as string]).toEqual(["unmanaged", expect.stringMatching(/^Unmanaged by the 333 rule/)]);
    }
    const shipped = file.lists!.find((l) => l.key === "stars-gone")!;
    const ids = shipped.rows.map((row) => row[shipped.columns.indexOf("clnt_id")]);
    expect(ids.every((id) => withReason.some((r) => r.clnt_id === id))).toBe(true);
  });

  it("agrees with the customer table's CLV columns (customers.csv)", () => {
    for (const c of ["p_alive", "expected_purchases", "expected_spend", "clv"] as const) expect(CRM_COLUMNS).toContain(c);
    const byId = new Map(customers.map((c) => [c.clnt_id, c]));
    for (const r of ltv) {
      const c = byId.get(r.clnt_id)!;
      expect([c.p_alive, c.expected_purchases, c.expected_spend, c.clv, c.tier, c.type]).toEqual([r.p_alive, r.expected_purchases, r.expected_spend, r.clv, r.tier, r.type]);
    }
    const nonBuyers = customers.filter((c) => !byId.has(c.clnt_id) || c.lines === 0);
    for (const c of nonBuyers) if (c.lines === 0) expect(c.clv).toBeNull();
  });
});

describe("customer_types (npm run analyze)", () => {
  it("reads the types the customer table's build made, the same rows as typed afresh", async () => {
    expect(await hasTempTable(duck, "ctypes")).toBe(true);
    const rows = await RESULTS.find((t) => t.name === "customer_types")!.rows(duck);
    const fresh = (await customerTypes(duck)).map(({clnt_id, group, reference, lines, pattern, type, subtype}) => ({clnt_id, group, reference, lines, pattern, type, subtype}));
    expect(rows.length).toBeGreaterThan(1000);
    expect(Object.keys(rows[0])).toEqual(Object.keys(fresh[0]));
    expect(rows).toEqual(fresh);
  });
});

describe("clv.json", () => {
  it("sums to every buyer, and its segment sums give the customers' CLV at the build's rate", () => {
    const file = JSON.parse(first.toString("utf8")) as ClvFile;
    expect(file.fit.reason).toBeNull();
    expect(file.segments!.reduce((s, x) => s + x.customers, 0)).toBe(ltv.length);
    expect(file.heat!.reduce((s, x) => s + x.customers, 0)).toBe(ltv.length);
    const total = file.segments!.reduce((s, x) => s + segmentClv(x, discountWeights(file.fit.rate)), 0);
    const fromRows = ltv.reduce((s, r) => s + (r.clv as number), 0);
    expect(Math.abs(total / fromRows - 1)).toBeLessThan(1e-4);
    const stars = file.segments!.filter((s) => s.tier === "star").reduce((n, s) => n + s.customers, 0);
    expect(stars).toBe(ltv.filter((r) => r.tier === "star").length);
  });

  it("is byte-identical on a second run, as are the Parquet loaders", async () => {
    expect((await loader("docs/data/clv.json.ts")).equals(first)).toBe(true);
    for (const file of ["docs/data/clv-holdout.parquet.ts", "docs/data/clv-rfm.parquet.ts", "docs/data/clv-spend.parquet.ts"]) {
      const [a, b] = [await loader(file), await loader(file)];
      expect(a.length, file).toBeGreaterThan(0);
      expect(a.equals(b), file).toBe(true);
    }
  });
});
