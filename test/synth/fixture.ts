/**
 * Generated twins shared by the test files: written once per (scale, seed, generator source) into
 * .cache/test-synth/, by the CLI in a child process so its peak RSS can be read back.
 */
import {execFile} from "node:child_process";
import {createHash} from "node:crypto";
import {existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from "node:fs";
import {join, relative, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {promisify} from "node:util";
import {openDuck, type Duck} from "../../loaders/duck.js";
import {RAW_FILE_NAMES, type RawFileKey} from "../../src/synth/csv.js";
import type {TwinTruth} from "../../src/synth/twin.js";

const run = promisify(execFile);
export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SOURCES = ["src/synth", "loaders/generate.ts", "loaders/generate-cli.ts"];

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  }).sort();
}

export function generatorHash(): string {
  const hash = createHash("sha256");
  for (const source of SOURCES) {
    const abs = resolve(ROOT, source);
    for (const f of statSync(abs).isDirectory() ? listFiles(abs) : [abs]) hash.update(relative(ROOT, f)).update(readFileSync(f));
  }
  return hash.digest("hex").slice(0, 12);
}

export interface GeneratedTwin {
  dir: string;
  summary: {rows: Record<RawFileKey, number>; ms: number; peakRssMb: number};
  truth: TwinTruth;
}

/** Run the CLI into a fresh directory (no caching). */
export async function generateWithCli(scale: string, seed: number, out: string, extra: string[] = []): Promise<GeneratedTwin["summary"]> {
  const {stdout} = await run(process.execPath, ["--import", "tsx", join(ROOT, "loaders/generate-cli.ts"), "--scale", scale, "--seed", String(seed), "--out", out, "--quiet", ...extra], {
    cwd: ROOT,
    maxBuffer: 1 << 24
  });
  return JSON.parse(stdout);
}

/**
 * The twin for (scale, seed) from the cache, generated on first use. Test files run in parallel
 * processes: one generates (holding a lock directory), the others wait for its summary.
 */
export async function cachedTwin(scale: string, seed: number): Promise<GeneratedTwin> {
  const base = join(ROOT, ".cache", "test-synth");
  const dir = join(base, `${scale}-${seed}-${generatorHash()}`);
  const summaryFile = join(dir, "summary.json");
  const lock = `${dir}.lock`;
  mkdirSync(base, {recursive: true});
  for (let waited = 0; !existsSync(summaryFile); waited += 500) {
    let owner = false;
    try {
      mkdirSync(lock);
      owner = true;
    } catch {
      // a lock left by a killed run goes stale after ten minutes
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, {recursive: true, force: true});
    }
    if (owner) {
      try {
        if (!existsSync(summaryFile)) {
          const tmp = `${dir}.tmp-${process.pid}`;
          rmSync(tmp, {recursive: true, force: true});
          const summary = await generateWithCli(scale, seed, tmp);
          writeFileSync(join(tmp, "summary.json"), JSON.stringify(summary));
          renameSync(tmp, dir);
          // twins of older generator code are of no further use
          for (const name of readdirSync(base)) {
            if (name.startsWith(`${scale}-${seed}-`) && join(base, name) !== dir && !name.includes(".")) rmSync(join(base, name), {recursive: true, force: true});
          }
        }
      } finally {
        rmSync(lock, {recursive: true, force: true});
      }
      break;
    }
    if (waited > 600_000) throw new Error(`timed out waiting for ${lock}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    dir,
    summary: JSON.parse(readFileSync(summaryFile, "utf8")),
    truth: JSON.parse(readFileSync(join(dir, "truth.json"), "utf8"))
  };
}

const sql = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** DuckDB views over the raw files, read as text and cast the way the real files need. */
export async function openTwin(dir: string): Promise<Duck> {
  const duck = await openDuck(":memory:", {threads: 2});
  const src = (key: RawFileKey) => `read_csv(${sql(join(dir, RAW_FILE_NAMES[key]))}, all_varchar = true, header = true, delim = ',', quote = '"', escape = '"')`;
  const num = (col: string, type = "BIGINT") => `CAST(replace(${col}, ',', '') AS ${type})`;
  await duck.run(`CREATE VIEW product AS SELECT ${num("CLNT_ID")} AS clnt_id, ${num("SESS_ID")} AS sess_id, ${num("HITS_SEQ", "INTEGER")} AS hits_seq,
    ${num("PD_C", "INTEGER")} AS pd_c, PD_ADD_NM AS pd_add_nm, PD_BRA_NM AS pd_bra_nm, ${num("PD_BUY_AM", "DOUBLE")} AS pd_buy_am, ${num("PD_BUY_CT", "INTEGER")} AS pd_buy_ct FROM ${src("product")}`);
  await duck.run(`CREATE VIEW session AS SELECT ${num("CLNT_ID")} AS clnt_id, ${num("SESS_ID")} AS sess_id, ${num("SESS_SEQ", "INTEGER")} AS sess_seq,
    strptime(SESS_DT, '%Y%m%d')::DATE AS sess_dt, ${num("TOT_PAG_VIEW_CT", "INTEGER")} AS tot_pag_view_ct, ${num("TOT_SESS_HR_V", "INTEGER")} AS tot_sess_hr_v,
    DVC_CTG_NM AS dvc_ctg_nm, ZON_NM AS zon_nm, CITY_NM AS city_nm FROM ${src("session")}`);
  await duck.run(`CREATE VIEW search1 AS SELECT ${num("CLNT_ID")} AS clnt_id, ${num("SESS_ID")} AS sess_id, KWD_NM AS kwd_nm, ${num("SEARCH_CNT", "INTEGER")} AS search_cnt FROM ${src("search1")}`);
  await duck.run(`CREATE VIEW search2 AS SELECT strptime(SESS_DT, '%Y%m%d')::DATE AS sess_dt, KWD_NM AS kwd_nm, ${num("SEARCH_CNT", "INTEGER")} AS search_cnt FROM ${src("search2")}`);
  await duck.run(`CREATE VIEW custom AS SELECT ${num("CLNT_ID")} AS clnt_id, CLNT_GENDER AS gender, ${num("CLNT_AGE", "INTEGER")} AS age FROM ${src("custom")}`);
  await duck.run(`CREATE VIEW master AS SELECT ${num("PD_C", "INTEGER")} AS pd_c, PD_NM AS pd_nm, CLAC1_NM AS clac1_nm, CLAC2_NM AS clac2_nm, CLAC3_NM AS clac3_nm FROM ${src("master")}`);
  return duck;
}

/** Classical multiplicative weekday index (Methods page: demand forecast): centred 7-day MA, Y/CMA averaged per weekday, normalised to sum 7. */
export function weekdayIndex(values: readonly number[], weekdays: readonly number[]): number[] {
  const sum = new Array(7).fill(0);
  const count = new Array(7).fill(0);
  for (let d = 3; d < values.length - 3; d++) {
    let cma = 0;
    for (let k = d - 3; k <= d + 3; k++) cma += values[k];
    sum[weekdays[d]] += values[d] / (cma / 7);
    count[weekdays[d]]++;
  }
  const means = sum.map((s, k) => s / count[k]);
  const total = means.reduce((a, b) => a + b, 0);
  return means.map((m) => (m * 7) / total);
}
