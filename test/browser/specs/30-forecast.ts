// The forecast page against its own artifact, on whatever data the site was built on: the numbers
// shown are the artifact's, the band the chart draws is the evaluated band, the coverage shown is a
// recount of the drawn arrays, narrow and dark screens stay legible, and the re-run behaves.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {drawnBand} from "../../../docs/components/forecast-charts.js";
import {heldOutOf, metricOf, missingFlags, percent, thousandKrw, type ForecastArtifacts, type ForecastSeriesArtifact} from "../../../docs/components/forecast-data.js";
import {breakShareSeen, checkTargets, countInside, coverageSummary} from "../../../docs/components/forecast-eval.js";
import {retrainable} from "../../../docs/components/forecast-retrain.js";
import type {BrowserSpec} from "../harness.js";

function shipped<T>(name: string): T {
  const dir = "dist/_file/data";
  const files = readdirSync(dir).filter((f) => new RegExp(`^${name}\\.[0-9a-f]+\\.json$`).test(f));
  if (files.length !== 1) throw new Error(`expected one shipped ${name}.json in ${dir}, found ${JSON.stringify(files)}`);
  return JSON.parse(readFileSync(join(dir, files[0]), "utf8")) as T;
}

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? "";
}

/** The held-out band as drawn: the area path's points mapped back through the chart's own scales. */
async function drawnGeometry(page: Page): Promise<{date: string; lower: number; upper: number}[]> {
  return page.evaluate(() => {
    const fig = document.querySelector("#forecast-chart figure, #forecast-chart svg") as (Element & {scale(name: string): {invert(v: number): number | Date}}) | null;
    // one area per stretch of days: a gap in the data (days without any session) breaks the band
    const paths = Array.from(document.querySelectorAll("#forecast-chart g.forecast-held-band path"));
    if (!fig || !paths.length) return [];
    const x = fig.scale("x");
    const y = fig.scale("y");
    const points = paths.flatMap((path) =>
      (path.getAttribute("d") ?? "").split(/Z?M/).filter(Boolean).flatMap((sub) => sub.replace(/Z$/, "").split("L").map((p) => p.split(",").map(Number)))
    );
    const byDay = new Map<string, number[]>();
    for (const [px, py] of points) {
      const day = new Date(+x.invert(px) + 12 * 3600_000).toISOString().slice(0, 10);
      byDay.set(day, [...(byDay.get(day) ?? []), Number(y.invert(py))]);
    }
    return [...byDay].map(([date, v]) => ({date, lower: Math.min(...v), upper: Math.max(...v)})).sort((a, b) => (a.date < b.date ? -1 : 1));
  });
}

/** WCAG relative luminance of a computed colour: rgb(0–255) or color(srgb 0–1). */
function relativeLuminance(color: string): number {
  const unit = color.startsWith("color(srgb") ? 1 : 255;
  const [r, g, b] = (color.replace(/^color\(srgb/, "").match(/[\d.]+/g) ?? ["0", "0", "0"]).slice(0, 3).map(Number).map((v) => {
    const c = v / unit;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const contrast = (a: string, b: string) => {
  const [l1, l2] = [relativeLuminance(a), relativeLuminance(b)].sort((p, q) => q - p);
  return (l1 + 0.05) / (l2 + 0.05);
};

const specs: BrowserSpec[] = [
  {
    name: "forecast: numbers shown are the artifact's; the drawn band is the evaluated band and the coverage shown recounts it",
    async run(ctx) {
      const a = shipped<ForecastArtifacts>("forecast");
      const page = await ctx.open("/forecast", {waitFor: "#forecast-status"});
      const body = await text(page, "main");
      if (/METHODS\s*§|\.\.\/shared/.test(body)) throw new Error("the page cites the internal methods notes");
      const statuses = await page.locator("#forecast-status tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")));
      if (JSON.stringify(statuses) !== JSON.stringify(a.categories.map((c) => c.status))) throw new Error(`status table ${JSON.stringify(statuses)} vs artifact ${JSON.stringify(a.categories.map((c) => c.status))}`);
      const seen = breakShareSeen(a);
      if (seen && a.categories.some((x) => x.evaluation?.holidayBreak)) {
        const said = await text(page, "#forecast-break-seen");
        if (!said.includes(`${percent(seen.median)} of a normal day`) || !said.includes(`${percent(seen.min)}–${percent(seen.max)}`)) throw new Error(`break share seen: page "${said}", artifact median ${seen.median}`);
      }
      // on a desktop screen every table fits its card: none hides columns behind a sideways scroll
      await page.setViewportSize({width: 1280, height: 900});
      const wide = await page.evaluate(() => Array.from(document.querySelectorAll("main table")).filter((t) => t.getBoundingClientRect().width > t.parentElement!.clientWidth + 1).map((t) => `${t.className} ${Math.round(t.getBoundingClientRect().width)} px in ${t.parentElement!.clientWidth}`));
      if (wide.length) throw new Error(`tables scroll at 1280 px: ${wide.join("; ")}`);
      const evaluated = a.categories.filter((c) => c.evaluation);
      if (!evaluated.length) {
        if (!(await page.locator("#forecast-nothing").count())) throw new Error("nothing was forecast but the page does not say why");
        return;
      }

      // Inputs.select's option values are indices: read the label the reader sees
      const label = await page.locator("main select").first().evaluate((e) => (e as HTMLSelectElement).selectedOptions[0]?.textContent ?? "");
      const c = a.categories.find((x) => label === `${x.category} · ${x.en}`);
      if (!c?.evaluation) throw new Error(`the page opens on ${label}, which has no backtest`);
      for (const h of [...c.evaluation.horizons].sort((x, y) => y.steps - x.steps)) {
        await page.getByLabel(`${{"1d": "1 day", "1w": "1 week", "1m": "1 month (28 d)"}[h.key]} ahead`, {exact: true}).check();
        const held = heldOutOf(c, h.key)!;
        const window = h.steps > 7 ? held.windows[held.windows.length - 1] : null;
        const expected = drawnBand(held, window).filter((b) => b.lower != null && b.upper != null);
        const want = countInside(expected.map((b) => b.actual), expected.map((b) => b.lower), expected.map((b) => b.upper));
        await page.waitForFunction((k) => document.querySelector("#forecast-band-count")?.getAttribute("data-horizon") === k, h.key);
        // the month's "Made on" list is there exactly while the month is chosen (a list left from the last choice would be read by nothing)
        const madeOn = await page.getByLabel("Made on").count();
        if (madeOn !== (window ? 1 : 0)) throw new Error(`${h.key}: ${madeOn} "Made on" lists on screen, expected ${window ? 1 : 0}`);
        const shown = {covered: Number(await text(page, "#forecast-band-count [data-covered]")), n: Number(await text(page, "#forecast-band-count [data-n]")), rate: await text(page, "#forecast-band-count [data-rate]")};
        if (shown.covered !== want.covered || shown.n !== want.n || shown.rate !== percent(want.rate)) throw new Error(`${h.key}: coverage shown ${JSON.stringify(shown)}, recount of the drawn arrays ${JSON.stringify(want)}`);
        const geometry = await drawnGeometry(page);
        if (geometry.length !== expected.length) throw new Error(`${h.key}: the chart draws a band over ${geometry.length} days, the artifact evaluates ${expected.length}`);
        // SVG coordinates carry 3 decimals of a pixel: the band read back is exact to far less than 0.01% of its span
        const tol = 1e-4 * (Math.max(...expected.map((b) => b.upper!)) - Math.min(...expected.map((b) => b.lower!)));
        geometry.forEach((g, i) => {
          const e = expected[i];
          if (g.date !== e.date || Math.abs(g.lower - e.lower!) > tol || Math.abs(g.upper - e.upper!) > tol) throw new Error(`${h.key} ${e.date}: drawn band ${g.lower.toFixed(0)}–${g.upper.toFixed(0)} (${g.date}), evaluated ${e.lower}–${e.upper}`);
        });
        // every day the drawn geometry and the stated count disagree on must sit on an edge, within the drawing's precision
        const disputed = expected.filter((e, i) => {
          const drawn = e.actual >= geometry[i].lower && e.actual <= geometry[i].upper;
          const stated = e.actual >= e.lower! && e.actual <= e.upper!;
          return drawn !== stated && Math.min(Math.abs(e.actual - e.lower!), Math.abs(e.actual - e.upper!)) > tol;
        });
        if (disputed.length) throw new Error(`${h.key}: the drawn band and the stated count disagree on ${disputed.map((e) => e.date).join(", ")}`);
      }

      const rows = await page.locator("#forecast-metrics tbody tr").evaluateAll((trs) => trs.map((tr) => ({model: tr.getAttribute("data-model"), cells: [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")})));
      if (rows.length !== c.evaluation.models.length) throw new Error(`error table has ${rows.length} rows for ${c.evaluation.models.length} models`);
      for (const r of rows) {
        c.evaluation.horizons.forEach((h, j) => {
          const want = thousandKrw(metricOf(c, r.model as never, h.key));
          if (r.cells[1 + j] !== want) throw new Error(`${r.model} ${h.key}: page ${r.cells[1 + j]}, artifact ${want}`);
        });
      }
      const report = c.evaluation.models.includes("lstm") ? a.report.find((x) => x.category === c.category) : undefined;
      const metricsText = await text(page, "#forecast-metrics");
      if (report && !metricsText.includes(Math.round(report.rmse1Day).toLocaleString("en-US"))) throw new Error("the report's published 1-day RMSE is missing beside its category");
      if (!report && /published/.test(await text(page, "#forecast-metrics thead"))) throw new Error("the report's figures appear beside a category it did not publish");

      const chosen = await page.locator("#forecast-choices tbody tr").evaluateAll((trs) => trs.map((tr) => `${tr.getAttribute("data-category")}/${tr.getAttribute("data-horizon")}/${tr.getAttribute("data-chosen")}`));
      const wantChosen = evaluated.flatMap((x) => x.evaluation!.choices.map((ch) => `${x.category}/${ch.horizon}/${ch.chosen}`));
      if (JSON.stringify(chosen) !== JSON.stringify(wantChosen)) throw new Error(`chosen models shown ${chosen.slice(0, 3)}…, artifact ${wantChosen.slice(0, 3)}…`);

      const cov = evaluated.map((x) => coverageSummary(x)!);
      const covered = cov.reduce((s, x) => s + x.covered, 0);
      const n = cov.reduce((s, x) => s + x.n, 0);
      if ((await text(page, "#forecast-coverage [data-rate]")) !== percent(covered / n)) throw new Error(`pooled coverage shown ${await text(page, "#forecast-coverage [data-rate]")}, recount ${percent(covered / n)}`);
      const passes = await page.locator("#forecast-targets details.forecast-target").evaluateAll((ds) => ds.map((d) => d.getAttribute("data-pass")));
      const wantPasses = checkTargets(a).map((t) => (t.pass == null ? "na" : String(t.pass)));
      if (JSON.stringify(passes) !== JSON.stringify(wantPasses)) throw new Error(`target verdicts ${passes} vs ${wantPasses}`);
      const misses = checkTargets(a).filter((t) => t.pass === false);
      for (const m of misses) {
        const d = page.locator(`#forecast-targets details[data-key="${m.key}"]`);
        await d.locator("summary").click();
        const rowsShown = await d.locator("tbody tr").count();
        if (rowsShown !== m.rows.length) throw new Error(`${m.key}: ${rowsShown} evidence rows, ${m.rows.length} expected`);
      }

      const weekday = await text(page, "#forecast-weekday");
      const reportTable = c.category === "여성의류";
      if (reportTable !== weekday.includes("index report")) throw new Error(`the report's weekday table ${reportTable ? "is missing beside" : "appears beside"} ${c.category}`);
      const links = await page.locator("#forecast-dips a.forecast-dip-link").evaluateAll((as) => as.map((x) => x.getAttribute("href")));
      for (const href of links) if (!href || !/^\.\/profile\?category=[^&]+&dip=\d{4}-\d{2}-\d{2}$/.test(href) || decodeURIComponent(href.match(/category=([^&]+)/)![1]) !== c.category) throw new Error(`dip link ${href}`);

      const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#forecast-download").click()]);
      const bytes = Buffer.concat(await (await download.createReadStream()).toArray());
      if (bytes[0] !== 0xef || bytes[1] !== 0xbb || bytes[2] !== 0xbf) throw new Error("the CSV has no UTF-8 byte-order mark");
      const lines = bytes.toString("utf8").slice(1).trimEnd().split("\n");
      if (lines[0] !== "category,date,made_on,horizon,model,forecast,lower_80,upper_80,actual") throw new Error(`CSV header ${lines[0]}`);
      if (lines.slice(1).some((l) => /\d\.\d/.test(l.split(",").slice(5).join(",")))) throw new Error("CSV numbers carry decimals (float noise)");
      const expectedLines = c.evaluation.heldOut.reduce((s, h) => s + h.targets.length, 0) + (c.forecast?.dates.length ?? 0);
      if (lines.length - 1 !== expectedLines) throw new Error(`CSV has ${lines.length - 1} rows, expected ${expectedLines}`);

      const anchors = await page.locator("#forecast-how a").evaluateAll((as) => as.map((x) => x.getAttribute("href") ?? ""));
      const methods = await ctx.open("/methods", {waitFor: "#forecast"});
      for (const href of anchors) {
        const id = href.split("#")[1];
        if (!href.startsWith("./methods#") || !(await methods.locator(`[id="${id}"]`).count())) throw new Error(`link ${href} does not resolve on the methods page`);
      }
    }
  },
  {
    name: "forecast: at 390 and 360 px nothing overflows or is cut, no SVG has a negative size; dark mode stays legible",
    async run(ctx) {
      for (const width of [390, 360]) {
        const page = await ctx.open("/forecast", {waitFor: "#forecast-status"});
        await page.setViewportSize({width, height: 800});
        await page.waitForTimeout(300);
        const r = await page.evaluate(() => {
          const doc = document.documentElement;
          const negative = [...document.querySelectorAll("main svg, main svg rect")].filter((e) => ["width", "height"].some((k) => Number(e.getAttribute(k)) < 0)).length;
          const cut = [...document.querySelectorAll("main td, main th, main p, main li, main label")].filter((e) => getComputedStyle(e).overflow === "hidden" && e.scrollWidth > e.clientWidth + 1).length;
          const wide = [...document.querySelectorAll("main > *, main .card > *")].filter((e) => !e.classList.contains("forecast-table-wrap") && e.getBoundingClientRect().right > doc.clientWidth + 1).map((e) => `${e.tagName}#${e.id}.${e.className}`.slice(0, 80));
          return {scroll: doc.scrollWidth, client: doc.clientWidth, negative, cut, wide};
        });
        if (r.scroll > r.client) throw new Error(`${width} px: the page scrolls sideways (${r.scroll} > ${r.client}): ${r.wide.join(", ")}`);
        if (r.wide.length) throw new Error(`${width} px: wider than the screen: ${r.wide.join(", ")}`);
        if (r.negative) throw new Error(`${width} px: ${r.negative} SVG elements with a negative size`);
        if (r.cut) throw new Error(`${width} px: ${r.cut} cells cut off`);
      }
      for (const scheme of ["light", "dark"] as const) {
        const page = await ctx.open("/forecast", {waitFor: "#forecast-status"});
        await page.emulateMedia({colorScheme: scheme});
        await page.waitForTimeout(200);
        // a string, so the bundler's helpers for named functions do not leak into the page
        const colors = (await page.evaluate(`(() => {
          const bg = (e) => {
            for (let x = e; x; x = x.parentElement) {
              const c = getComputedStyle(x).backgroundColor;
              if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") return c;
            }
            return getComputedStyle(document.body).backgroundColor;
          };
          const pick = (sel) => {
            const e = document.querySelector(sel);
            return e ? {fg: getComputedStyle(e).color, bg: bg(e)} : null;
          };
          return {body: pick("main p"), muted: pick("main .card p.muted"), mark: pick(".forecast-miss, .forecast-pass"), axis: pick("#forecast-chart svg")};
        })()`)) as Record<string, {fg: string; bg: string} | null>;
        for (const [k, v] of Object.entries(colors)) {
          if (!v) continue;
          const min = k === "body" ? 4.5 : 3;
          if (contrast(v.fg, v.bg) < min) throw new Error(`${scheme}: ${k} text ${v.fg} on ${v.bg} has contrast ${contrast(v.fg, v.bg).toFixed(2)} < ${min}`);
        }
      }
    }
  },
  {
    name: "forecast: the re-run offers only what can train, cancels, shows its own errors and coverage beside the build's; a failed run clears the result",
    async run(ctx) {
      const a = shipped<ForecastArtifacts>("forecast");
      const s = shipped<ForecastSeriesArtifact>("forecast-series");
      const page = await ctx.open("/forecast", {waitFor: "#forecast-rerun-train"});
      const options = await page.locator("#forecast-rerun-category option").evaluateAll((os) => os.map((o) => ({value: (o as HTMLOptionElement).value, disabled: (o as HTMLOptionElement).disabled})));
      const plan = {evalWeeks: a.settings.evalWeeks, maxZeroShareLstm: a.settings.status.maxZeroShareLstm};
      for (const o of options) {
        const ok = retrainable({revenue: s.series.find((x) => x.category === o.value)!.revenue, missing: missingFlags(s)}, plan).ok;
        if (ok === o.disabled) throw new Error(`${o.value}: offered ${!o.disabled}, trainable ${ok}`);
      }
      if (options.some((o) => o.disabled) && !(await text(page, "#forecast-rerun-why")).includes("Not offered")) throw new Error("categories are not offered without saying why");
      if (!options.some((o) => !o.disabled)) {
        if (!(await page.locator("#forecast-rerun-train").isDisabled())) throw new Error("nothing can train but the button is enabled");
        return;
      }
      const status = page.locator("#forecast-rerun-status");

      // cancel: the report's setup has no early stopping, so the run is still going when we cancel
      await page.locator("#forecast-rerun-report").check();
      await page.locator("#forecast-rerun-epochs").fill("300");
      await page.locator("#forecast-rerun-train").click();
      await page.waitForFunction(() => Number((document.querySelector("#forecast-rerun-progress") as HTMLProgressElement | null)?.value) >= 2, undefined, {timeout: 60_000});
      await page.locator("#forecast-rerun-cancel").click();
      await page.waitForFunction(() => /Cancelled at epoch \d+/.test(document.querySelector("#forecast-rerun-status")?.textContent ?? ""), undefined, {timeout: 30_000});
      if (await page.locator("#forecast-rerun-result h3").count()) throw new Error("a cancelled run must not produce a result");
      if (await page.locator("#forecast-rerun-train").isDisabled()) throw new Error("train button stays disabled after cancel");

      // a short run with the fast setup: progress epoch by epoch, then its own errors and coverage
      await page.locator("#forecast-rerun-report").uncheck();
      await page.locator("#forecast-rerun-epochs").fill("6");
      await page.evaluate(() => {
        const bar = document.querySelector("#forecast-rerun-progress") as HTMLProgressElement;
        const seen: number[] = [];
        (window as unknown as {__progress: number[]}).__progress = seen;
        new MutationObserver(() => seen.push(Number(bar.value))).observe(bar, {attributes: true, attributeFilter: ["value"]});
      });
      await page.locator("#forecast-rerun-train").click();
      await page.waitForSelector("#forecast-rerun-result h3", {timeout: 120_000});
      const seen = await page.evaluate(() => (window as unknown as {__progress: number[]}).__progress);
      const steps = [...new Set(seen.filter((v) => v > 0))];
      if (steps.length < 3 || steps.some((v, i) => i > 0 && v < steps[i - 1])) throw new Error(`progress did not advance epoch by epoch: ${seen.join(",")}`);
      const done = (await status.textContent()) ?? "";
      if (!/Done in [\d.]+ s on (wasm|cpu): 1 training, 6 epochs/.test(done)) throw new Error(`status after the run: ${done}`);
      const category = await page.locator("#forecast-rerun-category").inputValue();
      if (!(await text(page, "#forecast-rerun-result h3")).includes(category)) throw new Error("result title does not name the category");
      const built = a.categories.find((x) => x.category === category) ?? null;
      const table = await page.locator("#forecast-rerun-result .forecast-rerun-table tbody tr").evaluateAll((trs) => trs.map((tr) => ({h: tr.getAttribute("data-horizon"), cells: [...tr.querySelectorAll("td")].map((td) => td.textContent ?? "")})));
      if (!table.length) throw new Error("no re-run table");
      for (const r of table) {
        if (!/^[\d,]+$/.test(r.cells[1])) throw new Error(`re-run RMSE ${r.h} is not a number: ${r.cells[1]}`);
        if (!/^\d+% \(\d+\/\d+\)$/.test(r.cells[5])) throw new Error(`re-run coverage ${r.h}: ${r.cells[5]}`);
        if (built?.evaluation && r.cells[2] !== thousandKrw(metricOf(built, "lstm", r.h!))) throw new Error(`build's LSTM ${r.h}: page ${r.cells[2]}, artifact ${thousandKrw(metricOf(built, "lstm", r.h!))}`);
      }
      const first = await page.locator("main select").first().inputValue();
      if (first === category) await page.waitForFunction(() => document.querySelector("#forecast-chart")?.textContent?.includes("your re-run"));
      console.log(`    re-run (6 epochs, fast setup): ${done.match(/Done in ([\d.]+ s on \w+)/)?.[1]}`);

      // the break share: the control shows the build's, and the result names the share it ran with
      if (s.breaks) {
        const shown = await page.locator("#forecast-rerun-break-share").inputValue();
        if (Number(shown) !== Math.round(a.settings.breaks.salesShare * 100)) throw new Error(`break share control ${shown}, build ${a.settings.breaks.salesShare}`);
        if (!(await text(page, "#forecast-rerun-result h3")).includes(`break share ${percent(a.settings.breaks.salesShare)}`)) throw new Error("result title does not name the break share it used");
        const lstmBreak = built?.evaluation?.holidayBreak?.rows.find((r) => r.model === "lstm");
        const note = (await page.locator("#forecast-rerun-break").count()) ? await text(page, "#forecast-rerun-break") : "";
        if (lstmBreak && !note.includes(`${thousandKrw(lstmBreak.with)} with the break input, ${thousandKrw(lstmBreak.without)} without`)) throw new Error(`re-run break note does not show the build's break errors: ${note}`);
      } else if (await page.locator("#forecast-rerun-break-share").count()) throw new Error("a break share is offered on data without a holiday break");

      // revenue scaling: the build's min-max by default; by each window's mean on request, named in the result
      if ((await page.locator("#forecast-rerun-scale").inputValue()) !== "minmax") throw new Error("revenue scaling does not start at the build's min-max");
      if ((await text(page, "#forecast-rerun-result h3")).includes("window's mean")) throw new Error("a min-max run is titled as scaled by the window's mean");
      await page.locator("#forecast-rerun-scale").selectOption("window");
      await page.locator("#forecast-rerun-train").click();
      await page.waitForFunction(() => document.querySelector("#forecast-rerun-result h3")?.textContent?.includes("revenue ÷ each window's mean"), undefined, {timeout: 120_000});
      const scaled = await page.locator("#forecast-rerun-result .forecast-rerun-table tbody tr td:nth-child(2)").allTextContents();
      if (!scaled.length || scaled.some((c) => !/^[\d,]+$/.test(c))) throw new Error(`re-run RMSE with window scaling: ${scaled.join(" | ")}`);

      // the level correction: the build's by default; off on request, named in the result, and the errors move
      const correction = await page.locator("#forecast-rerun-correction").inputValue();
      if (correction !== String(a.settings.levelCorrection)) throw new Error(`level correction control ${correction}, build ${a.settings.levelCorrection}`);
      if ((await text(page, "#forecast-rerun-result h3")).includes("no level correction")) throw new Error("a corrected run is titled as uncorrected");
      await page.locator("#forecast-rerun-correction").selectOption("0");
      await page.locator("#forecast-rerun-train").click();
      await page.waitForFunction(() => document.querySelector("#forecast-rerun-result h3")?.textContent?.includes("no level correction"), undefined, {timeout: 120_000});
      const uncorrected = await page.locator("#forecast-rerun-result .forecast-rerun-table tbody tr td:nth-child(2)").allTextContents();
      if (uncorrected.join("|") === scaled.join("|")) throw new Error(`the re-run's errors did not change without the level correction: ${uncorrected.join(" | ")}`);

      // a failed run: says why and clears the previous result
      await page.locator("#forecast-rerun-window").fill("0");
      await page.locator("#forecast-rerun-train").click();
      await page.waitForFunction(() => /^Failed: invalid window/.test(document.querySelector("#forecast-rerun-status")?.textContent ?? ""));
      await page.waitForFunction(() => !document.querySelector("#forecast-rerun-result h3"));
    }
  }
];

export default specs;
