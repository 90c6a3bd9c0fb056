/**
 * Writes the synthetic twin: the six competition files under their original names, the KMA
 * weather export (CP949) and truth.json. Rows stream from src/synth generators into files with
 * backpressure, so memory does not grow with the number of rows.
 */
import {once} from "node:events";
import {createWriteStream, type WriteStream} from "node:fs";
import {mkdir, rename, rm, writeFile} from "node:fs/promises";
import {join, resolve} from "node:path";
import iconv from "iconv-lite";
import {
  customLine, HEADERS, masterLine, productLine, RAW_FILE_NAMES, search1Line, search2Line, sessionLine,
  TRUTH_FILE_NAME, WEATHER_FILE_NAME, type RawFileKey
} from "../src/synth/csv.js";
import {createTwin, type TwinTruth} from "../src/synth/twin.js";
import {DEFAULT_SCALE, DEFAULT_SEED, parseScale, parseSeed, TWIN_PERIOD} from "../src/synth/scale.js";
import {loadCalendar} from "./holidays.js";

export interface GenerateOptions {
  outDir: string;
  scale?: "tiny" | "demo" | "full";
  seed?: number;
  hostileKeywords?: string[];
  log?: (msg: string) => void;
}

export interface GenerateSummary {
  outDir: string;
  scale: string;
  seed: number;
  rows: Record<"product" | "search1" | "search2" | "custom" | "session" | "master", number>;
  files: Record<string, string>;
  truthFile: string;
  weatherFile: string;
  ms: number;
}

const CHUNK_CHARS = 1 << 18;

/** Lines into one file, in large chunks, waiting for the stream to drain when it asks. */
class LineSink {
  rows = 0;
  private buffer: string;
  private readonly stream: WriteStream;

  constructor(readonly path: string, header: string) {
    this.stream = createWriteStream(path, {highWaterMark: 1 << 20});
    this.buffer = header + "\n";
  }

  /** Returns a promise only when the caller has to wait. */
  push(line: string): Promise<void> | undefined {
    this.buffer += line + "\n";
    this.rows++;
    return this.buffer.length >= CHUNK_CHARS ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, "finish");
  }
}

/** truth.json: indented for reading, except the per-customer drop-outs (one line, else four lines per customer). */
export function truthJson(truth: TwinTruth): string {
  const {customers, ...dropout} = truth.customers.dropout;
  const marker = "\u0000dropout-customers\u0000";
  const text = JSON.stringify({...truth, customers: {...truth.customers, dropout: {...dropout, customers: marker}}}, null, 1);
  return text.replace(JSON.stringify(marker), () => JSON.stringify(customers)) + "\n";
}

export async function generateDataset(options: GenerateOptions): Promise<GenerateSummary> {
  const t0 = performance.now();
  if (!options || typeof options.outDir !== "string" || options.outDir === "") throw new Error(`invalid outDir: ${JSON.stringify(options?.outDir)}`);
  const outDir = resolve(options.outDir);
  const scale = parseScale(options.scale ?? DEFAULT_SCALE);
  const seed = parseSeed(options.seed ?? DEFAULT_SEED);
  const log = options.log ?? (() => {});
  await mkdir(outDir, {recursive: true});

  const twin = createTwin({calendar: (await loadCalendar(TWIN_PERIOD.start, TWIN_PERIOD.end)).days, scale, seed, hostileKeywords: options.hostileKeywords});
  log(`twin ${scale} seed ${seed}: ${twin.population.clients} clients, ${twin.population.sessions} scheduled sessions, ${twin.catalog.size} products (${Math.round(performance.now() - t0)} ms)`);

  const partial = (key: RawFileKey) => join(outDir, `${RAW_FILE_NAMES[key]}.partial`);
  const sinks = Object.fromEntries(
    (Object.keys(RAW_FILE_NAMES) as RawFileKey[]).map((key) => [key, new LineSink(partial(key), HEADERS[key])])
  ) as Record<RawFileKey, LineSink>;

  try {
    // `await` only when a sink asks to wait: awaiting every line would cost a microtask per row
    let wait: Promise<void> | undefined;
    for (const row of twin.masterRows()) if ((wait = sinks.master.push(masterLine(row)))) await wait;
    await sinks.master.close();
    for (const row of twin.customRows()) if ((wait = sinks.custom.push(customLine(row)))) await wait;
    await sinks.custom.close();
    log(`master ${sinks.master.rows} rows, custom ${sinks.custom.rows} rows`);

    for (const day of twin.purchaseDays()) {
      for (const r of day.sessions) if ((wait = sinks.session.push(sessionLine(r)))) await wait;
      for (const r of day.products) if ((wait = sinks.product.push(productLine(r)))) await wait;
      for (const r of day.searches) if ((wait = sinks.search1.push(search1Line(r)))) await wait;
      if (day.date.endsWith("-01")) log(`purchases through ${day.date}: ${sinks.product.rows} product lines`);
    }
    await Promise.all([sinks.product.close(), sinks.session.close(), sinks.search1.close()]);

    for (const rows of twin.search2Days()) for (const r of rows) if ((wait = sinks.search2.push(search2Line(r)))) await wait;
    await sinks.search2.close();
    log(`search2 ${sinks.search2.rows} rows`);
  } catch (e) {
    await Promise.allSettled(Object.values(sinks).map((s) => s.close()));
    await Promise.all((Object.keys(RAW_FILE_NAMES) as RawFileKey[]).map((k) => rm(partial(k), {force: true})));
    throw e;
  }

  const files: Record<string, string> = {};
  for (const key of Object.keys(RAW_FILE_NAMES) as RawFileKey[]) {
    files[key] = join(outDir, RAW_FILE_NAMES[key]);
    await rename(partial(key), files[key]);
  }
  const weatherFile = join(outDir, WEATHER_FILE_NAME);
  await writeFile(weatherFile, iconv.encode(twin.weatherLines().join("\r\n") + "\r\n", "cp949"));
  const truthFile = join(outDir, TRUTH_FILE_NAME);
  await writeFile(truthFile, truthJson(twin.truth()));
  files.weather = weatherFile;
  files.truth = truthFile;

  const rows = Object.fromEntries((Object.keys(RAW_FILE_NAMES) as RawFileKey[]).map((k) => [k, sinks[k].rows])) as GenerateSummary["rows"];
  const ms = Math.round(performance.now() - t0);
  log(`done in ${ms} ms: ${Object.entries(rows).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  return {outDir, scale, seed, rows, files, truthFile, weatherFile, ms};
}
