/**
 * Machinery for the malformed-input corpus: case shapes, and the batches that let many row-level
 * cases share one warehouse build. Every row-level case appends its own block of records to one
 * file of a copy of the valid fixture; blocks of one file follow each other in corpus order, so each
 * case knows the data row numbers its records occupy and can find its own quarantine rows by line_no.
 */
import {readFileSync} from "node:fs";
import type {BuildOptions} from "../../loaders/warehouse.js";
import type {QuarantineReason} from "../../src/ingest/report.js";
import {RAW_FILES, type RawFile} from "../../src/ingest/tables.js";
import {appendLines, type Built, copyValid, pathOf, writeFile} from "../ingest/helpers.js";

export type Target = RawFile | "weather";
export type Counts = Partial<Record<QuarantineReason, number>>;

/** Data rows [first, last] (1-based, header excluded) of a case's block. */
export interface Block {
  first: number;
  last: number;
}

/** Records appended to one of the six files; the outcome is counted quarantine (or acceptance). */
export interface RowsCase {
  kind: "rows";
  file: RawFile;
  name: string;
  records: readonly (string | Uint8Array)[];
  /** Exactly these quarantine reasons and counts among the block's rows ({} = all accepted). */
  quarantined: Counts;
  /** Rows the reader sees in the block, when not one per record (an unterminated quote merges lines). */
  read?: number;
  /** Repeated keys the file reports for this block (default: its duplicate_key count). */
  duplicates?: number;
  /** The block must end the file. */
  last?: boolean;
  /** Leave the block's last record without a line break (implies last). */
  noFinalBreak?: boolean;
  /** Build options; a case with options gets a build of its own. */
  options?: Partial<BuildOptions>;
  check?: (b: Built, at: Block) => Promise<void> | void;
}

/** A whole-file change to the weather export that the build accepts. */
export interface WeatherCase {
  kind: "weather";
  file: "weather";
  name: string;
  edit: (text: string) => string | Uint8Array;
  /** Needs a build of its own (e.g. the edit re-encodes the whole file). */
  solo?: boolean;
  check: (b: Built) => Promise<void> | void;
}

/** A change that must stop the build with one DataError naming the file and the problem. */
export interface ErrorCase {
  kind: "error";
  file: Target;
  name: string;
  mutate: (dir: string) => void;
  /** DataError.file: the exact name, or a pattern. */
  errorFile: string | RegExp;
  /** Matched against the whole message, "<file>: <problem>". */
  message: RegExp;
  options?: Partial<BuildOptions>;
}

export type Case = RowsCase | WeatherCase | ErrorCase;

/** What the valid fixture gives on its own (test/loaders/warehouse.test.ts checks these figures). */
export const BASE: Readonly<Record<RawFile, {read: number; quarantined: Counts}>> = {
  product: {read: 10, quarantined: {hits_seq_1_notice: 1}},
  search1: {read: 6, quarantined: {}},
  search2: {read: 5, quarantined: {}},
  custom: {read: 5, quarantined: {}},
  session: {read: 9, quarantined: {}},
  master: {read: 10, quarantined: {}}
};
export const BASE_WEATHER_DAYS = 183;

export const sum = (c: Counts): number => Object.values(c).reduce((s, n) => s + (n ?? 0), 0);

export function addCounts(...all: Counts[]): Counts {
  const out: Counts = {};
  for (const c of all) for (const [k, n] of Object.entries(c) as [QuarantineReason, number][]) out[k] = (out[k] ?? 0) + n;
  return out;
}

export const readOf = (c: RowsCase): number => c.read ?? c.records.length;
export const duplicatesOf = (c: RowsCase): number => c.duplicates ?? c.quarantined.duplicate_key ?? 0;
export const orphansOf = (c: RowsCase): number => (c.quarantined.orphan_session ?? 0) + (c.quarantined.orphan_pd_c ?? 0);

export interface Batch {
  title: string;
  options: Partial<BuildOptions>;
  rows: {c: RowsCase; at: Block}[];
  weather: WeatherCase[];
}

/** All cases that can share a build go into one; cases with options or marked solo get their own. */
export function plan(cases: readonly Case[]): Batch[] {
  const shared: Case[] = [];
  const batches: Batch[] = [];
  for (const c of cases) {
    if (c.kind === "error") continue;
    if ((c.kind === "rows" && c.options) || (c.kind === "weather" && c.solo)) batches.push(batchOf(`${c.file}: ${c.name} (own build)`, [c], c.kind === "rows" ? (c.options ?? {}) : {}));
    else shared.push(c);
  }
  return [batchOf("the shared build", shared, {}), ...batches];
}

function batchOf(title: string, cases: readonly Case[], options: Partial<BuildOptions>): Batch {
  const rows: {c: RowsCase; at: Block}[] = [];
  for (const f of RAW_FILES) {
    const mine = cases.filter((c): c is RowsCase => c.kind === "rows" && c.file === f);
    const tail = mine.filter((c) => c.last || c.noFinalBreak);
    if (tail.length > 1) throw new Error(`${title}: ${f} has ${tail.length} cases that must end the file: ${tail.map((c) => c.name).join("; ")}`);
    let next = BASE[f].read + 1;
    for (const c of [...mine.filter((c) => !tail.includes(c)), ...tail]) {
      rows.push({c, at: {first: next, last: next + readOf(c) - 1}});
      next += readOf(c);
    }
  }
  const weather = cases.filter((c): c is WeatherCase => c.kind === "weather");
  return {title, options, rows, weather};
}

/** A copy of the valid fixture with the batch's blocks appended and weather edits applied. */
export function writeBatch(batch: Batch): string {
  const dir = copyValid();
  for (const f of RAW_FILES) {
    const eol = readFileSync(pathOf(dir, f), "latin1").includes("\r\n") ? "\r\n" : "\n";
    for (const {c} of batch.rows.filter((r) => r.c.file === f)) appendLines(dir, f, c.records, eol, !c.noFinalBreak);
  }
  let weather: string | Uint8Array = readFileSync(pathOf(dir, "weather"), "utf8");
  for (const c of batch.weather) {
    if (typeof weather !== "string") throw new Error(`${batch.title}: weather case "${c.name}" follows one that re-encoded the file`);
    weather = c.edit(weather);
  }
  writeFile(dir, "weather", weather);
  return dir;
}

/** A CSV cell as a spreadsheet or pandas would write it: quoted when it holds a comma, quote or line break. */
export function cell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csv = (...cells: string[]): string => cells.join(",");
