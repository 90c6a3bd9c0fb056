import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {ANALYSIS_RESULTS} from "../../loaders/analysis.js";
import {openFixture, randomFixture} from "../fixtures/analysis/warehouse.js";

describe("headless result tables (npm run analyze)", () => {
  let duck: Duck;
  beforeAll(async () => {
    duck = await openFixture(randomFixture(3, {customers: 400}));
  });
  afterAll(() => duck?.close());

  it("every table has a unique name and rows", async () => {
    expect(new Set(ANALYSIS_RESULTS.map((r) => r.name)).size).toBe(ANALYSIS_RESULTS.length);
    for (const t of ANALYSIS_RESULTS) {
      const rows = await t.rows(duck);
      expect(rows.length, t.name).toBeGreaterThan(0);
    }
  });

  it("value tiers sum to every buyer; migration covers every buyer", async () => {
    const tiers = await ANALYSIS_RESULTS.find((r) => r.name === "value_tiers")!.rows(duck);
    const buyers = (await duck.query<{n: number}>("SELECT count(DISTINCT clnt_id) AS n FROM product"))[0].n;
    expect(tiers.reduce((s, r) => s + (r.customers as number), 0)).toBe(buyers);
    const migration = await ANALYSIS_RESULTS.find((r) => r.name === "value_migration")!.rows(duck);
    expect(migration.reduce((s, r) => s + (r.customers as number), 0)).toBe(buyers);
  });
});
