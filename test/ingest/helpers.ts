import {appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {buildWarehouse, type BuildOptions} from "../../loaders/warehouse.js";
import type {IngestReport} from "../../src/ingest/report.js";
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

/** Append records, first ending the last line if the file does not end with a newline. */
export function appendLines(dir: string, file: RawFile | "weather", lines: readonly string[], eol = "\n"): void {
  const path = pathOf(dir, file);
  const text = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
  const needsBreak = text.length > 0 && text[text.length - 1] !== 10;
  appendFileSync(path, (needsBreak ? eol : "") + lines.join(eol) + eol);
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
  const report = await buildWarehouse({dataDir: dir, dbPath, log: () => {}, ...options});
  const duck = await openDuck(dbPath, {readOnly: true});
  return {report, dbPath, duck, query: (sql, params) => duck.query(sql, params)};
}
