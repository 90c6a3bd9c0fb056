// scripts/loader-cache.mjs: a loader's cached output is dropped when any code it runs changes, also a
// script it starts as a process of its own (the forecast's training workers).
import {execFileSync} from "node:child_process";
import {appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {hashFile} from "../../scripts/file-hash.mjs";
import {copyProject} from "./project-copy.js";

const dir = mkdtempSync(join(tmpdir(), "lpoint-loader-cache-"));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function keys(project: string, data = join(project, "no-data")): Record<string, string> {
  execFileSync(process.execPath, ["scripts/loader-cache.mjs"], {cwd: project, env: {...process.env, LPOINT_DATA_DIR: data}, stdio: "pipe"});
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

  it("hash each data file through the warehouse key's stamps: read once for both, and not again while unchanged", async () => {
    const project = copyProject(join(dir, "stamps"));
    const data = join(project, "raw");
    mkdirSync(data);
    const file = join(data, "01.Product.csv");
    writeFileSync(file, "CLNT_ID,SESS_ID\n1,2\n");
    const before = keys(project, data);
    const stampDir = join(project, ".cache/hashes");
    const stamps = readdirSync(stampDir).map((n) => join(stampDir, n));
    const stamp = stamps.find((p) => readFileSync(p, "utf8").includes(file))!;
    const saved = JSON.parse(readFileSync(stamp, "utf8")) as {hash: string};
    expect(saved.hash).toBe(await hashFile(file));
    // A forged hash under the file's stamp is what both keys then read: the stamp answered, not a re-read.
    writeFileSync(stamp, JSON.stringify({...saved, hash: "0".repeat(saved.hash.length)}));
    expect(await hashFile(file, stampDir)).toBe("0".repeat(saved.hash.length));
    const forged = keys(project, data);
    for (const loader of Object.keys(before)) expect(forged[loader]).not.toBe(before[loader]);
    // an edit is read again, whatever the stamp said
    appendFileSync(file, "3,4\n");
    const edited = keys(project, data);
    expect(edited).not.toEqual(forged);
    expect(edited).not.toEqual(before);
  }, 120_000);
});
