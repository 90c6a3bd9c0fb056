// The data version: content hashes of the files and of the code that reads them.
import {createHash} from "node:crypto";
import {existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {createRequire} from "node:module";
import {dirname, join, relative, resolve} from "node:path";
import {RAW_FILES, type RawFile} from "../../src/ingest/tables.js";
import type {WeatherChoice} from "../weather.js";
import {hashFile} from "../../scripts/file-hash.mjs";
import {PROJECT_ROOT, type Source} from "./common.js";

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

/** Hash of source files (paths relative to the project, and contents); missing paths hash as absent. */
export function sourceHash(paths: readonly string[], root = PROJECT_ROOT): string {
  const hash = createHash("sha256");
  const files = paths.flatMap((p): [string, string | null][] => {
    const abs = resolve(root, p);
    if (!existsSync(abs)) return [[p, null]];
    return statSync(abs).isDirectory() ? listFiles(abs).map((f): [string, string] => [relative(root, f), f]) : [[p, abs]];
  });
  for (const [rel, abs] of files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    hash.update(`${rel.replaceAll("\\", "/")}\n`);
    hash.update(abs ? readFileSync(abs) : "(absent)");
    hash.update("\n");
  }
  return hash.digest("hex");
}

/** The code a warehouse depends on: the reader, this builder and what it writes into the warehouse. */
export const WAREHOUSE_SOURCES = ["scripts/file-hash.mjs", "src/ingest", "src/calendar.ts", "src/period.ts", "loaders/warehouse.ts", "loaders/warehouse", "loaders/weather.ts", "loaders/duck.ts", "loaders/vectors.ts", "loaders/holidays.ts", "data/weather"];
/** The code the synthetic data depends on. */
export const SYNTH_SOURCES = ["src/synth", "loaders/generate.ts"];

/** The installed DuckDB binding's version: its file format and reader behaviour are part of the result. */
export function duckdbVersion(): string {
  try {
    let dir = dirname(createRequire(import.meta.url).resolve("@duckdb/node-api"));
    while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir);
    return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {version?: string}).version ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * The data version: a content hash of the six files and the weather export (not size or mtime),
 * plus the reader's source code and the options that change the result. With stampDir, a file's
 * hash is reused while its size, mtime, ctime and inode stay the same.
 */
export async function warehouseKey({files, weather, station, source, bounds, stampDir}: {files: Record<RawFile, string>; weather: WeatherChoice; station: number; source: Source; bounds: {start: string; end: string}; stampDir?: string}): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`warehouse v2\ncode ${sourceHash(WAREHOUSE_SOURCES)}\nduckdb ${duckdbVersion()}\nstation ${station}\nsource ${source}\nperiod ${bounds.start}..${bounds.end}\n`);
  for (const f of RAW_FILES) hash.update(`${f} ${await hashFile(files[f], stampDir)}\n`);
  hash.update(`weather ${weather.origin} ${weather.path ? await hashFile(weather.path, stampDir) : "none"}\n`);
  return hash.digest("hex").slice(0, 20);
}
