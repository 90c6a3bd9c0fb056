// What a reader sees on any screen (used by every page's spec in 00-pages.ts): no horizontal overflow,
// no Korean word broken across lines, no negative SVG size, no mark drawn outside its chart, no control
// a screen reader cannot name.
import type {Page} from "playwright-core";
import type {BrowserSpec} from "../harness.js";

export const WIDTHS = [1280, 390, 360];

/** Layout problems of the page as it is now drawn. */
export async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 1) {
      const wide = Array.from(document.querySelectorAll("#observablehq-main *"))
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest("[style*=overflow], .segment-scroll, .forecast-table-wrap, .pref-breakdown-wrap, form.inputs-3a86ea table, .inputs-3a86ea"))
        .slice(0, 3)
        .map((e) => `<${e.localName}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.split(" ")[0]}` : ""}> right ${Math.round(e.getBoundingClientRect().right)}`);
      out.push(`the page is ${doc.scrollWidth} px wide in a ${window.innerWidth} px window${wide.length ? `: ${wide.join(", ")}` : ""}`);
    }
    // Framework caps a paragraph at 640 px: a card, grid, chart or table placed in one is narrower than the page's others
    const inParagraph = Array.from(document.querySelectorAll("#observablehq-main p")).flatMap((p) => Array.from(p.querySelectorAll(".card, .grid, figure, table")));
    if (inParagraph.length) {
      const e = inParagraph[0];
      out.push(`${inParagraph.length} card(s), grid(s), chart(s) or table(s) inside a paragraph, e.g. <${e.localName}${e.id ? `#${e.id}` : ""}${e.className && typeof e.className === "string" ? `.${e.className.split(" ")[0]}` : ""}>`);
    }
    // a table may scroll sideways, but a header or a number cut to "53,…" cannot be read at all
    const cut = Array.from(document.querySelectorAll("#observablehq-main table th, #observablehq-main table td")).filter((c) => {
      const el = c as HTMLElement;
      const text = (el.textContent ?? "").trim();
      return el.offsetParent !== null && text !== "" && (el.localName === "th" || /^[-+−]?[\d,.]+\s*%?$/.test(text)) && el.scrollWidth > el.clientWidth + 1;
    });
    if (cut.length) out.push(`${cut.length} table cell(s) cut short, e.g. "${(cut[0].textContent ?? "").trim().slice(0, 30)}" in ${cut[0].closest("[id]")?.id ?? "a table"}`);
    // a Korean word (a run of Hangul syllables) drawn on two lines
    const split: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const host = n.parentElement;
      if (!host?.closest("#observablehq-main, #observablehq-sidebar") || host.closest("svg") || getComputedStyle(host).visibility !== "visible") continue;
      for (const m of (n.textContent ?? "").matchAll(/[\uAC00-\uD7A3]{2,}/g)) {
        const word = document.createRange();
        word.setStart(n, m.index);
        word.setEnd(n, m.index + m[0].length);
        if (new Set(Array.from(word.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size > 1) split.push(m[0]);
      }
    }
    if (split.length) out.push(`${split.length} Korean word(s) broken across lines, e.g. ${split.slice(0, 3).join(", ")}`);
    for (const svg of Array.from(document.querySelectorAll("#observablehq-main svg"))) {
      for (const a of ["width", "height"]) {
        const v = svg.getAttribute(a);
        if (v !== null && Number(v) < 0) out.push(`an SVG with ${a} ${v}`);
      }
      for (const r of Array.from(svg.querySelectorAll("rect"))) {
        if (Number(r.getAttribute("width")) < 0 || Number(r.getAttribute("height")) < 0) out.push(`a bar of negative size in ${svg.closest(".card")?.id || "a chart"}`);
      }
      const box = svg.getBoundingClientRect();
      if (box.width === 0 || svg.closest("[hidden], details:not([open])")) continue;
      const outside = Array.from(svg.querySelectorAll("circle, text")).filter((m) => {
        const b = m.getBoundingClientRect();
        return b.width > 0 && (b.left < box.left - 2 || b.right > box.right + 2 || b.top < box.top - 2 || b.bottom > box.bottom + 2);
      });
      if (outside.length) out.push(`${outside.length} mark(s) drawn outside their chart in ${svg.closest(".card")?.id || svg.getAttribute("class") || "an SVG"}, e.g. "${(outside[0].textContent ?? outside[0].localName).slice(0, 30)}"`);
    }
    return out;
  });
}

/** Chart axes whose tick labels repeat (a format too coarse for the data's scale: every tick reading "1"); unlabelled minor ticks aside. */
export async function repeatedTicks(page: Page): Promise<string[]> {
  return page.$$eval('svg g[aria-label$="tick label"]', (axes) =>
    axes.flatMap((axis) => {
      const labels = [...axis.querySelectorAll("text")].map((t) => (t.textContent ?? "").trim()).filter((t) => t !== "");
      if (new Set(labels).size === labels.length) return [];
      const where = axis.closest("[id]")?.id ?? "a chart";
      return [`${where}: ${axis.getAttribute("aria-label")}s repeat: ${labels.join(" | ")}`];
    })
  );
}

/** Form controls without an accessible name, and radio buttons outside a named group. */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const named = (el: Element) =>
      !!(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby") || el.closest("label") || (el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`)) || el.getAttribute("title"));
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll("#observablehq-main input:not([type=hidden]), #observablehq-main select, #observablehq-main textarea"))) {
      if ((el as HTMLElement).offsetParent === null) continue;
      if (!named(el)) out.push(`<${el.localName} type=${el.getAttribute("type") ?? ""}> has no accessible name`);
      if (el.getAttribute("type") === "radio") {
        const group = el.closest("fieldset, [role=radiogroup], [role=group]");
        if (!group || !(group.querySelector("legend") || group.getAttribute("aria-label") || group.getAttribute("aria-labelledby"))) out.push(`radio "${el.closest("label")?.textContent?.trim().slice(0, 30)}" is not in a named group`);
      }
    }
    return [...new Set(out)];
  });
}

export async function settleLayout(page: Page): Promise<void> {
  await page.waitForTimeout(350);
  await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--loading"), undefined, {timeout: 30_000});
}

const specs: BrowserSpec[] = [
  {
    name: "layout: a skip link leads past the navigation to the page",
    async run(ctx) {
      const page = await ctx.open("/value");
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => ({text: document.activeElement?.textContent ?? "", href: document.activeElement?.getAttribute("href")}));
      if (focused.text !== "Skip to content" || focused.href !== "#observablehq-main") throw new Error(`the first Tab stop is ${JSON.stringify(focused)}`);
    }
  },
  {
    name: "layout: the site's title stays above the rule under it in the sidebar",
    async run(ctx) {
      const page = await ctx.open("/value");
      const title = await page.evaluate(() => {
        const ol = document.querySelector("#observablehq-sidebar > ol:first-child")!;
        const text = document.createRange();
        text.selectNodeContents(ol.querySelector("li > a")!);
        const {top, bottom} = text.getBoundingClientRect();
        const box = ol.getBoundingClientRect();
        return {top, bottom, boxTop: box.top, rule: box.bottom - parseFloat(getComputedStyle(ol).borderBottomWidth), shown: getComputedStyle(ol).visibility === "visible"};
      });
      if (!title.shown) throw new Error("the sidebar is not shown at this width");
      if (title.top < title.boxTop || title.bottom > title.rule) throw new Error(`the title's text spans ${Math.round(title.top)}–${Math.round(title.bottom)} px, its box ${Math.round(title.boxTop)}–${Math.round(title.rule)} px`);
    }
  },
  {
    name: "layout: the contrast checks flag faint text, faded text, dim chart text and nothing legible",
    async run(ctx) {
      const page = await ctx.open("/value");
      await page.evaluate(() => {
        const probe = document.createElement("div");
        probe.id = "contrast-probe";
        // #999 on #f6f6f6 2.6:1; black at half opacity on white ≈ 4.0:1; #888 at 28 px (large) on #f6f6f6 3.3:1 ≥ 3; #333 12:1
        probe.innerHTML = `<div style="background:#f6f6f6"><p style="color:#999">faint grey</p><p style="color:#333">dark grey</p><p style="color:#888;font-size:28px">large grey</p></div>
          <div style="opacity:0.5"><p style="color:#000;background:transparent">faded black</p></div>`;
        document.querySelector("#observablehq-main")!.append(probe);
      });
      const found = (await lowContrastText(page, {limit: 50})).filter((p) => p.includes("grey") || p.includes("black"));
      const flagged = (text: string) => found.some((p) => p.startsWith(`"${text}"`));
      const wrong = [["faint grey", true], ["faded black", true], ["dark grey", false], ["large grey", false]].filter(([t, want]) => flagged(t as string) !== want);
      if (wrong.length) throw new Error(`contrast check: ${wrong.map(([t, want]) => `${t} ${want ? "not flagged" : "flagged"}`).join(", ")}; found ${JSON.stringify(found)}`);
      // chart text: on a dark bar, beside it on the card, and with a halo
      await page.evaluate(() => {
        const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
        svg.setAttribute("width", "300");
        svg.setAttribute("height", "60");
        svg.innerHTML = `<rect x="0" y="0" width="150" height="60" fill="#333"></rect>
          <text x="10" y="20" fill="#444" font-size="12">dim on bar</text><text x="10" y="45" fill="#fff" font-size="12">white on bar</text>
          <text x="160" y="20" fill="#ddd" font-size="12">pale on card</text><text x="160" y="45" fill="#ddd" stroke="#000" stroke-width="3" paint-order="stroke" font-size="12">haloed on card</text>`;
        document.querySelector("#contrast-probe")!.prepend(svg);
        svg.scrollIntoView();
      });
      const chart = await lowContrastChartText(page, {limit: 50});
      const chartFlagged = (text: string) => chart.some((p) => p.startsWith(`"${text}"`));
      const chartWrong = [["dim on bar", true], ["pale on card", true], ["white on bar", false], ["haloed on card", false]].filter(([t, want]) => chartFlagged(t as string) !== want);
      if (chartWrong.length) throw new Error(`chart contrast check: ${chartWrong.map(([t, want]) => `${t} ${want ? "not flagged" : "flagged"}`).join(", ")}; found ${JSON.stringify(chart)}`);
    }
  }
];

export default specs;

/**
 * Text whose colour has too little contrast with the colour it is drawn on (WCAG 2: 4.5:1, 3:1 for large text), each
 * colour read as the pixel it paints (so color-mix and named colours need no parsing).
 * - html: every element with text of its own; the background composed from its ancestors up to the page. Text over an
 *   image or a gradient is not judged.
 * - chart: every SVG text on screen against what is drawn under its middle: the topmost filled shapes there (a bar, a
 *   cell) over the chart's HTML background. Text with a halo (a stroke under the fill, as Plot draws tips and labels on
 *   lines) is legible on anything and is not judged.
 */
async function lowContrast(page: Page, kind: "html" | "chart", limit: number): Promise<string[]> {
  return page.evaluate(({kind, limit}) => {
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const g = canvas.getContext("2d", {willReadFrequently: true})!;
    const rgba = (css: string): number[] => {
      g.clearRect(0, 0, 1, 1);
      g.fillStyle = "#000";
      g.fillStyle = css;
      g.fillRect(0, 0, 1, 1);
      const [r, gr, b, a] = g.getImageData(0, 0, 1, 1).data;
      return [r, gr, b, a / 255];
    };
    const over = (top: number[], bottom: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3]));
    const lum = (c: number[]) => {
      const [r, gr, b] = c.map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * gr + 0.0722 * b;
    };
    const ratio = (a: number[], b: number[]) => {
      const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    };
    const body = rgba(getComputedStyle(document.body).backgroundColor);
    const pageColour = body[3] ? over(body, [255, 255, 255]) : over(rgba(getComputedStyle(document.documentElement).backgroundColor), [255, 255, 255]);
    /** the HTML fills behind an element, nearest first down to the first opaque one, composed; null over an image */
    const htmlBackground = (from: Element | null): number[] | null => {
      const layers: number[][] = [];
      for (let e = from; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.backgroundImage !== "none") return null;
        const c = rgba(s.backgroundColor);
        if (c[3] > 0) layers.push(c);
        if (c[3] >= 1) break;
      }
      return layers.reverse().reduce((bg, l) => over(l, bg), pageColour);
    };
    /** the product of the opacities from an element up to `stop` (the page when null) */
    const opacity = (from: Element | null, stop: Element | null = null) => {
      let a = 1;
      for (let e = from; e && e !== stop?.parentElement; e = e.parentElement) a *= Number(getComputedStyle(e).opacity);
      return a;
    };
    const seen = new Map<string, string>();
    const judge = (text: string, where: string, colour: number[], alpha: number, bg: number[], large: boolean) => {
      const fg = over([colour[0], colour[1], colour[2], colour[3] * alpha], bg);
      const min = large ? 3 : 4.5;
      const r = ratio(fg, bg);
      const key = `${fg.map(Math.round)} on ${bg.map(Math.round)}`;
      if (r < min - 0.005 && !seen.has(key)) seen.set(key, `"${text.slice(0, 40)}" in ${where}: rgb(${fg.map(Math.round).join(", ")}) on rgb(${bg.map(Math.round).join(", ")}), contrast ${r.toFixed(2)} < ${min}`);
    };
    if (kind === "html") {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>("#observablehq-main *"))) {
        // a disabled control's text is exempt (WCAG 1.4.3: inactive user interface components)
        if (el.closest("svg, option, [hidden], :disabled") || !Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? "").trim())) continue;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        const bg = htmlBackground(el);
        if (box.width === 0 || box.height === 0 || style.visibility !== "visible" || !bg) continue;
        const size = parseFloat(style.fontSize);
        const where = `<${el.localName}${el.id ? `#${el.id}` : ""}${el.className && typeof el.className === "string" ? `.${el.className.split(" ")[0]}` : ""}>`;
        judge((el.textContent ?? "").trim(), where, rgba(style.color), opacity(el), bg, size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700));
      }
    } else {
      for (const t of Array.from(document.querySelectorAll<SVGTextElement>("#observablehq-main svg text"))) {
        const text = (t.textContent ?? "").trim();
        const box = t.getBoundingClientRect();
        if (!text || box.width === 0 || box.height === 0 || t.closest("[hidden], details:not([open])")) continue;
        const style = getComputedStyle(t);
        if (style.visibility !== "visible" || (style.stroke !== "none" && parseFloat(style.strokeWidth) >= 2 && rgba(style.stroke)[3] > 0)) continue;
        const x = box.left + box.width / 2;
        const y = box.top + box.height / 2;
        if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) continue;
        const svg = t.ownerSVGElement!;
        const card = htmlBackground(svg);
        if (!card) continue;
        // the filled shapes under the text's middle (lines paint no fill), topmost first, down to an opaque one
        const fills: number[][] = [];
        for (const e of document.elementsFromPoint(x, y)) {
          if (!(e instanceof SVGGeometryElement) || e instanceof SVGLineElement || !svg.contains(e) || e.closest("text")) continue;
          const s = getComputedStyle(e);
          const f = rgba(s.fill);
          if (s.fill === "none" || f[3] === 0) continue;
          fills.push([f[0], f[1], f[2], f[3] * Number(s.fillOpacity) * opacity(e, svg)]);
          if (fills[fills.length - 1][3] >= 1) break;
        }
        const bg = fills.reverse().reduce((b, f) => over(f, b), card);
        judge(text, svg.closest("[id]")?.id || "a chart", rgba(style.fill), Number(style.fillOpacity) * opacity(t, svg), bg, parseFloat(style.fontSize) >= 24);
      }
    }
    return [...seen.values()].slice(0, limit);
  }, {kind, limit});
}

/** HTML text below WCAG AA on its fill (lowContrast). */
export const lowContrastText = (page: Page, {limit = 5}: {limit?: number} = {}) => lowContrast(page, "html", limit);

/** Chart text on screen below WCAG AA on what is drawn under it (lowContrast). */
export const lowContrastChartText = (page: Page, {limit = 5}: {limit?: number} = {}) => lowContrast(page, "chart", limit);

/** lowContrastChartText over the whole page: the hit test sees only what is on screen, so the page is scrolled through. */
export async function lowContrastChartTextAll(page: Page): Promise<string[]> {
  const out = new Set<string>();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const step = await page.evaluate(() => Math.max(200, innerHeight - 100));
  for (let y = 0; y < height; y += step) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    for (const p of await lowContrastChartText(page)) out.add(p);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  return [...out].slice(0, 5);
}
