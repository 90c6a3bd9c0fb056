import type {Page} from "playwright-core";
import type {BrowserSpec} from "../harness.js";

const rows = (page: Page, selector: string) => page.locator(`${selector} tbody tr`).count();

async function text(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent()) ?? "";
}

const specs: BrowserSpec[] = [
  {
    name: "forecast: chart, weekday index beside the report, error tables, targets, coverage and dips with profile links",
    async run(ctx) {
      const page = await ctx.open("/forecast", {waitFor: "#forecast-metrics table"});
      if (!(await page.locator("#forecast-chart svg").count())) throw new Error("no forecast chart");
      const weekday = await text(page, "#forecast-weekday");
      for (const s of ["Y report", "index report", "1.08649", "1.08882"]) if (!weekday.includes(s)) throw new Error(`weekday table lacks ${s}`);
      if ((await rows(page, ".forecast-weekday-index")) !== 8) throw new Error("weekday index table should have 7 weekdays and a total");

      const metricsRows = await rows(page, "#forecast-metrics");
      if (metricsRows !== 44) throw new Error(`RMSE table: expected 11 categories × 4 models = 44 rows, got ${metricsRows}`);
      const metricsHead = await text(page, "#forecast-metrics thead");
      if (!metricsHead.includes("in-sample (report, published)") || !metricsHead.includes("backtest, held out (ours)")) throw new Error(`RMSE table header does not label in-sample vs backtest: ${metricsHead}`);
      if (!(await text(page, "#forecast-metrics tbody")).includes("4,201")) throw new Error("report's women's clothing 1-day RMSE (4,201) not shown");
      await page.getByLabel("MAPE").check();
      await page.waitForFunction(() => document.querySelector("#forecast-metrics thead")?.textContent?.includes("MAPE"));

      if ((await rows(page, "#forecast-targets")) !== 11) throw new Error("targets table should list 11 categories");
      const targets = await text(page, "#forecast-targets");
      const met = Number(targets.match(/(\d+) of 11 categories meet both targets/)?.[1]);
      if (!Number.isInteger(met)) throw new Error(`targets summary missing: ${targets.slice(0, 300)}`);
      const misses = await page.locator("#forecast-misses li").count();
      if (met < 11 && misses === 0) throw new Error("a category misses a target but the page does not say which and why");
      if (misses && !/Holt-Winters was closer|seasonal naive was closer|Seasonal naive was closer/.test(targets)) throw new Error("misses carry no evidence");

      const coverage = await text(page, "#forecast-coverage");
      if (!/intervals covered \d+% of the held-out forecasts/.test(coverage)) throw new Error(`coverage sentence missing: ${coverage.slice(0, 200)}`);

      const link = page.locator("#forecast-dips a.forecast-dip-link").first();
      const href = await link.getAttribute("href");
      if (!href || !/profile\?category=%EC%97%AC%EC%84%B1%EC%9D%98%EB%A5%98&dip=2018-09-\d\d$/.test(href)) throw new Error(`dip link for women's clothing in September expected, got ${href}`);

      await page.locator("select").first().selectOption({label: "건강식품 · Health food"});
      await page.waitForFunction(() => !document.querySelector("#forecast-weekday")?.textContent?.includes("Y report"));
      if (!(await text(page, "#forecast-chart")).includes("held out")) throw new Error("chart did not re-render for health food");
    }
  },
  {
    name: "forecast: in-browser re-train shows progress, can be cancelled, and its result appears beside the build's",
    async run(ctx) {
      const page = await ctx.open("/forecast", {waitFor: "#forecast-rerun-train"});
      const status = page.locator("#forecast-rerun-status");

      // cancel: the report's setup has no early stopping, so the run is still going when we cancel
      await page.locator("#forecast-rerun-report").check();
      await page.locator("#forecast-rerun-epochs").fill("300");
      await page.locator("#forecast-rerun-train").click();
      await page.waitForFunction(() => Number((document.querySelector("#forecast-rerun-progress") as HTMLProgressElement | null)?.value) >= 2, undefined, {timeout: 60_000});
      await page.locator("#forecast-rerun-cancel").click();
      await page.waitForFunction(() => /Cancelled at epoch \d+/.test(document.querySelector("#forecast-rerun-status")?.textContent ?? ""), undefined, {timeout: 30_000});
      const stopped = Number((await status.textContent())?.match(/epoch (\d+)/)?.[1]);
      if (!(stopped >= 2 && stopped < 300)) throw new Error(`cancel did not stop the run: ${await status.textContent()}`);
      if (await page.locator("#forecast-rerun-result h3").count()) throw new Error("a cancelled run must not produce a result");
      if (await page.locator("#forecast-rerun-train").isDisabled()) throw new Error("train button stays disabled after cancel");

      // a short run with the fast setup: record every progress value, then read the result
      await page.locator("#forecast-rerun-report").uncheck();
      await page.locator("#forecast-rerun-epochs").fill("6");
      await page.evaluate(() => {
        const bar = document.querySelector("#forecast-rerun-progress") as HTMLProgressElement;
        const seen: number[] = [];
        (window as unknown as {__progress: number[]}).__progress = seen;
        new MutationObserver(() => seen.push(Number(bar.value))).observe(bar, {attributes: true, attributeFilter: ["value"]});
      });
      await page.locator("#forecast-rerun-train").click();
      await page.waitForSelector("#forecast-rerun-result h3", {timeout: 120_000});
      const seen = await page.evaluate(() => (window as unknown as {__progress: number[]}).__progress);
      const steps = [...new Set(seen.filter((v) => v > 0))];
      if (steps.length < 3 || steps.some((v, i) => i > 0 && v < steps[i - 1])) throw new Error(`progress did not advance epoch by epoch: ${seen.join(",")}`);
      const done = (await status.textContent()) ?? "";
      if (!/Done in [\d.]+ s on (wasm|cpu): 6 epochs/.test(done)) throw new Error(`status after the run: ${done}`);
      const title = await text(page, "#forecast-rerun-result h3");
      if (!title.includes("여성의류")) throw new Error(`result title: ${title}`);
      const cells = await page.locator("#forecast-rerun-result .forecast-rerun-table tbody tr").count();
      if (cells !== 3) throw new Error(`re-run table should have 1 day / 1 week / 1 month rows, got ${cells}`);
      if (!/^[\d,]+$/.test((await page.locator("#forecast-rerun-result .forecast-rerun-table tbody tr td").nth(1).textContent())?.trim() ?? "")) throw new Error("re-run RMSE is not a number");
      await page.waitForFunction(() => document.querySelector("#forecast-chart")?.textContent?.includes("re-run full-step"));
      console.log(`    re-run (6 epochs, fast setup): ${title.match(/— ([\d.]+ s on \w+)/)?.[1]}`);
    }
  }
];

export default specs;
