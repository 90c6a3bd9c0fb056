import {LIST, listValue, VARCHAR} from "@duckdb/node-api";
import {createHash} from "node:crypto";
import {createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {open} from "node:fs/promises";
import {hostname} from "node:os";
import {createRequire} from "node:module";
import {basename, dirname, join, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {addDays, daysBetween, isIsoDate} from "../src/calendar.js";
import {guessEncoding, hasUtf8Bom, stripUtf8Bom, trimIncompleteUtf8, utf8Problem} from "../src/ingest/encoding.js";
import {DataError} from "../src/ingest/errors.js";
import {matchRawFile, pickRawFiles} from "../src/ingest/files.js";
import type {FileReport, IngestReport, PeriodReport, QuarantineReason} from "../src/ingest/report.js";
import {firstRecord, RecordScanner} from "../src/ingest/rfc4180.js";
import {FILE_SPECS, INGEST_ORDER, mapHeader, type FileSpec} from "../src/ingest/specs.js";
import {
  cellCountsSql,
  classifySql,
  countDuplicatesSql,
  DEFAULT_MAX_LINE_BYTES,
  insertQuarantineSql,
  PLAUSIBLE_DATES,
  masterPriceSql,
  quarantineDuplicatesSql,
  rejectLinesSql,
  renumberSql,
  stageOnlyColumns,
  type SqlParam
} from "../src/ingest/sql.js";
import {LINE_VIEW, RAW_FILES, WAREHOUSE_DDL, type RawFile} from "../src/ingest/tables.js";
import {openDuck, type Duck} from "./duck.js";
import {loadCalendar} from "./holidays.js";
import {BUNDLED_WEATHER_STATION, chooseWeatherFile, readWeatherFile, weatherOfPeriod, type WeatherChoice} from "./weather.js";
import {migrationSplit} from "../src/period.js";

export type Source = "synthetic" | "real";
export type Scale = "tiny" | "demo" | "full";

export interface WarehouseInfo {
  path: string;
  key: string;
  source: Source;
  dataDir: string;
  built: boolean;
}

/** What loaders/generate.ts provides (a stub can be injected in tests). */
export type GenerateDataset = (options: {outDir: string; scale?: Scale; seed?: number; hostileKeywords?: string[]; log?: (m: string) => void}) => Promise<{outDir: string; weatherFile?: string; truthFile?: string}>;

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_CACHE_DIR = join(PROJECT_ROOT, ".cache");
export const DEFAULT_SCALE: Scale = "demo";
export const DEFAULT_SEED = 20180401;
export const DEFAULT_STATION = 108;
/**
 * Hostile keywords the default synthetic twin plants among the top searches, so the published site
 * and its browser tests show that keyword text is rendered and downloaded inert.
 */
export const PLANTED_HOSTILE_KEYWORDS: readonly string[] = ["<img src=x onerror=alert(1)>", '=HYPERLINK("http://x","y")'];
const SAMPLE_BYTES = 1 << 20;
const CHUNK_BYTES = 1 << 20;
const HASH = "blake2b512";
/** Warehouses kept in the cache after a build (older data versions are deleted). */
const KEEP_WAREHOUSES = 3;

const stderrLog = (m: string) => process.stderr.write(`${m}\n`);

// ---------------------------------------------------------------------------------------------
// Locating and pre-scanning the raw files

/** The six files of a directory, by role (absolute paths). */
export function locateRawFiles(dir: string): Record<RawFile, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DataError(dir, "data directory does not exist");
  const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile());
  const picked = pickRawFiles(names, dir);
  return Object.fromEntries(RAW_FILES.map((f) => [f, join(dir, picked[f])])) as Record<RawFile, string>;
}

interface Prescan {
  path: string;
  bytes: number;
  header: string[];
  index: Record<string, number>;
  extra: string[];
  physicalLines: number;
  /** Data row numbers of blank lines, when the file has any. */
  blank: number[];
  /** Records the JS scanner counted (header included), when it ran. */
  scannedRecords: number | null;
  ms: number;
}

async function readSample(path: string, bytes: number): Promise<Buffer> {
  const fd = await open(path, "r");
  try {
    const buf = Buffer.alloc(Math.min(bytes, SAMPLE_BYTES));
    const {bytesRead} = await fd.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

const BLANK_PATTERNS = ["\n\n", "\n\r\n", "\r\r"].map((p) => Buffer.from(p));

/**
 * Header, encoding and shape checks before DuckDB reads a file: one DataError for an empty file, a
 * non-UTF-8 file, a missing column or a header without rows. Also counts lines and, only when the
 * file has an empty line somewhere, finds the blank records DuckDB would skip.
 */
async function prescanFile(path: string, spec: FileSpec): Promise<Prescan> {
  const t0 = performance.now();
  const name = basename(path);
  const bytes = statSync(path).size;
  if (bytes === 0) throw new DataError(name, "file is empty (0 bytes)");
  const sample = await readSample(path, bytes);
  const body = stripUtf8Bom(sample);
  if (bytes <= SAMPLE_BYTES && body.toString("utf8").trim() === "") throw new DataError(name, "file is empty (no header, no rows)");
  const encoding = utf8Problem(sample);
  if (encoding) throw new DataError(name, encoding);
  const header = firstRecord(trimIncompleteUtf8(body).toString("utf8"));
  if (!header)
    throw new DataError(name, bytes <= SAMPLE_BYTES ? "the header line has an unterminated quote (it runs to the end of the file)" : `no complete header line in the first ${SAMPLE_BYTES} bytes (an unterminated quote or a header longer than that)`);
  if (header.every((h) => h.trim() === "")) throw new DataError(name, "the first line is blank; expected the header");
  const {index, missing, extra, duplicated} = mapHeader(spec, header);
  const shown = header.slice(0, 12).map((h) => JSON.stringify(h)).join(", ");
  if (missing.length) {
    const hint = header.length === 1 && /[;\t|]/.test(header[0]) ? "; the file does not look comma-separated" : "";
    throw new DataError(name, `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (${spec.label} needs ${spec.columns.map((c) => c.raw).join(", ")}; the header has ${shown}${hint})`);
  }
  if (duplicated.length) throw new DataError(name, `column${duplicated.length > 1 ? "s" : ""} ${duplicated.join(", ")} appear${duplicated.length > 1 ? "" : "s"} twice in the header (${shown})`);

  let lf = 0;
  let cr = 0;
  let last = -1;
  let blankSeen = body.length > 0 && (body[0] === 10 || body[0] === 13);
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, {highWaterMark: CHUNK_BYTES}) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lf++;
    for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) cr++;
    if (!blankSeen) {
      const seam = Buffer.concat([tail, chunk.subarray(0, 2)]);
      blankSeen = BLANK_PATTERNS.some((p) => chunk.includes(p) || seam.includes(p));
      tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 2)));
    }
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  const breaks = lf > 0 ? lf : cr;
  const physicalLines = breaks + (last === 10 || last === 13 ? 0 : 1);
  if (physicalLines <= 1) throw new DataError(name, `has a header but no data rows (${spec.label})`);

  let blank: number[] = [];
  let scannedRecords: number | null = null;
  if (blankSeen) {
    const scanner = new RecordScanner();
    let first = true;
    for await (const chunk of createReadStream(path, {highWaterMark: CHUNK_BYTES}) as AsyncIterable<Buffer>) {
      scanner.feed(first && hasUtf8Bom(chunk) ? chunk.subarray(3) : chunk);
      first = false;
    }
    const result = scanner.finish();
    scannedRecords = result.records;
    blank = result.blank.map((r) => r - 1);
  }
  return {path, bytes, header, index, extra, physicalLines, blank, scannedRecords, ms: Math.round(performance.now() - t0)};
}

// ---------------------------------------------------------------------------------------------
// Ingesting one file

interface IngestOptions {
  maxLineBytes: number;
  log: (m: string) => void;
  /** SESS_DT bounds */
  period: {start: string; end: string};
}

async function one<T>(duck: Duck, sql: string, params?: Record<string, SqlParam>): Promise<T> {
  return (await duck.query<T>(sql, params))[0];
}

/** Bad-encoding rows above this share mean the whole file is in another encoding, not a few broken rows. */
function tooManyBadEncoding(n: number, rows: number): boolean {
  return n > Math.max(100, rows / 100);
}

/** Column names, types and nullability of a table, in order. */
async function tableShape(duck: Duck, table: string): Promise<{name: string; type: string; nullable: boolean}[]> {
  return duck.query(
    `SELECT column_name AS name, data_type AS type, is_nullable = 'YES' AS nullable FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $t ORDER BY ordinal_position`,
    {t: table}
  );
}

async function ingestFile(duck: Duck, spec: FileSpec, pre: Prescan, {maxLineBytes, log, period}: IngestOptions): Promise<FileReport> {
  const t0 = performance.now();
  const f = spec.file;
  const name = basename(pre.path);
  const t = {stage: `stage_${f}`, stage2: `stage2_${f}`, rej: `rej_${f}`, rejScan: `rejscan_${f}`, rejl: `rejl_${f}`, blank: `blank_${f}`, skip: `skip_${f}`};
  for (const table of Object.values(t)) await duck.run(`DROP TABLE IF EXISTS ${table}`);

  const {sql, params} = classifySql(spec, {
    path: pre.path,
    index: pre.index,
    columnCount: pre.header.length,
    table: t.stage,
    rejectsTable: t.rej,
    rejectsScan: t.rejScan,
    maxLineBytes,
    period,
    sessionTable: "session",
    masterTable: "master_px"
  });
  // Keep the written join order (the small Session/Master side is the hash table): the CSV scan's row
  // estimate can be far too low, and building the hash table over millions of wide rows is slow.
  await duck.run("SET disabled_optimizers = 'build_side_probe_side'");
  try {
    await duck.run(sql, params);
  } finally {
    await duck.run("RESET disabled_optimizers");
  }
  await duck.run(rejectLinesSql(t.rejl, t.rej));
  if (pre.blank.length) await duck.run(`CREATE TEMP TABLE ${t.blank} AS SELECT CAST(unnest(string_split($list, ',')) AS BIGINT) AS r`, {list: pre.blank.join(",")});
  else await duck.run(`CREATE TEMP TABLE ${t.blank} (r BIGINT)`);

  const counts = await one<{parsed: number; rejected: number; blank: number}>(
    duck,
    `SELECT (SELECT count(*) FROM ${t.stage}) AS parsed, (SELECT count(*) FROM ${t.rejl}) AS rejected, (SELECT count(*) FROM ${t.blank}) AS blank`
  );
  const rowsRead = counts.parsed + counts.rejected + counts.blank;
  const enc = await one<{n: number; line: number | null; pos: number | null}>(duck, `SELECT count(*) AS n, min(line_no) AS line, min(byte_position) AS pos FROM ${t.rejl} WHERE reason = 'bad_encoding'`);
  if (tooManyBadEncoding(enc.n, rowsRead)) {
    let guess = guessEncoding(await readSample(pre.path, pre.bytes));
    if (enc.pos !== null) {
      const fd = await open(pre.path, "r");
      try {
        const buf = Buffer.alloc(4096);
        const {bytesRead} = await fd.read(buf, 0, buf.length, Math.max(0, enc.pos - 64));
        guess = guessEncoding(buf.subarray(0, bytesRead));
      } finally {
        await fd.close();
      }
    }
    throw new DataError(name, `not UTF-8: ${enc.n} of ${rowsRead} rows have invalid bytes (first at line ${enc.line}); it looks like ${guess}. Re-save it as UTF-8`);
  }

  if (counts.rejected + counts.blank > 0) {
    await duck.run(`CREATE TEMP TABLE ${t.skip} AS SELECT line_no AS r FROM ${t.rejl} UNION ALL SELECT r FROM ${t.blank}`);
    await duck.run(renumberSql(t.stage, t.skip, t.stage2));
    await duck.run(`DROP TABLE ${t.stage}`);
    await duck.run(`ALTER TABLE ${t.stage2} RENAME TO ${t.stage}`);
  }

  let duplicates = 0;
  if (spec.duplicates === "quarantine") {
    await duck.run(quarantineDuplicatesSql(spec, t.stage));
    duplicates = (await one<{n: number}>(duck, `SELECT count(*) AS n FROM ${t.stage} WHERE reason = 'duplicate_key'`)).n;
  } else duplicates = (await one<{n: number}>(duck, countDuplicatesSql(spec, t.stage))).n;

  await duck.run(insertQuarantineSql(t.stage, t.rejl, t.blank), {file: f});
  const reasons = await duck.query<{reason: QuarantineReason; n: number}>(`SELECT reason, count(*) AS n FROM quarantine WHERE file = $file GROUP BY reason ORDER BY reason`, {file: f});
  const quarantined: Partial<Record<QuarantineReason, number>> = {};
  for (const r of reasons) quarantined[r.reason] = r.n;
  const rowsQuarantined = reasons.reduce((s, r) => s + r.n, 0);
  const cells = await one<Record<string, number>>(duck, cellCountsSql(spec, t.stage));
  const stats = await one<{accepted: number; scaled: number}>(
    duck,
    `SELECT count(*) FILTER (WHERE reason IS NULL) AS accepted, ${f === "product" ? "count(*) FILTER (WHERE reason IS NULL AND price_scaled)" : "0"} AS scaled FROM ${t.stage}`
  );
  const rowsAccepted = stats.accepted;
  if (rowsRead !== rowsAccepted + rowsQuarantined) throw new Error(`${name}: reconciliation failed: read ${rowsRead} ≠ accepted ${rowsAccepted} + quarantined ${rowsQuarantined}`);

  // The stage becomes the table: drop the quarantined rows and the bookkeeping columns, check the
  // shape against the contract, and swap it in (no second copy of a multi-million-row table).
  const contract = await tableShape(duck, f);
  await duck.run(`DELETE FROM ${t.stage} WHERE reason IS NOT NULL`);
  for (const col of stageOnlyColumns(spec)) await duck.run(`ALTER TABLE ${t.stage} DROP COLUMN ${col}`);
  const staged = await tableShape(duck, t.stage);
  const same = staged.length === contract.length && staged.every((c, i) => c.name === contract[i].name && c.type === contract[i].type);
  if (!same) throw new Error(`stage for ${f} does not match the warehouse contract: ${JSON.stringify(staged)} vs ${JSON.stringify(contract)}`);
  await duck.run(`DROP TABLE ${f}`);
  await duck.run(`ALTER TABLE ${t.stage} RENAME TO ${f}`);
  for (const col of contract.filter((c) => !c.nullable)) await duck.run(`ALTER TABLE ${f} ALTER COLUMN ${col.name} SET NOT NULL`);

  const na: Record<string, number> = {};
  const notSet: Record<string, number> = {};
  for (const col of spec.columns) {
    na[col.raw] = cells[`na:${col.raw}`];
    if (col.kind === "text") notSet[col.raw] = cells[`not_set:${col.raw}`];
    await duck.run(`INSERT INTO na_counts VALUES ($file, $col, $na, $not_set)`, {file: f, col: col.raw, na: na[col.raw], not_set: notSet[col.raw] ?? 0});
  }
  await duck.run(`INSERT INTO reconciliation VALUES ($file, $read, $accepted, $quarantined)`, {file: f, read: rowsRead, accepted: rowsAccepted, quarantined: rowsQuarantined});

  const warnings: string[] = [];
  if (pre.scannedRecords !== null && pre.scannedRecords - 1 !== rowsRead)
    warnings.push(`the line scanner counted ${pre.scannedRecords - 1} records but the reader ${rowsRead}; line numbers after the first blank line may be off`);
  if (pre.extra.length) warnings.push(`extra columns ignored: ${pre.extra.join(", ")}`);
  if (rowsAccepted === 0) {
    const top = Object.entries(quarantined).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(", ");
    throw new DataError(name, `no valid rows: all ${rowsRead} rows were quarantined (${top})`);
  }
  for (const table of Object.values(t)) await duck.run(`DROP TABLE IF EXISTS ${table}`);

  const ms = Math.round(performance.now() - t0);
  log(`warehouse: ${spec.label} ${rowsRead} read, ${rowsAccepted} accepted, ${rowsQuarantined} quarantined (${ms} ms)`);
  return {
    file: f,
    label: spec.label,
    path: pre.path,
    bytes: pre.bytes,
    physicalLines: pre.physicalLines,
    header: pre.header,
    extraColumns: pre.extra,
    rowsRead,
    rowsAccepted,
    rowsQuarantined,
    quarantined,
    duplicates,
    orphans: (quarantined.orphan_session ?? 0) + (quarantined.orphan_pd_c ?? 0),
    priceScaled: stats.scaled,
    na,
    notSet,
    warnings,
    prescanMs: pre.ms,
    ms
  };
}

// ---------------------------------------------------------------------------------------------
// Building

/**
 * Insert rows column-wise: one statement, one bound list per column. Lists are bound as VARCHAR[]
 * and cast in SQL; left untyped, the binding guesses a list's type from its first element.
 */
async function insertRows(duck: Duck, table: string, types: readonly string[], rows: readonly SqlParam[][]): Promise<void> {
  if (!rows.length) return;
  const params = types.map((_, j) => listValue(rows.map((r) => (r[j] === null ? null : String(r[j])))));
  const select = types.map((type, j) => `CAST(unnest($${j + 1}) AS ${type})`);
  await duck.connection.run(`INSERT INTO ${table} SELECT ${select.join(", ")}`, params, types.map(() => LIST(VARCHAR)));
}

/** Seed and scale of a synthetic data set, from its truth.json (if the generator wrote them there). */
function syntheticParams(dataDir: string): {seed?: string; scale?: string} {
  const file = join(dataDir, "truth.json");
  if (!existsSync(file)) return {};
  try {
    const truth = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    const pick = (k: string): string | undefined => {
      for (const o of [truth, truth.generator, truth.meta, truth.params, truth.options]) {
        if (o && typeof o === "object" && k in o) return String((o as Record<string, unknown>)[k]);
      }
      return undefined;
    };
    return {seed: pick("seed"), scale: pick("scale")};
  } catch {
    return {};
  }
}

/** "synthetic" when the directory holds the generator's truth.json, else "real". */
export function detectSource(dataDir: string): Source {
  return existsSync(join(dataDir, "truth.json")) ? "synthetic" : "real";
}

export interface PeriodBounds {
  /** first SESS_DT read (YYYY-MM-DD); earlier rows are quarantined as out_of_range_date */
  start?: string;
  /** last SESS_DT read */
  end?: string;
}

export interface BuildOptions {
  dataDir: string;
  /** The DuckDB file to write; an existing file there is replaced, and removed if the build fails. */
  dbPath: string;
  /** KMA ASOS daily export; default: LPOINT_WEATHER_FILE, else a weather export in dataDir, else the bundled 2018 series. */
  weatherFile?: string;
  station?: number;
  /** Narrow the period read (default: LPOINT_PERIOD_START / LPOINT_PERIOD_END, else every plausible date). */
  period?: PeriodBounds;
  env?: NodeJS.ProcessEnv;
  source?: Source;
  log?: (m: string) => void;
  /** The data version recorded in meta; computed from the contents when omitted. */
  key?: string;
  maxLineBytes?: number;
  threads?: number;
  memoryLimit?: string;
  /** Log every statement of the file ingest with its time. */
  profile?: boolean;
}

/** The same connection, logging each statement's wall time. */
function traced(duck: Duck, log: (m: string) => void): Duck {
  const time = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await run();
    } finally {
      log(`  ${Math.round(performance.now() - t0)} ms  ${sql.replace(/\s+/g, " ").slice(0, 100)}`);
    }
  };
  return {...duck, run: (sql, params) => time(sql, () => duck.run(sql, params)), query: (sql, params) => time(sql, () => duck.query(sql, params))};
}

/** SESS_DT bounds: explicit options, else LPOINT_PERIOD_START / LPOINT_PERIOD_END, else the plausible window; checked by name. */
export function resolvePeriodBounds(period: PeriodBounds = {}, env: NodeJS.ProcessEnv = process.env): {start: string; end: string; narrowed: boolean} {
  const pick = (value: string | undefined, name: string, fallback: string) => {
    const v = value ?? (env[name] || undefined);
    if (v === undefined) return {v: fallback, given: false};
    const iso = /^\d{8}$/.test(v) ? `${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}` : v;
    if (!isIsoDate(iso)) throw new DataError("period", `invalid ${value !== undefined ? (name.endsWith("START") ? "--start" : "--end") : name} ${JSON.stringify(v)} (expected YYYY-MM-DD or YYYYMMDD)`);
    return {v: iso, given: true};
  };
  const a = pick(period.start, "LPOINT_PERIOD_START", PLAUSIBLE_DATES.start);
  const b = pick(period.end, "LPOINT_PERIOD_END", PLAUSIBLE_DATES.end);
  if (b.v < a.v) throw new DataError("period", `the period's end ${b.v} is before its start ${a.v}`);
  return {start: a.v, end: b.v, narrowed: a.given || b.given};
}

/**
 * Runs of at least `minDays` days without any session that cut off a sliver of the data (at most 1% of
 * the sessions on one side) and are longer than the rest of the data spans: what a mistyped year
 * leaves. A quiet month in sparse data is not one.
 */
async function sessionGaps(duck: Duck, minDays = 31): Promise<PeriodReport["gaps"]> {
  const rows = await duck.query<{d: string; next: string}>(
    `WITH days AS (SELECT sess_dt AS d, count(*) AS n FROM session GROUP BY ALL),
     run AS (SELECT d, lead(d) OVER (ORDER BY d) AS next, sum(n) OVER (ORDER BY d) AS upto, sum(n) OVER () AS total,
               min(d) OVER () AS first, max(d) OVER () AS last FROM days)
     SELECT strftime(d, '%Y-%m-%d') AS d, strftime(next, '%Y-%m-%d') AS next FROM run
     WHERE date_diff('day', d, next) > $min AND least(upto, total - upto) <= greatest(1, total / 100)
       AND date_diff('day', d, next) > CASE WHEN upto <= total - upto THEN date_diff('day', next, last) ELSE date_diff('day', first, d) END
     ORDER BY d`,
    {min: minDays}
  );
  return rows.map((r) => ({from: addDays(r.d, 1), to: addDays(r.next, -1), days: daysBetween(r.d, r.next) - 1}));
}

/** Read the six files and the weather export into a new DuckDB warehouse at dbPath. */
export async function buildWarehouse({
  dataDir,
  dbPath,
  weatherFile,
  station = DEFAULT_STATION,
  period,
  env = process.env,
  source,
  log = stderrLog,
  key,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
  threads,
  memoryLimit,
  profile = false
}: BuildOptions): Promise<IngestReport> {
  const t0 = performance.now();
  const dir = resolve(dataDir);
  const files = locateRawFiles(dir);
  const bounds = resolvePeriodBounds(period, env);
  const choice = chooseWeatherFile({weatherFile, env, dataDir: dir});
  // read (and checked) before the long ingest, so a broken weather file fails fast
  const parsedWeather = choice.path ? await readWeatherFile(choice.path, {station: choice.origin === "bundled" ? BUNDLED_WEATHER_STATION : station}) : null;
  const pre = {} as Record<RawFile, Prescan>;
  for (const f of INGEST_ORDER) pre[f] = await prescanFile(files[f], FILE_SPECS[f]);
  const src = source ?? detectSource(dir);
  const version = key ?? (await warehouseKey({files, weather: choice, station, source: src, bounds}));

  const leftovers = [dbPath, `${dbPath}.wal`, `${dbPath}.tmp`];
  for (const p of leftovers) rmSync(p, {recursive: true, force: true});
  const duck = await openDuck(dbPath, {threads, memoryLimit});
  const reports = {} as Record<RawFile, FileReport>;
  let weather: ReturnType<typeof weatherOfPeriod> | null = null;
  let span: {start: string; end: string} | null = null;
  let gaps: PeriodReport["gaps"] = [];
  let done = false;
  try {
    await duck.run(WAREHOUSE_DDL);
    for (const f of INGEST_ORDER) {
      // One transaction per file: the many small DDL steps then cost one commit, not one each.
      await duck.run("BEGIN TRANSACTION");
      try {
        reports[f] = await ingestFile(profile ? traced(duck, log) : duck, FILE_SPECS[f], pre[f], {maxLineBytes, log, period: bounds});
        await duck.run("COMMIT");
      } catch (e) {
        await duck.run("ROLLBACK").catch(() => undefined);
        throw e;
      }
      if (f === "master") {
        const {sql, params} = masterPriceSql("master_px");
        await duck.run("DROP TABLE IF EXISTS master_px");
        await duck.run(sql, params);
      }
      if (f === "session") {
        // The period is the data's own: known once the sessions are in, and the weather is checked
        // against it before the larger files are read.
        span = await one<{start: string; end: string}>(duck, "SELECT strftime(min(sess_dt), '%Y-%m-%d') AS start, strftime(max(sess_dt), '%Y-%m-%d') AS end FROM session");
        gaps = await sessionGaps(duck);
        try {
          weather = weatherOfPeriod(choice, parsedWeather, {station, ...span});
        } catch (e) {
          // a weather file that misses the period's days is often a mistyped session date in disguise
          if (!(e instanceof DataError) || !gaps.length) throw e;
          throw new DataError(e.file, `${e.problem}. Note: 05.Session has no session from ${gaps[0].from} to ${gaps[0].to}, which looks like a mistyped date; narrow the period with --start/--end`);
        }
      }
    }
    await duck.run("DROP TABLE IF EXISTS master_px");
    if (!span || !weather) throw new Error("internal: the session file was not ingested");
    const {start, end} = span;

    const weatherSource = weather.days.length ? `KMA ASOS ${station}${weather.report.stationName ? ` ${weather.report.stationName}` : ""} (${basename(weather.report.file!)}${weather.report.origin === "bundled" ? ", bundled" : ""})` : "none";
    await insertRows(duck, "weather", ["DATE", "DOUBLE", "DOUBLE", "INTEGER", "VARCHAR"], weather.days.map((d) => [d.date, d.tempMean, d.precipMm, d.station, weatherSource]));
    await duck.run(`INSERT INTO reconciliation VALUES ('weather', $n, $n, 0)`, {n: weather.days.length});
    const calendar = await loadCalendar(start, end);
    await insertRows(duck, "calendar", ["DATE", "INTEGER", "BOOLEAN", "BOOLEAN", "VARCHAR", "VARCHAR", "BOOLEAN"], calendar.days.map((d) => [d.date, d.weekday, d.holiday, d.dayOff, d.name, d.nameEn, d.known]));
    const split = migrationSplit(start, end);
    const holidaysKnown = calendar.unknownYears.length === 0;
    await duck.run(`INSERT INTO period VALUES ($start::DATE, $end::DATE, $days, $split::DATE, $holidays, $weather)`, {
      start, end, days: calendar.days.length, split, holidays: holidaysKnown, weather: weather.days.length > 0
    });
    await duck.run(LINE_VIEW);

    const periodReport: PeriodReport = {
      start, end, days: calendar.days.length, bounds: {start: bounds.start, end: bounds.end}, narrowed: bounds.narrowed, gaps,
      holidays: {source: calendar.source, knownYears: calendar.knownYears, unknownYears: calendar.unknownYears}
    };
    const notes = [
      ...(weather.report.note ? [weather.report.note] : []),
      ...(holidaysKnown ? [] : [`holidays are unknown for ${calendar.unknownYears.join(", ")} (the bundled holiday list, ${calendar.source}, has no year for ${calendar.unknownYears.length > 1 ? "them" : "it"}): the models run without the holiday input`]),
      ...gaps.map((g) => `no session at all from ${g.from} to ${g.to} (${g.days} days) inside the period ${start}..${end}: a mistyped date? Narrow the period with --start/--end (LPOINT_PERIOD_START/END)`)
    ];
    for (const n of notes) log(`note: ${n}`);

    const synth = src === "synthetic" ? syntheticParams(dir) : {};
    const report: IngestReport = {dbPath, dataDir: dir, source: src, key: version, files: reports, weather: weather.report, period: periodReport, calendarDays: calendar.days.length, notes, ms: 0};
    // Without paths and timings, so the same data gives the same meta on any machine.
    const stable = {
      source: src,
      key: version,
      files: Object.fromEntries(RAW_FILES.map((f) => [f, {...reports[f], path: basename(reports[f].path), ms: undefined, prescanMs: undefined}])),
      weather: {...weather.report, file: weather.report.file ? basename(weather.report.file) : null},
      period: periodReport,
      calendarDays: calendar.days.length,
      notes
    };
    const meta: [string, string | undefined][] = [
      ["source", src],
      ["data_version", version],
      ["data_dir_name", basename(dir)],
      ["seed", synth.seed],
      ["scale", synth.scale],
      ["period_start", start],
      ["period_end", end],
      ["built_at", end],
      ["duckdb_version", duckdbVersion()],
      ["weather_station", String(station)],
      ["weather_source", weatherSource],
      ["weather_origin", weather.report.origin],
      ...RAW_FILES.flatMap((f): [string, string][] => [
        [`rows_${f}`, String(reports[f].rowsAccepted)],
        [`read_${f}`, String(reports[f].rowsRead)],
        [`quarantined_${f}`, String(reports[f].rowsQuarantined)]
      ]),
      ["price_scaled", String(reports.product.priceScaled)],
      ["notes", JSON.stringify(notes)],
      ["ingest_report", JSON.stringify(stable)]
    ];
    await insertRows(duck, "meta", ["VARCHAR", "VARCHAR"], meta.filter((m): m is [string, string] => m[1] !== undefined));
    await duck.run("CHECKPOINT");
    report.ms = Math.round(performance.now() - t0);
    log(`warehouse: built ${dbPath} in ${report.ms} ms`);
    done = true;
    return report;
  } finally {
    duck.close();
    // A failed build leaves nothing that could be mistaken for a warehouse.
    if (!done) for (const p of leftovers) rmSync(p, {recursive: true, force: true});
  }
}

// ---------------------------------------------------------------------------------------------
// Cache key

async function hashFile(path: string, stampDir?: string): Promise<string> {
  // Every loader is its own process and asks for the key; re-reading a gigabyte each time dominated
  // small loaders at full scale. The hash is remembered per (size, mtime, ctime, inode) like git's
  // index: ctime cannot be set back by tools, so an edit with size and mtime restored is still seen.
  const st = statSync(path, {bigint: true});
  const stamp = `${HASH} ${st.size} ${st.mtimeNs} ${st.ctimeNs} ${st.ino} ${st.dev}`;
  const stampFile = stampDir ? join(stampDir, `${createHash("sha256").update(resolve(path)).digest("hex").slice(0, 24)}.json`) : null;
  if (stampFile && existsSync(stampFile)) {
    try {
      const saved = JSON.parse(readFileSync(stampFile, "utf8")) as {stamp?: string; hash?: string};
      if (saved.stamp === stamp && typeof saved.hash === "string") return saved.hash;
    } catch {
      // a torn or foreign stamp file: hash again
    }
  }
  const hash = createHash(HASH);
  for await (const chunk of createReadStream(path, {highWaterMark: CHUNK_BYTES}) as AsyncIterable<Buffer>) hash.update(chunk);
  const digest = hash.digest("hex");
  if (stampFile) {
    mkdirSync(stampDir!, {recursive: true});
    const tmp = `${stampFile}.tmp-${process.pid}`;
    writeFileSync(tmp, JSON.stringify({path: resolve(path), stamp, hash: digest}));
    renameSync(tmp, stampFile);
  }
  return digest;
}

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
export const WAREHOUSE_SOURCES = ["src/ingest", "src/calendar.ts", "src/period.ts", "loaders/warehouse.ts", "loaders/weather.ts", "loaders/duck.ts", "loaders/holidays.ts", "data/weather"];
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

// ---------------------------------------------------------------------------------------------
// Locking: one builder per key across processes

export interface LockOptions {
  log?: (m: string) => void;
  /** A lock whose owner has not refreshed it for this long (or whose pid is gone) is stale. */
  staleMs?: number;
  timeoutMs?: number;
  pollMs?: number;
}

interface Owner {
  pid: number;
  host: string;
  started: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function readOwner(lockDir: string): Owner | null {
  try {
    return JSON.parse(readFileSync(join(lockDir, "owner.json"), "utf8")) as Owner;
  } catch {
    return null;
  }
}

function ageMs(path: string): number {
  try {
    return Date.now() - statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function isStale(lockDir: string, staleMs: number): boolean {
  const owner = readOwner(lockDir);
  if (!owner) return existsSync(lockDir) && ageMs(lockDir) > staleMs;
  if (owner.host === hostname() && !alive(owner.pid)) return true;
  return ageMs(join(lockDir, "owner.json")) > staleMs;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Run fn while holding a cross-process lock (an atomic mkdir). The owner refreshes owner.json as a
 * heartbeat; a lock whose pid is gone or whose heartbeat stopped is broken by one waiter at a time
 * (a second mkdir'd "steal" directory), so a killed builder never blocks the others forever.
 */
export async function withLock<T>(lockDir: string, fn: () => Promise<T>, {log = stderrLog, staleMs = 60_000, timeoutMs = 60 * 60_000, pollMs = 200}: LockOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (isStale(lockDir, staleMs)) {
      const steal = `${lockDir}.steal`;
      try {
        mkdirSync(steal);
        try {
          if (isStale(lockDir, staleMs)) {
            log(`lock: breaking stale lock ${lockDir} (owner ${JSON.stringify(readOwner(lockDir))})`);
            rmSync(lockDir, {recursive: true, force: true});
          }
        } finally {
          rmSync(steal, {recursive: true, force: true});
        }
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        if (ageMs(steal) > staleMs) rmSync(steal, {recursive: true, force: true});
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${lockDir} (held by ${JSON.stringify(readOwner(lockDir))})`);
    if (!told) {
      const owner = readOwner(lockDir);
      log(`lock: waiting for ${owner ? `pid ${owner.pid}` : "another process"} (${basename(lockDir)})`);
      told = true;
    }
    await sleep(pollMs);
  }
  const ownerFile = join(lockDir, "owner.json");
  writeFileSync(ownerFile, JSON.stringify({pid: process.pid, host: hostname(), started: new Date().toISOString()} satisfies Owner));
  const beat = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(ownerFile, now, now);
    } catch {
      // The lock was broken by someone who judged it stale; fn's result is still written atomically.
    }
  }, Math.max(50, Math.floor(staleMs / 4)));
  beat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(beat);
    rmSync(lockDir, {recursive: true, force: true});
  }
}

// ---------------------------------------------------------------------------------------------
// Data directory, synthetic twin, cached warehouse

function envScale(env: NodeJS.ProcessEnv): Scale {
  const s = env.LPOINT_SYNTH_SCALE ?? DEFAULT_SCALE;
  if (s !== "tiny" && s !== "demo" && s !== "full") throw new Error(`invalid LPOINT_SYNTH_SCALE: ${JSON.stringify(s)} (expected tiny, demo or full)`);
  return s;
}

function envSeed(env: NodeJS.ProcessEnv): number {
  const text = env.LPOINT_SYNTH_SEED;
  if (text === undefined || text === "") return DEFAULT_SEED;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new Error(`invalid LPOINT_SYNTH_SEED: ${JSON.stringify(text)} (expected an integer)`);
  return seed;
}

function hasAnyRawFile(dir: string): boolean {
  try {
    return readdirSync(dir).some((n) => matchRawFile(n) !== null);
  } catch {
    return false;
  }
}

/**
 * Where the data comes from: LPOINT_DATA_DIR; else data/raw/ when it holds any of the six files
 * (then all six must be there: a partial set is an error at build, never a silent fallback);
 * else the synthetic twin in .cache/synthetic/<scale>-<seed>/.
 */
export function resolveDataDir({env = process.env, root = PROJECT_ROOT, cacheDir = join(root, ".cache")}: {env?: NodeJS.ProcessEnv; root?: string; cacheDir?: string} = {}): {
  dir: string;
  source: Source;
} {
  if (env.LPOINT_DATA_DIR) {
    const dir = resolve(root, env.LPOINT_DATA_DIR);
    return {dir, source: detectSource(dir)};
  }
  const raw = join(root, "data", "raw");
  if (hasAnyRawFile(raw)) return {dir: raw, source: "real"};
  return {dir: join(cacheDir, "synthetic", `${envScale(env)}-${envSeed(env)}`), source: "synthetic"};
}

async function loadGenerator(): Promise<GenerateDataset> {
  // Loaded on demand: a build on real data never pays for the generator.
  const {generateDataset} = await import("./generate.js");
  return generateDataset;
}

function hasSixFiles(dir: string): boolean {
  try {
    locateRawFiles(dir);
    return true;
  } catch {
    return false;
  }
}

/** Generate the synthetic data set into dir unless it is there already from the same generator code. */
export async function ensureSynthetic({dir, scale, seed, log = stderrLog, generate, lock}: {dir: string; scale: Scale; seed: number; log?: (m: string) => void; generate?: GenerateDataset; lock?: LockOptions}): Promise<void> {
  const want = `${scale} ${seed} ${sourceHash(SYNTH_SOURCES)} ${JSON.stringify(PLANTED_HOSTILE_KEYWORDS)}`;
  const stampFile = join(dir, ".generator");
  const fresh = () => existsSync(stampFile) && readFileSync(stampFile, "utf8") === want && hasSixFiles(dir);
  if (fresh()) return;
  mkdirSync(resolve(dir, ".."), {recursive: true});
  await withLock(`${dir}.lock`, async () => {
    if (fresh()) return;
    removeDeadTemps(resolve(dir, ".."));
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, {recursive: true, force: true});
    mkdirSync(tmp, {recursive: true});
    const t0 = performance.now();
    log(`synthetic: generating ${scale} data set, seed ${seed} …`);
    try {
      await (generate ?? (await loadGenerator()))({outDir: tmp, scale, seed, log, hostileKeywords: [...PLANTED_HOSTILE_KEYWORDS]});
      writeFileSync(join(tmp, ".generator"), want);
      const old = `${dir}.old-${process.pid}`;
      if (existsSync(dir)) renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, {recursive: true, force: true});
    } catch (e) {
      rmSync(tmp, {recursive: true, force: true});
      throw e;
    }
    log(`synthetic: ${dir} in ${Math.round(performance.now() - t0)} ms`);
  }, {log, ...lock});
}

/** Remove leftovers of builds whose process is gone (a killed build never becomes a warehouse). */
function removeDeadTemps(dir: string): void {
  for (const name of readdirSync(dir)) {
    const m = /\.(?:tmp|old)-(\d+)(?:\.wal|\.tmp)?$/.exec(name);
    if (m && !alive(Number(m[1]))) rmSync(join(dir, name), {recursive: true, force: true});
  }
}

function pruneWarehouses(dir: string, keep: string): void {
  const files = readdirSync(dir)
    .filter((n) => /^[0-9a-f]+\.duckdb$/.test(n) && n !== basename(keep))
    .map((n) => ({n, t: statSync(join(dir, n)).mtimeMs}))
    .sort((a, b) => b.t - a.t);
  for (const {n} of files.slice(KEEP_WAREHOUSES - 1)) rmSync(join(dir, n), {force: true});
}

export interface EnsureOptions {
  /** Default: resolveDataDir(). */
  dataDir?: string;
  /** Default: <project>/.cache. */
  cacheDir?: string;
  log?: (m: string) => void;
  /** Default: LPOINT_WEATHER_FILE, else a weather export in the data directory, else the bundled 2018 series. */
  weatherFile?: string;
  /** Default: LPOINT_STATION, else 108. */
  station?: number;
  /** Default: LPOINT_PERIOD_START / LPOINT_PERIOD_END. */
  period?: PeriodBounds;
  env?: NodeJS.ProcessEnv;
  /** Project root holding data/raw/ (default: this repository). */
  root?: string;
  /** The synthetic generator (default: loaders/generate.ts). */
  generate?: GenerateDataset;
  lock?: LockOptions;
}

/**
 * The warehouse for the current data, built once per data version. Concurrent callers (Framework
 * runs data loaders as separate processes) wait for the one builder; the file appears by an atomic
 * rename only when complete.
 */
export async function ensureWarehouse({dataDir, cacheDir = DEFAULT_CACHE_DIR, log = stderrLog, weatherFile, station, period, env = process.env, root = PROJECT_ROOT, generate, lock}: EnsureOptions = {}): Promise<WarehouseInfo> {
  let dir: string;
  let source: Source;
  if (dataDir) {
    dir = resolve(dataDir);
    source = detectSource(dir);
  } else {
    ({dir, source} = resolveDataDir({env, root, cacheDir}));
    if (source === "synthetic" && !env.LPOINT_DATA_DIR) await ensureSynthetic({dir, scale: envScale(env), seed: envSeed(env), log, generate, lock});
  }
  const stationNo = station ?? (env.LPOINT_STATION ? Number(env.LPOINT_STATION) : DEFAULT_STATION);
  if (!Number.isInteger(stationNo) || stationNo <= 0) throw new Error(`invalid station: ${JSON.stringify(station ?? env.LPOINT_STATION)} (expected a KMA station number such as 108)`);
  const files = locateRawFiles(dir);
  const weather = chooseWeatherFile({weatherFile, env, dataDir: dir});
  const bounds = resolvePeriodBounds(period, env);
  const key = await warehouseKey({files, weather, station: stationNo, source, bounds, stampDir: join(resolve(cacheDir), "hashes")});
  const whDir = join(resolve(cacheDir), "warehouse");
  mkdirSync(whDir, {recursive: true});
  const path = join(whDir, `${key}.duckdb`);
  const info = {path, key, source, dataDir: dir};
  if (existsSync(path)) return {...info, built: false};
  return withLock(
    `${path}.lock`,
    async () => {
      if (existsSync(path)) return {...info, built: false};
      removeDeadTemps(whDir);
      const tmp = `${path}.tmp-${process.pid}`;
      try {
        await buildWarehouse({dataDir: dir, dbPath: tmp, weatherFile, station: stationNo, period: bounds, env, source, log, key});
        if (existsSync(`${tmp}.wal`)) throw new Error(`${tmp}: write-ahead log left after checkpoint`);
        renameSync(tmp, path);
      } finally {
        for (const p of [tmp, `${tmp}.wal`, `${tmp}.tmp`]) rmSync(p, {recursive: true, force: true});
      }
      pruneWarehouses(whDir, path);
      return {...info, built: true};
    },
    {log, ...lock}
  );
}

/** The warehouse, opened read-only (ensureWarehouse first). */
export async function openWarehouse(options: EnsureOptions = {}): Promise<{duck: Duck; info: WarehouseInfo}> {
  const info = await ensureWarehouse(options);
  const duck = await openDuck(info.path, {readOnly: true});
  return {duck, info};
}

