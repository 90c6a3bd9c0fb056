// The sign-up survey and the staff's visit entry. Both build a record, validate it with the store
// library and hand it to onSave; problems are shown next to the form, by name.
import {CHANNELS, FAVOURITES, newEntryId, SURVEY_REASONS, validateRecord, type Choice, type StoreRecord} from "../lib/store/records.js";
import {h, localToday, statusLine} from "./store-dom.js";

type Save = (record: StoreRecord) => Promise<unknown>;

function radios<K extends string>(name: string, legend: string, choices: readonly Choice<K>[]): HTMLFieldSetElement {
  return h(
    "fieldset",
    {class: "store-radios"},
    h("legend", {}, legend),
    ...choices.map((c) => h("label", {}, h("input", {type: "radio", name, value: c.key, required: true}), ` ${c.en} (${c.ko})`))
  );
}

function dateInput(): HTMLLabelElement {
  return h("label", {}, "Date (날짜) ", h("input", {type: "date", name: "date", value: localToday(), required: true}));
}

/** Wire a form's submit: build the record from its fields, validate, save, report by name. */
function onSubmit(form: HTMLFormElement, status: ReturnType<typeof statusLine>, build: (data: FormData) => unknown, onSave: Save, done: string, after?: () => void): void {
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button?.setAttribute("disabled", "");
    try {
      await onSave(validateRecord(build(new FormData(form)), "entry"));
      status.say(done, "ok");
      after?.();
    } catch (error) {
      status.say(`Not saved: ${(error as Error).message}`, "error");
    } finally {
      button?.removeAttribute("disabled");
    }
  });
}

export function SurveyForm(memberId: string, {onSave}: {onSave: Save}): HTMLFormElement {
  const status = statusLine("survey");
  const form = h(
    "form",
    {name: "survey", class: "store-form"},
    radios("favourite", "Favourite category (선호 카테고리)", FAVOURITES),
    radios("reason", "Why (이유)", SURVEY_REASONS),
    radios("channel", "Preferred channel (선호 채널)", CHANNELS),
    dateInput(),
    " ",
    h("button", {type: "submit"}, "Save survey (설문 저장)"),
    status
  );
  onSubmit(
    form, status,
    (data) => ({kind: "survey", memberId, entryId: newEntryId(), date: data.get("date"), favourite: data.get("favourite"), reason: data.get("reason"), channel: data.get("channel")}),
    onSave, `Survey saved for member ${memberId}.`
  );
  return form;
}

/** Form numbers: empty means 0; anything else must read as a number, or the error names it. */
function numberField(data: FormData, name: string): number | string {
  const raw = String(data.get(name) ?? "").trim();
  if (raw === "") return 0;
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

export function VisitForm(memberId: string, {onSave}: {onSave: Save}): HTMLFormElement {
  const status = statusLine("visit");
  const form = h(
    "form",
    {name: "visit", class: "store-form"},
    h("label", {class: "store-wide"}, "Items looked at (관심 상품) ", h("input", {type: "text", name: "items", required: true, maxlength: "500", placeholder: "comma-separated, e.g. 니트, 청바지"})),
    h("label", {}, "Price, KRW (가격) ", h("input", {type: "number", name: "price", min: "0", step: "1", value: "0"})),
    h("label", {}, "Consideration time, minutes (고려시간) ", h("input", {type: "number", name: "minutes", min: "0", step: "0.5", value: "0"})),
    h("label", {}, h("input", {type: "checkbox", name: "bought"}), " Bought (구매함)"),
    dateInput(),
    h("label", {class: "store-wide"}, "Notes (메모) ", h("textarea", {name: "notes", rows: "3", maxlength: "2000"})),
    h("button", {type: "submit"}, "Save entry (기록 저장)"),
    status
  );
  onSubmit(
    form, status,
    (data) => ({
      kind: "visit", memberId, entryId: newEntryId(), date: data.get("date"), items: String(data.get("items") ?? "").trim(),
      priceKrw: numberField(data, "price"), minutes: numberField(data, "minutes"), bought: data.get("bought") !== null, notes: String(data.get("notes") ?? "")
    }),
    onSave, `Entry saved for member ${memberId}.`,
    () => {
      for (const name of ["items", "notes"]) (form.elements.namedItem(name) as HTMLInputElement).value = "";
    }
  );
  return form;
}
