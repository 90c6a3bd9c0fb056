// One line at the top of every page: whose data this is and which period it covers.
import {html} from "../vendor/htl.js";
import type {IngestReport} from "../lib/ingest/report.js";
import type {RawFile} from "../lib/ingest/tables.js";
import type {DataPeriod} from "../lib/period.js";

/** docs/data/data-info.json: what every page states about its data. */
export interface DataInfo {
  source: "synthetic" | "real";
  dataVersion: string;
  /** the data folder's name (not its path: the site does not publish the builder's file system) */
  dirName: string;
  /** each file as read, with what reading it noted (extra columns, a header without rows, …) */
  files: {file: RawFile; label: string; name: string; rowsRead: number; rowsAccepted: number; warnings: string[]}[];
  period: DataPeriod;
  holidays: IngestReport["period"]["holidays"];
  weather: {origin: IngestReport["weather"]["origin"]; label: string | null; station: number; covers: {start: string; end: string} | null; days: number; note: string | null};
  /** categories (CLAC1_NM) with purchases, by revenue, largest first */
  categories: {category: string; revenue: number; lines: number}[];
  notes: string[];
}

/** "Synthetic twin … · April–September 2018" or "Your data: the six files in “raw” · July 2018", with the build's notes. */
export function SourceNote(info: DataInfo): HTMLElement {
  const who =
    info.source === "synthetic"
      ? html`<strong>Synthetic twin</strong> of the competition files (generated, not real customers)`
      : html`<strong>Your data</strong>: the six files in the folder “${info.dirName}”`;
  return html`<div class="source-note" id="source-note" data-source=${info.source}>
    <p class="muted">${who} · ${info.period.label} (${info.period.start} – ${info.period.end}, ${info.period.days.toLocaleString("en-US")} days) · ${info.categories.length} categories</p>
    ${info.notes.length ? html`<ul class="source-notes">${info.notes.map((n) => html`<li>${n}</li>`)}</ul>` : ""}
  </div>`;
}
