// The whole warehouse: the six files, the period, weather and calendar, and the meta a page reads.
import {LIST, listValue, VARCHAR} from "@duckdb/node-api";
import {rmSync} from "node:fs";
import {basename, resolve} from "node:path";
import {addDays, daysBetween, isIsoDate} from "../../src/calendar.js";
import {DataError} from "../../src/ingest/errors.js";
import type {FileReport, IngestReport, PeriodReport} from "../../src/ingest/report.js";
import {FILE_SPECS, INGEST_AFTER, INGEST_ORDER} from "../../src/ingest/specs.js";
import {DEFAULT_MAX_LINE_BYTES, PLAUSIBLE_DATES, masterPriceSql, type SqlParam} from "../../src/ingest/sql.js";
import {LINE_VIEW, RAW_FILES, WAREHOUSE_DDL, type RawFile} from "../../src/ingest/tables.js";
import {joinsAsWritten, openDuck, type Duck} from "../duck.js";
import {loadCalendar} from "../holidays.js";
import {BUNDLED_WEATHER_STATION, chooseWeatherFile, readWeatherFile, weatherOfPeriod} from "../weather.js";
import {migrationSplit, MISSING_DAY_MIN_SESSIONS, missingDaysNote} from "../../src/period.js";
import {DEFAULT_STATION, type Source, stderrLog} from "./common.js";
import {detectSource, locateRawFiles, syntheticParams} from "./discover.js";
import {ingestFile, one, transaction} from "./ingest.js";
import {chainWeights, runInLanes} from "./lanes.js";
import {duckdbVersion, warehouseKey} from "./key.js";
import {prescanHeader, type PrescanHeader, scanShape, type Shape} from "./prescan.js";

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

/** Connections reading files at once (the ingest uses DuckDB's threads on each). */
export const INGEST_LANES = 2;

/** Rewrite `table` (with a `file` column) with its rows by file in INGEST_ORDER, each file's rows in the order they went in. */
async function inFileOrder(duck: Duck, table: string): Promise<void> {
  await transaction(duck, async () => {
    await duck.run(`CREATE TEMP TABLE in_order AS SELECT * FROM ${table} ORDER BY list_position($order::VARCHAR[], file), rowid`, {order: listValue([...INGEST_ORDER])});
    await duck.run(`DELETE FROM ${table}`);
    await duck.run(`INSERT INTO ${table} SELECT * FROM in_order`);
    await duck.run("DROP TABLE in_order");
  });
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

/**
 * Runs of days inside the period without a single session, where the data are dense enough that such a
 * day is a gap in the logs rather than a quiet day: the quietest tenth of the days with sessions still
 * has at least `minSessions` (a day that busy comes up empty by chance about e^-minSessions of the time).
 * Sparse data (a few customers) report none: there a day without a visit is just that.
 */
export async function missingDayRuns(duck: Duck, {minSessions = MISSING_DAY_MIN_SESSIONS}: {minSessions?: number} = {}): Promise<PeriodReport["missing"]> {
  // one pass over the sessions' days: the gaps, each with the quietest tenth's sessions
  const rows = await duck.query<{d: string; next: string; p10: number}>(
    `WITH days AS (SELECT sess_dt AS d, count(*) AS n FROM session GROUP BY ALL)
     SELECT strftime(d, '%Y-%m-%d') AS d, strftime(next, '%Y-%m-%d') AS next, p10::DOUBLE AS p10
     FROM (SELECT d, lead(d) OVER (ORDER BY d) AS next, quantile_disc(n, 0.1) OVER () AS p10 FROM days)
     WHERE date_diff('day', d, next) > 1 ORDER BY d`
  );
  if (!rows.length || rows[0].p10 < minSessions) return [];
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
  const heads = {} as Record<RawFile, PrescanHeader>;
  for (const f of INGEST_ORDER) heads[f] = await prescanHeader(files[f], FILE_SPECS[f]);
  // The files are read on INGEST_LANES connections at once, the longest chain of bytes first (see
  // runInLanes). Each file's line count (a read of every byte on this thread) runs meanwhile, one file
  // after another in that order: the ingest waits for a count only after its typed pass, by when the
  // count is mostly done.
  const lanes = {order: INGEST_ORDER, after: INGEST_AFTER, weight: (f: RawFile) => heads[f].bytes};
  const chain = chainWeights(lanes.order, lanes.after, lanes.weight);
  const shapes = {} as Record<RawFile, Promise<Shape>>;
  let previous: Promise<unknown> = Promise.resolve();
  for (const f of [...INGEST_ORDER].sort((a, b) => chain.get(b)! - chain.get(a)!)) {
    shapes[f] = previous.then(() => scanShape(heads[f], FILE_SPECS[f]));
    previous = shapes[f].catch(() => {}); // its error is thrown where the ingest awaits it
  }
  const src = source ?? detectSource(dir);
  const version = key ?? (await warehouseKey({files, weather: choice, station, source: src, bounds}));

  const leftovers = [dbPath, `${dbPath}.wal`, `${dbPath}.tmp`];
  for (const p of leftovers) rmSync(p, {recursive: true, force: true});
  const duck = await openDuck(dbPath, {threads, memoryLimit});
  const reports = {} as Record<RawFile, FileReport>;
  // assigned in runInLanes' callback: typed so that the checks after it are not narrowed to null
  let weather = null as ReturnType<typeof weatherOfPeriod> | null;
  let span = null as {start: string; end: string} | null;
  let gaps: PeriodReport["gaps"] = [];
  let missing: PeriodReport["missing"] = [];
  let done = false;
  try {
    await duck.run(WAREHOUSE_DDL);
    // unless the caller fixed DuckDB's threads, they follow the lanes at work (its default: every core)
    const cores = threads === undefined && !process.env.LPOINT_DUCKDB_THREADS ? (await one<{n: number}>(duck, "SELECT current_setting('threads')::INTEGER AS n")).n : undefined;
    // Every join of the checks is written with the other file on the right, to be built: DuckDB knows a stage
    // (a table of the open transaction) by too few rows, and built its hash tables on the product lines
    // instead, for three times the CPU. The setting is the instance's: it holds for both lanes.
    await joinsAsWritten(duck, () => runInLanes(duck, INGEST_LANES, async (lane, f) => {
      const d = profile ? traced(lane, log) : lane;
      if (f === "product") {
        // a temp table: made on the connection that reads the product file
        const {sql, params} = masterPriceSql("master_px");
        await d.run("DROP TABLE IF EXISTS master_px");
        await d.run(sql, params);
      }
      reports[f] = await ingestFile(d, FILE_SPECS[f], {...heads[f], shape: shapes[f]}, {maxLineBytes, log, period: bounds});
      if (f === "product") await d.run("DROP TABLE master_px");
      if (f === "session") {
        // The period is the data's own: known once the sessions are in, and the weather is checked
        // against it before the files checked against the sessions are read.
        span = await one<{start: string; end: string}>(d, "SELECT strftime(min(sess_dt), '%Y-%m-%d') AS start, strftime(max(sess_dt), '%Y-%m-%d') AS end FROM session");
        gaps = await sessionGaps(d);
        // a run already read as a mistyped date is reported as that, not as lost days
        missing = (await missingDayRuns(d)).filter((m) => !gaps.some((g) => g.from === m.from));
        try {
          weather = weatherOfPeriod(choice, parsedWeather, {station, ...span});
        } catch (e) {
          // a weather file that misses the period's days is often a mistyped session date in disguise
          if (!(e instanceof DataError) || !gaps.length) throw e;
          throw new DataError(e.file, `${e.problem}. Note: 05.Session has no session from ${gaps[0].from} to ${gaps[0].to}, which looks like a mistyped date; narrow the period with --start/--end`);
        }
      }
    }, {...lanes, cores}));
    // the files' rows in these went in as each file ended: put them in INGEST_ORDER, as one connection would
    for (const table of ["quarantine", "na_counts", "reconciliation"]) await inFileOrder(duck, table);
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
      start, end, days: calendar.days.length, bounds: {start: bounds.start, end: bounds.end}, narrowed: bounds.narrowed, gaps, missing,
      holidays: {source: calendar.source, knownYears: calendar.knownYears, unknownYears: calendar.unknownYears}
    };
    const notes = [
      ...RAW_FILES.filter((f) => reports[f].rowsRead === 0 && FILE_SPECS[f].whenEmpty).map((f) => `${FILE_SPECS[f].label} holds its header only: ${FILE_SPECS[f].whenEmpty}`),
      ...(weather.report.note ? [weather.report.note] : []),
      ...(holidaysKnown ? [] : [`holidays are unknown for ${calendar.unknownYears.join(", ")} (the bundled holiday list, ${calendar.source}, has no year for ${calendar.unknownYears.length > 1 ? "them" : "it"}): the models run without the holiday input`]),
      ...gaps.map((g) => `no session at all from ${g.from} to ${g.to} (${g.days} days) inside the period ${start}..${end}: a mistyped date? Narrow the period with --start/--end (LPOINT_PERIOD_START/END)`),
      ...(missing.length ? [missingDaysNote(missing)] : [])
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
      ["missing_days", JSON.stringify(missing)],
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
