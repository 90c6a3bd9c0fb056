import {describe, expect, it} from "vitest";
import {csvHeader, csvLines, toCsv} from "../src/csv.js";

describe("toCsv", () => {
  it("quotes commas, quotes and newlines", () => {
    expect(toCsv([{a: 'x,"y"', b: "l1\nl2", c: 3}])).toBe('a,b,c\n"x,""y""","l1\nl2",3\n');
  });
  it("neutralises formula-looking text but not numbers", () => {
    const csv = toCsv([{k: '=HYPERLINK("http://x","y")', n: -5, p: "+cmd", at: "@SUM(1)", m: "-1"}]);
    expect(csv.split("\n")[1]).toBe(`"'=HYPERLINK(""http://x"",""y"")",-5,'+cmd,'@SUM(1),'-1`);
  });
  it("keeps markup as literal text", () => {
    expect(toCsv([{k: "<img src=x onerror=alert(1)>"}])).toBe("k\n<img src=x onerror=alert(1)>\n");
  });
  it("writes empty cells for null and non-finite numbers", () => {
    expect(toCsv([{a: null, b: Number.NaN, c: undefined}], {columns: ["a", "b", "c"]})).toBe("a,b,c\n,,\n");
  });
  it("drops float noise, keeps large integers, and starts with a BOM on request", () => {
    expect(toCsv([{a: 138830.08000000002, b: 6592554, c: 0.1 + 0.2, d: 999_999_999_999_999}])).toBe("a,b,c,d\n138830.08,6592554,0.3,999999999999999\n");
    expect(toCsv([{k: "여성의류"}], {bom: true})).toBe("\ufeffk\n여성의류\n");
  });
  it("writes the same text a chunk at a time", () => {
    const rows = Array.from({length: 7}, (_, i) => ({id: i, name: i % 2 ? `=x${i}` : `a,"${i}"`, v: i / 3}));
    const columns = ["id", "name", "v"];
    const whole = toCsv(rows, {columns, bom: true});
    for (const size of [1, 2, 3, 7]) {
      let text = csvHeader(columns, {bom: true});
      for (let i = 0; i < rows.length; i += size) text += csvLines(rows.slice(i, i + size), columns);
      expect(text).toBe(whole);
    }
    expect(csvHeader([], {bom: true}) + csvLines([], [])).toBe(toCsv([], {bom: true}));
    expect(csvLines(rows.slice(1, 2), columns, {neutraliseFormulas: false})).toBe("1,=x1,0.333333333333333\n");
  });
});
