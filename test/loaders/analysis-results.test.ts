import {createHash} from "node:crypto";
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {ANALYSIS_RESULTS, preferenceTop} from "../../loaders/analysis.js";
import {chunkedTable, writeResultCsv} from "../../loaders/results.js";
import {toCsv} from "../../src/csv.js";
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

  it("writes every table's CSV as toCsv writes its rows, a chunk at a time where the table streams", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lpoint-results-"));
    try {
      for (const t of ANALYSIS_RESULTS) {
        const file = join(dir, `${t.name}.csv`);
        const written = await writeResultCsv(t, duck, file);
        const rows = await t.rows(duck);
        const text = readFileSync(file, "utf8");
        expect(text, t.name).toBe(toCsv(rows, {columns: t.columns, bom: true}));
        expect(written.rows, t.name).toBe(rows.length);
        expect(written.sha256, t.name).toBe(createHash("sha256").update(text).digest("hex"));
      }
      const top = ANALYSIS_RESULTS.find((t) => t.name === "preference_top")!;
      expect(top.chunks).toBeDefined();
      expect(await top.rows(duck)).toEqual(await preferenceTop(duck));
      expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it("writes an empty table's header, and no file when a table fails part-way", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lpoint-results-"));
    try {
      const empty = chunkedTable({name: "empty", description: "", columns: ["a", "b"], chunks: () => duck.stream("SELECT 1 AS a, 2 AS b WHERE false")});
      expect(await writeResultCsv(empty, duck, join(dir, "empty.csv"))).toMatchObject({rows: 0, columns: ["a", "b"]});
      expect(readFileSync(join(dir, "empty.csv"), "utf8")).toBe("\ufeffa,b\n");
      const failing = chunkedTable({
        name: "failing",
        description: "",
        chunks: async function* () {
          yield [{a: 1}];
          throw new Error("lost the connection");
        }
      });
      await expect(writeResultCsv(failing, duck, join(dir, "failing.csv"))).rejects.toThrow("lost the connection");
      expect(existsSync(join(dir, "failing.csv"))).toBe(false);
      expect(readdirSync(dir)).toEqual(["empty.csv"]);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});
