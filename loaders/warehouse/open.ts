// The cached warehouse for the current data, built once per data version, and the synthetic twin it may need.
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {basename, join, resolve} from "node:path";
import {stampFolder} from "../../scripts/file-hash.mjs";
import {openDuck, type Duck} from "../duck.js";
import {chooseWeatherFile} from "../weather.js";
import {buildWarehouse, type PeriodBounds, resolvePeriodBounds} from "./build.js";
import {DEFAULT_CACHE_DIR, DEFAULT_STATION, type GenerateDataset, KEEP_WAREHOUSES, PLANTED_HOSTILE_KEYWORDS, PROJECT_ROOT, type Scale, type Source, stderrLog, type WarehouseInfo} from "./common.js";
import {detectSource, envScale, envSeed, hasSixFiles, locateRawFiles, resolveDataDir} from "./discover.js";
import {sourceHash, SYNTH_SOURCES, warehouseKey} from "./key.js";
import {type LockOptions, removeDeadEntries, withLock} from "./lock.js";

async function loadGenerator(): Promise<GenerateDataset> {
  // Loaded on demand: a build on real data never pays for the generator.
  const {generateDataset} = await import("../generate.js");
  return generateDataset;
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
export function removeDeadTemps(dir: string): void {
  removeDeadEntries(dir, /\.(?:tmp|old)-(\d+)(?:\.wal|\.tmp)?$/);
}

function pruneWarehouses(dir: string, keep: string): void {
  const files = readdirSync(dir)
    .filter((n) => /^[0-9a-f]+\.duckdb$/.test(n) && n !== basename(keep))
    .map((n) => ({n, t: statSync(join(dir, n)).mtimeMs}))
    .sort((a, b) => b.t - a.t);
  for (const {n} of files.slice(KEEP_WAREHOUSES - 1)) {
    rmSync(join(dir, n), {force: true});
    // spill directories a crashed loader left beside it (loaders/duck.ts)
    rmSync(join(dir, `${n}.tmp`), {recursive: true, force: true});
  }
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
  const key = await warehouseKey({files, weather, station: stationNo, source, bounds, stampDir: stampFolder(cacheDir)});
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
