// The data loaders and the project files each one runs, from one esbuild bundle of them all (shared by
// loader-cache.mjs, which keys cached outputs by those files, and run-loaders.mjs, which runs the bundles).
import {build} from "esbuild";
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {dirname, join, relative, resolve} from "node:path";
import {pathToFileURL} from "node:url";

export const LOADER_DIR = "docs/data";
export const CACHE_DIR = "docs/.observablehq/cache/data";

/** Loader files (x.json.ts, x.parquet.js, ...) in Framework's data folder, sorted. */
export function listLoaders(root = process.cwd()) {
  const dir = join(root, LOADER_DIR);
  return existsSync(dir) ? readdirSync(dir).filter((f) => /\.[a-z0-9]+\.(ts|js)$/i.test(f)).sort() : [];
}

/** Where Framework caches a loader's output. */
export const outputOf = (loader) => join(CACHE_DIR, loader.replace(/\.(ts|js)$/, ""));

// A bundle moves every module into one file, so `import.meta.url` would name the bundle: each module
// gets its own source file's URL instead (paths it resolves, files it reads, workers it starts).
const sourceUrls = {
  name: "source-import-meta-url",
  setup(b) {
    b.onLoad({filter: /\.(ts|mts|js|mjs)$/}, (args) => {
      if (args.path.includes("node_modules")) return undefined;
      const text = readFileSync(args.path, "utf8");
      const loader = /\.m?ts$/.test(args.path) ? "ts" : "js";
      return {contents: text.replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)), loader};
    });
  }
};

// a script a loader starts as a process of its own (the forecast's training workers) is an input too
const SPAWNED = /new URL\(["'](\.{1,2}\/[^"']+\.(?:ts|js|mjs))["'],\s*import\.meta\.url\)/g;

/**
 * Bundle `loaders` (names in LOADER_DIR) and other `scripts` (paths from root) in one esbuild run, npm
 * packages left external. With `outdir` the bundles are written there as <name>.mjs (shared code in
 * chunks). Returns the bundle of each loader and script (when written), `sources(loader or script)`: the
 * project files it runs, sorted, relative to root, following its imports and the scripts it starts by
 * path, and `text(file)`: a project file's text, read once.
 */
export async function bundleLoaders(loaders, {root = process.cwd(), outdir = null, scripts = []} = {}) {
  const entries = new Map([...loaders.map((l) => [l, join(LOADER_DIR, l)]), ...scripts.map((s) => [s, s])]);
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries([...entries].map(([k, e]) => [(loaders.includes(k) ? k : `script-${k.replaceAll("/", "-")}`).replace(/\.(ts|js)$/, ""), e])),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outdir: outdir ?? join(root, ".cache/loader-bundles-unwritten"),
    outExtension: {".js": ".mjs"},
    write: outdir !== null,
    plugins: [sourceUrls],
    metafile: true,
    logLevel: "error"
  });
  const inputs = result.metafile.inputs;
  const bundles = new Map();
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    const key = meta.entryPoint && [...entries].find(([, e]) => e === meta.entryPoint)?.[0];
    if (key) bundles.set(key, resolve(root, file));
  }
  // each project file is read once, however many loaders run it
  const texts = new Map();
  const text = (p) => {
    if (!texts.has(p)) texts.set(p, readFileSync(join(root, p), "utf8"));
    return texts.get(p);
  };
  const sources = async (name) => {
    const seen = new Set();
    await walk(entries.get(name) ?? join(LOADER_DIR, name), inputs, seen, root, text);
    return [...seen].sort();
  };
  return {bundles, sources, text};
}

async function walk(entry, inputs, seen, root, text) {
  const stack = [entry];
  const spawned = [];
  while (stack.length) {
    const p = stack.pop();
    if (seen.has(p)) continue;
    seen.add(p);
    for (const i of inputs[p]?.imports ?? []) if (!i.external && !i.path.includes("node_modules")) stack.push(i.path);
    for (const m of text(p).matchAll(SPAWNED)) {
      const script = relative(root, resolve(root, dirname(p), m[1]));
      if (existsSync(join(root, script))) spawned.push(script);
    }
  }
  // a started script is not imported, so it is not in the graph: bundle it on its own
  for (const script of spawned) {
    if (seen.has(script)) continue;
    const result = await build({absWorkingDir: root, entryPoints: [script], bundle: true, write: false, metafile: true, platform: "node", format: "esm", packages: "external", logLevel: "silent", outdir: join(root, ".cache/loader-bundles-unwritten")});
    await walk(script, result.metafile.inputs, seen, root, text);
  }
}
