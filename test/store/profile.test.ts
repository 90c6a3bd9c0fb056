import {describe, expect, it} from "vitest";
import {parseCustomerRow, parseSampleRows, tierLabel, typeLabel} from "../../src/store/profile.js";
import {customerRow} from "./helpers.js";

describe("parseCustomerRow", () => {
  it("reads the contract's columns", () => {
    const p = parseCustomerRow(customerRow());
    expect(p).toMatchObject({clntId: 1001, member: true, tier: "star", pointRate: 0.008, type: "meticulous", subtype: "less", bits: "1101"});
    expect(p.top).toEqual([{category: "여성의류", index: 100}, {category: "화장품/뷰티케어", index: 81.25}, {category: "패션잡화", index: 60}]);
  });
  it("accepts nulls where the contract allows them and both spellings of chicken rib", () => {
    const p = parseCustomerRow(customerRow({gender: null, age: null, mean_day: null, type: null, subtype: null, bits: null, top1: null, top2: null, top3: null, tier: "chicken-rib"}));
    expect(p).toMatchObject({gender: null, age: null, meanDay: null, type: null, top: [], tier: "chicken_rib"});
    expect(parseCustomerRow(customerRow({tier: "chicken_rib", clnt_id: 5n})).clntId).toBe(5);
  });
  it("a member without any purchase line has no tier, R/F/M or point rate; a buyer must have them", () => {
    const noBuy = {sessions: 0, lines: 0, total: 0, first_date: null, last_date: null, mean_day: null, r: null, f: null, m: null, tier: null, point_rate: null, type: null, subtype: null, bits: null, top1: null, top2: null, top3: null};
    expect(parseCustomerRow(customerRow(noBuy))).toMatchObject({lines: 0, tier: null, r: null, f: null, m: null, pointRate: null, gender: "F", age: 30});
    expect(() => parseCustomerRow(customerRow({tier: null}))).toThrow(/tier is missing, got null/);
    expect(() => parseCustomerRow(customerRow({point_rate: null}))).toThrow(/point_rate is missing/);
  });
  it("names the column and the bad value", () => {
    expect(() => parseCustomerRow(customerRow({tier: "gold"}))).toThrow(/tier must be one of star, butterfly, chicken_rib, unmanaged, got "gold"/);
    expect(() => parseCustomerRow(customerRow({r: 4}))).toThrow(/r must be an integer in 1..3, got 4/);
    expect(() => parseCustomerRow(customerRow({bits: "12"}))).toThrow(/bits must be 4 bits like 1101, got "12"/);
    expect(() => parseCustomerRow(customerRow({member: 1}))).toThrow(/member must be true or false, got 1/);
    expect(() => parseCustomerRow(customerRow({first_date: "20180403"}))).toThrow(/first_date must be a date YYYY-MM-DD, got "20180403"/);
    expect(() => parseCustomerRow(customerRow({top2_index: null}))).toThrow(/top2_index is missing/);
  });
  it("labels tiers and types in Korean and English", () => {
    expect(tierLabel("chicken_rib")).toBe("계륵 Chicken rib");
    expect(typeLabel("easygoing")).toBe("털털이 easygoing");
    expect(typeLabel("meticulous", "more")).toBe("더 꼼꼼이 more meticulous");
  });
  it("checks the build's sample member list", () => {
    const rows = [{clnt_id: 8, tier: "unmanaged", type: null, subtype: null, lines: 2}, {clnt_id: 9, tier: null, type: "easygoing", subtype: "less", lines: 0}];
    expect(parseSampleRows(rows)).toEqual(rows);
    expect(() => parseSampleRows({})).toThrow(/expected a JSON array/);
    expect(() => parseSampleRows([{...rows[0], clnt_id: "8"}])).toThrow(/clnt_id must be an integer/);
    expect(() => parseSampleRows([{...rows[0], tier: 3}])).toThrow(/sample member 1: tier must be text or null/);
    expect(() => parseSampleRows([null])).toThrow(/sample member 1: expected an object/);
  });
});
