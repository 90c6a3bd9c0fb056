import type {LstmRefit, ModelName} from "./backtest.js";
import type {HoltWintersParams} from "./baselines.js";
import type {HolidayBreak} from "./breaks.js";
import type {SeasonalModel} from "./decompose.js";
import type {DipWindow} from "./dips.js";
import type {BreakComparison, Choice, CoverageRow, Horizon, WindowError} from "./evaluate.js";
import type {Feature} from "./features.js";
import type {LstmOptions} from "./lstm.js";
import type {CategoryStatus} from "./plan.js";
import type {ReportForecastRow} from "./report.js";
import type {AblationResult, EpochCurve} from "./search.js";

/** A number that is null where the value is undefined (NaN before serialisation). */
export type Num = number | null;

/**
 * The JSON the build-time runner (loaders/forecast.ts) writes. Non-integers are rounded to 6
 * significant digits; every array indexed by day is aligned with the `dates` next to it.
 */
export interface ForecastArtifacts {
  schema: "lpoint-forecast/2";
  /** tfjs backend that trained the models ("wasm" or "cpu"); results differ slightly between them */
  backend: string;
  period: {start: string; end: string; days: number};
  /** which inputs the data could give the models, and why not */
  inputs: {
    weather: boolean;
    holidays: boolean;
    holidayBreak: boolean;
    /** multi-day holidays in the period and the forecast days after it */
    breaks: HolidayBreak[];
    /** in words, for the page */
    notes: string[];
  };
  settings: ForecastSettings;
  future: {
    dates: string[];
    calendarSource: string;
    holidays: {date: string; name: string | null}[];
    /** assumed weather of every future day (null without weather) */
    weather: {temp_mean: number; precip_mm: number; method: string} | null;
  };
  /** what the build could not do, in words (also logged) */
  notes: string[];
  /** the report's published RMSEs (thousand KRW), in-sample */
  report: readonly ReportForecastRow[];
  /** categories in the order forecast; every main category has an entry, whatever its status */
  categories: CategoryArtifact[];
  /** categories with sales that were not among the main ones (maxCategories) */
  skipped: string[];
  /** present unless disabled; the only non-deterministic part */
  timing?: ForecastTiming;
}

export interface ForecastSettings {
  maxCategories: number;
  /** LSTM inputs of every fully forecast category */
  features: readonly Feature[];
  window: number;
  exogenousLead: 0 | 1;
  lstm: LstmOptions;
  /** LSTMs from different seeds whose forecasts are averaged */
  members: number;
  warmStart: boolean;
  warmEpochs: number;
  /** days a warm refit trains on (0: every day) */
  warmDays: number;
  warmPatience: number;
  /** days of one-step errors that shift each LSTM path (0: none; correction.ts) */
  levelCorrection: number;
  refitEvery: number;
  evalWeeks: number;
  horizons: readonly Horizon[];
  holtWinters: {damped: boolean};
  regression: {halfLife: number; ridge: number};
  intervals: {level: number; bands: readonly number[]; gamma: number; minScores: number; scaleDays: number; shown: "adaptive" | "split"};
  /** probabilities of the predictive quantiles shipped for the dip finder */
  quantileLevels: readonly number[];
  breaks: {minDays: number; leadDays: number; lagDays: number; salesShare: number};
  status: {maxZeroShareLstm: number; maxZeroShareBacktest: number};
  holidayField: "dayOff" | "holiday";
  dips: {threshold: number; levelDays: number};
  epochCurveEpochs: number;
  searchValidationSplit: number;
  /** last day model selection (ablation, epoch curve) may see */
  searchTrainEnd: string | null;
}

export interface HeldOut {
  horizon: string;
  steps: number;
  /** the model chosen for this horizon: its forecasts carry the band drawn and evaluated */
  model: ModelName;
  variant: "adaptive" | "split";
  /** one entry per forecast: the day it was made on and the day it is for */
  origins: string[];
  targets: string[];
  /** the weekly origin of the evaluation window each forecast belongs to */
  windows: string[];
  actual: number[];
  /** the chosen model's forecasts, the LSTM's at 1 day and 1 week, and at 1 week those of the models the targets compare */
  predicted: Partial<Record<ModelName, number[]>>;
  lower: Num[];
  upper: Num[];
}

export interface DipInputs {
  dates: string[];
  forecast: number[];
  /** the day's weekday-adjusted level (measured before its forecast's origin) × its weekday index */
  base: number[];
  /** predictive quantiles per day at settings.quantileLevels */
  quantiles: Num[][];
}

export interface CategoryEvaluation {
  calStart: string;
  evalStart: string;
  calibrationDays: number;
  evalDays: number;
  refitEvery: number;
  /** weekly evaluation origins */
  origins: string[];
  models: ModelName[];
  horizons: Horizon[];
  holtWinters: {seasonal: SeasonalModel; params: ({origin: string} & HoltWintersParams)[]} | null;
  metrics: {model: ModelName; horizon: string; rmse: Num; mae: Num; mape: Num; n: number; windows: (Omit<WindowError, "origin" | "rmse" | "mae"> & {origin: string; rmse: Num; mae: Num})[]}[];
  choices: (Omit<Choice, "chosenOn" | "last" | "rolling"> & {
    chosenOn: {from: string; to: string; windows: number};
    last: Omit<Choice["last"], "origin"> & {origin: string};
    rolling: (Omit<NonNullable<Choice["rolling"]>, "choices"> & {choices: {origin: string; model: ModelName; baseline: ModelName}[]}) | null;
  })[];
  coverage: CoverageRow[];
  heldOut: HeldOut[];
  holidayBreak: (Omit<BreakComparison, "targets"> & {days: string[]}) | null;
  /** a break day's sales as a share of a normal day's, by the calendar regression fitted on every day (null: no break day in the data) */
  breakShareSeen: number | null;
}

export interface CategoryArtifact {
  category: string;
  en: string;
  key: string | null;
  status: CategoryStatus;
  /** why this status, in words */
  reason: string;
  days: number;
  zeroDays: number;
  weekdayIndex: {
    /** the first two weeks of the report's table */
    rows: {date: string; weekday: number; y: number; cma: Num; ratio: Num}[];
    /** Sun..Sat */
    means: Num[];
    indices: number[];
    model: SeasonalModel;
  } | null;
  decomposition: {model: SeasonalModel; period: 7; dates: string[]; /** null on days without a record */ observed: Num[]; trend: Num[]; seasonal: number[]; residual: Num[]; figure: number[]} | null;
  epochCurve: EpochCurve | null;
  ablation: AblationResult | null;
  training: {
    features: Feature[];
    refits: (Omit<LstmRefit, "origin"> & {origin: string})[];
    final: Omit<LstmRefit, "origin"> | null;
    /** first refit whose training saw a holiday break (the chain without the input split off there) */
    breakBranch: string | null;
  } | null;
  /** the final LSTM on its own training days (in-sample, like the report's figures) */
  history: {dates: string[]; actual: number[]; oneStepInSample: number[]} | null;
  evaluation: CategoryEvaluation | null;
  /** beyond the data: the model chosen at 1 week, with its band */
  forecast: {model: ModelName; dates: string[]; predicted: number[]; lower: Num[]; upper: Num[]} | null;
  dips: {
    model: ModelName;
    threshold: number;
    heldOut: DipInputs;
    future: DipInputs | null;
    backtest: DipWindow[];
    futureWindows: DipWindow[] | null;
  } | null;
}

export interface ForecastTiming {
  backend: string;
  threads: number;
  node: string;
  setupMs: number;
  totalMs: number;
  /** worker processes that trained the categories (0: in the loader's own process) and their CPU time */
  workers: number;
  workerCpuMs: number;
  categories: {category: string; forecastMs: number; ablationMs: number; epochCurveMs: number; lstmTrainings: number; lstmEpochs: number}[];
}
