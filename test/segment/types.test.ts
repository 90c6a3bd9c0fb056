import {describe, expect, it} from "vitest";
import {behaviourType, groupLabel, parseGroupKey} from "../../src/segment/types.js";
import {behaviourBits, modalPatterns, type MeanRow} from "../../src/segment/compute.js";

describe("behaviour types: the published pattern table (Methods page: behaviour segments) under the general rule", () => {
  // category → published pattern(s) → published type and subtype (report's Korean table)
  const published: Array<[string, string, string, string, string]> = [
    ["여성의류", "1101", "meticulous", "less", "덜 꼼꼼이"],
    ["패션잡화", "1101", "meticulous", "less", "덜 꼼꼼이"],
    ["스포츠패션", "1101", "meticulous", "less", "덜 꼼꼼이"],
    ["스포츠패션", "1111", "meticulous", "more", "더 꼼꼼이"],
    ["건강식품", "1111", "meticulous", "more", "더 꼼꼼이"],
    ["남성의류", "0000", "easygoing", "more", "더 털털이"],
    ["속옷/양말/홈웨어", "0000", "easygoing", "more", "더 털털이"],
    ["유아동의류", "0000", "easygoing", "more", "더 털털이"],
    ["출산/육아용품", "0000", "easygoing", "more", "더 털털이"],
    ["유아동의류", "0010", "easygoing", "less", "덜 털털이"],
    ["퍼스널케어", "0010", "easygoing", "less", "덜 털털이"]
  ];
  it.each(published)("%s %s → %s / %s (%s)", (_category, pattern, type, subtype, ko) => {
    const t = behaviourType(pattern);
    expect([t.type, t.subtype, t.ko]).toEqual([type, subtype, ko]);
    expect(t.label).toContain(`(${ko})`);
  });

  it("cosmetics 0011 is the enthusiast (매니아)", () => {
    const t = behaviourType("0011");
    expect(t.type).toBe("enthusiast");
    expect(t.ko).toContain("매니아");
    expect(t.label).toBe("More enthusiast (더 매니아)");
  });

  it("maps every one of the 16 patterns by the rule: time & page views ⇒ meticulous, else price ⇒ enthusiast, else easygoing", () => {
    for (let i = 0; i < 16; i++) {
      const p = i.toString(2).padStart(4, "0");
      const [t, v, , m] = p.split("").map(Number);
      expect(behaviourType(p).type).toBe(t && v ? "meticulous" : m ? "enthusiast" : "easygoing");
    }
  });

  it("the literal search-bit rule flips only the easygoing names", () => {
    expect(behaviourType("0000", "search-bit").subtype).toBe("less");
    expect(behaviourType("0010", "search-bit").subtype).toBe("more");
    expect(behaviourType("1111", "search-bit").subtype).toBe("more");
    expect(behaviourType("0011", "search-bit").subtype).toBe("more");
  });

  it("rejects malformed patterns and rules, naming the value", () => {
    expect(() => behaviourType("110")).toThrow('"110"');
    expect(() => behaviourType("11a1")).toThrow('"11a1"');
    expect(() => behaviourType("1101", "x" as never)).toThrow('"x"');
  });

  it("group keys and labels", () => {
    expect(parseGroupKey("20F")).toEqual({age: 20, gender: "F"});
    expect(groupLabel("30M")).toBe("30s men (30대 남성)");
    expect(() => parseGroupKey("F20")).toThrow('"F20"');
  });
});

describe("published consideration-time means (Methods page: behaviour segments) → time bits", () => {
  const groups = ["20F", "20M", "30F", "30M", "40F", "40M", "50F"];
  // columns: women's clothing, cosmetics/beauty, health food, group average
  const table: number[][] = [
    [807.1, 708.6, 706.7, 726.9],
    [1059.5, 656.5, 672.5, 729.4],
    [802.5, 728.3, 787.7, 730.0],
    [760.9, 691.0, 770.4, 693.5],
    [906.7, 799.0, 898.2, 803.9],
    [861.5, 829.5, 804.3, 763.4],
    [1052.1, 914.2, 937.3, 939.7]
  ];
  const cats = ["여성의류", "화장품/뷰티케어", "건강식품"];
  const row = (group: string, category: string | null, time: number): MeanRow => ({
    group,
    age: Number(group.slice(0, 2)),
    gender: group.slice(2),
    category,
    lines: 1,
    time,
    time_n: 1,
    pageviews: null,
    pageviews_n: 0,
    searches: null,
    searches_n: 0,
    price: null,
    price_n: 0
  });
  const means = groups.flatMap((g, i) => [row(g, null, table[i][3]), ...cats.map((c, j) => row(g, c, table[i][j]))]);
  const bits = behaviourBits(means);
  const timeBit = (g: string, c: string) => bits.find((b) => b.group === g && b.category === c)!.bits[0];

  it("gives the expected bit for each of the 3 categories × 7 groups", () => {
    const expected: Record<string, number[]> = {
      여성의류: [1, 1, 1, 1, 1, 1, 1],
      "화장품/뷰티케어": [0, 0, 0, 0, 0, 1, 0],
      건강식품: [0, 0, 1, 1, 1, 1, 0]
    };
    for (const c of cats) expect(groups.map((g) => timeBit(g, c))).toEqual(expected[c]);
  });

  it("the majority time bit agrees with the first bit of each published pattern (1101, 0011, 1111)", () => {
    const first: Record<string, number> = {여성의류: 1, "화장품/뷰티케어": 0, 건강식품: 1};
    for (const c of cats) {
      const ones = groups.filter((g) => timeBit(g, c) === 1).length;
      expect(ones > groups.length / 2 ? 1 : 0).toBe(first[c]);
    }
  });

  it("with only the time variable known, the pattern is incomplete (null) and no type is voted", () => {
    expect(bits.every((b) => b.pattern === null)).toBe(true);
    expect(modalPatterns(bits).every((p) => p.patterns.length === 0 && p.groups === 0)).toBe(true);
  });
});
