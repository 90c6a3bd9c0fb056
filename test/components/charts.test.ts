// @vitest-environment jsdom
// Chart components on small fixed data, rendered as Plot renders them and compared with stored SVG
// snapshots (as Observable Plot tests its own marks), plus what a reader reads off each one: the
// numbers drawn equal the data, labels fit their column, text is legible on its fill.
import {describe, expect, it} from "vitest";
import {RankedBars, fitLabel, labelColumn} from "../../docs/components/bars.js";
import {MigrationMatrix, ScoreBars, TierGrid, migrationPalette} from "../../docs/components/value-charts.js";
import {rank1Chart, rankingChart} from "../../docs/components/preference-view.js";
import {CoPurchaseNetwork} from "../../docs/components/network.js";
import {powersOfTen, reasonBars} from "../../docs/components/quality-charts.js";
import {migrationMatrix} from "../../src/value/base.js";
import {DEFAULT_THRESHOLDS, scoreCounts} from "../../src/value/rules.js";
import type {GridCell} from "../../src/value/prefix.js";
import {studyPeriod} from "../../src/period.js";
import {contrastRatio} from "../../src/color.js";

/** Each text mark as read: wrapped lines (tspans) joined with a space. */
const texts = (el: Element, selector = "text") =>
  Array.from(el.querySelectorAll(selector)).map((t) => {
    const lines = Array.from(t.querySelectorAll("tspan"));
    return lines.length ? lines.map((l) => l.textContent).join(" ") : (t.textContent ?? "");
  });

describe("RankedBars", () => {
  const data = [
    {category: "여성의류", lines: 500},
    {category: "속옷/양말/홈웨어", lines: 300},
    {category: "<b>Bold</b> & Co. 상품군", lines: 200}
  ];
  it("draws one bar per row with its share, labels as text, at 640 and 320 px", async () => {
    for (const width of [640, 320]) {
      const svg = RankedBars(data, {width, x: "lines", y: "category", label: "purchase lines", marginLeft: 260}) as unknown as SVGSVGElement;
      expect(svg.querySelectorAll("g[aria-label=bar] rect")).toHaveLength(3);
      expect(texts(svg).filter((t) => t.endsWith("%"))).toEqual(["50.0%", "30.0%", "20.0%"]);
      expect(svg.querySelector("b")).toBeNull();
      for (const r of Array.from(svg.querySelectorAll("rect"))) expect(Number(r.getAttribute("width"))).toBeGreaterThanOrEqual(0);
      await expect(svg.outerHTML).toMatchFileSnapshot(`__snapshots__/ranked-bars-${width}.svg`);
    }
  });
  it("gives labels at most 45% of a narrow chart and cuts them with an ellipsis", () => {
    expect(labelColumn(320, 260).marginLeft).toBe(144);
    expect(labelColumn(1000, 260).marginLeft).toBe(260);
    expect(fitLabel("속옷/양말/홈웨어 (Underwear / socks / homewear)", 132)).toBe("속옷/양말/홈웨어 (Und…");
    expect(fitLabel("Seoul", 132)).toBe("Seoul");
  });
});

describe("value charts", () => {
  const period = studyPeriod("2018-04-01", "2018-09-30");
  const rows: GridCell[] = [
    {r: 3, f: 3, m: 2, e: 2, tier: "star", customers: 40, revenue: 1, point_cost: 0},
    {r: 1, f: 1, m: 1, e: 1, tier: "unmanaged", customers: 60, revenue: 1, point_cost: 0}
  ];
  it("score bars label each score with its meaning for the data's months", async () => {
    const svg = ScoreBars(scoreCounts(rows), {width: 320, score: "R", thresholds: DEFAULT_THRESHOLDS, period}) as unknown as SVGSVGElement;
    const shown = texts(svg);
    expect(shown.filter((t) => t.endsWith("%"))).toEqual(["60.0%", "0.0%", "40.0%"]);
    expect(shown.filter((t) => t.startsWith("R")).map((t) => t.replace(/\s+/g, " "))).toEqual(["R1 · last buy Apr–May 2018", "R2 · last buy Jun–Jul 2018", "R3 · last buy Aug–Sep 2018"]);
    await expect(svg.outerHTML).toMatchFileSnapshot("__snapshots__/score-bars-r-320.svg");
  });
  it("the tier grid puts each count in its tier's cell, in text legible on the tier's colour", async () => {
    const svg = TierGrid(rows, {width: 480, thresholds: DEFAULT_THRESHOLDS}) as unknown as SVGSVGElement;
    expect(texts(svg)).toEqual(expect.arrayContaining(["60 관리제외 Unmanaged", "40 스타 Star"]));
    await expect(svg.outerHTML).toMatchFileSnapshot("__snapshots__/tier-grid-480.svg");
  });
  it("the migration matrix draws 25 counts, each legible on its own fill, in light and dark", async () => {
    const cells = migrationMatrix([
      {from: "star", to: "star", customers: 10}, {from: "star", to: "none", customers: 90},
      {from: "none", to: "unmanaged", customers: 14688}, {from: "unmanaged", to: "none", customers: 8793}
    ]);
    for (const dark of [false, true]) {
      const svg = MigrationMatrix(cells, {width: 640, from: "Apr–Jun 2018 tier", to: "Jul–Sep 2018 tier", dark}) as unknown as SVGSVGElement;
      const rects = Array.from(svg.querySelectorAll("g[aria-label=cell] rect"));
      const counts = Array.from(svg.querySelectorAll(".migration-count text"));
      expect(rects).toHaveLength(25);
      expect(counts.map((t) => Number((t.textContent ?? "").replaceAll(",", ""))).sort((a, b) => a - b)).toEqual(cells.map((c) => c.customers).sort((a, b) => a - b));
      counts.forEach((t, i) => expect(contrastRatio(rects[i].getAttribute("fill")!, t.getAttribute("fill")!)).toBeGreaterThanOrEqual(4.5));
      expect(rects[0].getAttribute("fill")).not.toMatch(/var\(/);
      await expect(svg.outerHTML).toMatchFileSnapshot(`__snapshots__/migration-640-${dark ? "dark" : "light"}.svg`);
      // the report's tier names, each with its English name beneath
      expect(texts(svg, "g[aria-label='y-axis tick label'] text")).toEqual(["스타 Star", "나비 Butterfly", "계륵 Chicken rib", "관리제외 Unmanaged", "no purchase"]);
    }
    // a 360 px screen: counts shortened to fit their cells, still one per cell
    const narrow = MigrationMatrix(cells, {width: 360}) as unknown as SVGSVGElement;
    expect(texts(narrow, ".migration-count text").sort()).toEqual(["0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "10", "15k", "8.8k", "90"].sort());
    await expect(narrow.outerHTML).toMatchFileSnapshot("__snapshots__/migration-360-light.svg");
    expect(texts(narrow, "g[aria-label='x-axis tick label'] text")).toEqual(["스타", "나비", "계륵", "관리제외", "none"]);
    expect(migrationPalette(true)[0]).not.toBe(migrationPalette(false)[0]);
  });
});

describe("preference charts", () => {
  it("a customer's ranking: one bar per category, its index printed, best = 100", async () => {
    const rows = [
      {category: "여성의류", rank: 1, index: 100, n: 3},
      {category: "화장품/뷰티케어", rank: 2, index: 71.56, n: 0}
    ];
    const svg = rankingChart({rows} as never, {width: 360}) as unknown as SVGSVGElement;
    expect(svg.querySelectorAll("g[aria-label=bar] rect")).toHaveLength(2);
    expect(texts(svg)).toEqual(expect.arrayContaining(["100.0", "71.6"]));
    await expect(svg.outerHTML).toMatchFileSnapshot("__snapshots__/ranking-360.svg");
  });
  it("rank-1 counts: customers and the members among them", async () => {
    const svg = rank1Chart([{category: "여성의류", customers: 120, members: 80}, {category: "남성의류", customers: 40, members: 10}], {width: 360}) as unknown as SVGSVGElement;
    const widths = Array.from(svg.querySelectorAll("g[aria-label=bar] rect")).map((r) => Number(r.getAttribute("width")));
    expect(widths).toHaveLength(4);
    expect(widths.every((w) => w >= 0)).toBe(true);
    await expect(svg.outerHTML).toMatchFileSnapshot("__snapshots__/rank1-360.svg");
  });
});

describe("co-purchase network", () => {
  it("keeps every node inside its view box, deterministically", async () => {
    const nodes = ["A", "B", "C", "D", "E"].map((c, i) => ({category: `상품군 ${c}`, sessions: 100 - i * 15}));
    const edges = [{source: "상품군 A", target: "상품군 B", sessions: 40}, {source: "상품군 A", target: "상품군 C", sessions: 30}, {source: "상품군 D", target: "상품군 E", sessions: 5}];
    const svg = CoPurchaseNetwork(nodes, edges, {width: 360, height: 400, minSessions: 1});
    const [x0, y0, w, h] = svg.getAttribute("viewBox")!.split(",").map(Number);
    for (const g of Array.from(svg.querySelectorAll("g.node"))) {
      const [x, y] = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(g.getAttribute("transform")!)!.slice(1).map(Number);
      expect(x).toBeGreaterThan(x0);
      expect(x).toBeLessThan(x0 + w);
      expect(y).toBeGreaterThan(y0);
      expect(y).toBeLessThan(y0 + h);
    }
    expect(CoPurchaseNetwork(nodes, edges, {width: 360, height: 400, minSessions: 1}).outerHTML).toBe(svg.outerHTML);
    // the layout takes the card's shape: tall on a phone, wide on a desktop
    const shape = (width: number, height: number) => {
      const [, , w, h] = CoPurchaseNetwork(nodes, edges, {width, height}).getAttribute("viewBox")!.split(",").map(Number);
      return h / w;
    };
    expect(shape(300, 560)).toBeGreaterThan(shape(900, 560));
    await expect(svg.outerHTML).toMatchFileSnapshot("__snapshots__/network-360.svg");
  });
});

describe("quarantine reasons", () => {
  const reasons = [
    {file: "product", reason: "hits_seq_1_notice", rows: 1305},
    {file: "product", reason: "duplicate_key", rows: 1},
    {file: "search1", reason: "<img src=x onerror=alert(1)>", rows: 12}
  ];
  it("labels every bar with its count and ticks powers of ten, at 640 and 320 px", async () => {
    expect(powersOfTen(1305)).toEqual([0, 1, 10, 100, 1000]);
    expect(powersOfTen(1)).toEqual([0, 1]);
    for (const width of [640, 320]) {
      const svg = reasonBars(reasons, {width, fileLabel: (f) => `0x.${f}`}) as unknown as SVGSVGElement;
      expect(svg.querySelectorAll("g[aria-label=bar] rect")).toHaveLength(3);
      expect(texts(svg, "g[aria-label=text] text").sort()).toEqual(["1", "1,305", "12"]);
      expect(texts(svg, "g[aria-label='x-axis tick label'] text")).toEqual(["0", "1", "10", "100", "1,000"]);
      expect(svg.querySelector("img")).toBeNull();
      await expect(svg.outerHTML).toMatchFileSnapshot(`__snapshots__/quarantine-reasons-${width}.svg`);
    }
  });
});
