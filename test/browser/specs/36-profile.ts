import {customerProfile, preferenceTop, valueTiers} from "../../../loaders/analysis.js";
import type {Duck} from "../../../loaders/duck.js";
import {openWarehouse} from "../../../loaders/warehouse.js";
import type {Page} from "playwright-core";
import {csvDownload, settle, type BrowserSpec} from "../harness.js";
import {isDefaultTwin, profileCategory} from "./05-any-data.js";
import {TIERS} from "../../../src/value/rules.js";

let warehouse: Promise<Duck> | null = null;
const duck = () => (warehouse ??= openWarehouse({log: () => {}}).then((w) => w.duck));

interface DipLists {count: number; disabled: boolean; options: string[]}

/** Polls the dip lists on screen until `want` holds (a re-render lands a frame or more after the input). */
async function dipListsBecome(page: Page, want: (l: DipLists) => boolean, timeout = 30_000): Promise<{ok: boolean; last: DipLists}> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const last = await page.evaluate(() => {
      const selects = [...document.querySelectorAll("form")].filter((f) => f.querySelector("label")?.textContent?.trim() === "Dip window").map((f) => f.querySelector("select")!);
      return {count: selects.length, disabled: selects.some((s) => s.disabled), options: selects.flatMap((s) => [...s.options].map((o) => o.text))};
    });
    if (want(last)) return {ok: true, last};
    if (Date.now() > deadline) return {ok: false, last};
    await page.waitForTimeout(100);
  }
}

const specs: BrowserSpec[] = [
  {
    name: "profile: /profile?id=<id> opens the card with the build's tier, top category and, for a repeat chicken-rib buyer, the spend nudge",
    async run(ctx) {
      const d = await duck();
      const {customers} = await valueTiers(d, {}, {perCustomer: true});
      // a repeat chicken-rib buyer gets the spend nudge the card must show; data without one (a single day) open any customer
      const pick = customers!.find((c) => c.tier === "chicken-rib" && c.f > 1) ?? customers![0];
      if (!pick) throw new Error("no tiered customer in the data");
      const id = pick.clnt_id;
      const expected = await customerProfile(d, id);
      const page = await ctx.open(`/profile?id=${id}`, {waitFor: "#profile-card"});
      const card = page.locator("#profile-card");
      if ((await card.getAttribute("data-clnt-id")) !== String(id)) throw new Error(`card shows ${await card.getAttribute("data-clnt-id")}, not ${id}`);
      if ((await card.getAttribute("data-tier")) !== expected.value?.tier) throw new Error(`tier ${await card.getAttribute("data-tier")}, expected ${expected.value?.tier}`);
      if ((await card.getAttribute("data-top1")) !== expected.preference[0].category) throw new Error(`top category ${await card.getAttribute("data-top1")}, expected ${expected.preference[0].category}`);
      const tierLabel = TIERS.find((t) => t.key === expected.value?.tier)!.label;
      if (!(await page.textContent("#profile-tier"))?.includes(tierLabel)) throw new Error(`tier label ${tierLabel} missing`);
      const nudge = expected.actions.find((a) => a.key === "spend-nudge");
      if (pick.tier === "chicken-rib" && !nudge) throw new Error("a repeat chicken-rib buyer without the spend nudge");
      if (nudge) {
        const shown = await page.locator('#profile-actions li[data-key="spend-nudge"]').textContent();
        if (!shown?.includes(nudge.detail)) throw new Error(`spend nudge: page "${shown}", expected "${nudge.detail}"`);
      }
      if (!(await page.locator("#profile-step3 svg[class^=plot]").count())) throw new Error("purchase timeline missing");
      if (await page.locator("#profile-keywords img, #profile-keywords b, #profile-card script").count()) throw new Error("keyword text became markup");
    }
  },
  {
    name: "profile: opened without an id, it shows the list's first customer and no validation error while that loads",
    async run(ctx) {
      // every status line the page shows on its way to the card, recorded as it appears
      const before = (page: Page) =>
        page.addInitScript(() => {
          const seen: string[] = ((globalThis as unknown as {__statuses: string[]}).__statuses = []);
          new MutationObserver(() => {
            const s = document.getElementById("profile-status");
            const text = s ? `${s.className}: ${s.textContent}` : "";
            if (text && seen[seen.length - 1] !== text) seen.push(text);
          }).observe(document, {subtree: true, childList: true, characterData: true});
        });
      const page = await ctx.open("/profile", {waitFor: "#profile-card", before});
      const statuses = await page.evaluate(() => (globalThis as unknown as {__statuses: string[]}).__statuses);
      const warned = statuses.filter((t) => t.includes("warn"));
      if (warned.length) throw new Error(`validation shown before the first customer opened: ${JSON.stringify(warned)}`);
      const first = await page.locator("#profile-targets a[data-clnt-id]").first().getAttribute("data-clnt-id");
      if ((await page.locator("#profile-card").getAttribute("data-clnt-id")) !== first) throw new Error(`card is not the list's first customer (${first})`);
      // while its files load, the card says which customer is opening (not "no customer open yet" beside a filled box)
      if (!statuses.some((t) => t.includes(`Opening customer ${first}`))) throw new Error(`no "Opening customer ${first}" line on the way to the card: ${JSON.stringify(statuses)}`);
      const after = statuses.slice(statuses.findIndex((t) => t.includes("Opening customer")));
      if (after.some((t) => t.includes("No customer open yet"))) throw new Error(`"no customer open" shown after the customer began opening: ${JSON.stringify(statuses)}`);
    }
  },
  {
    name: "profile: an invalid ?id shows a validation message; the target list downloads as CSV with every target",
    async run(ctx) {
      const bad = await ctx.open(`/profile?id=${encodeURIComponent("<b>x</b>")}`, {waitFor: "#profile-status"});
      if (!(await bad.textContent("#profile-status"))?.includes("digits only")) throw new Error("no validation message for a hostile id");
      if (await bad.locator("#profile-step3 b").count()) throw new Error("the id became markup");
      const top = await preferenceTop(await duck(), {top: 1});
      // the report's example where the data forecast it, else the forecast category most customers rank first
      const firsts = (c: string) => top.filter((r) => r.category === c).length;
      const category = profileCategory(firsts)!;
      const expected = top.filter((r) => r.category === category).length;
      const page = await ctx.open(`/profile?category=${encodeURIComponent(category)}`, {waitFor: "#profile-targets table"});
      const n = Number((await page.textContent("#profile-target-count"))?.match(/^([\d,]+)/)?.[1].replaceAll(",", ""));
      if (n !== expected) throw new Error(`page lists ${n} targets for ${category}, the build's SQL ranks ${expected} customers first there`);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", {name: "Download target list (CSV)"}).click()]);
      const csv = await csvDownload(download);
      const lines = csv.trimEnd().split("\n");
      if (lines[0] !== "clnt_id,member,gender,age,tier,type,sessions,lines,total,last_date,top2") throw new Error(`CSV header: ${lines[0]}`);
      if (lines.length - 1 !== expected) throw new Error(`CSV rows ${lines.length - 1}, expected ${expected}`);
      // a category the data do not forecast (a link from another build): named as text, not switched silently
      const odd = "<img src=x onerror=alert(1)>";
      const other = await ctx.open(`/profile?category=${encodeURIComponent(odd)}`, {waitFor: "#profile-url-category"});
      if (!(await other.textContent("#profile-url-category"))?.includes(`“${odd}”`)) throw new Error("the unknown category of the link is not named");
      if (await other.locator("#profile-url-category img").count()) throw new Error("the link's category became markup");
    }
  },
  {
    name: "profile: a category without dips replaces the previous category's dip list, and switching back restores it",
    async run(ctx) {
      let stripped = "";
      const page = await ctx.open("/profile", {
        waitFor: "#profile-dip",
        before: (p) =>
          p.route(/\/forecast\.[0-9a-f]+\.json$/, async (route) => {
            const response = await route.fetch();
            const json = (await response.json()) as {categories: {category: string; dips: unknown}[]};
            // a throw in here would end the whole browser run, not fail this spec: the check after the page opens does
            const cat = json.categories.find((c, i) => i > 0 && c.dips);
            if (cat) {
              stripped = cat.category;
              cat.dips = null;
            }
            await route.fulfill({response, json});
          })
      });
      if (!stripped && !isDefaultTwin()) return console.log("    the forecast has no second category with dips (too little data to forecast): nothing to switch between");
      if (!stripped) throw new Error("the forecast has no second category with dips to take them from");
      const dipLists = page.getByLabel("Dip window");
      const category = page.getByLabel("Category");
      const first = await category.inputValue();
      const before = await dipLists.locator("option").count();
      if (before < 1 || !(await dipLists.isEnabled())) throw new Error("the first category's dips are not offered");
      await category.selectOption({label: (await category.locator("option").allTextContents()).find((t) => t.startsWith(stripped))!});
      await settle(page);
      const none = await dipListsBecome(page, (l) => l.count === 1 && l.disabled && l.options.join() === "none for this category");
      if (!none.ok) throw new Error(`after switching to ${stripped} the dip list is not the empty one: ${JSON.stringify(none.last)}`);
      const said = await page.waitForFunction(() => document.querySelector("#profile-dip")?.textContent?.startsWith("No dip for this category"), undefined, {timeout: 30_000}).then(() => true, () => false);
      if (!said) throw new Error(`the text does not say there is no dip: ${await page.textContent("#profile-dip")}`);
      await category.selectOption(first);
      await settle(page);
      const back = await dipListsBecome(page, (l) => l.count === 1 && !l.disabled && l.options.length === before);
      if (!back.ok) throw new Error(`switching back did not restore the ${before} dips: ${JSON.stringify(back.last)}`);
    }
  },
  {
    name: "profile: list → card → back keeps filters, sort and customer in the address, without reloading the page",
    async run(ctx) {
      // the report's example where the data forecast it, else the forecast category most customers rank first
      const top = await preferenceTop(await duck(), {top: 1});
      const firsts = (c: string) => top.filter((r) => r.category === c).length;
      const category = profileCategory(firsts);
      if (!category || firsts(category) < 2) {
        if (isDefaultTwin()) throw new Error(`the default twin has no forecast category with two targets (${category})`);
        return console.log(`    no forecast category that two customers rank first: no list to move along`);
      }
      const page = await ctx.open(`/profile?category=${encodeURIComponent(category)}`, {waitFor: "#profile-targets table"});
      await page.evaluate(() => ((window as unknown as {__noReload: boolean}).__noReload = true));
      await page.getByRole("radio", {name: /Recency/}).check();
      await page.waitForFunction(() => new URLSearchParams(location.search).get("sort") === "recency");
      // leave out a tier that still leaves two customers to move between (Unmanaged on the default twin)
      const listed = async () => Number((await page.textContent("#profile-target-count"))?.match(/^([\d,]+)/)?.[1].replaceAll(",", ""));
      let tier = "";
      for (const t of [...[...TIERS].reverse().map((x) => x.label), "no purchase"]) {
        const box = page.getByRole("checkbox", {name: t});
        await box.uncheck();
        await page.waitForFunction(() => !!new URLSearchParams(location.search).get("tiers"));
        await settle(page);
        if ((await listed()) >= 2) {
          tier = t;
          break;
        }
        await box.check();
        await page.waitForFunction(() => !new URLSearchParams(location.search).get("tiers"));
        await settle(page);
      }
      if (!tier && isDefaultTwin()) throw new Error(`every tier left out leaves fewer than two of ${category}'s targets`);
      if (!tier) return console.log(`    ${category}'s targets are too few to leave a tier out and still move between two`);
      await page.waitForFunction(() => !!new URLSearchParams(location.search).get("id"));
      await settle(page);
      await page.locator("#profile-card").waitFor({timeout: 30_000});
      const first = await page.locator("#profile-card").getAttribute("data-clnt-id");
      const links = page.locator("#profile-targets a[data-clnt-id]");
      // a row on screen (the table renders more rows only as it scrolls)
      const second = (await links.allTextContents()).slice(0, 6).find((id) => id !== first)!;
      await page.locator(`#profile-targets a[data-clnt-id="${second}"]`).click();
      await page.locator(`#profile-card[data-clnt-id="${second}"]`).waitFor({timeout: 30_000});
      if (new URLSearchParams(new URL(page.url()).search).get("id") !== second) throw new Error(`the address does not name customer ${second}: ${page.url()}`);
      await page.goBack();
      await page.waitForFunction((id) => new URLSearchParams(location.search).get("id") === id, first);
      await page.locator(`#profile-card[data-clnt-id="${first}"]`).waitFor({timeout: 30_000});
      if (!(await page.evaluate(() => (window as unknown as {__noReload?: boolean}).__noReload))) throw new Error("the page reloaded");
      if (!(await page.getByRole("radio", {name: /Recency/}).isChecked())) throw new Error("the sort was lost");
      if (await page.getByRole("checkbox", {name: tier}).isChecked()) throw new Error("the tier filter was lost");
      // the same address in a fresh page restores the same state
      const again = await ctx.open(new URL(page.url()).pathname + new URL(page.url()).search, {waitFor: "#profile-card"});
      if ((await again.locator("#profile-card").getAttribute("data-clnt-id")) !== first) throw new Error("a reloaded address shows another customer");
      if (!(await again.getByRole("radio", {name: /Recency/}).isChecked()) || (await again.getByRole("checkbox", {name: tier}).isChecked())) throw new Error("a reloaded address lost the filters");
    }
  }
];

export default specs;
