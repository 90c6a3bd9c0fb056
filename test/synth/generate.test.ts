import {mkdtempSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {generateDataset, type GenerateSummary} from "../../loaders/generate.js";
import {loadCalendar} from "../../loaders/holidays.js";
import {TWIN_PERIOD} from "../../src/synth/scale.js";

const loadCalendar2018 = async () => (await loadCalendar(TWIN_PERIOD.start, TWIN_PERIOD.end)).days;
import {REPORT_CATEGORIES} from "../../src/categories.js";
import {RAW_FILE_NAMES} from "../../src/synth/csv.js";
import {createTwin} from "../../src/synth/twin.js";
import {cachedTwin, openTwin, weekdayIndex} from "./fixture.js";

const HOSTILE = ["<svg onload=alert(1)>", "=cmd|' /C calc'!A0", "키워드, \"따옴표\""];

describe("generateDataset (tiny)", () => {
  const dirs: string[] = [];
  let first: GenerateSummary;
  let second: GenerateSummary;

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) dirs.push(mkdtempSync(join(tmpdir(), "twin-")));
    first = await generateDataset({outDir: dirs[0], scale: "tiny", seed: 7, hostileKeywords: HOSTILE});
    second = await generateDataset({outDir: dirs[1], scale: "tiny", seed: 7, hostileKeywords: HOSTILE});
  });
  afterAll(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})));

  it("returns the summary of the contract", () => {
    expect(first.scale).toBe("tiny");
    expect(first.seed).toBe(7);
    expect(Object.keys(first.rows).sort()).toEqual(["custom", "master", "product", "search1", "search2", "session"]);
    expect(first.rows.product).toBeGreaterThan(15_000);
    expect(first.rows.product).toBeLessThan(25_000);
    expect(first.files.product.endsWith("01.Pruduct.csv")).toBe(true);
    expect(first.weatherFile.endsWith("weather-seoul-108.csv")).toBe(true);
    expect(first.truthFile.endsWith("truth.json")).toBe(true);
  });

  it("writes byte-identical files for the same seed and scale", () => {
    const names = readdirSync(dirs[0]).sort();
    expect(names).toEqual([...Object.values(RAW_FILE_NAMES), "truth.json", "weather-seoul-108.csv"].sort());
    expect(readdirSync(dirs[1]).sort()).toEqual(names);
    for (const name of names) expect(readFileSync(join(dirs[1], name)).equals(readFileSync(join(dirs[0], name))), name).toBe(true);
    expect(second.rows).toEqual(first.rows);
  });

  it("writes a different data set for another seed", async () => {
    const other = mkdtempSync(join(tmpdir(), "twin-"));
    dirs.push(other);
    const summary = await generateDataset({outDir: other, scale: "tiny", seed: 8});
    expect(readFileSync(summary.files.product).equals(readFileSync(first.files.product))).toBe(false);
  });

  it("plants requested keywords in Search1 and among the top 200 of Search2", async () => {
    const duck = await openTwin(dirs[0]);
    try {
      const top = await duck.query<{kwd_nm: string}>(`SELECT kwd_nm FROM search2 GROUP BY 1 ORDER BY sum(search_cnt) DESC, 1 LIMIT 200`);
      const inSearch1 = await duck.query<{kwd_nm: string}>(`SELECT DISTINCT kwd_nm FROM search1`);
      for (const kw of HOSTILE) {
        expect(top.map((r) => r.kwd_nm), kw).toContain(kw);
        expect(inSearch1.map((r) => r.kwd_nm), kw).toContain(kw);
      }
    } finally {
      duck.close();
    }
  });

  it("names the bad option", async () => {
    await expect(generateDataset({outDir: dirs[0], scale: "huge" as "tiny"})).rejects.toThrow(/invalid scale: "huge"/);
    await expect(generateDataset({outDir: dirs[0], seed: -3})).rejects.toThrow(/invalid seed: -3/);
    await expect(generateDataset({outDir: ""})).rejects.toThrow(/invalid outDir/);
  });
});

describe("streaming", () => {
  it("row generators are lazy: one day is simulated per step", async () => {
    const twin = createTwin({calendar: await loadCalendar2018(), scale: "demo", seed: 3});
    const heap = process.memoryUsage().heapUsed;
    const days = twin.purchaseDays();
    const day1 = days.next();
    expect(day1.done).toBe(false);
    expect(day1.value?.date).toBe("2018-04-01");
    expect(day1.value?.products.length).toBeGreaterThan(500);
    expect(() => twin.truth()).toThrow(/run to the end/);
    const master = twin.masterRows();
    expect(master.next().value?.pdC).toBeGreaterThan(0);
    expect(twin.search2Days().next().value?.length).toBeGreaterThan(100);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(64 * 2 ** 20);
  });

  it("peak memory grows little from tiny to demo (20 times the rows)", async () => {
    const tiny = await cachedTwin("tiny", 20180401);
    const demo = await cachedTwin("demo", 20180401);
    expect(demo.summary.rows.product).toBeGreaterThan(18 * tiny.summary.rows.product);
    expect(demo.summary.peakRssMb - tiny.summary.peakRssMb).toBeLessThan(150);
  });
});

describe("design: holidays and weather do not bias the weekday indices", () => {
  it("the decomposition of the expected daily revenue is within 0.8% of the planted multipliers", async () => {
    const calendar = await loadCalendar2018();
    const twin = createTwin({calendar, scale: "tiny", seed: 20180401});
    const weekdays = calendar.map((d) => d.weekday);
    for (const name of REPORT_CATEGORIES) {
      const c = twin.demand.categories.findIndex((x) => x.clac1 === name);
      const revenue = Array.from(twin.demand.expected[c], (v, d) => v * twin.demand.priceLevel[d]);
      const index = weekdayIndex(revenue, weekdays);
      const planted = twin.demand.categories[c].weekday;
      for (let k = 0; k < 7; k++) expect(Math.abs(index[k] / planted[k] - 1), `${name} weekday ${k}`).toBeLessThan(0.008);
    }
  });
});
