// The 333 thresholds as the reader sets them. Each amount or day count has a slider (on the cube's grid)
// and a box that takes any value; the box always ends up showing the value the results use, and a typed
// value that cannot be used says why instead of being dropped silently.
import {html} from "../vendor/htl.js";
import type {CubeOptions} from "../lib/value/cube.js";
import type {ValueThresholds} from "../lib/value/rules.js";
import {lastMonthsLabel, monthsBackLabel, type StudyPeriod} from "../lib/period.js";
import {won} from "../lib/format.js";

type Input<T> = HTMLElement & {value: T};

export type NumericKey = "gapDays" | "m2" | "m3" | "rfCut";

export interface NumericSpec {
  key: NumericKey;
  label: string;
  unit: "KRW" | "days" | "";
  /** the slider's range and step (the cube's grid) */
  slider: {min: number; max: number; step: number};
  /** what a typed value may be */
  min: number;
  max: number;
  integer: boolean;
  /** why the range is what it is, said when a typed value is refused */
  rule: string;
}

export function numericSpecs(cube: Readonly<CubeOptions>): NumericSpec[] {
  const amount = (key: "m2" | "m3", label: string): NumericSpec => ({
    key, label, unit: "KRW", slider: {min: 0, max: cube.cap, step: cube.step}, min: 0, max: 1e12, integer: true, rule: "an amount in whole won, from ₩0"
  });
  return [
    {key: "gapDays", label: "F = 3 when the mean gap between purchase days is at most", unit: "days", slider: {min: 0, max: cube.gapCap, step: 1}, min: 0, max: 10_000, integer: false, rule: "a number of days, from 0"},
    amount("m2", "M = 2 from a total spend of"),
    amount("m3", "M = 3 from a total spend of"),
    {key: "rfCut", label: "Engagement E = 1 when R + F is at most", unit: "", slider: {min: 2, max: 6, step: 1}, min: 2, max: 6, integer: true, rule: "a whole number from 2 to 6 (R + F ranges over 2 … 6)"}
  ];
}

export type Parsed = {ok: true; value: number} | {ok: false; message: string};

const GROUPED = /^\d{1,3}(,\d{3})+(\.\d+)?$/;
const PLAIN = /^\d+(\.\d+)?$/;

/** A typed threshold: digits with optional thousands separators, "₩", spaces and a unit word; checked against the spec. */
export function parseThreshold(text: string, spec: NumericSpec): Parsed {
  const t = text.trim().replace(/^₩\s*/, "").replace(/\s*(krw|원|days?|일)$/i, "").trim();
  if (t === "") return {ok: false, message: `Type ${spec.rule}.`};
  if (t.startsWith("-")) return {ok: false, message: `“${text.trim()}” is not ${spec.rule}.`};
  if (!(GROUPED.test(t) || PLAIN.test(t))) return {ok: false, message: `“${text.trim()}” is not a number (${spec.rule}).`};
  const value = Number(t.replaceAll(",", ""));
  if (spec.integer && !Number.isInteger(value)) return {ok: false, message: `“${text.trim()}” is not ${spec.rule}.`};
  if (value < spec.min || value > spec.max) return {ok: false, message: `“${text.trim()}” is out of range: ${spec.rule}${spec.max < 1e9 ? `, at most ${spec.max.toLocaleString("en-US")}` : ""}.`};
  return {ok: true, value};
}

/** A value as the box shows it. */
export function showThreshold(value: number, spec: NumericSpec): string {
  return spec.unit === "KRW" ? won(value) : value.toLocaleString("en-US", {maximumFractionDigits: 4});
}

/** Where a value sits against the slider: on its grid, or off it (then scored customer by customer). */
export function offGridNote(value: number, spec: NumericSpec): string {
  const {min, max, step} = spec.slider;
  if (value > max) return `Beyond the slider's ${showThreshold(max, spec)}: scored customer by customer.`;
  if (Math.abs((value - min) / step - Math.round((value - min) / step)) > 1e-9) return `Between the slider's ${showThreshold(step, spec)} steps: scored customer by customer.`;
  return "";
}

let uid = 0;

function numericInput(spec: NumericSpec, initial: number, onApply: () => void): HTMLElement & {value: number; set(v: number): void} {
  const id = `threshold-${spec.key}-${++uid}`;
  const label = `${spec.label}${spec.unit ? ` (${spec.unit})` : ""}`;
  const range = html`<input type="range" min=${spec.slider.min} max=${spec.slider.max} step=${spec.slider.step} aria-label=${`${label}: slider`}>` as HTMLInputElement;
  const box = html`<input type="text" id=${id} inputmode="decimal" autocomplete="off" spellcheck="false" aria-describedby=${`${id}-note`}>` as HTMLInputElement;
  const note = html`<p class="threshold-note" id=${`${id}-note`} role="status" aria-live="polite"></p>` as HTMLElement;
  const root = html`<div class="threshold" data-threshold=${spec.key}>
    <label for=${id}>${label}</label>
    <div class="threshold-inputs">${range}${box}</div>
    ${note}
  </div>` as HTMLElement & {value: number; set(v: number): void};
  let applied = initial;
  const show = (v: number, message = offGridNote(v, spec)) => {
    range.value = String(Math.min(Math.max(v, spec.slider.min), spec.slider.max));
    box.value = showThreshold(v, spec);
    box.removeAttribute("aria-invalid");
    note.textContent = message;
    note.dataset.tone = "info";
  };
  const apply = (v: number) => {
    if (v === applied) return;
    applied = v;
    root.dataset.value = String(v);
    onApply();
  };
  range.addEventListener("input", (e) => {
    e.stopPropagation();
    const v = Number(range.value);
    show(v);
    apply(v);
  });
  box.addEventListener("input", (e) => {
    e.stopPropagation();
    const p = parseThreshold(box.value, spec);
    if (p.ok) {
      range.value = String(Math.min(Math.max(p.value, spec.slider.min), spec.slider.max));
      box.removeAttribute("aria-invalid");
      note.textContent = offGridNote(p.value, spec);
      note.dataset.tone = "info";
      apply(p.value);
    } else {
      box.setAttribute("aria-invalid", "true");
      note.textContent = `${p.message} Not applied: the results use ${showThreshold(applied, spec)}.`;
      note.dataset.tone = "warn";
    }
  });
  // leaving the box shows the value in use, formatted
  box.addEventListener("change", () => show(applied));
  box.addEventListener("blur", () => show(applied));
  Object.defineProperty(root, "value", {get: () => applied});
  root.set = (v: number) => {
    applied = v;
    root.dataset.value = String(v);
    show(v);
  };
  root.set(initial);
  return root;
}

function recencySelect(label: string, key: "r3Months" | "r2Months", period: StudyPeriod, initial: number, onApply: () => void): HTMLElement & {value: number; set(v: number): void} {
  const id = `threshold-${key}-${++uid}`;
  const spans = period.months.map((_, i) => i + 1);
  const options = spans.includes(initial) ? spans : [...spans, initial].sort((a, b) => a - b);
  const select = html`<select id=${id}>${options.map((n) => html`<option value=${n}>the last ${n} month${n > 1 ? "s" : ""} (${lastMonthsLabel(period, n)})</option>`)}</select>` as HTMLSelectElement;
  const root = html`<div class="threshold" data-threshold=${key}><label for=${id}>${label}</label>${select}</div>` as HTMLElement & {value: number; set(v: number): void};
  select.addEventListener("input", (e) => {
    e.stopPropagation();
    root.dataset.value = select.value;
    onApply();
  });
  Object.defineProperty(root, "value", {get: () => Number(select.value)});
  root.set = (v: number) => {
    select.value = String(v);
    root.dataset.value = String(v);
  };
  root.set(initial);
  return root;
}

function highMRadios(initial: 2 | 3, onApply: () => void): HTMLElement & {value: 2 | 3; set(v: 2 | 3): void} {
  const name = `threshold-highM-${++uid}`;
  const radio = (v: 2 | 3, text: string) => html`<label class="threshold-radio"><input type="radio" name=${name} value=${v}> ${text}</label>`;
  const root = html`<fieldset class="threshold" data-threshold="highM"><legend>“High” spend means</legend>${radio(2, "M ≥ 2 (the report's reading)")}${radio(3, "M = 3 only")}</fieldset>` as HTMLElement & {value: 2 | 3; set(v: 2 | 3): void};
  const inputs = () => Array.from(root.querySelectorAll("input")) as HTMLInputElement[];
  root.addEventListener("input", (e) => {
    e.stopPropagation();
    root.dataset.value = String(root.value);
    onApply();
  });
  Object.defineProperty(root, "value", {get: () => (inputs().find((i) => i.checked)?.value === "3" ? 3 : 2)});
  root.set = (v: 2 | 3) => {
    for (const i of inputs()) i.checked = i.value === String(v);
    root.dataset.value = String(v);
  };
  root.set(initial);
  return root;
}

/**
 * Every threshold of the 333 rule and a Reset button restoring `defaults`. The element's value is the
 * thresholds in use (see clampThresholds for crossed cut-offs); an input event fires when one changes.
 */
export function ThresholdControls(defaults: Readonly<ValueThresholds>, {cube, period}: {cube: Readonly<CubeOptions>; period: StudyPeriod}): Input<ValueThresholds> {
  let root: Input<ValueThresholds>;
  const changed = () => root.dispatchEvent(new Event("input", {bubbles: true}));
  const specs = numericSpecs(cube);
  const num = Object.fromEntries(specs.map((s) => [s.key, numericInput(s, defaults[s.key], changed)])) as Record<NumericKey, ReturnType<typeof numericInput>>;
  const r3 = recencySelect("R = 3 when the last purchase is in", "r3Months", period, defaults.r3Months, changed);
  const r2 = recencySelect("R = 2 when it is in", "r2Months", period, defaults.r2Months, changed);
  const high = highMRadios(defaults.highM, changed);
  const reset = html`<button type="button" class="value-reset">Reset to the report's values</button>` as HTMLButtonElement;
  reset.addEventListener("click", () => {
    r3.set(defaults.r3Months);
    r2.set(defaults.r2Months);
    for (const s of specs) num[s.key].set(defaults[s.key]);
    high.set(defaults.highM);
    changed();
  });
  root = html`<div class="value-controls">
    <div class="value-controls-group" role="group" aria-label="Recency R"><h3>Recency R <span class="muted">최근성</span></h3>${r3}${r2}</div>
    <div class="value-controls-group" role="group" aria-label="Frequency F"><h3>Frequency F <span class="muted">최빈성</span></h3>${num.gapDays}</div>
    <div class="value-controls-group" role="group" aria-label="Monetary M"><h3>Monetary M <span class="muted">구매금액</span></h3>${num.m2}${num.m3}</div>
    <div class="value-controls-group" role="group" aria-label="The value grid"><h3>Grid</h3>${num.rfCut}${high}</div>
    ${reset}
  </div>` as Input<ValueThresholds>;
  Object.defineProperty(root, "value", {
    get: (): ValueThresholds => ({r3Months: r3.value, r2Months: r2.value, gapDays: num.gapDays.value, m2: num.m2.value, m3: num.m3.value, rfCut: num.rfCut.value, highM: high.value})
  });
  return root;
}

/** Crossed cut-offs (R2 window inside R3's, M2 above M3) are pulled back to the other one, with a note saying so. */
export function clampThresholds(t: ValueThresholds): {thresholds: ValueThresholds; notes: string[]} {
  const notes: string[] = [];
  const out = {...t};
  if (out.r2Months < out.r3Months) {
    notes.push(`R = 2 within the last ${out.r2Months} month${out.r2Months > 1 ? "s" : ""} is shorter than R = 3's ${out.r3Months}: R = 2 is empty (treated as ${out.r3Months}).`);
    out.r2Months = out.r3Months;
  }
  if (out.m2 > out.m3) {
    notes.push(`M = 2 from ${won(out.m2)} is above M = 3 from ${won(out.m3)}: M = 2 is empty (treated as ${won(out.m3)}).`);
    out.m2 = out.m3;
  }
  return {thresholds: out, notes};
}

/** Human-readable meaning of each score value under thresholds t (axis labels of the score charts). */
export function scoreMeaning(score: "R" | "F" | "M" | "E", value: number, t: ValueThresholds, period: StudyPeriod): string {
  const oldest = period.months.length - 1;
  switch (score) {
    case "R":
      return `last buy ${value === 3 ? monthsBackLabel(period, t.r3Months - 1, 0) : value === 2 ? monthsBackLabel(period, t.r2Months - 1, t.r3Months) : monthsBackLabel(period, oldest, t.r2Months)}`;
    case "F":
      return value === 3 ? `gap ≤ ${t.gapDays} d` : value === 2 ? `gap > ${t.gapDays} d` : "one purchase day";
    case "M":
      return value === 3 ? `≥ ${won(t.m3)}` : value === 2 ? `${won(t.m2)} – ${won(t.m3)}` : `< ${won(t.m2)}`;
    default:
      return value === 1 ? `R + F ≤ ${t.rfCut}` : `R + F > ${t.rfCut}`;
  }
}
