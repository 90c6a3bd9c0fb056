// openDuck takes its memory limit from the option, else from LPOINT_DUCKDB_MEMORY (the loader runner's
// share per loader), its threads from LPOINT_DUCKDB_THREADS, its block pool from LPOINT_DUCKDB_BLOCK_POOL,
// and names a malformed value; each instance spills into a directory of its own.
import {spawn, spawnSync} from "node:child_process";
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync} from "node:fs";
import {availableParallelism, tmpdir} from "node:os";
import {basename, dirname, join} from "node:path";
import {afterAll, afterEach, beforeAll, describe, expect, it} from "vitest";
import {collect, joinsAsWritten, openDuck} from "../../loaders/duck.js";

const setting = async (name: string, o: Parameters<typeof openDuck>[1] = {}) => {
  const duck = await openDuck(":memory:", o);
  try {
    const [{v}] = await duck.query<{v: string | number}>("SELECT current_setting($name) AS v", {name});
    return v;
  } finally {
    duck.close();
  }
};
const limit = (o: Parameters<typeof openDuck>[1] = {}) => setting("memory_limit", o);

/** Put the environment variable `name` back as it was after each test of the enclosing describe. */
function restoreAfterEach(name: string): void {
  const before = process.env[name];
  afterEach(() => {
    if (before === undefined) delete process.env[name];
    else process.env[name] = before;
  });
}

describe("openDuck memory limit", () => {
  restoreAfterEach("LPOINT_DUCKDB_MEMORY");

  it("uses the loader runner's share, unless the caller gives one", async () => {
    delete process.env.LPOINT_DUCKDB_MEMORY;
    const unset = await limit();
    process.env.LPOINT_DUCKDB_MEMORY = "700MB";
    const shared = await limit();
    expect(shared).not.toBe(unset);
    expect(shared).toBe("667.5 MiB");
    expect(await limit({memoryLimit: "1GB"})).toBe("953.6 MiB");
  });

  it("names a malformed limit", async () => {
    process.env.LPOINT_DUCKDB_MEMORY = "lots";
    await expect(limit()).rejects.toThrow('invalid DuckDB memory limit "lots"');
  });
});

describe("openDuck block pool", () => {
  restoreAfterEach("LPOINT_DUCKDB_BLOCK_POOL");

  it("keeps 512 MB of freed blocks for reuse unless LPOINT_DUCKDB_BLOCK_POOL says otherwise, and names a malformed size", async () => {
    delete process.env.LPOINT_DUCKDB_BLOCK_POOL;
    expect(await setting("block_allocator_memory")).toBe("488.2 MiB");
    process.env.LPOINT_DUCKDB_BLOCK_POOL = "0";
    expect(await setting("block_allocator_memory")).toBe("0 bytes");
    process.env.LPOINT_DUCKDB_BLOCK_POOL = "1GB";
    expect(await setting("block_allocator_memory")).toBe("953.6 MiB");
    process.env.LPOINT_DUCKDB_BLOCK_POOL = "a lot";
    await expect(setting("block_allocator_memory")).rejects.toThrow('invalid LPOINT_DUCKDB_BLOCK_POOL "a lot"');
  });
});

describe("openDuck threads", () => {
  restoreAfterEach("LPOINT_DUCKDB_THREADS");

  it("takes the loader runner's share of the cores from LPOINT_DUCKDB_THREADS unless the caller gives a count, and names a malformed one", async () => {
    delete process.env.LPOINT_DUCKDB_THREADS;
    const all = await setting("threads");
    process.env.LPOINT_DUCKDB_THREADS = "3";
    expect(await setting("threads")).toBe(3);
    expect(await setting("threads", {threads: 5})).toBe(5);
    process.env.LPOINT_DUCKDB_THREADS = "";
    expect(await setting("threads")).toBe(all);
    process.env.LPOINT_DUCKDB_THREADS = "0";
    await expect(setting("threads")).rejects.toThrow('invalid LPOINT_DUCKDB_THREADS "0"');
  });
});

describe("joinsAsWritten", () => {
  it("turns off the join reordering for its section only, keeping what was off before, also when the section fails", async () => {
    const duck = await openDuck();
    try {
      const disabled = async () => (await duck.query<{v: string}>("SELECT current_setting('disabled_optimizers') AS v"))[0].v;
      await duck.run("SET disabled_optimizers = 'top_n'");
      const inside = await joinsAsWritten(duck, disabled);
      expect(inside.split(",").sort()).toEqual(["build_side_probe_side", "join_order", "top_n"]);
      expect(await disabled()).toBe("top_n");
      await expect(joinsAsWritten(duck, () => duck.run("SELECT * FROM no_such_table"))).rejects.toThrow(/no_such_table/);
      expect(await disabled()).toBe("top_n");
      await duck.run("RESET disabled_optimizers");
      await joinsAsWritten(duck, disabled);
      expect(await disabled()).toBe("");
    } finally {
      duck.close();
    }
  });
});

describe("openDuck spill directory", () => {
  const dir = mkdtempSync(join(tmpdir(), "duck-spill-"));
  const db = join(dir, "w.duckdb");
  const setting = async (duck: Awaited<ReturnType<typeof openDuck>>) => (await duck.query<{v: string}>("SELECT current_setting('temp_directory') AS v"))[0].v;
  beforeAll(async () => {
    const w = await openDuck(db);
    await w.run("CREATE TABLE t AS SELECT 1 AS x");
    w.close();
  });
  afterAll(() => rmSync(dir, {recursive: true, force: true}));

  it("gives every instance its own directory beside the database and removes it on close", async () => {
    const a = await openDuck(db, {readOnly: true, memoryLimit: "64MB", threads: 2});
    const b = await openDuck(db, {readOnly: true});
    const [da, dbDir] = [await setting(a), await setting(b)];
    expect(da).not.toBe(dbDir);
    for (const d of [da, dbDir]) expect(dirname(d)).toBe(`${db}.tmp`);
    expect(basename(da)).toMatch(new RegExp(`^${process.pid}-\\d+$`));
    // a sort larger than the limit spills into the instance's own directory
    await a.query("SELECT count(*) FROM (SELECT hash(i) AS h FROM range(8000000) r(i) ORDER BY h)");
    expect(existsSync(da)).toBe(true);
    a.close();
    expect(existsSync(da)).toBe(false);
    expect(existsSync(`${db}.tmp`)).toBe(true);
    // the last instance to close leaves nothing beside the database
    b.close();
    expect(existsSync(`${db}.tmp`)).toBe(false);
  });

  it("leaves no directory behind when the database cannot be opened", async () => {
    const missing = join(dir, "missing.duckdb");
    await expect(openDuck(missing, {readOnly: true})).rejects.toThrow();
    expect(existsSync(`${missing}.tmp`)).toBe(false);
  });

  it("removes the directories of processes that are gone and keeps the others'", async () => {
    const gone = spawnSync(process.execPath, ["-e", ""]).pid;
    const parent = `${db}.tmp`;
    for (const name of [`${gone}-1`, `${process.ppid}-3`]) mkdirSync(join(parent, name), {recursive: true});
    (await openDuck(db, {readOnly: true})).close();
    expect(existsSync(join(parent, `${gone}-1`))).toBe(false);
    expect(existsSync(join(parent, `${process.ppid}-3`))).toBe(true);
    rmSync(parent, {recursive: true});
  });

  it("lets two processes spill at once from the same database file (one shared directory corrupted both)", async () => {
    const script = (k: number) =>
      `import("${join(process.cwd(), "loaders/duck.ts")}").then(async ({openDuck}) => {
        const d = await openDuck(${JSON.stringify(db)}, {readOnly: true, memoryLimit: "64MB", threads: 2});
        const [r] = await d.query("SELECT count(*) AS n, sum(h)::VARCHAR AS s FROM (SELECT hash(i * ${k}) AS h FROM range(12000000) r(i) ORDER BY h)");
        d.close();
        console.log(JSON.stringify(r));
      })`;
    const run = (k: number) =>
      new Promise<{code: number | null; out: string; err: string}>((done) => {
        const child = spawn(process.execPath, ["--import", "tsx", "-e", script(k)], {stdio: ["ignore", "pipe", "pipe"]});
        let out = "";
        let err = "";
        child.stdout.on("data", (b) => (out += b));
        child.stderr.on("data", (b) => (err += b));
        child.on("close", (code) => done({code, out, err}));
      });
    const [x, y] = await Promise.all([run(3), run(7)]);
    for (const r of [x, y]) expect(r.err).toBe("");
    expect([x.code, y.code]).toEqual([0, 0]);
    const expected = async (k: number) => {
      const d = await openDuck(":memory:");
      const [r] = await d.query(`SELECT count(*) AS n, sum(hash(i * ${k}))::VARCHAR AS s FROM range(12000000) r(i)`);
      d.close();
      return r;
    };
    expect(JSON.parse(x.out)).toEqual(await expected(3));
    expect(JSON.parse(y.out)).toEqual(await expected(7));
  }, 60_000);
});

describe("openDuck with LPOINT_DUCKDB_SHARE=1 (a loader host)", () => {
  it("sets a new share of the cores on the instances it keeps when the host passes one on, after any single-threaded section", async () => {
    const dir = mkdtempSync(join(tmpdir(), "duck-threads-"));
    const db = join(dir, "w.duckdb");
    try {
      (await openDuck(db)).close();
      const script = `import("${join(process.cwd(), "loaders/duck.ts")}").then(async ({openDuck, setKeptThreads, singleThreaded, THREADS_EVENT}) => {
        const get = async (d) => (await d.query("SELECT current_setting('threads')::INTEGER AS n"))[0].n;
        const kept = await openDuck(${JSON.stringify(db)}, {readOnly: true});
        const own = await openDuck(${JSON.stringify(db)}, {readOnly: true, threads: 3});
        const before = [await get(kept), await get(own)];
        process.emit(THREADS_EVENT, 1);
        let after = [];
        for (let i = 0; i < 250 && (after = [await get(kept), await get(own)])[0] !== 1; i++) await new Promise((r) => setTimeout(r, 20));
        const bad = await setKeptThreads(0).then(() => "accepted", (e) => e.message);
        // a share passed on inside a single-threaded section waits for its end
        const inside = await singleThreaded(kept, async () => {
          process.emit(THREADS_EVENT, 3);
          await new Promise((r) => setTimeout(r, 300));
          return get(kept);
        });
        let later = 0;
        for (let i = 0; i < 250 && (later = await get(kept)) !== 3; i++) await new Promise((r) => setTimeout(r, 20));
        kept.close();
        own.close();
        console.log(JSON.stringify({before, after, bad, inside, later}));
      })`;
      const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {encoding: "utf8", env: {...process.env, LPOINT_DUCKDB_SHARE: "1", LPOINT_DUCKDB_MEMORY: "", LPOINT_DUCKDB_THREADS: "2"}});
      expect(r.stderr).toBe("");
      // the instance opened with threads of its own keeps them
      expect(JSON.parse(r.stdout)).toEqual({before: [2, 3], after: [1, 3], bad: "invalid thread count 0 (a whole number ≥ 1)", inside: 1, later: 3});
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }, 60_000);

  it("keeps one instance per read-only file for the process: a connection and a memory limit per open", async () => {
    const dir = mkdtempSync(join(tmpdir(), "duck-share-"));
    const db = join(dir, "w.duckdb");
    try {
      const w = await openDuck(db);
      await w.run("CREATE TABLE t AS SELECT range AS x FROM range(10)");
      w.close();
      const script = `import("${join(process.cwd(), "loaders/duck.ts")}").then(async ({openDuck}) => {
        const db = ${JSON.stringify(db)};
        const get = async (d, s) => (await d.query("SELECT current_setting('" + s + "')::VARCHAR AS v"))[0].v;
        const a = await openDuck(db, {readOnly: true, memoryLimit: "100MB"});
        await a.run("CREATE TEMP TABLE mine AS SELECT 1 AS y");
        const first = {spill: await get(a, "temp_directory"), limit: await get(a, "memory_limit")};
        const b = await openDuck(db, {readOnly: true, memoryLimit: "200MB"});
        const second = {spill: await get(b, "temp_directory"), limit: await get(a, "memory_limit")};
        const seesOthers = (await b.query("SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE temporary")).map((r) => r.n)[0];
        a.close();
        const rows = (await b.query("SELECT count(*)::INTEGER AS n FROM t"))[0].n;
        process.env.LPOINT_DUCKDB_THREADS = "3";
        const t = await openDuck(db, {readOnly: true});
        const threads = {spill: await get(t, "temp_directory"), set: await get(t, "threads")};
        t.close();
        delete process.env.LPOINT_DUCKDB_THREADS;
        const c = await openDuck(db, {readOnly: true});
        const reset = await get(c, "memory_limit");
        threads.reset = await get(c, "threads");
        c.close();
        b.close();
        const d = await openDuck(db, {readOnly: true});
        const kept = await get(d, "temp_directory");
        d.close();
        const e = await openDuck(db, {readOnly: true, threads: 1});
        const own = await get(e, "temp_directory");
        e.close();
        console.log(JSON.stringify({first, second, seesOthers, rows, reset, kept, own, threads}));
      })`;
      const r = spawnSync(process.execPath, ["--import", "tsx", "-e", script], {encoding: "utf8", env: {...process.env, LPOINT_DUCKDB_SHARE: "1", LPOINT_DUCKDB_MEMORY: "", LPOINT_DUCKDB_THREADS: ""}});
      expect(r.stderr).toBe("");
      const out = JSON.parse(r.stdout) as Record<string, unknown> & {first: {spill: string; limit: string}; second: {spill: string; limit: string}};
      // the second open reuses the first's instance (its spill directory), sets its own limit for both, sees none of the first's temp tables
      expect(out.second.spill).toBe(out.first.spill);
      expect([out.first.limit, out.second.limit]).toEqual(["95.3 MiB", "190.7 MiB"]);
      expect(out.seesOthers).toBe(0);
      // closing one open leaves the instance to the others; an open without a limit resets it
      expect(out.rows).toBe(10);
      expect(out.reset).not.toBe("190.7 MiB");
      expect(out.kept).toBe(out.first.spill);
      // another thread count asked for is another instance; the runner's share is set on the kept one, and reset
      expect(out.own).not.toBe(out.first.spill);
      const threads = out.threads as {spill: string; set: string; reset: string};
      expect(threads.spill).toBe(out.first.spill);
      expect(threads.set).toBe("3");
      expect(threads.reset).toBe(String(availableParallelism()));
      // every spill directory is gone with the process
      expect(existsSync(`${db}.tmp`) ? readdirSync(`${db}.tmp`) : []).toEqual([]);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  }, 60_000);
});

describe("Duck.query", () => {
  it("converts every kind of column: numbers, bigints, decimals, dates, lists, structs, NULLs and repeated names (and streams them alike)", async () => {
    const duck = await openDuck();
    try {
      const sql = `SELECT i::TINYINT AS t, i::INTEGER AS a, (i * 10000000000)::BIGINT AS b, (i::HUGEINT * 3) AS h, (i / 4)::DECIMAL(10, 2) AS d,
        i / 3 AS x, (i % 2 = 0) AS even, CASE WHEN i = 1 THEN NULL ELSE 'k' || i END AS name, DATE '2018-09-29' + i::INTEGER AS day,
        TIMESTAMP '2018-04-01 10:20:30' AS ts, [i, NULL] AS list, {'n': i::BIGINT, 'day': DATE '2018-04-01'} AS s, CASE WHEN i = 1 THEN NULL ELSE i::BIGINT END AS nb,
        i AS a FROM range(3) t(i) ORDER BY i`;
      const rows = await duck.query(sql);
      // and streamed, converted alike
      expect(await collect(duck.stream(sql))).toEqual(rows);
      expect(rows[1]).toEqual({t: 1, a: 1, b: 10000000000, h: 3, d: 0.25, x: 1 / 3, even: false, name: null, day: "2018-09-30", ts: "2018-04-01 10:20:30", list: [1, null], s: {entries: {n: 1, day: "2018-04-01"}}, nb: null, "a:1": 1});
      expect(Object.keys(rows[1])).toEqual(["t", "a", "b", "h", "d", "x", "even", "name", "day", "ts", "list", "s", "nb", "a:1"]);
      expect(rows.map((r) => [r.name, r.nb])).toEqual([["k0", 0], [null, null], ["k2", 2]]);
      expect(await duck.query("SELECT 1 AS v WHERE false")).toEqual([]);
    } finally {
      duck.close();
    }
  });
});

describe("Duck.stream", () => {
  it("yields the rows query returns, converted alike, in chunks of at most 2,048", async () => {
    const duck = await openDuck();
    try {
      const sql = "SELECT i::BIGINT AS id, DATE '2018-04-01' + (i % 30)::INTEGER AS day, [i, i + 1] AS pair, CASE WHEN i % 7 = 0 THEN NULL ELSE 'c' || i END AS name FROM range(5000) t(i) ORDER BY i";
      const whole = await duck.query(sql);
      const chunks: Record<string, unknown>[][] = [];
      for await (const chunk of duck.stream(sql)) chunks.push(chunk);
      expect(chunks.length).toBeGreaterThan(1);
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(2048);
      expect(chunks.flat()).toEqual(whole);
      expect(whole[31]).toEqual({id: 31, day: "2018-04-02", pair: [31, 32], name: "c31"});
      expect(await collect(duck.stream("SELECT $n::INTEGER + 1 AS v", {n: 41}))).toEqual([{v: 42}]);
      expect(await collect(duck.stream("SELECT 1 AS v WHERE false"))).toEqual([]);
    } finally {
      duck.close();
    }
  });
});
