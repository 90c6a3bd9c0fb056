// Page-side readings of the build artifacts: the accuracy and interval targets with the evidence
// behind a miss, the drawn band's coverage, in-sample errors and the dip finder. Pure functions
// (tested in node; the bench reads the same targets).
import {findDips, probabilityBelow, type DipResult} from "../lib/forecast/dips.js";
import type {ModelName} from "../lib/forecast/backtest.js";
import {rmse} from "../lib/forecast/metrics.js";
import {choiceOf, heldOutOf, metricOf, MODEL_LABELS, thousandKrw, type CategoryArtifact, type DipInputs, type ForecastArtifacts, type HeldOut} from "./forecast-data.js";

/** The issue's targets, in one place (the page and the bench read them from here). */
export const TARGETS = {
  coverage: {pooled: [0.75, 0.85], perCategory: [0.7, 0.9]},
  week: {horizon: "1w", holtWinters: 0.9, seasonalNaive: 0.8},
  chosen: {horizons: ["1d", "1m"], share: 9 / 11},
  holidayBreak: {maxRatio: 0.5}
} as const;

const pct = (v: number) => `${Math.round(v * 100)}%`;

export interface BandCount {
  covered: number;
  n: number;
  rate: number;
}

/** Actuals inside [lower, upper], counted from the arrays the chart draws (pairs without a band are left out). */
export function countInside(actual: readonly number[], lower: readonly (number | null)[], upper: readonly (number | null)[]): BandCount {
  let covered = 0;
  let n = 0;
  actual.forEach((y, i) => {
    const l = lower[i];
    const u = upper[i];
    if (l == null || u == null || !Number.isFinite(y)) return;
    n++;
    if (y >= l && y <= u) covered++;
  });
  return {covered, n, rate: n ? covered / n : Number.NaN};
}

/** The part of a held-out horizon the chart draws: every day once (1 day, 1 week), one window (1 month). */
export function drawnPart(h: HeldOut, window?: string | null): {index: number[]} {
  const index = h.targets.map((_, i) => i).filter((i) => (h.steps > 7 ? h.windows[i] === (window ?? h.windows[h.windows.length - 1]) : true));
  return {index};
}

export interface CoverageSummary {
  category: string;
  en: string;
  horizons: {horizon: string; model: ModelName; covered: number; n: number; rate: number; meanWidth: number; winkler: number; split: {rate: number; winkler: number} | null}[];
  covered: number;
  n: number;
  rate: number;
  /** mean Winkler score over every pair, and relative to mean revenue (comparable across categories) */
  winkler: number;
  relativeWinkler: number;
}

/** Coverage of the drawn (chosen model's) bands per horizon, from the held-out arrays themselves. */
export function coverageSummary(c: CategoryArtifact): CoverageSummary | null {
  const ev = c.evaluation;
  if (!ev) return null;
  const horizons = ev.heldOut.map((h) => {
    const count = countInside(h.actual, h.lower, h.upper);
    const row = ev.coverage.find((r) => r.model === h.model && r.horizon === h.horizon && r.variant === h.variant);
    const split = ev.coverage.find((r) => r.model === h.model && r.horizon === h.horizon && r.variant === "split");
    return {horizon: h.horizon, model: h.model, ...count, meanWidth: row?.meanWidth ?? Number.NaN, winkler: row?.winkler ?? Number.NaN, split: split ? {rate: split.rate, winkler: split.winkler} : null};
  });
  const covered = horizons.reduce((a, h) => a + h.covered, 0);
  const n = horizons.reduce((a, h) => a + h.n, 0);
  const winkler = horizons.reduce((a, h) => a + h.winkler * h.n, 0) / n;
  const actual = ev.heldOut.flatMap((h) => h.actual);
  const mean = actual.reduce((a, b) => a + b, 0) / actual.length;
  return {category: c.category, en: c.en, horizons, covered, n, rate: n ? covered / n : Number.NaN, winkler, relativeWinkler: mean > 0 ? winkler / mean : Number.NaN};
}

export interface TargetRow {
  category: string;
  en: string;
  pass: boolean | null;
  value: string;
  detail: string;
}

export interface TargetCheck {
  key: "coverage" | "week" | "chosen" | "holidayBreak";
  title: string;
  /** null: not measurable on these data (the detail says why) */
  pass: boolean | null;
  summary: string;
  rows: TargetRow[];
}

function longestRun(flags: readonly boolean[]): number {
  let best = 0;
  let run = 0;
  for (const f of flags) best = Math.max(best, (run = f ? run + 1 : 0));
  return best;
}

/** The evidence for a missed 1-week target, from the backtest's own numbers: where the errors sit and what happened there. */
export function missReason(c: CategoryArtifact, model: "holtWinters" | "seasonalNaive", max: number, ratio: number | null): string {
  const h = heldOutOf(c, "1w");
  const best: ModelName = (metricOf(c, "combination", "1w") ?? Infinity) < (metricOf(c, "lstm", "1w") ?? Infinity) ? "combination" : "lstm";
  const ours = h?.predicted[best];
  const base = h?.predicted[model];
  const label = MODEL_LABELS[model];
  if (!h || !ours || !base || ratio == null) return `no 1-week ${ours ? label : "LSTM"} forecasts in the backtest`;
  const se = h.actual.map((y, i) => (ours[i] - y) ** 2);
  const total = se.reduce((x, y) => x + y, 0);
  const top = se.map((e, i) => ({e, i})).sort((p, q) => q.e - p.e || p.i - q.i).slice(0, 3).sort((p, q) => p.i - q.i);
  const share = top.reduce((x, t) => x + t.e, 0) / total;
  const bias = top.reduce((x, t) => x + (ours[t.i] - h.actual[t.i]) / Math.max(1, h.actual[t.i]), 0) / top.length;
  const parts = [
    `1-week RMSE of the ${MODEL_LABELS[best]} ${thousandKrw(metricOf(c, best, "1w"))} vs ${label} ${thousandKrw(metricOf(c, model, "1w"))} thousand KRW: ratio ${ratio.toFixed(2)} > ${max}.`,
    `${pct(share)} of its squared error falls on ${top.map((t) => h.targets[t.i]).join(", ")}, where it ${bias > 0 ? "over" : "under"}-forecast by ${pct(Math.abs(bias))} on average.`
  ];
  const windows = [...new Set(h.windows)];
  const byWindow = windows.map((w) => {
    const idx = h.windows.map((x, i) => (x === w ? i : -1)).filter((i) => i >= 0);
    return {w, ours: rmse(idx.map((i) => h.actual[i]), idx.map((i) => ours[i])), base: rmse(idx.map((i) => h.actual[i]), idx.map((i) => base[i]))};
  });
  const lost = byWindow.filter((x) => x.ours > x.base);
  parts.push(`${label} was closer in ${lost.length} of ${windows.length} weeks${lost.length ? ` (${lost.map((x) => x.w).join(", ")})` : ""}.`);
  return parts.join(" ");
}

/** The targets of the issue, measured on this build's artifacts (none is tuned to them; a miss comes with its evidence). */
export function checkTargets(a: ForecastArtifacts): TargetCheck[] {
  const evaluated = a.categories.filter((c) => c.evaluation);
  const level = a.settings.intervals.level;
  const checks: TargetCheck[] = [];

  const cov = evaluated.map((c) => coverageSummary(c)!);
  const covered = cov.reduce((x, c) => x + c.covered, 0);
  const n = cov.reduce((x, c) => x + c.n, 0);
  const [lo, hi] = TARGETS.coverage.pooled;
  const [clo, chi] = TARGETS.coverage.perCategory;
  const pooled = n ? covered / n : Number.NaN;
  const covRows: TargetRow[] = cov.map((c) => ({
    category: c.category,
    en: c.en,
    pass: c.rate >= clo && c.rate <= chi,
    value: pct(c.rate),
    detail: `${c.covered} of ${c.n}; ${c.horizons.map((h) => `${h.horizon} ${pct(h.rate)}`).join(", ")}; mean Winkler ${thousandKrw(c.winkler)} thousand KRW (${c.relativeWinkler.toFixed(2)} × mean revenue)`
  }));
  checks.push({
    key: "coverage",
    title: `${pct(level)} intervals cover ${pct(lo)}–${pct(hi)} of held-out forecasts pooled, ${pct(clo)}–${pct(chi)} in every category`,
    pass: n ? pooled >= lo && pooled <= hi && covRows.every((r) => r.pass) : null,
    summary: n ? `${pct(pooled)} pooled (${covered.toLocaleString("en-US")} of ${n.toLocaleString("en-US")} forecasts, every horizon and evaluated week); ${covRows.filter((r) => r.pass).length} of ${covRows.length} categories within ${pct(clo)}–${pct(chi)}` : "no category was backtested",
    rows: covRows
  });

  const w = TARGETS.week;
  const lstmCats = evaluated.filter((c) => metricOf(c, "lstm", w.horizon) != null);
  const weekRows: TargetRow[] = lstmCats.map((c) => {
    const ours = Math.min(metricOf(c, "lstm", w.horizon) ?? Infinity, metricOf(c, "combination", w.horizon) ?? Infinity);
    const hw = metricOf(c, "holtWinters", w.horizon);
    const sn = metricOf(c, "seasonalNaive", w.horizon);
    const rh = hw ? ours / hw : null;
    const rs = sn ? ours / sn : null;
    const pass = rh != null && rs != null && rh <= w.holtWinters && rs <= w.seasonalNaive;
    const reasons = [rh != null && rh > w.holtWinters ? missReason(c, "holtWinters", w.holtWinters, rh) : null, rs != null && rs > w.seasonalNaive ? missReason(c, "seasonalNaive", w.seasonalNaive, rs) : null].filter(Boolean);
    return {category: c.category, en: c.en, pass, value: `${rh?.toFixed(3) ?? "–"} × HW, ${rs?.toFixed(3) ?? "–"} × SN`, detail: pass ? `best of LSTM and combination: ${thousandKrw(ours)} thousand KRW` : reasons.join(" ")};
  });
  checks.push({
    key: "week",
    title: `1-week RMSE of the LSTM (or the combination) ≤ ${w.holtWinters} × Holt-Winters and ≤ ${w.seasonalNaive} × seasonal naive, every category`,
    pass: weekRows.length ? weekRows.every((r) => r.pass) : null,
    summary: weekRows.length ? `${weekRows.filter((r) => r.pass).length} of ${weekRows.length} categories` : "no category was forecast with the LSTM",
    rows: weekRows
  });

  // the target's protocol: chosen on the weeks before the last, scored on the last; the choice made
  // afresh before every week and pooled is the stricter reading, shown beside it
  const chosenRows: TargetRow[] = [];
  const rollingMet = new Map<string, boolean>();
  const hindsightMet = new Map<string, boolean>();
  for (const c of evaluated) {
    for (const h of TARGETS.chosen.horizons) {
      const ch = choiceOf(c, h);
      if (!ch) continue;
      const l = ch.last;
      const r = ch.rolling;
      const both = (m: Map<string, boolean>, ok: boolean) => m.set(c.category, (m.get(c.category) ?? true) && ok);
      both(hindsightMet, l.chosenRmse <= l.hindsightRmse);
      if (r) both(rollingMet, r.pass);
      const picked = (k: "model" | "baseline") => [...new Set(r!.choices.map((x) => MODEL_LABELS[x[k]]))].join(", ");
      chosenRows.push({
        category: c.category,
        en: c.en,
        pass: l.pass,
        value: `${h}: ${(l.chosenRmse / l.baselineRmse).toFixed(3)}${r ? ` (every week ${r.ratio.toFixed(3)})` : ""}`,
        detail: `Last week (${l.origin}): ${MODEL_LABELS[ch.chosen]}, chosen among every model on the ${ch.chosenOn.windows} weeks before it, ${thousandKrw(l.chosenRmse)} vs ${MODEL_LABELS[l.baseline]}, chosen among the single baselines the same way, ${thousandKrw(l.baselineRmse)} thousand KRW; the best baseline there in hindsight: ${MODEL_LABELS[l.hindsight]} ${thousandKrw(l.hindsightRmse)}.${r ? ` Chosen afresh before each of ${r.windows} weeks (${picked("model")} against ${picked("baseline")}): ${thousandKrw(r.rmse)} vs ${thousandKrw(r.baselineRmse)}; against the baseline best over those weeks in hindsight (${MODEL_LABELS[r.hindsight]}) ${r.hindsightRatio.toFixed(3)}.` : ""}`
      });
    }
  }
  const byCat = new Map<string, boolean>();
  for (const r of chosenRows) byCat.set(r.category, (byCat.get(r.category) ?? true) && !!r.pass);
  const need = Math.ceil(TARGETS.chosen.share * byCat.size - 1e-9);
  const met = [...byCat.values()].filter(Boolean).length;
  const count = (m: Map<string, boolean>) => `${[...m.values()].filter(Boolean).length} of ${m.size}`;
  checks.push({
    key: "chosen",
    title: `At 1 day and 1 month, the model chosen on the test weeks before the last at least as good on the last as the single baseline chosen the same way, in at least ${Math.round(TARGETS.chosen.share * 11)} of every 11 categories`,
    pass: byCat.size ? met >= need : null,
    summary: byCat.size
      ? `${met} of ${byCat.size} categories at both horizons (needed: ${need}). Stricter: chosen afresh before every test week and pooled, ${count(rollingMet)}; against the baseline best on the last week in hindsight, ${count(hindsightMet)}`
      : "no category has two evaluated weeks to choose on",
    rows: chosenRows
  });

  const breakRows: TargetRow[] = [];
  for (const c of evaluated) {
    for (const r of c.evaluation!.holidayBreak?.rows ?? []) {
      breakRows.push({category: c.category, en: c.en, pass: r.ratio <= TARGETS.holidayBreak.maxRatio, value: `${MODEL_LABELS[r.model]} ${r.horizon}: ${r.ratio.toFixed(2)}`, detail: `RMSE over ${r.n} break days ${thousandKrw(r.with)} with the input, ${thousandKrw(r.without)} without (thousand KRW)`});
    }
  }
  const breakDays = evaluated.find((c) => c.evaluation!.holidayBreak)?.evaluation!.holidayBreak!.days ?? [];
  checks.push({
    key: "holidayBreak",
    title: `Error over the holiday break with the holiday-break input at most ${TARGETS.holidayBreak.maxRatio} × the error without it`,
    pass: breakRows.length ? breakRows.every((r) => r.pass) : null,
    summary: breakRows.length
      ? `${breakRows.filter((r) => r.pass).length} of ${breakRows.length} model × horizon × category cells; break days ${breakDays[0]} – ${breakDays[breakDays.length - 1]}`
      : a.inputs.holidayBreak ? "no holiday break falls in the evaluated weeks" : "the holiday-break input is not used (holidays unknown)",
    rows: breakRows
  });
  return checks;
}

/** The break share the calendar regression sees in the data, over the categories that have one: range and median. */
export function breakShareSeen(a: ForecastArtifacts): {n: number; min: number; max: number; median: number} | null {
  const v = a.categories.map((c) => c.evaluation?.breakShareSeen).filter((x): x is number => x != null && Number.isFinite(x)).sort((p, q) => p - q);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return {n: v.length, min: v[0], max: v[v.length - 1], median: v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2};
}

/** Longest run of days without sales in a category (a reason the LSTM is left out). */
export function longestGap(revenue: readonly number[]): number {
  return longestRun(revenue.map((v) => v <= 0));
}

/** The final model's 1-step RMSE on its own training days: the report's kind of (in-sample) figure. */
export function inSampleRmse(c: CategoryArtifact): number | null {
  const h = c.history;
  if (!h) return null;
  const v = rmse(h.actual, h.oneStepInSample);
  return Number.isFinite(v) ? v : null;
}

export type DipSource = "heldOut" | "future" | "actual";

export const DIP_SOURCES: Record<DipSource, string> = {
  future: "forecast of the days after the data",
  heldOut: "1-week-ahead forecasts of the held-out weeks",
  actual: "actual revenue of the held-out weeks (what really happened)"
};

export interface DipReading extends DipResult {
  source: DipSource;
  model: ModelName;
}

/**
 * Days where a forecast falls furthest below its base (the weekday-adjusted level measured before the
 * forecast's origin × the weekday index), with the chance, read off the forecast's predictive
 * quantiles, that actual revenue really falls below threshold × base.
 */
export function dipReading(c: CategoryArtifact, source: DipSource, levels: readonly number[], {threshold = 0.9, top = 5}: {threshold?: number; top?: number} = {}): DipReading | null {
  const d = c.dips;
  if (!d) return null;
  const x: DipInputs | null = source === "future" ? d.future : d.heldOut;
  if (!x) return null;
  const values = source === "actual" ? x.dates.map((date) => c.decomposition?.observed[c.decomposition.dates.indexOf(date)] ?? Number.NaN) : x.forecast;
  const r = findDips(x.dates, values, {
    base: x.base,
    threshold,
    top,
    below: source === "actual" ? undefined : (i, value) => {
      const q = x.quantiles[i];
      return q.every((v) => v !== null) ? probabilityBelow(q as number[], levels, value) : Number.NaN;
    }
  });
  return {...r, source, model: d.model};
}

/** Lowest ratio of a reading (the deepest day even when no run falls below the threshold). */
export function deepestDay(r: DipReading): {date: string; ratio: number; probability: number | null} | null {
  const finite = r.ratios.filter((x) => Number.isFinite(x.ratio));
  if (!finite.length) return null;
  return finite.reduce((a, b) => (b.ratio < a.ratio ? b : a));
}

/** Link to step 1 of the profile page for a dip. */
export function profileLink(category: string, start: string): string {
  return `./profile?category=${encodeURIComponent(category)}&dip=${encodeURIComponent(start)}`;
}

/** A probability as the page prints it: the quantile grid cannot say more than "below 5%" or "above 95%". */
export function chance(p: number | null | undefined, levels: readonly number[]): string {
  if (p == null || !Number.isFinite(p)) return "–";
  if (p <= levels[0]) return `≤ ${pct(levels[0])}`;
  if (p >= levels[levels.length - 1]) return `≥ ${pct(levels[levels.length - 1])}`;
  return pct(p);
}
