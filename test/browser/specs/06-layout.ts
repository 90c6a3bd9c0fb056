// What a reader sees on any screen (used by every page's spec in 00-pages.ts): no horizontal overflow,
// no negative SVG size, no mark drawn outside its chart, no control a screen reader cannot name.
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
    // a table may scroll sideways, but a header or a number cut to "53,…" cannot be read at all
    const cut = Array.from(document.querySelectorAll("#observablehq-main table th, #observablehq-main table td")).filter((c) => {
      const el = c as HTMLElement;
      const text = (el.textContent ?? "").trim();
      return el.offsetParent !== null && text !== "" && (el.localName === "th" || /^[-+−]?[\d,.]+\s*%?$/.test(text)) && el.scrollWidth > el.clientWidth + 1;
    });
    if (cut.length) out.push(`${cut.length} table cell(s) cut short, e.g. "${(cut[0].textContent ?? "").trim().slice(0, 30)}" in ${cut[0].closest("[id]")?.id ?? "a table"}`);
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
  }
];

export default specs;
