// The forecasting as the build runs it, for `npm run analyze`: forecast_errors.csv and
// forecast_coverage.csv (imported for its effect by results-all.ts). One run serves both tables.
import type {ForecastArtifacts} from "../src/forecast/artifacts.js";
import type {Duck, Row} from "./duck.js";
import {runForecasts} from "./forecast.js";
import {buildRun, forecastInput} from "./forecast-input.js";
import {registerResults} from "./results.js";

const runs = new WeakMap<Duck, Promise<ForecastArtifacts>>();

/**
 * The build's forecast of a warehouse, once per connection. The input search and the epoch curve are
 * left out: they only illustrate the report's method and change no forecast.
 */
export function forecastOf(duck: Duck, log: (m: string) => void = (m) => process.stderr.write(`${m}\n`)): Promise<ForecastArtifacts> {
  let run = runs.get(duck);
  if (!run) {
    run = (async () => {
      const {input, options} = buildRun(await forecastInput(duck), log);
      return runForecasts(input, {...options, ablationCategories: [], epochCurveCategories: [], timing: false});
    })();
    runs.set(duck, run);
  }
  return run;
}

const krw = (v: number | null) => (v == null ? null : Math.round(v));

/** Held-out errors per category, model, horizon and evaluated week (origin = its first day), then pooled (origin "all"). */
export function forecastErrorRows(a: ForecastArtifacts): Row[] {
  const rows: Row[] = [];
  for (const c of a.categories) {
    for (const m of c.evaluation?.metrics ?? []) {
      for (const w of m.windows) rows.push({category: c.category, model: m.model, horizon: m.horizon, origin: w.origin, rmse: krw(w.rmse), mae: krw(w.mae)});
      rows.push({category: c.category, model: m.model, horizon: m.horizon, origin: "all", rmse: krw(m.rmse), mae: krw(m.mae)});
    }
  }
  return rows;
}

/** Coverage of the ranges the page draws (the chosen model's, per horizon), over every evaluated week. */
export function forecastCoverageRows(a: ForecastArtifacts): Row[] {
  const rows: Row[] = [];
  for (const c of a.categories) {
    for (const h of c.evaluation?.heldOut ?? []) {
      const r = c.evaluation!.coverage.find((x) => x.model === h.model && x.horizon === h.horizon && x.variant === h.variant);
      if (!r) continue;
      rows.push({category: c.category, horizon: h.horizon, level: a.settings.intervals.level, covered: r.covered, n: r.n, mean_width: krw(r.meanWidth), winkler: krw(r.winkler)});
    }
  }
  return rows;
}

registerResults(
  {name: "forecast_errors", description: "held-out RMSE and MAE (KRW) per category, model, horizon and evaluated week (origin), and pooled (origin all), as the forecast page's build", rows: async (d) => forecastErrorRows(await forecastOf(d))},
  {name: "forecast_coverage", description: "coverage, mean width and mean Winkler score (KRW) of the ranges the forecast page draws, per category and horizon", rows: async (d) => forecastCoverageRows(await forecastOf(d))}
);
