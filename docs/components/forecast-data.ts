// Shapes of the forecast page's two artifacts and the helpers that turn them into library inputs.
// Browser-safe: the node loaders import only the types.
import type {CategoryArtifact, CategoryEvaluation, DipInputs, ForecastArtifacts, HeldOut, Num} from "../lib/forecast/artifacts.js";
import type {ModelName} from "../lib/forecast/backtest.js";
import type {DailySeries, Feature} from "../lib/forecast/features.js";

export type {CategoryArtifact, CategoryEvaluation, DipInputs, ForecastArtifacts, HeldOut, Num};

/** docs/data/forecast-series.json: every category's daily revenue with the inputs the build gave its models. */
export interface ForecastSeriesArtifact {
  schema: "lpoint-forecast-series/3";
  source: string;
  dataVersion: string;
  dates: string[];
  /** weather for every day, holidays known for every year */
  inputs: {weather: boolean; holidays: boolean};
  /** empty without weather */
  weather: {date: string; temp_mean: number; precip_mm: number}[];
  calendar: {date: string; weekday: number; holiday: boolean; dayOff: boolean; name: string | null; nameEn: string | null; known: boolean}[];
  /** the cut-off, holiday and catch-up days of multi-day holidays per date (null when holidays are unknown) */
  breaks: {before: number[]; during: number[]; after: number[]; flag: number[]} | null;
  /** dates without any session: their revenue (0 in the series) is unknown, not zero */
  missing: string[];
  /** zeroDays: days without sales, the missing ones not counted */
  series: {category: string; en: string; key: string | null; revenue: number[]; zeroDays: number}[];
  /** weekday multipliers planted in the synthetic twin (its truth.json), Sun..Sat; null for real data */
  planted: Record<string, number[]> | null;
}

export type HolidayField = "dayOff" | "holiday";

/** One category as the library's DailySeries, with the same inputs the build gave it; revenue covers every date. */
export function dailySeries(data: ForecastSeriesArtifact, category: string, holidayField: HolidayField = "dayOff", features: readonly Feature[] = []): DailySeries {
  const s = data.series.find((x) => x.category === category);
  if (!s) throw new Error(`unknown category: ${JSON.stringify(category)}`);
  if (holidayField !== "dayOff" && holidayField !== "holiday") throw new Error(`invalid holidayField: ${JSON.stringify(holidayField)}`);
  return {
    dates: data.dates.slice(),
    revenue: s.revenue.slice(),
    holiday: data.calendar.map((c) => (data.inputs.holidays && c[holidayField] ? 1 : 0)),
    ...(data.inputs.weather ? {precipitation: data.weather.map((w) => w.precip_mm), temperature: data.weather.map((w) => w.temp_mean)} : {}),
    ...(data.breaks && features.includes("holidayBreak") ? {holidayBreak: data.breaks.flag.slice()} : {}),
    ...(data.missing.length ? {missing: missingFlags(data)} : {})
  };
}

/** 1 on each date without any session, else 0. */
export function missingFlags(data: Pick<ForecastSeriesArtifact, "dates" | "missing">): number[] {
  const missing = new Set(data.missing);
  return data.dates.map((d) => (missing.has(d) ? 1 : 0));
}

export function metricOf(c: CategoryArtifact, model: ModelName, horizon: string, metric: "rmse" | "mae" | "mape" = "rmse"): number | null {
  return c.evaluation?.metrics.find((m) => m.model === model && m.horizon === horizon)?.[metric] ?? null;
}

export function heldOutOf(c: CategoryArtifact, horizon: string): HeldOut | null {
  return c.evaluation?.heldOut.find((h) => h.horizon === horizon) ?? null;
}

export function choiceOf(c: CategoryArtifact, horizon: string): CategoryEvaluation["choices"][number] | null {
  return c.evaluation?.choices.find((x) => x.horizon === horizon) ?? null;
}

export const MODEL_LABELS: Record<ModelName, string> = {
  lstm: "LSTM",
  combination: "LSTM + Holt-Winters (mean)",
  holtWinters: "Holt-Winters",
  regression: "Calendar regression",
  seasonalNaive: "Seasonal naive",
  movingAverage: "Moving average (7 d)"
};

export const HORIZON_LABELS: Record<string, string> = {"1d": "1 day", "1w": "1 week", "1m": "1 month (28 d)"};

export const STATUS_LABELS: Record<CategoryArtifact["status"], string> = {
  full: "forecast (LSTM and baselines)",
  baselines: "forecast (baselines only)",
  describe: "weekly pattern only",
  none: "not forecast"
};

/** KRW in thousands, as the report prints its RMSEs. */
export function thousandKrw(v: number | null | undefined): string {
  return v == null || !Number.isFinite(v) ? "–" : Math.round(v / 1000).toLocaleString("en-US");
}

export function millionKrw(v: number | null | undefined, digits = 1): string {
  return v == null || !Number.isFinite(v) ? "–" : (v / 1e6).toLocaleString("en-US", {minimumFractionDigits: digits, maximumFractionDigits: digits});
}

export function percent(v: number | null | undefined, digits = 0): string {
  return v == null || !Number.isFinite(v) ? "–" : `${(v * 100).toFixed(digits)}%`;
}
