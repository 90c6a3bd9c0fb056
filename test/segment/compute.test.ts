import {describe, expect, it} from "vitest";
import {
  behaviourBits,
  behaviourMeans,
  customerBehaviourTypes,
  mainGroups,
  modalPatterns,
  outlierBounds,
  quantileCont,
  rankGroups,
  resolveSegmentOptions,
  segmentBehaviour,
  segmentFeatures,
  type BitRow,
  type SegmentLine,
  type SegmentSession
} from "../../src/segment/compute.js";

describe("quantileCont (DuckDB quantile_cont)", () => {
  it("interpolates linearly at (n − 1)·q", () => {
    expect(quantileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileCont([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileCont([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileCont([0, 10], 0.25)).toBe(2.5);
    expect(quantileCont([], 0.5)).toBeNull();
  });
});

describe("outlier bounds", () => {
  const values = Array.from({length: 101}, (_, i) => i); // 0..100
  it("percentile 1–99 over 0..100 is [1, 99]", () => {
    expect(outlierBounds(values, {kind: "percentile", lower: 0.01, upper: 0.99})).toEqual({lo: 1, hi: 99});
  });
  it("IQR × 3 over 0..100 is [25 − 150, 75 + 150]", () => {
    expect(outlierBounds(values, {kind: "iqr", k: 3})).toEqual({lo: -125, hi: 225});
  });
  it("none keeps everything", () => {
    expect(outlierBounds(values, {kind: "none"})).toEqual({lo: -Infinity, hi: Infinity});
  });
  it("bad rules are named", () => {
    expect(() => resolveSegmentOptions({outliers: {kind: "percentile", lower: 0.9, upper: 0.1}})).toThrow("lower = 0.9");
    expect(() => resolveSegmentOptions({outliers: {kind: "iqr", k: -1}})).toThrow("k = -1");
    expect(() => resolveSegmentOptions({outliers: {kind: "zscore"} as never})).toThrow("zscore");
    expect(() => resolveSegmentOptions({groups: 0})).toThrow("0");
    expect(() => resolveSegmentOptions({groups: ["twenty"]})).toThrow('"twenty"');
  });
});

describe("segmentFeatures: outliers masked per variable, counts reported", () => {
  // 101 purchasing sessions with time 0..100, page views 1 (one NULL), searches: 90 zero, 11 positive
  const sessions: SegmentSession[] = Array.from({length: 101}, (_, i) => ({
    clnt_id: 1,
    sess_id: i,
    time: i,
    pageviews: i === 50 ? null : 1,
    searches: i < 90 ? 0 : (i - 89) * 10 // 10..110
  }));
  sessions.push({clnt_id: 2, sess_id: 0, time: 100_000, pageviews: 1, searches: 0}); // no purchase: ignored
  const lines: SegmentLine[] = sessions.slice(0, 101).map((s) => ({clnt_id: 1, sess_id: s.sess_id, category: "A", price: 1000 + s.sess_id, age: 20, gender: "F"}));
  const f = segmentFeatures(sessions, lines, {kind: "percentile", lower: 0.01, upper: 0.99});

  it("bounds come from purchasing sessions only", () => {
    const time = f.bounds.find((b) => b.variable === "time")!;
    expect(time).toEqual({variable: "time", unit: "session", n: 101, nulls: 0, lo: 1, hi: 99, removed: 2});
  });
  it("NULL page views are excluded and counted", () => {
    expect(f.bounds.find((b) => b.variable === "pageviews")).toMatchObject({n: 100, nulls: 1, lo: 1, hi: 1, removed: 0});
    expect(f.lines[50].pageviews).toBeNull();
  });
  it("searches: bounds over sessions with searches, zeros always kept", () => {
    const s = f.bounds.find((b) => b.variable === "searches")!;
    // positives 10..110 (11 values): q(0.01) = 11, q(0.99) = 109
    expect(s).toMatchObject({n: 11, lo: 11, hi: 109, removed: 2});
    expect(f.lines.filter((l) => l.searches === 0)).toHaveLength(90);
    expect(f.lines[90].searches).toBeNull();
    expect(f.lines[91].searches).toBe(20);
  });
  it("an outlier drops only that variable", () => {
    expect(f.lines[0]).toMatchObject({time: null, pageviews: 1, searches: 0, price: null});
    expect(f.lines[1]).toMatchObject({time: 1, price: 1001});
  });
  it("price bounds are per line", () => {
    expect(f.bounds.find((b) => b.variable === "price")).toEqual({variable: "price", unit: "line", n: 101, nulls: 0, lo: 1001, hi: 1099, removed: 2});
  });
  it("a line without its session is an error naming it", () => {
    expect(() => segmentFeatures([], [{clnt_id: 9, sess_id: 4, category: "A", price: 1, age: null, gender: null}])).toThrow("session 4");
  });
});

/** A hand-made world: 3 groups, 2 categories, exact means. */
function world() {
  const sessions: SegmentSession[] = [];
  const lines: SegmentLine[] = [];
  let sid = 0;
  const buy = (clnt: number, age: number | null, gender: string | null, time: number, pv: number, searches: number, items: Array<[string, number]>) => {
    sid++;
    sessions.push({clnt_id: clnt, sess_id: sid, time, pageviews: pv, searches});
    for (const [category, price] of items) lines.push({clnt_id: clnt, sess_id: sid, category, price, age, gender});
  };
  // 20F (largest group): A is slow / many views / searches / pricey; B the opposite
  buy(1, 20, "F", 100, 10, 2, [["A", 500], ["A", 500]]);
  buy(1, 20, "F", 20, 2, 0, [["B", 100]]);
  buy(2, 20, "F", 120, 12, 0, [["A", 300]]);
  buy(2, 20, "F", 10, 1, 0, [["B", 100], ["B", 50]]);
  // 30M: A slow and viewed but cheap, B the opposite
  buy(3, 30, "M", 200, 20, 1, [["A", 10]]);
  buy(3, 30, "M", 50, 5, 1, [["B", 1000]]);
  buy(4, 30, "M", 150, 15, 0, [["A", 10]]);
  // 40F: one line only
  buy(5, 40, "F", 60, 6, 0, [["B", 70]]);
  // non-member
  buy(6, null, null, 1000, 100, 9, [["A", 5000]]);
  return {sessions, lines};
}

describe("segmentation on a hand-made world (no outlier rule)", () => {
  const {sessions, lines} = world();
  const r = segmentBehaviour(sessions, lines, {outliers: {kind: "none"}, groups: 3});

  it("groups: the largest by member lines, shown in (age, gender) order", () => {
    expect(rankGroups(lines).map((g) => [g.group, g.lines, g.size_rank])).toEqual([["20F", 6, 1], ["30M", 3, 2], ["40F", 1, 3]]);
    expect(mainGroups(lines, 2).map((g) => g.group)).toEqual(["20F", "30M"]);
    expect(mainGroups(lines, ["40F", "20F"]).map((g) => g.group)).toEqual(["20F", "40F"]);
    expect(r.groups.map((g) => g.group)).toEqual(["20F", "30M", "40F"]);
  });

  it("means: each line carries its session's variables; group average over all the group's lines", () => {
    const m = (g: string, c: string | null) => r.means.find((x) => x.group === g && x.category === c)!;
    // 20F lines: A(100,10,2,500) A(100,10,2,500) B(20,2,0,100) A(120,12,0,300) B(10,1,0,100) B(10,1,0,50)
    expect(m("20F", null)).toMatchObject({lines: 6, time: 360 / 6, pageviews: 36 / 6, searches: 4 / 6, price: 1550 / 6, time_n: 6});
    expect(m("20F", "A")).toMatchObject({lines: 3, time: 320 / 3, pageviews: 32 / 3, searches: 4 / 3, price: 1300 / 3});
    expect(m("20F", "B")).toMatchObject({lines: 3, time: 40 / 3, pageviews: 4 / 3, searches: 0, price: 250 / 3});
    expect(m("40F", "B")).toMatchObject({lines: 1, time: 60});
    expect(r.means.map((x) => `${x.group}:${x.category}`)).toEqual(["20F:null", "20F:A", "20F:B", "30M:null", "30M:A", "30M:B", "40F:null", "40F:B"]);
  });

  it("bits: 1 only when strictly above the group average (a lone category equals it: 0000)", () => {
    const b = (g: string, c: string) => r.bits.find((x) => x.group === g && x.category === c)!.pattern;
    expect(b("20F", "A")).toBe("1111");
    expect(b("20F", "B")).toBe("0000");
    expect(b("30M", "A")).toBe("1100");
    expect(b("30M", "B")).toBe("0011");
    expect(b("40F", "B")).toBe("0000");
  });

  it("modal pattern per category; ties return every tied pattern with its type", () => {
    const a = r.patterns.find((p) => p.category === "A")!;
    expect(a.patterns).toEqual(["1100", "1111"]);
    expect(a.votes).toBe(1);
    expect(a.types.map((t) => t.label)).toEqual(["Less meticulous (덜 꼼꼼이)", "More meticulous (더 꼼꼼이)"]);
    const b = r.patterns.find((p) => p.category === "B")!;
    expect(b).toMatchObject({patterns: ["0000"], votes: 2, groups: 3});
    expect(b.types[0].label).toBe("More easygoing (더 털털이)");
  });

  it("category option limits the rows, not the group averages", () => {
    const only = segmentBehaviour(sessions, lines, {outliers: {kind: "none"}, groups: 3, categories: ["B"]});
    expect(only.means.filter((m) => m.category !== null).every((m) => m.category === "B")).toBe(true);
    expect(only.means.find((m) => m.group === "20F" && m.category === null)!.time).toBe(60);
    expect(only.patterns.map((p) => p.category)).toEqual(["B"]);
  });

  it("modal vote ignores incomplete patterns", () => {
    const rows: BitRow[] = [
      {group: "g1", category: "X", bits: [1, 0, 0, 0], pattern: "1000"},
      {group: "g2", category: "X", bits: [null, 0, 0, 0], pattern: null},
      {group: "g3", category: "X", bits: [1, 0, 0, 0], pattern: "1000"}
    ];
    expect(modalPatterns(rows)[0]).toMatchObject({patterns: ["1000"], votes: 2, groups: 2, by_group: {g1: "1000", g2: null, g3: "1000"}});
  });

  it("behaviourMeans / behaviourBits agree with the pipeline", () => {
    const f = segmentFeatures(sessions, lines, {kind: "none"});
    expect(behaviourBits(behaviourMeans(f.lines, r.groups))).toEqual(r.bits);
  });
});

describe("customer types", () => {
  const {sessions, lines} = world();
  const f = segmentFeatures(sessions, lines, {kind: "none"});
  const types = customerBehaviourTypes(f.lines, mainGroups(lines, 2));
  const t = (id: number) => types.find((x) => x.clnt_id === id)!;

  it("a customer's mean is over their lines and compared with their group's average", () => {
    // customer 1: lines A(100,10,2,500) ×2, B(20,2,0,100): means 220/3, 22/3, 4/3, 1100/3 vs 20F averages 60, 6, 2/3, 1550/6
    expect(t(1)).toMatchObject({group: "20F", reference: "group", lines: 3, time: 220 / 3, pattern: "1111", type: "meticulous", subtype: "more"});
    expect(t(2)).toMatchObject({group: "20F", pattern: "0000", type: "easygoing", subtype: "more"});
  });

  it("customers outside the main groups and non-members are compared with the average over all lines", () => {
    // all 11 lines: time 1820/11, page views 182/11, searches 15/11, price 7640/11
    expect(t(5)).toMatchObject({group: null, reference: "all", pattern: "0000"});
    expect(t(6)).toMatchObject({group: null, reference: "all", pattern: "1111", type: "meticulous"});
  });

  it("a customer whose only value is an outlier has no type", () => {
    const g = segmentFeatures(sessions, lines, {kind: "iqr", k: 0});
    const masked = customerBehaviourTypes(g.lines, mainGroups(lines, 2)).find((x) => x.clnt_id === 6)!;
    expect(masked.time).toBeNull();
    expect(masked).toMatchObject({pattern: null, type: null, subtype: null});
  });
});
