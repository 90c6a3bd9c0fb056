import {describe, expect, it} from "vitest";
import {
  CSV_COLUMNS, detectFormat, exportRecords, guardFormula, importRecords, parseCsvStrict, planImport,
  recordsFromCsv, recordsFromJson, recordsToCsv, recordsToJson, unguardFormula
} from "../../src/store/exchange.js";
import type {StoreRecord} from "../../src/store/records.js";
import {visit} from "./helpers.js";

const tricky = [
  '<img src=x onerror=alert(1)>',
  '=HYPERLINK("x")',
  "'=already guarded",
  "''+two apostrophes",
  "@SUM(A1)",
  "-3 items, \"quoted\", comma",
  "+82 10",
  "\ttab first",
  "trailing space ",
  " leading space",
  "line one\nline two\r\nline three\rcr",
  "한글 메모, 쉼표 \"따옴표\" 🎁 emoji",
  "'plain apostrophe",
  ""
];

const records: StoreRecord[] = [
  ...tricky.map((notes, i) => visit({memberId: String(1000 + (i % 3)), entryId: `e${i}`, notes, items: i % 2 ? "=cmd|' /C calc'!A0" : `니트, 청바지 ${i}`, bought: i % 2 === 0, minutes: i * 0.25, priceKrw: i * 1000})),
  {kind: "survey", memberId: "1000", entryId: "s1", date: "2018-04-02", favourite: "cosmetics", reason: "necessity", channel: "online_to_offline"},
  {kind: "survey", memberId: "9999999999", entryId: "s1", date: "2026-11-30", favourite: "household", reason: "cheap", channel: "offline"},
  visit({memberId: "1000", entryId: "s1", notes: "same key as a survey, other kind"})
];

describe("export → import → export is byte-identical", () => {
  for (const format of ["json", "csv"] as const) {
    it(format, () => {
      const first = exportRecords(records, format);
      const back = importRecords(first, format);
      expect(back).toHaveLength(records.length);
      expect(exportRecords(back, format)).toBe(first);
      const byKey = (rs: StoreRecord[]) => new Map(rs.map((r) => [`${r.kind}/${r.memberId}/${r.entryId}`, r]));
      expect(byKey(back)).toEqual(byKey(records));
    });
  }
  it("does not depend on the input order", () => {
    expect(recordsToJson([...records].reverse())).toBe(recordsToJson(records));
    expect(recordsToCsv([...records].reverse())).toBe(recordsToCsv(records));
  });
  it("empty sets round-trip too", () => {
    expect(recordsFromJson(recordsToJson([]))).toEqual([]);
    expect(recordsFromCsv(recordsToCsv([]))).toEqual([]);
    expect(recordsToCsv([])).toBe(`\uFEFF${CSV_COLUMNS.join(",")}\n`);
  });
});

describe("CSV cells", () => {
  it("guards formula starts reversibly", () => {
    for (const t of tricky) expect(unguardFormula(guardFormula(t))).toBe(t);
    expect(guardFormula('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(guardFormula("'=x")).toBe("''=x");
    expect(guardFormula("'plain")).toBe("'plain");
    expect(unguardFormula("'plain")).toBe("'plain");
  });
  it("never leaves a formula start at the beginning of a cell", () => {
    const rows = parseCsvStrict(recordsToCsv(records).slice(1));
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });
  it("writes the markup as it is, quoted only where CSV needs it", () => {
    const line = recordsToCsv([visit({notes: "<img src=x onerror=alert(1)>"})]).split("\n")[1];
    expect(line).toBe("visit,1001,e1,2018-09-01,,,,\"니트, 청바지\",59000,12,false,<img src=x onerror=alert(1)>");
  });
  it("parses strictly", () => {
    expect(parseCsvStrict('a,"b ""q"",c"\r\n1,\n')).toEqual([["a", 'b "q",c'], ["1", ""]]);
    expect(() => parseCsvStrict('a,"b\n')).toThrow(/quoted cell is not closed/);
    expect(() => parseCsvStrict('a,b"c\n')).toThrow(/line 1: a quote inside an unquoted cell/);
    expect(() => parseCsvStrict('x\n"a"b\n')).toThrow(/line 2: unexpected "b" after a closing quote/);
    expect(() => parseCsvStrict("a\rb")).toThrow(/carriage return/);
  });
});

describe("bad imports are refused with a message naming the problem", () => {
  const json = recordsToJson(records);
  const csv = recordsToCsv(records);
  const cases: [string, string, "json" | "csv", RegExp][] = [
    ["not JSON", "{records: [", "json", /not valid JSON/],
    ["wrong format", JSON.stringify({format: "other", version: 1, records: []}), "json", /format must be "lpoint-real-smart-store", got "other"/],
    ["wrong version", JSON.stringify({format: "lpoint-real-smart-store", version: 2, records: []}), "json", /version must be 1, got 2/],
    ["extra top-level", JSON.stringify({format: "lpoint-real-smart-store", version: 1, records: [], x: 1}), "json", /unknown top-level field "x"/],
    ["records not array", JSON.stringify({format: "lpoint-real-smart-store", version: 1, records: {}}), "json", /records must be an array/],
    ["bad record deep in the file", json.replace('"priceKrw": 13000', '"priceKrw": "13000"'), "json", /record \d+ \(member \d+\): priceKrw .* got "13000"/],
    ["duplicate key", JSON.stringify({format: "lpoint-real-smart-store", version: 1, records: [visit(), visit({notes: "x"})]}), "json", /record 2: duplicate of record 1 \(visit of member 1001, entry e1\)/],
    ["CSV header", csv.replace("kind,member_id", "type,member_id"), "csv", /CSV header must be kind,member_id,/],
    ["CSV short row", csv + "visit,1\n", "csv", /CSV row \d+: expected 12 cells, got 2/],
    ["CSV blank line", csv.replace("\nvisit", "\n\nvisit"), "csv", /expected 12 cells, got 1/],
    ["CSV cell for the other kind", csv.replace(/survey,1000,s1,2018-04-02,cosmetics,necessity,online_to_offline,/, "survey,1000,s1,2018-04-02,cosmetics,necessity,online_to_offline,x"), "csv", /items must be empty in a survey row, got "x"/],
    ["CSV price with separator", csv.replace(",13000,", ',"13,000",'), "csv", /price_krw must be a whole number of won without separators, got "13,000"/],
    ["CSV bought", csv.replace(",true,", ",yes,"), "csv", /bought must be true or false, got "yes"/],
    ["CSV empty", "", "csv", /empty/]
  ];
  for (const [name, text, format, message] of cases) it(name, () => expect(() => importRecords(text, format)).toThrow(message));
});

describe("detectFormat and planImport", () => {
  it("detects by extension, then by content", () => {
    expect(detectFormat("x.JSON", "")).toBe("json");
    expect(detectFormat("x.csv", "{")).toBe("csv");
    expect(detectFormat("x", "\uFEFF  {")).toBe("json");
    expect(detectFormat("x", "kind,")).toBe("csv");
  });
  it("merges or replaces", () => {
    const a = visit({entryId: "a"});
    const b = visit({entryId: "b"});
    const b2 = visit({entryId: "b", notes: "changed"});
    const c = visit({entryId: "c"});
    expect(planImport([a, b], [b2, c], "merge")).toEqual({put: [b2, c], remove: [], added: 1, replaced: 1, unchanged: 0});
    expect(planImport([a, b], [b, c], "replace")).toEqual({put: [c], remove: [a], added: 1, replaced: 0, unchanged: 1});
    expect(() => planImport([], [], "upsert" as "merge")).toThrow(/unknown import mode "upsert"/);
  });
});
