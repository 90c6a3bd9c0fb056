// The lifetime-value page's first view (Methods page: lifetime value): the fits, the calibration/holdout
// check at the default split, the P(alive) heat map, sums per 333 tier × behaviour type that value any
// discount rate, and the two target lists' first rows (columns, no reasons: the page words them with
// src/clv/site.ts listReason at the reader's rate). Tier and type come from the customer table, as on the
// value and profile pages.
import {sharedCustomerTable} from "../../loaders/customers.js";
import {checkSplit, dailyBuyers, heatMap, holdoutRows, keepThreshold, plantedGone, segmentValues, targetList} from "../../loaders/clv.js";
import {emitJson, log, roundDeep} from "../../loaders/emit.js";
import {readPeriod} from "../../loaders/period.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {CLV_SETTINGS, holdoutGrid, type ClvListKey} from "../../src/clv/site.js";

const {duck, info} = await openWarehouse({log});
const {clv: fit} = await sharedCustomerTable(duck, info.path);
const {holidaysKnown: _h, weather: _w, ...period} = await readPeriod(duck);
const grid = holdoutGrid(fit.period);
const base = {source: info.source, dataVersion: info.key, period, settings: CLV_SETTINGS, grid, fit};

if (fit.reason !== null) {
  log(`clv: not fitted: ${fit.reason}`);
  emitJson({...base, check: null, daily: null, heat: null, segments: null, lists: null, planted: null});
} else {
  const split = grid?.defaultSplit;
  const check = grid && split ? checkSplit(await holdoutRows(duck, fit.period, {...grid, first: split, last: split}), fit.period, split, fit.customers) : null;
  const keepFrom = await keepThreshold(duck);
  const lists = [];
  for (const key of ["stars-gone", "unmanaged-keep"] as ClvListKey[]) {
    const list = await targetList(duck, key, {keepFrom});
    const columns = Object.keys(list.rows[0] ?? {}).filter((k) => k !== "reason");
    lists.push({key, customers: list.customers, columns, rows: list.rows.map((r) => columns.map((c) => r[c as keyof typeof r]))});
  }
  emitJson({
    ...base,
    check,
    daily: await dailyBuyers(duck, fit.period, period.missing),
    heat: await heatMap(duck, fit.period.days),
    segments: await segmentValues(duck),
    keepFrom,
    // list rows as the page shows them (six significant digits); everything else to ten, so the page can revalue exactly
    lists: roundDeep(lists, 6),
    planted: info.source === "synthetic" ? await plantedGone(duck, info.dataDir) : null
  }, {digits: 10});
}
duck.close();
