import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {mainCategories} from "../../../src/categories.js";
import {categorySizes, groupSizes, segmentSelection, type Selection, type SegmentsData} from "../../../docs/components/segment-model.js";
import type {BrowserSpec} from "../harness.js";
import {isDefaultTwin} from "./05-any-data.js";

/** The artifact the built page loads, read from dist/ so the expected numbers come from the same data. */
function shippedData(): SegmentsData {
  const dir = join(process.cwd(), "dist/_file/data");
  const file = readdirSync(dir).find((f) => /^segments\.[0-9a-f]+\.json$/.test(f));
  if (!file) throw new Error(`no segments.*.json in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as SegmentsData;
}

async function shownPatterns(page: Page): Promise<Record<string, string>> {
  return page.$$eval("#pattern-table tbody tr", (rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute("data-category") ?? "", r.querySelector("td.modal code")?.textContent ?? ""]))
  );
}

function expectedPatterns(data: SegmentsData, sel: Selection): Record<string, string> {
  return Object.fromEntries(segmentSelection(data, sel).patterns.map((p) => [p.category, p.patterns.length ? p.patterns.join(" / ") : "–"]));
}

function same(a: Record<string, string>, b: Record<string, string>, what: string): void {
  if (JSON.stringify(a) !== JSON.stringify(b)) throw new Error(`${what}: page shows ${JSON.stringify(a)}, expected ${JSON.stringify(b)}`);
}

async function toggle(page: Page, control: string, value: string): Promise<void> {
  const before = await page.locator("#pattern-table").innerHTML();
  const options = page.locator(`#${control} label:has(input[type=checkbox])`);
  const labels = (await options.allTextContents()).map((l) => l.trim());
  const i = labels.findIndex((l) => l === value || l.startsWith(`${value} `));
  if (i < 0) throw new Error(`no ${control} option ${value} among ${labels.join(" | ")}`);
  await options.nth(i).locator("input").click();
  await page.waitForFunction((prev) => document.querySelector("#pattern-table")?.innerHTML !== prev, before);
}

const specs: BrowserSpec[] = [
  {
    name: "segments: means and pattern tables, recomputed when a group or category is toggled",
    async run(ctx) {
      const data = shippedData();
      const rule = data.rules[0].key;
      const main = groupSizes(data).slice(0, 7).map((g) => g.group);
      // the page's default categories (the report's where the data have them), in the table's order
      const bySize = categorySizes(data).map((c) => c.category);
      const defaults = new Set(mainCategories(bySize).categories);
      const cats = bySize.filter((c) => defaults.has(c));
      const sel: Selection = {rule, groups: main, categories: cats, average: "all"};

      if (!main.length) {
        const page = await ctx.open("/segments", {waitFor: "#no-groups"});
        if ((await page.locator("#type-cards .card").count()) !== 3) throw new Error("expected three type cards");
        return console.log("    no age × gender group in these data: the page says so");
      }
      const page = await ctx.open("/segments", {waitFor: "#pattern-table tbody tr"});
      if ((await page.locator("#means-table tbody tr").count()) !== main.length + 1) throw new Error("means table should have one row per main group plus the pooled row");
      if ((await page.locator("#bounds-table tbody tr").count()) !== 4) throw new Error("bounds table should list the four variables");
      if ((await page.locator("#type-cards .card").count()) !== 3) throw new Error("expected three type cards");
      const initial = await shownPatterns(page);
      same(initial, expectedPatterns(data, sel), "default patterns");
      // the default twin's categories behave as the report's did
      if (isDefaultTwin() && !(await page.locator("#pattern-table td.match").allTextContents()).some((t) => t === "✓")) throw new Error("no published pattern matched");
      if (main.length < 2) return console.log("    one age × gender group: nothing to drop");

      // dropping a group changes the vote: the expected modal patterns are recomputed from the shipped sums
      const without = (g: string): Selection => ({...sel, groups: main.filter((x) => x !== g)});
      const changes = (g: string) => JSON.stringify(expectedPatterns(data, without(g))) !== JSON.stringify(expectedPatterns(data, sel));
      const dropGroup = ["20M", ...main.slice(1)].find((g) => main.includes(g) && changes(g)) ?? main[1];
      await toggle(page, "group-control", dropGroup);
      const fewer = without(dropGroup);
      const afterGroup = await shownPatterns(page);
      same(afterGroup, expectedPatterns(data, fewer), `patterns without ${dropGroup}`);
      if (changes(dropGroup) && JSON.stringify(afterGroup) === JSON.stringify(initial)) throw new Error(`dropping ${dropGroup} changed no modal pattern`);
      if (await page.locator(`#pattern-table thead th`, {hasText: new RegExp(`^${dropGroup}$`)}).count()) throw new Error(`${dropGroup} column still shown`);
      if (cats.length < 2) return console.log("    one category: nothing to drop");

      // with the group average over the chosen categories, dropping a category moves the averages and the bits with them
      await page.getByLabel("the chosen categories only").check();
      await page.waitForFunction(() => document.querySelector("#means-table")?.isConnected);
      const firstGroup = [...fewer.groups].sort()[0];
      const chosenWithout = (c: string): Selection => ({...fewer, categories: cats.filter((x) => x !== c), average: "chosen"});
      const average = (s: Selection) => segmentSelection(data, s).means.find((m) => m.group === firstGroup && m.category === null)!.time!;
      const dropCat = cats.find((c) => average(chosenWithout(c)) !== average({...fewer, average: "chosen"})) ?? cats[0];
      const avgCell = `#means-table tr[data-group="${firstGroup}"] td.average`;
      const avgBefore = await page.textContent(avgCell);
      await toggle(page, "category-control", dropCat);
      const chosen = chosenWithout(dropCat);
      same(await shownPatterns(page), expectedPatterns(data, chosen), `patterns without ${dropCat}, average over the chosen categories`);
      const expectedAvg = average(chosen);
      const avgAfter = await page.textContent(avgCell);
      const shown = Number(avgAfter?.replaceAll(",", ""));
      if (Math.abs(shown - expectedAvg) > 0.05 || (avgAfter === avgBefore && expectedAvg !== average({...fewer, average: "chosen"}))) throw new Error(`${firstGroup} time average: page ${avgAfter} (was ${avgBefore}), expected ${expectedAvg.toFixed(1)}`);
      if (await page.locator(`#pattern-table tr[data-category="${dropCat}"]`).count()) throw new Error(`${dropCat} still in the pattern table`);
    }
  }
];

export default specs;
