// A private copy of the project (sources, pages, loaders, inputs; node_modules linked) with its own
// Framework cache, warehouse and synthetic data, so a second build shares nothing with the first.
import {cpSync, existsSync, mkdirSync, rmSync, symlinkSync} from "node:fs";
import {join, relative, resolve} from "node:path";

const ENTRIES = ["docs", "src", "loaders", "data", "scripts", "observablehq.config.ts", "package.json", "tsconfig.json"];
const SKIP = [/^docs\/\.observablehq(\/|$)/, /^docs\/vendor\/[^/]+\.js$/];

/**
 * `withTests` also copies test/ (to run the browser specs inside the copy); `withVendor` keeps the
 * esbuild bundles of docs/vendor, which are the same for any data (saves re-bundling tfjs and arquero);
 * `withModuleCache` Framework's bundles of npm packages (its cache less the loaders' outputs), also the
 * same for any data (saves ≈ 13 s a build).
 */
export function copyProject(
  dest: string,
  {root = process.cwd(), withTests = false, withVendor = false, withModuleCache = false}: {root?: string; withTests?: boolean; withVendor?: boolean; withModuleCache?: boolean} = {}
): string {
  const target = resolve(dest);
  if (!relative(target, resolve(root)).startsWith("..")) throw new Error(`refusing to copy the project into ${target}: it holds the project itself`);
  rmSync(target, {recursive: true, force: true});
  mkdirSync(target, {recursive: true});
  for (const entry of [...ENTRIES, ...(withTests ? ["test", "vitest.config.ts"] : [])]) {
    const from = join(root, entry);
    if (!existsSync(from)) continue;
    cpSync(from, join(target, entry), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !SKIP.some((p) => p.test(relative(root, src)) && !(withVendor && p === SKIP[1]))
    });
  }
  if (withModuleCache)
    for (const dir of ["_node", "_npm"]) {
      const from = join(root, "docs/.observablehq/cache", dir);
      if (existsSync(from)) cpSync(from, join(target, "docs/.observablehq/cache", dir), {recursive: true});
    }
  symlinkSync(resolve(root, "node_modules"), join(target, "node_modules"), "dir");
  return target;
}
