import {describe, expect, it} from "vitest";
import {buildRowGroupIndex, compareKeys, parseContentRange, parseRecordColumns, parseRowGroupIndex, pickRowGroups, RangeBlob, recordFromJson, type RowGroupIndex} from "../src/lazy.js";

const ids = buildRowGroupIndex("clnt_id", [
  {rows: 4, min: 1, max: 10},
  {rows: 4, min: 10, max: 10}, // customer 10 straddles groups 0–2
  {rows: 4, min: 10, max: 25},
  {rows: 2, min: 40, max: 41}
]);

describe("pickRowGroups", () => {
  it("finds the one row group holding a key", () => {
    expect(pickRowGroups(ids, 1)).toEqual([0]);
    expect(pickRowGroups(ids, 7)).toEqual([0]);
    expect(pickRowGroups(ids, 25)).toEqual([2]);
    expect(pickRowGroups(ids, 41)).toEqual([3]);
  });
  it("returns every row group a key straddles", () => {
    expect(pickRowGroups(ids, 10)).toEqual([0, 1, 2]);
  });
  it("returns none for keys outside every range (gaps, below, above)", () => {
    expect(pickRowGroups(ids, 0)).toEqual([]);
    expect(pickRowGroups(ids, 30)).toEqual([]);
    expect(pickRowGroups(ids, 42)).toEqual([]);
    expect(pickRowGroups(ids, 9_999_999_999)).toEqual([]);
  });
  it("refuses a key of the wrong type or an unsafe number", () => {
    expect(() => pickRowGroups(ids, "10")).toThrow(/cannot look up "10"/);
    expect(() => pickRowGroups(ids, 1.5)).toThrow(TypeError);
    expect(() => pickRowGroups(ids, Number.NaN)).toThrow(TypeError);
  });
  it("agrees with a linear scan on many random indexes", () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let trial = 0; trial < 200; trial++) {
      let key = rand(5);
      const groups = Array.from({length: 1 + rand(12)}, () => {
        const min = (key += rand(3));
        const max = (key += rand(4));
        return {rows: 1 + rand(9), min, max};
      });
      const index = buildRowGroupIndex("k", groups);
      for (let k = -1; k <= key + 1; k++) {
        const linear = groups.flatMap((g, i) => (g.min <= k && k <= g.max ? [i] : []));
        expect(pickRowGroups(index, k)).toEqual(linear);
      }
    }
  });
});

describe("string keys (a category per row group range)", () => {
  const cats = buildRowGroupIndex("top1", [
    {rows: 3, min: "가구", max: "남성의류"},
    {rows: 3, min: "남성의류", max: "여성의류"},
    {rows: 3, min: "여성의류", max: "화장품/뷰티케어"}
  ]);
  it("picks by code point order, as DuckDB sorts text", () => {
    expect(pickRowGroups(cats, "남성의류")).toEqual([0, 1]);
    expect(pickRowGroups(cats, "스포츠패션")).toEqual([1]);
    expect(pickRowGroups(cats, "여성의류")).toEqual([1, 2]);
    expect(pickRowGroups(cats, "Zzz")).toEqual([]);
    expect(pickRowGroups(cats, "힙")).toEqual([]);
  });
  it("compares astral characters by code point, not UTF-16 unit", () => {
    // U+FF21 (fullwidth A) sorts before U+1F600 in UTF-8 / code points, after it in UTF-16 units
    expect(compareKeys("\uFF21", "\u{1F600}")).toBe(-1);
    expect("\uFF21" < "\u{1F600}").toBe(false);
    expect(compareKeys("ab", "abc")).toBe(-1);
    expect(compareKeys("b", "abc")).toBe(1);
    expect(compareKeys("가", "가")).toBe(0);
    expect(() => compareKeys("1", 1)).toThrow(TypeError);
  });
});

describe("buildRowGroupIndex / parseRowGroupIndex", () => {
  it("round-trips through the footer's JSON and checks the footer's row counts", () => {
    const text = JSON.stringify(ids);
    expect(parseRowGroupIndex(text, [4, 4, 4, 2])).toEqual(ids);
    expect(() => parseRowGroupIndex(text, [4, 4, 4])).toThrow(/4 row groups indexed, the footer has 3/);
    expect(() => parseRowGroupIndex(text, [4, 4, 4, 3])).toThrow(/row counts differ/);
  });
  it("refuses files without an index, broken JSON and wrong shapes", () => {
    expect(() => parseRowGroupIndex(undefined, [])).toThrow(/no lpoint.row_groups metadata/);
    expect(() => parseRowGroupIndex("{", [])).toThrow(/not JSON/);
    expect(() => parseRowGroupIndex(JSON.stringify({...ids, version: 2}), [4, 4, 4, 2])).toThrow(/unexpected shape/);
    expect(() => parseRowGroupIndex(JSON.stringify({...ids, min: [1, 10, 10, "40"]}), [4, 4, 4, 2])).toThrow(/not integer/);
  });
  it("refuses unsorted or inverted ranges and empty row groups", () => {
    expect(() => buildRowGroupIndex("k", [{rows: 1, min: 5, max: 9}, {rows: 1, min: 8, max: 12}])).toThrow(/not sorted by k/);
    expect(() => buildRowGroupIndex("k", [{rows: 1, min: 9, max: 5}])).toThrow(/min 9 > max 5/);
    expect(() => buildRowGroupIndex("k", [{rows: 0, min: 1, max: 1}])).toThrow(/has 0 rows/);
    const bad: RowGroupIndex = {...ids, rows: [4, 4]};
    expect(() => parseRowGroupIndex(JSON.stringify(bad), [4, 4])).toThrow(/differ in length/);
  });
});

describe("JSON-array records", () => {
  const columns = parseRecordColumns(JSON.stringify(["clnt_id", "member", "top1", "top1_index"]));
  it("maps the values onto the column names from the footer", () => {
    expect(recordFromJson('[7,true,"<img src=x onerror=alert(1)>",82.5]', columns)).toEqual({clnt_id: 7, member: true, top1: "<img src=x onerror=alert(1)>", top1_index: 82.5});
    expect(recordFromJson("[7,false,null,null]", columns)).toEqual({clnt_id: 7, member: false, top1: null, top1_index: null});
  });
  it("refuses anything but a flat array of the right length", () => {
    expect(() => recordFromJson("[7,true]", columns)).toThrow(/array of 4 values/);
    expect(() => recordFromJson('{"clnt_id":7}', columns)).toThrow(/array of 4 values/);
    expect(() => recordFromJson('[7,true,{"x":1},1]', columns)).toThrow(/top1 is not a plain value/);
    expect(() => recordFromJson("[7,", columns)).toThrow(/not valid JSON/);
    expect(() => recordFromJson(7, columns)).toThrow(/expected JSON text/);
  });
  it("checks the column list", () => {
    expect(() => parseRecordColumns(undefined)).toThrow(/no lpoint.record_columns/);
    expect(() => parseRecordColumns('["a","a"]')).toThrow(/distinct/);
    expect(() => parseRecordColumns('["a b"]')).toThrow(/distinct columns/);
    expect(() => parseRecordColumns("[]")).toThrow(/distinct columns/);
  });
});

describe("RangeBlob (what parquet-wasm's fromFile reads through)", () => {
  const file = Uint8Array.from({length: 100}, (_, i) => i);
  const asked: string[] = [];
  // a server answering closed ranges like http-server does (no suffix ranges)
  const server = async (_url: string, init: {headers: Record<string, string>}) => {
    asked.push(init.headers.range);
    const m = /^bytes=(\d+)-(\d+)$/.exec(init.headers.range)!;
    const [a, b] = [Number(m[1]), Number(m[2])];
    return new Response(file.slice(a, b + 1), {status: 206, headers: {"content-range": `bytes ${a}-${b}/${file.length}`}});
  };
  it("slices like Blob.slice and fetches one closed range per read", async () => {
    const blob = new RangeBlob("/f.parquet", 0, 100, server);
    expect(blob.size).toBe(100);
    const trailer = blob.slice(92, 100);
    expect(trailer.size).toBe(8);
    expect([...new Uint8Array(await trailer.arrayBuffer())]).toEqual([92, 93, 94, 95, 96, 97, 98, 99]);
    expect([...new Uint8Array(await blob.slice(-3).arrayBuffer())]).toEqual([97, 98, 99]);
    expect([...new Uint8Array(await blob.slice(10, 20).slice(2, 4).arrayBuffer())]).toEqual([12, 13]);
    expect(asked).toEqual(["bytes=92-99", "bytes=97-99", "bytes=12-13"]);
    expect((await blob.slice(50, 40).arrayBuffer()).byteLength).toBe(0);
    expect(blob.slice(90, 1000).size).toBe(10);
    expect(asked).toHaveLength(3);
  });
  it("refuses a response that is not the range asked for", async () => {
    const whole = async () => new Response(file, {status: 200});
    await expect(new RangeBlob("/f", 0, 100, whole).slice(0, 8).arrayBuffer()).rejects.toThrow(/asked for bytes 0-7, got HTTP 200 without Content-Range/);
    const shifted = async () => new Response(file.slice(1, 9), {status: 206, headers: {"content-range": "bytes 1-8/100"}});
    await expect(new RangeBlob("/f", 0, 100, shifted).slice(0, 8).arrayBuffer()).rejects.toThrow(/got HTTP 206 bytes 1-8\/100/);
    expect(() => new RangeBlob("/f", 5, 4)).toThrow(RangeError);
  });
  it("parses Content-Range", () => {
    expect(parseContentRange("bytes 0-0/9159685")).toEqual({start: 0, end: 0, size: 9159685});
    expect(parseContentRange("bytes 10-19/*")).toEqual({start: 10, end: 19, size: null});
    for (const h of [null, "", "bytes */100", "bytes 5-4/100", "bytes 0-100/100", "items 0-1/2"]) expect(parseContentRange(h)).toBeNull();
  });
});
