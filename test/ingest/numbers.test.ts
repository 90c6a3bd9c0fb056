import {describe, expect, it} from "vitest";
import {isNa, parseNumber} from "../../src/ingest/numbers.js";

describe("parseNumber", () => {
  it("reads thousands separators, zero padding, signs and decimals", () => {
    expect(parseNumber("1,290,000")).toBe(1_290_000);
    expect(parseNumber("39,000")).toBe(39_000);
    expect(parseNumber("1,440", {integer: true})).toBe(1440);
    expect(parseNumber("0555562")).toBe(555_562);
    expect(parseNumber(" 632 ")).toBe(632);
    expect(parseNumber("-3")).toBe(-3);
    expect(parseNumber("+12")).toBe(12);
    expect(parseNumber("82.0", {integer: true})).toBe(82);
    expect(parseNumber("1,000.50")).toBe(1000.5);
    expect(parseNumber("999")).toBe(999);
  });

  it("refuses malformed numbers, including forms a lenient cast would take", () => {
    for (const text of ["1,29", "39,00", "1,,000", ",100", "100,", "1e3", "0x1F", "1_000", "inf", "NaN", "", "abc", "12 3", "１２", "1.2.3"])
      expect(parseNumber(text), text).toBeNull();
    expect(parseNumber("82.5", {integer: true})).toBeNull();
    expect(parseNumber(null)).toBeNull();
  });
});

describe("isNa", () => {
  it("treats blank and NA tokens as missing", () => {
    for (const text of [null, undefined, "", "  ", "NA", "na", "N/A", "NaN", "NULL", "None"]) expect(isNa(text), String(text)).toBe(true);
    for (const text of ["0", "(not set)", "NAB", "-"]) expect(isNa(text), text).toBe(false);
  });
});
