export type SqlValue = string | number | boolean | null;

/**
 * Rewrite `$name` placeholders to positional `$1…` ones: DuckDB-WASM's prepared statements bind by
 * position only, while the library's SQL names its parameters. Quoted text and comments are left alone.
 */
export function bindNamed(sql: string, params: Readonly<Record<string, SqlValue>>): {sql: string; values: SqlValue[]} {
  const order: string[] = [];
  const text = sql.replace(
    /('(?:[^']|'')*')|("(?:[^"]|"")*")|(--[^\n]*)|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (m, single?: string, double?: string, comment?: string, name?: string) => {
      if (single || double || comment || !name) return m;
      if (!Object.hasOwn(params, name)) throw new Error(`missing SQL parameter: $${name}`);
      let i = order.indexOf(name);
      if (i < 0) i = order.push(name) - 1;
      return `$${i + 1}`;
    }
  );
  return {sql: text, values: order.map((n) => params[n])};
}
