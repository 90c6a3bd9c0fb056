import {ID_PATTERN, INTEGER_PATTERN, NA_TOKENS, NUMBER_PATTERN} from "./numbers.js";
import {PRICE_IN_THOUSANDS_RULES, PRICE_SCALE, type PriceRule} from "./price.js";
import type {QuarantineReason} from "./report.js";
import type {ColumnSpec, FileSpec} from "./specs.js";

export type SqlParam = string | number | boolean | null;

/** A SQL string literal. Used for file paths and fixed patterns, which DuckDB's table functions cannot take as parameters. */
export function sqlString(text: string): string {
  if (text.includes("\0")) throw new Error(`invalid SQL string: contains a NUL character: ${JSON.stringify(text)}`);
  return `'${text.replaceAll("'", "''")}'`;
}

/** Longest record the reader accepts; a longer one is quarantined as line_too_long. */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;
/** Quarantined raw text is cut to this many characters. */
export const RAW_CHARS = 2000;

export interface ReadCsvOptions {
  /** Number of columns in the header; they are read as c0, c1, … (all VARCHAR). */
  columnCount: number;
  rejectsTable: string;
  rejectsScan: string;
  maxLineBytes?: number;
}

/**
 * The strict RFC 4180 reader: every cell as text, rows the reader cannot split (broken quoting,
 * wrong field count, invalid UTF-8, over-long) go to the rejects table with their record number.
 */
export function readCsvSql(path: string, {columnCount, rejectsTable, rejectsScan, maxLineBytes = DEFAULT_MAX_LINE_BYTES}: ReadCsvOptions): string {
  const columns = Array.from({length: columnCount}, (_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  return `read_csv(${sqlString(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}}, store_rejects = true, rejects_table = ${sqlString(rejectsTable)}, rejects_scan = ${sqlString(rejectsScan)}, max_line_size = ${Math.floor(maxLineBytes)}, encoding = 'utf-8')`;
}

// NA tokens, whitespace around them, or nothing at all.
const NA_PATTERN = `(?i)\\s*(?:${NA_TOKENS.map((t) => t.replace("/", "\\/")).join("|")})?\\s*`;
const NUMERIC = new Set(["id", "int", "amount", "age", "date"]);
const MAX_OF_TYPE: Partial<Record<string, number>> = {INTEGER: 2_147_483_647, BIGINT: 9_007_199_254_740_991};

function rawRef(index: Record<string, number>, col: ColumnSpec): string {
  const i = index[col.raw];
  if (i === undefined) throw new Error(`no column index for ${col.raw}`);
  return `c${i}`;
}

/**
 * NA flag. Evaluated after the value so that the common case (a value parsed) costs nothing:
 * CASE evaluates a branch only for the rows that reach it.
 */
function naExpr(r: string, col: ColumnSpec): string {
  if (!NUMERIC.has(col.kind)) return `CASE WHEN ${r} IS NULL THEN true WHEN ${r} GLOB ${sqlString("*[! \t\r\n]*")} THEN false ELSE true END`;
  return `CASE WHEN ${r} IS NULL THEN true WHEN v_${col.name} IS NOT NULL THEN false ELSE regexp_full_match(${r}, ${sqlString(NA_PATTERN)}) END`;
}

/**
 * Parse through a chain of patterns: the cheap common shape first, the full grammar next, a trimmed
 * copy last. CASE only evaluates a branch for the rows no earlier branch took, so the usual cell
 * costs one short regex and one cast.
 */
function tryPatterns(r: string, patterns: readonly string[], cast: (x: string) => string): string {
  const full = patterns[patterns.length - 1];
  const branches = patterns.map((p) => `WHEN regexp_full_match(${r}, ${sqlString(p)}) THEN ${cast(r)}`);
  branches.push(`WHEN regexp_full_match(${r}, ${sqlString(`\\s*(?:${full})\\s*`)}) THEN ${cast(`trim(${r})`)}`);
  return `CASE ${branches.join(" ")} END`;
}

const DIGITS = "[0-9]+";
const GROUPED = "[0-9]{1,3}(?:,[0-9]{3})+";

function valueExpr(r: string, col: ColumnSpec): string {
  const plain = (x: string) => `TRY_CAST(${x} AS DOUBLE)`;
  const grouped = (x: string) => `TRY_CAST(replace(${x}, ',', '') AS DOUBLE)`;
  switch (col.kind) {
    case "id":
      return tryPatterns(r, [DIGITS, ID_PATTERN], (x) => `TRY_CAST(${x} AS BIGINT)`);
    case "int":
    case "age":
      return `CASE WHEN regexp_full_match(${r}, '${DIGITS}') THEN ${plain(r)} ELSE ${tryPatterns(r, [GROUPED, INTEGER_PATTERN], grouped)} END`;
    case "amount":
      return `CASE WHEN regexp_full_match(${r}, '${DIGITS}') THEN ${plain(r)} ELSE ${tryPatterns(r, [GROUPED, NUMBER_PATTERN], grouped)} END`;
    case "date":
      return `coalesce(${tryPatterns(r, ["[0-9]{8}"], (x) => `TRY_STRPTIME(${x}, '%Y%m%d')::DATE`)}, ${tryPatterns(r, ["[0-9]{4}-[0-9]{2}-[0-9]{2}"], (x) => `TRY_CAST(${x} AS DATE)`)})`;
    case "gender":
      return `CASE ${r} WHEN 'F' THEN 'F' WHEN 'M' THEN 'M' ELSE CASE upper(trim(${r})) WHEN 'F' THEN 'F' WHEN 'M' THEN 'M' END END`;
    case "device": {
      // The data description PDF codes devices 1/2/3; the files hold the words.
      const map = `WHEN 'desktop' THEN 'desktop' WHEN 'mobile' THEN 'mobile' WHEN 'tablet' THEN 'tablet' WHEN '1' THEN 'desktop' WHEN '2' THEN 'mobile' WHEN '3' THEN 'tablet'`;
      return `CASE ${r} ${map} ELSE CASE lower(trim(${r})) ${map} END END`;
    }
    case "text":
      return r;
  }
}

function typedExpr(col: ColumnSpec): string {
  const v = `v_${col.name}`;
  if (col.kind === "text") return `r_${col.name}`;
  if (col.type === "INTEGER" || col.type === "BIGINT") return `TRY_CAST(${v} AS ${col.type})`;
  return v;
}

function shown(r: string): string {
  return `CASE WHEN ${r} IS NULL THEN '(blank)' ELSE '"' || left(${r}, 80) || '"' END`;
}

type Check = {reason: QuarantineReason; when: string; detail: string};

/** Row-level checks of one column, each tagged with its reason. */
function columnChecks(col: ColumnSpec): Check[] {
  const r = `r_${col.name}`;
  const v = `v_${col.name}`;
  const na = `na_${col.name}`;
  const is = (what: string) => `'${col.raw} ' || ${sqlString(what)} || ': ' || ${shown(r)}`;
  const out: Check[] = [];
  if (col.key) out.push({reason: "missing_key", when: na, detail: `'${col.raw} is blank or NA'`});
  if (col.kind === "id" || col.kind === "int" || col.kind === "amount") out.push({reason: "bad_number", when: `NOT ${na} AND ${v} IS NULL`, detail: is("is not a number")});
  if (col.kind === "date") {
    out.push({reason: "bad_date", when: `NOT ${na} AND ${v} IS NULL`, detail: is("is not a YYYYMMDD date")});
    out.push({reason: "out_of_range_date", when: `${v} NOT BETWEEN $period_start::DATE AND $period_end::DATE`, detail: `'${col.raw} ' || ${shown(r)} || ' is outside ' || $period_start::VARCHAR || '..' || $period_end::VARCHAR`});
  }
  if (col.kind === "int" || col.kind === "amount") out.push({reason: "negative_amount", when: `${v} < 0`, detail: is("is negative")});
  if (col.absurdAbove !== undefined) out.push({reason: "absurd_amount", when: `${v} > ${col.absurdAbove}`, detail: is(`is above ${col.absurdAbove}`)});
  const tooBig = col.max ?? MAX_OF_TYPE[col.type];
  const range = [col.min !== undefined ? `${v} < ${col.min}` : null, col.kind !== "text" && tooBig !== undefined ? `${v} > ${tooBig}` : null].filter(Boolean);
  if (range.length) out.push({reason: "out_of_range", when: range.join(" OR "), detail: is(col.min === undefined ? `is above ${tooBig}` : `is outside ${col.min}..${tooBig ?? "∞"}`)});
  if (col.kind === "gender") out.push({reason: "bad_gender", when: `NOT ${na} AND ${v} IS NULL`, detail: is("is not F or M")});
  if (col.kind === "age") out.push({reason: "bad_age", when: `NOT ${na} AND (${v} IS NULL OR ${v} NOT IN (10, 20, 30, 40, 50, 60, 70, 80))`, detail: is("is not an age band 10..80")});
  if (col.kind === "device") out.push({reason: "bad_device", when: `NOT ${na} AND ${v} IS NULL`, detail: is("is not desktop, mobile or tablet")});
  if (!col.key && !col.nullable) out.push({reason: "missing_value", when: na, detail: `'${col.raw} is blank'`});
  if (col.maxChars !== undefined) out.push({reason: "field_too_long", when: `length(${r}) > ${col.maxChars}`, detail: `'${col.raw} has ' || length(${r}) || ' characters (limit ${col.maxChars})'`});
  return out;
}

const ROW_REASON_ORDER: readonly QuarantineReason[] = [
  "missing_key", "bad_number", "bad_date", "out_of_range_date", "negative_amount", "absurd_amount", "out_of_range",
  "bad_gender", "bad_age", "bad_device", "missing_value", "field_too_long"
];

/** One CSV cell as it would be written back (quoted when needed). */
function cellText(c: string): string {
  return `CASE WHEN ${c} IS NULL THEN '' WHEN regexp_matches(${c}, '[",\\r\\n]') THEN '"' || replace(${c}, '"', '""') || '"' ELSE ${c} END`;
}

/** The record rebuilt from its cells, for the quarantine. */
export function rawRecordExpr(columnCount: number): string {
  return `left(concat_ws(',', ${Array.from({length: columnCount}, (_, i) => cellText(`c${i}`)).join(", ")}), ${RAW_CHARS})`;
}

/** Dates accepted when no period is given: wide enough for any data set, narrow enough to catch a mistyped century. */
export const PLAUSIBLE_DATES: Readonly<{start: string; end: string}> = Object.freeze({start: "1990-01-01", end: "2099-12-31"});

export interface ClassifyOptions extends ReadCsvOptions {
  /** SESS_DT bounds (inclusive); default PLAUSIBLE_DATES */
  period?: {start: string; end: string};
  path: string;
  /** Column index in the file per raw column name (from mapHeader). */
  index: Record<string, number>;
  /** Name of the stage table to create. */
  table: string;
}

/**
 * One pass over a raw file: parse every cell and find each row's first problem (for Product also
 * the HITS_SEQ notice). The created stage table holds the warehouse table's columns in contract
 * order, line_no (NULL: see lineOf), reason/detail/raw for quarantined rows and na_mask (bit
 * i set when spec column i is NA). The checks against other files (crossFile*Sql) come next; once
 * the quarantined rows are moved out and the extra columns dropped it becomes the table.
 *
 * WITH ORDINALITY would number the rows here, but it runs the whole statement (parse, typing,
 * checks, write) on one thread, and a join to the other files here would move rows (the hash join
 * keeps no order, not even from one run to the next). So the scan runs in parallel, in file order,
 * and the joins run afterwards on the numbered, typed stage.
 */
export function classifySql(spec: FileSpec, o: ClassifyOptions): {sql: string; params: Record<string, SqlParam>} {
  const cols = spec.columns;
  const src = `SELECT NULL::BIGINT AS line_no, * FROM ${readCsvSql(o.path, o)}`;
  const pCols = cols.flatMap((col) => {
    const r = rawRef(o.index, col);
    return col.kind === "text" ? [`${r} AS r_${col.name}`] : [`${r} AS r_${col.name}`, `${valueExpr(r, col)} AS v_${col.name}`];
  });
  const p = `SELECT *, ${pCols.join(", ")} FROM src`;
  const naCols = cols.map((col) => `${naExpr(`r_${col.name}`, col)} AS na_${col.name}`);
  const checks = cols.flatMap(columnChecks).sort((a, b) => ROW_REASON_ORDER.indexOf(a.reason) - ROW_REASON_ORDER.indexOf(b.reason));
  const bad = `CASE ${checks.map((c) => `WHEN ${c.when} THEN {'r': '${c.reason}', 'd': ${c.detail}}`).join(" ")} END`;
  const q = `SELECT *, ${bad} AS bad FROM p2`;
  const params: Record<string, SqlParam> = {period_start: o.period?.start ?? PLAUSIBLE_DATES.start, period_end: o.period?.end ?? PLAUSIBLE_DATES.end};
  const naMask = cols.map((col, i) => `(na_${col.name}::INTEGER << ${i})`).join(" + ");
  const typed = new Map<string, string>([["line_no", "line_no"], ...cols.map((c): [string, string] => [c.name, typedExpr(c)])]);
  let derived = "NULL";
  if (spec.file === "product") {
    derived = `CASE WHEN v_hits_seq = 1 THEN {'r': 'hits_seq_1_notice', 'd': 'HITS_SEQ = 1'} END`;
    // the thousands-price rule needs Master: crossFilePriceSql scales these amounts afterwards
    typed.set("pd_buy_am", "v_pd_buy_am");
    typed.set("price_scaled", "false");
  }
  const sql = `CREATE TABLE ${o.table} AS
WITH src AS (${src}),
p AS (${p}),
p2 AS (SELECT *, ${naCols.join(", ")} FROM p),
q AS (${q}),
f AS (SELECT *, coalesce(bad, ${derived}) AS why FROM q)
SELECT ${stageColumns(spec).map((n) => `${typed.get(n)} AS ${n}`).join(", ")},
  why.r AS reason, why.d AS detail,
  CASE WHEN why IS NOT NULL THEN ${rawRecordExpr(o.columnCount)} END AS raw,
  ${naMask} AS na_mask
FROM f`;
  return {sql, params: usedParams(sql, params)};
}

/**
 * A stage row's line number: the stored one once the stage was renumbered (or filled, fillLineNumbersSql),
 * else its reader ordinal (1, 2, …; blank and rejected records not counted, as WITH ORDINALITY counts).
 * A scan that preserves insertion order (DuckDB's default) appends the rows in file order, so rowid
 * order is file order; the rowids of a table created inside an open transaction start at a large
 * offset, hence the minimum. Storing the ordinals instead (an UPDATE of every row) made the commit
 * rewrite the column: 2 s for 8 million rows.
 */
export function lineOf(table: string, alias = table): string {
  return `coalesce(${alias}.line_no, ${alias}.rowid - (SELECT min(rowid) FROM ${table}) + 1)`;
}

/** A stand-in for an empty cell of each type a warehouse column may have. */
const FILLER: Readonly<Record<string, string>> = {BIGINT: "0", INTEGER: "0", DOUBLE: "0", BOOLEAN: "false", VARCHAR: "''", DATE: "DATE '1970-01-01'"};

/**
 * Fill the empty cells of the quarantined rows of `stage` in `columns` (the table's NOT NULL columns):
 * null when there are none. The quarantined rows are deleted after the stage is committed and the
 * columns then made NOT NULL; DuckDB checks that constraint against deleted rows too while a transaction
 * older than the delete is still open (another file's read), so their cells must not be empty either.
 */
export function fillQuarantinedSql(stage: string, columns: readonly {name: string; type: string}[]): string | null {
  if (!columns.length) return null;
  const set = columns.map(({name, type}) => {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid column name ${JSON.stringify(name)}`);
    const filler = FILLER[type];
    if (filler === undefined) throw new Error(`no stand-in for column ${name} of type ${JSON.stringify(type)}`);
    return `${name} = coalesce(${name}, ${filler})`;
  });
  return `UPDATE ${stage} SET ${set.join(", ")} WHERE reason IS NOT NULL AND (${columns.map((c) => `${c.name} IS NULL`).join(" OR ")})`;
}

/** Store every row's line number (for a file whose table keeps it). */
export function fillLineNumbersSql(table: string): string {
  return `UPDATE ${table} SET line_no = ${lineOf(table)} WHERE line_no IS NULL`;
}

/** Files whose rows are checked against files loaded before them (orphans, the price rule). */
export function checksOtherFiles(spec: FileSpec): boolean {
  return spec.file === "product" || spec.file === "search1";
}

/**
 * The thousands-price rule on a product stage: an amount below the rule's threshold for its product
 * (masterTable has it in a `below` column, see masterPriceSql) is in thousands of won.
 */
export function crossFilePriceSql(stage: string, masterTable: string): {sql: string; params: Record<string, SqlParam>} {
  return {
    sql: `UPDATE ${stage} SET pd_buy_am = ${stage}.pd_buy_am * $price_scale, price_scaled = true FROM ${masterTable} m
WHERE m.pd_c = ${stage}.pd_c AND m.below IS NOT NULL AND ${stage}.pd_buy_am > 0 AND ${stage}.pd_buy_am < m.below`,
    params: {price_scale: PRICE_SCALE}
  };
}

/**
 * Rows no earlier check quarantined whose product is not in Master or whose session is not in
 * Session, as (line_no, reason, detail) in the table `out`.
 */
export function crossFileOrphansSql(spec: FileSpec, stage: string, out: string, {sessionTable, masterTable}: {sessionTable: string; masterTable?: string}): string {
  const product = spec.file === "product";
  if (product && !masterTable) throw new Error("product needs masterTable");
  const orphanSession = `{'r': 'orphan_session', 'd': '(CLNT_ID, SESS_ID) = (' || st.clnt_id || ', ' || st.sess_id || ') is not in 05.Session'}`;
  const joins = `${product ? `LEFT JOIN ${masterTable} m ON m.pd_c = st.pd_c ` : ""}LEFT JOIN ${sessionTable} s ON s.clnt_id = st.clnt_id AND s.sess_id = st.sess_id`;
  const why = product
    ? `CASE WHEN m.pd_c IS NULL THEN {'r': 'orphan_pd_c', 'd': 'PD_C ' || st.pd_c || ' is not in 06.Master'} WHEN s.clnt_id IS NULL THEN ${orphanSession} END`
    : `CASE WHEN s.clnt_id IS NULL THEN ${orphanSession} END`;
  return `CREATE TEMP TABLE ${out} AS
SELECT line_no, why.r AS reason, why.d AS detail FROM (SELECT ${lineOf(stage, "st")} AS line_no, ${why} AS why FROM ${stage} st ${joins} WHERE st.reason IS NULL) WHERE why IS NOT NULL`;
}

/**
 * The raw text of the records at the reader ordinals listed in `lines` (its line_no column), read
 * again from the file: the typed stage no longer holds the cells as written. One more scan, run only
 * when a file has orphans.
 */
export function rawRecordsSql(path: string, read: ReadCsvOptions, lines: string, out: string): string {
  return `CREATE TEMP TABLE ${out} AS
SELECT ordinality AS line_no, ${rawRecordExpr(read.columnCount)} AS raw FROM ${readCsvSql(path, read)} WITH ORDINALITY
WHERE ordinality IN (SELECT line_no FROM ${lines})`;
}

/** Quarantine the orphans found by crossFileOrphansSql, with their raw text from rawRecordsSql. */
export function quarantineOrphansSql(stage: string, orphans: string, raws: string): string {
  return `UPDATE ${stage} SET reason = o.reason, detail = o.detail, raw = r.raw FROM ${orphans} o JOIN ${raws} r USING (line_no) WHERE ${lineOf(stage)} = o.line_no`;
}

/** Only the parameters the statement mentions: DuckDB refuses to bind unknown names. */
export function usedParams(sql: string, params: Record<string, SqlParam>): Record<string, SqlParam> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => new RegExp(`\\$${k}\\b`).test(sql)));
}

/**
 * Master with the thousands-price threshold per product (NULL where the rule does not apply);
 * rule values are bound as parameters.
 */
export function masterPriceSql(table: string, rules: readonly PriceRule[] = PRICE_IN_THOUSANDS_RULES): {sql: string; params: Record<string, SqlParam>} {
  const params: Record<string, SqlParam> = {};
  const whens = rules.map((r, i) => {
    params[`c1_${i}`] = r.clac1;
    params[`b_${i}`] = r.below;
    if (r.clac2 === null) return `WHEN clac1_nm = $c1_${i} THEN $b_${i}::DOUBLE`;
    params[`c2_${i}`] = r.clac2;
    return `WHEN clac1_nm = $c1_${i} AND clac2_nm = $c2_${i} THEN $b_${i}::DOUBLE`;
  });
  const below = whens.length ? `CASE ${whens.join(" ")} END` : "NULL::DOUBLE";
  return {sql: `CREATE TEMP TABLE ${table} AS SELECT pd_c, ${below} AS below FROM master`, params};
}

/**
 * The reader's rejects, one row per record (a record can fail several ways; the first reason of
 * bad_encoding, line_too_long, parse_error, wrong_column_count wins). DuckDB numbers records from 1 =
 * header and counts blank lines, so the data row number is line - 1.
 *
 * DuckDB (1.5) also reports INVALID ENCODING for a valid UTF-8 record whose closing quote is followed
 * by a multi-byte character (`"신상"원피스`): on an UNQUOTED VALUE record that error is dropped, so
 * such records are parse errors and do not count towards "the file is not UTF-8".
 */
export function rejectLinesSql(table: string, rejectsTable: string): string {
  return `CREATE TEMP TABLE ${table} AS
WITH e AS (
  SELECT line, csv_line, byte_position, error_type::VARCHAR AS error_type FROM ${rejectsTable}
  QUALIFY NOT (error_type = 'INVALID ENCODING' AND bool_or(error_type = 'UNQUOTED VALUE') OVER (PARTITION BY line))
)
SELECT line - 1 AS line_no,
  CASE WHEN bool_or(error_type = 'INVALID ENCODING') THEN 'bad_encoding'
       WHEN bool_or(error_type = 'LINE SIZE OVER MAXIMUM') THEN 'line_too_long'
       WHEN bool_or(error_type = 'UNQUOTED VALUE') THEN 'parse_error'
       WHEN bool_or(error_type IN ('MISSING COLUMNS', 'TOO MANY COLUMNS')) THEN 'wrong_column_count'
       ELSE 'parse_error' END AS reason,
  string_agg(DISTINCT error_type, '; ' ORDER BY error_type)
    || CASE WHEN max(length(ltrim(csv_line, chr(13) || chr(10))) - length(replace(ltrim(csv_line, chr(13) || chr(10)), chr(10), ''))) > 0
            THEN ' (record spans ' || (1 + max(length(ltrim(csv_line, chr(13) || chr(10))) - length(replace(ltrim(csv_line, chr(13) || chr(10)), chr(10), '')))) || ' lines)' ELSE '' END AS detail,
  left(ltrim(min(csv_line), chr(13) || chr(10)), ${RAW_CHARS}) AS raw,
  min(byte_position) AS byte_position
FROM e GROUP BY line`;
}

/**
 * Give accepted rows their data row number. The reader numbers only the rows it returns; the
 * skipped ones (rejects, blank lines; `skipTable(r)`) sit between them. Accepted row k is data row
 * k + j where j = how many skipped rows come before it, found with an ASOF join on g = r_j - j
 * (the number of accepted rows before the j-th skipped one).
 */
export function renumberSql(cls: string, skipTable: string, out: string): string {
  return `CREATE TABLE ${out} AS
WITH s AS (SELECT r, row_number() OVER (ORDER BY r) AS j FROM ${skipTable}),
m AS (SELECT r - j AS g, max(j) AS j FROM s GROUP BY r - j)
SELECT c.* REPLACE (${lineOf(cls, "c")} + coalesce(m.j, 0) AS line_no) FROM ${cls} c ASOF LEFT JOIN m ON ${lineOf(cls, "c")} > m.g`;
}

/**
 * Accepted rows whose 64-bit key hash occurs more than once: a superset of the rows of repeated keys,
 * which the callers then group by the key itself. Grouping millions of rows by a wide key (text
 * columns included) is slow, and sorting the hashes is faster than grouping them. The hash equates
 * NULLs as GROUP BY does, so the result is exactly the plain grouping's.
 */
function repeatedRows(spec: FileSpec, cls: string): string {
  const key = spec.unique.join(", ");
  const repeatedHashes = `SELECT h FROM (SELECT h, lag(h) OVER (ORDER BY h) AS prev FROM (SELECT hash(${key}) AS h FROM ${cls} WHERE reason IS NULL)) WHERE h = prev`;
  return `(SELECT *, ${lineOf(cls)} AS line FROM ${cls} WHERE reason IS NULL AND hash(${key}) IN (${repeatedHashes}))`;
}

/** Quarantine every later row of a repeated key; the raw text is rebuilt from the parsed values. */
export function quarantineDuplicatesSql(spec: FileSpec, cls: string): string {
  const key = spec.unique;
  const rebuilt = `left(concat_ws(',', ${spec.columns.map((c) => `coalesce(${cls}.${c.name}::VARCHAR, '')`).join(", ")}), ${RAW_CHARS})`;
  return `UPDATE ${cls} SET reason = 'duplicate_key', detail = 'same ${key.join(", ")} as line ' || d.first_line || ' (raw rebuilt from parsed values)', raw = ${rebuilt}
FROM (SELECT ${key.join(", ")}, min(line) AS first_line FROM ${repeatedRows(spec, cls)} GROUP BY ${key.join(", ")} HAVING count(*) > 1) d
WHERE ${cls}.reason IS NULL AND ${key.map((k) => `${cls}.${k} IS NOT DISTINCT FROM d.${k}`).join(" AND ")} AND ${lineOf(cls)} > d.first_line`;
}

/** Rows repeating an earlier accepted row's key, without touching them. */
export function countDuplicatesSql(spec: FileSpec, cls: string): string {
  return `SELECT coalesce(sum(n - 1), 0)::BIGINT AS n FROM (SELECT count(*) AS n FROM ${repeatedRows(spec, cls)} GROUP BY ${spec.unique.join(", ")} HAVING count(*) > 1)`;
}

/** Warehouse columns a file fills, in the order of the contract. */
export function targetColumns(spec: FileSpec): string[] {
  const cols = spec.columns.map((c) => c.name);
  return spec.file === "product" ? ["line_no", ...cols, "price_scaled"] : cols;
}

/** The stage table's leading columns: the contract's, then line_no where the contract has none. */
export function stageColumns(spec: FileSpec): string[] {
  const cols = targetColumns(spec);
  return cols.includes("line_no") ? cols : [...cols, "line_no"];
}

/** Stage columns that are not part of the warehouse table, dropped before the stage replaces it. */
export function stageOnlyColumns(spec: FileSpec): string[] {
  return [...(targetColumns(spec).includes("line_no") ? [] : ["line_no"]), "reason", "detail", "raw", "na_mask"];
}

/** Quarantined rows of a classified table, the reader's rejects and the blank lines, all in one insert. */
export function insertQuarantineSql(cls: string, rejectLines: string, blankTable: string): string {
  return `INSERT INTO quarantine (file, line_no, reason, raw, detail)
SELECT $file, line_no, reason, raw, detail FROM (
  SELECT ${lineOf(cls)} AS line_no, reason, raw, detail FROM ${cls} WHERE reason IS NOT NULL
  UNION ALL SELECT line_no, reason, raw, detail FROM ${rejectLines}
  UNION ALL SELECT r, 'blank_line', '', 'empty line' FROM ${blankTable}
) ORDER BY line_no`;
}

/** Per spec column: NA cells (from na_mask) and "(not set)" cells of text columns. */
export function cellCountsSql(spec: FileSpec, cls: string): string {
  const parts = spec.columns.flatMap((c, i) => {
    const na = `coalesce(sum((na_mask >> ${i}) & 1), 0)::BIGINT AS "na:${c.raw}"`;
    return c.kind === "text" ? [na, `count(*) FILTER (WHERE ${c.name} = '(not set)')::BIGINT AS "not_set:${c.raw}"`] : [na];
  });
  return `SELECT ${parts.join(", ")} FROM ${cls}`;
}
