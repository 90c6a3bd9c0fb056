import {readdirSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {openDuck} from "../../../loaders/duck.js";
import {resolveThresholds, scoreCustomer, TIER_KEYS, type TierKey, type ValueInput, type ValueThresholds} from "../../../src/value/rules.js";
import type {BrowserSpec} from "../harness.js";

const LIST_HEADER = "clnt_id,tier,r,f,m,e,total,n_dates,mean_day,first_date,last_date,point_rate,point_cost,action";

/** The base table the page shipped, read natively (not through the page's engine). */
async function shippedBase(): Promise<ValueInput[]> {
  const dir = "dist/_file/data";
  const files = readdirSync(dir).filter((f) => /^value-base\.[0-9a-f]+\.parquet$/.test(f));
  if (files.length !== 1) throw new Error(`expected one shipped value-base Parquet in ${dir}, found ${JSON.stringify(files)}`);
  const duck = await openDuck();
  try {
    return await duck.query<ValueInput>(`SELECT months_ago, n_dates, mean_day, total FROM read_parquet($path)`, {path: join(dir, files[0])});
  } finally {
    duck.close();
  }
}

function expectedCounts(base: readonly ValueInput[], partial: Partial<ValueThresholds>): Record<TierKey, number> {
  const t = resolveThresholds(partial);
  const out = Object.fromEntries(TIER_KEYS.map((k) => [k, 0])) as Record<TierKey, number>;
  for (const c of base) out[scoreCustomer(c, t).tier]++;
  return out;
}

async function shownCounts(page: Page): Promise<Record<TierKey, number>> {
  const cards = await page.$$eval("#value-tier-counts [data-tier]", (els) => els.map((e) => [e.getAttribute("data-tier"), Number(e.getAttribute("data-customers"))] as const));
  return Object.fromEntries(cards) as Record<TierKey, number>;
}

async function waitForThresholds(page: Page, t: ValueThresholds): Promise<void> {
  await page.waitForFunction((want) => document.querySelector("#value-status")?.getAttribute("data-thresholds") === want, JSON.stringify(t), {timeout: 30_000});
}

function same(label: string, got: Record<TierKey, number>, want: Record<TierKey, number>): void {
  if (TIER_KEYS.some((k) => got[k] !== want[k])) throw new Error(`${label}: page shows ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

const specs: BrowserSpec[] = [
  {
    name: "value: live re-tier on a slider move equals an independent count, Reset restores, target list downloads as CSV",
    async run(ctx) {
      const base = await shippedBase();
      const defaults = resolveThresholds();
      const moved = resolveThresholds({highM: 3, m3: 500_000});
      const page = await ctx.open("/value", {waitFor: "#value-status[data-via=cube]"});
      await waitForThresholds(page, defaults);
      // first view: summary and cube only; customer rows and DuckDB-WASM wait for the target list
      const heavy = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => /value-base|value-migration|duckdb|parquet_wasm/.test(n)));
      if ((await heavy()).length) throw new Error(`fetched at first view: ${(await heavy()).join(", ")}`);
      const atDefaults = expectedCounts(base, defaults);
      if (TIER_KEYS.some((k) => !(atDefaults[k] > 0))) throw new Error(`a tier is empty at the report's thresholds: ${JSON.stringify(atDefaults)}`);
      same("report thresholds", await shownCounts(page), atDefaults);
      await page.waitForFunction(() => document.querySelectorAll("svg[class^=plot]").length >= 5, undefined, {timeout: 30_000})
        .catch(() => Promise.reject(new Error("expected the three score charts, the grid and the migration matrix")));

      // with "high M" = M ≥ 2 the M3 cut-off moves no one between tiers, so switch to M = 3 first
      const highM3 = resolveThresholds({highM: 3});
      await page.locator("[data-threshold=highM] input[type=radio][value='1']").check();
      await waitForThresholds(page, highM3);
      same("high M = M3", await shownCounts(page), expectedCounts(base, highM3));

      const slider = page.locator("[data-threshold=m3] input[type=range]");
      await slider.fill(String(moved.m3));
      await slider.dispatchEvent("input");
      await waitForThresholds(page, moved);
      if ((await page.getAttribute("#value-status", "data-via")) !== "cube") throw new Error("500,000 KRW is on the slider grid: the cube should answer");
      const atMoved = expectedCounts(base, moved);
      if (TIER_KEYS.every((k) => atMoved[k] === expectedCounts(base, highM3)[k])) throw new Error("moving M3 to 500,000 KRW changed no expected count: the check would be vacuous");
      same("high M = M3, M3 from 500,000 KRW", await shownCounts(page), atMoved);

      await page.getByRole("button", {name: /Reset/}).click();
      await waitForThresholds(page, defaults);
      same("after Reset", await shownCounts(page), atDefaults);
      if ((await slider.inputValue()) !== String(defaults.m3)) throw new Error(`Reset left the M3 slider at ${await slider.inputValue()}`);
      if (!(await page.locator("[data-threshold=highM] input[type=radio][value='0']").isChecked())) throw new Error("Reset left high M at M = 3");

      await page.getByLabel("Tier", {exact: true}).selectOption({label: "Chicken rib (계륵)"});
      await page.waitForSelector("#value-list[data-tier=chicken-rib]", {timeout: 30_000});
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#value-list").getByRole("button", {name: /Download target list/}).click()]);
      const csv = await (await download.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
      const lines = csv.trimEnd().split("\n");
      if (lines[0] !== LIST_HEADER) throw new Error(`unexpected CSV header: ${lines[0]}`);
      if (lines.length - 1 !== atDefaults["chicken-rib"]) throw new Error(`CSV has ${lines.length - 1} customers, expected ${atDefaults["chicken-rib"]}`);
      if (!lines.slice(1).every((l) => l.split(",")[1] === "chicken-rib")) throw new Error("CSV lists customers outside the chosen tier");
    }
  }
];

export default specs;
