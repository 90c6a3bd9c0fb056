// Customer ids typed by a reader: digits only, checked before anything reaches SQL (then bound anyway).
export type IdCheck = {ok: true; id: number} | {ok: false; message: string};

const MAX_ID = 2_147_483_647;

export function parseCustomerId(text: unknown): IdCheck {
  const s = typeof text === "string" ? text.trim() : "";
  if (s === "") return {ok: false, message: "Type a customer id (CLNT_ID): digits only."};
  if (!/^[0-9]{1,10}$/.test(s)) return {ok: false, message: "A customer id is digits only (up to 10), e.g. 12345 — nothing else is accepted."};
  const id = Number(s);
  if (id > MAX_ID) return {ok: false, message: `A customer id is at most ${MAX_ID}.`};
  return {ok: true, id};
}

/** A text box for an id plus a list of suggested customers; its value is the typed text (not yet validated). */
export function customerPicker({value = "", samples = [] as ReadonlyArray<{clnt_id: number; why: string}>, label = "Customer id"} = {}): HTMLElement & {value: string} {
  const form = document.createElement("form") as unknown as HTMLElement & {value: string};
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
  const none = new Option("… or pick one", "");
  select.append(none, ...samples.map((s) => new Option(`${s.clnt_id} · ${s.why}`, String(s.clnt_id))));
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
