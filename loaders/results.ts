import {createHash} from "node:crypto";
import {closeSync, openSync, renameSync, rmSync, writeSync} from "node:fs";
import {csvHeader, csvLines} from "../src/csv.js";
import * as q from "../src/explore/sql.js";
import {collect, type Duck, type Row} from "./duck.js";

/** One result table of the headless analysis (`npm run analyze`). */
export interface ResultTable {
  name: string;
  description: string;
  /** column order of the CSV (default: the first row's keys; needed for an empty table to keep its header) */
  columns?: readonly string[];
  rows(duck: Duck): Promise<Row[]>;
  /** the same rows a chunk at a time (tables of one row per customer): analyze writes them without holding the whole table */
  chunks?(duck: Duck): AsyncIterable<Row[]>;
}

/** A result table read a chunk at a time; its rows() collects the chunks. */
export function chunkedTable(t: Omit<ResultTable, "rows" | "chunks"> & {chunks(duck: Duck): AsyncIterable<Row[]>}): ResultTable {
  return {...t, rows: (d) => collect(t.chunks(d))};
}

/**
 * Write `table` as CSV to `file` a chunk at a time (the same CSV safety as the pages' downloads: a byte
 * order mark, formulas neutralised, no float noise), through a temp file renamed when complete.
 */
export async function writeResultCsv(table: ResultTable, duck: Duck, file: string): Promise<{rows: number; columns: string[]; sha256: string}> {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  const hash = createHash("sha256");
  const write = (text: string) => {
    const bytes = Buffer.from(text, "utf8");
    hash.update(bytes);
    writeSync(fd, bytes);
  };
  let columns = table.columns ? [...table.columns] : null;
  let rows = 0;
  let complete = false;
  try {
    const chunks = table.chunks?.(duck) ?? [await table.rows(duck)];
    for await (const chunk of chunks) {
      if (!chunk.length) continue;
      columns ??= Object.keys(chunk[0]);
      if (rows === 0) write(csvHeader(columns, {bom: true}));
      write(csvLines(chunk, columns));
      rows += chunk.length;
    }
    columns ??= [];
    if (rows === 0) write(csvHeader(columns, {bom: true}));
    complete = true;
  } finally {
    closeSync(fd);
    if (!complete) rmSync(tmp, {force: true});
  }
  renameSync(tmp, file);
  return {rows, columns, sha256: hash.digest("hex")};
}

/** Every result table, in manifest order. Later analyses append theirs (see registerResults). */
export const RESULTS: ResultTable[] = [
  {name: "reconciliation", description: "rows read, accepted and quarantined per input file", rows: (d) => d.query("SELECT * FROM reconciliation ORDER BY file")},
  {name: "quarantine_reasons", description: "quarantined rows per file and reason", rows: (d) => d.query("SELECT file, reason, count(*) AS rows FROM quarantine GROUP BY ALL ORDER BY file, rows DESC, reason")},
  {name: "na_counts", description: "NA cells per file and column", rows: (d) => d.query("SELECT * FROM na_counts ORDER BY file, column_name")},
  {name: "kpi", description: "customers, members, sessions, lines, revenue, period", rows: (d) => d.query(q.KPI_SQL)},
  {name: "gender", description: "members per gender (04.Custom)", rows: (d) => d.query(q.GENDER_SQL)},
  {name: "age", description: "purchase lines and revenue per age band (per purchase)", rows: (d) => d.query(q.AGE_SQL)},
  {name: "device", description: "sessions per device", rows: (d) => d.query(q.DEVICE_SQL)},
  {name: "region", description: "sessions and revenue per region (ZON_NM)", rows: (d) => d.query(q.REGION_SQL)},
  {name: "category", description: "lines, units, revenue and customers per top category", rows: (d) => d.query(q.CATEGORY_SQL)},
  {name: "daily", description: "sessions, lines and revenue per day", rows: (d) => d.query(q.DAILY_SQL)},
  {name: "copurchase_edges", description: "sessions buying both categories, per pair of top categories", rows: (d) => d.query(q.COPURCHASE_EDGES_SQL)},
  {
    name: "keywords_top200", description: "top 200 Search2 keywords by total searches over the period",
    rows: (d) => d.query("SELECT kwd_nm AS keyword, sum(search_cnt) AS searches FROM search2 GROUP BY ALL ORDER BY searches DESC, keyword LIMIT 200")
  }
];

export function registerResults(...tables: ResultTable[]): void {
  for (const t of tables) {
    if (RESULTS.some((r) => r.name === t.name)) throw new Error(`duplicate result table: ${t.name}`);
    RESULTS.push(t);
  }
}
