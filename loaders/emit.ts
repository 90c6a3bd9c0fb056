import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {sqlString} from "../src/ingest/sql.js";
import {singleThreaded, type Duck, type Params} from "./duck.js";

/** Round floats to `digits` significant digits so artifacts are small and byte-stable. */
export function roundDeep<T>(value: T, digits = 6): T {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || Number.isInteger(value)) return value;
    return Number(value.toPrecision(digits)) as T;
  }
  if (Array.isArray(value)) return value.map((v) => roundDeep(v, digits)) as T;
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = roundDeep(v, digits);
    return out as T;
  }
  return value;
}

/** Write one JSON artifact to stdout (a Framework data loader's output). NaN becomes null. */
export function emitJson(value: unknown, {digits = 6} = {}): void {
  process.stdout.write(JSON.stringify(roundDeep(value, digits), (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v)));
}

/**
 * Run a query into a Parquet file and write its bytes to stdout. One thread keeps row groups in order
 * so the bytes are the same on every build. The query is copied straight out: DuckDB's COPY takes
 * prepared parameters now, so no temp table holds the rows first.
 */
export async function parquetBytes(duck: Duck, sql: string, params?: Params): Promise<Buffer> {
  const dir = mkdtempSync(join(tmpdir(), "lpoint-parquet-"));
  const file = join(dir, "out.parquet");
  try {
    await singleThreaded(duck, () => duck.run(`COPY (${sql}) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000)`, params));
    return readFileSync(file);
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}

export async function emitParquet(duck: Duck, sql: string, params?: Params): Promise<void> {
  process.stdout.write(await parquetBytes(duck, sql, params));
}

/** Loader log line (stderr, so stdout stays the artifact). */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
