// Customer ids typed by a reader: digits only, checked before anything reaches SQL (then bound anyway).
export type IdCheck = {ok: true; id: number} | {ok: false; message: string};

const MAX_ID = 2_147_483_647;

export function parseCustomerId(text: unknown): IdCheck {
  const s = typeof text === "string" ? text.trim() : "";
  if (s === "") return {ok: false, message: "Type a customer id (CLNT_ID): digits only."};
  // an id copied from a table that groups digits ("1,551,700") is the same id
  const digits = /^\d{1,3}(,\d{3})+$/.test(s) ? s.replaceAll(",", "") : s;
  if (!/^[0-9]{1,10}$/.test(digits)) return {ok: false, message: "A customer id is digits only (up to 10), e.g. 12345 — nothing else is accepted."};
  const id = Number(digits);
  if (id > MAX_ID) return {ok: false, message: `A customer id is at most ${MAX_ID}.`};
  return {ok: true, id};
}

/** A text box for an id plus a list of suggested customers; its value is the typed text (not yet validated). */
export type CustomerPicker = HTMLElement & {
  value: string;
  /** replace the suggested customers */
  setSamples(samples: ReadonlyArray<{clnt_id: number; why: string}>): void;
  /** show this id and announce it, as if typed */
  choose(id: string): void;
};

export function customerPicker({value = "", samples = [] as ReadonlyArray<{clnt_id: number; why: string}>, label = "Customer id"} = {}): CustomerPicker {
  const form = document.createElement("form") as unknown as CustomerPicker;
  form.className = "customer-picker";
  const name = document.createElement("label");
  name.textContent = label;
  const input = document.createElement("input");
  input.type = "text";
  input.inputMode = "numeric";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.maxLength = 40;
  input.value = value;
  input.name = "clnt_id";
  name.append(" ", input);
  const select = document.createElement("select");
  select.name = "sample";
  select.setAttribute("aria-label", "Suggested customers");
  form.setSamples = (list) => {
    select.replaceChildren(new Option("… or pick one", ""), ...list.map((s) => new Option(`${s.clnt_id} · ${s.why}`, String(s.clnt_id))));
  };
  form.setSamples(samples);
  form.append(name, " ", select);
  const emit = () => form.dispatchEvent(new Event("input", {bubbles: true}));
  let current = value;
  Object.defineProperty(form, "value", {get: () => current, set: (v: string) => void ((current = String(v)), (input.value = current))});
  input.addEventListener("input", (e) => {
    e.stopPropagation();
    current = input.value;
    select.value = "";
    emit();
  });
  select.addEventListener("input", (e) => {
    e.stopPropagation();
    if (!select.value) return;
    current = input.value = select.value;
    emit();
  });
  form.choose = (id) => {
    current = input.value = String(id);
    select.value = "";
    input.dispatchEvent(new Event("input", {bubbles: true}));
  };
  form.addEventListener("submit", (e) => e.preventDefault());
  return form;
}

/** A message element (text only). */
export function note(text: string, kind: "info" | "warn" = "info", id?: string): HTMLElement {
  const p = document.createElement("p");
  p.className = kind === "warn" ? "validation warn" : "note";
  if (id) p.id = id;
  p.textContent = text;
  return p;
}
