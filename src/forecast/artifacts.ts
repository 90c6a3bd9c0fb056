import type {Horizon, LstmRefit, ModelName} from "./backtest.js";
import type {HoltWintersParams} from "./baselines.js";
import type {DipWindow} from "./dips.js";
import type {Feature} from "./features.js";
import type {Coverage, ResidualBand} from "./intervals.js";
import type {LstmOptions} from "./lstm.js";
import type {ReportForecastRow} from "./report.js";
import type {AblationResult, EpochCurve} from "./search.js";

/** A number that is null where the value is undefined (NaN before serialisation). */
export type Num = number | null;

/**
 * The JSON the build-time runner (loaders/forecast.ts) writes. Non-integers are rounded to 6
 * significant digits; every array indexed by day is aligned with the `dates` next to it.
 */
export interface ForecastArtifacts {
  schema: "lpoint-forecast/1";
  /** tfjs backend that trained the models ("wasm" or "cpu"); results differ slightly between them */
  backend: string;
  period: {start: string; end: string; days: number};
  settings: ForecastSettings;
  future: {
    dates: string[];
    calendarSource: string;
    holidays: {date: string; name: string | null}[];
    /** assumed weather of every future day */
    weather: {temp_mean: number; precip_mm: number; method: string};
  };
  notes: string[];
  /** the report's published RMSEs (thousand KRW), in-sample */
  report: readonly ReportForecastRow[];
  categories: CategoryArtifact[];
  /** present unless disabled; the only non-deterministic part */
  timing?: ForecastTiming;
}

export interface ForecastSettings {
  features: readonly Feature[];
  window: number;
  exogenousLead: 0 | 1;
  lstm: LstmOptions;
  evalDays: number;
  refitEvery: number;
  calibrationDays: number;
  warmStart: boolean;
  warmEpochs: number;
  horizons: readonly Horizon[];
  models: readonly ModelName[];
  holtWinters: {seasonal: "additive" | "multiplicative"; damped: boolean};
  intervals: {level: number; bands: readonly number[]};
  holidayField: "dayOff" | "holiday";
  epochCurveEpochs: number;
  searchValidationSplit: number;
  /** last day model selection (ablation, epoch curve) may see */
  searchTrainEnd: string;
}

export interface CategoryArtifact {
  category: string;
  en: string;
  key: string | null;
  weekdayIndex: {
    rows: {date: string; weekday: number; y: number; cma: Num; ratio: Num}[];
    /** Sun..Sat */
    means: number[];
    indices: number[];
  };
  decomposition: {model: "multiplicative"; period: 7; dates: string[]; trend: Num[]; seasonal: number[]; residual: Num[]; figure: number[]};
  epochCurve: EpochCurve | null;
  ablation: AblationResult | null;
  chosenEpochs: {curve: number | null; refits: number[]; final: number | null};
  training: {
    refits: (Omit<LstmRefit, "origin"> & {origin: string})[];
    final: {warm: boolean; epochsRun: number; bestEpoch: number; loss: number[]; valLoss: number[]} | null;
  };
  /** the final model on its own training days (in-sample, like the report's figures) */
  history: {dates: string[]; actual: number[]; oneStepInSample: number[]} | null;
  backtest: {
    evalStart: string;
    refitOrigins: string[];
    /** the evaluation window */
    dates: string[];
    actual: number[];
    /** aligned with `dates`; day i was forecast from day floor(i / steps) × steps of the window */
    forecasts: {model: ModelName; horizon: string; steps: number; predicted: number[]}[];
    metrics: {model: ModelName; horizon: string; rmse: Num; mae: Num; mape: Num; n: number}[];
    holtWintersParams: ({origin: string} & HoltWintersParams)[];
    intervals: {
      level: number;
      /** first origin of the calibration backtest; coverage is measured from `split` (the evaluation window) on */
      calibrationStart: string;
      split: string;
      calibration: NullableBand[];
      coverage: NullableCoverage[];
      overall: {covered: number; n: number; rate: Num};
      final: NullableBand[];
    } | null;
  };
  forecast: {
    model: ModelName;
    /** the held-out window forecast from its first day (1-step and full-step), with bands from all backtest residuals */
    heldOut: {origin: string; dates: string[]; actual: number[]; oneStep: number[] | null; fullStep: number[]; lower: Num[] | null; upper: Num[] | null};
    /** beyond the data, with climatological weather */
    future: {dates: string[]; fullStep: number[]; lower: Num[]; upper: Num[]} | null;
  };
  dips: {model: ModelName; backtest: DipWindow[]; future: DipWindow[] | null};
}

type NullableBand = Omit<ResidualBand, "lower" | "upper"> & {lower: Num; upper: Num};
type NullableCoverage = Omit<Coverage, "rate"> & {rate: Num; fromStep: number; toStep: number};

export interface ForecastTiming {
  backend: string;
  threads: number;
  node: string;
  setupMs: number;
  totalMs: number;
  categories: {category: string; forecastMs: number; ablationMs: number; epochCurveMs: number; lstmTrainings: number; lstmEpochs: number}[];
}
