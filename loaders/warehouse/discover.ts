// Where the data is: the six files of a folder, the folder itself (LPOINT_DATA_DIR, data/raw, the twin), and whether it is the twin.
import {existsSync, readdirSync, statSync} from "node:fs";
import {join, resolve} from "node:path";
import {DataError} from "../../src/ingest/errors.js";
import {matchRawFile, pickRawFiles} from "../../src/ingest/files.js";
import {RAW_FILES, type RawFile} from "../../src/ingest/tables.js";
import {readTruth} from "../truth.js";
import {DEFAULT_SCALE, DEFAULT_SEED, PROJECT_ROOT, type Scale, type Source} from "./common.js";

/** The six files of a directory, by role (absolute paths). */
export function locateRawFiles(dir: string): Record<RawFile, string> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DataError(dir, "data directory does not exist");
  const names = readdirSync(dir).filter((n) => statSync(join(dir, n)).isFile());
  const picked = pickRawFiles(names, dir);
  return Object.fromEntries(RAW_FILES.map((f) => [f, join(dir, picked[f])])) as Record<RawFile, string>;
}


/** Seed and scale of a synthetic data set, from its truth.json (if the generator wrote them there). */
export function syntheticParams(dataDir: string): {seed?: string; scale?: string} {
  try {
    const truth = readTruth(dataDir)?.value;
    if (!truth) return {};
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

export function envScale(env: NodeJS.ProcessEnv): Scale {
  const s = env.LPOINT_SYNTH_SCALE ?? DEFAULT_SCALE;
  if (s !== "tiny" && s !== "demo" && s !== "full") throw new Error(`invalid LPOINT_SYNTH_SCALE: ${JSON.stringify(s)} (expected tiny, demo or full)`);
  return s;
}


export function envSeed(env: NodeJS.ProcessEnv): number {
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

export function hasSixFiles(dir: string): boolean {
  try {
    locateRawFiles(dir);
    return true;
  } catch {
    return false;
  }
}
