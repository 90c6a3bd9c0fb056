// Whole columns between DuckDB and typed arrays: the same values both ways, across chunks and buffer growth,
// NULLs only where asked, and errors that name the column.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {readColumns, writeColumns} from "../../loaders/columns.js";
import {openDuck, type Duck} from "../../loaders/duck.js";

describe("readColumns / writeColumns", () => {
  let duck: Duck;
  beforeAll(async () => {
    duck = await openDuck(":memory:", {threads: 2});
  });
  afterAll(() => duck.close());

  it("reads INTEGER and DOUBLE columns in the query's order, past a chunk and past the first buffer", async () => {
    const n = 70_000;
    const got = await readColumns(duck, "SELECT (i * 7 % 1000 - 500)::INTEGER AS a, i / 3 AS b, 'x' AS skip FROM range($n) t(i) ORDER BY i", {b: "float64", a: "int32"}, {n});
    expect(got.a).toBeInstanceOf(Int32Array);
    expect(got.b).toBeInstanceOf(Float64Array);
    expect(got.a.length).toBe(n);
    expect(Array.from({length: n}, (_, i) => got.a[i] === ((i * 7) % 1000) - 500 && got.b[i] === i / 3).every(Boolean)).toBe(true);
    const none = await readColumns(duck, "SELECT 1::INTEGER AS a WHERE false", {a: "int32"});
    expect(none.a.length).toBe(0);
  });

  it("refuses a missing column, another type and a NULL, naming them", async () => {
    await expect(readColumns(duck, "SELECT 1::INTEGER AS a", {b: "int32"})).rejects.toThrow(/no column "b" \(it has a\)/);
    await expect(readColumns(duck, "SELECT 1::BIGINT AS a", {a: "int32"})).rejects.toThrow(/column "a" is BIGINT, expected INTEGER/);
    await expect(readColumns(duck, "SELECT 1::INTEGER AS a", {a: "float64"})).rejects.toThrow(/column "a" is INTEGER, expected DOUBLE/);
    await expect(readColumns(duck, "SELECT CASE WHEN i = 3000 THEN NULL ELSE i END::INTEGER AS a FROM range(5000) t(i) ORDER BY i", {a: "int32"})).rejects.toThrow(
      /NULL in column "a", row 3001/
    );
    // the last row of a short last chunk, in the last, partly used byte of its mask
    await expect(readColumns(duck, "SELECT i::INTEGER AS a, CASE WHEN i = 2050 THEN NULL ELSE i END::DOUBLE AS b FROM range(2051) t(i) ORDER BY i", {a: "int32", b: "float64"})).rejects.toThrow(
      /NULL in column "b", row 2051/
    );
  });

  it("writes a temp table of the arrays, in order, NaN and the values nullIf names as NULL", async () => {
    const n = 5000;
    const id = Int32Array.from({length: n}, (_, i) => i);
    const code = Int32Array.from({length: n}, (_, i) => (i % 4 === 0 ? -1 : i % 7));
    const x = Float64Array.from({length: n}, (_, i) => (i % 5 === 0 ? NaN : i / 7));
    await writeColumns(duck, "cols_test", {id, code, x}, {nullIf: {code: -1}});
    const rows = await duck.query<{id: number; code: number | null; x: number | null}>("SELECT * FROM cols_test");
    expect(rows.length).toBe(n);
    expect(rows.every((r, i) => r.id === i && r.code === (i % 4 === 0 ? null : i % 7) && r.x === (i % 5 === 0 ? null : i / 7))).toBe(true);
    const [types] = await duck.query<{t: string}>("SELECT string_agg(data_type, ',' ORDER BY column_index) AS t FROM duckdb_columns() WHERE table_name = 'cols_test'");
    expect(types.t).toBe("INTEGER,INTEGER,DOUBLE");
    // NULLs only in a short last chunk, and a column of them alone: the mask is made for that column only
    const m = 2051;
    const last = Float64Array.from({length: m}, (_, i) => (i === m - 1 ? NaN : i));
    const all = new Int32Array(m).fill(-1);
    await writeColumns(duck, "cols_test", {last, all, id: Int32Array.from({length: m}, (_, i) => i)}, {nullIf: {all: -1}});
    const [counts] = await duck.query("SELECT count(last)::INTEGER AS last, count(\"all\")::INTEGER AS \"all\", count(*)::INTEGER AS n, sum(id)::DOUBLE AS ids FROM cols_test");
    expect(counts).toEqual({last: m - 1, all: 0, n: m, ids: ((m - 1) * m) / 2});
    // written again: replaced, and empty columns make an empty table
    await writeColumns(duck, "cols_test", {id: new Int32Array(0)});
    expect(await duck.query("SELECT * FROM cols_test")).toEqual([]);
  });

  it("refuses names that are not plain identifiers and columns of different lengths", async () => {
    await expect(writeColumns(duck, "t; DROP TABLE x", {a: new Int32Array(1)})).rejects.toThrow(/invalid table name/);
    await expect(writeColumns(duck, "t", {"a b": new Int32Array(1)})).rejects.toThrow(/invalid column name "a b"/);
    await expect(writeColumns(duck, "t", {a: new Int32Array(2), b: new Float64Array(3)})).rejects.toThrow(/column "b" has 3 rows, "a" 2/);
  });
});
