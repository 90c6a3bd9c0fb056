import {describe, expect, it} from "vitest";
import {compareRecords, latestSurvey, newEntryId, validateRecord, type StoreRecord, type VisitRecord} from "../../src/store/records.js";
import {visit} from "./helpers.js";

describe("validateRecord", () => {
  it("returns a clean record with keys in export order", () => {
    const r = validateRecord({notes: "n", bought: true, minutes: 2.5, priceKrw: 0, items: "x", date: "2024-02-29", entryId: "a_b-1", memberId: "7", kind: "visit"});
    expect(Object.keys(r)).toEqual(["kind", "memberId", "entryId", "date", "items", "priceKrw", "minutes", "bought", "notes"]);
    const s = validateRecord({kind: "survey", memberId: "7", entryId: "s", date: "2018-04-01", favourite: "health_food", reason: "variety", channel: "offline_to_online"});
    expect(Object.keys(s)).toEqual(["kind", "memberId", "entryId", "date", "favourite", "reason", "channel"]);
  });
  it("turns -0 minutes into 0", () => {
    expect(Object.is((validateRecord(visit({minutes: -0})) as VisitRecord).minutes, 0)).toBe(true);
  });
  it("names the record, the field and the bad value", () => {
    const bad: [unknown, RegExp][] = [
      [null, /expected an object, got null/],
      [[], /got an array/],
      [{...visit(), kind: "note"}, /kind must be "survey" or "visit", got "note"/],
      [{...visit(), extra: 1}, /unknown field "extra"/],
      [visit({memberId: "007"}), /memberId must be 1–10 digits without leading zeros, got "007"/],
      [visit({entryId: "a/b"}), /member 1001\): entryId .* got "a\/b"/],
      [visit({date: "2018-02-30"}), /date must be a calendar date YYYY-MM-DD, got "2018-02-30"/],
      [visit({items: "  "}), /items must not be empty/],
      [visit({items: "x".repeat(501)}), /items must be at most 500 characters \(has 501\)/],
      [visit({notes: "a\u0000b"}), /notes must not hold control characters/],
      [visit({notes: "\uD800"}), /unpaired surrogates/],
      [visit({priceKrw: 1.5}), /priceKrw must be a whole number of won .* got 1.5/],
      [visit({priceKrw: -1}), /priceKrw .* got -1/],
      [visit({minutes: Number.NaN}), /minutes .* got NaN/],
      [visit({minutes: 1.005}), /at most two decimals, got 1.005/],
      [visit({bought: "yes" as unknown as boolean}), /bought must be true or false, got "yes"/],
      [{kind: "survey", memberId: "1", entryId: "s", date: "2018-04-01", favourite: "shoes", reason: "cheap", channel: "online"}, /favourite must be one of clothing, cosmetics, household, health_food, got "shoes"/]
    ];
    for (const [value, message] of bad) expect(() => validateRecord(value, "record 3"), JSON.stringify(value)).toThrow(message);
    expect(() => validateRecord(null, "record 3")).toThrow(/^record 3: /);
  });
  it("keeps markup and formulas as plain text", () => {
    const notes = '<img src=x onerror=alert(1)>\n=HYPERLINK("x")';
    expect((validateRecord(visit({notes})) as VisitRecord).notes).toBe(notes);
  });
});

describe("ordering and ids", () => {
  it("orders by member numerically, date, entry, kind", () => {
    const rs: StoreRecord[] = [visit({memberId: "20"}), visit({memberId: "3", date: "2018-09-02"}), visit({memberId: "3", entryId: "e0"}), visit({memberId: "3"})];
    expect(rs.sort(compareRecords).map((r) => `${r.memberId}/${r.date}/${r.entryId}`)).toEqual(["3/2018-09-01/e0", "3/2018-09-01/e1", "3/2018-09-02/e1", "20/2018-09-01/e1"]);
  });
  it("makes entry ids that sort in creation order", () => {
    const zero = () => new Uint8Array(4);
    expect(newEntryId(0, zero)).toBe("000000000-00000000");
    expect(newEntryId(1_700_000_000_000, (b) => b.fill(255))).toBe("0loyw3v28-ffffffff");
    expect(newEntryId(1000, zero) < newEntryId(1001, zero)).toBe(true);
    expect(newEntryId()).toMatch(/^[0-9a-z]{9}-[0-9a-f]{8}$/);
  });
  it("finds the latest survey", () => {
    const s = (entryId: string, date: string): StoreRecord => ({kind: "survey", memberId: "1", entryId, date, favourite: "cosmetics", reason: "cheap", channel: "online"});
    expect(latestSurvey([s("b", "2018-01-01"), s("a", "2018-02-01"), s("c", "2018-02-01"), visit({memberId: "1", date: "2019-01-01"})], "1")?.entryId).toBe("c");
    expect(latestSurvey([s("a", "2018-01-01")], "2")).toBeNull();
  });
});
