// Build hardening, run after `npm run build` (part of `npm test`): a second build of the same data,
// in a private copy of the project (its own Framework cache, warehouse and synthetic data), is killed
// while it generates the data, while it builds the warehouse and while it trains the forecast, then
// restarted; its loader outputs must be byte-identical to the first build's, and its hashed data
// files in dist/ the same set. Half-written artifacts of a killed run must never be taken up.
import {spawn} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {copyProject} from "./project-copy.js";

const ROOT = process.cwd();
const CACHE = "docs/.observablehq/cache/data";
const COPY = resolve(ROOT, ".cache/check/project");

interface Interruption {
  name: string;
  /** true once the build is inside the step to interrupt */
  inside: (copy: string) => boolean;
  /** how long to let the step run before the kill */
  afterMs: number;
}

const matching = (dir: string, pattern: RegExp) => existsSync(dir) && readdirSync(dir).some((n) => pattern.test(n));
const INTERRUPTIONS: Interruption[] = [
  {name: "generating the synthetic data", inside: (c) => matching(join(c, ".cache/synthetic"), /\.tmp-\d+$/), afterMs: 1500},
  {name: "building the warehouse", inside: (c) => matching(join(c, ".cache/warehouse"), /\.duckdb\.tmp-\d+$/), afterMs: 3000},
  {name: "training the forecast", inside: (c) => matching(join(c, CACHE), /^forecast\.json\.\d+$/), afterMs: 5000}
];

function loaderOutputs(root: string): string[] {
  return readdirSync(join(root, "docs/data"))
    .filter((f) => /\.[a-z0-9]+\.(ts|js)$/i.test(f))
    .map((f) => f.replace(/\.(ts|js)$/, ""))
    .sort();
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** Run `npm run build` in `cwd`; with `interruption`, SIGKILL the whole process group inside that step. */
function build(cwd: string, interruption?: Interruption): Promise<{killed: boolean; code: number | null; ms: number; tail: string}> {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn("npm", ["run", "build"], {cwd, detached: true, stdio: ["ignore", "pipe", "pipe"], env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true"}});
    let tail = "";
    const keep = (b: Buffer) => (tail = (tail + b.toString()).slice(-3000));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let killed = false;
    let armed = false;
    const poll = interruption
      ? setInterval(() => {
          if (armed || !interruption.inside(cwd)) return;
          armed = true;
          setTimeout(() => {
            if (child.exitCode !== null) return;
            killed = true;
            process.kill(-child.pid!, "SIGKILL");
          }, interruption.afterMs);
        }, 100)
      : null;
    child.on("error", fail);
    child.on("close", (code) => {
      if (poll) clearInterval(poll);
      done({killed, code, ms: performance.now() - started, tail});
    });
  });
}

const failures: string[] = [];
const expected = loaderOutputs(ROOT);
const missing = expected.filter((o) => !existsSync(join(ROOT, CACHE, o)));
if (missing.length) {
  console.error(`build check: the first build's outputs are missing (${missing.join(", ")}); run \`npm run build\` first`);
  process.exit(1);
}

console.log(`build check: second build in ${COPY}`);
copyProject(COPY, {root: ROOT});
for (const interruption of INTERRUPTIONS) {
  const run = await build(COPY, interruption);
  const what = run.killed ? "killed" : run.code === 0 ? "finished before the kill (step not reached)" : `failed (exit ${run.code})`;
  console.log(`  build killed while ${interruption.name}: ${what} after ${(run.ms / 1000).toFixed(1)} s`);
  if (!run.killed && run.code !== 0) failures.push(`build interrupted while ${interruption.name} failed on its own:\n${run.tail}`);
}
const final = await build(COPY);
console.log(`  build restarted to completion: exit ${final.code} after ${(final.ms / 1000).toFixed(1)} s`);
if (final.code !== 0) failures.push(`the restarted build failed:\n${final.tail}`);

for (const output of expected) {
  const copied = join(COPY, CACHE, output);
  if (!existsSync(copied)) failures.push(`${output}: not produced by the second build`);
  else if (sha(copied) !== sha(join(ROOT, CACHE, output))) failures.push(`${output}: differs between two builds of the same data`);
}
const leftovers = readdirSync(join(COPY, CACHE)).filter((n) => /\.\d+$/.test(n));
console.log(`  half-written outputs left by killed loaders (never renamed into place): ${leftovers.join(", ") || "none"}`);

const hashed = (root: string) => (existsSync(join(root, "dist/_file/data")) ? readdirSync(join(root, "dist/_file/data")).sort() : []);
const [a, b] = [hashed(ROOT), hashed(COPY)];
if (a.join("\n") !== b.join("\n")) {
  failures.push(`dist/_file/data differs: only first ${a.filter((n) => !b.includes(n)).join(", ") || "-"}; only second ${b.filter((n) => !a.includes(n)).join(", ") || "-"}`);
}

const passed = expected.length - failures.filter((f) => expected.some((o) => f.startsWith(`${o}:`))).length;
console.log(`build check: ${passed}/${expected.length} loader outputs byte-identical, ${failures.length} problem(s)`);
for (const f of failures) console.error(`  ✗ ${f}`);
process.exit(failures.length ? 1 : 0);
