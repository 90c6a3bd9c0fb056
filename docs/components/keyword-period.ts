// The word cloud's period: the whole data, one of its months, or a custom range checked against the data.
import {html} from "../vendor/htl.js";
import {checkRange, type KeywordRange, type MonthChoice} from "../lib/explore/keywords.js";

export {keywordMonths} from "../lib/explore/keywords.js";

type Input<T> = HTMLElement & {value: T};

/** The part of @observablehq/inputs used here (the page passes its import: the package ships no types). */
export interface PeriodInputs {
  select<T>(data: Map<string, T>, options: {label: string; value?: T}): Input<T>;
  date(options: {label: string; value: string; min: string; max: string}): Input<Date | null>;
}

const iso = (d: Date | null | undefined): string | null => (d instanceof Date && !Number.isNaN(d.getTime()) ? d.toISOString().slice(0, 10) : null);

/** A period picker whose value is always the range the cloud uses, with the reason when it differs from what was typed. */
export function KeywordPeriod(choices: readonly MonthChoice[], {Inputs}: {Inputs: PeriodInputs}): Input<KeywordRange> {
  const first = choices[0]?.start ?? "";
  const last = choices[0]?.end ?? "";
  const options = new Map<string, MonthChoice | null>([...choices.map((c): [string, MonthChoice] => [c.label, c]), ["Custom range", null]]);
  const select = Inputs.select(options, {label: "Period"});
  const from = Inputs.date({label: "From", value: choices.at(-1)?.start ?? first, min: first, max: last});
  const to = Inputs.date({label: "To", value: last, min: first, max: last});
  const custom = html`<div class="keyword-custom">${from}${to}</div>`;
  const root = html`<div class="keyword-period">${select}${custom}</div>` as Input<KeywordRange>;
  const update = () => {
    const choice = select.value;
    custom.hidden = choice !== null;
    root.value = choice ? {ok: true, start: choice.start, end: choice.end, message: ""} : checkRange(iso(from.value), iso(to.value), first, last);
  };
  for (const input of [select, from, to]) {
    input.addEventListener("input", (event) => {
      event.stopPropagation();
      update();
      root.dispatchEvent(new Event("input", {bubbles: true}));
    });
  }
  update();
  return root;
}
