// The store entrance: type, pick or scan a member id. The view's value is the raw text entered
// (parsed and validated by the page), kept in the URL hash so a reload stays on the member.
import {CameraScanner} from "./store-codes.js";
import {h} from "./store-dom.js";

export interface SampleMember {
  id: string;
  label: string;
}

function fromHash(): string {
  return new URLSearchParams(location.hash.slice(1)).get("member") ?? "";
}

export function MemberEntry({samples = [], noSamples = "No sample members (online record not loaded)"}: {samples?: readonly SampleMember[]; noSamples?: string} = {}): HTMLElement & {value: string} {
  const input = h("input", {type: "text", name: "member", inputmode: "numeric", autocomplete: "off", placeholder: "e.g. 1234567", "aria-label": "Member id"});
  const enter = h("button", {type: "submit"}, "Enter (입장)");
  const form = h("form", {class: "store-entry-form"}, h("label", {}, "Member id (회원번호) ", input), " ", enter);
  const select = h("select", {name: "sample", "aria-label": "Pick a sample member"}, h("option", {value: ""}, samples.length ? "Pick a sample member…" : noSamples));
  for (const s of samples) select.append(h("option", {value: s.id}, s.label));
  select.disabled = samples.length === 0;
  const root = h("div", {class: "store-entry"}, form, h("div", {class: "store-entry-row"}, select)) as unknown as HTMLElement & {value: string};
  const submit = (text: string) => {
    input.value = text;
    root.value = text;
    const params = new URLSearchParams(location.hash.slice(1));
    if (text) params.set("member", text);
    else params.delete("member");
    history.replaceState(null, "", `${location.pathname}${location.search}${params.size ? `#${params}` : ""}`);
    root.dispatchEvent(new Event("input", {bubbles: true}));
  };
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submit(input.value);
  });
  select.addEventListener("change", () => {
    if (select.value) submit(select.value);
  });
  const scanner = CameraScanner({onCode: submit});
  root.append(scanner);
  root.value = fromHash();
  input.value = root.value;
  return root;
}
