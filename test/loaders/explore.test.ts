import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {ingestDuplicates, keywordDaily} from "../../loaders/explore.js";

let duck: Duck;
const report = (duplicates: unknown) => JSON.stringify({files: {search2: {duplicates}, search1: {duplicates: 3}}});
async function setMeta(value: string | null): Promise<void> {
  await duck.run("DELETE FROM meta");
  if (value !== null) await duck.run("INSERT INTO meta VALUES ('ingest_report', $v)", {v: value});
}

beforeAll(async () => {
  duck = await openDuck();
  await duck.run("CREATE TABLE meta (key VARCHAR, value VARCHAR)");
  // unique (date, keyword) keys with ties at every day's bar
  await duck.run(`CREATE TABLE unique_rows AS
    SELECT DATE '2018-12-20' + (i % 30)::INTEGER AS sess_dt, 'kw' || (i // 30)::VARCHAR AS kwd_nm, 1 + (i * 31) % 4 AS search_cnt FROM range(6000) t(i)`);
});
afterAll(() => duck?.close());

describe("keywordDaily", () => {
  it("reads the ingest's duplicate count per file, null where none is recorded", async () => {
    await setMeta(report(0));
    expect(await ingestDuplicates(duck, "search2")).toBe(0);
    expect(await ingestDuplicates(duck, "search1")).toBe(3);
    expect(await ingestDuplicates(duck, "product")).toBeNull();
    await setMeta(report("0"));
    expect(await ingestDuplicates(duck, "search2")).toBeNull();
    await setMeta(null);
    expect(await ingestDuplicates(duck, "search2")).toBeNull();
  });

  it("gives the same artifact from search2's own rows (no repeated key) as from summing them", async () => {
    await duck.run("CREATE OR REPLACE TABLE search2 AS SELECT * FROM unique_rows");
    await setMeta(report(1));
    const summed = await keywordDaily(duck, {monthTop: 20, dayTop: 5});
    await setMeta(report(0));
    const direct = await keywordDaily(duck, {monthTop: 20, dayTop: 5});
    expect(direct).toEqual(summed);
    expect(direct.keywords.length).toBeGreaterThan(5);
    expect(direct.dates[0]).toBe("2018-12-20");
  });

  it("sums repeated keys unless the ingest recorded none", async () => {
    // every row twice: counted as duplicates by the ingest, so each day total doubles
    await duck.run("CREATE OR REPLACE TABLE search2 AS SELECT * FROM unique_rows UNION ALL SELECT * FROM unique_rows");
    for (const meta of [report(6000), null]) {
      await setMeta(meta);
      const doubled = await keywordDaily(duck, {monthTop: 20, dayTop: 5});
      await duck.run("CREATE OR REPLACE TABLE search2 AS SELECT * FROM unique_rows");
      const once = await keywordDaily(duck, {monthTop: 20, dayTop: 5});
      expect(doubled.keywords).toEqual(once.keywords.map((k) => ({...k, counts: k.counts.map((c) => 2 * c)})));
      expect(doubled.dayBars).toEqual(once.dayBars.map((b) => ({...b, bar: 2 * b.bar})));
      expect(doubled.monthBars).toEqual(once.monthBars.map((b) => ({...b, bar: 2 * b.bar})));
      await duck.run("CREATE OR REPLACE TABLE search2 AS SELECT * FROM unique_rows UNION ALL SELECT * FROM unique_rows");
    }
  });
});
