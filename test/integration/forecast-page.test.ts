// The forecast page's readings of a real (small) build artifact, in node: the band it draws and the
// coverage it states, the targets, the dip finder and the CSV download.
import {beforeAll, describe, expect, it} from "vitest";
import {runForecasts} from "../../loaders/forecast.js";
import {drawnBand} from "../../docs/components/forecast-charts.js";
import {heldOutOf} from "../../docs/components/forecast-data.js";
import {breakShareSeen, chance, checkTargets, countInside, coverageSummary, dipReading, drawnPart, TARGETS} from "../../docs/components/forecast-eval.js";
import {forecastCsv} from "../../docs/components/forecast-tables.js";
import {targetFigures} from "../../bench/forecast.js";
import type {ForecastArtifacts} from "../../src/forecast/artifacts.js";
import {syntheticInput} from "../forecast/helpers.js";

let a: ForecastArtifacts;
beforeAll(async () => {
  const input = await syntheticInput({categories: ["여성의류", "패션잡화"], start: "2018-05-01", end: "2018-09-30"});
  a = await runForecasts(input, {evalWeeks: 6, lstm: {units: 4, epochs: 3, seed: 5, patience: 0}, warmEpochs: 2, ablationCategories: [], epochCurveCategories: [], timing: false});
}, 120_000);

describe("what the forecast page draws and states", () => {
  it("draws every evaluated day once at 1 day and 1 week, one window at 1 month, and counts coverage on exactly those arrays", () => {
    const c = a.categories[0];
    for (const h of c.evaluation!.heldOut) {
      const part = drawnPart(h);
      const band = drawnBand(h);
      if (h.steps <= 7) {
        expect(part.index).toHaveLength(h.targets.length);
        expect(new Set(band.map((b) => b.date)).size).toBe(band.length);
      } else {
        expect(band).toHaveLength(28);
        expect(new Set(part.index.map((i) => h.windows[i]))).toEqual(new Set([h.windows[h.windows.length - 1]]));
      }
      // the whole horizon: the stated coverage row is the recount of the same arrays
      const all = countInside(h.actual, h.lower, h.upper);
      const row = c.evaluation!.coverage.find((r) => r.model === h.model && r.horizon === h.horizon && r.variant === h.variant)!;
      expect([all.covered, all.n]).toEqual([row.covered, row.n]);
    }
    expect(drawnBand(heldOutOf(c, "1m")!, heldOutOf(c, "1m")!.windows[0])[0].date).toBe(heldOutOf(c, "1m")!.targets[0]);
  });

  it("pools coverage over every category and horizon; reads each target with its rows", () => {
    const cov = a.categories.map(coverageSummary).filter((x) => x !== null);
    expect(cov.map((x) => x.n)).toEqual(a.categories.map((c) => c.evaluation!.heldOut.reduce((s, h) => s + h.actual.length, 0)));
    const checks = checkTargets(a);
    expect(checks.map((t) => t.key)).toEqual(["coverage", "week", "chosen", "holidayBreak"]);
    const coverage = checks[0];
    expect(coverage.rows).toHaveLength(2);
    const pooled = cov.reduce((s, x) => s + x.covered, 0) / cov.reduce((s, x) => s + x.n, 0);
    const [lo, hi] = TARGETS.coverage.pooled;
    const [clo, chi] = TARGETS.coverage.perCategory;
    expect(coverage.pass).toBe(pooled >= lo && pooled <= hi && cov.every((x) => x.rate >= clo && x.rate <= chi));
    for (const t of checks) for (const r of t.rows) if (r.pass === false && t.key === "week") expect(r.detail).toMatch(/ratio [\d.]+ > 0\.[89]/);
    // the bench prints every row's own figure: the chosen model's ratio, a coverage rate, a break ratio
    const rows = targetFigures(a).filter((f) => /^forecast (coverage|week|chosen|holidayBreak): /.test(f.name));
    expect(rows).toHaveLength(checks.reduce((s, t) => s + t.rows.length, 0));
    for (const [f, r] of rows.map((f, i) => [f, checks.flatMap((t) => t.rows)[i]] as const)) expect(r.value).toContain(f.unit === "%" ? `${f.value}%` : String(f.value));
    // one Chuseok break in the test weeks: a with/without row per model and horizon and category
    expect(checks[3].rows).toHaveLength(2 * 2 * 2);
    // the share the regression sees, over the two categories: median of two is their mean
    const shares = a.categories.map((c) => c.evaluation!.breakShareSeen!);
    expect(breakShareSeen(a)).toEqual({n: 2, min: Math.min(...shares), max: Math.max(...shares), median: (shares[0] + shares[1]) / 2});
    expect(breakShareSeen({...a, categories: a.categories.map((c) => ({...c, evaluation: c.evaluation && {...c.evaluation, breakShareSeen: null}}))})).toBeNull();
  });

  it("finds dips with the chance that demand falls below the threshold", () => {
    const c = a.categories[0];
    const r = dipReading(c, "heldOut", a.settings.quantileLevels, {threshold: 0.9})!;
    expect(r.model).toBe(c.dips!.model);
    expect(r.ratios).toHaveLength(c.dips!.heldOut.dates.length);
    for (const d of r.ratios) if (d.probability !== null) expect(d.probability).toBeGreaterThanOrEqual(0.05);
    const actual = dipReading(c, "actual", a.settings.quantileLevels)!;
    expect(actual.ratios.every((d) => d.probability === null)).toBe(true);
    expect(chance(0.01, a.settings.quantileLevels)).toBe("≤ 5%");
    expect(chance(0.99, a.settings.quantileLevels)).toBe("≥ 95%");
    expect(chance(0.42, a.settings.quantileLevels)).toBe("42%");
  });

  it("downloads the category's forecasts as CSV with a byte-order mark and whole KRW", () => {
    const c = a.categories[1];
    const csv = forecastCsv(c);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.slice(1).trimEnd().split("\n");
    expect(lines[0]).toBe("category,date,made_on,horizon,model,forecast,lower_80,upper_80,actual");
    expect(lines).toHaveLength(1 + c.evaluation!.heldOut.reduce((s, h) => s + h.targets.length, 0) + c.forecast!.dates.length);
    for (const l of lines.slice(1)) for (const v of l.split(",").slice(5)) expect(v).toMatch(/^(\d+)?$/);
  });
});
