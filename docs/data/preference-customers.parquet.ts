// One row per customer (buyers and members), sorted by clnt_id, compact: the id as the step from the
// previous row's id (small numbers: about a third of the bytes of the ids themselves), age band and gender code
// (0 = not a member; else 1 + index into the summary's genders), rank-1 category codes over all and
// over the report's categories (index into the summary's categories; ties: first by name), purchase
// lines, and n_cats = this customer's rows in preference-counts.parquet. The page loads it on demand.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {PREF_CATEGORIES_SQL, PREF_MEMBERS_SQL} from "../../src/preference/index.js";
import {sharedCustomerTable} from "../../loaders/customers.js";

const {duck, info} = await openWarehouse({log});
// Over every category, rank 1 is the first of the customer table's top categories (same ranking, same ties).
await sharedCustomerTable(duck, info.path);
await duck.run("CREATE TEMP TABLE top_all AS SELECT clnt_id, top1 AS category FROM customers WHERE top1 IS NOT NULL ORDER BY clnt_id");
// over the report's categories, ranked by the shared build with the top categories: c1 indexes every category
// in name order, as the codes below do
await emitParquet(
  duck,
  `WITH cats AS (SELECT category, (row_number() OVER (ORDER BY category) - 1)::TINYINT AS code FROM (${PREF_CATEGORIES_SQL})),
pm AS (${PREF_MEMBERS_SQL}),
g AS (SELECT gender, row_number() OVER (ORDER BY gender)::TINYINT AS code FROM (SELECT DISTINCT gender FROM pm)),
per AS (SELECT clnt_id, sum(n) AS lines, count(*) AS n_cats FROM pref_counts GROUP BY clnt_id)
SELECT (a.clnt_id - coalesce(lag(a.clnt_id) OVER (ORDER BY a.clnt_id), 0))::INTEGER AS clnt_id_step, coalesce(pm.age, 0)::SMALLINT AS age, coalesce(g.code, 0)::TINYINT AS gender,
  ca.code AS all_top, r.c1::TINYINT AS report_top, coalesce(per.lines, 0)::INTEGER AS lines, coalesce(per.n_cats, 0)::TINYINT AS n_cats
FROM top_all a JOIN pref_report_top r USING (clnt_id)
JOIN cats ca ON ca.category = a.category
LEFT JOIN pm USING (clnt_id) LEFT JOIN g ON g.gender = pm.gender LEFT JOIN per USING (clnt_id)
ORDER BY a.clnt_id`
);
duck.close();
