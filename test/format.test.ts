import {describe, expect, it} from "vitest";
import {compactWon, count, pct, won} from "../src/format.js";

describe("formatting", () => {
  it("groups digits and keeps the unit readable at any size", () => {
    expect(count(1551700)).toBe("1,551,700");
    expect(won(138830.08000000002)).toBe("₩138,830");
    expect(won(-5000)).toBe("−₩5,000");
    expect([1_600_000, 23_456_789, 234_567_890, 1_620_000_000, 12_345_678_901, 234_567_890_123, 3.2e12, 9_999].map(compactWon)).toEqual([
      "₩1.6 M", "₩23.5 M", "₩235 M", "₩1.62 bn", "₩12.3 bn", "₩235 bn", "₩3.2 tn", "₩9,999"
    ]);
    expect(pct(0.4812)).toBe("48.1%");
    expect([count(NaN), won(Infinity), compactWon(NaN), pct(NaN)]).toEqual(["–", "–", "–", "–"]);
  });
});
