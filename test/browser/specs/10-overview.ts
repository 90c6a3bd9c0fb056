import {keywordMonths} from "../../../src/explore/keywords.js";
import {csvDownload, type BrowserSpec} from "../harness.js";
import {isDefaultTwin, shippedInfo, shippedJson} from "./05-any-data.js";

export const HOSTILE = ["<img src=x onerror=alert(1)>", '=HYPERLINK("http://x","y")'];

/** The shipped keyword counts (one count per keyword and date of `dates`). */
interface Keywords {
  dates: string[];
  keywords: {keyword: string; counts: number[]}[];
}

/**
 * The keywords' totals over [start, end], most searched first (ties by keyword, as the page ranks them):
 * recounted from the shipped counts rather than through the page's rankKeywords, so a fault there shows.
 */
function totals(kw: Keywords, start: string, end: string): {keyword: string; searches: number}[] {
  const days = kw.dates.flatMap((d, i) => (d >= start && d <= end ? [i] : []));
  return kw.keywords
    .map((k) => ({keyword: k.keyword, searches: days.reduce((s, i) => s + k.counts[i], 0)}))
    .filter((k) => k.searches > 0)
    .sort((a, b) => b.searches - a.searches || (a.keyword < b.keyword ? -1 : a.keyword > b.keyword ? 1 : 0));
}

/** The searches in the keyword table's first row. */
const firstSearches = async (page: import("playwright-core").Page) =>
  Number((await page.locator("#keyword-table tbody tr").first().textContent())?.match(/([\d,]+)\s*$/)?.[1].replaceAll(",", ""));

// Every check reads its dates and counts from the build's own files, so the specs hold on any data in the format
// (the test matrix's sets); the planted hostile keywords are required on the default twin.
const CLOUD = "#wordcloud-card svg.wordcloud text";

const specs: BrowserSpec[] = [
  {
    name: "overview: KPIs, charts, keyword period filter and network threshold",
    async run(ctx) {
      const kw = shippedJson<Keywords>("keywords");
      const choices = keywordMonths(kw.dates);
      const page = await ctx.open("/", {waitFor: choices.length ? CLOUD : "#kpi-customers"});
      const customers = Number((await page.textContent("#kpi-customers"))?.replaceAll(",", ""));
      if (!(customers > 0)) throw new Error(`customers KPI not shown: ${customers}`);
      if ((await page.locator("svg[class^=plot]").count()) < 6) throw new Error("expected at least 6 Plot charts");
      if (choices.length) {
        const [whole] = choices;
        const before = await page.textContent("#cloud-status");
        if (!before?.includes(`${whole.start} – ${whole.end}`)) throw new Error(`cloud status for the whole period ${whole.start} – ${whole.end}: ${before}`);
        const top = totals(kw, whole.start, whole.end)[0];
        if ((await firstSearches(page)) !== top.searches) throw new Error(`the table's first row should have ${top.searches} searches (${top.keyword})`);
        // the last month, where the data have more than one
        const month = choices.length > 2 ? choices.at(-1)! : null;
        if (month) {
          await page.locator(".keyword-period select").selectOption({label: month.label});
          await page.waitForFunction((range) => document.querySelector("#cloud-status")?.textContent?.includes(range), `${month.start} – ${month.end}`);
          const topMonth = totals(kw, month.start, month.end)[0];
          if ((await firstSearches(page)) !== topMonth.searches) throw new Error(`${month.label}: the table's first row should have ${topMonth.searches} searches (${topMonth.keyword})`);
        }
      }
      // every pair shows at the lowest threshold
      const status = async () => (await page.locator("#network-status").textContent()) ?? "";
      const shownBefore = await status();
      const [shown, all] = (/^(\d+) of (\d+)/.exec(shownBefore) ?? []).slice(1).map(Number);
      if (!(shown <= all)) throw new Error(`network status: ${shownBefore}`);
      if (all > 0) {
        const slider = page.locator("#network-card").locator("xpath=preceding::input[@type='range'][1]");
        await slider.fill("1");
        await slider.dispatchEvent("input");
        if (shown < all) await page.waitForFunction((prev) => document.querySelector("#network-status")?.textContent !== prev, shownBefore);
        if (!(await status()).startsWith(`${all} of ${all} `)) throw new Error(`at a threshold of 1 every pair should show: ${shownBefore} → ${await status()}`);
        if (!(await page.locator("svg.copurchase .node title").first().textContent())?.includes("sessions")) throw new Error("node hover text missing");
      }
    }
  },
  {
    name: "overview: the custom keyword range refuses or clamps what it cannot use, and says so; the member share is a share",
    async run(ctx) {
      const info = shippedInfo();
      const kw = shippedJson<Keywords>("keywords");
      const page = await ctx.open("/", {waitFor: kw.dates.length ? CLOUD : "#kpi-members"});
      const share = Number(/\(([\d.]+)%\)/.exec((await page.textContent("#kpi-members")) ?? "")?.[1]);
      // data without members (a header-only 04.Custom) have a share of 0
      if (!(share >= 0 && share <= 100) || (isDefaultTwin(info) && !(share > 0))) throw new Error(`member share ${share}% is not a share of customers`);
      if (!kw.dates.length) return;
      const last = kw.dates.at(-1)!;
      await page.locator(".keyword-period select").selectOption({label: "Custom range"});
      const [from, to] = [page.locator(".keyword-custom input").nth(0), page.locator(".keyword-custom input").nth(1)];
      const type = async (input: typeof from, value: string) => {
        await input.fill(value);
        await input.dispatchEvent("input");
      };
      await type(from, "");
      await page.waitForSelector("#cloud-invalid");
      if (!/Choose both/.test((await page.textContent("#cloud-invalid")) ?? "")) throw new Error("an empty date should ask for both dates");
      if (kw.dates.length > 1) {
        await type(from, last);
        await type(to, kw.dates[0]);
        await page.waitForFunction(() => /after the end date/.test(document.querySelector("#cloud-invalid")?.textContent ?? ""));
      }
      // the second half of the data's dates
      const mid = kw.dates[Math.floor(kw.dates.length / 2)];
      await type(from, mid);
      await type(to, last);
      await page.waitForFunction((range) => document.querySelector("#cloud-status")?.textContent?.includes(range), `${mid} – ${last}`);
      if ((await firstSearches(page)) !== totals(kw, mid, last)[0].searches) throw new Error(`${mid} – ${last}: the table's first row is not the range's most searched keyword`);
      if (await page.locator(".observablehq--error").count()) throw new Error("an error cell appeared");
    }
  },
  {
    name: "overview: hostile keywords render as literal text in the cloud, table and CSV download",
    async run(ctx) {
      const kw = shippedJson<Keywords>("keywords");
      if (!kw.dates.length) return console.log("    no searches in these data: no keyword to render");
      let dialog = "";
      ctx.context.on("dialog", (d) => {
        dialog = d.message();
        void d.dismiss();
      });
      const page = await ctx.open("/", {waitFor: CLOUD});
      await page.waitForTimeout(500);
      if (dialog) throw new Error(`a dialog fired: ${dialog}`);
      if (await page.locator("#wordcloud-card img, #keyword-table img, #wordcloud-card script, #keyword-table script").count()) throw new Error("keyword markup became an element");
      const top = totals(kw, kw.dates[0], kw.dates.at(-1)!).slice(0, 200);
      // the table's rows in view, keyword by keyword, exactly as the data spell them
      const rows = await page.$$eval("#keyword-table tbody tr", (trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td")).map((td) => td.textContent ?? "")));
      const shownKeywords = rows.map((cells) => cells.find((c, i) => i > 0 && !/^[\d,]+$/.test(c.trim())) ?? "");
      if (!rows.length || JSON.stringify(shownKeywords) !== JSON.stringify(top.slice(0, rows.length).map((k) => k.keyword)))
        throw new Error(`keyword table rows ${JSON.stringify(shownKeywords.slice(0, 5))}…, expected ${JSON.stringify(top.slice(0, 5).map((k) => k.keyword))}…`);
      const cloudTexts = await page.locator("svg.wordcloud text").allTextContents();
      const hostile = top.filter((k) => /[<>&"'=]/.test(k.keyword));
      // the default twin plants them high enough to be seen; other data are checked on what they have
      if (isDefaultTwin()) for (const k of HOSTILE) if (!hostile.slice(0, 20).some((h) => h.keyword === k)) throw new Error(`the twin's planted keyword ${k} is not in its top 20`);
      for (const {keyword} of hostile.filter((h) => shownKeywords.includes(h.keyword))) {
        if (!cloudTexts.some((t) => t.startsWith(keyword))) throw new Error(`hostile keyword not shown literally in the cloud: ${keyword}`);
      }
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", {name: "Download CSV"}).click()]);
      const csv = await csvDownload(download);
      for (const {keyword} of hostile) {
        const cell = `${/^[=+\-@]/.test(keyword) ? "'" : ""}${keyword}`;
        const quoted = /[",\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
        if (!csv.includes(quoted)) throw new Error(`keyword ${keyword} not in the CSV as ${quoted} (formulas neutralised, text verbatim):\n${csv.slice(0, 400)}`);
      }
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
