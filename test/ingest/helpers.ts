import {appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {expect} from "vitest";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {buildWarehouse, type BuildOptions} from "../../loaders/warehouse.js";
import {DataError} from "../../src/ingest/errors.js";
import type {FileReport, IngestReport} from "../../src/ingest/report.js";
import type {RawFile} from "../../src/ingest/tables.js";

export const VALID = fileURLToPath(new URL("../fixtures/ingest/valid/", import.meta.url));

/** File names in the valid fixture (the Product file keeps the organisers' original name and typo). */
export const NAMES: Record<RawFile | "weather", string> = {
  product: "제5회 Big Data Competition-분석용데이터-01.Pruduct.csv",
  search1: "02.Search1.csv",
  search2: "03.Search2.csv",
  custom: "Custom.csv",
  session: "05.Session.csv",
  master: "06.Master.csv",
  weather: "weather-seoul-108.csv"
};

const dirs: string[] = [];

export function tempDir(prefix = "lpoint-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
}

/** A fresh copy of the valid hand-made data set. */
export function copyValid(): string {
  const dir = tempDir("lpoint-data-");
  cpSync(VALID, dir, {recursive: true});
  return dir;
}

export function pathOf(dir: string, file: RawFile | "weather"): string {
  return join(dir, NAMES[file]);
}

/**
 * Append records (text, or raw bytes such as invalid UTF-8), first ending the last line if the file
 * does not end with a newline. finalBreak = false leaves the last record without a line break.
 */
export function appendLines(dir: string, file: RawFile | "weather", lines: readonly (string | Uint8Array)[], eol = "\n", finalBreak = true): void {
  const path = pathOf(dir, file);
  const text = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
  const needsBreak = text.length > 0 && text[text.length - 1] !== 10;
  const parts: Buffer[] = needsBreak ? [Buffer.from(eol)] : [];
  lines.forEach((line, i) => {
    parts.push(Buffer.from(line));
    if (finalBreak || i < lines.length - 1) parts.push(Buffer.from(eol));
  });
  appendFileSync(path, Buffer.concat(parts));
}

export function writeFile(dir: string, file: RawFile | "weather", content: string | Uint8Array): void {
  writeFileSync(pathOf(dir, file), content);
}

export function readText(dir: string, file: RawFile | "weather"): string {
  return readFileSync(pathOf(dir, file), "utf8");
}

export interface Built {
  report: IngestReport;
  dbPath: string;
  duck: Duck;
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, string | number | boolean | null>): Promise<T[]>;
}

/** Build a warehouse from dir into a temp file and open it read-only. Call close() on duck. */
export async function build(dir: string, options: Partial<BuildOptions> = {}): Promise<Built> {
  const dbPath = join(tempDir("lpoint-db-"), "w.duckdb");
  const report = await buildWarehouse({dataDir: dir, dbPath, log: () => {}, env: {}, ...options});
  const duck = await openDuck(dbPath, {readOnly: true});
  return {report, dbPath, duck, query: (sql, params) => duck.query(sql, params)};
}

/** Build from dir and expect one DataError naming the file (exactly, or by pattern) and the problem. */
export async function expectDataError(dir: string, file: string | RegExp, problem: RegExp, options: Partial<BuildOptions> = {}): Promise<DataError> {
  const error = await buildWarehouse({dataDir: dir, dbPath: `${tempDir()}/w.duckdb`, log: () => {}, env: {}, ...options}).then(
    () => null,
    (e: unknown) => e
  );
  expect(error).toBeInstanceOf(DataError);
  const e = error as DataError;
  if (typeof file === "string") expect(e.file).toBe(file);
  else expect(e.file).toMatch(file);
  expect(e.problem).toMatch(problem);
  expect(e.message).toBe(`${e.file}: ${e.problem}`);
  return e;
}

/** A file's report adds up: read = accepted + quarantined, and the reasons sum to the quarantined rows. */
export function balanced(r: FileReport): void {
  expect(r.rowsRead).toBe(r.rowsAccepted + r.rowsQuarantined);
  expect(Object.values(r.quarantined).reduce((s, n) => s + (n ?? 0), 0)).toBe(r.rowsQuarantined);
}

export interface ReconciliationRow {
  file: string;
  rows_read: number;
  rows_accepted: number;
  rows_quarantined: number;
}

/** The warehouse's reconciliation table, by file. */
export async function reconciliation(b: Built): Promise<Record<string, ReconciliationRow>> {
  const rows = await b.query<ReconciliationRow>("SELECT * FROM reconciliation");
  return Object.fromEntries(rows.map((r) => [r.file, r]));
}
