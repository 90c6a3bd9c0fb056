// scripts/loader-cache.mjs: a loader's cached output is dropped when any code it runs changes, also a
// script it starts as a process of its own (the forecast's training workers).
import {execFileSync} from "node:child_process";
import {appendFileSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {copyProject} from "./project-copy.js";

const dir = mkdtempSync(join(tmpdir(), "lpoint-loader-cache-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function keys(project: string): Record<string, string> {
  execFileSync(process.execPath, ["scripts/loader-cache.mjs"], {cwd: project, env: {...process.env, LPOINT_DATA_DIR: join(project, "no-data")}, stdio: "pipe"});
  return JSON.parse(readFileSync(join(project, "docs/.observablehq/cache/data/.loader-keys.json"), "utf8")) as Record<string, string>;
}

describe("loader cache keys", () => {
  it("change with the forked forecast worker's code, for the forecast loader only", () => {
    const project = copyProject(join(dir, "project"));
    const before = keys(project);
    expect(keys(project)).toEqual(before);
    appendFileSync(join(project, "loaders/forecast-worker.ts"), "\n// changed\n");
    const after = keys(project);
    expect(after["forecast.json.ts"]).not.toBe(before["forecast.json.ts"]);
    expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual(["forecast.json.ts"]);
    appendFileSync(join(project, "src/segment/sql.ts"), "\n// changed\n");
    const segment = keys(project);
    expect(segment["segments.json.ts"]).not.toBe(after["segments.json.ts"]);
    expect(segment["forecast.json.ts"]).toBe(after["forecast.json.ts"]);
  }, 120_000);
});
