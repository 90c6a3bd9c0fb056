// Framework runs data loaders one after another, each through the `tsx` CLI (two node start-ups and a
// TypeScript transform of every file it imports: ≈ 0.7 s a loader before any work). Before the build
// (npm run build's prebuild, after loader-cache.mjs dropped what changed) this runs every loader whose
// cached output is missing or older than the loader, side by side, each from one esbuild bundle run by
// plain node, and writes each output where Framework's cache expects it, exactly as Framework does:
// to `<output>.<pid>`, renamed when the loader exits 0. Framework then finds the outputs fresh. A loader
// that fails leaves nothing, so Framework runs it again and reports its error as usual.
//
//   LPOINT_LOADER_JOBS   loaders at once (default: one per core, at most 4: each DuckDB loader already
//                        uses every core for its large queries, and more at once only adds memory); 0
//                        leaves every loader to Framework
//   LPOINT_LOADER_MEMORY memory in MB the loaders run at once may hold together (default 3000, at most 80%
//                        of the machine's memory; 0: no limit). A loader starts only when its last peak
//                        (resident memory of it and its workers, kept in the cache) fits beside the last
//                        peaks of those running, or when none runs; it gets what they leave as DuckDB's
//                        memory_limit (LPOINT_DUCKDB_MEMORY), past which DuckDB spills to disk. A loader
//                        without a record counts as an equal share of the budget and gets that share;
//                        the shared build (below) without one counts as the whole budget and runs alone.
//                        So the large loaders run beside small ones rather than spilling beside each other.
//                        Each loader also gets its share of the cores as DuckDB's threads
//                        (LPOINT_DUCKDB_THREADS): the cores ÷ the loaders running once it starts, and
//                        in a loader host again as loaders beside it start, or a lane runs out of work.
//   LPOINT_LOADER_HOST   1 (default): each lane of loaders runs in one long-lived process, loader after
//                        loader (scripts/loader-host.mjs): node and DuckDB start once per lane and the
//                        warehouse stays open and warm; a peak is then what a loader adds to its host.
//                        0: every loader in a process of its own
//   --except <loader>    leave this loader to Framework (repeatable; the bench's data-only run)
//
// Longest first: each run's time and peak memory are kept in the cache (.loader-times.json); without a
// record, loaders that start worker processes of their own (model training) go first. The tables several
// loaders share (loaders/shared.ts) are built first by their own script (loaders/shared-tables.ts), and
// the loaders that import them start after it: none holds a slot waiting on another's lock.
import {fork, spawn} from "node:child_process";
import {createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {availableParallelism, totalmem} from "node:os";
import {dirname, join} from "node:path";
import {fileURLToPath} from "node:url";
import {bundleLoaders, CACHE_DIR, LOADER_DIR, listLoaders, outputOf} from "./loader-graph.mjs";
import {sampleTree, treeUsage} from "./proc-tree.mjs";

const root = process.cwd();
const bundleDir = ".cache/loader-bundles";
const timesFile = join(CACHE_DIR, ".loader-times.json");
const SHARED = {module: "loaders/shared.ts", build: "loaders/shared-tables.ts"};

/** A whole number ≥ 0 from the environment variable `name`, `fallback()` when unset; exits naming a bad value. */
function wholeNumber(name, fallback, expected = "a whole number ≥ 0") {
  const given = process.env[name];
  if (given === undefined || given === "") return fallback();
  const n = Number(given);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`run loaders: invalid ${name} ${JSON.stringify(given)} (expected ${expected})`);
    process.exit(1);
  }
  return n;
}

// DuckDB's own default is 80% of the memory: a small machine gets no more than that in all
const memoryBudget = () => wholeNumber("LPOINT_LOADER_MEMORY", () => Math.min(3000, Math.floor((totalmem() / 2 ** 20) * 0.8)), "megabytes, a whole number ≥ 0");
const jobs = () => wholeNumber("LPOINT_LOADER_JOBS", () => Math.min(4, availableParallelism()));

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
};

// Framework's own rule: an output older than its loader file is stale
function stale(loader) {
  const cached = outputOf(loader);
  return !existsSync(cached) || statSync(cached).mtimeMs < statSync(join(LOADER_DIR, loader)).mtimeMs;
}

/** Where a run writes `target` until it succeeds (Framework's own temp name): null for a script's run. */
function outputTemp(target) {
  if (!target) return null;
  mkdirSync(dirname(target), {recursive: true});
  return `${target}.${process.pid}`;
}

/** The output of a finished run: into place when it succeeded, gone when it did not. */
function settleOutput(target, temp, ok) {
  if (target && ok) renameSync(temp, target);
  else if (target) rmSync(temp, {force: true});
}

/** Run one bundle; a loader's stdout becomes its cached output (`target`), a script's goes to the log. */
function run(loader, bundle, target, env) {
  const temp = outputTemp(target);
  const started = performance.now();
  return new Promise((done) => {
    const out = [];
    const child = spawn(process.execPath, [bundle], {cwd: root, stdio: ["ignore", "pipe", "pipe"], env});
    const sampler = sampleTree(child.pid, 100);
    const file = target ? createWriteStream(temp) : null;
    if (file) child.stdout.pipe(file);
    else child.stdout.on("data", (b) => process.stderr.write(b));
    const written = file ? new Promise((ok) => file.on("close", ok)) : Promise.resolve();
    let rest = "";
    // one loader's log lines stay whole and say whose they are
    child.stderr.on("data", (b) => {
      const lines = (rest + b.toString()).split("\n");
      rest = lines.pop();
      for (const l of lines) process.stderr.write(`  ${loader}: ${l}\n`);
    });
    child.on("error", (e) => out.push(String(e)));
    child.on("close", async (code, signal) => {
      const {peakKb, cpuMs} = sampler.stop();
      if (rest) process.stderr.write(`  ${loader}: ${rest}\n`);
      await written;
      const ms = performance.now() - started;
      settleOutput(target, temp, code === 0);
      done({loader, ok: code === 0, ms, cpuMs, mb: Math.round(peakKb / 1024), why: code === null ? `killed by ${signal}` : `exit code ${code}${out.length ? `, ${out.join("; ")}` : ""}`});
    });
  });
}

const HOST = join(dirname(fileURLToPath(import.meta.url)), "loader-host.mjs");
/** What the runner sets per job (the rest of a host's environment is the runner's own). */
const JOB_ENV = ["LPOINT_DUCKDB_MEMORY", "LPOINT_DUCKDB_THREADS"];

/** A loader host (scripts/loader-host.mjs): one per lane, started again after a loader ends it. */
function startHost() {
  const host = fork(HOST, [], {cwd: root, stdio: ["ignore", "inherit", "inherit", "ipc"], env: {...process.env, LPOINT_DUCKDB_SHARE: "1"}});
  host.on("error", () => {});
  return host;
}

/** Run one bundle in the lane's host, as `run` does in a process of its own. */
function runHosted(lane, loader, bundle, target, env) {
  if (!lane.host || lane.host.exitCode !== null || lane.host.signalCode !== null) lane.host = startHost();
  const host = lane.host;
  const temp = outputTemp(target);
  const started = performance.now();
  // the host holds what the loaders before this one left (DuckDB's cache among it): a peak is what this one adds
  const before = treeUsage(host.pid);
  const sampler = sampleTree(host.pid, 100);
  return new Promise((done) => {
    const finish = (ok, why) => {
      host.off("message", onMessage);
      host.off("exit", onExit);
      const {peakKb, cpuMs} = sampler.stop();
      const ms = performance.now() - started;
      const cpu = Math.max(cpuMs, treeUsage(host.pid).cpuMs) - before.cpuMs;
      settleOutput(target, temp, ok);
      // without /proc (not Linux) no peak, as for a process of its own: the loader keeps the equal share
      const mb = peakKb > 0 ? Math.max(1, Math.round((peakKb - before.rssKb) / 1024)) : 0;
      done({loader, ok, ms, cpuMs: Math.max(0, cpu), mb, why});
    };
    const onMessage = (m) => {
      // the loader ended the host (its own process would have ended): the next one gets a fresh host
      if (m.exiting) lane.host = null;
      finish(m.ok, m.why);
    };
    const onExit = (code, signal) => finish(false, code === null ? `killed by ${signal}` : `exit code ${code}`);
    host.on("message", onMessage);
    host.on("exit", onExit);
    host.send({job: loader, bundle, target: temp, env: Object.fromEntries(JOB_ENV.map((k) => [k, env[k] ?? null]))});
  });
}

const n = jobs();
const budget = memoryBudget();
const hosted = process.env.LPOINT_LOADER_HOST !== "0";
const except = process.argv.flatMap((a, i) => (process.argv[i - 1] === "--except" ? [a] : []));
const loaders = listLoaders();
for (const e of except) {
  if (!loaders.includes(e)) {
    console.error(`run loaders: --except ${JSON.stringify(e)} names no loader in ${LOADER_DIR}`);
    process.exit(1);
  }
}
mkdirSync(CACHE_DIR, {recursive: true});
// outputs half-written by a build that was killed (its pid is gone)
for (const f of readdirSync(CACHE_DIR)) {
  const m = /^(.+)\.(\d+)$/.exec(f);
  if (m && loaders.some((l) => outputOf(l) === join(CACHE_DIR, m[1])) && !alive(Number(m[2]))) rmSync(join(CACHE_DIR, f), {force: true});
}
const todo = n > 0 ? loaders.filter((l) => !except.includes(l) && stale(l)) : [];
if (!todo.length) {
  console.error(n > 0 ? `run loaders: all ${loaders.length - except.length} outputs are fresh` : "run loaders: LPOINT_LOADER_JOBS=0, Framework runs the loaders");
  process.exit(0);
}

const t0 = performance.now();
rmSync(bundleDir, {recursive: true, force: true});
const sharedBuild = existsSync(SHARED.build) && existsSync(SHARED.module) ? [SHARED.build] : [];
let bundled;
try {
  bundled = await bundleLoaders(todo, {outdir: bundleDir, scripts: sharedBuild});
} catch (e) {
  // Framework runs each loader and reports the one that does not compile, as without this step
  console.error(`run loaders: the loaders do not bundle (${String(e.message).split("\n")[0]}); Framework runs them`);
  process.exit(0);
}
const {bundles, sources, text} = bundled;
const times = existsSync(timesFile) ? JSON.parse(readFileSync(timesFile, "utf8")) : {};
// {ms, mb} per loader; a number is an older file's time alone
const record = (l) => (typeof times[l] === "number" ? {ms: times[l]} : (times[l] ?? {}));
const forks = new Set();
const readers = new Set();
for (const l of todo) {
  const files = await sources(l);
  if (files.some((p) => /\bfork\(/.test(text(p)))) forks.add(l);
  if (sharedBuild.length && files.includes(SHARED.module)) readers.add(l);
}
const guess = (l) => record(l).ms ?? (forks.has(l) ? Number.MAX_SAFE_INTEGER : 0);
const order = [...todo].sort((a, b) => guess(b) - guess(a) || (a < b ? -1 : 1));
const bundleMs = performance.now() - t0;
const atOnce = Math.min(n, todo.length);
const share = budget > 0 ? Math.max(1, Math.floor(budget / atOnce)) : 0;
const fixed = process.env.LPOINT_DUCKDB_MEMORY;
/**
 * What a job is expected to hold: its last peak (the shared build's under its own name), else an equal
 * share; the shared build without a record, the whole budget. It is the largest job, every loader that
 * reads its tables waits for it, and on an equal share it ran beside another large loader: a first build
 * at competition size peaked at 3.8–4.05 GB that way (DuckDB's limit does not cover its block pool and
 * node), 3.1–3.4 GB with it alone, in the same time.
 */
const unrecorded = (job) => (job === SHARED.build ? budget : share);
const expected = (job) => (share ? (record(job).mb ?? unrecorded(job)) : 0);
console.error(
  `run loaders: ${todo.length} of ${loaders.length} to run, ${atOnce} at a time${fixed ? `, DuckDB memory ${fixed} each` : share ? `, memory ${budget}MB together (DuckDB memory ${share}MB each without a record)` : ""} (bundled in ${(bundleMs / 1000).toFixed(1)} s)`
);

// the shared tables' build goes first; the loaders that read them wait for it
const queue = readers.size ? [SHARED.build, ...order] : [...order];
let sharedFinished = readers.size === 0;
const running = new Map();
let wake = () => {};
let changed = new Promise((ok) => (wake = ok));
const signal = () => {
  wake();
  changed = new Promise((ok) => (wake = ok));
};
const held = () => [...running.values()].reduce((a, b) => a + b, 0);
// the first job in order that may start now: its inputs are built and its memory fits beside the others'
const next = () => queue.findIndex((j) => (!readers.has(j) || sharedFinished) && (running.size === 0 || held() + expected(j) <= budget));
/** DuckDB's memory limit for a job starting now: set by hand, what it is expected to hold without a record, else what the others leave. */
const limitFor = (job) => fixed || (!share ? undefined : record(job).mb === undefined ? `${unrecorded(job)}MB` : `${Math.max(share, budget - held())}MB`);
// DuckDB's threads for a job starting now: the cores shared with those running (more threads than cores
// only add switching: 14% more CPU at competition size); set by hand, the same for every job
const fixedThreads = process.env.LPOINT_DUCKDB_THREADS;
const cores = availableParallelism();
/** The threads of the `i`-th of `n` jobs running (in the order they started): the cores split evenly, the remainder to the first. */
const coreShare = (i, n) => Math.max(1, Math.floor(cores / n) + (i < cores % n ? 1 : 0));
// a job starting now is the last of those running
const threadsFor = () => fixedThreads || String(coreShare(running.size, running.size + 1));
/** Each hosted job running now: its lane, and the DuckDB threads it was given, the last its current count. */
const shares = new Map();
/**
 * The cores shared again among the hosted jobs running, after one starts or a lane finds nothing it may
 * start: the shared build, which the others wait for, began beside small loaders on one thread and takes
 * both cores once they are done, rather than three threads running on two cores (≈ 2.5 CPU-seconds more
 * for the shared build at competition size). Sent to each job's host ({threads}, scripts/loader-host.mjs).
 */
function rebalance() {
  if (fixedThreads || !hosted || !shares.size) return;
  for (const [i, share] of [...shares.values()].entries()) {
    const threads = coreShare(i, shares.size);
    if (threads === share.counts.at(-1) || !share.lane.host?.connected) continue;
    share.counts.push(threads);
    share.lane.host.send({threads});
  }
}
const results = [];
await Promise.all(
  Array.from({length: atOnce}, async () => {
    const lane = {host: null};
    while (queue.length) {
      const i = next();
      if (i < 0) {
        rebalance();
        await changed;
        continue;
      }
      const [job] = queue.splice(i, 1);
      const limit = limitFor(job);
      const threads = threadsFor();
      const env = {...process.env, ...(limit ? {LPOINT_DUCKDB_MEMORY: limit} : {}), LPOINT_DUCKDB_THREADS: threads};
      running.set(job, expected(job));
      const target = job === SHARED.build ? null : outputOf(job);
      const pending = hosted ? runHosted(lane, job, bundles.get(job), target, env) : run(job, bundles.get(job), target, env);
      const share = {lane, counts: [Number(threads)]};
      if (hosted) shares.set(job, share);
      rebalance();
      const r = await pending;
      running.delete(job);
      shares.delete(job);
      // CPU time from the last 0.1 s sample: the side-by-side loaders share the cores, so wall time alone hides what each costs
      const threadsText = `${share.counts.join("→")} thread${share.counts.every((n) => n === 1) ? "" : "s"}`;
      const how = `in ${(r.ms / 1000).toFixed(1)} s (${(r.cpuMs / 1000).toFixed(1)} CPU-s), ${hosted ? "+" : ""}${r.mb} MB peak (DuckDB ${limit ? `memory ${limit}, ` : ""}${threadsText})`;
      if (job === SHARED.build) {
        console.error(`run loaders: shared tables (${job}) ${r.ok ? "built" : `FAILED (${r.why}); each loader that reads them builds them itself`} ${how}`);
        sharedFinished = true;
      } else console.error(`run loaders: ${job} ${r.ok ? "done" : `FAILED (${r.why}); Framework will run it again and report`} ${how}`);
      results.push(r);
      signal();
    }
    rebalance();
    lane.host?.disconnect();
  })
);
// no peak where /proc is missing (not Linux): such a loader keeps the equal share
for (const r of results) if (r.ok) times[r.loader] = r.mb > 0 ? {ms: Math.round(r.ms), mb: r.mb} : {ms: Math.round(r.ms)};
writeFileSync(timesFile, JSON.stringify(times, null, 1));
const outputs = results.filter((r) => r.loader !== SHARED.build);
const failed = outputs.filter((r) => !r.ok).length;
console.error(`run loaders: ${outputs.length - failed} written${failed ? `, ${failed} failed` : ""} in ${((performance.now() - t0) / 1000).toFixed(1)} s (${CACHE_DIR})`);
