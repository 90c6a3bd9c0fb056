// Every customer's first preference categories, ranked in code (src/preference/top.ts) over columns read
// from DuckDB, written back as a temp table for the SQL that reads them (preferenceTopWideSql).
import {readColumns, writeColumns} from "./columns.js";
import type {Duck} from "./duck.js";
import {PREFERENCE_WAREHOUSE_SOURCES, preferenceTopColumns, type PreferenceSources, type TopOptions} from "../src/preference/index.js";
import {sqlSource} from "../src/value/bind.js";

/** One ranking createPreferenceTops makes: its temp table's name and the ranking's options (top 1 by default). */
export interface TopRanking {
  name: string;
  options?: Partial<TopOptions>;
}

/**
 * The temp table `name`: clnt_id, c1 … c<top> (indexes into the categories in name order, NULL past a
 * customer's last), s1 … s<top> (their scores), lo and hi (the customer's lowest and highest positive
 * score, NULL when none), for every customer of the counts or the members (`src`: counts, members and
 * categories as in PreferenceSources; the age and gender tables are summed from the counts here).
 * Returns the categories in name order, which c1 … index.
 */
export function createPreferenceTop(duck: Duck, name: string, options: Partial<TopOptions> = {}, src: Partial<PreferenceSources> = {}): Promise<string[]> {
  return createPreferenceTops(duck, [{name, options}], src);
}

/**
 * createPreferenceTop for each of `rankings` (other categories or another top), over counts and members read
 * once: at competition size the read took ≈ 1.2 CPU-seconds, the ranking itself ≈ 0.6.
 */
export async function createPreferenceTops(duck: Duck, rankings: readonly TopRanking[], src: Partial<PreferenceSources> = {}): Promise<string[]> {
  const s = {...PREFERENCE_WAREHOUSE_SOURCES, ...src};
  const categories = (await duck.query<{category: string}>(`SELECT DISTINCT category FROM ${sqlSource(s.categories)} ORDER BY category`)).map((r) => r.category);
  const counts = await readColumns(
    duck,
    `SELECT p.clnt_id::INTEGER AS clnt, c.i AS cat, p.n::DOUBLE AS n
FROM ${sqlSource(s.counts)} p JOIN (SELECT category, (row_number() OVER (ORDER BY category) - 1)::INTEGER AS i FROM (SELECT DISTINCT category FROM ${sqlSource(s.categories)})) c USING (category)
ORDER BY clnt`,
    {clnt: "int32", cat: "int32", n: "float64"}
  );
  const members = await readColumns(
    duck,
    `SELECT m.clnt_id::INTEGER AS clnt, m.age::INTEGER AS age, g.code AS gender
FROM ${sqlSource(s.members)} m JOIN (SELECT gender, (row_number() OVER (ORDER BY gender))::INTEGER AS code FROM (SELECT DISTINCT gender FROM ${sqlSource(s.members)})) g USING (gender)
ORDER BY clnt`,
    {clnt: "int32", age: "int32", gender: "int32"}
  );
  for (const {name, options = {}} of rankings) {
    const top = options.top ?? 1;
    const r = preferenceTopColumns({categories, counts, members}, {...options, top});
    const N = r.clnt.length;
    const columns: Record<string, Int32Array | Float64Array> = {clnt_id: r.clnt};
    for (let p = 0; p < top; p++) {
      const c = new Int32Array(N);
      const sc = new Float64Array(N);
      for (let u = 0; u < N; u++) {
        c[u] = r.cat[u * top + p];
        sc[u] = c[u] < 0 ? NaN : r.score[u * top + p];
      }
      columns[`c${p + 1}`] = c;
      columns[`s${p + 1}`] = sc;
    }
    columns.lo = r.minPositive;
    columns.hi = r.maxPositive;
    await writeColumns(duck, name, columns, {nullIf: Object.fromEntries(Array.from({length: top}, (_, p) => [`c${p + 1}`, -1]))});
  }
  return categories;
}
