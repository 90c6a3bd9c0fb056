// Every customer's rank-1 category over the report's 11 and over all 37 (ties: first by category name).
import type {Duck} from "../../loaders/duck.js";
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {PREFERENCE_WAREHOUSE_SOURCES, preferenceCategories, preferenceTopQuery} from "../../src/preference/index.js";

const {duck} = await openWarehouse({log});
async function rank1(d: Duck, name: string, categories: string[]): Promise<void> {
  const q = preferenceTopQuery(1, {categories}, PREFERENCE_WAREHOUSE_SOURCES);
  await d.run(`CREATE TEMP TABLE ${name} AS ${q.sql}`, q.params);
}
await rank1(duck, "top_all", preferenceCategories("all"));
await rank1(duck, "top_report", preferenceCategories("report"));
await emitParquet(
  duck,
  `SELECT a.clnt_id::INTEGER AS clnt_id, a.member, a.category AS all_top, r.category AS report_top
FROM top_all a JOIN top_report r USING (clnt_id) ORDER BY clnt_id`
);
duck.close();
