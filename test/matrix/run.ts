// The site and `npm run analyze` on data other than the default twin (part of `npm test`), derived
// from a small twin: one month cut out of it, every date a year later under other category names and
// without a weather file, five customers with and without weather. For each data set: analyze writes
// every table (the per-customer one included); the whole site builds in a private copy of the project;
// every page opens in Chromium without an error and states the data's own period; every link resolves
// (on the month, where the most sections stand down). Extra sets (the tiny twin itself, each change on
// its own, December to June across a new year and Seollal) run when named: `npm run test:matrix -- --all`, or any part of a set's name;
// `--whole-suite` runs the whole browser suite on each site instead of the page checks and the reader's moves.
import {spawn} from "node:child_process";
import {existsSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {generateDataset} from "../../loaders/generate.js";
import {copyProject} from "../build/project-copy.js";
import {deriveDataset, type Variant} from "./datasets.js";

const ROOT = process.cwd();
const WORK = resolve(ROOT, ".cache/matrix");
const args = process.argv.slice(2);
const everything = args.includes("--all");
// the whole browser suite on each site, not only the page checks and the reader's moves (≈ 5 min a set)
const wholeSuite = args.includes("--whole-suite");
const only = args.filter((a) => a !== "--all" && a !== "--whole-suite");

interface DataSet {
  name: string;
  dir: string;
  variant?: Variant[];
  /** run the site build and the browser checks (analyze runs on every set) */
  site: boolean;
  /** check every link and anchor on this set's site */
  links?: boolean;
  /** run only with --all or when named */
  extra?: boolean;
}

function run(cmd: string, args: string[], {cwd = ROOT, env = {}}: {cwd?: string; env?: Record<string, string>} = {}): Promise<{code: number | null; ms: number; tail: string}> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(cmd, args, {cwd, stdio: ["ignore", "pipe", "pipe"], env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", ...env}});
    let tail = "";
    const keep = (b: Buffer) => (tail = (tail + b.toString()).slice(-6000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", fail);
    child.on("close", (code) => done({code, ms: performance.now() - started, tail}));
  });
}

const tiny = join(WORK, "tiny-twin");
const all: DataSet[] = [
  {name: "one month cut out of the twin (July 2018, no weather file)", dir: join(WORK, "one-month"), variant: [{kind: "month", ym: "2018-07"}], site: true, links: true},
  {name: "every date 364 days later, categories under other names, no weather file", dir: join(WORK, "next-year-renamed"), variant: [{kind: "shift", days: 364}, {kind: "renamed"}], site: true},
  {name: "five customers, with the twin's weather file", dir: join(WORK, "five-customers"), variant: [{kind: "customers", n: 5, weather: true}], site: true},
  {name: "five customers, no weather file", dir: join(WORK, "five-customers-no-weather"), variant: [{kind: "customers", n: 5, weather: false}], site: false},
  {name: "the tiny twin", dir: tiny, site: true, links: true, extra: true},
  {name: "every date 364 days later, no weather file", dir: join(WORK, "next-year"), variant: [{kind: "shift", days: 364}], site: true, extra: true},
  {name: "categories under other names", dir: join(WORK, "renamed"), variant: [{kind: "renamed"}], site: true, extra: true},
  {name: "twelve months: the twin's half-year twice, the second under new sessions from October, no weather file", dir: join(WORK, "twelve-months"), variant: [{kind: "again", days: 183}], site: true, links: true, extra: true},
  {name: "one day (2018-07-02), no weather file", dir: join(WORK, "one-day"), variant: [{kind: "day", date: "2018-07-02"}], site: true, extra: true},
  {name: "one category for every product, with the twin's weather file", dir: join(WORK, "one-category"), variant: [{kind: "one-category", name: "잡화"}], site: true, extra: true},
  {name: "no members (04.Custom holds its header only), with the twin's weather file", dir: join(WORK, "no-members"), variant: [{kind: "empty", files: ["custom"], weather: true}], site: true, extra: true},
  {name: "no searches (02.Search1 and 03.Search2 hold their headers only), no weather file", dir: join(WORK, "no-searches"), variant: [{kind: "empty", files: ["search1", "search2"], weather: false}], site: true, extra: true},
  {name: "ten years later (2028), beyond the bundled holiday list, no weather file", dir: join(WORK, "ten-years-later"), variant: [{kind: "shift", days: 3654}], site: true, extra: true},
  {name: "December to June: across a new year and Seollal, no weather file", dir: join(WORK, "new-year"), variant: [{kind: "shift", days: 245}], site: true, links: true, extra: true},
  {name: "six days lost from the logs (2018-08-07 – 2018-08-12: no session, purchase or search), with the twin's weather file", dir: join(WORK, "outage"), variant: [{kind: "outage", from: "2018-08-07", days: 6}], site: true, links: true, extra: true}
];
/**
 * Beyond opening every page: the reader's own moves, on every data set, each checked against the build's
 * data (a few seconds each). Every other spec holds on any data too (`--whole-suite` runs them all).
 */
const INTERACTIONS = ["forecast: the re-run", "value: every typed threshold", "preference: a typed id", "profile: /profile?id="];
const sets = all.filter((s) => (only.length ? only.some((o) => s.name.includes(o)) : everything || !s.extra));

const failures: string[] = [];
const started = performance.now();
console.log(`matrix: generating the tiny twin in ${tiny}`);
if (!existsSync(join(tiny, "truth.json"))) await generateDataset({outDir: tiny, scale: "tiny", seed: 20180401});
for (const s of sets) if (s.variant) deriveDataset(tiny, s.dir, s.variant);

for (const s of sets) {
  console.log(`matrix: ${s.name}`);
  const out = join(WORK, "analyze", s.dir.split("/").pop()!);
  const a = await run("node", ["--import", "tsx", "loaders/analyze-cli.ts", "--data", s.dir, "--out", out]);
  if (a.code !== 0) {
    failures.push(`${s.name}: npm run analyze failed (exit ${a.code}):\n${a.tail}`);
    continue;
  }
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as {tables: {name: string; rows: number}[]; notes: string[]};
  const customers = manifest.tables.find((t) => t.name === "customers");
  console.log(`  analyze: ${manifest.tables.length} tables in ${(a.ms / 1000).toFixed(1)} s; customers.csv ${customers?.rows ?? "missing"} rows${manifest.notes.length ? `; notes: ${manifest.notes.join(" | ")}` : ""}`);
  if (!customers || customers.rows < 1) failures.push(`${s.name}: analyze wrote no per-customer table`);
  for (const t of manifest.tables) if (!existsSync(join(out, `${t.name}.csv`))) failures.push(`${s.name}: ${t.name}.csv missing`);
  if (!s.site) continue;

  const copy = copyProject(join(WORK, "site", s.dir.split("/").pop()!), {root: ROOT, withTests: true, withVendor: true, withModuleCache: true});
  const env = {LPOINT_DATA_DIR: s.dir, LPOINT_FORECAST_CATEGORIES: "3"};
  const b = await run("npm", ["run", "build"], {cwd: copy, env});
  console.log(`  build: exit ${b.code} in ${(b.ms / 1000).toFixed(1)} s`);
  if (b.code !== 0) {
    failures.push(`${s.name}: the site build failed (exit ${b.code}):\n${b.tail}`);
    continue;
  }
  const filter = wholeSuite ? [] : ["page /", s.links ? "any data:" : "any data: /", ...INTERACTIONS];
  const browser = await run("node", ["--import", "tsx", "test/browser/run.ts", ...filter], {cwd: copy, env: {...env, LPOINT_BROWSER_QUICK: "1"}});
  const summary = /browser: .*/.exec(browser.tail)?.[0] ?? "no summary";
  console.log(`  browser: ${summary} in ${(browser.ms / 1000).toFixed(1)} s`);
  if (browser.code !== 0) failures.push(`${s.name}: browser checks failed:\n${browser.tail}`);
}

console.log(`matrix: ${sets.length - new Set(failures.map((f) => f.split(":")[0])).size}/${sets.length} data sets passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
for (const f of failures) console.error(`  ✗ ${f}`);
process.exit(failures.length ? 1 : 0);
