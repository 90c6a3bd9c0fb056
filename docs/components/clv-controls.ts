// The lifetime-value page's two controls. Each shows the value the results use; a typed rate that cannot
// be used says why and leaves the results where they were.
import {html} from "../vendor/htl.js";

type Input<T> = HTMLElement & {value: T};

export type ParsedRate = {ok: true; rate: number} | {ok: false; message: string};

/** A typed monthly rate in percent ("1", "1.5%", "0,8" is refused): from 0 up to, not including, 100. */
export function parseRate(text: string): ParsedRate {
  const t = text.trim().replace(/\s*%$/, "").trim();
  if (t === "") return {ok: false, message: "Type a rate in percent a month, e.g. 1 or 1.5."};
  if (!/^\d+(\.\d+)?$/.test(t)) return {ok: false, message: `“${text.trim()}” is not a rate in percent (digits, one point, e.g. 1.5).`};
  const v = Number(t);
  if (v >= 100) return {ok: false, message: `“${text.trim()}” is out of range: a monthly rate from 0% up to, not including, 100%.`};
  return {ok: true, rate: Math.round(v * 1e6) / 1e8};
}

/** "1%", "1.25%": the rate as the box shows it. */
export function showRate(rate: number): string {
  return `${(rate * 100).toLocaleString("en-US", {maximumFractionDigits: 4})}%`;
}

/** Monthly discount rate: a slider (0–5% in 0.1 steps) and a box taking any rate; value: the rate in use (a share). */
export function DiscountControl(initial: number): Input<number> {
  const range = html`<input type="range" min="0" max="5" step="0.1" aria-label="Monthly discount rate: slider (percent)">` as HTMLInputElement;
  const box = html`<input type="text" id="clv-discount-box" inputmode="decimal" autocomplete="off" spellcheck="false" aria-describedby="clv-discount-note">` as HTMLInputElement;
  const note = html`<p class="threshold-note" id="clv-discount-note" role="status" aria-live="polite"></p>` as HTMLElement;
  const root = html`<div class="threshold clv-discount" id="clv-discount">
    <label for="clv-discount-box">Monthly discount rate (each month of the 26 weeks is worth this much less than the one before)</label>
    <div class="threshold-inputs">${range}${box}</div>
    ${note}
  </div>` as Input<number>;
  let applied = initial;
  const show = (rate: number) => {
    range.value = String(Math.min(5, rate * 100));
    box.value = showRate(rate);
    box.removeAttribute("aria-invalid");
    note.textContent = rate * 100 > 5 ? "Beyond the slider's 5%: applied as typed." : "";
    note.dataset.tone = "info";
    root.dataset.value = String(rate);
  };
  const apply = (rate: number) => {
    if (rate === applied) return;
    applied = rate;
    root.dataset.value = String(rate);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  range.addEventListener("input", (e) => {
    e.stopPropagation();
    const rate = Math.round(Number(range.value) * 1e6) / 1e8;
    show(rate);
    apply(rate);
  });
  box.addEventListener("input", (e) => {
    e.stopPropagation();
    const p = parseRate(box.value);
    if (p.ok) {
      range.value = String(Math.min(5, p.rate * 100));
      box.removeAttribute("aria-invalid");
      note.textContent = p.rate * 100 > 5 ? "Beyond the slider's 5%: applied as typed." : "";
      note.dataset.tone = "info";
      apply(p.rate);
    } else {
      box.setAttribute("aria-invalid", "true");
      note.textContent = `${p.message} Not applied: the values use ${showRate(applied)}.`;
      note.dataset.tone = "warn";
    }
  });
  box.addEventListener("blur", () => show(applied));
  box.addEventListener("change", () => show(applied));
  Object.defineProperty(root, "value", {get: () => applied});
  show(initial);
  return root;
}

/** The calibration/holdout split: one of the grid's dates; value: the last calibration day. */
export function SplitControl(splits: readonly string[], {value, periodStart, periodEnd}: {value: string; periodStart: string; periodEnd: string}): Input<string> {
  const day = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
  const select = html`<select id="clv-split-select">${splits.map((s) => {
    const option = html`<option value=${s}></option>` as HTMLOptionElement;
    option.textContent = `${s} · calibration ${day(periodStart, s) + 1} days, holdout ${day(s, periodEnd)} days${s === value ? " (two-thirds)" : ""}`;
    return option;
  })}</select>` as HTMLSelectElement;
  select.value = value;
  const root = html`<div class="threshold clv-split" id="clv-split" data-value=${value}>
    <label for="clv-split-select">Last day of the calibration period (the model sees purchases up to it and predicts the rest)</label>
    ${select}
  </div>` as Input<string>;
  select.addEventListener("input", (e) => {
    e.stopPropagation();
    root.dataset.value = select.value;
    root.dispatchEvent(new Event("input", {bubbles: true}));
  });
  Object.defineProperty(root, "value", {get: () => select.value});
  return root;
}
