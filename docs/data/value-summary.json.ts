// What the value page states about its data, and the build-time tiers at the report's thresholds
// (the page checks its live re-tier against them).
import {customerBase, valueCube, valueTiers} from "../../loaders/analysis.js";
import {emitJson, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {DEFAULT_THRESHOLDS} from "../../src/value/index.js";
import {VALUE_CUBE} from "../components/value-config.js";

const {duck, info} = await openWarehouse({log});
const base = await customerBase(duck);
const cube = await valueCube(duck, VALUE_CUBE);
const tiers = await valueTiers(duck, DEFAULT_THRESHOLDS);
emitJson({
  source: info.source,
  dataVersion: info.key,
  customers: base.length,
  revenue: base.reduce((s, c) => s + c.total, 0),
  firstDate: base.reduce((m, c) => (c.first_date < m ? c.first_date : m), base[0]?.first_date ?? ""),
  lastDate: base.reduce((m, c) => (c.last_date > m ? c.last_date : m), ""),
  cube: {...VALUE_CUBE, cells: cube.length},
  thresholds: DEFAULT_THRESHOLDS,
  summary: tiers.summary.map(({tier, customers, revenue}) => ({tier, customers, revenue})),
  scores: tiers.scores.map(({score, value, customers}) => ({score, value, customers}))
});
duck.close();
