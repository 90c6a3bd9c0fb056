// Every customer's purchase lines per top category (non-zero cells only), the prior's input: category
// code (index into the summary's categories) and lines, customers in clnt_id order, categories in name
// order. The customer ids are not repeated here: preference-customers.parquet says how many rows
// (n_cats) each of its customers has, in the same order. The page loads it on demand.
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {sharedCustomerTable} from "../../loaders/customers.js";
import {PREF_CATEGORIES_SQL} from "../../src/preference/index.js";

const {duck, info} = await openWarehouse({log});
// the counts (table pref_counts) come with the shared customer table
await sharedCustomerTable(duck, info.path);
await emitParquet(
  duck,
  `WITH cats AS (SELECT category, (row_number() OVER (ORDER BY category) - 1)::TINYINT AS code FROM (${PREF_CATEGORIES_SQL}))
SELECT cats.code AS category, c.n::INTEGER AS n
FROM pref_counts c JOIN cats USING (category)
ORDER BY c.clnt_id, c.category`
);
duck.close();
