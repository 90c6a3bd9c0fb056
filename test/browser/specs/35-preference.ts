import type {Page} from "playwright-core";
import {preferenceRanking, preferenceTop} from "../../../loaders/analysis.js";
import type {Duck} from "../../../loaders/duck.js";
import {openWarehouse} from "../../../loaders/warehouse.js";
import {categoriesByRevenue} from "../../../loaders/data-info.js";
import {preferenceCategories, type CategorySet} from "../../../src/preference/index.js";
import {csvDownload, type BrowserSpec} from "../harness.js";

let warehouse: Promise<Duck> | null = null;
const duck = () => (warehouse ??= openWarehouse({log: () => {}}).then((w) => w.duck));

/** A member and a non-member buyer to rank; either is undefined where the data have none (no members, say). */
async function pickIds(d: Duck): Promise<{member?: number; nonMember?: number}> {
  const [member] = await d.query<{id: number}>(`SELECT p.clnt_id AS id FROM product p SEMI JOIN custom c USING (clnt_id) GROUP BY p.clnt_id HAVING count(*) BETWEEN 4 AND 8 ORDER BY p.clnt_id LIMIT 1`);
  const [nonMember] = await d.query<{id: number}>(`SELECT p.clnt_id AS id FROM product p ANTI JOIN custom c USING (clnt_id) GROUP BY p.clnt_id HAVING count(*) >= 3 ORDER BY p.clnt_id LIMIT 1`);
  return {member: member?.id, nonMember: nonMember?.id};
}

async function typeId(page: Page, text: string): Promise<void> {
  await page.fill("form.customer-picker input[name=clnt_id]", text);
  // The previous customer's status can contain the new id's digits ("… 31 purchase lines"): wait for this id's own status.
  const id = /^\d+$/.test(text) ? text : null;
  await page.waitForFunction((t) => {
    const s = document.querySelector("#pref-status")?.textContent ?? "";
    return t === null ? s.includes("digits only") : s.startsWith(`Customer ${t}:`) || s.startsWith(`No customer ${t} `);
  }, id);
}

async function shown(page: Page) {
  return page.$$eval("#pref-breakdown tr[data-category]", (trs) =>
    trs.map((tr) => ({category: tr.getAttribute("data-category")!, rank: Number(tr.getAttribute("data-rank")), index: Number(tr.getAttribute("data-index")), score: Number(tr.getAttribute("data-score"))}))
  );
}

async function expectSame(page: Page, id: number, set: CategorySet): Promise<void> {
  const expected = await preferenceRanking(await duck(), id, {categories: preferenceCategories(set, await categoriesByRevenue(await duck()))});
  await page.waitForFunction((n) => document.querySelectorAll("#pref-breakdown tr[data-category]").length === n, expected.rows.length);
  const got = await shown(page);
  const want = expected.rows.map((r) => ({category: r.category, rank: r.rank, index: r.index, score: r.score}));
  if (JSON.stringify(got.map((r) => [r.category, r.rank])) !== JSON.stringify(want.map((r) => [r.category, r.rank])))
    throw new Error(`customer ${id} (${set}): order differs\npage: ${got.map((r) => r.category).join(", ")}\nSQL:  ${want.map((r) => r.category).join(", ")}`);
  got.forEach((r, i) => {
    if (Math.abs(r.index - want[i].index) > 1e-9 || Math.abs(r.score - want[i].score) > 1e-12 * Math.abs(want[i].score))
      throw new Error(`customer ${id} (${set}) ${r.category}: page index ${r.index} score ${r.score}, expected ${want[i].index} / ${want[i].score}`);
  });
}

const specs: BrowserSpec[] = [
  {
    name: "preference: a typed id is ranked live and equals the build's SQL (37 and 11 categories, member and non-member)",
    async run(ctx) {
      const {member, nonMember} = await pickIds(await duck());
      if (member === undefined && nonMember === undefined) throw new Error("no buyer with a few purchase lines to rank");
      const page = await ctx.open("/preference", {waitFor: "#pref-breakdown tr[data-category]"});
      const first = member ?? nonMember!;
      await typeId(page, String(first));
      await expectSame(page, first, "all");
      await page.getByLabel(/^Main categories/).check();
      await expectSame(page, first, "report");
      await page.getByLabel(/^All \d+ categories$/).check();
      if (member !== undefined && nonMember !== undefined) {
        await typeId(page, String(nonMember));
        await expectSame(page, nonMember, "all");
      }
      if (nonMember !== undefined && !(await page.locator("#pref-nonmember").isVisible())) throw new Error("the non-member explanation is not shown");
      if ((await page.locator("#pref-result svg[class^=plot]").count()) !== 1) throw new Error("ranking chart missing");
    }
  },
  {
    name: "preference: invalid ids show a validation message, not an error",
    async run(ctx) {
      const page = await ctx.open("/preference", {waitFor: "#pref-breakdown tr[data-category]"});
      for (const bad of ["1 OR 1=1", "<b>x</b>", "12a", "-5"]) {
        await typeId(page, bad);
        const status = page.locator("#pref-status.validation");
        if (!(await status.isVisible())) throw new Error(`no validation message for ${bad}`);
        if (await page.locator("#pref-result b, #pref-result img").count()) throw new Error(`markup from the input became an element: ${bad}`);
        if (await page.locator("#pref-breakdown tr[data-category]").count()) throw new Error(`a ranking is still shown for ${bad}`);
      }
      await typeId(page, "999999999");
      if (!(await page.textContent("#pref-status"))?.includes("No customer 999999999")) throw new Error("an unknown id should say so");
    }
  },
  {
    name: "preference: the population list matches the build's rank-1 counts and downloads as CSV",
    async run(ctx) {
      const top = await preferenceTop(await duck(), {top: 1});
      const page = await ctx.open("/preference", {waitFor: "#pref-breakdown tr[data-category]"});
      // first view: the summary only; the customer table is fetched when the population view comes into view
      const fetched = () => page.evaluate(() => performance.getEntriesByType("resource").filter((e) => /preference-(customers|counts)|parquet_wasm|duckdb/.test(e.name)).length);
      if (await fetched()) throw new Error("the customer table was fetched before the population view was on screen");
      await page.locator("#pref-population").scrollIntoViewIfNeeded();
      await page.waitForSelector("#pref-population table", {timeout: 60_000});
      if ((await fetched()) < 2) throw new Error("the population view should load the two customer files");
      const category = await page.locator("#pref-population").locator("xpath=preceding::select[1]").inputValue().then(async (v) =>
        page.locator("#pref-population").locator("xpath=preceding::select[1]").locator(`option[value="${v}"]`).textContent()
      );
      const name = category?.split(" (")[0] ?? "";
      const expected = top.filter((r) => r.category === name).length;
      const status = (await page.textContent("#pref-pop-status")) ?? "";
      const n = Number(status.match(/^([\d,]+)/)?.[1].replaceAll(",", ""));
      if (n !== expected) throw new Error(`page says ${n} customers rank ${name} first; the build's SQL says ${expected}`);
      const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#pref-population").getByRole("button", {name: "Download CSV"}).click()]);
      const csv = await csvDownload(download);
      const lines = csv.trimEnd().split("\n");
      if (lines[0] !== "clnt_id,member,age,gender,lines_in_category,lines") throw new Error(`CSV header: ${lines[0]}`);
      if (lines.length - 1 !== expected) throw new Error(`CSV rows ${lines.length - 1}, expected ${expected}`);
    }
  }
];

export default specs;
