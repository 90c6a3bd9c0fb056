import {describe, expect, it} from "vitest";
import {AliasTable, Permutation, Rng} from "../../src/synth/prng.js";
import {csvField, withThousands, zeroPad} from "../../src/synth/csv.js";
import {parseScale, parseSeed} from "../../src/synth/scale.js";

describe("Rng", () => {
  it("gives the same stream for the same seed and label, another for another label", () => {
    const a = Array.from({length: 5}, ((r) => () => r.u32())(new Rng(7, "x")));
    const b = Array.from({length: 5}, ((r) => () => r.u32())(new Rng(7, "x")));
    const c = Array.from({length: 5}, ((r) => () => r.u32())(new Rng(7, "y")));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("samples with the right means", () => {
    const rng = new Rng(1, "means");
    const n = 40_000;
    let u = 0, z = 0, z2 = 0, p = 0, g = 0, geo = 0;
    for (let i = 0; i < n; i++) {
      u += rng.next();
      const x = rng.normal();
      z += x;
      z2 += x * x;
      p += rng.poisson(3.5);
      g += rng.gamma(2.5);
      geo += rng.geometric(0.6);
    }
    expect(u / n).toBeCloseTo(0.5, 2);
    expect(z / n).toBeCloseTo(0, 1);
    expect(z2 / n).toBeCloseTo(1, 1);
    expect(p / n).toBeCloseTo(3.5, 1);
    expect(g / n).toBeCloseTo(2.5, 1);
    expect(geo / n).toBeCloseTo(0.4 / 0.6, 1);
    expect(rng.poisson(0)).toBe(0);
    expect(Math.abs(rng.poisson(400) - 400)).toBeLessThan(100);
  });

  it("rejects invalid parameters by name", () => {
    expect(() => new Rng(1).gamma(0)).toThrow(/invalid gamma shape: 0/);
    expect(() => new Rng(1).pick([])).toThrow(/empty/);
    expect(() => new AliasTable([1, -1])).toThrow(/invalid weight at 1: -1/);
  });
});

describe("AliasTable", () => {
  it("draws in proportion to the weights", () => {
    const table = new AliasTable([1, 2, 7]);
    const rng = new Rng(3);
    const counts = [0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[table.draw(rng)]++;
    expect(counts[0] / 50_000).toBeCloseTo(0.1, 1);
    expect(counts[2] / 50_000).toBeCloseTo(0.7, 1);
  });
});

describe("Permutation", () => {
  it("is a bijection of [0, n)", () => {
    for (const n of [1, 7, 1000, 4097]) {
      const perm = new Permutation(n, 5, "t");
      const seen = new Set(Array.from({length: n}, (_, i) => perm.at(i)));
      expect(seen.size).toBe(n);
      expect(Math.min(...seen)).toBe(0);
      expect(Math.max(...seen)).toBe(n - 1);
    }
    expect(() => new Permutation(0, 1, "t")).toThrow(/invalid permutation size: 0/);
    expect(() => new Permutation(10, 1, "t").at(10)).toThrow(/out of range: 10/);
  });
});

describe("CSV text", () => {
  it("quotes per RFC 4180 and writes thousands separators in quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe("\"a,b\"");
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("=SUM(1)")).toBe("=SUM(1)");
    expect(withThousands(999)).toBe("999");
    expect(withThousands(1290)).toBe("\"1,290\"");
    expect(withThousands(1_290_000)).toBe("\"1,290,000\"");
    expect(zeroPad(313, 8)).toBe("00000313");
  });

  it("validates scale and seed with the bad value in the message", () => {
    expect(parseScale("demo")).toBe("demo");
    expect(() => parseScale("huge")).toThrow(/invalid scale: "huge"/);
    expect(parseSeed("42")).toBe(42);
    expect(() => parseSeed("4.5")).toThrow(/invalid seed: "4.5"/);
    expect(() => parseSeed(-1)).toThrow(/invalid seed: -1/);
  });
});
