import {readFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {openWarehouse, type WarehouseInfo} from "../../loaders/warehouse.js";
import {cleanup, tempDir} from "../ingest/helpers.js";

// End to end with the real generator (tiny scale): what it plants, the reader must find.
describe("the synthetic twin through ensureWarehouse", () => {
  let duck: Duck;
  let info: WarehouseInfo;
  let truth: {
    generator: {seed: number; scale: string};
    counts: {productLines: number; sessions: number; search1Rows: number; customRows: number; masterRows: number};
    quirks: {hitsSeqOne: number; pageViewNa: number; sessionTimeBlank: number; hostileProductNames: {pdC: number; name: string}[]};
    prices: {thousandsQuirk: {lines: number; products: {pdC: number}[]}};
  };
  beforeAll(async () => {
    const root = tempDir("lpoint-root-");
    ({duck, info} = await openWarehouse({env: {LPOINT_SYNTH_SCALE: "tiny"}, root, cacheDir: join(root, ".cache"), log: () => {}}));
    truth = JSON.parse(readFileSync(join(info.dataDir, "truth.json"), "utf8"));
  }, 300_000);
  afterAll(() => {
    duck?.close();
    cleanup();
  });

  const scalar = async (sql: string) => Object.values((await duck.query(sql))[0])[0];

  it("is labelled synthetic with its seed and scale", async () => {
    expect(info).toMatchObject({source: "synthetic", built: true});
    expect(info.dataDir.endsWith(join("synthetic", "tiny-20180401"))).toBe(true);
    const meta = Object.fromEntries((await duck.query<{key: string; value: string}>("SELECT key, value FROM meta")).map((r) => [r.key, r.value]));
    expect(meta).toMatchObject({source: "synthetic", seed: String(truth.generator.seed), scale: "tiny", data_version: info.key});
  });

  it("reads every planted row and reconciles", async () => {
    const rec = Object.fromEntries((await duck.query<{file: string; rows_read: number; rows_accepted: number; rows_quarantined: number}>("SELECT * FROM reconciliation")).map((r) => [r.file, r]));
    expect(rec.product.rows_read).toBe(truth.counts.productLines);
    expect(rec.session.rows_read).toBe(truth.counts.sessions);
    expect(rec.search1.rows_read).toBe(truth.counts.search1Rows);
    expect(rec.custom.rows_read).toBe(truth.counts.customRows);
    expect(rec.master.rows_read).toBe(truth.counts.masterRows);
    for (const r of Object.values(rec)) expect(r.rows_read).toBe(r.rows_accepted + r.rows_quarantined);
  });

  it("finds the planted quirks: HITS_SEQ = 1 lines, NA cells, prices in thousands", async () => {
    expect(await duck.query("SELECT file, reason, count(*) AS n FROM quarantine GROUP BY ALL")).toEqual([{file: "product", reason: "hits_seq_1_notice", n: truth.quirks.hitsSeqOne}]);
    expect(await scalar("SELECT na FROM na_counts WHERE file = 'session' AND column_name = 'TOT_PAG_VIEW_CT'")).toBe(truth.quirks.pageViewNa);
    expect(await scalar("SELECT na FROM na_counts WHERE file = 'session' AND column_name = 'TOT_SESS_HR_V'")).toBe(truth.quirks.sessionTimeBlank);
    expect(await scalar("SELECT count(*) FROM product WHERE price_scaled")).toBe(truth.prices.thousandsQuirk.lines);
    const quirky = new Set(truth.prices.thousandsQuirk.products.map((p) => p.pdC));
    const scaled = await duck.query<{pd_c: number}>("SELECT DISTINCT pd_c FROM product WHERE price_scaled");
    expect(scaled.filter((r) => !quirky.has(r.pd_c))).toEqual([]);
  });

  it("keeps hostile product names verbatim", async () => {
    for (const {pdC, name} of truth.quirks.hostileProductNames) expect(await duck.query("SELECT pd_nm FROM master WHERE pd_c = $c", {c: pdC})).toEqual([{pd_nm: name}]);
  });
});
