// Export and import of the offline records. An import is parsed and validated completely before
// the single IndexedDB transaction that applies it; a refused file changes nothing.
import {detectFormat, exportRecords, importRecords, MAX_IMPORT_CHARS, type ExchangeFormat} from "../lib/store/exchange.js";
import type {RecordStore} from "./store-db.js";
import {downloadText} from "./download.js";
import {h, localToday, statusLine} from "./store-dom.js";

const TYPES: Readonly<Record<ExchangeFormat, string>> = {json: "application/json", csv: "text/csv;charset=utf-8"};

export function RecordTransfer(store: RecordStore): HTMLElement {
  const status = statusLine("transfer");
  const exportButton = (format: ExchangeFormat) => {
    const b = h("button", {type: "button", name: `export-${format}`}, `Export ${format.toUpperCase()}`);
    b.addEventListener("click", async () => {
      try {
        const {records} = await store.list();
        downloadText(exportRecords(records, format), `smart-store-records-${localToday()}.${format}`, TYPES[format]);
        status.say(`Exported ${records.length} record${records.length === 1 ? "" : "s"} as ${format.toUpperCase()}.`, "ok");
      } catch (e) {
        status.say(`Export failed: ${(e as Error).message}`, "error");
      }
    });
    return b;
  };
  const file = h("input", {type: "file", name: "import", accept: ".json,.csv,application/json,text/csv"});
  const mode = h("select", {name: "import-mode", "aria-label": "How to import"}, h("option", {value: "merge"}, "merge with the records here"), h("option", {value: "replace"}, "replace all records here"));
  file.addEventListener("change", async () => {
    const f = file.files?.[0];
    if (!f) return;
    try {
      // a UTF-8 character is at most 4 bytes: anything larger cannot pass the length check after reading
      if (f.size > MAX_IMPORT_CHARS * 4) {
        status.say(`Import refused (${f.name}): ${f.size.toLocaleString("en-US")} bytes is too large. Nothing was changed.`, "error");
        return;
      }
      const text = await f.text();
      const format = detectFormat(f.name, text);
      let records;
      try {
        records = importRecords(text, format);
      } catch (e) {
        status.say(`Import refused (${f.name}): ${(e as Error).message}. Nothing was changed.`, "error");
        return;
      }
      const plan = await store.import(records, mode.value === "replace" ? "replace" : "merge");
      status.say(`Imported ${records.length} record${records.length === 1 ? "" : "s"} from ${f.name}: ${plan.added} added, ${plan.replaced} replaced, ${plan.unchanged} unchanged${plan.remove.length ? `, ${plan.remove.length} removed` : ""}.`, "ok");
    } catch (e) {
      status.say(`Import failed (${f.name}): ${(e as Error).message}. Nothing was changed.`, "error");
    } finally {
      file.value = "";
    }
  });
  // two clicks instead of confirm(): no modal dialog
  const clear = h("button", {type: "button", name: "clear-all"}, "Clear all records…");
  let armed: ReturnType<typeof setTimeout> | null = null;
  clear.addEventListener("click", async () => {
    if (!armed) {
      clear.textContent = "Click again to delete every record";
      armed = setTimeout(() => ((armed = null), (clear.textContent = "Clear all records…")), 5000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    clear.textContent = "Clear all records…";
    try {
      const n = await store.clear();
      status.say(`Deleted ${n} record${n === 1 ? "" : "s"} from this browser.`, "ok");
    } catch (e) {
      status.say(`Clear failed: ${(e as Error).message}`, "error");
    }
  });
  return h(
    "div",
    {class: "store-transfer"},
    h("div", {class: "store-entry-row"}, exportButton("json"), " ", exportButton("csv"), " ", clear),
    h("div", {class: "store-entry-row"}, h("label", {}, "Import JSON or CSV (가져오기) ", file), " ", mode),
    status
  );
}
