// `npm run analyze` as a user runs it on the files: ingest, every analysis (forecast training
// included) and every result table written as CSV. Its time, CPU, peak memory (the process tree) and its
// slowest tables. Standalone: npx tsx bench/analyze.ts --data <dir with the six files>
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {runProcess, type Figure} from "./measure.js";

interface Manifest {
  tables: {name: string; rows: number; ms: number}[];
}

export async function benchAnalyze({dataDir, cwd = process.cwd(), env = process.env}: {dataDir: string; cwd?: string; env?: NodeJS.ProcessEnv}): Promise<Figure[]> {
  const out = mkdtempSync(join(tmpdir(), "lpoint-bench-analyze-"));
  try {
    const run = await runProcess("node", ["--import", "tsx", "loaders/analyze-cli.ts", "--data", dataDir, "--out", out], {env, cwd});
    if (run.code !== 0) throw new Error(`analyze failed (exit ${run.code}): ${run.stderr.split("\n").slice(-3).join(" ")}`);
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest;
    const slowest = [...manifest.tables].sort((a, b) => b.ms - a.ms).slice(0, 5);
    const customers = manifest.tables.find((t) => t.name === "customers");
    return [
      {name: "npm run analyze: wall time", value: run.ms / 1000, unit: "s", note: `${(run.cpuMs / 1000).toFixed(0)} CPU-s; ${manifest.tables.length} tables; slowest: ${slowest.map((t) => `${t.name} ${(t.ms / 1000).toFixed(1)} s`).join(", ")}`},
      {name: "npm run analyze: peak memory (process tree)", value: run.peakRssMb, unit: "MB", target: "< 4,000", note: `customers.csv ${customers?.rows ?? 0} rows, written a chunk at a time`}
    ];
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  const {values} = parseArgs({options: {data: {type: "string"}}});
  if (!values.data) throw new Error("usage: npx tsx bench/analyze.ts --data <dir with the six files>");
  for (const f of await benchAnalyze({dataDir: resolve(values.data)})) console.log(`${f.name.padEnd(48)} ${f.value.toPrecision(4).padStart(8)} ${f.unit.padEnd(3)} ${f.target ? `target ${f.target}` : ""}${f.note ? `  (${f.note})` : ""}`);
}
