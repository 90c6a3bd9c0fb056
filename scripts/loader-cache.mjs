// Framework re-runs a data loader only when the loader file itself is newer than its cached output.
// Here a loader's output also depends on the code it imports (src/, loaders/) and on the data, so
// before each build every loader gets a key = hash(its transitive local imports + the data's
// content + the synthetic-data settings); a cached output whose key changed is deleted.
// `--print-key` prints one key over all loaders (the CI cache key).
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {hashFile, stampFolder} from "./file-hash.mjs";
import {bundleLoaders, CACHE_DIR, listLoaders, outputOf} from "./loader-graph.mjs";

const keysFile = join(CACHE_DIR, ".loader-keys.json");

// the warehouse key's stamps (loaders/warehouse/open.ts: <project>/.cache/hashes): each data file is
// read once per change for both keys, and not at all while it stays as it is
const stamps = stampFolder(".cache");

async function dataFingerprint() {
  const hash = createHash("sha256");
  const dir = process.env.LPOINT_DATA_DIR || "data/raw";
  hash.update(`dir:${resolve(dir)}\n`);
  for (const name of ["LPOINT_SYNTH_SCALE", "LPOINT_SYNTH_SEED", "LPOINT_WEATHER_FILE", "LPOINT_STATION", "LPOINT_PERIOD_START", "LPOINT_PERIOD_END", "LPOINT_FORECAST_CATEGORIES", "LPOINT_FORECAST_MEMBERS"]) hash.update(`${name}=${process.env[name] ?? ""}\n`);
  // the bundled weather series and a given weather file are inputs too
  for (const path of ["data/weather/kma-asos-108-seoul-2018.csv", process.env.LPOINT_WEATHER_FILE].filter(Boolean)) {
    if (existsSync(path) && statSync(path).isFile()) {
      hash.update(`weather:${path} ${await hashFile(path, stamps)}\n`);
    }
  }
  if (existsSync(dir)) {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (!statSync(path).isFile() || name === "README.md") continue;
      hash.update(`file:${name} ${await hashFile(path, stamps)}\n`);
    }
  }
  return hash.digest("hex");
}

const loaders = listLoaders();
const data = await dataFingerprint();
const keys = {};
const {sources, text} = await bundleLoaders(loaders);
for (const loader of loaders) {
  const hash = createHash("sha256").update(`data:${data}\n`);
  for (const input of await sources(loader)) hash.update(`${input}\n`).update(text(input));
  keys[loader] = hash.digest("hex").slice(0, 16);
}

if (process.argv.includes("--print-key")) {
  process.stdout.write(createHash("sha256").update(JSON.stringify(keys)).digest("hex").slice(0, 24) + "\n");
} else {
  const previous = existsSync(keysFile) ? JSON.parse(readFileSync(keysFile, "utf8")) : {};
  let stale = 0;
  for (const loader of loaders) {
    if (previous[loader] === keys[loader]) continue;
    const output = outputOf(loader);
    if (existsSync(output)) rmSync(output), stale++;
    // an archive's members are extracted into a folder of their own, each cached on its own: drop them too
    const members = /\.(zip|tar|tgz|tar\.gz)$/.test(output) ? output.replace(/\.(zip|tar|tgz|tar\.gz)$/, "") : null;
    if (members && existsSync(members)) rmSync(members, {recursive: true, force: true});
  }
  mkdirSync(CACHE_DIR, {recursive: true});
  writeFileSync(keysFile, JSON.stringify(keys, null, 1));
  console.error(`loader cache: ${loaders.length} loaders, ${stale} invalidated (code or data changed)`);
}
