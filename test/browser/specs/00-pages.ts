import type {BrowserSpec} from "../harness.js";
import {dataProblems, shippedInfo} from "./05-any-data.js";
import {layoutProblems, lowContrastChartTextAll, lowContrastText, repeatedTicks, settleLayout, unnamedControls, WIDTHS} from "./06-layout.js";

export const PAGES = ["/", "/system-check", "/data-quality", "/segments", "/value", "/clv", "/forecast", "/preference", "/profile", "/store", "/methods"];

/**
 * Every page, once: no console error, error cell or request to another host (the harness), a title and
 * the footer's source; then what a reader sees: the data's own period, no broken value, every control
 * named, no axis repeating a tick label, text legible on its fill (light, and dark unless LPOINT_BROWSER_QUICK=1), and
 * the layout at 1280, 390 and 360 px (and 360 px dark unless LPOINT_BROWSER_QUICK=1).
 */
const specs: BrowserSpec[] = PAGES.map((path) => ({
  name: `page ${path} opens cleanly and reads right at 1280, 390 and 360 px`,
  async run(ctx) {
    const page = await ctx.open(path);
    const h1 = await page.textContent("h1");
    if (!h1?.trim()) throw new Error(`${path}: no title`);
    const footer = await page.textContent("#observablehq-footer");
    if (!/Built \d{4}-\d{2}-\d{2}/.test(footer ?? "")) throw new Error(`${path}: footer lacks the build date: ${footer}`);
    if (!/synthetic twin|your data \(the six files in the folder/.test(footer ?? "")) throw new Error(`${path}: footer lacks the data source: ${footer}`);
    const problems = [...(await dataProblems(page, path, shippedInfo())), ...(await unnamedControls(page)), ...(await repeatedTicks(page)), ...(await lowContrastText(page)).map((p) => `light: ${p}`), ...(await lowContrastChartTextAll(page)).map((p) => `light, chart: ${p}`)];
    for (const width of WIDTHS) {
      await page.setViewportSize({width, height: 900});
      await settleLayout(page);
      problems.push(...(await layoutProblems(page)).map((p) => `at ${width} px: ${p}`));
    }
    if (process.env.LPOINT_BROWSER_QUICK !== "1") {
      await page.emulateMedia({colorScheme: "dark"});
      await page.reload();
      await settleLayout(page);
      problems.push(...(await layoutProblems(page)).map((p) => `at 360 px, dark: ${p}`), ...(await lowContrastText(page)).map((p) => `dark: ${p}`), ...(await lowContrastChartTextAll(page)).map((p) => `dark, chart: ${p}`));
    }
    if (problems.length) throw new Error(`${path}:\n  ${problems.join("\n  ")}`);
  }
}));

export default specs;
