import {PLAUSIBLE_DATES} from "../../src/ingest/sql.js";
import {spawn} from "node:child_process";
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {hostname} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, describe, expect, it} from "vitest";
import {openDuck} from "../../loaders/duck.js";
import {ensureWarehouse, type GenerateDataset, locateRawFiles, openWarehouse, PROJECT_ROOT, resolveDataDir, warehouseKey, type WarehouseInfo} from "../../loaders/warehouse.js";
import {cleanup, copyValid, pathOf, tempDir, VALID} from "../ingest/helpers.js";

afterAll(cleanup);

const quiet = () => {};
const CHILD = fileURLToPath(new URL("../fixtures/ingest/ensure-child.ts", import.meta.url));

function runChild(dataDir: string, cacheDir: string): Promise<WarehouseInfo> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", CHILD, dataDir, cacheDir], {cwd: PROJECT_ROOT, stdio: ["ignore", "pipe", "pipe"]});
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) => (code === 0 ? resolve(JSON.parse(out) as WarehouseInfo) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-e", ""]);
    child.on("exit", () => resolve(child.pid!));
  });
}

function keyInputs(dir: string) {
  return {files: locateRawFiles(dir), weather: {path: pathOf(dir, "weather"), origin: "data folder" as const}, station: 108, source: "real" as const, bounds: PLAUSIBLE_DATES};
}

describe("ensureWarehouse", () => {
  it("builds once, then reuses the file; openWarehouse is read-only", async () => {
    const data = copyValid();
    const cacheDir = tempDir("lpoint-cache-");
    const first = await ensureWarehouse({dataDir: data, cacheDir, log: quiet});
    expect(first).toMatchObject({source: "real", dataDir: data, built: true});
    expect(first.path).toBe(join(cacheDir, "warehouse", `${first.key}.duckdb`));
    const second = await ensureWarehouse({dataDir: data, cacheDir, log: quiet});
    expect(second).toEqual({...first, built: false});
    const {duck, info} = await openWarehouse({dataDir: data, cacheDir, log: quiet});
    expect(info.built).toBe(false);
    expect(await duck.query("SELECT value FROM meta WHERE key = 'data_version'")).toEqual([{value: first.key}]);
    await expect(duck.run("DELETE FROM product")).rejects.toThrow(/read-only/i);
    duck.close();
    expect(readdirSync(join(cacheDir, "warehouse"))).toEqual([`${first.key}.duckdb`]);
  });

  it("keeps the newest warehouses, and removes an older one with what crashed loaders left beside it", async () => {
    const data = copyValid();
    const cacheDir = tempDir("lpoint-cache-");
    const dir = join(cacheDir, "warehouse");
    mkdirSync(join(dir, "a1.duckdb.tmp", "123-1"), {recursive: true});
    ["a1", "a2", "a3"].forEach((k, i) => {
      writeFileSync(join(dir, `${k}.duckdb`), "");
      const t = new Date(Date.UTC(2020, 0, 1 + i));
      utimesSync(join(dir, `${k}.duckdb`), t, t);
    });
    const built = await ensureWarehouse({dataDir: data, cacheDir, log: quiet});
    expect(readdirSync(dir).sort()).toEqual(["a2.duckdb", "a3.duckdb", `${built.key}.duckdb`].sort());
  });

  it("two concurrent calls in one process build once", async () => {
    const data = copyValid();
    const cacheDir = tempDir("lpoint-cache-");
    const logs: string[] = [];
    const log = (m: string) => logs.push(m);
    const both = await Promise.all([ensureWarehouse({dataDir: data, cacheDir, log}), ensureWarehouse({dataDir: data, cacheDir, log})]);
    expect(both.map((i) => i.built).sort()).toEqual([false, true]);
    expect(both[0].path).toBe(both[1].path);
    expect(logs.filter((m) => m.startsWith("lock: waiting for pid")).length).toBe(1);
    expect(logs.filter((m) => m.startsWith("warehouse: built")).length).toBe(1);
  });

  it("two concurrent processes build once; no lock or temp file is left", async () => {
    const data = copyValid();
    const cacheDir = tempDir("lpoint-cache-");
    const both = await Promise.all([runChild(data, cacheDir), runChild(data, cacheDir)]);
    expect(both.map((i) => i.built).sort()).toEqual([false, true]);
    expect(both[0].path).toBe(both[1].path);
    expect(readdirSync(join(cacheDir, "warehouse"))).toEqual([`${both[0].key}.duckdb`]);
    const duck = await openDuck(both[0].path, {readOnly: true});
    expect(await duck.query("SELECT count(*) AS n FROM product")).toEqual([{n: 9}]);
    duck.close();
  }, 180_000);

  it("breaks the lock of a dead builder and ignores its half-written file", async () => {
    const data = copyValid();
    const cacheDir = tempDir("lpoint-cache-");
    const key = await warehouseKey(keyInputs(data));
    const dir = join(cacheDir, "warehouse");
    mkdirSync(join(dir, `${key}.duckdb.lock`), {recursive: true});
    const pid = await deadPid();
    writeFileSync(join(dir, `${key}.duckdb.lock`, "owner.json"), JSON.stringify({pid, host: hostname(), started: new Date().toISOString()}));
    writeFileSync(join(dir, `${key}.duckdb.tmp-${pid}`), "half a warehouse");
    const logs: string[] = [];
    const info = await ensureWarehouse({dataDir: data, cacheDir, log: (m) => logs.push(m)});
    expect(info).toMatchObject({key, built: true});
    expect(logs.some((m) => /breaking stale lock/.test(m))).toBe(true);
    expect(readdirSync(dir)).toEqual([`${key}.duckdb`]);
    const duck = await openDuck(info.path, {readOnly: true});
    expect(await duck.query("SELECT count(*) AS n FROM session")).toEqual([{n: 9}]);
    duck.close();
  });

  it("a failed build leaves no warehouse behind and the error propagates", async () => {
    const data = copyValid();
    writeFileSync(pathOf(data, "custom"), "CLNT_ID,CLNT_GENDER,CLNT_AGE\n1,X,30\n");
    const cacheDir = tempDir("lpoint-cache-");
    await expect(ensureWarehouse({dataDir: data, cacheDir, log: quiet})).rejects.toThrow(/Custom\.csv: no valid rows/);
    expect(readdirSync(join(cacheDir, "warehouse"))).toEqual([]);
  });

  it("works for a directory whose path has a quote in it", async () => {
    const data = join(tempDir(), "it's data");
    cpSync(VALID, data, {recursive: true});
    const info = await ensureWarehouse({dataDir: data, cacheDir: tempDir("lpoint-cache-"), log: quiet});
    expect(info.built).toBe(true);
  });
});

describe("the cache key", () => {
  it("changes when one data byte changes, even with size and mtime restored", async () => {
    const data = copyValid();
    const before = await warehouseKey(keyInputs(data));
    const path = pathOf(data, "product");
    const {atime, mtime, size} = statSync(path);
    writeFileSync(path, readFileSync(path, "utf8").replace('"39,000",2', '"39,001",2'));
    utimesSync(path, atime, mtime);
    expect(statSync(path).size).toBe(size);
    expect(Math.abs(statSync(path).mtimeMs - mtime.getTime())).toBeLessThan(1);
    expect(await warehouseKey(keyInputs(data))).not.toBe(before);
  });

  it("remembers each file's hash by its stamp, and still sees an edit with size and mtime restored", async () => {
    const data = copyValid();
    const stampDir = tempDir("lpoint-stamps-");
    const inputs = {...keyInputs(data), stampDir};
    const before = await warehouseKey(inputs);
    expect(before).toBe(await warehouseKey(keyInputs(data)));
    const stamps = readdirSync(stampDir);
    expect(stamps).toHaveLength(7);
    // A forged hash under a matching stamp is taken as is: proof that the stamp, not a re-read, answered.
    const productStamp = stamps.map((n) => join(stampDir, n)).find((p) => readFileSync(p, "utf8").includes(pathOf(data, "product")))!;
    const saved = JSON.parse(readFileSync(productStamp, "utf8")) as {hash: string};
    writeFileSync(productStamp, JSON.stringify({...saved, hash: "forged"}));
    expect(await warehouseKey(inputs)).not.toBe(before);
    writeFileSync(productStamp, JSON.stringify(saved));
    expect(await warehouseKey(inputs)).toBe(before);

    const path = pathOf(data, "product");
    const {atime, mtime} = statSync(path);
    writeFileSync(path, readFileSync(path, "utf8").replace('"39,000",2', '"39,001",2'));
    utimesSync(path, atime, mtime);
    const after = await warehouseKey(inputs);
    expect(after).not.toBe(before);
    expect(after).toBe(await warehouseKey(keyInputs(data)));
  });

  it("depends on content, not on where the files are", async () => {
    const a = copyValid();
    const b = copyValid();
    expect(await warehouseKey(keyInputs(a))).toBe(await warehouseKey(keyInputs(b)));
  });

  it("changes with the weather file and the station", async () => {
    const data = copyValid();
    const base = await warehouseKey(keyInputs(data));
    expect(await warehouseKey({...keyInputs(data), station: 159})).not.toBe(base);
    writeFileSync(pathOf(data, "weather"), readFileSync(pathOf(data, "weather"), "utf8").replace("2018-04-02,6.6", "2018-04-02,6.7"));
    expect(await warehouseKey(keyInputs(data))).not.toBe(base);
  });
});

describe("data directory and the synthetic twin", () => {
  it("resolves LPOINT_DATA_DIR, then data/raw, then the synthetic cache", () => {
    const root = tempDir("lpoint-root-");
    const cacheDir = join(root, ".cache");
    expect(resolveDataDir({env: {}, root})).toEqual({dir: join(cacheDir, "synthetic", "demo-20180401"), source: "synthetic"});
    expect(resolveDataDir({env: {LPOINT_SYNTH_SCALE: "tiny", LPOINT_SYNTH_SEED: "7"}, root})).toEqual({dir: join(cacheDir, "synthetic", "tiny-7"), source: "synthetic"});
    mkdirSync(join(root, "data", "raw"), {recursive: true});
    writeFileSync(join(root, "data", "raw", "README.md"), "");
    expect(resolveDataDir({env: {}, root}).source).toBe("synthetic");
    writeFileSync(join(root, "data", "raw", "01.Product.csv"), "");
    expect(resolveDataDir({env: {}, root})).toEqual({dir: join(root, "data", "raw"), source: "real"});
    const other = copyValid();
    expect(resolveDataDir({env: {LPOINT_DATA_DIR: other}, root})).toEqual({dir: other, source: "real"});
    writeFileSync(join(other, "truth.json"), "{}");
    expect(resolveDataDir({env: {LPOINT_DATA_DIR: other}, root}).source).toBe("synthetic");
  });

  it("refuses bad synthetic settings, naming the value", () => {
    expect(() => resolveDataDir({env: {LPOINT_SYNTH_SCALE: "huge"}, root: tempDir()})).toThrow('invalid LPOINT_SYNTH_SCALE: "huge" (expected tiny, demo or full)');
    expect(() => resolveDataDir({env: {LPOINT_SYNTH_SEED: "abc"}, root: tempDir()})).toThrow('invalid LPOINT_SYNTH_SEED: "abc"');
  });

  it("generates the synthetic data once per seed, scale and generator code, and records them in meta", async () => {
    const root = tempDir("lpoint-root-");
    const cacheDir = join(root, ".cache");
    const calls: {outDir: string; scale?: string; seed?: number}[] = [];
    const generate: GenerateDataset = async (o) => {
      calls.push(o);
      cpSync(VALID, o.outDir, {recursive: true});
      writeFileSync(join(o.outDir, "truth.json"), JSON.stringify({seed: o.seed, scale: o.scale}));
      return {outDir: o.outDir, weatherFile: join(o.outDir, "weather-seoul-108.csv"), truthFile: join(o.outDir, "truth.json")};
    };
    const env = {LPOINT_SYNTH_SCALE: "tiny", LPOINT_SYNTH_SEED: "7"};
    const first = await ensureWarehouse({env, root, cacheDir, generate, log: quiet});
    expect(first).toMatchObject({source: "synthetic", dataDir: join(cacheDir, "synthetic", "tiny-7"), built: true});
    expect(calls.map((c) => [c.scale, c.seed])).toEqual([["tiny", 7]]);
    expect(calls[0].outDir).not.toBe(first.dataDir);
    const second = await ensureWarehouse({env, root, cacheDir, generate, log: quiet});
    expect(second.built).toBe(false);
    expect(calls.length).toBe(1);
    // A different generator stamp (as after a change in src/synth) regenerates; identical data keeps the warehouse.
    writeFileSync(join(first.dataDir, ".generator"), "older generator");
    const third = await ensureWarehouse({env, root, cacheDir, generate, log: quiet});
    expect(calls.length).toBe(2);
    expect(third).toEqual({...first, built: false});
    expect(existsSync(`${first.dataDir}.lock`)).toBe(false);
    const duck = await openDuck(first.path, {readOnly: true});
    const meta = Object.fromEntries((await duck.query<{key: string; value: string}>("SELECT * FROM meta WHERE key IN ('source', 'seed', 'scale')")).map((r) => [r.key, r.value]));
    expect(meta).toEqual({source: "synthetic", seed: "7", scale: "tiny"});
    duck.close();
  });
});
