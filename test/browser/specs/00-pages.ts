import type {BrowserSpec} from "../harness.js";

export const PAGES = ["/", "/system-check", "/data-quality", "/segments", "/value", "/forecast", "/preference", "/profile", "/store", "/methods"];

const specs: BrowserSpec[] = PAGES.map((path) => ({
  name: `page ${path} opens cleanly (no console error, no error cell, no external request)`,
  async run(ctx) {
    const page = await ctx.open(path);
    const h1 = await page.textContent("h1");
    if (!h1?.trim()) throw new Error(`${path}: no title`);
    const footer = await page.textContent("#observablehq-footer");
    if (!/Built \d{4}-\d{2}-\d{2}/.test(footer ?? "")) throw new Error(`${path}: footer lacks the build date: ${footer}`);
    if (!/synthetic twin|your data \(the six files in the folder/.test(footer ?? "")) throw new Error(`${path}: footer lacks the data source: ${footer}`);
  }
}));

export default specs;
