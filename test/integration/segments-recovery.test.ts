import {readFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import {customerTypes, segmentation, segmentBounds} from "../../loaders/analysis.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {REPORT_CATEGORIES} from "../../src/categories.js";
import {SEGMENT_SESSION_FEATURES_SQL, segmentCellsByRuleQuery, type OutlierRule} from "../../src/segment/index.js";
import {
  countTypes,
  groupSizes,
  packCells,
  publishedMatch,
  PUBLISHED_PATTERNS,
  ruleCells,
  segmentCellsQuery,
  segmentSelection,
  typeSizes,
  type CellRow,
  type SegmentsData
} from "../../docs/components/segment-model.js";

interface Truth {
  behaviour: {groups: string[]; patterns: Record<string, Record<string, string>>; modal: Record<string, string[]>; reportCategories: string[]};
}

const NONE: OutlierRule = {kind: "none"};

/** The page's data for one outlier rule, from that rule's own pass (the loader's one pass over every rule gives the same cells: first test). */
async function pageData(duck: Duck, rule?: OutlierRule): Promise<SegmentsData> {
  const bounds = await segmentBounds(duck, rule ? {outliers: rule} : {});
  const q = segmentCellsQuery(bounds);
  const rows = await duck.query<CellRow>(q.sql, q.params);
  const groups = [...new Set(rows.map((r) => r.group))].sort();
  const categories = [...new Set(rows.map((r) => r.category))].sort();
  const {cells, sums} = packCells(rows, groups, categories);
  return {source: "", dataVersion: "", groups, categories, cells, rules: [{key: "r", label: "", rule: rule ?? {kind: "none"}, bounds, sums, types: []}]};
}

describe("behaviour segmentation on the synthetic demo data", () => {
  let duck: Duck;
  let truth: Truth;
  beforeAll(async () => {
    const w = await openWarehouse({log: () => {}});
    duck = w.duck;
    expect(w.info.source).toBe("synthetic");
    truth = JSON.parse(readFileSync(join(w.info.dataDir, "truth.json"), "utf8")) as Truth;
  });
  afterAll(() => duck?.close());

  it("one pass over the lines gives every rule's cells exactly as a pass per rule", async () => {
    const rules: OutlierRule[] = [{kind: "percentile", lower: 0.01, upper: 0.99}, NONE, {kind: "iqr", k: 1.5}];
    const boundsByRule = await Promise.all(rules.map((r) => segmentBounds(duck, {outliers: r})));
    const q = segmentCellsByRuleQuery(boundsByRule);
    const all = await duck.query<Record<string, number | string>>(q.sql, q.params);
    for (const [i, bounds] of boundsByRule.entries()) {
      const one = segmentCellsQuery(bounds);
      const rows = await duck.query<CellRow>(one.sql, one.params);
      expect(ruleCells(all, i)).toEqual(rows);
    }
    // the rules differ: the bounds change the sums
    expect(all.some((r) => r.r0_price_n !== r.r1_price_n)).toBe(true);
    // each line's session variables from the purchasing sessions' table: the same cells
    await duck.run(`CREATE OR REPLACE TEMP TABLE cell_sessions AS ${SEGMENT_SESSION_FEATURES_SQL}`);
    const bySession = segmentCellsByRuleQuery(boundsByRule, {sessions: "cell_sessions"});
    expect(bySession.sql).not.toMatch(/search1|\bline\b/);
    expect(await duck.query(bySession.sql, bySession.params)).toEqual(all);
    await duck.run("DROP TABLE cell_sessions");
    expect(() => segmentCellsByRuleQuery([])).toThrow(/invalid number of rules: 0/);
  });

  it("the 7 largest groups are the planted main groups", async () => {
    const s = await segmentation(duck);
    expect(s.groups.map((g) => g.group)).toEqual(truth.behaviour.groups);
  });

  it("without an outlier rule, every category's planted modal pattern is recovered", async () => {
    const s = await segmentation(duck, {outliers: NONE});
    expect(s.patterns.map((p) => p.category).sort()).toEqual(Object.keys(truth.behaviour.modal).sort());
    for (const p of s.patterns) expect([p.category, p.patterns]).toEqual([p.category, truth.behaviour.modal[p.category]]);
    const cells = s.bits.filter((b) => b.pattern === truth.behaviour.patterns[b.category][b.group]).length;
    expect(cells / s.bits.length).toBeGreaterThan(0.97);
  });

  it("with the default rule, the report's 11 categories are recovered and the published table reproduced", async () => {
    const s = await segmentation(duck);
    for (const c of REPORT_CATEGORIES) {
      const p = s.patterns.find((x) => x.category === c)!;
      expect([c, p.patterns]).toEqual([c, truth.behaviour.modal[c]]);
      expect([c, publishedMatch(c, p.patterns)]).toEqual([c, c in PUBLISHED_PATTERNS ? true : null]);
    }
    const types = Object.fromEntries(s.patterns.filter((p) => c11.has(p.category)).map((p) => [p.category, p.types.map((t) => t.ko)]));
    expect(types["여성의류"]).toEqual(["덜 꼼꼼이"]);
    expect(types["스포츠패션"]).toEqual(["덜 꼼꼼이", "더 꼼꼼이"]);
    expect(types["화장품/뷰티케어"]).toEqual(["더 매니아"]);
    expect(types["유아동의류"]).toEqual(["더 털털이", "덜 털털이"]);
    expect(types["퍼스널케어"]).toEqual(["덜 털털이"]);
    // the percentile rule on unit price cuts the top of big-ticket categories: only price bits may differ
    for (const p of s.patterns)
      for (const pattern of p.patterns) expect(truth.behaviour.modal[p.category].map((t) => t.slice(0, 3))).toContain(pattern.slice(0, 3));
  });

  it.each([
    ["default rule, every group and category", undefined, null, null],
    ["no rule, three groups, the report's categories", NONE, ["20F", "30M", "50F"], REPORT_CATEGORIES]
  ] as const)("the page's recomputation from shipped sums equals the warehouse SQL: %s", async (_n, rule, groups, categories) => {
    const data = await pageData(duck, rule);
    const sizes = groupSizes(data);
    const s = await segmentation(duck, {...(rule ? {outliers: rule} : {}), ...(groups ? {groups} : {}), categories});
    expect(sizes).toEqual(s.allGroups.map(({main: _m, ...g}) => g));
    const page = segmentSelection(data, {
      rule: "r",
      groups: groups ?? sizes.slice(0, 7).map((g) => g.group),
      categories: categories ?? data.categories,
      average: "all"
    });
    expect(page.means).toEqual(s.means);
    expect(page.bits).toEqual(s.bits);
    expect(page.patterns).toEqual(categories ? s.patterns : [...s.patterns].sort((a, b) => (a.category < b.category ? -1 : 1)));
  });

  it("choosing the categories that make the group average changes the bits", async () => {
    const data = await pageData(duck);
    const groups = groupSizes(data).slice(0, 7).map((g) => g.group);
    const clothing = ["여성의류", "남성의류", "스포츠패션"];
    const all = segmentSelection(data, {rule: "r", groups, categories: clothing, average: "all"});
    const chosen = segmentSelection(data, {rule: "r", groups, categories: clothing, average: "chosen"});
    const averages = chosen.means.filter((m) => m.category === null);
    expect(averages.map((m) => m.lines)).toEqual(averages.map((a) => all.means.filter((m) => m.group === a.group && m.category !== null).reduce((s, m) => s + m.lines, 0)));
    expect(chosen.bits.map((b) => b.pattern)).not.toEqual(all.bits.map((b) => b.pattern));
  });

  it("every customer gets a type from the customer's own sessions", async () => {
    const rows = await customerTypes(duck);
    const counts = countTypes(rows);
    const {sizes, typed, untyped} = typeSizes(counts);
    expect(typed + untyped).toBe(rows.length);
    expect(untyped).toBe(rows.filter((r) => r.type === null).length);
    for (const s of sizes) {
      expect(s.customers).toBe(rows.filter((r) => r.type === s.type).length);
      expect(s.customers).toBeGreaterThan(0);
      expect(s.subtypes.more + s.subtypes.less).toBe(s.customers);
    }
  });
});

const c11 = new Set(REPORT_CATEGORIES);
