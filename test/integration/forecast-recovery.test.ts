// On the default synthetic demo data, the loader's daily revenue and the library's decomposition
// recover the weekday multipliers the generator planted (truth.json), within 2%, for the report's 11 categories.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Duck} from "../../loaders/duck.js";
import type {ForecastInput} from "../../loaders/forecast.js";
import {forecastInput} from "../../loaders/forecast-input.js";
import {openWarehouse, type WarehouseInfo} from "../../loaders/warehouse.js";
import {weekdayOf} from "../../src/calendar.js";
import {REPORT_CATEGORIES} from "../../src/categories.js";
import {seasonalDecompose, weekdayIndex} from "../../src/forecast/decompose.js";

const TOLERANCE = 0.02;

describe("weekday multipliers planted in the synthetic twin", () => {
  let duck: Duck;
  let info: WarehouseInfo;
  let input: ForecastInput;
  let planted: Record<string, number[]>;
  beforeAll(async () => {
    ({duck, info} = await openWarehouse({log: () => {}}));
    input = await forecastInput(duck);
    planted = (JSON.parse(readFileSync(join(info.dataDir, "truth.json"), "utf8")) as {weekdayMultipliers: Record<string, number[]>}).weekdayMultipliers;
  }, 600_000);
  afterAll(() => duck?.close());

  it("runs on the synthetic twin with all 11 report categories, every day positive", () => {
    expect(info.source).toBe("synthetic");
    expect(input.dates).toHaveLength(183);
    for (const c of REPORT_CATEGORIES) {
      const s = input.series.find((x) => x.category === c);
      expect(s, c).toBeDefined();
      expect(s!.revenue.every((v) => v > 0), c).toBe(true);
      expect(planted[c], c).toHaveLength(7);
    }
  });

  const relErrors = (index: readonly number[], truth: readonly number[]) => index.map((v, k) => Math.abs(v / truth[k] - 1));

  it.each(REPORT_CATEGORIES)("weekdayIndex recovers %s within 2%", (c) => {
    const revenue = input.series.find((x) => x.category === c)!.revenue;
    const {indices} = weekdayIndex(input.dates, revenue);
    const errors = relErrors(indices, planted[c]);
    expect(Math.max(...errors), `${c}: ours ${indices.map((v) => v.toFixed(4)).join(" ")} vs planted ${planted[c].join(" ")}`).toBeLessThan(TOLERANCE);
  });

  it.each(REPORT_CATEGORIES)("seasonalDecompose's figure recovers %s within 2%", (c) => {
    const revenue = input.series.find((x) => x.category === c)!.revenue;
    const {figure} = seasonalDecompose(revenue, {period: 7, model: "multiplicative"});
    // figure position p is the weekday of the p-th day; reorder to Sun..Sat
    const byWeekday = Array<number>(7);
    figure.forEach((v, p) => (byWeekday[weekdayOf(input.dates[p])] = v));
    const errors = relErrors(byWeekday, planted[c]);
    expect(Math.max(...errors), `${c}: ${byWeekday.map((v) => v.toFixed(4)).join(" ")} vs planted ${planted[c].join(" ")}`).toBeLessThan(TOLERANCE);
  });
});
