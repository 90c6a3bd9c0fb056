import {mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {parseRange, serveDist} from "./browser/serve.js";

// The browser tests' static server answers byte ranges as parquet-wasm asks for them (suffix ranges
// for the footer, then closed ranges per row group), like http-server and Framework's preview do.
describe("parseRange", () => {
  it("reads closed, open-ended and suffix ranges", () => {
    expect(parseRange("bytes=0-99", 1000)).toEqual({start: 0, end: 99});
    expect(parseRange("bytes=900-", 1000)).toEqual({start: 900, end: 999});
    expect(parseRange("bytes=990-5000", 1000)).toEqual({start: 990, end: 999});
    expect(parseRange("bytes=-8", 1000)).toEqual({start: 992, end: 999});
    expect(parseRange("bytes=-5000", 1000)).toEqual({start: 0, end: 999});
  });
  it("says when a range cannot be satisfied (416)", () => {
    expect(parseRange("bytes=1000-", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=-0", 1000)).toBe("unsatisfiable");
    expect(parseRange("bytes=-8", 0)).toBe("unsatisfiable");
  });
  it("ignores what it does not serve: no header, other units, several ranges, malformed", () => {
    for (const h of [undefined, "", "items=0-1", "bytes=0-1,5-6", "bytes=-", "bytes=5-1", "bytes=a-b"]) expect(parseRange(h, 1000)).toBeNull();
  });
});

describe("serveDist", () => {
  it("answers a byte range with 206, or the whole file when told to ignore Range", async () => {
    const root = mkdtempSync(join(tmpdir(), "lpoint-serve-"));
    writeFileSync(join(root, "index.html"), "<p>x</p>");
    writeFileSync(join(root, "data.parquet"), "0123456789");
    const sites = [await serveDist(root), await serveDist(root, 0, {ranges: false})];
    try {
      const [ranged, whole] = await Promise.all(sites.map(({url}) => fetch(`${url}/data.parquet`, {headers: {range: "bytes=2-4"}})));
      expect([ranged.status, ranged.headers.get("content-range"), ranged.headers.get("accept-ranges"), await ranged.text()]).toEqual([206, "bytes 2-4/10", "bytes", "234"]);
      expect([whole.status, whole.headers.get("content-range"), whole.headers.get("accept-ranges"), await whole.text()]).toEqual([200, null, null, "0123456789"]);
    } finally {
      for (const {server} of sites) server.close();
      rmSync(root, {recursive: true, force: true});
    }
  });
});
