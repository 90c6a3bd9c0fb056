// A private copy of the project (sources, pages, loaders, inputs; node_modules linked) with its own
// Framework cache, warehouse and synthetic data, so a second build shares nothing with the first.
import {cpSync, existsSync, mkdirSync, rmSync, symlinkSync} from "node:fs";
import {join, relative, resolve} from "node:path";

const ENTRIES = ["docs", "src", "loaders", "data", "scripts", "observablehq.config.ts", "package.json", "tsconfig.json"];
const SKIP = [/^docs\/\.observablehq(\/|$)/, /^docs\/vendor\/[^/]+\.js$/];

export function copyProject(dest: string, {root = process.cwd()}: {root?: string} = {}): string {
  const target = resolve(dest);
  if (!relative(target, resolve(root)).startsWith("..")) throw new Error(`refusing to copy the project into ${target}: it holds the project itself`);
  rmSync(target, {recursive: true, force: true});
  mkdirSync(target, {recursive: true});
  for (const entry of ENTRIES) {
    const from = join(root, entry);
    if (!existsSync(from)) continue;
    cpSync(from, join(target, entry), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => !SKIP.some((p) => p.test(relative(root, src)))
    });
  }
  symlinkSync(resolve(root, "node_modules"), join(target, "node_modules"), "dir");
  return target;
}
