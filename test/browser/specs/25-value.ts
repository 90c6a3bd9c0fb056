import {readdirSync, readFileSync} from "node:fs";
import {contrastRatio} from "../../../src/color.js";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {openDuck} from "../../../loaders/duck.js";
import {resolveThresholds, scoreCustomer, TIER_KEYS, type TierKey, type ValueInput, type ValueThresholds} from "../../../src/value/rules.js";
import {csvDownload, type BrowserSpec} from "../harness.js";
import {isDefaultTwin, shippedInfo} from "./05-any-data.js";

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
      // an M3 cut-off on the slider's grid that moves someone: 500,000 KRW on the default twin, else the first that does
      const highM3 = resolveThresholds({highM: 3});
      const atHighM3 = JSON.stringify(expectedCounts(base, highM3));
      const m3 = [500_000, 300_000, 200_000, 150_000, 800_000, 1_500_000].find((v) => JSON.stringify(expectedCounts(base, {highM: 3, m3: v})) !== atHighM3);
      if (m3 === undefined && isDefaultTwin()) throw new Error("no M3 cut-off moves a customer of the default twin");
      const moved = resolveThresholds({highM: 3, m3: m3 ?? 500_000});
      const page = await ctx.open("/value", {waitFor: "#value-status[data-via=cube]"});
      await waitForThresholds(page, defaults);
      // first view: summary and cube only; customer rows and DuckDB-WASM wait for the target list
      const heavy = () => page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => /value-base|value-migration|duckdb|parquet_wasm/.test(n)));
      if ((await heavy()).length) throw new Error(`fetched at first view: ${(await heavy()).join(", ")}`);
      const atDefaults = expectedCounts(base, defaults);
      // the default twin fills every tier; a few customers need not
      if (isDefaultTwin() && TIER_KEYS.some((k) => !(atDefaults[k] > 0))) throw new Error(`a tier is empty at the report's thresholds: ${JSON.stringify(atDefaults)}`);
      same("report thresholds", await shownCounts(page), atDefaults);
      // the migration needs two halves (at least two months of data)
      const halves = Boolean(shippedInfo().period.halves);
      await page.waitForFunction((n) => document.querySelectorAll("svg[class^=plot]").length >= n, halves ? 5 : 4, {timeout: 30_000})
        .catch(() => Promise.reject(new Error(`expected the three score charts, the grid${halves ? " and the migration matrix" : ""}`)));
      if (!halves && !(await page.locator("#value-migration-none").count())) throw new Error("data without two halves: the migration does not say why it is missing");

      // with "high M" = M ≥ 2 the M3 cut-off moves no one between tiers, so switch to M = 3 first
      await page.locator("[data-threshold=highM] input[type=radio][value='3']").check();
      await waitForThresholds(page, highM3);
      same("high M = M3", await shownCounts(page), expectedCounts(base, highM3));

      const slider = page.locator("[data-threshold=m3] input[type=range]");
      await slider.fill(String(moved.m3));
      await slider.dispatchEvent("input");
      await waitForThresholds(page, moved);
      if ((await page.getAttribute("#value-status", "data-via")) !== "cube") throw new Error(`${moved.m3} KRW is on the slider grid: the cube should answer`);
      const atMoved = expectedCounts(base, moved);
      if (m3 === undefined) console.log("    no M3 cut-off on the grid moves any of these customers: the move is checked, not its effect");
      same("high M = M3, M3 from 500,000 KRW", await shownCounts(page), atMoved);

      await page.getByRole("button", {name: /Reset/}).click();
      await waitForThresholds(page, defaults);
      same("after Reset", await shownCounts(page), atDefaults);
      if ((await slider.inputValue()) !== String(defaults.m3)) throw new Error(`Reset left the M3 slider at ${await slider.inputValue()}`);
      if (!(await page.locator("[data-threshold=highM] input[type=radio][value='2']").isChecked())) throw new Error("Reset left high M at M = 3");
      if ((await page.locator("[data-threshold=m3] input[type=text]").inputValue()) !== "₩1,000,000") throw new Error("Reset left the M3 box at another value");

      await page.getByLabel("Tier", {exact: true}).selectOption({label: "Chicken rib (계륵)"});
      await page.waitForSelector("#value-list[data-tier=chicken-rib]", {timeout: 30_000});
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#value-list").getByRole("button", {name: /Download target list/}).click()]);
      const csv = await csvDownload(download);
      const lines = csv.trimEnd().split("\n");
      if (lines[0] !== LIST_HEADER) throw new Error(`unexpected CSV header: ${lines[0]}`);
      if (lines.length - 1 !== atDefaults["chicken-rib"]) throw new Error(`CSV has ${lines.length - 1} customers, expected ${atDefaults["chicken-rib"]}`);
      if (!lines.slice(1).every((l) => l.split(",")[1] === "chicken-rib")) throw new Error("CSV lists customers outside the chosen tier");
    }
  },
  {
    name: "value: every typed threshold is either applied exactly (box, slider and results agree) or refused with a message",
    async run(ctx) {
      const base = await shippedBase();
      const page = await ctx.open("/value", {waitFor: "#value-status[data-via=cube]"});
      const box = (k: string) => page.locator(`[data-threshold=${k}] input[type=text]`);
      const note = (k: string) => page.locator(`[data-threshold=${k}] .threshold-note`);
      const type = async (k: string, text: string) => {
        await box(k).fill(text);
        await box(k).dispatchEvent("input");
      };
      const applied = async (partial: Partial<ValueThresholds>, label: string) => {
        const t = resolveThresholds(partial);
        await waitForThresholds(page, t);
        same(label, await shownCounts(page), expectedCounts(base, t));
      };
      // off the slider's grid: applied, scored customer by customer, said so
      await type("m2", "123,456");
      await applied({m2: 123_456}, "M2 typed 123,456");
      if ((await page.getAttribute("#value-status", "data-via")) !== "customers") throw new Error("an off-grid M2 should be scored customer by customer");
      if (!/scored customer by customer/.test(await note("m2").innerText())) throw new Error("the M2 box does not say its value is off the slider's grid");
      if (/report's thresholds/.test(await page.innerText("#value-status")) && !/differ/.test(await page.innerText("#value-status"))) throw new Error("the status still claims the report's thresholds");
      await box("m2").blur();
      if ((await box("m2").inputValue()) !== "₩123,456") throw new Error(`the M2 box shows ${await box("m2").inputValue()} after leaving it`);
      // refused: the results keep the last applied value and the box says why
      for (const [k, text, why] of [["m2", "-5", /not an amount/], ["m2", "abc", /not a number/], ["rfCut", "10", /2 to 6/], ["rfCut", "3.5", /whole number/]] as const) {
        await type(k, text);
        await page.waitForFunction(([kk]) => document.querySelector(`[data-threshold=${kk}] input[type=text]`)?.getAttribute("aria-invalid") === "true", [k]);
        const msg = await note(k).innerText();
        if (!why.test(msg) || !/Not applied/.test(msg)) throw new Error(`typing ${text} in ${k}: message ${JSON.stringify(msg)}`);
        await applied({m2: 123_456}, `after refusing ${text}`);
        await box(k).blur();
      }
      if ((await box("m2").inputValue()) !== "₩123,456" || (await box("rfCut").inputValue()) !== "4") throw new Error("a refused value stayed in its box");
      // the last keystroke counts, decimals and values beyond the slider too
      await type("gapDays", "500");
      await applied({m2: 123_456, gapDays: 500}, "gap 500");
      await type("gapDays", "7.5");
      await applied({m2: 123_456, gapDays: 7.5}, "gap 7.5");
      if ((await page.locator("[data-threshold=gapDays] input[type=range]").inputValue()) !== "7") {
        // a range input rounds to its step: 7.5 shows between 7 and 8, never at the old value
        const v = Number(await page.locator("[data-threshold=gapDays] input[type=range]").inputValue());
        if (!(v === 7 || v === 8)) throw new Error(`the gap slider shows ${v} for 7.5`);
      }
      await type("rfCut", "5");
      await applied({m2: 123_456, gapDays: 7.5, rfCut: 5}, "R + F cut 5");
      if ((await page.locator("[data-threshold=rfCut] input[type=range]").inputValue()) !== "5") throw new Error("the R + F slider does not follow the box");
    }
  },
  {
    name: "value: the migration matrix shows 25 counts that equal the build's, each legible on its own fill (WCAG AA)",
    async run(ctx) {
      if (!shippedInfo().period.halves) {
        const page = await ctx.open("/value", {waitFor: "#value-migration-none"});
        if (await page.locator("#value-migration svg").count()) throw new Error("a migration matrix drawn for data without two halves");
        return console.log("    data within one calendar month: no halves to compare, and the page says so");
      }
      const page = await ctx.open("/value", {waitFor: "#value-migration svg"});
      const cells = await page.$$eval("#value-migration svg g[aria-label=cell] rect", (rs) => rs.map((r) => ({x: Number(r.getAttribute("x")) + Number(r.getAttribute("width")) / 2, y: Number(r.getAttribute("y")) + Number(r.getAttribute("height")) / 2, fill: r.getAttribute("fill") ?? ""})));
      const texts = await page.$$eval("#value-migration svg .migration-count text", (ts) => ts.map((t) => ({text: t.textContent ?? "", x: Number(t.getAttribute("x") ?? 0), y: Number(t.getAttribute("y") ?? 0), transform: t.getAttribute("transform") ?? "", fill: t.getAttribute("fill") ?? ""})));
      if (cells.length !== 25 || texts.length !== 25) throw new Error(`expected 25 cells and 25 numbers, got ${cells.length} and ${texts.length}`);
      const summary = JSON.parse(readFileSync(join("dist/_file/data", readdirSync("dist/_file/data").find((f) => /^value-summary\.[0-9a-f]+\.json$/.test(f))!), "utf8")) as {migration: {customers: number}[]};
      const shown = texts.map((t) => Number(t.text.replaceAll(",", ""))).sort((a, b) => a - b);
      const built = summary.migration.map((m) => m.customers).concat(Array(25 - summary.migration.length).fill(0)).sort((a, b) => a - b);
      if (JSON.stringify(shown) !== JSON.stringify(built)) throw new Error(`numbers shown ${JSON.stringify(shown)} differ from the build's ${JSON.stringify(built)}`);
      for (const t of texts) {
        const at = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.transform);
        const [x, y] = at ? [Number(at[1]), Number(at[2])] : [t.x, t.y];
        const cell = cells.reduce((best, c) => (Math.hypot(c.x - x, c.y - y) < Math.hypot(best.x - x, best.y - y) ? c : best));
        const ratio = contrastRatio(cell.fill, t.fill);
        if (ratio < 4.5) throw new Error(`"${t.text}" (${t.fill}) on ${cell.fill}: contrast ${ratio.toFixed(2)} < 4.5`);
      }
    }
  }
];

export default specs;
