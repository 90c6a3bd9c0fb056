// npm run analyze -- --data <dir> --out <dir> [--weather <file>] [--station 108]
// The whole analysis without the site: ingest, then every result table as CSV plus manifest.json.
import {createHash} from "node:crypto";
import {mkdirSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {toCsv} from "../src/csv.js";
import {openDuck} from "./duck.js";
import {RESULTS} from "./results.js";
import "./results-all.js";
import {buildWarehouse} from "./warehouse.js";

const {values} = parseArgs({options: {data: {type: "string"}, out: {type: "string"}, weather: {type: "string"}, station: {type: "string"}, only: {type: "string"}}});
if (!values.data || !values.out) {
  console.error("usage: npm run analyze -- --data <dir with the six files> --out <dir> [--weather <KMA csv>] [--station 108] [--only name,name]");
  process.exit(2);
}
const out = resolve(values.out);
mkdirSync(out, {recursive: true});
const started = Date.now();
const dbPath = join(out, "warehouse.duckdb");
const log = (m: string) => console.error(m);
try {
  const report = await buildWarehouse({dataDir: resolve(values.data), dbPath, weatherFile: values.weather, station: values.station ? Number(values.station) : undefined, log});
  const duck = await openDuck(dbPath, {readOnly: true});
  const only = values.only?.split(",");
  const manifest = {data: resolve(values.data), generated_by: "npm run analyze", ingest: report, tables: [] as unknown[]};
  for (const table of RESULTS.filter((t) => !only || only.includes(t.name))) {
    const t0 = Date.now();
    const rows = await table.rows(duck);
    const csv = toCsv(rows);
    writeFileSync(join(out, `${table.name}.csv`), csv);
    manifest.tables.push({name: table.name, file: `${table.name}.csv`, description: table.description, rows: rows.length,
      columns: rows.length ? Object.keys(rows[0]) : [], sha256: createHash("sha256").update(csv).digest("hex"), ms: Date.now() - t0});
    log(`${table.name}: ${rows.length} rows`);
  }
  duck.close();
  writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2));
  log(`wrote ${manifest.tables.length} tables to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error(`analyze failed: ${(error as Error).message}`);
  process.exit(1);
}
