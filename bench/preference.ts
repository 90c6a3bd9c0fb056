// Preference page: one customer's full ranking (37 categories) inside the built page, through the page's
// own hook (window.__preferenceBench), over a spread of customer ids. The page ranks in JavaScript from
// its customer table (a binary search by clnt_id plus 37 scores); the hook's first call fetches and
// decodes that table, every later call is a lookup.
import {cpus, loadavg} from "node:os";
import {settle} from "../test/browser/harness.js";
import type {Figure} from "./measure.js";
import {onBuiltSite} from "./site.js";

declare global {
  interface Window {
    __preferenceBench?: (id: number, set?: "all" | "report") => Promise<number>;
  }
}

const RUNS = 200;

function quantile(sorted: readonly number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  return sorted[lo] + (sorted[Math.ceil(i)] - sorted[lo]) * (i - lo);
}

export async function benchPreference({dist = "dist"}: {dist?: string} = {}): Promise<Figure[]> {
  return onBuiltSite(dist, async (context, url) => {
    const page = await context.newPage();
    await page.goto(`${url}/preference`);
    await settle(page, 180_000);
    await page.waitForFunction(() => typeof window.__preferenceBench === "function", undefined, {timeout: 60_000});
    const ids = await page.$$eval("form.customer-picker option", (os) => os.map((o) => Number((o as HTMLOptionElement).value)).filter((v) => v > 0));
    if (!ids.length) throw new Error("no sample customers on the page");
    const ms = await page.evaluate(async ({ids, runs}) => {
      const out: number[] = [];
      for (let i = 0; i < runs; i++) out.push(await window.__preferenceBench!(ids[i % ids.length], i % 2 ? "report" : "all"));
      return out;
    }, {ids, runs: RUNS});
    if (ms.some((x) => !Number.isFinite(x))) throw new Error("a sample customer was not found in the customer table");
    const warm = ms.slice(ids.length).sort((a, b) => a - b);
    const note = `JavaScript in the built page (binary search by clnt_id + 37 or 11 scores), ${warm.length} warm runs over ${ids.length} customers, timer resolution 0.1 ms; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`;
    return [
      {name: "preference: one customer's full ranking, median", value: quantile(warm, 0.5), unit: "ms", target: "< 50 ms", note},
      {name: "preference: one customer's full ranking, p95", value: quantile(warm, 0.95), unit: "ms", target: "< 50 ms"},
      {name: "preference: first ranking through the customer table", value: ms[0], unit: "ms", note: "fetches and decodes the customer table (loaded on demand, not at first view)"}
    ];
  });
}
