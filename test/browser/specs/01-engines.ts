import type {BrowserSpec} from "../harness.js";

const specs: BrowserSpec[] = [
  {
    name: "system check: DuckDB-WASM, tfjs (wasm backend) and arquero run from self-hosted files",
    async run(ctx) {
      const page = await ctx.open("/system-check", {waitFor: "#duckdb-version"});
      const version = (await page.textContent("#duckdb-version"))?.trim();
      if (!/^v\d+\.\d+/.test(version ?? "")) throw new Error(`unexpected DuckDB version: ${version}`);
      await page.waitForSelector("#tf-backend");
      const backend = (await page.textContent("#tf-backend"))?.trim();
      if (backend !== "wasm") throw new Error(`tfjs backend is ${backend}, expected wasm`);
      if ((await page.textContent("#aq-check"))?.trim() !== "6") throw new Error("arquero check failed");
    }
  },
  {
    name: "harness: a page counts as settled only once the inline values on screen have arrived (CPU 8× slower)",
    async run(ctx) {
      // on a slow machine DuckDB-WASM still compiles after the network has gone idle; the values it
      // feeds must not be read before they are there
      const page = await ctx.open("/system-check", {cpuSlowdown: 8});
      const pending = await page.evaluate(() => document.querySelectorAll("observablehq-loading").length);
      if (pending) throw new Error(`${pending} inline values still loading after the page settled`);
      const version = (await page.textContent("#duckdb-version"))?.trim();
      if (!/^v\d+\.\d+/.test(version ?? "")) throw new Error(`unexpected DuckDB version: ${JSON.stringify(version)}`);
    }
  }
];

export default specs;
