// What the preference page needs at first view, in one small file: the K categories (their codes in the
// customer table), member purchase lines per (category, age band) and (category, gender) for the
// likelihoods, the gender codes, and a few sample customers with their own counts, so the first ranking
// needs no customer table. The customer rows (preference-customers / preference-counts) load on demand.
import {emitJson, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {demographicCountsSql, PREF_CATEGORIES_SQL, PREF_MEMBERS_SQL} from "../../src/preference/index.js";
import {sharedCustomerTable} from "../../loaders/customers.js";
import {mainCategories} from "../../src/categories.js";

const {duck, info} = await openWarehouse({log});
// every customer's lines per category (pref_counts) come with the shared customer table
const {categoriesByRevenue} = await sharedCustomerTable(duck, info.path);
await duck.run(`CREATE TEMP VIEW pc AS SELECT * FROM pref_counts`);
await duck.run(`CREATE TEMP TABLE pm AS ${PREF_MEMBERS_SQL}`);
const categories = (await duck.query<{category: string}>(PREF_CATEGORIES_SQL)).map((r) => r.category);
const main = mainCategories(categoriesByRevenue);
const genders = (await duck.query<{gender: string}>(`SELECT DISTINCT gender FROM pm ORDER BY gender`)).map((r) => r.gender);
const [{customers}] = await duck.query<{customers: number}>(`SELECT count(*)::BIGINT AS customers FROM (SELECT clnt_id FROM pc UNION SELECT clnt_id FROM pm)`);
// heavy buyers, non-members, one-purchase buyers, a member without purchases
const picks = await duck.query<{clnt_id: number; why: string}>(
  `WITH t AS (SELECT clnt_id, sum(n) AS lines, count(*) AS cats FROM pc GROUP BY clnt_id),
  x AS (SELECT t.*, m.clnt_id IS NOT NULL AS member FROM t LEFT JOIN pm m USING (clnt_id))
  SELECT clnt_id, why FROM (
    (SELECT clnt_id, 'member, most purchase lines' AS why, 1 AS o FROM x WHERE member ORDER BY lines DESC, clnt_id LIMIT 3)
    UNION ALL (SELECT clnt_id, 'member, many categories', 2 FROM x WHERE member ORDER BY cats DESC, lines, clnt_id LIMIT 2)
    UNION ALL (SELECT clnt_id, 'non-member, most purchase lines', 3 FROM x WHERE NOT member ORDER BY lines DESC, clnt_id LIMIT 2)
    UNION ALL (SELECT clnt_id, 'member, one purchase line', 4 FROM x WHERE member AND lines = 1 ORDER BY clnt_id LIMIT 2)
    UNION ALL (SELECT clnt_id, 'non-member, one purchase line', 5 FROM x WHERE NOT member AND lines = 1 ORDER BY clnt_id LIMIT 1)
    UNION ALL (SELECT m.clnt_id, 'member without purchases', 6 FROM pm m ANTI JOIN t USING (clnt_id) ORDER BY m.clnt_id LIMIT 1)
  ) ORDER BY o, clnt_id`
);
const samples = [];
for (const {clnt_id, why} of picks) {
  const counts = await duck.query<{category: string; n: number}>(`SELECT category, n FROM pc WHERE clnt_id = $id ORDER BY category`, {id: clnt_id});
  const [m] = await duck.query<{age: number; gender: string}>(`SELECT age, gender FROM pm WHERE clnt_id = $id`, {id: clnt_id});
  samples.push({clnt_id, why, member: m ? {age: m.age, gender: m.gender} : null, counts: Object.fromEntries(counts.map((c) => [c.category, c.n]))});
}
emitJson({
  categories,
  main: main.categories,
  mainLabel: main.label,
  genders,
  customers,
  ageCounts: await duck.query(demographicCountsSql("pref_counts", "age")),
  genderCounts: await duck.query(demographicCountsSql("pref_counts", "gender")),
  samples
});
duck.close();
