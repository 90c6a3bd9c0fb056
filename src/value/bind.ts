/**
 * Bound SQL for native DuckDB ($name parameters) and DuckDB-WASM (positional parameters via bindNamed).
 * Every analysis query is plain DuckDB SQL text plus a parameter object; values are never spliced.
 */
import {bindNamed, type SqlValue} from "../sql.js";

export type {SqlValue};

export interface BoundQuery {
  sql: string;
  /** exactly the $names the SQL uses (DuckDB rejects unused parameters) */
  params: Record<string, SqlValue>;
}

const PARAM = /\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Walk the SQL outside quoted literals / identifiers and comments. */
function scan(sql: string, onParam: (name: string, start: number, end: number) => void): void {
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      const close = sql.indexOf(ch, i + 1);
      i = close < 0 ? sql.length : close + 1;
    } else if (ch === "-" && sql[i + 1] === "-") {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? sql.length : nl + 1;
    } else if (ch === "$") {
      PARAM.lastIndex = i;
      const m = PARAM.exec(sql);
      if (m && m.index === i) {
        onParam(m[1], i, i + m[0].length);
        i += m[0].length;
      } else i++;
    } else i++;
  }
}

/** The $names an SQL text uses, in first-use order. */
export function sqlParamNames(sql: string): string[] {
  const names: string[] = [];
  scan(sql, (name) => {
    if (!names.includes(name)) names.push(name);
  });
  return names;
}

/** Keep exactly the parameters the SQL uses; a missing one is an error naming it. */
export function bindQuery(sql: string, values: Record<string, SqlValue | undefined>): BoundQuery {
  const params: Record<string, SqlValue> = {};
  for (const name of sqlParamNames(sql)) {
    const v = values[name];
    if (v === undefined) throw new Error(`SQL parameter $${name} has no value (given: ${Object.keys(values).join(", ") || "none"})`);
    params[name] = v;
  }
  return {sql, params};
}

/** For DuckDB-WASM prepared statements, which bind by position only. */
export function toPositional(query: BoundQuery): {sql: string; values: SqlValue[]} {
  return bindNamed(query.sql, query.params);
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/**
 * A FROM source: a table/view name, or a parenthesised subquery (used by the build-time loaders to run
 * the page SQL straight on the warehouse). Anything else is rejected.
 */
export function sqlSource(source: string): string {
  const s = source.trim();
  if (IDENT.test(s)) return s;
  if (s.startsWith("(") && s.endsWith(")")) return s;
  throw new Error(`invalid SQL source ${JSON.stringify(source)}: expected a table name or a parenthesised subquery`);
}

/** Lists travel as one VARCHAR parameter ('a|b|c'; '' = no filter) so WASM needs only scalar parameters. */
export function pipeList(items: readonly string[] | null | undefined): string {
  if (!items) return "";
  for (const item of items) {
    if (item.includes("|")) throw new Error(`list item ${JSON.stringify(item)} contains the separator "|"`);
    if (item === "") throw new Error("list items must be non-empty");
  }
  return items.join("|");
}

/** Code-point order (DuckDB's default VARCHAR order), independent of locale. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** Defaults overlaid with the given options; an option given as undefined keeps its default. */
export function withDefaults<T extends object>(defaults: Readonly<T>, partial: Partial<T> = {}): T {
  const out = {...defaults} as T;
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
