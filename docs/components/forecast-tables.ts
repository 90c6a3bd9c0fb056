// Tables of the forecast page, built as DOM (text nodes only: category and holiday names are data).
import {WEEKDAYS_EN, weekdayOf} from "../lib/calendar.js";
import type {AblationResult} from "../lib/forecast/search.js";
import type {ModelName} from "../lib/forecast/backtest.js";
import {HORIZON_LABELS, MODEL_LABELS, metricOf, millionKrw, percent, thousandKrw, type CategoryArtifact, type ForecastArtifacts, type ForecastSeriesArtifact} from "./forecast-data.js";
import {inSampleRmse, profileLink, type CoverageSummary, type DipReading, type TargetCheck} from "./forecast-eval.js";
import {REPORT_WEEKDAY_TABLE, WEEKDAYS} from "./forecast-report.js";
import type {RetrainResult} from "./forecast-retrain.js";

type Child = Node | string | number | null | undefined | false;

export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(typeof c === "number" ? String(c) : c);
  return e;
}

function table(head: Child[][], rows: Child[][], {className = "", classes}: {className?: string; classes?: (string | undefined)[][]} = {}): HTMLElement {
  return h(
    "div",
    {class: "forecast-table-wrap"},
    h(
      "table",
      {class: `forecast-table ${className}`.trim()},
      h("thead", {}, ...head.map((r) => h("tr", {}, ...r.map((c) => (c instanceof HTMLElement && c.tagName === "TH" ? c : h("th", {}, c)))))),
      h("tbody", {}, ...rows.map((r, i) => h("tr", {}, ...r.map((c, j) => h("td", {class: classes?.[i]?.[j]}, c)))))
    )
  );
}

const th = (text: Child, attrs: Record<string, string> = {}) => h("th", attrs, text);
const fixed = (v: number | null | undefined, d: number) => (v == null || !Number.isFinite(v) ? "–" : v.toFixed(d));
const krw = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? "–" : Math.round(v).toLocaleString("en-US"));

/** The report's seasonal-index table: Y, CMA and Y/CMA of the first days, then the 7 weekday indices. */
export function WeekdayTable(c: CategoryArtifact, {planted = null, firstDays = 8}: {planted?: readonly number[] | null; firstDays?: number} = {}) {
  const report = c.category === REPORT_WEEKDAY_TABLE.category ? REPORT_WEEKDAY_TABLE : null;
  const rows = c.weekdayIndex.rows.slice(0, firstDays);
  const first = table(
    [[th("date"), th("weekday"), th("Y ours"), th("CMA ours"), th("Y ÷ CMA ours"), ...(report ? [th("Y report"), th("CMA report"), th("Y ÷ CMA report")] : [])]],
    rows.map((r, i) => {
      const p = report?.rows[i];
      const same = p && p.date === r.date;
      return [r.date, WEEKDAYS[r.weekday], krw(r.y), krw(r.cma), fixed(r.ratio, 5), ...(report ? [same ? krw(p.y) : "", same ? krw(p.cma) : "", same ? fixed(p.ratio, 5) : ""] : [])];
    }),
    {className: "forecast-weekday-days"}
  );
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const idx = c.weekdayIndex;
  const second = table(
    [[th("weekday"), th("mean Y ÷ CMA ours"), th("index ours"), ...(report ? [th("mean report"), th("index report")] : []), ...(planted ? [th("planted (synthetic twin)")] : [])]],
    [
      ...WEEKDAYS.map((w, k) => [w, fixed(idx.means[k], 3), fixed(idx.indices[k], 5), ...(report ? [fixed(report.means[k], 3), fixed(report.indices[k], 5)] : []), ...(planted ? [fixed(planted[k], 5)] : [])]),
      [h("strong", {}, "total"), fixed(sum(idx.means), 3), fixed(sum(idx.indices), 3), ...(report ? [fixed(sum(report.means), 3), fixed(sum(report.indices), 3)] : []), ...(planted ? [fixed(sum(planted), 3)] : [])]
    ],
    {className: "forecast-weekday-index"}
  );
  return h("div", {class: "forecast-weekday"}, first, second);
}

export function AblationTable(ablation: AblationResult) {
  const best = ablation.best.join(" + ");
  return table(
    [[th("step"), th("inputs"), th("added"), th("train loss"), th("validation loss"), th("best epoch"), th("kept")]],
    ablation.rows.map((r) => [r.step, r.features.join(" + "), r.added ?? "–", percent(r.trainLoss, 3), percent(r.valLoss, 3), r.bestEpoch, r.kept ? (r.features.join(" + ") === best ? "✓ best" : "✓") : ""]),
    {className: "forecast-ablation", classes: ablation.rows.map((r) => Array(7).fill(r.kept ? "cell-hi" : undefined))}
  );
}

const HORIZONS = ["1d", "1w", "1m"];

/** Errors per category and model: our rolling-origin backtest, our in-sample 1-step fit and the report's in-sample RMSEs. */
export function MetricsTable(a: ForecastArtifacts, {metric = "rmse"}: {metric?: "rmse" | "mae" | "mape"} = {}) {
  const fmt = metric === "mape" ? (v: number | null) => (v == null ? "–" : `${v.toFixed(1)}%`) : thousandKrw;
  const rmse = metric === "rmse";
  const models = a.settings.models as readonly ModelName[];
  const head = [
    [th("category"), th("model"), th(`backtest, held out (ours) — ${metric.toUpperCase()}${metric === "mape" ? "" : ", thousand KRW"}`, {colspan: "3"}), ...(rmse ? [th("in-sample (ours)"), th("in-sample (report, published)", {colspan: "3"})] : [])],
    [th(""), th(""), ...HORIZONS.map((k) => th(HORIZON_LABELS[k])), ...(rmse ? [th("1 day"), th("1 day"), th("1 week"), th("1 month")] : [])]
  ];
  const rows: Child[][] = [];
  const classes: (string | undefined)[][] = [];
  for (const c of a.categories) {
    const report = a.report.find((r) => r.category === c.category);
    const bestOf = (k: string) => Math.min(...models.map((m) => metricOf(c, m, k, metric) ?? Infinity));
    models.forEach((m, i) => {
      const values = HORIZONS.map((k) => metricOf(c, m, k, metric));
      const lstm = m === "lstm";
      rows.push([
        i === 0 ? h("span", {class: "ko"}, `${c.category} `, h("span", {class: "muted"}, c.en)) : "",
        MODEL_LABELS[m],
        ...values.map(fmt),
        ...(rmse
          ? lstm
            ? [thousandKrw(inSampleRmse(c)), report ? report.rmse1Day.toLocaleString("en-US") : "–", report?.rmse1Week?.toLocaleString("en-US") ?? (report?.rmseFullStep ? `${Math.round(report.rmseFullStep).toLocaleString("en-US")} (full-step)` : "–"), report?.rmse1Month?.toLocaleString("en-US") ?? "–"]
            : ["", "", "", ""]
          : [])
      ]);
      classes.push(["", "", ...values.map((v, j) => (v != null && v === bestOf(HORIZONS[j]) ? "cell-hi" : undefined))]);
    });
  }
  return table(head, rows, {className: "forecast-metrics", classes});
}

export function TargetsTable(checks: TargetCheck[]) {
  const [hw, sn] = [checks[0]?.results[0], checks[0]?.results[1]];
  const mark = (pass: boolean) => h("span", {class: pass ? "forecast-pass" : "forecast-miss"}, pass ? "✓ met" : "✗ missed");
  return table(
    [[th("category"), th("LSTM 1-week RMSE (thousand KRW)"), th("Holt-Winters"), th("LSTM ÷ HW"), th(`≤ ${hw?.max ?? 0.9}`), th("seasonal naive"), th("LSTM ÷ SN"), th(`≤ ${sn?.max ?? 0.8}`)]],
    checks.map((t) => [
      h("span", {class: "ko"}, `${t.category} `, h("span", {class: "muted"}, t.en)),
      thousandKrw(t.lstm),
      ...t.results.flatMap((r) => [thousandKrw(r.baseline), fixed(r.ratio, 2), mark(r.pass)])
    ]),
    {className: "forecast-targets"}
  );
}

export function CoverageTable(rows: CoverageSummary[]) {
  const bands = rows[0]?.bands ?? [];
  return table(
    [[th("category"), th("covered"), th("coverage"), ...bands.map((b) => th(b.fromStep === b.toStep ? `step ${b.fromStep}` : `steps ${b.fromStep}–${b.toStep}`)), th("1-step band width"), th("1-step errors, 10–90% range")]],
    rows.map((r) => [
      h("span", {class: "ko"}, `${r.category} `, h("span", {class: "muted"}, r.en)),
      `${r.covered} / ${r.n}`,
      percent(r.rate),
      ...r.bands.map((b) => `${percent(b.rate)} (${b.n})`),
      `${millionKrw(r.oneStepBandWidth)} M`,
      `${millionKrw(r.oneStepErrorRange)} M`
    ]),
    {className: "forecast-coverage"}
  );
}

export function DipTable(r: DipReading, {category, s}: {category: string; s: ForecastSeriesArtifact}) {
  const cal = new Map(s.calendar.map((d) => [d.date, d]));
  return table(
    [[th("rank"), th("from"), th("to"), th("days"), th("lowest ratio"), th("mean ratio"), th("shortfall (Σ 1 − ratio)"), th("days off inside"), th("next step")]],
    r.windows.map((w) => {
      const off: string[] = [];
      for (const x of r.ratios) {
        const d = cal.get(x.date);
        if (x.date >= w.start && x.date <= w.end && d?.dayOff) off.push(`${x.date.slice(5)} ${d.nameEn ?? d.name}`);
      }
      return [
        w.rank,
        `${w.start} (${WEEKDAYS_EN[weekdayOf(w.start)]})`,
        `${w.end} (${WEEKDAYS_EN[weekdayOf(w.end)]})`,
        w.days,
        fixed(w.minRatio, 2),
        fixed(w.meanRatio, 2),
        fixed(w.shortfall, 2),
        off.join("; ") || "–",
        h("a", {href: profileLink(category, w.start), class: "forecast-dip-link"}, "target customers → profile step 1")
      ];
    }),
    {className: "forecast-dips"}
  );
}

/** The in-browser re-run beside the build-time model and the baselines on the same held-out days. */
export function RerunTable(r: RetrainResult, c: CategoryArtifact | null) {
  const base = (m: "holtWinters" | "seasonalNaive", k: string) => r.baselines?.find((b) => b.model === m && b.horizon === k)?.rmse ?? null;
  return table(
    [[th("RMSE, thousand KRW"), th("re-run (one training)"), th("build-time LSTM (weekly refits)"), th("Holt-Winters"), th("seasonal naive"), th("re-run ÷ HW"), th("re-run ÷ SN")]],
    HORIZONS.map((k) => {
      const mine = r.metrics[k as keyof RetrainResult["metrics"]].rmse;
      return [HORIZON_LABELS[k], thousandKrw(mine), c ? thousandKrw(metricOf(c, "lstm", k)) : "not built", thousandKrw(base("holtWinters", k)), thousandKrw(base("seasonalNaive", k)), fixed(mine / (base("holtWinters", k) ?? NaN), 2), fixed(mine / (base("seasonalNaive", k) ?? NaN), 2)];
    }),
    {className: "forecast-rerun-table"}
  );
}
