import {csvDownload, type BrowserSpec} from "../harness.js";
import {shippedJson} from "./05-any-data.js";

export const HOSTILE = ["<img src=x onerror=alert(1)>", '=HYPERLINK("http://x","y")'];

const specs: BrowserSpec[] = [
  {
    name: "overview: KPIs, charts, keyword period filter and network threshold",
    async run(ctx) {
      const page = await ctx.open("/", {waitFor: "#wordcloud-card svg.wordcloud text"});
      const customers = Number((await page.textContent("#kpi-customers"))?.replaceAll(",", ""));
      if (!(customers > 0)) throw new Error(`customers KPI not shown: ${customers}`);
      if ((await page.locator("svg[class^=plot]").count()) < 6) throw new Error("expected at least 6 Plot charts");
      const status = page.locator("#cloud-status");
      const before = await status.textContent();
      if (!before?.includes("2018-04-01 – 2018-09-30")) throw new Error(`cloud status for the full period: ${before}`);
      const firstAll = await page.locator("#keyword-table tbody tr").first().textContent();
      await page.locator("select").first().selectOption({label: "Sep 2018"});
      await page.waitForFunction(() => document.querySelector("#cloud-status")?.textContent?.includes("2018-09-01 – 2018-09-30"));
      const firstSep = await page.locator("#keyword-table tbody tr").first().textContent();
      const searchesAll = Number(firstAll?.match(/([\d,]+)\s*$/)?.[1].replaceAll(",", ""));
      const searchesSep = Number(firstSep?.match(/([\d,]+)\s*$/)?.[1].replaceAll(",", ""));
      if (!(searchesSep < searchesAll)) throw new Error(`September's top keyword (${firstSep}) should have fewer searches than the period's (${firstAll})`);
      const shownBefore = await page.locator("#network-status").textContent();
      const slider = page.locator("#network-card").locator("xpath=preceding::input[@type='range'][1]");
      await slider.fill("1");
      await slider.dispatchEvent("input");
      await page.waitForFunction((prev) => document.querySelector("#network-status")?.textContent !== prev, shownBefore);
      const shownAfter = await page.locator("#network-status").textContent();
      const n = (s: string | null) => Number(s?.match(/^(\d+)/)?.[1]);
      if (!(n(shownAfter) > n(shownBefore))) throw new Error(`lowering the threshold should show more pairs: ${shownBefore} → ${shownAfter}`);
      if (!(await page.locator("svg.copurchase .node title").first().textContent())?.includes("sessions")) throw new Error("node hover text missing");
    }
  },
  {
    name: "overview: the custom keyword range refuses or clamps what it cannot use, and says so; the member share is a share",
    async run(ctx) {
      const page = await ctx.open("/", {waitFor: "#wordcloud-card svg.wordcloud text"});
      const share = Number(/\(([\d.]+)%\)/.exec((await page.textContent("#kpi-members")) ?? "")?.[1]);
      if (!(share > 0 && share <= 100)) throw new Error(`member share ${share}% is not a share of customers`);
      await page.locator(".keyword-period select").selectOption({label: "Custom range"});
      const [from, to] = [page.locator(".keyword-custom input").nth(0), page.locator(".keyword-custom input").nth(1)];
      await from.fill("");
      await from.dispatchEvent("input");
      await page.waitForSelector("#cloud-invalid");
      if (!/Choose both/.test((await page.textContent("#cloud-invalid")) ?? "")) throw new Error("an empty date should ask for both dates");
      await from.fill("2018-09-20");
      await from.dispatchEvent("input");
      await to.fill("2018-09-10");
      await to.dispatchEvent("input");
      await page.waitForFunction(() => /after the end date/.test(document.querySelector("#cloud-invalid")?.textContent ?? ""));
      await from.fill("2018-09-01");
      await from.dispatchEvent("input");
      await to.fill("2018-09-30");
      await to.dispatchEvent("input");
      await page.waitForFunction(() => document.querySelector("#cloud-status")?.textContent?.includes("2018-09-01 – 2018-09-30"));
      if (await page.locator(".observablehq--error").count()) throw new Error("an error cell appeared");
    }
  },
  {
    name: "overview: hostile keywords render as literal text in the cloud, table and CSV download",
    async run(ctx) {
      let dialog = "";
      ctx.context.on("dialog", (d) => {
        dialog = d.message();
        void d.dismiss();
      });
      const page = await ctx.open("/", {waitFor: "#wordcloud-card svg.wordcloud text"});
      await page.waitForTimeout(500);
      if (dialog) throw new Error(`a dialog fired: ${dialog}`);
      if (await page.locator("#wordcloud-card img, #keyword-table img").count()) throw new Error("keyword markup became an element");
      const cloudTexts = await page.locator("svg.wordcloud text").allTextContents();
      const tableText = (await page.locator("#keyword-table").textContent()) ?? "";
      for (const k of HOSTILE) {
        if (!cloudTexts.some((t) => t.startsWith(k))) throw new Error(`hostile keyword not shown literally in the cloud: ${k}`);
        if (!tableText.includes(k)) throw new Error(`hostile keyword not shown literally in the table: ${k}`);
      }
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", {name: "Download CSV"}).click()]);
      const csv = await csvDownload(download);
      if (!csv.includes(`"'=HYPERLINK(""http://x"",""y"")"`)) throw new Error(`formula not neutralised in the CSV:\n${csv.slice(0, 400)}`);
      if (!csv.includes("<img src=x onerror=alert(1)>")) throw new Error("markup keyword missing from CSV");
    }
  },
  {
    name: "data quality: reconciliation exact and the quarantine sample downloadable",
    async run(ctx) {
      const page = await ctx.open("/data-quality", {waitFor: "#recon-table table"});
      if ((await page.textContent("#recon-status"))?.trim() !== "exact") throw new Error("reconciliation is not exact");
      if (!(await page.locator("#recon-table tbody tr").count())) throw new Error("no reconciliation rows");
      // the reason chart labels each bar with the build's count (its symlog scale makes lengths hard to read),
      // every reason shown is explained, and the price line states the build's count
      const q = shippedJson<{reasons: {file: string; reason: string; rows: number}[]; priceScaled: number}>("quality");
      const labels = (await page.locator("#reason-chart svg g[aria-label=text] text").allTextContents()).sort();
      const expected = q.reasons.map((r) => r.rows.toLocaleString("en-US")).sort();
      if (JSON.stringify(labels) !== JSON.stringify(expected)) throw new Error(`reason bar labels ${JSON.stringify(labels)}, expected ${JSON.stringify(expected)}`);
      const meanings = await page.locator("#reason-meanings dt").allTextContents();
      const reasons = [...new Set(q.reasons.map((r) => r.reason))];
      if (JSON.stringify(meanings) !== JSON.stringify(reasons)) throw new Error(`reasons explained ${JSON.stringify(meanings)}, expected ${JSON.stringify(reasons)}`);
      if ((await page.locator("#reason-meanings dd").allTextContents()).some((t) => !t.trim())) throw new Error("a quarantine reason without its meaning");
      const price = (await page.textContent("#price-scaled")) ?? "";
      if (!(q.priceScaled ? price.includes(`${q.priceScaled.toLocaleString("en-US")} unit price`) : price.includes("no unit price"))) throw new Error(`price line "${price}" for ${q.priceScaled} scaled prices`);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", {name: /Download sample/}).click()]);
      const csv = await csvDownload(download);
      if (!csv.startsWith("file,reason,line_no,raw")) throw new Error(`unexpected CSV header: ${csv.slice(0, 60)}`);
    }
  }
];

export default specs;
