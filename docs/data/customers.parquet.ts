// One row per customer (buyers and members): the customer data contract of the profile and store pages.
import {segmentBounds} from "../../loaders/analysis.js";
import type {Duck} from "../../loaders/duck.js";
import {emitParquet, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {PREFERENCE_WAREHOUSE_SOURCES, preferenceTopQuery} from "../../src/preference/index.js";
import {customerTypesSql, segmentQuery} from "../../src/segment/index.js";
import type {BoundQuery} from "../../src/value/bind.js";
import {valueBaseQuery, valueScoredQuery} from "../../src/value/index.js";

const TOP = 5;

async function temp(duck: Duck, name: string, q: BoundQuery): Promise<void> {
  await duck.run(`CREATE TEMP TABLE ${name} AS ${q.sql}`, q.params);
}

const {duck} = await openWarehouse({log});
await temp(duck, "value_base", valueBaseQuery());
await temp(duck, "value_scored", valueScoredQuery({}, "value_base"));
await temp(duck, "ctypes", segmentQuery(customerTypesSql("bound"), {}, await segmentBounds(duck)));
await temp(duck, "ptop", preferenceTopQuery(TOP, {}, PREFERENCE_WAREHOUSE_SOURCES));

const tops = Array.from({length: TOP}, (_, i) => i + 1);
await emitParquet(
  duck,
  `WITH u AS (SELECT clnt_id FROM session UNION SELECT clnt_id FROM custom),
ses AS (
  SELECT clnt_id, count(*) AS sessions FROM session GROUP BY clnt_id
), dev AS (
  SELECT clnt_id, first(dvc_ctg_nm ORDER BY n DESC, dvc_ctg_nm) AS device
  FROM (SELECT clnt_id, dvc_ctg_nm, count(*) AS n FROM session GROUP BY ALL) GROUP BY clnt_id
), reg AS (
  SELECT clnt_id, first(zon_nm ORDER BY n DESC, zon_nm) AS region
  FROM (SELECT clnt_id, zon_nm, count(*) AS n FROM session GROUP BY ALL) GROUP BY clnt_id
), top AS (
  SELECT clnt_id,
    ${tops.map((i) => `max(category) FILTER (WHERE position = ${i}) AS top${i}`).join(", ")},
    ${tops.map((i) => `max("index") FILTER (WHERE position = ${i}) AS top${i}_index`).join(", ")}
  FROM ptop GROUP BY clnt_id
)
SELECT u.clnt_id::INTEGER AS clnt_id, c.clnt_id IS NOT NULL AS member, c.gender, c.age::INTEGER AS age,
  dev.device, reg.region, coalesce(ses.sessions, 0)::INTEGER AS sessions, coalesce(b.n_lines, 0)::INTEGER AS lines,
  coalesce(b.total, 0)::DOUBLE AS total, strftime(b.first_date, '%Y-%m-%d') AS first_date, strftime(b.last_date, '%Y-%m-%d') AS last_date,
  b.mean_day::DOUBLE AS mean_day, v.r::INTEGER AS r, v.f::INTEGER AS f, v.m::INTEGER AS m, v.tier, v.point_rate::DOUBLE AS point_rate,
  t.type, t.subtype, t.pattern AS bits,
  t."group", t.time::DOUBLE AS time, t.pageviews::DOUBLE AS pageviews, t.searches::DOUBLE AS searches, t.price::DOUBLE AS price,
  ${tops.map((i) => `top.top${i}`).join(", ")}, ${tops.map((i) => `top.top${i}_index::DOUBLE AS top${i}_index`).join(", ")}
FROM u
LEFT JOIN custom c ON c.clnt_id = u.clnt_id
LEFT JOIN ses ON ses.clnt_id = u.clnt_id
LEFT JOIN dev ON dev.clnt_id = u.clnt_id
LEFT JOIN reg ON reg.clnt_id = u.clnt_id
LEFT JOIN value_base b ON b.clnt_id = u.clnt_id
LEFT JOIN value_scored v ON v.clnt_id = u.clnt_id
LEFT JOIN ctypes t ON t.clnt_id = u.clnt_id
LEFT JOIN top ON top.clnt_id = u.clnt_id
ORDER BY u.clnt_id`
);
duck.close();
