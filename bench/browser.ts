import type {Page} from "playwright-core";
import {settle} from "../test/browser/harness.js";
import type {Figure} from "./measure.js";
import {onBuiltSite} from "./site.js";

const PAGES = ["/", "/data-quality", "/segments", "/value", "/clv", "/forecast", "/preference", "/profile", "/store", "/methods"];

/** Transfer size of the first page before any engine is touched, and time to interactive per page. */
export async function benchBrowser({dist = "dist"}: {dist?: string} = {}): Promise<Figure[]> {
  const figures: Figure[] = [];
  await onBuiltSite(dist, async (context, url) => {
    for (const path of PAGES) {
      const page = await context.newPage();
      let bytes = 0;
      let engineBytes = 0;
      page.on("response", async (r) => {
        const size = Number(r.headers()["content-length"] ?? 0);
        bytes += size;
        if (/duckdb|tfjs|parquet_wasm/.test(r.url())) engineBytes += size;
      });
      const t0 = Date.now();
      await page.goto(url + path);
      await settle(page, 180_000);
      const ms = Date.now() - t0;
      if (path === "/") {
        figures.push({name: "first page (/): transfer before DuckDB/tfjs", value: (bytes - engineBytes) / 1e6, unit: "MB", target: "≤ 2 MB",
          note: engineBytes ? `${(engineBytes / 1e6).toFixed(1)} MB of engines loaded later` : "no engine loaded"});
      }
      figures.push({name: `time to interactive ${path}`, value: ms / 1000, unit: "s", note: `${(bytes / 1e6).toFixed(1)} MB transferred`});
      await closeQuietly(page);
    }
  });
  return figures;
}

async function closeQuietly(page: Page) {
  await page.close().catch(() => {});
}
