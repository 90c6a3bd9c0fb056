import {describe, expect, it} from "vitest";
import {bindNamed} from "../src/sql.js";

describe("bindNamed", () => {
  it("numbers parameters in first-use order and reuses repeated names", () => {
    expect(bindNamed("SELECT $b + $a + $b", {a: 1, b: 2})).toEqual({sql: "SELECT $1 + $2 + $1", values: [2, 1]});
  });
  it("leaves quoted text, identifiers and comments alone", () => {
    const r = bindNamed(`SELECT '$a' AS "$x", $a -- $b\n`, {a: "v"});
    expect(r).toEqual({sql: `SELECT '$a' AS "$x", $1 -- $b\n`, values: ["v"]});
  });
  it("names a missing parameter", () => {
    expect(() => bindNamed("SELECT $nope", {})).toThrow("missing SQL parameter: $nope");
  });
  it("never splices hostile values into the text", () => {
    const hostile = "'); DROP TABLE x; --";
    const r = bindNamed("SELECT * FROM t WHERE id = $id", {id: hostile});
    expect(r.sql).not.toContain("DROP");
    expect(r.values).toEqual([hostile]);
  });
});
