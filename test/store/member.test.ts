import {describe, expect, it} from "vitest";
import {isCanonicalMemberId, parseMemberId} from "../../src/store/member.js";

describe("parseMemberId", () => {
  it("accepts up to 10 digits and drops surrounding whitespace and leading zeros", () => {
    expect(parseMemberId("1234567890")).toEqual({ok: true, id: "1234567890", value: 1234567890});
    expect(parseMemberId(" 0042\r\n")).toEqual({ok: true, id: "42", value: 42});
    expect(parseMemberId("0000")).toEqual({ok: true, id: "0", value: 0});
  });
  it("refuses anything else, naming the character or the length", () => {
    const cases: [unknown, RegExp][] = [
      ["", /Enter a member id/],
      ["12a4", /"a" \(U\+0061\) at position 3/],
      ["12 34", /" " \(U\+0020\) at position 3/],
      ["１２３", /U\+FF11\) at position 1/],
      ["-5", /"-" .* position 1/],
      ["1e5", /"e"/],
      ["12345678901", /has 11 digits; at most 10/],
      ["1' OR 1=1 --", /"'"/],
      [42, /must be text, got number/],
      [null, /got null/]
    ];
    for (const [input, message] of cases) {
      const r = parseMemberId(input);
      expect(r.ok, String(input)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(message);
    }
  });
  it("knows canonical ids", () => {
    expect(isCanonicalMemberId("42")).toBe(true);
    expect(isCanonicalMemberId("0")).toBe(true);
    expect(isCanonicalMemberId("042")).toBe(false);
    expect(isCanonicalMemberId("12345678901")).toBe(false);
    expect(isCanonicalMemberId(42)).toBe(false);
  });
});
