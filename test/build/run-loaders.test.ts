// scripts/run-loaders.mjs: loaders run side by side before the build, from bundles, and leave their
// outputs where Framework's cache expects them, fresh by Framework's own rule; a failing loader leaves
// nothing; modules keep their own import.meta.url; the longest known loader starts first; a lane's loaders
// share one process until one of them ends it.
import {spawnSync} from "node:child_process";
import {cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync} from "node:fs";
import {availableParallelism, tmpdir, totalmem} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, describe, expect, it} from "vitest";

const root = resolve(".");
const dir = mkdtempSync(join(tmpdir(), "lpoint-run-loaders-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const CACHE = "docs/.observablehq/cache/data";

// a loader that prints when it started and ended around a pause
const timed = (ms: number) => `const start = Date.now();\nawait new Promise((r) => setTimeout(r, ${ms}));\nprocess.stdout.write(JSON.stringify({start, end: Date.now()}));\n`;

function project(name: string, loaders: Record<string, string>, files: Record<string, string> = {}): string {
  const p = join(dir, name);
  mkdirSync(join(p, "docs/data"), {recursive: true});
  cpSync(join(root, "scripts"), join(p, "scripts"), {recursive: true});
  symlinkSync(join(root, "node_modules"), join(p, "node_modules"), "dir");
  for (const [f, text] of Object.entries({...files, ...Object.fromEntries(Object.entries(loaders).map(([l, t]) => [`docs/data/${l}`, t]))})) {
    mkdirSync(join(p, f, ".."), {recursive: true});
    writeFileSync(join(p, f), text);
  }
  return p;
}

/** Run the runner in project p; its log (stderr). Throws when it exits non-zero. */
function run(p: string, jobs: number, env: Record<string, string> = {}): string {
  const r = spawnSync(process.execPath, ["scripts/run-loaders.mjs"], {cwd: p, env: {...process.env, LPOINT_DUCKDB_MEMORY: "", LPOINT_LOADER_MEMORY: "", LPOINT_LOADER_JOBS: String(jobs), ...env}, encoding: "utf8"});
  if (r.status !== 0) throw new Error(`run-loaders exited ${r.status}: ${r.stderr}`);
  return r.stderr;
}

const output = (p: string, name: string) => readFileSync(join(p, CACHE, name), "utf8");
const span = (p: string, name: string) => JSON.parse(output(p, name)) as {start: number; end: number};

describe("run-loaders", () => {
  it("writes fresh outputs, keeps each module's import.meta.url, and leaves nothing of a failing loader", () => {
    const p = project(
      "basic",
      {
        "where.json.ts": `import {here} from "../../lib/where.js";\nprocess.stdout.write(JSON.stringify({here: here()}));\n`,
        "fail.json.ts": `process.stdout.write("partial");\nprocess.exit(3);\n`,
        "nested.txt.ts": `process.stdout.write("ok");\n`
      },
      {"lib/where.ts": `import {fileURLToPath} from "node:url";\nexport const here = () => fileURLToPath(new URL(".", import.meta.url));\n`}
    );
    // a temp output of a killed build (its process is gone)
    mkdirSync(join(p, CACHE), {recursive: true});
    writeFileSync(join(p, CACHE, "where.json.999999999"), "half");
    expect(run(p, 2)).toContain("fail.json.ts FAILED (exit code 3); Framework will run it again and report");
    expect(JSON.parse(output(p, "where.json")).here).toBe(join(p, "lib") + "/");
    expect(output(p, "nested.txt")).toBe("ok");
    expect(existsSync(join(p, CACHE, "fail.json"))).toBe(false);
    expect(readdirSync(join(p, CACHE)).filter((f) => /\.\d+$/.test(f))).toEqual([]);
    for (const f of ["where.json", "nested.txt"]) expect(statSync(join(p, CACHE, f)).mtimeMs).toBeGreaterThanOrEqual(statSync(join(p, "docs/data", `${f}.ts`)).mtimeMs);

    // fresh outputs are kept; a loader edited after its output ran again
    const before = statSync(join(p, CACHE, "nested.txt")).mtimeMs;
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(p, "docs/data/where.json.ts"), later, later);
    writeFileSync(join(p, CACHE, "where.json"), "old");
    run(p, 2);
    expect(statSync(join(p, CACHE, "nested.txt")).mtimeMs).toBe(before);
    expect(JSON.parse(output(p, "where.json")).here).toBe(join(p, "lib") + "/");
    // a loader that does not compile: nothing runs here, Framework runs them and reports it
    rmSync(join(p, CACHE, "nested.txt"));
    writeFileSync(join(p, "docs/data/broken.json.ts"), "const = ;\n");
    expect(run(p, 2)).toContain("the loaders do not bundle");
    expect(existsSync(join(p, CACHE, "nested.txt"))).toBe(false);
    rmSync(join(p, "docs/data/broken.json.ts"));
    // with 0 jobs nothing runs: Framework runs the loaders
    expect(run(p, 0)).toContain("LPOINT_LOADER_JOBS=0");
    expect(existsSync(join(p, CACHE, "nested.txt"))).toBe(false);
  }, 120_000);

  it("runs loaders side by side with jobs > 1 and one at a time with 1", () => {
    const loaders = {"a.json.ts": timed(1500), "b.json.ts": timed(1500)};
    const together = project("together", loaders);
    run(together, 2);
    const [a, b] = [span(together, "a.json"), span(together, "b.json")];
    expect(a.start < b.end && b.start < a.end).toBe(true);
    const alone = project("alone", loaders);
    run(alone, 1);
    const [c, d] = [span(alone, "a.json"), span(alone, "b.json")];
    expect(c.end <= d.start || d.end <= c.start).toBe(true);
  }, 120_000);

  it("gives each loader it runs at once its share of the DuckDB memory", () => {
    const memory = `process.stdout.write(JSON.stringify(process.env.LPOINT_DUCKDB_MEMORY || null));\n`;
    const loaders = {"a.json.ts": memory, "b.json.ts": memory, "c.json.ts": memory};
    const cases: [string, number, Record<string, string>, string | null][] = [
      // 3000 MB, or 80% of a smaller machine's memory, shared by the two
      ["default", 2, {}, `${Math.floor(Math.min(3000, Math.floor((totalmem() / 2 ** 20) * 0.8)) / 2)}MB`],
      ["budget", 3, {LPOINT_LOADER_MEMORY: "1200"}, "400MB"],
      ["one at a time", 1, {LPOINT_LOADER_MEMORY: "1200"}, "1200MB"],
      ["no limit", 2, {LPOINT_LOADER_MEMORY: "0"}, null]
    ];
    for (const [name, jobs, env, expected] of cases) {
      const p = project(`memory-${name.replaceAll(" ", "-")}`, loaders);
      const log = run(p, jobs, env);
      for (const l of ["a.json", "b.json", "c.json"]) expect(JSON.parse(output(p, l)), `${name}: ${l}`).toBe(expected);
      expect(log.includes(`DuckDB memory ${expected} each`), name).toBe(expected !== null);
    }
    const bad = spawnSync(process.execPath, ["scripts/run-loaders.mjs"], {cwd: project("memory-bad", loaders), env: {...process.env, LPOINT_LOADER_MEMORY: "2GB"}, encoding: "utf8"});
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('invalid LPOINT_LOADER_MEMORY "2GB"');
  }, 120_000);

  it("gives each loader its share of the cores as DuckDB's threads: the cores over the loaders running once it starts", () => {
    const loader = (ms: number) => `const start = Date.now();\nawait new Promise((r) => setTimeout(r, ${ms}));\nprocess.stdout.write(JSON.stringify({start, end: Date.now(), threads: process.env.LPOINT_DUCKDB_THREADS}));\n`;
    const cores = availableParallelism();
    for (const [name, jobs, env, expected] of [
      // a (longest) starts alone; b beside it; c after b, a still running
      ["shared", 2, {}, [cores, Math.max(1, Math.floor(cores / 2)), Math.max(1, Math.floor(cores / 2))]],
      ["alone", 1, {}, [cores, cores, cores]],
      ["by hand", 2, {LPOINT_DUCKDB_THREADS: "3"}, [3, 3, 3]]
    ] as [string, number, Record<string, string>, number[]][]) {
      const p = project(`threads-${name.replace(" ", "-")}`, {"a.json.ts": loader(2500), "b.json.ts": loader(300), "c.json.ts": loader(300)});
      mkdirSync(join(p, CACHE), {recursive: true});
      writeFileSync(join(p, CACHE, ".loader-times.json"), JSON.stringify({"a.json.ts": {ms: 3000}, "b.json.ts": {ms: 2000}, "c.json.ts": {ms: 1000}}));
      const log = run(p, jobs, env);
      const [a, b, c] = ["a.json", "b.json", "c.json"].map((f) => JSON.parse(output(p, f)) as {start: number; end: number; threads: string});
      if (jobs === 2) expect(c.start, name).toBeLessThan(a.end);
      expect([a, b, c].map((x) => Number(x.threads)), name).toEqual(expected);
      expect(log, name).toContain(`a.json.ts done`);
      expect(log, name).toMatch(new RegExp(`a\\.json\\.ts done .*${expected[0]} thread`));
    }
  }, 120_000);

  it("shares the cores again in a loader host as the loaders beside one start and end", () => {
    // a records its threads setting as it changes (the host sets it before a runs, and may change it again
    // before a's first line), and each new share its host passes on to it
    const a = `const counts = [process.env.LPOINT_DUCKDB_THREADS];\nconst events = [];\nprocess.on("lpoint:duckdb-threads", (n) => events.push(n));\nconst t = setInterval(() => counts.at(-1) !== process.env.LPOINT_DUCKDB_THREADS && counts.push(process.env.LPOINT_DUCKDB_THREADS), 20);\nawait new Promise((r) => setTimeout(r, 2500));\nclearInterval(t);\nprocess.stdout.write(JSON.stringify({counts: counts.map(Number), events}));\n`;
    const cores = availableParallelism();
    for (const [name, env, counts] of [
      // b starts beside a (a keeps the odd core), c follows b, and once the other lane has nothing left a gets every core
      ["shared", {}, cores > 1 ? [Math.ceil(cores / 2), cores] : []],
      ["by hand", {LPOINT_DUCKDB_THREADS: "3"}, []]
    ] as [string, Record<string, string>, number[]][]) {
      const p = project(`rebalance-${name.replace(" ", "-")}`, {"a.json.ts": a, "b.json.ts": timed(300), "c.json.ts": timed(300)});
      mkdirSync(join(p, CACHE), {recursive: true});
      writeFileSync(join(p, CACHE, ".loader-times.json"), JSON.stringify({"a.json.ts": {ms: 3000}, "b.json.ts": {ms: 2000}, "c.json.ts": {ms: 1000}}));
      const log = run(p, 2, env);
      const out = JSON.parse(output(p, "a.json")) as {counts: number[]; events: number[]};
      const start = Number(env.LPOINT_DUCKDB_THREADS ?? cores);
      // the first change may come before a's first line
      expect([[start, ...counts], counts], name).toContainEqual(out.counts);
      expect(counts.slice(counts.length - out.events.length), name).toEqual(out.events);
      expect(log, name).toContain(`a.json.ts done`);
      expect(log, name).toMatch(new RegExp(`a\\.json\\.ts done .*DuckDB [^)]*\\b${[start, ...counts].join("→")} thread`));
    }
  }, 120_000);

  it("starts a loader only when its last peak fits beside the others', and gives it what they leave", () => {
    // each holds 64 MB of its own, kept for the process (freed, a loader's buffer can become the next one's in
    // the same host): what it adds to the process it runs in
    const loader = (ms: number) =>
      `const start = Date.now();\nconst held = Buffer.alloc(64 * 2 ** 20, 1);\n(globalThis.held ??= []).push(held);\nawait new Promise((r) => setTimeout(r, ${ms}));\nprocess.stdout.write(JSON.stringify({start, end: Date.now(), memory: process.env.LPOINT_DUCKDB_MEMORY, held: held.length}));\n`;
    const p = project("peaks", {"a.json.ts": loader(1000), "b.json.ts": loader(1000), "c.json.ts": loader(3000)});
    mkdirSync(join(p, CACHE), {recursive: true});
    // recorded: a first (longest), then b, then c; a and b do not fit in 1,000 MB together, a and c do
    writeFileSync(join(p, CACHE, ".loader-times.json"), JSON.stringify({"a.json.ts": {ms: 3000, mb: 700}, "b.json.ts": {ms: 2000, mb: 600}, "c.json.ts": {ms: 1000, mb: 300}}));
    const log = run(p, 2, {LPOINT_LOADER_MEMORY: "1000"});
    expect(log).toContain("memory 1000MB together");
    const [a, b, c] = ["a.json", "b.json", "c.json"].map((f) => JSON.parse(output(p, f)) as {start: number; end: number; memory: string});
    // a alone gets the whole budget; c beside it at least its equal share; b waits for a, then gets what c leaves
    expect([a.memory, b.memory, c.memory]).toEqual(["1000MB", "700MB", "500MB"]);
    expect(c.start).toBeLessThan(a.end);
    expect(b.start).toBeGreaterThanOrEqual(a.end);
    expect(b.start).toBeLessThan(c.end);
    const times = JSON.parse(readFileSync(join(p, CACHE, ".loader-times.json"), "utf8")) as Record<string, {ms: number; mb: number}>;
    for (const l of ["a.json.ts", "b.json.ts", "c.json.ts"]) expect(times[l].mb, l).toBeGreaterThan(10);
    expect(times["c.json.ts"].ms).toBeGreaterThan(2900);
  }, 120_000);

  it("builds the shared tables first, alone with the whole budget until its peak is known, and starts the loaders that read them after it", () => {
    const pause = `const start = Date.now();\nawait new Promise((r) => setTimeout(r, 1500));\n`;
    const p = project(
      "shared",
      {
        "reader.json.ts": `import {shared} from "../../loaders/shared.js";\n${timed(10).replace("JSON.stringify({", "JSON.stringify({shared: shared(), ")}`,
        "other.json.ts": timed(10)
      },
      {
        "loaders/shared.ts": `export const shared = () => "yes";\n`,
        "loaders/shared-tables.ts": `import {writeFileSync} from "node:fs";\n${pause}writeFileSync("shared-span.json", JSON.stringify({start, end: Date.now(), memory: process.env.LPOINT_DUCKDB_MEMORY}));\n`
      }
    );
    const build = () => {
      for (const f of ["reader.json", "other.json"]) rmSync(join(p, CACHE, f), {force: true});
      run(p, 2, {LPOINT_LOADER_MEMORY: "1000"});
      const built = JSON.parse(readFileSync(join(p, "shared-span.json"), "utf8")) as {start: number; end: number; memory: string};
      const reader = JSON.parse(output(p, "reader.json")) as {shared: string; start: number};
      expect(reader.shared).toBe("yes");
      expect(reader.start).toBeGreaterThanOrEqual(built.end);
      return {built, other: span(p, "other.json")};
    };
    // a first build: no peak recorded, so no loader runs beside the shared build, which gets the whole budget
    const first = build();
    expect(first.built.memory).toBe("1000MB");
    expect(first.other.start).toBeGreaterThanOrEqual(first.built.end);
    // a later build: its recorded peak leaves room, so a loader that does not read its tables runs beside it
    writeFileSync(join(p, CACHE, ".loader-times.json"), JSON.stringify({"loaders/shared-tables.ts": {ms: 1500, mb: 300}}));
    const later = build();
    expect(later.built.memory).toBe("1000MB");
    expect(later.other.start).toBeLessThan(later.built.end);
  }, 120_000);

  it("starts the longest loader first: by recorded time, else one that starts worker processes", () => {
    const p = project("order", {"a.json.ts": timed(10), "b.json.ts": timed(10), "c.json.ts": `import {fork} from "node:child_process";\nif (process.env.NEVER) fork("x.js");\n${timed(10)}`});
    run(p, 1);
    const order = (q: string) => ["a.json", "b.json", "c.json"].sort((x, y) => span(q, x).start - span(q, y).start);
    expect(order(p)).toEqual(["c.json", "a.json", "b.json"]);
    const times = JSON.parse(readFileSync(join(p, CACHE, ".loader-times.json"), "utf8")) as Record<string, {ms: number; mb?: number}>;
    expect(Object.keys(times).sort()).toEqual(["a.json.ts", "b.json.ts", "c.json.ts"]);
    writeFileSync(join(p, CACHE, ".loader-times.json"), JSON.stringify({"a.json.ts": 10, "b.json.ts": 5000, "c.json.ts": 20}));
    for (const f of ["a.json", "b.json", "c.json"]) rmSync(join(p, CACHE, f));
    run(p, 1);
    expect(order(p)).toEqual(["b.json", "c.json", "a.json"]);
  }, 120_000);
  it("runs a lane's loaders one after another in one process, and a fresh one after a loader that ends it", () => {
    // each prints its process, its environment's memory share and what it logs, as it would alone
    const who = (extra = "") => `process.stderr.write("hello from " + process.pid + "\\n");\n${extra}process.stdout.write(JSON.stringify({pid: process.pid}));\n`;
    const p = project("hosts", {
      "a.json.ts": who(),
      "b.json.ts": who(),
      "c.json.ts": `${who()}process.exit(0);\n`,
      "d.json.ts": who(),
      "e.json.ts": `setTimeout(() => { throw new Error("late failure"); }, 10);\nawait new Promise((r) => setTimeout(r, 100));\n${who()}`,
      "f.json.ts": who(),
      "g.json.ts": `${who()}process.exitCode = 4;\n`,
      "h.json.ts": who()
    });
    mkdirSync(join(p, CACHE), {recursive: true});
    // in this order: a, b, c, d, e, f, g, h
    writeFileSync(join(p, CACHE, ".loader-times.json"), JSON.stringify(Object.fromEntries([..."abcdefgh"].map((l, i) => [`${l}.json.ts`, {ms: 1000 - i}]))));
    const log = run(p, 1);
    const pid = (l: string) => (JSON.parse(output(p, `${l}.json`)) as {pid: number}).pid;
    // a, b and c share a process; c's exit(0) succeeds but ends it, so d starts the next one
    expect(pid("b")).toBe(pid("a"));
    expect(pid("c")).toBe(pid("a"));
    expect(pid("d")).not.toBe(pid("a"));
    // an error thrown after the loader's own code ran fails it and leaves nothing; so does an exit code
    expect(log).toContain("e.json.ts FAILED (error: Error: late failure)");
    expect(log).toContain("g.json.ts FAILED (exit code 4)");
    for (const l of ["e", "g"]) expect(existsSync(join(p, CACHE, `${l}.json`)), l).toBe(false);
    expect(pid("f")).not.toBe(pid("d"));
    expect(pid("h")).not.toBe(pid("f"));
    // every loader's log line carries its name
    for (const l of "abcdfh") expect(log).toContain(`  ${l}.json.ts: hello from ${pid(l)}\n`);
    // LPOINT_LOADER_HOST=0: each in a process of its own
    for (const l of "abcdefgh") rmSync(join(p, CACHE, `${l}.json`), {force: true});
    run(p, 1, {LPOINT_LOADER_HOST: "0"});
    expect(new Set([..."abcdfh"].map(pid)).size).toBe(6);
  }, 120_000);
});
