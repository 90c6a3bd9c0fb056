// Data sets in the competition's exact format that are not the default twin, derived from a generated
// twin the way a user's files would differ: one month cut out, every date a year later without a weather
// file, a handful of customers, categories under other names.
import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {addDays} from "../../src/calendar.js";
import {matchRawFile} from "../../src/ingest/files.js";
import {parseCsv} from "../../src/ingest/rfc4180.js";
import type {RawFile} from "../../src/ingest/tables.js";
import {csvField} from "../../src/synth/csv.js";

export type Variant =
  | {kind: "copy"}
  | {kind: "month"; ym: string}
  | {kind: "day"; date: string}
  | {kind: "one-category"; name: string}
  | {kind: "empty"; files: RawFile[]; weather: boolean}
  | {kind: "shift"; days: number}
  | {kind: "customers"; n: number; weather: boolean}
  | {kind: "again"; days: number}
  | {kind: "renamed"}
  | {kind: "outage"; from: string; days: number};

interface Table {
  name: string;
  bom: boolean;
  header: string[];
  rows: string[][];
}

function read(dir: string, name: string): Table {
  let text = readFileSync(join(dir, name), "utf8");
  const bom = text.startsWith("\ufeff");
  if (bom) text = text.slice(1);
  const [header, ...rows] = parseCsv(text).filter((r) => !(r.length === 1 && r[0] === ""));
  return {name, bom, header, rows};
}

function write(dir: string, t: Table): void {
  const lines = [t.header, ...t.rows].map((r) => r.map(csvField).join(","));
  writeFileSync(join(dir, t.name), (t.bom ? "\ufeff" : "") + lines.join("\n") + "\n");
}

const col = (t: Table, name: string) => {
  const i = t.header.indexOf(name);
  if (i < 0) throw new Error(`${t.name}: no column ${name}`);
  return i;
};
const num = (s: string) => Number(s.replaceAll(",", ""));
const isoOf = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
const yyyymmdd = (iso: string) => iso.replaceAll("-", "");

/** The six files of a data folder, by role. */
function files(dir: string): Record<RawFile, string> {
  const out = {} as Record<RawFile, string>;
  for (const n of readdirSync(dir)) {
    const role = matchRawFile(n);
    if (role) out[role] = n;
  }
  return out;
}

/** One step of a derived data set, in place. */
function apply(t: Record<RawFile, Table>, variant: Variant): void {
  const sessKey = (tab: Table, r: string[]) => `${num(r[col(tab, "CLNT_ID")])}:${num(r[col(tab, "SESS_ID")])}`;
  if (variant.kind === "month" || variant.kind === "day") {
    const prefix = variant.kind === "month" ? variant.ym.replace("-", "") : yyyymmdd(variant.date);
    const d = col(t.session, "SESS_DT");
    t.session.rows = t.session.rows.filter((r) => r[d].startsWith(prefix));
    const kept = new Set(t.session.rows.map((r) => sessKey(t.session, r)));
    for (const k of ["product", "search1"] as const) t[k].rows = t[k].rows.filter((r) => kept.has(sessKey(t[k], r)));
    const d2 = col(t.search2, "SESS_DT");
    t.search2.rows = t.search2.rows.filter((r) => r[d2].startsWith(prefix));
  } else if (variant.kind === "outage") {
    // the logs lost some days: no session, purchase or search on them, while the period runs past them
    const lost = new Set(Array.from({length: variant.days}, (_, i) => yyyymmdd(addDays(variant.from, i))));
    const d = col(t.session, "SESS_DT");
    t.session.rows = t.session.rows.filter((r) => !lost.has(r[d]));
    const kept = new Set(t.session.rows.map((r) => sessKey(t.session, r)));
    for (const k of ["product", "search1"] as const) t[k].rows = t[k].rows.filter((r) => kept.has(sessKey(t[k], r)));
    const d2 = col(t.search2, "SESS_DT");
    t.search2.rows = t.search2.rows.filter((r) => !lost.has(r[d2]));
  } else if (variant.kind === "empty") {
    // the header alone: a file the mall had nothing to put in
    for (const f of variant.files) t[f].rows = [];
  } else if (variant.kind === "one-category") {
    const c = col(t.master, "CLAC1_NM");
    for (const r of t.master.rows) r[c] = variant.name;
  } else if (variant.kind === "shift") {
    for (const k of ["session", "search2"] as const) {
      const d = col(t[k], "SESS_DT");
      for (const r of t[k].rows) r[d] = yyyymmdd(addDays(isoOf(r[d]), variant.days));
    }
  } else if (variant.kind === "customers") {
    // buyers with purchases in several months, members and not, then their rows only
    const d = col(t.session, "SESS_DT");
    const bought = new Set(t.product.rows.map((r) => sessKey(t.product, r)));
    const months = new Map<number, Set<string>>();
    for (const r of t.session.rows) {
      if (!bought.has(sessKey(t.session, r))) continue;
      const id = num(r[col(t.session, "CLNT_ID")]);
      months.set(id, (months.get(id) ?? new Set()).add(r[d].slice(0, 6)));
    }
    const members = new Set(t.custom.rows.map((r) => num(r[col(t.custom, "CLNT_ID")])));
    const ranked = [...months].filter(([, m]) => m.size >= 2).map(([id]) => id).sort((a, b) => a - b);
    const pick = [...ranked.filter((id) => members.has(id)).slice(0, variant.n - 1), ...ranked.filter((id) => !members.has(id)).slice(0, 1)].slice(0, variant.n);
    const chosen = new Set(pick);
    for (const k of ["session", "product", "search1", "custom"] as const) t[k].rows = t[k].rows.filter((r) => chosen.has(num(r[col(t[k], "CLNT_ID")])));
  } else if (variant.kind === "again") {
    // the same customers' behaviour once more, `days` later under new session ids: a longer period
    const offset = 10 ** String(Math.max(...t.session.rows.map((r) => num(r[col(t.session, "SESS_ID")])))).length;
    for (const k of ["session", "product", "search1"] as const) {
      const s = col(t[k], "SESS_ID");
      const d = k === "session" ? col(t[k], "SESS_DT") : -1;
      const copies = t[k].rows.map((r) => r.map((v, i) => (i === s ? String(num(v) + offset) : i === d ? yyyymmdd(addDays(isoOf(v), variant.days)) : v)));
      t[k].rows.push(...copies);
    }
    const d2 = col(t.search2, "SESS_DT");
    t.search2.rows.push(...t.search2.rows.map((r) => r.map((v, i) => (i === d2 ? yyyymmdd(addDays(isoOf(v), variant.days)) : v))));
  } else if (variant.kind === "renamed") {
    const c = col(t.master, "CLAC1_NM");
    const names = [...new Set(t.master.rows.map((r) => r[c]))].sort();
    // other names, none of them the report's or glossed; one with markup and an ampersand, shown as text
    const renamed = new Map(names.map((n, i) => [n, i === 0 ? "<b>Bold</b> & Co. 상품군" : `상품군 ${String(i + 1).padStart(2, "0")}`]));
    for (const r of t.master.rows) r[c] = renamed.get(r[c])!;
  }
}

/** Write `steps` of the data set in `src` into `dest` (replaced), in order; the weather export comes along only where every step keeps it. */
export function deriveDataset(src: string, dest: string, steps: Variant | Variant[]): string {
  const list = Array.isArray(steps) ? steps : [steps];
  rmSync(dest, {recursive: true, force: true});
  mkdirSync(dest, {recursive: true});
  const f = files(src);
  const t = Object.fromEntries((Object.keys(f) as RawFile[]).map((k) => [k, read(src, f[k])])) as Record<RawFile, Table>;
  const weather = readdirSync(src).find((n) => /weather.*\.csv$/i.test(n));
  const keepWeather = list.every((v) => v.kind === "copy" || v.kind === "renamed" || v.kind === "one-category" || v.kind === "outage" || ((v.kind === "customers" || v.kind === "empty") && v.weather));
  for (const variant of list) apply(t, variant);
  for (const k of Object.keys(t) as RawFile[]) write(dest, t[k]);
  if (keepWeather && weather) copyFileSync(join(src, weather), join(dest, weather));
  if (!existsSync(join(dest, f.product))) throw new Error(`${dest}: the product file was not written`);
  return dest;
}
