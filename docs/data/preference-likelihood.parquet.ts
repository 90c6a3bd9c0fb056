// The preference index's likelihood inputs in one small table: the K categories (kind 'category') and
// member purchase lines per (category, age band) and (category, gender); the page turns them into the
// library's pref_categories / pref_age_counts / pref_gender_counts views.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {PREF_AGE_COUNTS_SQL, PREF_CATEGORIES_SQL, PREF_GENDER_COUNTS_SQL} from "../../src/preference/index.js";

const {duck} = await openWarehouse({log});
await emitParquet(
  duck,
  `SELECT * FROM (
  SELECT 'category' AS kind, category, NULL::INTEGER AS age, NULL::VARCHAR AS gender, NULL::INTEGER AS n FROM (${PREF_CATEGORIES_SQL})
  UNION ALL SELECT 'age', category, age::INTEGER, NULL, n::INTEGER FROM (${PREF_AGE_COUNTS_SQL})
  UNION ALL SELECT 'gender', category, NULL, gender, n::INTEGER FROM (${PREF_GENDER_COUNTS_SQL})
) ORDER BY kind, category, age, gender`
);
duck.close();
