// The in-browser re-train: choose a category, inputs, window, epochs and seed; train with a progress
// bar and a cancel button. The element is a Framework view: its value is the latest finished run.
import {FEATURES, type Feature} from "../lib/forecast/features.js";
import {FAST_LSTM, REPORT_LSTM, type TF} from "../lib/forecast/lstm.js";
import {dailySeries, type ForecastSeriesArtifact, type HolidayField} from "./forecast-data.js";
import {retrain, type RetrainResult} from "./forecast-retrain.js";
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
  evalDays?: number;
  holidayField?: HolidayField;
  /** categories the build trained (marked in the list) */
  built?: readonly string[];
}

const FEATURE_LABELS: Record<Feature, string> = {
  revenue: "revenue 매출액",
  precipitation: "precipitation 강수량",
  temperature: "mean temperature 평균기온",
  holiday: "holiday 공휴일",
  seasonalIndex: "seasonal index 계절지수"
};

function integerIn(input: HTMLInputElement, name: string, min: number, max: number): number {
  const v = Number(input.value);
  if (!Number.isInteger(v) || v < min || v > max) throw new Error(`invalid ${name}: ${JSON.stringify(input.value)} (a whole number from ${min} to ${max})`);
  return v;
}

export function RerunPanel(s: ForecastSeriesArtifact, options: RerunPanelOptions): HTMLElement & {value: RerunValue | null} {
  const {tf, initTf, evalDays = 28, exogenousLead = 1, holidayField = "dayOff", built = []} = options;
  const select = h("select", {id: "forecast-rerun-category"}) as HTMLSelectElement;
  for (const x of s.series) {
    const note = x.zeroDays ? ` — ${x.zeroDays} days without sales` : built.includes(x.category) ? "" : " — not in the build";
    select.append(h("option", {value: x.category}, `${x.category} · ${x.en}${note}`));
  }
  select.value = options.category && s.series.some((x) => x.category === options.category) ? options.category : s.series[0].category;
  const chosen = new Set(options.features ?? FEATURES);
  const boxes = FEATURES.map((f) => {
    const box = h("input", {type: "checkbox", name: "feature", value: f}) as HTMLInputElement;
    box.checked = chosen.has(f) || f === "revenue";
    box.disabled = f === "revenue";
    return {f, box, label: h("label", {class: "forecast-rerun-feature"}, box, ` ${FEATURE_LABELS[f]}`)};
  });
  const number = (id: string, value: number, min: number, max: number) => h("input", {id, type: "number", value: String(value), min: String(min), max: String(max), step: "1"}) as HTMLInputElement;
  const windowInput = number("forecast-rerun-window", options.window ?? 7, 1, 28);
  const epochsInput = number("forecast-rerun-epochs", FAST_LSTM.epochs, 1, 2000);
  const seedInput = number("forecast-rerun-seed", FAST_LSTM.seed, 0, 2 ** 31 - 1);
  const reportSetup = h("input", {type: "checkbox", id: "forecast-rerun-report"}) as HTMLInputElement;
  const train = h("button", {id: "forecast-rerun-train", type: "button"}, "Train in this browser") as HTMLButtonElement;
  const cancel = h("button", {id: "forecast-rerun-cancel", type: "button", disabled: ""}, "Cancel") as HTMLButtonElement;
  const progress = h("progress", {id: "forecast-rerun-progress", max: "1", value: "0"}) as HTMLProgressElement;
  const status = h("span", {id: "forecast-rerun-status", class: "muted", role: "status"}, "Not run yet.");
  const field = (label: string, input: HTMLElement, note?: string) => h("label", {class: "forecast-rerun-field"}, h("span", {}, label), input, note ? h("span", {class: "muted"}, note) : null);

  const panel = h(
    "div",
    {class: "forecast-rerun", id: "forecast-rerun"},
    field("Category 상품군", select),
    h("fieldset", {class: "forecast-rerun-features"}, h("legend", {}, "Inputs"), ...boxes.map((b) => b.label)),
    h(
      "div",
      {class: "forecast-rerun-numbers"},
      field("Window (days)", windowInput),
      field("Max epochs", epochsInput, `early stop after ${FAST_LSTM.patience} without improvement`),
      field("Seed", seedInput)
    ),
    h("label", {class: "forecast-rerun-feature"}, reportSetup, ` the report's setup instead (${REPORT_LSTM.units} units, batch ${REPORT_LSTM.batchSize}, Adam ${REPORT_LSTM.learningRate}, no early stopping, no validation split; set ${REPORT_LSTM.epochs} epochs to match it) — slow`),
    h("div", {class: "forecast-rerun-actions"}, train, cancel, progress, status)
  ) as HTMLDivElement & {value: RerunValue | null};
  panel.value = null;
  // the controls' own input events would reach Framework's view as if a run had finished
  panel.addEventListener("input", (e) => {
    if (e.target !== panel) e.stopImmediatePropagation();
  });

  let controller: AbortController | null = null;
  cancel.addEventListener("click", () => controller?.abort());
  train.addEventListener("click", async () => {
    if (controller) return;
    let settings: {window: number; epochs: number; seed: number};
    try {
      settings = {window: integerIn(windowInput, "window", 1, 28), epochs: integerIn(epochsInput, "epochs", 1, 2000), seed: integerIn(seedInput, "seed", 0, 2 ** 31 - 1)};
    } catch (error) {
      status.textContent = (error as Error).message;
      return;
    }
    const category = select.value;
    const features = boxes.filter((b) => b.box.checked).map((b) => b.f);
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
      const result = await retrain(tf, dailySeries(s, category, holidayField), {
        ...settings,
        features,
        evalDays,
        exogenousLead,
        lstm: reportSetup.checked ? REPORT_LSTM : undefined,
        signal,
        onEpoch: async (info) => {
          epochSeen = info.epoch;
          progress.max = info.epochs;
          progress.value = info.epoch;
          status.textContent = `epoch ${info.epoch} / ${info.epochs} · train loss ${info.loss.toExponential(2)}${info.valLoss == null ? "" : ` · validation ${info.valLoss.toExponential(2)}`}`;
          // training never yields on its own: give the page a frame for the bar and the cancel button
          if (performance.now() - lastYield > 30) {
            await new Promise((resolve) => setTimeout(resolve, 0));
            lastYield = performance.now();
          }
        }
      });
      progress.value = progress.max;
      const t = result.training;
      status.textContent = `Done in ${(result.ms / 1000).toFixed(1)} s on ${backend}: ${t.epochsRun} epochs${t.stoppedEarly ? " (stopped early)" : ""}, weights of epoch ${t.bestEpoch}, ${t.trainSamples} training + ${t.valSamples} validation windows.`;
      panel.value = {category, backend, setup: reportSetup.checked ? "report" : "fast", result};
      panel.dispatchEvent(new Event("input", {bubbles: true}));
    } catch (error) {
      status.textContent = signal.aborted ? `Cancelled at epoch ${epochSeen}.` : `Failed: ${(error as Error).message}`;
    } finally {
      controller = null;
      train.disabled = false;
      cancel.disabled = true;
    }
  });
  return panel;
}
