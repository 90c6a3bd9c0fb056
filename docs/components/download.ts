// Every CSV the pages offer: UTF-8 with a byte order mark (spreadsheets then read Korean text right),
// formula-looking text neutralised, numbers without float noise (src/csv.ts).
import {toCsv} from "../lib/csv.js";

/** Save text as a file in the reader's browser. */
export function downloadText(text: string, name: string, type: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], {type}));
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Save rows as a CSV file with these columns, in this order. */
export function downloadCsv(rows: readonly Record<string, unknown>[], columns: readonly string[], name: string): void {
  downloadText(toCsv(rows, {columns, bom: true}), name, "text/csv;charset=utf-8");
}
