import {describe, expect, it} from "vitest";
import {parseRange} from "./browser/serve.js";

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
