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
  }
];

export default specs;
