// The in-browser re-run: choose a category the LSTM can train on, inputs, window, epochs, seed and
// refits; train with a progress bar and a cancel button. The element is a Framework view: its value
// is the latest finished run, and null again after a failed one.
import {BACKTEST_DEFAULTS} from "../lib/forecast/backtest.js";
import {BREAK_DEFAULTS} from "../lib/forecast/breaks.js";
import {ALL_FEATURES, type Feature} from "../lib/forecast/features.js";
import {FAST_LSTM, REPORT_LSTM, type TF} from "../lib/forecast/lstm.js";
import type {ConformalOptions} from "../lib/forecast/conformal.js";
import {dailySeries, missingFlags, type ForecastSeriesArtifact, type HolidayField} from "./forecast-data.js";
import {retrain, retrainable, type RetrainOptions, type RetrainResult} from "./forecast-retrain.js";
import {h} from "./forecast-tables.js";

export interface RerunValue {
  category: string;
  backend: string;
  setup: "fast" | "report";
  result: RetrainResult;
}

export interface RerunPanelOptions {
  tf: TF;
  initTf: () => Promise<string>;
  category?: string;
  features?: readonly Feature[];
  window?: number;
  exogenousLead?: 0 | 1;
  holidayField?: HolidayField;
  /** the build's plan and status settings (the re-run is tested on the build's weeks) */
  plan?: RetrainOptions["plan"];
  intervals?: ConformalOptions;
  /** the build's assumed share of a normal day's sales on a break day */
  breakShare?: number;
  /** the build's level correction: days of one-step errors that shift each LSTM path (0: none) */
  levelCorrection?: number;
}

const FEATURE_LABELS: Record<Feature, string> = {
  revenue: "revenue 매출액",
  precipitation: "precipitation 강수량",
  temperature: "mean temperature 평균기온",
  holiday: "holiday 공휴일",
  seasonalIndex: "seasonal index 계절지수",
  holidayBreak: "holiday shipping break 연휴 배송 중단"
};

function integerIn(input: HTMLInputElement, name: string, min: number, max: number): number {
  const v = Number(input.value);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`invalid ${name}: ${JSON.stringify(input.value)} (a whole number from ${min} to ${max})`);
  return v;
}

/** Why an input cannot be chosen on these data ("" when it can). */
function unavailable(s: ForecastSeriesArtifact, f: Feature): string {
  if ((f === "precipitation" || f === "temperature") && !s.inputs.weather) return "no weather for this period";
  if (f === "holiday" && !s.inputs.holidays) return "holidays unknown for this period";
  if (f === "holidayBreak" && !s.breaks) return "holidays unknown for this period";
  return "";
}

export function RerunPanel(s: ForecastSeriesArtifact, options: RerunPanelOptions): HTMLElement & {value: RerunValue | null} {
  const {tf, initTf, exogenousLead = 1, holidayField = "dayOff", plan} = options;
  const select = h("select", {id: "forecast-rerun-category"}) as HTMLSelectElement;
  const reasons = new Map<string, string>();
  const flags = s.missing.length ? missingFlags(s) : undefined;
  for (const x of s.series) {
    const r = retrainable({revenue: x.revenue, missing: flags}, plan);
    if (!r.ok) reasons.set(x.category, r.reason);
    const option = h("option", {value: x.category}, `${x.category} · ${x.en}${r.ok ? "" : " — cannot train"}`) as HTMLOptionElement;
    option.disabled = !r.ok;
    select.append(option);
  }
  const first = s.series.find((x) => !reasons.has(x.category))?.category;
  select.value = options.category && s.series.some((x) => x.category === options.category) && !reasons.has(options.category) ? options.category : first ?? "";
  const chosen = new Set(options.features ?? ALL_FEATURES);
  const boxes = ALL_FEATURES.map((f) => {
    const why = unavailable(s, f);
    const box = h("input", {type: "checkbox", name: "feature", value: f}) as HTMLInputElement;
    box.checked = !why && (chosen.has(f) || f === "revenue");
    box.disabled = f === "revenue" || !!why;
    return {f, box, label: h("label", {class: "forecast-rerun-feature"}, box, ` ${FEATURE_LABELS[f]}`, why ? h("span", {class: "muted"}, ` (${why})`) : null)};
  });
  const number = (id: string, value: number, min: number, max: number) => h("input", {id, type: "number", value: String(value), min: String(min), max: String(max), step: "1", inputmode: "numeric"}) as HTMLInputElement;
  const windowInput = number("forecast-rerun-window", options.window ?? 7, 1, 28);
  const epochsInput = number("forecast-rerun-epochs", FAST_LSTM.epochs, 1, 2000);
  const seedInput = number("forecast-rerun-seed", FAST_LSTM.seed, 0, 2 ** 31 - 1);
  const shareInput = number("forecast-rerun-break-share", Math.round((options.breakShare ?? BREAK_DEFAULTS.salesShare) * 100), 10, 200);
  const refit = h("select", {id: "forecast-rerun-refit"}, h("option", {value: "once"}, "once, before the first forecast (fast)"), h("option", {value: "weekly"}, "every week, as the build (slower)")) as HTMLSelectElement;
  const scaling = h("select", {id: "forecast-rerun-scale"}, h("option", {value: "minmax"}, "min-max over the training days (the build's)"), h("option", {value: "window"}, "each window's mean")) as HTMLSelectElement;
  const correctionDays = options.levelCorrection || BACKTEST_DEFAULTS.levelCorrection;
  const correction = h(
    "select",
    {id: "forecast-rerun-correction"},
    h("option", {value: String(correctionDays)}, `last ${correctionDays} days' misses${options.levelCorrection === 0 ? "" : " (the build's)"}`),
    h("option", {value: "0", ...(options.levelCorrection === 0 ? {selected: ""} : {})}, `none${options.levelCorrection === 0 ? " (the build's)" : ""}`)
  ) as HTMLSelectElement;
  const reportSetup = h("input", {type: "checkbox", id: "forecast-rerun-report"}) as HTMLInputElement;
  const train = h("button", {id: "forecast-rerun-train", type: "button"}, "Train in this browser") as HTMLButtonElement;
  const cancel = h("button", {id: "forecast-rerun-cancel", type: "button", disabled: ""}, "Cancel") as HTMLButtonElement;
  const progress = h("progress", {id: "forecast-rerun-progress", max: "1", value: "0"}) as HTMLProgressElement;
  const status = h("span", {id: "forecast-rerun-status", class: "muted", role: "status"}, first ? "Not run yet." : "No category here has enough days with sales for the LSTM.");
  const why = h("p", {id: "forecast-rerun-why", class: "muted"});
  const explain = () => {
    const excluded = [...reasons.entries()];
    why.textContent = excluded.length ? `Not offered (${excluded.length}): ${excluded.slice(0, 4).map(([c, r]) => `${c}: ${r}`).join("; ")}${excluded.length > 4 ? "; …" : ""}.` : "";
  };
  explain();
  train.disabled = !first;
  const field = (label: string, input: HTMLElement, note?: string) => h("label", {class: "forecast-rerun-field"}, h("span", {}, label), input, note ? h("span", {class: "muted"}, note) : null);

  const panel = h(
    "div",
    {class: "forecast-rerun", id: "forecast-rerun"},
    field("Category 상품군", select),
    why,
    h("fieldset", {class: "forecast-rerun-features"}, h("legend", {}, "Inputs"), ...boxes.map((b) => b.label)),
    h(
      "div",
      {class: "forecast-rerun-numbers"},
      field("Window (days)", windowInput),
      field("Max epochs", epochsInput, `stops after ${FAST_LSTM.patience} without improvement`),
      field("Seed", seedInput),
      s.breaks ? field("Break share (%)", shareInput, "a holiday-break day's sales as a share of a normal day's, assumed until the training holds a break") : null,
      field("Refit", refit),
      field("Revenue scaling", scaling, "each window's mean: the network learns sales relative to the days it reads"),
      field("Level correction", correction, "each forecast path moved by the network's mean one-day miss over the days before it")
    ),
    h("label", {class: "forecast-rerun-feature"}, reportSetup, ` the report's setup instead (${REPORT_LSTM.units} units, batch ${REPORT_LSTM.batchSize}, Adam ${REPORT_LSTM.learningRate}, no early stopping; set ${REPORT_LSTM.epochs} epochs to match it) — slow`),
    h("div", {class: "forecast-rerun-actions"}, train, cancel, progress, status)
  ) as HTMLDivElement & {value: RerunValue | null};
  panel.value = null;
  // the controls' own input events would reach Framework's view as if a run had finished
  panel.addEventListener("input", (e) => {
    if (e.target !== panel) e.stopImmediatePropagation();
  });
  const publish = (value: RerunValue | null) => {
    panel.value = value;
    panel.dispatchEvent(new Event("input", {bubbles: true}));
  };

  let controller: AbortController | null = null;
  cancel.addEventListener("click", () => controller?.abort());
  train.addEventListener("click", async () => {
    if (controller) return;
    let settings: {window: number; epochs: number; seed: number};
    let salesShare: number;
    try {
      settings = {window: integerIn(windowInput, "window", 1, 28), epochs: integerIn(epochsInput, "epochs", 1, 2000), seed: integerIn(seedInput, "seed", 0, 2 ** 31 - 1)};
      salesShare = s.breaks ? integerIn(shareInput, "break share", 10, 200) / 100 : BREAK_DEFAULTS.salesShare;
    } catch (error) {
      status.textContent = `Failed: ${(error as Error).message}`;
      if (panel.value) publish(null);
      return;
    }
    const category = select.value;
    const features = boxes.filter((b) => b.box.checked).map((b) => b.f);
    const mode = refit.value === "weekly" ? "weekly" : "once";
    controller = new AbortController();
    const {signal} = controller;
    train.disabled = true;
    cancel.disabled = false;
    progress.max = settings.epochs;
    progress.value = 0;
    status.textContent = "Starting TensorFlow.js…";
    let epochSeen = 0;
    let lastYield = performance.now();
    try {
      const backend = await initTf();
      const result = await retrain(tf, dailySeries(s, category, holidayField, features), {
        ...settings,
        features,
        exogenousLead,
        refit: mode,
        revenueScale: scaling.value === "window" ? "window" : "minmax",
        levelCorrection: Number(correction.value),
        plan,
        intervals: options.intervals,
        breaks: s.breaks && {...s.breaks, salesShare},
        lstm: reportSetup.checked ? REPORT_LSTM : undefined,
        signal,
        onEpoch: async (info) => {
          epochSeen = info.epoch;
          progress.max = info.refits * info.epochs;
          progress.value = (info.refit - 1) * info.epochs + info.epoch;
          status.textContent = `training ${info.refit} of ${info.refits}, epoch ${info.epoch} / ${info.epochs} · train loss ${info.loss.toExponential(2)}${info.valLoss == null ? "" : ` · validation ${info.valLoss.toExponential(2)}`}`;
          // training never yields on its own: give the page a frame for the bar and the cancel button
          if (performance.now() - lastYield > 30) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = performance.now();
          }
        }
      });
      progress.value = progress.max;
      const t = result.training;
      status.textContent = `Done in ${(result.ms / 1000).toFixed(1)} s on ${backend}: ${t.refits} training${t.refits === 1 ? "" : "s"}, ${t.epochsRun} epochs${t.stoppedEarly ? " (the last stopped early)" : ""}.`;
      publish({category, backend, setup: reportSetup.checked ? "report" : "fast", result});
    } catch (error) {
      if (signal.aborted) {
        status.textContent = `Cancelled at epoch ${epochSeen}.`;
      } else {
        status.textContent = `Failed: ${(error as Error).message}. The previous result was cleared.`;
        publish(null);
      }
    } finally {
      controller = null;
      train.disabled = false;
      cancel.disabled = true;
    }
  });
  return panel;
}
