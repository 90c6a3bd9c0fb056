// Reference means of the behaviour bits: each age×gender group's average over all its purchase lines,
// and the average over every line ("all": customers outside the main groups and non-members).
import {sharedCustomerTable} from "../../loaders/customers.js";
import {emitJson, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {SEGMENT_GROUPS_SQL, segmentLinesSql, segmentParams, segmentQuery} from "../../src/segment/index.js";
import {bindQuery} from "../../src/value/bind.js";

const {duck, info} = await openWarehouse({log});
// the default rule's bounds, as the customer table's types use them
const {bounds} = await sharedCustomerTable(duck, info.path);
const lines = segmentQuery(segmentLinesSql("bound", {ordered: false}), {}, bounds);
const means = await duck.query(
  `SELECT CASE WHEN age IS NULL THEN 'all' ELSE age::VARCHAR || gender END AS "group",
    avg(time) AS time, avg(pageviews) AS pageviews, avg(searches) AS searches, avg(price) AS price
  FROM (${lines.sql}) WHERE (age IS NOT NULL) = (gender IS NOT NULL)
  GROUP BY GROUPING SETS ((age, gender), ()) HAVING GROUPING(age, gender) = 3 OR age IS NOT NULL
  ORDER BY "group"`,
  lines.params
);
const g = bindQuery(SEGMENT_GROUPS_SQL, segmentParams());
const groups = await duck.query<{group: string; main: boolean}>(g.sql, g.params);
emitJson({main: groups.filter((x) => x.main).map((x) => x.group), means});
duck.close();
