// Checks that hold for any data in the competition's format (the default twin and the test matrix's
// other data sets): each page states the data's own period, shows no broken value, claims no fact of
// the default data (run by each page's spec), and every link between pages resolves.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {ForecastArtifacts, ForecastSeriesArtifact} from "../../../docs/components/forecast-data.js";
import type {DataInfo} from "../../../docs/components/source.js";
import {addDays} from "../../../src/calendar.js";
import {dayRunsText, monthSpanLabel, runDates} from "../../../src/period.js";
import {DEFAULT_SCALE, DEFAULT_SEED} from "../../../loaders/warehouse/common.js";
import type {BrowserSpec} from "../harness.js";
import {PAGES} from "./00-pages.js";

/** A JSON file the build shipped, by its name before the content hash (keywords → keywords.<hash>.json). */
export function shippedJson<T>(name: string, dist = "dist"): T {
  const dir = join(dist, "_file/data");
  const file = readdirSync(dir).find((f) => new RegExp(`^${name}\\.[0-9a-f]+\\.json$`).test(f));
  if (!file) throw new Error(`no ${name} JSON in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8")) as T;
}

/** The data-info.json the build shipped (what the pages must agree with). */
export function shippedInfo(dist = "dist"): DataInfo {
  return shippedJson<DataInfo>("data-info", dist);
}

/** The report's example category for the profile's target list. */
export const EXAMPLE_CATEGORY = "화장품/뷰티케어";

/**
 * The category a profile spec opens: the report's example where the build forecast it, else the forecast
 * category that scores highest by `rank` (without it, the forecast's first).
 */
export function profileCategory(rank?: (category: string) => number): string | undefined {
  const categories = shippedJson<{categories: {category: string}[]}>("forecast").categories.map((c) => c.category);
  if (categories.includes(EXAMPLE_CATEGORY)) return EXAMPLE_CATEGORY;
  return rank ? [...categories].sort((a, b) => rank(b) - rank(a))[0] : categories[0];
}

/** Whether the build ran on the default synthetic twin (the scale and seed the site builds without data), whose planted facts specs may require. */
export function isDefaultTwin(info: DataInfo = shippedInfo()): boolean {
  return info.source === "synthetic" && info.dirName === `${DEFAULT_SCALE}-${DEFAULT_SEED}`;
}

/** Text that only a broken value (or a broken page expression) prints. */
const BROKEN = /\bNaN\b|\bundefined\b|\bInfinity\b|\[object Object\]|Invalid Date|\$\{|html`|`\s*:\s*html/;

/** What a page states about its data, against the build's data-info: the period and source, no broken value, no claim of the default data. */
export async function dataProblems(page: import("playwright-core").Page, path: string, info: DataInfo): Promise<string[]> {
  const out: string[] = [];
  if (path !== "/system-check" && path !== "/methods") {
    const note = (await page.locator("#source-note").first().textContent({timeout: 5000}).catch(() => null)) ?? "";
    if (!note.includes(`${info.period.start} – ${info.period.end}`)) out.push(`the source line does not state the data's period ${info.period.start} – ${info.period.end}: ${JSON.stringify(note.slice(0, 200))}`);
    else if (!(info.source === "synthetic" ? /Synthetic twin/ : /Your data/).test(note)) out.push(`the source line says ${JSON.stringify(note.slice(0, 120))} for ${info.source} data`);
  }
  const text = await page.locator("#observablehq-main").innerText();
  const broken = BROKEN.exec(text);
  if (broken) out.push(`shows ${JSON.stringify(broken[0])} near ${JSON.stringify(text.slice(Math.max(0, broken.index - 80), broken.index + 40))}`);
  // the default data's period is a fact about the report, marked as such; anywhere else it would be a claim about this
  // data, unless it is one of this data's own spans (a longer period's first half can be April–September 2018)
  const own = [info.period.label, monthSpanLabel(info.period.start, info.period.end, {short: true}), ...(info.period.halves ?? []).map((h) => h.label)];
  const claims = (
    await page.$$eval("#observablehq-main *", (els) =>
      els.filter((e) => e.children.length === 0 && /April–September 2018|Apr–Sep 2018/.test(e.textContent ?? "") && !e.closest(".report-fact")).map((e) => e.textContent ?? "")
    )
  )
    .filter((t) => /April–September 2018|Apr–Sep 2018/.test(own.reduce((rest, label) => rest.replaceAll(label, ""), t)))
    .map((t) => t.slice(0, 120));
  if (claims.length) out.push(`states the default data's period for data of ${info.period.label}: ${JSON.stringify(claims)}`);
  return out;
}

const specs: BrowserSpec[] = [
  {
    name: "any data: every link between pages resolves, anchors included",
    async run(ctx) {
      const seen = new Map<string, string>();
      for (const path of PAGES) {
        const page = await ctx.open(path);
        const links = await page.$$eval("a[href]", (as) => as.map((a) => (a as HTMLAnchorElement).href).filter((h) => h.startsWith(location.origin)));
        for (const href of links) if (!seen.has(href)) seen.set(href, path);
      }
      // each target once: its status, then every anchor asked of it on one load
      const targets = new Map<string, {from: string; href: string; id: string}[]>();
      for (const [href, from] of seen) {
        const url = new URL(href);
        const list = targets.get(url.pathname) ?? [];
        if (url.hash) list.push({from, href, id: decodeURIComponent(url.hash.slice(1))});
        targets.set(url.pathname, list);
      }
      for (const [path, anchors] of targets) {
        const response = await ctx.context.request.get(new URL(path, ctx.url).href);
        if (response.status() !== 200) throw new Error(`link to ${path} answers ${response.status()}`);
        if (!anchors.length) continue;
        const ids = await response.text();
        for (const a of anchors) if (!ids.includes(`id="${a.id}"`)) throw new Error(`${a.from}: link ${a.href}: no element with id ${JSON.stringify(a.id)} in the page`);
      }
    }
  },
  {
    name: "any data: / ranks keywords when the data have searches, and says so when there are none",
    async run(ctx) {
      const {dates} = shippedJson<{dates: string[]}>("keywords");
      const page = await ctx.open("/");
      const none = await page.locator("#keywords-none").count();
      const grid = await page.locator(".keyword-grid").isVisible();
      const rows = await page.locator("#keyword-table tbody tr").count();
      if (dates.length ? none || !grid || !rows : !none || grid) throw new Error(`${dates.length} search days: "no searches" shown ${none}, ranking shown ${grid} (${rows} rows)`);
    }
  },
  {
    name: "any data: /segments offers its age × gender groups, or says there are none (no member bought)",
    async run(ctx) {
      const {groups} = shippedJson<{groups: string[]}>("segments");
      const page = await ctx.open("/segments");
      const none = await page.locator("#no-groups").count();
      const boxes = await page.locator("#group-control input[type=checkbox]").count();
      const cards = await page.locator("#type-cards .card").count();
      if (groups.length ? none || boxes !== groups.length : !none || boxes) throw new Error(`${groups.length} groups in the data: "no groups" shown ${none}, ${boxes} group boxes`);
      if (!cards) throw new Error("no type cards: each customer's own type is counted with or without groups");
    }
  },
  {
    name: "any data: days without any session are named on /data-quality, break the daily line on /, and no forecast is scored on them",
    async run(ctx) {
      const info = shippedInfo();
      const runs = info.period.missing;
      const lost = runDates(runs);
      const quality = await ctx.open("/data-quality");
      const named = (await quality.locator("#missing-days").textContent().catch(() => null)) ?? "";
      if (!named.includes(runs.length ? `${lost.length} day${lost.length === 1 ? "" : "s"}: ${dayRunsText(runs)}` : "none found")) throw new Error(`${lost.length} days without a session recorded; Data quality says ${JSON.stringify(named.slice(0, 160))}`);
      const page = await ctx.open("/");
      const said = await page.locator("#daily-missing").count();
      const d = (await page.locator("#daily-chart g[aria-label=line] path").first().getAttribute("d")) ?? "";
      // Plot starts a new stretch of the line (M) after each run of undefined values
      const stretches = (d.match(/M/g) ?? []).length;
      if (Boolean(said) !== runs.length > 0 || stretches !== runs.length + 1) throw new Error(`${runs.length} runs of days without a session: the daily line has ${stretches} stretches, the note is shown ${said}`);
      const series = shippedJson<ForecastSeriesArtifact>("forecast-series");
      if (JSON.stringify(series.missing) !== JSON.stringify(lost.filter((x) => series.dates.includes(x)))) throw new Error(`the forecast input marks ${JSON.stringify(series.missing)} missing, the data ${JSON.stringify(lost)}`);
      const clv = shippedJson<{period: {start: string}; daily: (number | null)[] | null}>("clv");
      const unknown = (clv.daily ?? []).flatMap((v, i) => (v === null ? [addDays(clv.period.start, i)] : []));
      if (clv.daily && JSON.stringify(unknown) !== JSON.stringify(lost)) throw new Error(`lifetime value's buyers per day are unknown on ${JSON.stringify(unknown)}, the logs miss ${JSON.stringify(lost)}`);
      const forecast = shippedJson<ForecastArtifacts>("forecast");
      const lostSet = new Set(lost);
      for (const c of forecast.categories) {
        for (const h of c.evaluation?.heldOut ?? []) {
          const scored = h.targets.filter((t) => lostSet.has(t));
          if (scored.length) throw new Error(`${c.category} ${h.horizon}: forecasts scored on days without a record: ${scored.join(", ")}`);
        }
      }
    }
  },
  {
    name: "any data: /data-quality lists what reading each file noted, and every page's source line the data's notes",
    async run(ctx) {
      const info = shippedInfo();
      const want = info.files.flatMap((f) => f.warnings.map((w) => `${f.label}: ${w}`));
      const page = await ctx.open("/data-quality");
      const shown = await page.$$eval("#file-warnings li", (lis) => lis.map((li) => (li.textContent ?? "").trim()));
      if (JSON.stringify(shown) !== JSON.stringify(want)) throw new Error(`file notes shown ${JSON.stringify(shown)}, recorded ${JSON.stringify(want)}`);
      const notes = await page.$$eval("#source-note li", (lis) => lis.map((li) => (li.textContent ?? "").trim()));
      if (JSON.stringify(notes) !== JSON.stringify(info.notes)) throw new Error(`source notes shown ${JSON.stringify(notes)}, recorded ${JSON.stringify(info.notes)}`);
    }
  }
];

export default specs;
