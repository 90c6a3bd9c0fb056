// Chart components import the esbuild bundles in docs/vendor (made by the build's prebuild step);
// unit tests run before the build on a clean checkout, so make them here when they are missing.
import {execFileSync} from "node:child_process";
import {existsSync} from "node:fs";

export default function setup(): void {
  if (!existsSync("docs/vendor/htl.js")) execFileSync(process.execPath, ["scripts/vendor.mjs"], {stdio: "inherit"});
}
