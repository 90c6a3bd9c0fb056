// Tables of the forecast page, built as DOM (text nodes only: category and holiday names are data).
import {WEEKDAYS_EN, weekdayOf} from "../lib/calendar.js";
import {toCsv} from "../lib/csv.js";
import type {ModelName} from "../lib/forecast/backtest.js";
import type {AblationResult} from "../lib/forecast/search.js";
import {HORIZON_LABELS, MODEL_LABELS, STATUS_LABELS, metricOf, millionKrw, percent, thousandKrw, type CategoryArtifact, type ForecastArtifacts, type ForecastSeriesArtifact} from "./forecast-data.js";
import {chance, inSampleRmse, profileLink, type CoverageSummary, type DipReading, type TargetCheck} from "./forecast-eval.js";
import {REPORT_WEEKDAY_TABLE, WEEKDAYS} from "./forecast-report.js";
import type {RetrainResult} from "./forecast-retrain.js";

type Child = Node | string | number | null | undefined | false;

export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) e.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) e.append(typeof c === "number" ? String(c) : c);
  return e;
}

function table(head: Child[][], rows: Child[][], {className = "", classes, data}: {className?: string; classes?: (string | undefined)[][]; data?: Record<string, string>[]} = {}): HTMLElement {
  return h(
    "div",
    {class: "forecast-table-wrap"},
    h(
      "table",
      {class: `forecast-table ${className}`.trim()},
      h("thead", {}, ...head.map((r) => h("tr", {}, ...r.map((c) => (c instanceof HTMLElement && c.tagName === "TH" ? c : h("th", {}, c)))))),
      h("tbody", {}, ...rows.map((r, i) => h("tr", data?.[i] ?? {}, ...r.map((c, j) => h("td", {class: classes?.[i]?.[j]}, c)))))
    )
  );
}

const th = (text: Child, attrs: Record<string, string> = {}) => h("th", attrs, text);
const fixed = (v: number | null | undefined, d: number) => (v == null || !Number.isFinite(v) ? "–" : v.toFixed(d));
const krw = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? "–" : Math.round(v).toLocaleString("en-US"));
const name = (category: string, en: string) => h("span", {class: "ko"}, `${category} `, h("span", {class: "muted"}, en));
const mark = (pass: boolean | null) => h("span", {class: pass == null ? "muted" : pass ? "forecast-pass" : "forecast-miss"}, pass == null ? "not measurable" : pass ? "✓ met" : "✗ missed");

/** What the build could do with every main category, and why. */
export function StatusTable(a: ForecastArtifacts) {
  return table(
    [[th("category"), th("what the page shows"), th("days without sales"), th("why")]],
    a.categories.map((c) => [name(c.category, c.en), STATUS_LABELS[c.status], `${c.zeroDays} of ${c.days}`, c.reason]),
    {className: "forecast-status", data: a.categories.map((c) => ({"data-status": c.status}))}
  );
}

/** The report's seasonal-index table: Y, CMA and Y/CMA of the first days, then the 7 weekday indices (the report's own beside its category only). */
export function WeekdayTable(c: CategoryArtifact, {planted = null, firstDays = 8}: {planted?: readonly number[] | null; firstDays?: number} = {}) {
  const w = c.weekdayIndex!;
  const report = c.category === REPORT_WEEKDAY_TABLE.category ? REPORT_WEEKDAY_TABLE : null;
  // the report's first days sit beside ours only when the data start on the same day
  const days = report && w.rows[0]?.date === report.rows[0].date ? report : null;
  const rows = w.rows.slice(0, firstDays);
  const first = table(
    [[th("date"), th("weekday"), th("Y ours"), th("CMA ours"), th("Y ÷ CMA ours"), ...(days ? [th("Y report"), th("CMA report"), th("Y ÷ CMA report")] : [])]],
    rows.map((r, i) => {
      const p = days?.rows[i];
      const same = p && p.date === r.date;
      return [r.date, WEEKDAYS[r.weekday], krw(r.y), krw(r.cma), fixed(r.ratio, 5), ...(days ? [same ? krw(p.y) : "", same ? krw(p.cma) : "", same ? fixed(p.ratio, 5) : ""] : [])];
    }),
    {className: "forecast-weekday-days"}
  );
  const sum = (xs: readonly (number | null)[]) => xs.reduce((a: number, b) => a + (b ?? 0), 0);
  const second = table(
    [[th("weekday"), th("mean Y ÷ CMA ours"), th("index ours"), ...(report ? [th("mean report"), th("index report")] : []), ...(planted ? [th("planted (synthetic twin)")] : [])]],
    [
      ...WEEKDAYS.map((d, k) => [d, fixed(w.means[k], 3), fixed(w.indices[k], 5), ...(report ? [fixed(report.means[k], 3), fixed(report.indices[k], 5)] : []), ...(planted ? [fixed(planted[k], 5)] : [])]),
      [h("strong", {}, "total"), fixed(sum(w.means), 3), fixed(sum(w.indices), 3), ...(report ? [fixed(sum(report.means), 3), fixed(sum(report.indices), 3)] : []), ...(planted ? [fixed(sum(planted), 3)] : [])]
    ],
    {className: "forecast-weekday-index"}
  );
  return h("div", {class: "forecast-weekday"}, first, second);
}

export function AblationTable(ablation: AblationResult) {
  const best = ablation.best.join(" + ");
  return table(
    [[th("step"), th("inputs (the one added in bold)"), th("train loss"), th("validation loss"), th("best epoch"), th("kept")]],
    ablation.rows.map((r) => [r.step, h("span", {}, ...r.features.flatMap((f, i) => [i ? " + " : "", f === r.added ? h("strong", {}, f) : f])), percent(r.trainLoss, 3), percent(r.valLoss, 3), r.bestEpoch, r.kept ? (r.features.join(" + ") === best ? "✓ best" : "✓") : ""]),
    {className: "forecast-ablation", classes: ablation.rows.map((r) => Array(6).fill(r.kept ? "cell-hi" : undefined))}
  );
}

/** One category's held-out errors per model and horizon (over every evaluated week), beside the in-sample figures, labelled. */
export function MetricsTable(c: CategoryArtifact, a: ForecastArtifacts, {metric = "rmse"}: {metric?: "rmse" | "mae" | "mape"} = {}) {
  const ev = c.evaluation!;
  const fmt = metric === "mape" ? (v: number | null) => (v == null ? "–" : `${v.toFixed(1)}%`) : thousandKrw;
  const keys = ev.horizons.map((x) => x.key);
  // the report's in-sample LSTM figures sit beside our LSTM's in-sample one, so only where we have an LSTM
  const hasLstm = ev.models.includes("lstm");
  const report = hasLstm ? a.report.find((r) => r.category === c.category) : undefined;
  const rmse = metric === "rmse";
  const head = [[th("model"), ...keys.map((k) => th(`${HORIZON_LABELS[k]} ahead`)), ...(rmse && hasLstm ? [th("1 day, in-sample (ours)"), ...(report ? [th("in-sample, the report's published 1 day / 1 week / 1 month")] : [])] : [])]];
  const bestOf = (k: string) => Math.min(...ev.models.map((m) => metricOf(c, m, k, metric) ?? Infinity));
  const rows = ev.models.map((m) => {
    const isLstm = m === "lstm";
    const printed = report ? [report.rmse1Day, report.rmse1Week ?? report.rmseFullStep ?? null, report.rmse1Month].map((v) => (v == null ? "–" : Math.round(v).toLocaleString("en-US"))).join(" / ") : "";
    return [MODEL_LABELS[m], ...keys.map((k) => fmt(metricOf(c, m, k, metric))), ...(rmse && hasLstm ? [isLstm ? thousandKrw(inSampleRmse(c)) : "", ...(report ? [isLstm ? printed : ""] : [])] : [])];
  });
  const classes = ev.models.map((m) => ["", ...keys.map((k) => (metricOf(c, m, k, metric) != null && metricOf(c, m, k, metric) === bestOf(k) ? "cell-hi" : undefined))]);
  return table(head, rows, {className: "forecast-metrics", classes, data: ev.models.map((m) => ({"data-model": m}))});
}

/**
 * The model chosen per category and horizon, on the weeks before the last, and how it did on the last week.
 * When every category was chosen on the same weeks (one plan), those weeks are said once per horizon above
 * the table instead of in two columns repeated on every row.
 */
export function ChoiceTable(a: ForecastArtifacts) {
  type Choice = NonNullable<CategoryArtifact["evaluation"]>["choices"][number];
  const span = (ch: Choice) => (ch.chosenOn.windows ? `${ch.chosenOn.windows} weeks (${ch.chosenOn.from} – ${ch.chosenOn.to})` : "no week before the last");
  // per horizon, the weeks every category was chosen on and scored on; null once two categories differ
  const shared = new Map<string, {on: string; last: string} | null>();
  for (const ch of a.categories.flatMap((c) => c.evaluation?.choices ?? [])) {
    const w = {on: span(ch), last: ch.last.origin};
    const seen = shared.get(ch.horizon);
    shared.set(ch.horizon, seen === undefined || (seen && seen.on === w.on && seen.last === w.last) ? w : null);
  }
  const once = [...shared.values()].every((w) => w !== null);
  const rows: Child[][] = [];
  const data: Record<string, string>[] = [];
  for (const c of a.categories) {
    for (const ch of c.evaluation?.choices ?? []) {
      rows.push([
        ch === c.evaluation!.choices[0] ? name(c.category, c.en) : "",
        HORIZON_LABELS[ch.horizon],
        MODEL_LABELS[ch.chosen],
        ...(once ? [] : [span(ch), ch.last.origin]),
        thousandKrw(ch.last.chosenRmse),
        `${MODEL_LABELS[ch.last.baseline]} ${thousandKrw(ch.last.baselineRmse)}`,
        ch.rolling ? fixed(ch.rolling.ratio, 3) : "–",
        ch.rolling ? fixed(ch.rolling.hindsightRatio, 3) : "–"
      ]);
      data.push({"data-category": c.category, "data-horizon": ch.horizon, "data-chosen": ch.chosen});
    }
  }
  const t = table(
    [[th("category"), th("horizon"), th("chosen model"), ...(once ? [] : [th("weeks it was chosen on"), th("last week")]), th("its RMSE on the last window"), th("baseline chosen the same way, there"), th("chosen afresh each week ÷ baseline chosen so"), th("÷ best baseline in hindsight")]],
    rows,
    {className: "forecast-choices", data}
  );
  if (!once) return t;
  const note = [...shared.entries()].map(([k, w]) => `${HORIZON_LABELS[k]} ahead: chosen on ${w!.on}, scored on the last test window (from ${w!.last})`);
  return h("div", {}, h("p", {class: "muted", "data-choice-weeks": ""}, `${note.join("; ")}.`), t);
}

/** Each target with its verdict and, per category, the figure and the evidence. */
export function TargetsBlock(checks: TargetCheck[]) {
  return h(
    "div",
    {class: "forecast-targets-list"},
    ...checks.map((t) =>
      h(
        "details",
        {class: "forecast-target", "data-key": t.key, "data-pass": t.pass == null ? "na" : String(t.pass)},
        h("summary", {}, mark(t.pass), " ", h("strong", {}, t.title), h("br", {}), h("span", {class: "forecast-target-summary"}, t.summary)),
        t.rows.length ? table([[th("category"), th("figure"), th(""), th("evidence")]], t.rows.map((r) => [name(r.category, r.en), r.value, mark(r.pass), r.detail]), {className: "forecast-target-rows"}) : null
      )
    )
  );
}

export function CoverageTable(rows: CoverageSummary[], {level = 0.8}: {level?: number} = {}) {
  const keys = [...new Set(rows.flatMap((r) => r.horizons.map((x) => x.horizon)))];
  return table(
    // the nominal level is the same on every row: it is said once, in the first header
    [[th(`category (nominal ${percent(level)})`), ...keys.map((k) => th(`${HORIZON_LABELS[k]}: inside (adaptive) · fixed-level`)), th("all horizons"), th("mean width, 1 week (M KRW)"), th("mean Winkler score (M KRW)")]],
    rows.map((r) => {
      const week = r.horizons.find((x) => x.horizon === "1w") ?? r.horizons[0];
      return [
        name(r.category, r.en),
        ...keys.map((k) => {
          const x = r.horizons.find((y) => y.horizon === k);
          return x ? `${percent(x.rate)} (${x.covered}/${x.n}) · ${percent(x.split?.rate)}` : "–";
        }),
        `${percent(r.rate)} (${r.covered}/${r.n})`,
        millionKrw(week?.meanWidth),
        millionKrw(r.winkler)
      ];
    }),
    {className: "forecast-coverage", data: rows.map((r) => ({"data-category": r.category}))}
  );
}

/** What the holiday-break input changed over the break days, per category. */
export function BreakTable(a: ForecastArtifacts) {
  const rows: Child[][] = [];
  for (const c of a.categories) {
    for (const r of c.evaluation?.holidayBreak?.rows ?? []) {
      rows.push([r === c.evaluation!.holidayBreak!.rows[0] ? name(c.category, c.en) : "", MODEL_LABELS[r.model], HORIZON_LABELS[r.horizon], thousandKrw(r.without), thousandKrw(r.with), fixed(r.ratio, 2), r.n]);
    }
  }
  return table([[th("category"), th("model"), th("ahead"), th("RMSE without the input"), th("with it"), th("with ÷ without"), th("days")]], rows, {className: "forecast-break"});
}

export function DipTable(r: DipReading, {category, s, levels}: {category: string; s: ForecastSeriesArtifact; levels: readonly number[]}) {
  const cal = new Map(s.calendar.map((d) => [d.date, d]));
  const actual = r.source === "actual";
  return table(
    [[th("rank"), th("window"), th("days"), th("lowest ratio"), ...(actual ? [] : [th("chance below the threshold (lowest day · mean)")]), th("shortfall (Σ 1 − ratio)"), th("days off inside"), th("next step")]],
    r.windows.map((w) => {
      const off: string[] = [];
      for (const x of r.ratios) {
        const d = cal.get(x.date);
        if (x.date >= w.start && x.date <= w.end && d?.dayOff) off.push(`${x.date.slice(5)} ${d.nameEn ?? d.name}`);
      }
      return [
        w.rank,
        // one column, its dates on two lines: the table must fit beside the sidebar whatever the chances read
        w.end === w.start ? `${w.start} (${WEEKDAYS_EN[weekdayOf(w.start)]})` : h("span", {}, `${w.start} (${WEEKDAYS_EN[weekdayOf(w.start)]}) –`, h("br"), `${w.end} (${WEEKDAYS_EN[weekdayOf(w.end)]})`),
        w.days,
        fixed(w.minRatio, 2),
        ...(actual ? [] : [`${chance(w.probability, levels)} · ${chance(w.meanProbability, levels)}`]),
        fixed(w.shortfall, 2),
        off.join("; ") || "–",
        h("a", {href: profileLink(category, w.start), class: "forecast-dip-link"}, "target customers →")
      ];
    }),
    {className: "forecast-dips"}
  );
}

/** The in-browser re-run beside the build: RMSE per horizon and the LSTM's own interval coverage, same weeks. */
export function RerunTable(r: RetrainResult, c: CategoryArtifact | null, {level = 0.8}: {level?: number} = {}) {
  const keys = [...new Set(r.metrics.map((m) => m.horizon))];
  const mine = (k: string, m: ModelName = "lstm") => r.metrics.find((x) => x.model === m && x.horizon === k)?.rmse ?? null;
  const cov = (k: string) => r.coverage.find((x) => x.horizon === k && x.variant === "adaptive");
  const built = (k: string) => c?.evaluation?.coverage.find((x) => x.model === "lstm" && x.horizon === k && x.variant === "adaptive");
  return table(
    [[th("ahead"), th("re-run LSTM RMSE"), th("build's LSTM"), th("Holt-Winters"), th("seasonal naive"), th(`re-run: inside its ${percent(level)} range`), th("re-run: Winkler (M KRW)"), th("build's LSTM: inside")]],
    keys.map((k) => [
      HORIZON_LABELS[k],
      thousandKrw(mine(k)),
      c ? thousandKrw(metricOf(c, "lstm", k)) : "not built",
      thousandKrw(mine(k, "holtWinters")),
      thousandKrw(mine(k, "seasonalNaive")),
      cov(k) ? `${percent(cov(k)!.rate)} (${cov(k)!.covered}/${cov(k)!.n})` : "–",
      millionKrw(cov(k)?.winkler),
      built(k) ? `${percent(built(k)!.rate)} (${built(k)!.covered}/${built(k)!.n})` : "–"
    ]),
    {className: "forecast-rerun-table", data: keys.map((k) => ({"data-horizon": k}))}
  );
}

/** The re-run LSTM's error over the test weeks' holiday-break days, beside the build's with and without the break input. */
export function RerunBreakNote(r: RetrainResult, c: CategoryArtifact | null): HTMLElement | null {
  const b = r.holidayBreak;
  if (!b) return null;
  const built = (k: string) => c?.evaluation?.holidayBreak?.rows.find((x) => x.model === "lstm" && x.horizon === k);
  const parts = b.rows.map((x) => {
    const y = built(x.horizon);
    return `${HORIZON_LABELS[x.horizon]} ahead ${thousandKrw(x.rmse)}${y ? ` (the build's: ${thousandKrw(y.with)} with the break input, ${thousandKrw(y.without)} without)` : ""}`;
  });
  return h("p", {id: "forecast-rerun-break"}, `Over the ${b.days.length} holiday-break days of the test weeks (${b.days[0]} – ${b.days[b.days.length - 1]}), the re-run LSTM's RMSE, thousand KRW: ${parts.join("; ")}.${r.settings.features.includes("holidayBreak") ? "" : " This re-run does not read the break input, so the break share does not move its LSTM."}`);
}

/** One category's forecasts as CSV rows: whole KRW (no float noise), held-out and after the data. */
export function forecastCsv(c: CategoryArtifact): string {
  const rows: Record<string, unknown>[] = [];
  const round = (v: number | null | undefined) => (v == null || !Number.isFinite(v) ? null : Math.round(v));
  for (const x of c.evaluation?.heldOut ?? []) {
    x.targets.forEach((t, i) => rows.push({category: c.category, date: t, made_on: x.origins[i], horizon: x.horizon, model: x.model, forecast: round(x.predicted[x.model]?.[i]), lower_80: round(x.lower[i]), upper_80: round(x.upper[i]), actual: round(x.actual[i])}));
  }
  const f = c.forecast;
  if (f) f.dates.forEach((d, i) => rows.push({category: c.category, date: d, made_on: null, horizon: `${i + 1}d`, model: f.model, forecast: round(f.predicted[i]), lower_80: round(f.lower[i]), upper_80: round(f.upper[i]), actual: null}));
  return "\ufeff" + toCsv(rows, {columns: ["category", "date", "made_on", "horizon", "model", "forecast", "lower_80", "upper_80", "actual"]});
}

/** A download button for text made on click. */
export function DownloadButton(label: string, file: string, make: () => string, {id}: {id?: string} = {}) {
  const button = h("button", {type: "button", id}, label) as HTMLButtonElement;
  button.addEventListener("click", () => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([make()], {type: "text/csv;charset=utf-8"}));
    a.download = file;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  });
  return button;
}
