// Lazy loading on the profile and store pages: every read of the customer files is an HTTP Range
// request, and the bytes fetched are bounded by the files' own layout — their footers once, then only
// the row groups that hold the customer looked up (or the category shown). The page still shows the
// right customer, with hostile text inert. And a server that ignores Range still works (whole files).
import {existsSync, readdirSync, statSync} from "node:fs";
import {join} from "node:path";
import type {Page, Response} from "playwright-core";
import {ParquetFile} from "parquet-wasm/node";
import {openAsBlob} from "node:fs";
import {openDuck, type Duck} from "../../../loaders/duck.js";
import {parseRowGroupIndex, pickRowGroups, ROW_GROUP_INDEX_KEY, type RowGroupIndex, type RowGroupKey} from "../../../src/lazy.js";
import {settle, type BrowserSpec, type SpecContext} from "../harness.js";
import {isDefaultTwin, profileCategory} from "./05-any-data.js";

const DATA = "dist/_file/data";
const HOSTILE_KEYWORD = "<img src=x onerror=alert(1)>";

type Name = "detail" | "targets" | "purchases" | "searches";

interface LazyFile {
  name: Name;
  /** path on disk */
  path: string;
  /** URL path the page fetches */
  url: string;
  size: number;
  /** bytes after the last row group: the footer (and a page index, if written) and the 8-byte trailer */
  tail: number;
  /** each row group's byte span */
  spans: {start: number; end: number}[];
  index: RowGroupIndex;
}

function find(dir: string, re: RegExp): string {
  const hit = existsSync(dir) ? readdirSync(dir).find((f) => re.test(f)) : undefined;
  if (!hit) throw new Error(`no ${re} in ${dir}: build the site first`);
  return join(dir, hit);
}

let files: Promise<Record<Name, LazyFile>> | null = null;
let duckPromise: Promise<Duck> | null = null;
const duck = () => (duckPromise ??= openDuck());

async function describeFile(name: Name, path: string): Promise<LazyFile> {
  const d = await duck();
  const spans = await d.query<{start: number; end: number}>(
    `SELECT min(coalesce(dictionary_page_offset, data_page_offset))::BIGINT AS start, max(coalesce(dictionary_page_offset, data_page_offset) + total_compressed_size)::BIGINT AS end
    FROM parquet_metadata('${path}') GROUP BY row_group_id ORDER BY row_group_id`
  );
  const file = await ParquetFile.fromFile(await openAsBlob(path));
  const meta = file.metadata();
  const index = parseRowGroupIndex(meta.fileMetadata().keyValueMetadata().get(ROW_GROUP_INDEX_KEY), meta.rowGroups().map((g) => g.numRows()));
  file.free();
  const size = statSync(path).size;
  // a file without rows (no searches in the data) is its 4-byte magic and the footer
  return {name, path, url: "/" + path.replace(/^dist\//, ""), size, tail: size - (spans.at(-1)?.end ?? 4), spans, index};
}

function lazyFiles(): Promise<Record<Name, LazyFile>> {
  return (files ??= (async () => ({
    detail: await describeFile("detail", find(join(DATA, "customers"), /^detail\.[0-9a-f]+\.parquet$/)),
    targets: await describeFile("targets", find(join(DATA, "customers"), /^targets\.[0-9a-f]+\.parquet$/)),
    purchases: await describeFile("purchases", find(DATA, /^purchases\.[0-9a-f]+\.parquet$/)),
    searches: await describeFile("searches", find(DATA, /^searches\.[0-9a-f]+\.parquet$/))
  }))());
}

interface Fetch {
  url: string;
  status: number;
  range: string | null;
  bytes: number;
}

/** Record every response of the browser context (attach before opening the page). */
function recorder(ctx: SpecContext) {
  const all: Fetch[] = [];
  const on = (r: Response) => {
    const u = new URL(r.url());
    all.push({url: u.pathname, status: r.status(), range: r.request().headers()["range"] ?? null, bytes: Number(r.headers()["content-length"] ?? 0)});
  };
  ctx.context.on("response", on);
  return {
    /** responses since the last take() */
    take: () => all.splice(0),
    stop: () => ctx.context.off("response", on)
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

/**
 * Check one lookup's requests to the lazy files: closed Range requests only (206), and per file at
 * least the row groups the key needs and at most those plus, when the file is opened now, its tail
 * and the one-byte probe. Returns the bytes per file; `loaded` tracks row groups already fetched.
 */
function checkLookup(fetches: Fetch[], fs: Record<Name, LazyFile>, keys: Partial<Record<Name, RowGroupKey>>, loaded: Map<Name, Set<number>>, what: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of Object.values(fs)) {
    const mine = fetches.filter((x) => x.url === f.url);
    const key = keys[f.name];
    if (key === undefined) {
      if (mine.length) throw new Error(`${what}: ${f.name} was fetched although not needed: ${JSON.stringify(mine)}`);
      continue;
    }
    const bad = mine.filter((x) => x.status !== 206 || !x.range);
    if (bad.length) throw new Error(`${what}: ${f.name} read without a Range request: ${JSON.stringify(bad)}`);
    const done = loaded.get(f.name) ?? new Set<number>();
    const opening = !loaded.has(f.name);
    const need = pickRowGroups(f.index, key).filter((i) => !done.has(i));
    const data = need.reduce((s, i) => s + f.spans[i].end - f.spans[i].start, 0);
    // opening: one byte (size and Range support), then the 8-byte trailer and the footer
    const allowed = data + (opening ? 1 + f.tail : 0);
    const got = mine.reduce((s, x) => s + x.bytes, 0);
    const end = f.size - f.tail;
    if (mine.some((x) => !/^bytes=\d+-\d+$/.test(x.range ?? ""))) throw new Error(`${what}: ${f.name} read with an open or suffix range: ${JSON.stringify(mine)}`);
    if (!opening && mine.some((x) => Number(/^bytes=(\d+)/.exec(x.range!)![1]) >= end)) throw new Error(`${what}: ${f.name}'s footer was fetched again`);
    if (got < data || got > allowed) {
      throw new Error(`${what}: ${f.name} fetched ${got} B, expected between ${data} (row groups ${need.join(", ")}) and ${allowed}: ${JSON.stringify(mine)}`);
    }
    need.forEach((i) => done.add(i));
    loaded.set(f.name, done);
    out[f.name] = got;
  }
  return out;
}

async function waitIdle(page: Page): Promise<void> {
  await settle(page, 90_000);
  await page.waitForLoadState("networkidle");
}

/** Purchase lines and the 20 latest keywords of a customer, from the built files. */
async function expected(fs: Record<Name, LazyFile>, id: number) {
  const d = await duck();
  const [{lines}] = await d.query<{lines: number}>(`SELECT count(*)::INTEGER AS lines FROM '${fs.purchases.path}' WHERE clnt_id = ${id}`);
  const keywords = await d.query<{date: string; keyword: string; searches: number}>(
    `SELECT date, keyword, searches FROM '${fs.searches.path}' WHERE clnt_id = ${id} ORDER BY date DESC, searches DESC, keyword LIMIT 20`
  );
  return {lines, keywords: keywords.map((k) => `${k.date} · ${k.keyword}${k.searches > 1 ? ` ×${k.searches}` : ""}`)};
}

async function checkCard(page: Page, fs: Record<Name, LazyFile>, id: number): Promise<void> {
  await page.locator(`#profile-card[data-clnt-id="${id}"]`).waitFor({timeout: 30_000});
  const want = await expected(fs, id);
  const dots = await page.locator("#profile-step3 svg[class^=plot] circle").count();
  if (dots !== want.lines) throw new Error(`customer ${id}: ${dots} purchase dots, the build has ${want.lines} lines`);
  const shown = await page.$$eval("#profile-keywords li", (els) => els.map((e) => e.textContent ?? ""));
  if (JSON.stringify(shown) !== JSON.stringify(want.keywords)) throw new Error(`customer ${id}: keywords ${JSON.stringify(shown)}, expected ${JSON.stringify(want.keywords)}`);
  if (await page.locator("#profile-card img, #profile-card script").count()) throw new Error("untrusted text became markup");
}

const specs: BrowserSpec[] = [
  {
    name: "lazy: a profile lookup fetches only footers and the customer's row groups (Range), and shows the right customer with hostile text inert",
    async run(ctx) {
      const fs = await lazyFiles();
      const d = await duck();
      const category = profileCategory();
      // a customer who bought several things and searched the hostile keyword (the twin plants it; on other
      // data, any searcher), and a second one far away in every file
      const pick = async (where: string, params: Record<string, string> = {}) =>
        (await d.query<{x: number}>(
          `SELECT k.clnt_id AS x FROM '${fs.searches.path}' k JOIN (SELECT clnt_id FROM '${fs.purchases.path}' GROUP BY ALL HAVING count(*) >= 3) USING (clnt_id)
          WHERE ${where} ORDER BY k.clnt_id LIMIT 1`, params
        ))[0]?.x;
      const hostile = await pick("k.keyword = $keyword", {keyword: HOSTILE_KEYWORD});
      if (hostile === undefined && isDefaultTwin()) throw new Error(`no customer of the default twin searched ${HOSTILE_KEYWORD}`);
      const x = hostile ?? (await pick("true")) ?? (await d.query<{x: number}>(`SELECT min(clnt_id) AS x FROM '${fs.purchases.path}'`))[0].x;
      const y = (
        await d.query<{y: number}>(
          `SELECT clnt_id AS y FROM '${fs.purchases.path}' JOIN (SELECT DISTINCT clnt_id FROM '${fs.searches.path}') USING (clnt_id)
          WHERE clnt_id > ${x} GROUP BY clnt_id HAVING count(*) >= 2 ORDER BY abs(clnt_id - (SELECT max(clnt_id) FROM '${fs.purchases.path}') * 0.9) LIMIT 1`
        )
      )[0]?.y;
      const rec = recorder(ctx);
      try {
        const page = await ctx.open(`/profile?${category ? `category=${encodeURIComponent(category)}&` : ""}id=${x}`, {waitFor: "#profile-card"});
        await waitIdle(page);
        await checkCard(page, fs, x);
        if (await page.locator("#profile-whole-files").count()) throw new Error("a server that honours Range got the note about whole downloads");
        if (hostile !== undefined && !(await page.locator("#profile-keywords li", {hasText: HOSTILE_KEYWORD}).count())) throw new Error("the hostile keyword is not shown as text");
        const first = rec.take();
        const loaded = new Map<Name, Set<number>>();
        const lazy = checkLookup(first, fs, {detail: x, targets: category, purchases: x, searches: x}, loaded, "first load");
        const total = first.reduce((s, f) => s + f.bytes, 0);
        const engines = first.filter((f) => /duckdb|parquet_wasm|tfjs/.test(f.url)).reduce((s, f) => s + f.bytes, 0);
        console.log(`  /profile first load: ${kb(total)} in all, ${kb(engines)} engines, customer files ${Object.entries(lazy).map(([k, v]) => `${k} ${kb(v)}`).join(", ")}`);

        if (y === undefined) return console.log("  no second customer with purchases and searches after the first: one lookup checked");
        // a second customer on the same page: no footer again, only that customer's row groups
        await page.fill("input[name=clnt_id]", String(y));
        await page.locator(`#profile-card[data-clnt-id="${y}"]`).waitFor({timeout: 30_000});
        await waitIdle(page);
        await checkCard(page, fs, y);
        const second = rec.take();
        const more = checkLookup(second, fs, {detail: y, purchases: y, searches: y}, loaded, "second lookup");
        const others = second.filter((f) => !Object.values(fs).some((l) => l.url === f.url) && f.bytes > 0);
        if (others.length) throw new Error(`second lookup fetched more than row groups: ${JSON.stringify(others)}`);
        console.log(`  /profile next lookup (customer ${y}): ${kb(Object.values(more).reduce((s, v) => s + v, 0))} (${Object.entries(more).map(([k, v]) => `${k} ${kb(v)}`).join(", ")})`);
      } finally {
        rec.stop();
      }
    }
  },
  {
    name: "lazy: the store page opens without DuckDB or customer files; a member's entry fetches their row groups only, hostile product text inert",
    async run(ctx) {
      const fs = await lazyFiles();
      const d = await duck();
      // a member with few events (all in the table's first rows) who bought a product named with markup (the
      // default twin has them; on other data, the buyer with the fewest events and their first product)
      const pick = async (markup: boolean) =>
        (await d.query<{z: number; product: string}>(
          `WITH p AS (SELECT clnt_id, count(*) AS n FROM '${fs.purchases.path}' GROUP BY clnt_id), s AS (SELECT clnt_id, count(*) AS n FROM '${fs.searches.path}' GROUP BY clnt_id)
          SELECT clnt_id AS z, h.product FROM p LEFT JOIN s USING (clnt_id) JOIN (SELECT clnt_id, min(product) AS product FROM '${fs.purchases.path}' WHERE ${markup ? "regexp_matches(product, '<(script|img)')" : "true"} GROUP BY clnt_id) h USING (clnt_id)
          ${markup ? "WHERE p.n + coalesce(s.n, 0) <= 10 ORDER BY clnt_id" : "ORDER BY p.n + coalesce(s.n, 0), clnt_id"} LIMIT 1`
        ))[0];
      const hostile = await pick(true);
      if (!hostile && isDefaultTwin()) throw new Error("no member of the default twin with few events bought a product named with markup");
      const {z, product} = hostile ?? (await pick(false));
      const rec = recorder(ctx);
      try {
        const page = await ctx.open("/store", {waitFor: "select[name=sample]"});
        await waitIdle(page);
        const first = rec.take();
        checkLookup(first, fs, {}, new Map(), "store first load");
        if (first.some((f) => /duckdb|parquet.wasm/.test(f.url))) throw new Error(`the store page loaded an engine before any member entered: ${first.filter((f) => /duckdb|parquet.wasm/.test(f.url)).map((f) => f.url)}`);
        console.log(`  /store first load: ${kb(first.reduce((s, f) => s + f.bytes, 0))} in all (no engine, no customer file)`);

        await page.fill("input[name=member]", String(z));
        await page.click(".store-entry-form button[type=submit]");
        await page.locator("#timeline-table td", {hasText: product}).first().waitFor({timeout: 60_000});
        await waitIdle(page);
        const cell = await page.locator("#timeline-table td", {hasText: product}).first().textContent();
        if (cell !== product) throw new Error(`product not shown literally: ${JSON.stringify(cell)}, expected ${JSON.stringify(product)}`);
        if (await page.locator("#timeline-table script, #timeline-table img, #member-card script").count()) throw new Error("the product name became markup");
        if (await page.locator("#store-whole-files").count()) throw new Error("a server that honours Range got the store's note about whole downloads");
        const lookup = rec.take();
        const lazy = checkLookup(lookup, fs, {detail: z, purchases: z, searches: z}, new Map(), "store lookup");
        const engines = lookup.filter((f) => /duckdb|parquet_wasm/.test(f.url)).reduce((s, f) => s + f.bytes, 0);
        console.log(`  /store member ${z}: ${kb(Object.values(lazy).reduce((s, v) => s + v, 0))} of customer files (${Object.entries(lazy).map(([k, v]) => `${k} ${kb(v)}`).join(", ")}), ${kb(engines)} engines`);
      } finally {
        rec.stop();
      }
    }
  },
  {
    name: "lazy: behind a server that ignores Range, the profile and store pages read the files whole, still show the customer, and say so",
    async run(ctx) {
      const fs = await lazyFiles();
      const d = await duck();
      const [{x}] = await d.query<{x: number}>(`SELECT clnt_id AS x FROM '${fs.purchases.path}' GROUP BY clnt_id HAVING count(*) >= 2 ORDER BY clnt_id DESC LIMIT 1`);
      const asked: string[] = [];
      const wholeFiles: string[] = [];
      // a real server that ignores Range (answering through Playwright's route instead passed every file,
      // 200 MB at competition size, through the DevTools protocol and crashed the browser)
      const category = profileCategory();
      const page = await ctx.open(`/profile?${category ? `category=${encodeURIComponent(category)}&` : ""}id=${x}`, {
        waitFor: "#profile-card",
        noRange: true,
        before: async (p) => {
          p.on("request", (r) => void (r.url().endsWith(".parquet") && r.headers().range && asked.push(r.url())));
          p.on("console", (m) => void (/the server ignores Range requests/.test(m.text()) && wholeFiles.push(m.text())));
        }
      });
      await waitIdle(page);
      await checkCard(page, fs, x);
      if (!asked.length) throw new Error("no Range request was made, so the fallback was not exercised");
      if (!wholeFiles.length) throw new Error(`the page made ${asked.length} Range requests but never noted a whole file downloaded`);
      const mb = ((fs.detail.size + fs.targets.size + fs.purchases.size + fs.searches.size) / 1e6).toLocaleString("en-US", {maximumFractionDigits: 1});
      const note = await page.locator("#profile-whole-files").innerText();
      if (!note.includes("ignores HTTP byte-range requests") || !note.includes(`the four customer files whole (${mb} MB)`)) throw new Error(`the note on whole downloads should name the four files' ${mb} MB: ${JSON.stringify(note)}`);
      // the store page reads three of the files the same way when a member is entered
      const store = await ctx.open("/store", {waitFor: "select[name=sample]", noRange: true});
      await store.fill("input[name=member]", String(x));
      await store.click(".store-entry-form button[type=submit]");
      const storeNote = await store.locator("#store-whole-files").innerText({timeout: 60_000});
      const storeMb = ((fs.detail.size + fs.purchases.size + fs.searches.size) / 1e6).toLocaleString("en-US", {maximumFractionDigits: 1});
      if (!storeNote.includes(`the online record's files whole (${storeMb} MB)`)) throw new Error(`the store's note on whole downloads should name the three files' ${storeMb} MB: ${JSON.stringify(storeNote)}`);
      if ((await store.locator("#member-card").innerText()).indexOf(String(x)) < 0) throw new Error(`the store's member card does not show customer ${x}`);
    }
  }
];

export default specs;
