import {html} from "../vendor/htl.js";
import type {CubeOptions} from "../lib/value/cube.js";
import type {ValueThresholds} from "../lib/value/rules.js";
import {lastMonthsLabel, monthsBackLabel, type StudyPeriod} from "../lib/period.js";

type Input<T> = HTMLElement & {value: T};

/** The part of @observablehq/inputs used here (the page passes its import: the package ships no types). */
export interface InputsLib {
  select(data: readonly number[], options: {label: string; value: number; format: (m: number) => string}): Input<number>;
  range(extent: [number, number], options: {label: string; value: number; step: number; format?: (v: number) => string}): Input<number>;
  radio(data: readonly number[], options: {label: string; value: number; format: (m: number) => string}): Input<number>;
  button(label: string, options: {reduce: () => void}): HTMLElement;
  form<T extends Record<string, Input<number>>>(inputs: T, options: {template: (inputs: T) => HTMLElement}): HTMLElement;
}

const krw = (v: number) => `₩${Math.round(v).toLocaleString("en-US")}`;

/**
 * One input per threshold of the 333 rule, on the cube's grid, and a Reset button that restores
 * `defaults`. The element's value is the thresholds as set (see clampThresholds for crossed cut-offs).
 */
export function ThresholdControls(defaults: Readonly<ValueThresholds>, {cube, Inputs, period}: {cube: Readonly<CubeOptions>; Inputs: InputsLib; period: StudyPeriod}): Input<ValueThresholds> {
  // Recency windows of 1 … all the data's months (one more than the data holds would change nothing).
  const spans = period.months.map((_, i) => i + 1);
  const month = (label: string, value: number) =>
    Inputs.select(spans.includes(value) ? spans : [...spans, value].sort((a, b) => a - b), {label, value, format: (n: number) => `the last ${n} month${n > 1 ? "s" : ""} (${lastMonthsLabel(period, n)})`});
  // No format: Inputs.range shows its value in a number box, which cannot display "₩100,000".
  const amount = (label: string, value: number) => Inputs.range([0, cube.cap], {label: `${label} (KRW)`, value, step: cube.step});
  const inputs = {
    r3Months: month("R = 3: last purchase in", defaults.r3Months),
    r2Months: month("R = 2: last purchase in", defaults.r2Months),
    gapDays: Inputs.range([0, cube.gapCap], {label: "F = 3 when mean gap ≤ (days)", value: defaults.gapDays, step: 1}),
    m2: amount("M = 2 from", defaults.m2),
    m3: amount("M = 3 from", defaults.m3),
    rfCut: Inputs.range([2, 6], {label: "E = 1 when R + F ≤", value: defaults.rfCut, step: 1}),
    highM: Inputs.radio([2, 3], {label: "High M means", value: defaults.highM, format: (m: number) => (m === 2 ? "M ≥ 2" : "M = 3")})
  };
  for (const [name, input] of Object.entries(inputs)) input.dataset.threshold = name;
  const reset = Inputs.button("Reset to the report's values", {
    reduce: () => {
      form.value = {...defaults};
      form.dispatchEvent(new Event("input", {bubbles: true}));
    }
  });
  reset.classList.add("value-reset");
  // the button's own input event must not reach the page as a thresholds change
  reset.addEventListener("input", (event: Event) => event.stopPropagation());
  const form = Inputs.form(inputs, {
    template: (i) => html`<div class="value-controls">
      <div class="value-controls-group"><h3>Recency R</h3>${i.r3Months}${i.r2Months}</div>
      <div class="value-controls-group"><h3>Frequency F</h3>${i.gapDays}</div>
      <div class="value-controls-group"><h3>Monetary M</h3>${i.m2}${i.m3}</div>
      <div class="value-controls-group"><h3>Grid</h3>${i.rfCut}${i.highM}</div>
      ${reset}
    </div>`
  }) as unknown as Input<ValueThresholds>;
  return form;
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
    notes.push(`M = 2 from ${krw(out.m2)} is above M = 3 from ${krw(out.m3)}: M = 2 is empty (treated as ${krw(out.m3)}).`);
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
      return value === 3 ? `≥ ${krw(t.m3)}` : value === 2 ? `${krw(t.m2)} – ${krw(t.m3)}` : `< ${krw(t.m2)}`;
    default:
      return value === 1 ? `R + F ≤ ${t.rfCut}` : `R + F > ${t.rfCut}`;
  }
}
