// The lifetime-value page in Chromium, against the artifacts the build shipped: the numbers shown, the
// controls (discount rate, split date) and the values they give, the in-browser re-fits (timed, and equal
// to a fit in Node on the same shipped rows), the downloads, a 360 px screen, and data with no model.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {openDuck} from "../../../loaders/duck.js";
import {bgNbd, fitBgNbd, groupedHoldoutCheck} from "../../../src/clv/index.js";
import {customerValue, formatPAlive} from "../../../src/clv/site.js";
import {contrastRatio} from "../../../src/color.js";
import {compactWon, count, pct, won} from "../../../src/format.js";
import type {ClvFile} from "../../../docs/components/clv-data.js";
import {listRows} from "../../../docs/components/clv-data.js";
import {valueAt} from "../../../docs/components/clv-model.js";
import {csvDownload, type BrowserSpec} from "../harness.js";
import {shippedInfo} from "./05-any-data.js";

const DIR = "dist/_file/data";
const LIST_HEADER = "clnt_id,tier,type,r,f,m,frequency,recency,T,total,last_date,p_alive,expected_purchases,expected_spend,clv,reason";
const BROKEN = /\bNaN\b|\bundefined\b|\bInfinity\b|\[object Object\]|Invalid Date/;

function shipped(pattern: RegExp): string {
  const file = readdirSync(DIR).find((f) => pattern.test(f));
  if (!file) throw new Error(`no file like ${pattern} in ${DIR}`);
  return join(DIR, file);
}

const clvFile = (): ClvFile => JSON.parse(readFileSync(shipped(/^clv\.[0-9a-f]+\.json$/), "utf8")) as ClvFile;

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().innerText()).replace(/\s+/g, " ");
}

function expectIn(label: string, haystack: string, needle: string): void {
  if (!haystack.includes(needle)) throw new Error(`${label}: expected ${JSON.stringify(needle)} in ${JSON.stringify(haystack.slice(0, 400))}`);
}

async function fittedPage(ctx: Parameters<BrowserSpec["run"]>[0], file: ClvFile): Promise<Page | null> {
  if (file.fit.reason !== null) return null;
  return ctx.open("/clv", {waitFor: "#clv-check[data-split]"});
}

const specs: BrowserSpec[] = [
  {
    name: "clv: the check, the model, the values, the heat map and the lists shown equal the shipped artifact",
    async run(ctx) {
      const file = clvFile();
      const page = await fittedPage(ctx, file);
      if (!page) return;
      if ((await page.getAttribute("#clv-status", "data-fitted")) !== "true") throw new Error("the status does not say the model was fitted");
      // first view: clv.json only; the Parquet files and their decoder wait for a control
      const heavy = await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => /clv-(holdout|rfm|spend)|parquet_wasm|duckdb/.test(n)));
      if (heavy.length) throw new Error(`fetched at first view: ${heavy.join(", ")}`);
      // the controls show the values in use
      const grid = file.grid!;
      if ((await page.getAttribute("#clv-split", "data-value")) !== grid.defaultSplit || (await page.locator("#clv-split-select").inputValue()) !== grid.defaultSplit) throw new Error("the split control does not show the default split");
      if ((await page.getAttribute("#clv-discount", "data-value")) !== String(file.fit.rate) || (await page.locator("#clv-discount-box").inputValue()) !== "1%") throw new Error("the discount control does not show the build's rate");
      // the check at the default split is the build's
      const check = file.check!;
      if ("reason" in check) throw new Error(`the build's check did not run: ${check.reason}`);
      if ((await page.getAttribute("#clv-check", "data-via")) !== "build") throw new Error("the default split should show the build's check");
      const totals = await text(page, "#clv-check-totals");
      expectIn("check totals", totals, `predicted ${count(check.check.totals.predicted)} purchase days`);
      expectIn("check totals", totals, `${count(check.check.totals.actual)} happened`);
      expectIn("check heading", await text(page, "#clv-check h2"), `Calibrated up to ${check.split}`);
      // the model's parameters
      const model = await text(page, "#clv-model");
      expectIn("model", model, `r = ${file.fit.bg!.params.r.toPrecision(4)}`);
      expectIn("model", model, `${won((file.fit.gg!.params.p * file.fit.gg!.params.gamma) / (file.fit.gg!.params.q - 1))} on average`);
      // values at the build's rate
      const v = valueAt(file, file.fit.rate);
      if ((await text(page, "#clv-total")) !== compactWon(v.total.clv)) throw new Error(`total CLV shows ${await text(page, "#clv-total")}, expected ${compactWon(v.total.clv)}`);
      if ((await text(page, "#clv-purchases")) !== count(v.total.purchases)) throw new Error("expected purchase days differ");
      if ((await text(page, "#clv-alive")) !== pct(v.total.alive / v.total.customers)) throw new Error("the share still active differs");
      for (const r of v.byTier) expectIn(`tier ${r.key}`, await text(page, `#clv-by-tier tr[data-key="${r.key}"]`), `${r.label} ${count(r.customers)} ${(r.alive / r.customers).toFixed(2)} ${compactWon(r.clv)} ${won(r.clv / r.customers)}`);
      // the planted truth, on the twin
      if (file.planted) {
        const planted = await text(page, "#clv-planted");
        expectIn("planted", planted, pct(file.planted.planted));
        expectIn("planted", planted, pct(file.planted.estimated));
        expectIn("planted", planted, Math.abs(file.planted.estimated - file.planted.planted) <= file.planted.tolerance ? "within the stated tolerance" : "outside the stated tolerance");
      }
      // the lists: counts and their first rows
      for (const list of file.lists!) {
        const card = `#clv-list-${list.key}`;
        if (Number(await page.getAttribute(card, "data-customers")) !== list.customers) throw new Error(`${list.key}: the card counts ${await page.getAttribute(card, "data-customers")}, the build ${list.customers}`);
        expectIn(list.key, await text(page, `${card} > p`), count(list.customers));
        const rows = listRows(list);
        if (rows.length) {
          const first = await text(page, `${card} table tbody tr:first-child`);
          expectIn(`${list.key} first row`, first, String(rows[0].clnt_id));
          expectIn(`${list.key} first row`, first, won(rows[0].clv));
          expectIn(`${list.key} first row`, first, formatPAlive(rows[0].p_alive));
        }
      }
      // the heat map: every cell's number legible on its fill
      const cells = await page.$$eval("#clv-heat svg g[aria-label=cell] rect", (rs) => rs.map((r) => ({x: Number(r.getAttribute("x")) + Number(r.getAttribute("width")) / 2, y: Number(r.getAttribute("y")) + Number(r.getAttribute("height")) / 2, fill: r.getAttribute("fill") ?? ""})));
      const texts = await page.$$eval("#clv-heat svg .clv-heat-value text", (ts) => ts.map((t) => ({text: t.textContent ?? "", x: Number(t.getAttribute("x") ?? 0), y: Number(t.getAttribute("y") ?? 0), transform: t.getAttribute("transform") ?? "", fill: t.getAttribute("fill") ?? ""})));
      if (cells.length !== file.heat!.length) throw new Error(`the heat map has ${cells.length} cells, the build ${file.heat!.length}`);
      if (!texts.length) throw new Error("the heat map shows no values at 1280 px");
      for (const t of texts) {
        const at = /translate\(([-\d.]+),([-\d.]+)\)/.exec(t.transform);
        const [x, y] = at ? [Number(at[1]), Number(at[2])] : [t.x, t.y];
        const cell = cells.reduce((best, c) => (Math.hypot(c.x - x, c.y - y) < Math.hypot(best.x - x, best.y - y) ? c : best));
        if (contrastRatio(cell.fill, t.fill) < 4.5) throw new Error(`heat map "${t.text}" (${t.fill}) on ${cell.fill}: contrast ${contrastRatio(cell.fill, t.fill).toFixed(2)} < 4.5`);
      }
    }
  },
  {
    name: "clv: the discount rate control shows the rate used; typed, slid and refused rates revalue (or not) every figure",
    async run(ctx) {
      const file = clvFile();
      const page = await fittedPage(ctx, file);
      if (!page) return;
      const box = page.locator("#clv-discount-box");
      const type = async (s: string) => {
        await box.fill(s);
        await box.dispatchEvent("input");
      };
      const applied = async (rate: number) => {
        await page.waitForFunction((r) => document.querySelector("#clv-kpis")?.getAttribute("data-rate") === r, String(rate), {timeout: 30_000});
        const v = valueAt(file, rate);
        if ((await text(page, "#clv-total")) !== compactWon(v.total.clv)) throw new Error(`at ${rate}: total CLV shows ${await text(page, "#clv-total")}, expected ${compactWon(v.total.clv)}`);
        expectIn(`at ${rate}`, await text(page, "#clv-kpis"), `at ${(rate * 100).toLocaleString("en-US", {maximumFractionDigits: 4})}% a month`);
        const list = file.lists!.find((l) => l.key === "stars-gone")!;
        const row = listRows(list)[0];
        if (row) {
          const want = rate === file.fit.rate ? row.clv : customerValue({bg: file.fit.bg!.params, gg: file.fit.gg!.params}, row, rate).clv;
          expectIn(`list at ${rate}`, await text(page, "#clv-list-stars-gone table tbody tr:first-child"), won(want));
        }
      };
      await type("2.5");
      await applied(0.025);
      await box.blur();
      if ((await box.inputValue()) !== "2.5%") throw new Error(`the box shows ${await box.inputValue()} after leaving it`);
      for (const [bad, why] of [["abc", /not a rate/], ["150", /out of range/], ["-1", /not a rate/]] as const) {
        await type(bad);
        await page.waitForFunction(() => document.querySelector("#clv-discount-box")?.getAttribute("aria-invalid") === "true");
        const note = await text(page, "#clv-discount-note");
        if (!why.test(note) || !/Not applied: the values use 2\.5%/.test(note)) throw new Error(`typing ${bad}: ${JSON.stringify(note)}`);
        await applied(0.025);
        await box.blur();
      }
      const slider = page.locator("#clv-discount input[type=range]");
      await slider.fill("0");
      await slider.dispatchEvent("input");
      await applied(0);
      if ((await box.inputValue()) !== "0%") throw new Error(`the slider at 0 left the box at ${await box.inputValue()}`);
      await type("12");
      await applied(0.12);
      expectIn("beyond the slider", await text(page, "#clv-discount-note"), "Beyond the slider's 5%");
    }
  },
  {
    name: "clv: moving the split re-fits in a Web Worker, reports its time, and equals a fit in Node on the shipped rows",
    async run(ctx) {
      const file = clvFile();
      const page = await fittedPage(ctx, file);
      if (!page) return;
      const grid = file.grid!;
      if (grid.splits.length < 2) return;
      const split = grid.splits[Math.max(0, grid.splits.indexOf(grid.defaultSplit) - 3)] === grid.defaultSplit ? grid.splits.at(-1)! : grid.splits[Math.max(0, grid.splits.indexOf(grid.defaultSplit) - 3)];
      await page.locator("#clv-split-select").selectOption(split);
      await page.waitForSelector(`#clv-check[data-via=browser][data-split="${split}"]`, {timeout: 120_000});
      if ((await page.getAttribute("#clv-split", "data-value")) !== split) throw new Error("the split control does not show the split in use");
      expectIn("check heading", await text(page, "#clv-check h2"), `Calibrated up to ${split}`);
      const time = await text(page, "#clv-refit-time");
      if (!/^Re-fitted in your browser in a Web Worker: BG\/NBD on [\d,]+ customers \([\d,]+ distinct summaries\) in \d+ ms; \d+ ms in all with fetching this split's rows \(\d+ ms\)/.test(time)) throw new Error(`the re-fit does not report its time from a worker: ${JSON.stringify(time)}`);
      if (!(Number(await page.getAttribute("#clv-refit-time", "data-ms")) > 0)) throw new Error("no re-fit time recorded");
      // the same split fitted here, on the rows the page fetched
      const duck = await openDuck();
      let rows: {frequency: number; recency: number; T: number; customers: number; holdout: number}[];
      try {
        rows = await duck.query(`SELECT frequency, recency, "T", customers, holdout FROM read_parquet($path) WHERE split = $split ORDER BY frequency, recency, "T"`, {path: shipped(/^clv-holdout\.[0-9a-f]+\.parquet$/), split});
      } finally {
        duck.close();
      }
      const fit = fitBgNbd(rows.map((r) => ({frequency: r.frequency, recency: r.recency, T: r.T, weight: r.customers})));
      const days = Math.round((Date.parse(`${file.period.end}T00:00:00Z`) - Date.parse(`${split}T00:00:00Z`)) / 86_400_000);
      const check = groupedHoldoutCheck(bgNbd(fit.params), rows, days, {maxFrequency: file.settings.maxFrequency});
      const predicted = Number(await page.getAttribute("#clv-check", "data-predicted"));
      const actual = Number(await page.getAttribute("#clv-check", "data-actual"));
      if (actual !== check.totals.actual) throw new Error(`the page counts ${actual} holdout purchase days, Node ${check.totals.actual}`);
      if (Math.abs(predicted / check.totals.predicted - 1) > 1e-6) throw new Error(`the page predicts ${predicted}, a fit in Node ${check.totals.predicted}`);
      expectIn("totals", await text(page, "#clv-check-totals"), `${count(check.totals.actual)} happened`);
      // back to the default: the build's check again, no re-fit
      await page.locator("#clv-split-select").selectOption(grid.defaultSplit);
      await page.waitForSelector(`#clv-check[data-via=build][data-split="${grid.defaultSplit}"]`, {timeout: 30_000});
    }
  },
  {
    name: "clv: re-fitting both models on every customer in the browser reports its time and matches the build's parameters",
    async run(ctx) {
      const file = clvFile();
      const page = await fittedPage(ctx, file);
      if (!page) return;
      await page.getByRole("button", {name: /^Re-fit both models on all/}).click();
      await page.waitForSelector("#clv-refit-all[data-state=done]", {timeout: 180_000});
      const note = await text(page, "#clv-refit-all");
      if (!/Re-fitted in your browser in a Web Worker: BG\/NBD in \d+ ms on [\d,]+ customers, Gamma-Gamma in \d+ ms/.test(note)) throw new Error(`the re-fit does not report its time: ${JSON.stringify(note)}`);
      expectIn("re-fit", note, `on ${count(file.fit.customers)} customers`);
      const diff = Number(await page.getAttribute("#clv-refit-all", "data-max-diff"));
      if (!(diff < 1e-4)) throw new Error(`the browser's parameters differ from the build's by ${diff}`);
    }
  },
  {
    name: "clv: both target lists download as UTF-8 CSV with a byte order mark and a reason for every customer",
    async run(ctx) {
      const file = clvFile();
      const page = await fittedPage(ctx, file);
      if (!page) return;
      for (const list of file.lists!) {
        const rows = listRows(list);
        const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`#clv-list-${list.key}`).getByRole("button", {name: /Download the list with reasons/}).click()]);
        const csv = await csvDownload(download);
        const lines = csv.trimEnd().split("\n");
        if (lines[0] !== LIST_HEADER) throw new Error(`${list.key}: header ${lines[0]}`);
        if (lines.length - 1 !== rows.length) throw new Error(`${list.key}: ${lines.length - 1} rows, the page has ${rows.length}`);
        const reason = LIST_HEADER.split(",").indexOf("reason");
        for (const line of lines.slice(1)) {
          // reasons contain commas, so they are quoted and last
          const cells = line.split(",");
          if (cells.length <= reason || !/"(Star|Unmanaged) .+"$/.test(line)) throw new Error(`${list.key}: a row without its reason: ${line.slice(0, 200)}`);
        }
        if (rows[0] && !lines[1].startsWith(`${rows[0].clnt_id},${list.key === "stars-gone" ? "star" : "unmanaged"},`)) throw new Error(`${list.key}: first row ${lines[1].slice(0, 80)}`);
        if (!/^clv-(stars-probably-gone|unmanaged-worth-keeping)-1pct\.csv$/.test(download.suggestedFilename())) throw new Error(`file name ${download.suggestedFilename()}`);
      }
    }
  },
  {
    name: "clv: the page fits a 360 px screen (no horizontal overflow, no negative chart size)",
    async run(ctx) {
      const page = await ctx.open("/clv");
      await page.setViewportSize({width: 360, height: 800});
      await page.reload();
      await page.waitForLoadState("networkidle");
      await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--loading"));
      await page.waitForTimeout(300);
      const m = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth,
        wide: [...document.querySelectorAll("#observablehq-main *")].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest("form, .clv-scroll, table")).map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}`.slice(0, 80)).slice(0, 5),
        negative: [...document.querySelectorAll("svg")].filter((s) => Number(s.getAttribute("width") ?? 0) < 0 || Number(s.getAttribute("height") ?? 0) < 0).length
      }));
      if (m.scroll > m.client) throw new Error(`the page is ${m.scroll} px wide on a ${m.client} px screen: ${m.wide.join(", ")}`);
      if (m.negative) throw new Error(`${m.negative} charts with a negative size`);
    }
  },
  {
    name: "clv: the profile card shows P(alive) and CLV beside the value tier",
    async run(ctx) {
      const file = clvFile();
      const list = file.lists?.find((l) => l.key === "stars-gone");
      const row = list ? listRows(list)[0] : undefined;
      if (!row) return;
      const page = await ctx.open(`/profile?id=${row.clnt_id}`, {waitFor: "#profile-clv"});
      const shown = await text(page, "#profile-clv");
      expectIn("profile", shown, `P(alive) ${formatPAlive(row.p_alive)}`);
      const clv = Number(/CLV ₩([\d,]+)/.exec(shown)?.[1].replaceAll(",", ""));
      if (!(Math.abs(clv - row.clv) <= Math.max(1, row.clv * 1e-5))) throw new Error(`the card's CLV ${shown} differs from the list's ${row.clv}`);
      const facts = await page.locator(".profile-facts dd").allInnerTexts();
      const tierAt = facts.findIndex((f) => f.startsWith("Star"));
      if (tierAt < 0 || !facts[tierAt + 1]?.startsWith("P(alive)")) throw new Error(`the lifetime value is not beside the tier: ${JSON.stringify(facts)}`);
    }
  },
  {
    name: "any data: /clv states the data's period and source, shows no broken value, and says why when no model could be fitted",
    async run(ctx) {
      const info = shippedInfo();
      const file = clvFile();
      const page = await ctx.open("/clv");
      const note = await text(page, "#source-note");
      expectIn("/clv source line", note, `${info.period.start} – ${info.period.end}`);
      const body = await page.locator("#observablehq-main").innerText();
      const broken = BROKEN.exec(body) ?? /^""$/m.exec(body);
      if (broken) throw new Error(`/clv shows ${JSON.stringify(broken[0])} near ${JSON.stringify(body.slice(Math.max(0, broken.index - 80), broken.index + 40))}`);
      const fitted = await page.getAttribute("#clv-status", "data-fitted");
      if (file.fit.reason === null) {
        if (fitted !== "true") throw new Error("the model was fitted but the page says otherwise");
        expectIn("/clv status", await text(page, "#clv-status"), `${count(file.fit.customers)} customers bought between ${info.period.start} and ${info.period.end}`);
      } else {
        if (fitted !== "false") throw new Error("no model was fitted but the page does not say so");
        expectIn("/clv status", await text(page, "#clv-status"), file.fit.reason);
        if (await page.locator("#clv-kpis, #clv-heat svg").count()) throw new Error("figures shown without a model");
        if ((await page.locator(".clv-skipped").count()) !== 6) throw new Error(`expected each of the six sections to say it has no model, found ${await page.locator(".clv-skipped").count()}`);
      }
    }
  }
];

export default specs;
