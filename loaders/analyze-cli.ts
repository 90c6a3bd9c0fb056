// npm run analyze -- --data <dir> --out <dir> [--weather <file>] [--station 108] [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--only a,b]
// The whole analysis without the site: ingest, then every result table as CSV plus manifest.json.
// Weather and period follow the same rules as the build (LPOINT_WEATHER_FILE, a weather export in the
// data folder, the bundled 2018 series; LPOINT_PERIOD_START / LPOINT_PERIOD_END).
import {mkdirSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {DataError} from "../src/ingest/errors.js";
import {openDuck} from "./duck.js";
import {RESULTS, writeResultCsv} from "./results.js";
import "./results-all.js";
import {buildWarehouse} from "./warehouse.js";

const usage = "usage: npm run analyze -- --data <dir with the six files> --out <dir> [--weather <KMA csv>] [--station 108] [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--only name,name]";
let values: Record<string, string | undefined>;
try {
  ({values} = parseArgs({options: {data: {type: "string"}, out: {type: "string"}, weather: {type: "string"}, station: {type: "string"}, start: {type: "string"}, end: {type: "string"}, only: {type: "string"}}}));
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.data || !values.out) {
  console.error(usage);
  process.exit(2);
}
const station = values.station === undefined ? undefined : Number(values.station);
if (station !== undefined && !(Number.isInteger(station) && station > 0)) {
  console.error(`invalid --station ${JSON.stringify(values.station)} (expected a KMA station number such as 108)`);
  process.exit(2);
}
const only = values.only?.split(",").map((n) => n.trim()).filter(Boolean);
const unknown = only?.filter((n) => !RESULTS.some((t) => t.name === n)) ?? [];
if (unknown.length) {
  console.error(`unknown table${unknown.length > 1 ? "s" : ""} in --only: ${unknown.join(", ")} (tables: ${RESULTS.map((t) => t.name).join(", ")})`);
  process.exit(2);
}

const out = resolve(values.out);
mkdirSync(out, {recursive: true});
const started = Date.now();
const dbPath = join(out, "warehouse.duckdb");
const log = (m: string) => console.error(m);
try {
  const report = await buildWarehouse({dataDir: resolve(values.data), dbPath, weatherFile: values.weather, station, period: {start: values.start, end: values.end}, log});
  for (const note of report.notes) log(`note: ${note}`);
  const duck = await openDuck(dbPath, {readOnly: true});
  const manifest = {data: resolve(values.data), generated_by: "npm run analyze", ingest: report, notes: report.notes, tables: [] as unknown[]};
  try {
    for (const table of RESULTS.filter((t) => !only || only.includes(t.name))) {
      const t0 = Date.now();
      const {rows, columns, sha256} = await writeResultCsv(table, duck, join(out, `${table.name}.csv`));
      manifest.tables.push({name: table.name, file: `${table.name}.csv`, description: table.description, rows, columns, sha256, ms: Date.now() - t0});
      log(`${table.name}: ${rows} rows`);
    }
  } finally {
    duck.close();
  }
  writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2));
  log(`wrote ${manifest.tables.length} tables to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  if (error instanceof DataError) console.error(`analyze: the data cannot be read: ${error.message}`);
  else console.error(`analyze failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
}
