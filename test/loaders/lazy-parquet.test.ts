import {execFileSync, spawn} from "node:child_process";
import {createServer} from "node:net";
import {mkdtempSync, openAsBlob, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {PassThrough} from "node:stream";
import {tableFromIPC} from "apache-arrow";
import {ParquetFile} from "parquet-wasm/node";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {rowGroupsFromCountsSql, writeLazyParquet} from "../../loaders/lazy-parquet.js";
import {tarHeader, writeTar} from "../../loaders/tar.js";
import {parseContentRange, parseRowGroupIndex, pickRowGroups, RangeBlob, ROW_GROUP_INDEX_KEY} from "../../src/lazy.js";

let duck: Duck;
const dir = mkdtempSync(join(tmpdir(), "lazy-parquet-test-"));

beforeAll(async () => {
  duck = await openDuck();
  // 10,000 lines of 3,334 customers (ids 0, 3, 6, …): three lines each, so some straddle row groups
  await duck.run(`CREATE TABLE t AS SELECT (i // 3 * 3)::INTEGER AS clnt_id, i::INTEGER AS line,
    CASE WHEN i % 7 = 0 THEN '<img src=x onerror=alert(1)>' ELSE 'item ' || i END AS product,
    ['여성의류', '남성의류', '가구', '화장품/뷰티케어'][1 + i % 4] AS category, (i * 0.25)::DOUBLE AS amount FROM range(10000) r(i)`);
});
afterAll(() => {
  duck?.close();
  rmSync(dir, {recursive: true, force: true});
});

async function readGroups(path: string, rowGroups: number[]) {
  const file = await ParquetFile.fromFile(await openAsBlob(path));
  const table = tableFromIPC((await file.read({rowGroups})).intoIPCStream());
  file.free();
  return table.toArray().map((r) => ({...r.toJSON()}) as {clnt_id: number; line: number; product: string; category: string; amount: number});
}

describe("writeLazyParquet", () => {
  it("writes exact row groups, an index the footer confirms, and the extra metadata", async () => {
    const out = join(dir, "lines.parquet");
    const f = await writeLazyParquet(duck, "SELECT * FROM t ORDER BY clnt_id, line", out, {key: "clnt_id", rowGroupRows: 2048, metadata: {"lpoint.note": "x", "it's": "quoted ' text"}});
    expect(f.index.rows).toEqual([2048, 2048, 2048, 2048, 1808]);
    expect(f.index.min[0]).toBe(0);
    expect(f.index.max[1]).toBe(4095);
    expect(f.index.min[2]).toBe(4095); // customer 4095 has lines 4095, 4096, 4097
    expect(f.index.max[4]).toBe(9999);
    const file = await ParquetFile.fromFile(await openAsBlob(out));
    const meta = file.metadata();
    const kv = meta.fileMetadata().keyValueMetadata();
    expect(kv.get("lpoint.note")).toBe("x");
    expect(kv.get("it's")).toBe("quoted ' text");
    expect(parseRowGroupIndex(kv.get(ROW_GROUP_INDEX_KEY), meta.rowGroups().map((g) => g.numRows()))).toEqual(f.index);
    file.free();
    // the same rows as the query, in its order
    const back = await duck.query<{n: number; same: number}>(
      `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE p.line = t.line AND p.product = t.product AND p.category = t.category AND p.amount = t.amount)::INTEGER AS same
      FROM (SELECT *, row_number() OVER () - 1 AS i FROM read_parquet('${out}')) p JOIN t ON t.line = p.i`
    );
    expect(back).toEqual([{n: 10000, same: 10000}]);
    // written by DuckDB in one pass, with the encodings that keep it small
    const enc = await duck.query<{col: string; encodings: string}>(`SELECT DISTINCT path_in_schema AS col, encodings FROM parquet_metadata('${out}') ORDER BY col`);
    expect(Object.fromEntries(enc.map((e) => [e.col, e.encodings]))).toMatchObject({clnt_id: "DELTA_BINARY_PACKED", amount: "BYTE_STREAM_SPLIT"});
    // the same query writes the same bytes
    const again = await writeLazyParquet(duck, "SELECT * FROM t ORDER BY clnt_id, line", join(dir, "lines-again.parquet"), {key: "clnt_id", rowGroupRows: 2048, metadata: {"lpoint.note": "x", "it's": "quoted ' text"}});
    expect(readFileSync(again.path).equals(readFileSync(out))).toBe(true);
  });

  it("reading the picked row groups yields every row of the key, also across a boundary", async () => {
    const out = join(dir, "lines2.parquet");
    const f = await writeLazyParquet(duck, "SELECT * FROM t ORDER BY clnt_id, line", out, {key: "clnt_id", rowGroupRows: 2048});
    for (const id of [0, 2046, 4998, 9999]) {
      const groups = pickRowGroups(f.index, id);
      const rows = (await readGroups(out, groups)).filter((r) => r.clnt_id === id);
      expect(rows.map((r) => r.line)).toEqual([id, id + 1, id + 2].filter((l) => l < 10000));
    }
    expect(pickRowGroups(f.index, 2046)).toEqual([0, 1]); // lines 2046, 2047, 2048
    expect(pickRowGroups(f.index, 1)).toEqual([0]); // no such customer, but inside group 0's range
    expect(pickRowGroups(f.index, 10000)).toEqual([]);
    const hostile = (await readGroups(out, [0])).find((r) => r.line === 7)!;
    expect(hostile.product).toBe("<img src=x onerror=alert(1)>");
  });

  it("indexes text keys (one category's rows across row groups)", async () => {
    const out = join(dir, "by-category.parquet");
    const f = await writeLazyParquet(duck, "SELECT category, clnt_id, line FROM t ORDER BY category, clnt_id, line", out, {key: "category", rowGroupRows: 2048});
    expect(f.index.type).toBe("string");
    const groups = pickRowGroups(f.index, "여성의류");
    const rows = (await readGroups(out, groups)).filter((r) => r.category === "여성의류");
    expect(rows).toHaveLength(2500);
    expect(groups.length).toBeLessThan(f.index.rows.length);
  });

  it("writes a file of no row groups for no rows, with the key's type from the query (an empty Search1)", async () => {
    for (const [key, type] of [["clnt_id", "integer"], ["category", "string"]] as const) {
      const out = join(dir, `empty-${key}.parquet`);
      const f = await writeLazyParquet(duck, `SELECT ${key}, line FROM t WHERE false ORDER BY ${key}, line`, out, {key, rowGroupRows: 2048});
      expect(f.index).toMatchObject({key, type, rows: [], min: [], max: []});
      const file = await ParquetFile.fromFile(await openAsBlob(out));
      const meta = file.metadata();
      expect(parseRowGroupIndex(meta.fileMetadata().keyValueMetadata().get(ROW_GROUP_INDEX_KEY), meta.rowGroups().map((g) => g.numRows()))).toEqual(f.index);
      file.free();
      expect(pickRowGroups(f.index, key === "clnt_id" ? 3 : "가구")).toEqual([]);
    }
  });

  it("refuses rows that are not sorted by the key", async () => {
    await expect(writeLazyParquet(duck, "SELECT * FROM t ORDER BY line DESC", join(dir, "bad.parquet"), {key: "clnt_id", rowGroupRows: 2048})).rejects.toThrow(/not sorted by clnt_id/);
    await expect(writeLazyParquet(duck, "SELECT * FROM t", join(dir, "bad.parquet"), {key: "clnt id", rowGroupRows: 2048})).rejects.toThrow(/invalid key column/);
    // DuckDB's writer would round 1,000 rows up to a whole vector: refused rather than mis-indexed
    await expect(writeLazyParquet(duck, "SELECT * FROM t ORDER BY clnt_id", join(dir, "bad.parquet"), {key: "clnt_id", rowGroupRows: 1000})).rejects.toThrow(/invalid row-group size: 1000 \(a multiple of 2048 rows\)/);
  });

  describe("from the rows per key (keyCounts): no table in between", () => {
    const counts = "SELECT clnt_id AS key, count(*) AS n FROM t GROUP BY clnt_id";

    it("writes the same bytes and index as through a table, integer and text keys", async () => {
      for (const [sql, key, keyCounts] of [
        ["SELECT * FROM t ORDER BY clnt_id, line", "clnt_id", counts],
        ["SELECT category, clnt_id, line FROM t ORDER BY category, clnt_id, line", "category", "SELECT category AS key, count(*) AS n FROM t GROUP BY ALL"]
      ] as const) {
        const viaTable = await writeLazyParquet(duck, sql, join(dir, `table-${key}.parquet`), {key, rowGroupRows: 2048, metadata: {"lpoint.note": "x"}});
        const viaCounts = await writeLazyParquet(duck, sql, join(dir, `counts-${key}.parquet`), {key, rowGroupRows: 2048, metadata: {"lpoint.note": "x"}, keyCounts});
        expect(viaCounts.index).toEqual(viaTable.index);
        expect(readFileSync(viaCounts.path).equals(readFileSync(viaTable.path))).toBe(true);
      }
    });

    it("passes the query's parameters to the query alone", async () => {
      const f = await writeLazyParquet(duck, "SELECT * FROM t WHERE line < $n ORDER BY clnt_id, line", join(dir, "counts-params.parquet"), {
        key: "clnt_id",
        rowGroupRows: 2048,
        params: {n: 5000},
        keyCounts: "SELECT clnt_id AS key, count(*) AS n FROM t WHERE line < 5000 GROUP BY clnt_id"
      });
      expect(f.index.rows).toEqual([2048, 2048, 904]);
    });

    it("writes no row groups for no rows, the key's type from the counts", async () => {
      const f = await writeLazyParquet(duck, "SELECT category, line FROM t WHERE false ORDER BY category, line", join(dir, "counts-empty.parquet"), {
        key: "category",
        rowGroupRows: 2048,
        keyCounts: "SELECT category AS key, count(*) AS n FROM t WHERE false GROUP BY ALL"
      });
      expect(f.index).toMatchObject({key: "category", type: "string", rows: []});
    });

    it("refuses counts that are not the rows written, and rows not sorted by the key first", async () => {
      const bad = (sql: string, keyCounts: string) => writeLazyParquet(duck, sql, join(dir, "counts-bad.parquet"), {key: "clnt_id", rowGroupRows: 2048, keyCounts});
      const mismatch = /the rows per clnt_id that keyCounts gives are not the rows the query wrote/;
      // a customer's lines counted twice; the query's join dropping lines the counts keep
      await expect(bad("SELECT * FROM t ORDER BY clnt_id, line", `${counts} UNION ALL SELECT 3, 1`)).rejects.toThrow(mismatch);
      await expect(bad("SELECT * FROM t WHERE line % 100 <> 0 ORDER BY clnt_id, line", counts)).rejects.toThrow(mismatch);
      // sorted by another column first: the counts' ranges are not the row groups'
      await expect(bad("SELECT * FROM t ORDER BY line % 2, clnt_id, line", counts)).rejects.toThrow(mismatch);
      await expect(bad("SELECT * FROM t ORDER BY clnt_id, line", "SELECT NULL::INTEGER AS key, 1 AS n")).rejects.toThrow(/rows without a clnt_id/);
    });
  });
});

describe("rowGroupsFromCountsSql", () => {
  type Key = number | string;
  /** The row groups written by hand: keys in order, each key's rows filling the open group. */
  function reference(counts: {key: Key; n: number}[], size: number) {
    const groups: {rows: number; min: Key; max: Key}[] = [];
    let open: {rows: number; min: Key; max: Key} | null = null;
    for (const {key, n} of [...counts].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
      for (let left = n; left > 0; ) {
        open ??= {rows: 0, min: key, max: key};
        const take = Math.min(left, size - open.rows);
        open.rows += take;
        open.max = key;
        left -= take;
        if (open.rows === size) {
          groups.push(open);
          open = null;
        }
      }
    }
    if (open) groups.push(open);
    return groups;
  }
  const values = (counts: {key: Key; n: number}[], type: string) =>
    counts.length ? `SELECT * FROM (VALUES ${counts.map(({key, n}) => `(${typeof key === "string" ? `'${key}'` : key}::${type}, ${n})`).join(", ")}) v("key", n)` : `SELECT NULL::${type} AS "key", 0 AS n WHERE false`;
  const plan = (counts: {key: Key; n: number}[], size: number, type = "INTEGER") => duck.query<{rows: number; min: Key; max: Key; null_key: boolean}>(rowGroupsFromCountsSql(values(counts, type), size));

  it("cuts runs of keys into row groups, a key across a boundary in both", async () => {
    const counts = [
      {key: 1, n: 3},
      {key: 2, n: 0},
      {key: 9, n: 1},
      {key: 5, n: 6}
    ];
    expect(await plan(counts, 4)).toEqual([
      {rows: 4, min: 1, max: 5, null_key: false},
      {rows: 4, min: 5, max: 5, null_key: false},
      {rows: 2, min: 5, max: 9, null_key: false}
    ]);
    expect(await plan(counts, 10)).toEqual([{rows: 10, min: 1, max: 9, null_key: false}]);
    expect(await plan(counts, 2)).toEqual([
      {rows: 2, min: 1, max: 1, null_key: false},
      {rows: 2, min: 1, max: 5, null_key: false},
      {rows: 2, min: 5, max: 5, null_key: false},
      {rows: 2, min: 5, max: 5, null_key: false},
      {rows: 2, min: 5, max: 9, null_key: false}
    ]);
    expect(await plan([], 4)).toEqual([]);
    const withNull = await duck.query<{null_key: boolean}>(rowGroupsFromCountsSql(`SELECT * FROM (VALUES (1, 2), (NULL, 3)) v("key", n)`, 4));
    expect(withNull.some((g) => g.null_key)).toBe(true);
    expect(() => rowGroupsFromCountsSql("SELECT 1", 0)).toThrow(/invalid row-group size: 0/);
  });

  it("equals the groups filled by hand, for numbers and text, on random counts", async () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 20; trial++) {
      const text = trial % 3 === 0;
      const keys = [...new Set(Array.from({length: 1 + Math.floor(random() * 60)}, () => Math.floor(random() * 1000)))];
      const counts = keys.map((k) => ({key: text ? `k${k}` : k, n: Math.floor(random() * (random() < 0.2 ? 40 : 4))}));
      const size = [1, 3, 8, 16][trial % 4];
      const got = (await plan(counts, size, text ? "VARCHAR" : "INTEGER")).map(({rows, min, max}) => ({rows, min, max}));
      expect(got, `trial ${trial}`).toEqual(reference(counts, size));
    }
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const {port} = server.address() as {port: number};
  await new Promise((ok) => server.close(ok));
  return port;
}

describe("reading through http-server (npm start)", () => {
  it("opens the footer and one row group with closed Range requests", async () => {
    const out = join(dir, "served.parquet");
    const f = await writeLazyParquet(duck, "SELECT * FROM t ORDER BY clnt_id, line", out, {key: "clnt_id", rowGroupRows: 2048});
    const port = await freePort();
    const server = spawn(join(process.cwd(), "node_modules/.bin/http-server"), [dir, "-a", "127.0.0.1", "-p", String(port), "-c-1", "-s"], {stdio: "ignore"});
    try {
      const url = `http://127.0.0.1:${port}/served.parquet`;
      let probe: Response | null = null;
      for (let i = 0; i < 50 && !probe; i++) probe = await fetch(url, {headers: {range: "bytes=0-0"}}).catch(() => new Promise<null>((ok) => setTimeout(() => ok(null), 100)));
      expect(probe!.status).toBe(206);
      const size = parseContentRange(probe!.headers.get("content-range"))!.size!;
      expect(size).toBe(f.bytes);
      const asked: string[] = [];
      const blob = new RangeBlob(url, 0, size, (u, init) => (asked.push(init.headers.range), fetch(u, init)));
      const file = await ParquetFile.fromFile(blob as unknown as Blob);
      const groups = pickRowGroups(f.index, 4998);
      const rows = tableFromIPC((await file.read({rowGroups: groups})).intoIPCStream()).toArray().map((r) => r.toJSON() as {clnt_id: number; line: number});
      expect(rows.filter((r) => r.clnt_id === 4998).map((r) => r.line)).toEqual([4998, 4999, 5000]);
      file.free();
      // the trailer and the footer (no page index), then only the picked row groups: every range closed
      expect(asked.every((r) => /^bytes=\d+-\d+$/.test(r))).toBe(true);
      expect(asked).toHaveLength(2 + groups.length);
    } finally {
      server.kill();
    }
  });
});

describe("writeTar", () => {
  it("writes an archive tar(1) lists and extracts byte for byte", async () => {
    const a = join(dir, "a.bin");
    const b = join(dir, "b.json");
    writeFileSync(a, Buffer.alloc(1000, 7));
    writeFileSync(b, '{"x":"한글"}');
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on("data", (c: Buffer) => chunks.push(c));
    await writeTar(sink, [{name: "detail.parquet", path: a}, {name: "samples.json", path: b}]);
    const archive = join(dir, "x.tar");
    writeFileSync(archive, Buffer.concat(chunks));
    expect(Buffer.concat(chunks).length % 512).toBe(0);
    expect(execFileSync("tar", ["-tf", archive], {encoding: "utf8"}).trim().split("\n")).toEqual(["detail.parquet", "samples.json"]);
    expect(execFileSync("tar", ["-xOf", archive, "samples.json"], {encoding: "utf8"})).toBe('{"x":"한글"}');
    expect(execFileSync("tar", ["-xOf", archive, "detail.parquet"]).equals(Buffer.alloc(1000, 7))).toBe(true);
  });
  it("refuses names a ustar header cannot hold", () => {
    expect(() => tarHeader("x".repeat(101), 1)).toThrow(/unsupported member name/);
    expect(() => tarHeader("", 1)).toThrow(/unsupported member name/);
  });
});
