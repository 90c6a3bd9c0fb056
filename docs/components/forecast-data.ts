// Shapes of the forecast page's two artifacts and the helpers that turn them into library inputs.
// Browser-safe: the node loaders import only the types.
import type {CategoryArtifact, ForecastArtifacts, Num} from "../lib/forecast/artifacts.js";
import type {ModelName} from "../lib/forecast/backtest.js";
import type {DailySeries} from "../lib/forecast/features.js";

export type {CategoryArtifact, ForecastArtifacts, Num};

/** docs/data/forecast-series.json: every top category's daily revenue with the weather and calendar of each day. */
export interface ForecastSeriesArtifact {
  schema: "lpoint-forecast-series/1";
  source: string;
  dataVersion: string;
  dates: string[];
  weather: {date: string; temp_mean: number; precip_mm: number}[];
  calendar: {date: string; weekday: number; holiday: boolean; dayOff: boolean; name: string | null; nameEn: string | null}[];
  series: {category: string; en: string; key: string | null; revenue: number[]; zeroDays: number}[];
  /** weekday multipliers planted in the synthetic twin (its truth.json), Sun..Sat; null for real data */
  planted: Record<string, number[]> | null;
}

export type HolidayField = "dayOff" | "holiday";

/** One category as the library's DailySeries; revenue covers every date (no future days). */
export function dailySeries(data: ForecastSeriesArtifact, category: string, holidayField: HolidayField = "dayOff"): DailySeries {
  const s = data.series.find((x) => x.category === category);
  if (!s) throw new Error(`unknown category: ${JSON.stringify(category)}`);
  if (holidayField !== "dayOff" && holidayField !== "holiday") throw new Error(`invalid holidayField: ${JSON.stringify(holidayField)}`);
  return {
    dates: data.dates.slice(),
    revenue: s.revenue.slice(),
    precipitation: data.weather.map((w) => w.precip_mm),
    temperature: data.weather.map((w) => w.temp_mean),
    holiday: data.calendar.map((c) => (c[holidayField] ? 1 : 0))
  };
}

export function metricOf(c: CategoryArtifact, model: ModelName, horizon: string, metric: "rmse" | "mae" | "mape" = "rmse"): number | null {
  return c.backtest.metrics.find((m) => m.model === model && m.horizon === horizon)?.[metric] ?? null;
}

export function forecastOf(c: CategoryArtifact, model: ModelName, horizon: string): number[] | null {
  return c.backtest.forecasts.find((f) => f.model === model && f.horizon === horizon)?.predicted ?? null;
}

export const MODEL_LABELS: Record<ModelName, string> = {
  lstm: "LSTM",
  holtWinters: "Holt-Winters",
  seasonalNaive: "Seasonal naive",
  movingAverage: "Moving average (7 d)"
};

export const HORIZON_LABELS: Record<string, string> = {"1d": "1 day", "1w": "1 week", "1m": "1 month (28 d)"};

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
