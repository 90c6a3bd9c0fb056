// One file into its warehouse table: every row typed or quarantined with its reason, read = accepted + quarantined.
import {open} from "node:fs/promises";
import {basename} from "node:path";
import {guessEncoding} from "../../src/ingest/encoding.js";
import {DataError} from "../../src/ingest/errors.js";
import type {FileReport, QuarantineReason} from "../../src/ingest/report.js";
import type {FileSpec} from "../../src/ingest/specs.js";
import {
  cellCountsSql, checksOtherFiles, classifySql, countDuplicatesSql, crossFileOrphansSql, crossFilePriceSql, fillLineNumbersSql, fillQuarantinedSql, insertQuarantineSql, lineOf,
  quarantineDuplicatesSql, quarantineOrphansSql, rawRecordsSql, rejectLinesSql, renumberSql, stageOnlyColumns, targetColumns, type SqlParam
} from "../../src/ingest/sql.js";
import type {Duck} from "../duck.js";
import {type PrescanHeader, readSample, type Shape} from "./prescan.js";

/** A file's header checks, and its line count still under way. */
export type Pending = PrescanHeader & {shape: Promise<Shape>};

interface IngestOptions {
  maxLineBytes: number;
  log: (m: string) => void;
  /** SESS_DT bounds */
  period: {start: string; end: string};
}

export async function one<T>(duck: Duck, sql: string, params?: Record<string, SqlParam>): Promise<T> {
  return (await duck.query<T>(sql, params))[0];
}

/** Bad-encoding rows above this share mean the whole file is in another encoding, not a few broken rows. */
function tooManyBadEncoding(n: number, rows: number): boolean {
  return n > Math.max(100, rows / 100);
}

type Column = {name: string; type: string; nullable: boolean};

/** Column names, types and nullability of a table, in order. */
async function tableShape(duck: Duck, table: string): Promise<Column[]> {
  return duck.query(
    `SELECT column_name AS name, data_type AS type, is_nullable = 'YES' AS nullable FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $t ORDER BY ordinal_position`,
    {t: table}
  );
}

/** `f` in one transaction: the many small steps then cost one commit, not one each. */
export async function transaction<T>(duck: Duck, f: () => Promise<T>): Promise<T> {
  await duck.run("BEGIN TRANSACTION");
  try {
    const result = await f();
    await duck.run("COMMIT");
    return result;
  } catch (e) {
    await duck.run("ROLLBACK").catch(() => undefined);
    throw e;
  }
}

/**
 * The stage is classified and committed whole, then the quarantined rows are deleted and the stage
 * swapped in. Deleting rows from a table created in the same transaction makes DuckDB rewrite the
 * whole table at commit (5 s for the product file at full scale); after the commit, a delete only
 * marks the rows.
 */
export async function ingestFile(duck: Duck, spec: FileSpec, pre: Pending, options: IngestOptions): Promise<FileReport> {
  const t0 = performance.now();
  const {tables, contract, report} = await transaction(duck, () => stageFile(duck, spec, pre, options));
  await swapIn(duck, spec, tables, contract);
  const ms = Math.round(performance.now() - t0);
  options.log(`warehouse: ${spec.label} ${report.rowsRead} read, ${report.rowsAccepted} accepted, ${report.rowsQuarantined} quarantined (${ms} ms)`);
  return {...report, ms};
}

async function stageFile(duck: Duck, spec: FileSpec, pre: Pending, {maxLineBytes, period}: IngestOptions): Promise<{tables: Record<string, string>; contract: Column[]; report: Omit<FileReport, "ms">}> {
  const f = spec.file;
  const name = basename(pre.path);
  const t = {
    stage: `stage_${f}`, stage2: `stage2_${f}`, rej: `rej_${f}`, rejScan: `rejscan_${f}`, rejl: `rejl_${f}`, blank: `blank_${f}`, skip: `skip_${f}`,
    orphans: `orphans_${f}`, orphanRaw: `orphanraw_${f}`, rej2: `rej2_${f}`, rejScan2: `rejscan2_${f}`
  };
  for (const table of Object.values(t)) await duck.run(`DROP TABLE IF EXISTS ${table}`);

  const read = {columnCount: pre.header.length, rejectsTable: t.rej, rejectsScan: t.rejScan, maxLineBytes};
  const {sql, params} = classifySql(spec, {path: pre.path, index: pre.index, table: t.stage, period, ...read});
  await duck.run("SET preserve_insertion_order = true"); // lineOf relies on it
  await duck.run(sql, params);
  const shape = await pre.shape;
  // rowids are dense in insertion order; a gap would mean the numbering is not the reader's
  const numbered = await one<{n: number; last: number | null}>(duck, `SELECT count(*) AS n, max(${lineOf(t.stage)}) AS last FROM ${t.stage}`);
  if (numbered.n > 0 && numbered.last !== numbered.n) throw new Error(`internal: ${name}: ${numbered.n} rows numbered up to ${numbered.last}`);
  if (checksOtherFiles(spec)) {
    if (f === "product") {
      const price = crossFilePriceSql(t.stage, "master_px");
      await duck.run(price.sql, price.params);
    }
    await duck.run(crossFileOrphansSql(spec, t.stage, t.orphans, {sessionTable: "session", masterTable: "master_px"}));
    if ((await one<{n: number}>(duck, `SELECT count(*) AS n FROM ${t.orphans}`)).n > 0) {
      await duck.run(rawRecordsSql(pre.path, {...read, rejectsTable: t.rej2, rejectsScan: t.rejScan2}, t.orphans, t.orphanRaw));
      await duck.run(quarantineOrphansSql(t.stage, t.orphans, t.orphanRaw));
    }
  }
  await duck.run(rejectLinesSql(t.rejl, t.rej));
  if (shape.blank.length) await duck.run(`CREATE TEMP TABLE ${t.blank} AS SELECT CAST(unnest(string_split($list, ',')) AS BIGINT) AS r`, {list: shape.blank.join(",")});
  else await duck.run(`CREATE TEMP TABLE ${t.blank} (r BIGINT)`);

  const counts = await one<{parsed: number; rejected: number; blank: number}>(
    duck,
    `SELECT (SELECT count(*) FROM ${t.stage}) AS parsed, (SELECT count(*) FROM ${t.rejl}) AS rejected, (SELECT count(*) FROM ${t.blank}) AS blank`
  );
  const rowsRead = counts.parsed + counts.rejected + counts.blank;
  const enc = await one<{n: number; line: number | null; pos: number | null}>(duck, `SELECT count(*) AS n, min(line_no) AS line, min(byte_position) AS pos FROM ${t.rejl} WHERE reason = 'bad_encoding'`);
  if (tooManyBadEncoding(enc.n, rowsRead)) {
    let guess = guessEncoding(await readSample(pre.path, pre.bytes));
    if (enc.pos !== null) {
      const fd = await open(pre.path, "r");
      try {
        const buf = Buffer.alloc(4096);
        const {bytesRead} = await fd.read(buf, 0, buf.length, Math.max(0, enc.pos - 64));
        guess = guessEncoding(buf.subarray(0, bytesRead));
      } finally {
        await fd.close();
      }
    }
    throw new DataError(name, `not UTF-8: ${enc.n} of ${rowsRead} rows have invalid bytes (first at line ${enc.line}); it looks like ${guess}. Re-save it as UTF-8`);
  }

  if (counts.rejected + counts.blank > 0) {
    await duck.run(`CREATE TEMP TABLE ${t.skip} AS SELECT line_no AS r FROM ${t.rejl} UNION ALL SELECT r FROM ${t.blank}`);
    await duck.run(renumberSql(t.stage, t.skip, t.stage2));
    await duck.run(`DROP TABLE ${t.stage}`);
    await duck.run(`ALTER TABLE ${t.stage2} RENAME TO ${t.stage}`);
  }

  let duplicates = 0;
  if (spec.duplicates === "quarantine") {
    await duck.run(quarantineDuplicatesSql(spec, t.stage));
    duplicates = (await one<{n: number}>(duck, `SELECT count(*) AS n FROM ${t.stage} WHERE reason = 'duplicate_key'`)).n;
  } else duplicates = (await one<{n: number}>(duck, countDuplicatesSql(spec, t.stage))).n;

  await duck.run(insertQuarantineSql(t.stage, t.rejl, t.blank), {file: f});
  if (targetColumns(spec).includes("line_no")) await duck.run(fillLineNumbersSql(t.stage));
  const reasons = await duck.query<{reason: QuarantineReason; n: number}>(`SELECT reason, count(*) AS n FROM quarantine WHERE file = $file GROUP BY reason ORDER BY reason`, {file: f});
  const quarantined: Partial<Record<QuarantineReason, number>> = {};
  for (const r of reasons) quarantined[r.reason] = r.n;
  const rowsQuarantined = reasons.reduce((s, r) => s + r.n, 0);
  const cells = await one<Record<string, number>>(duck, cellCountsSql(spec, t.stage));
  const stats = await one<{accepted: number; scaled: number}>(
    duck,
    `SELECT count(*) FILTER (WHERE reason IS NULL) AS accepted, ${f === "product" ? "count(*) FILTER (WHERE reason IS NULL AND price_scaled)" : "0"} AS scaled FROM ${t.stage}`
  );
  const rowsAccepted = stats.accepted;
  if (rowsRead !== rowsAccepted + rowsQuarantined) throw new Error(`${name}: reconciliation failed: read ${rowsRead} ≠ accepted ${rowsAccepted} + quarantined ${rowsQuarantined}`);

  const na: Record<string, number> = {};
  const notSet: Record<string, number> = {};
  for (const col of spec.columns) {
    na[col.raw] = cells[`na:${col.raw}`];
    if (col.kind === "text") notSet[col.raw] = cells[`not_set:${col.raw}`];
    await duck.run(`INSERT INTO na_counts VALUES ($file, $col, $na, $not_set)`, {file: f, col: col.raw, na: na[col.raw], not_set: notSet[col.raw] ?? 0});
  }
  await duck.run(`INSERT INTO reconciliation VALUES ($file, $read, $accepted, $quarantined)`, {file: f, read: rowsRead, accepted: rowsAccepted, quarantined: rowsQuarantined});

  const warnings: string[] = [];
  if (shape.scannedRecords !== null && shape.scannedRecords - 1 !== rowsRead)
    warnings.push(`the line scanner counted ${shape.scannedRecords - 1} records but the reader ${rowsRead}; line numbers after the first blank line may be off`);
  if (pre.extra.length) warnings.push(`extra columns ignored: ${pre.extra.join(", ")}`);
  if (rowsRead === 0 && spec.whenEmpty !== undefined) warnings.push(`the header only: ${spec.whenEmpty}`);
  else if (rowsAccepted === 0) {
    const top = Object.entries(quarantined).sort((a, b) => b[1] - a[1]).map(([r, n]) => `${r} ${n}`).join(", ");
    throw new DataError(name, `no valid rows: all ${rowsRead} rows were quarantined (${top})`);
  }
  // last, after every count: the quarantined rows' cells are no longer read
  const contract = await tableShape(duck, f);
  const fill = fillQuarantinedSql(t.stage, contract.filter((c) => !c.nullable));
  if (fill) await duck.run(fill);
  return {tables: t, contract, report: {
    file: f,
    label: spec.label,
    path: pre.path,
    bytes: pre.bytes,
    physicalLines: shape.physicalLines,
    header: pre.header,
    extraColumns: pre.extra,
    rowsRead,
    rowsAccepted,
    rowsQuarantined,
    quarantined,
    duplicates,
    orphans: (quarantined.orphan_session ?? 0) + (quarantined.orphan_pd_c ?? 0),
    priceScaled: stats.scaled,
    na,
    notSet,
    warnings,
    prescanMs: pre.ms + shape.ms
  }};
}

/**
 * The stage becomes the table: drop the quarantined rows and the bookkeeping columns, check the
 * shape against the contract, and swap it in (no second copy of a multi-million-row table).
 */
async function swapIn(duck: Duck, spec: FileSpec, tables: Record<string, string>, contract: readonly Column[]): Promise<void> {
  const stage = tables.stage;
  // its own transaction: DuckDB refuses to commit a delete and an ALTER of the same table together
  await transaction(duck, () => duck.run(`DELETE FROM ${stage} WHERE reason IS NOT NULL`));
  await transaction(duck, () => dropAndRename(duck, spec, tables, contract));
}

async function dropAndRename(duck: Duck, spec: FileSpec, tables: Record<string, string>, contract: readonly Column[]): Promise<void> {
  const f = spec.file;
  const stage = tables.stage;
  for (const col of stageOnlyColumns(spec)) await duck.run(`ALTER TABLE ${stage} DROP COLUMN ${col}`);
  const staged = await tableShape(duck, stage);
  const same = staged.length === contract.length && staged.every((c, i) => c.name === contract[i].name && c.type === contract[i].type);
  if (!same) throw new Error(`stage for ${f} does not match the warehouse contract: ${JSON.stringify(staged)} vs ${JSON.stringify(contract)}`);
  await duck.run(`DROP TABLE ${f}`);
  await duck.run(`ALTER TABLE ${stage} RENAME TO ${f}`);
  for (const col of contract.filter((c) => !c.nullable)) await duck.run(`ALTER TABLE ${f} ALTER COLUMN ${col.name} SET NOT NULL`);
  for (const table of Object.values(tables)) await duck.run(`DROP TABLE IF EXISTS ${table}`);
}
