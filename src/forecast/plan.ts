/**
 * How much of a series the backtest may use: training days, the weeks whose errors only calibrate
 * the intervals, and the weeks that are evaluated; and what a category can support at all.
 */

export interface PlanOptions {
  /** weeks evaluated at most (the last ~3 months) */
  evalWeeks?: number;
  /** days of forecasts before the evaluated weeks whose errors only start the intervals, at most */
  calibrationDays?: number;
  /** fewest training days before the first forecast: the LSTM's windows, or Holt-Winters' two weeks */
  minTrainLstm?: number;
  minTrainBaselines?: number;
  /** the training days are at least this share of the series */
  minTrainShare?: number;
}

export const PLAN_DEFAULTS: Required<PlanOptions> = {evalWeeks: 13, calibrationDays: 28, minTrainLstm: 28, minTrainBaselines: 14, minTrainShare: 1 / 3};

export interface EvaluationPlan {
  /** days with revenue */
  n: number;
  /** first forecast origin (its errors calibrate the intervals); days before it train the first fit */
  calStart: number;
  /** first evaluated origin */
  evalStart: number;
  calibrationDays: number;
  evalDays: number;
  /** the models are refitted at evalStart and every `refitEvery` days after */
  refitEvery: number;
  lstm: boolean;
  /** days without a record (gaps.ts): no forecast is scored on them */
  missing?: number[];
}

export type PlanResult = {ok: true; plan: EvaluationPlan} | {ok: false; reason: string};

function opts(o: PlanOptions): Required<PlanOptions> {
  const r = {...PLAN_DEFAULTS, ...Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))} as Required<PlanOptions>;
  for (const k of ["evalWeeks", "calibrationDays", "minTrainLstm", "minTrainBaselines"] as const) {
    if (!Number.isInteger(r[k]) || r[k] < (k === "calibrationDays" ? 7 : 1)) throw new Error(`invalid ${k}: ${r[k]}`);
  }
  if (!(r.minTrainShare >= 0 && r.minTrainShare < 1)) throw new Error(`invalid minTrainShare: ${r.minTrainShare}`);
  return r;
}

/**
 * Split n days into training, calibration and evaluation, in whole weeks: training keeps at least
 * its minimum and a third of the series; of the rest, about a quarter (one to four weeks) calibrates
 * the intervals and the remainder, up to evalWeeks, is evaluated. Fails with the reason when fewer
 * than one calibration week and one evaluation week remain.
 */
export function evaluationPlan(n: number, {lstm, ...options}: PlanOptions & {lstm: boolean}): PlanResult {
  const o = opts(options);
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid n: ${n}`);
  const minTrain = lstm ? o.minTrainLstm : o.minTrainBaselines;
  const train = Math.max(minTrain, Math.ceil(n * o.minTrainShare));
  const rest = n - train;
  const what = lstm ? "the LSTM" : "the baselines";
  if (rest < 14) {
    return {ok: false, reason: `${n} days: ${what} need${lstm ? "s" : ""} ${minTrain} days to train on, then a week to calibrate the intervals and a week to test on (${minTrain + 14} days)`};
  }
  const calibrationDays = Math.min(o.calibrationDays - (o.calibrationDays % 7), Math.max(7, 7 * Math.floor(rest / 28)));
  const evalDays = Math.min(7 * o.evalWeeks, 7 * Math.floor((rest - calibrationDays) / 7));
  const evalStart = n - evalDays;
  return {ok: true, plan: {n, calStart: evalStart - calibrationDays, evalStart, calibrationDays, evalDays, refitEvery: 7, lstm}};
}

export type CategoryStatus = "full" | "baselines" | "describe" | "none";

export interface StatusOptions extends PlanOptions {
  /** the LSTM is left out above this share of days without sales */
  maxZeroShareLstm?: number;
  /** no backtest above this share: a daily forecast of a category that rarely sells means little */
  maxZeroShareBacktest?: number;
  /** false when the build cannot train (no tfjs): every category stops at the baselines */
  lstmAvailable?: boolean;
}

export const STATUS_DEFAULTS = {maxZeroShareLstm: 0.1, maxZeroShareBacktest: 0.5};

export interface StatusResult {
  status: CategoryStatus;
  /** why, in words for the page */
  reason: string;
  days: number;
  zeroDays: number;
  plan: EvaluationPlan | null;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/**
 * What one category's series supports: the LSTM with baselines and intervals ("full"), the baselines
 * with intervals ("baselines"), the weekday pattern and decomposition only ("describe"), or nothing.
 */
export function categoryStatus(revenue: readonly number[], options: StatusOptions = {}): StatusResult {
  const {maxZeroShareLstm = STATUS_DEFAULTS.maxZeroShareLstm, maxZeroShareBacktest = STATUS_DEFAULTS.maxZeroShareBacktest, lstmAvailable = true, ...planOptions} = options;
  const n = revenue.length;
  revenue.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) throw new Error(`invalid revenue at index ${i}: ${v}`);
  });
  const zeroDays = revenue.filter((v) => v === 0).length;
  const base = {days: n, zeroDays};
  if (n < 14) return {...base, status: "none", reason: `the data cover ${n} days; even a weekday pattern needs two full weeks`, plan: null};
  if (n - zeroDays < 7) return {...base, status: "none", reason: `sold on ${n - zeroDays} of ${n} days: too few to show any pattern`, plan: null};
  const share = zeroDays / n;
  if (share > maxZeroShareBacktest) {
    return {...base, status: "describe", reason: `no sales on ${zeroDays} of ${n} days (${pct(share)}): a daily forecast of a category that sells on fewer than half the days means little, so only its weekly pattern is shown`, plan: null};
  }
  const basePlan = evaluationPlan(n, {...planOptions, lstm: false});
  if (!basePlan.ok) return {...base, status: "describe", reason: `${basePlan.reason}: weekly pattern only`, plan: null};
  const fullPlan = evaluationPlan(n, {...planOptions, lstm: true});
  const plan = fullPlan.ok ? fullPlan.plan : basePlan.plan;
  if (!fullPlan.ok) return {...base, status: "baselines", reason: `${fullPlan.reason}: baselines only`, plan};
  if (share > maxZeroShareLstm) {
    return {...base, status: "baselines", reason: `no sales on ${zeroDays} of ${n} days (${pct(share)}, above ${pct(maxZeroShareLstm)}): an LSTM trained on squared error chases the empty days, so only the baselines are fitted`, plan};
  }
  if (!lstmAvailable) return {...base, status: "baselines", reason: "the LSTM was not trained in this run", plan};
  return {...base, status: "full", reason: zeroDays ? `sales on enough days for every model; ${zeroDays} day${zeroDays === 1 ? "" : "s"} without any (${pct(share)}), so additive seasonality where a model needs revenue above 0` : "sales on every day: every model", plan};
}
