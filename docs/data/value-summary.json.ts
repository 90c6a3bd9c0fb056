// What the value page states about its data, the build-time tiers at the report's thresholds (the page
// checks its live re-tier against them) and the half-year migration at those thresholds (shown until the
// reader moves a threshold, so the first view needs no customer rows).
import {tierMigration, valueCube, valueTiers} from "../../loaders/analysis.js";
import {emitJson, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {readPeriod} from "../../loaders/period.js";
import {sharedCustomerTable} from "../../loaders/customers.js";
import {DEFAULT_THRESHOLDS} from "../../src/value/index.js";
import {VALUE_CUBE} from "../components/value-config.js";

const {duck, info} = await openWarehouse({log});
await sharedCustomerTable(duck, info.path);
const [stats] = await duck.query<{customers: number; revenue: number; firstDate: string; lastDate: string}>(
  `SELECT count(*)::BIGINT AS customers, coalesce(sum(total), 0)::DOUBLE AS revenue,
     coalesce(strftime(min(first_date), '%Y-%m-%d'), '') AS firstDate, coalesce(strftime(max(last_date), '%Y-%m-%d'), '') AS lastDate
   FROM value_base`
);
const cube = await valueCube(duck, {...VALUE_CUBE, source: "value_base"});
const tiers = await valueTiers(duck, DEFAULT_THRESHOLDS, {source: "value_base"});
const migration = await tierMigration(duck, DEFAULT_THRESHOLDS, {source: "value_base"});
const {holidaysKnown: _h, weather: _w, ...period} = await readPeriod(duck);
emitJson({
  source: info.source,
  dataVersion: info.key,
  customers: stats.customers,
  revenue: stats.revenue,
  firstDate: stats.firstDate,
  lastDate: stats.lastDate,
  period,
  cube: {...VALUE_CUBE, cells: cube.length},
  thresholds: DEFAULT_THRESHOLDS,
  summary: tiers.summary.map(({tier, customers, revenue}) => ({tier, customers, revenue})),
  scores: tiers.scores.map(({score, value, customers}) => ({score, value, customers})),
  migration: migration.map(({from, to, customers}) => ({from, to, customers}))
});
duck.close();
