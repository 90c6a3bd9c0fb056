// Behaviour segmentation (Methods page: behaviour segments): per outlier rule, the bounds and per (age×gender group, category)
// sums and counts of each variable, so the page recomputes means, bits, patterns and types for any choice
// of groups and categories; plus every customer's own type (7 largest groups), counted by group and pattern.
import {sharedCustomerTable} from "../../loaders/customers.js";
import {emitJson, log} from "../../loaders/emit.js";
import {openWarehouse} from "../../loaders/warehouse.js";
import {compareText} from "../../src/value/bind.js";
import {packCells, ruleCells, sortTypeCounts, SEGMENT_RULES, type CellRow, type RuleData, type SegmentsData} from "../components/segment-model.js";

const {duck, info} = await openWarehouse({log});
try {
  // every rule's bounds, type counts and cells, made with the shared customer table for the same SEGMENT_RULES
  const t0 = performance.now();
  const {boundsByRule, typesByRule, cellsByRule: all} = await sharedCustomerTable(duck, info.path);
  if (!all) throw new Error("segments: the shared customer table has no segment cells");
  log(`segments: bounds, customer types and ${all.length} cells for ${SEGMENT_RULES.length} rules (${Math.round(performance.now() - t0)} ms)`);
  const perRule: {preset: (typeof SEGMENT_RULES)[number]; bounds: RuleData["bounds"]; rows: CellRow[]; types: RuleData["types"]}[] = [];
  for (const [i, preset] of SEGMENT_RULES.entries()) {
    const bounds = boundsByRule[i];
    const rows = ruleCells(all, i);
    const types = sortTypeCounts(typesByRule[i]);
    perRule.push({preset, bounds, rows, types});
    log(`segments: rule ${preset.key}: ${types.reduce((s, t) => s + t.customers, 0)} customers typed`);
  }
  const groups = [...new Set(perRule[0].rows.map((r) => r.group))].sort(compareText);
  const categories = [...new Set(perRule[0].rows.map((r) => r.category))].sort(compareText);
  let cells: SegmentsData["cells"] | null = null;
  const rules: RuleData[] = perRule.map(({preset, bounds, rows, types}) => {
    const packed = packCells(rows, groups, categories);
    cells ??= packed.cells;
    return {key: preset.key, label: preset.label, rule: preset.rule, bounds, sums: packed.sums, types};
  });
  const out: SegmentsData = {source: info.source, dataVersion: info.key, groups, categories, cells: cells!, rules};
  // 12 significant digits keep every sum of integer values exact, so means equal the library's
  emitJson(out, {digits: 12});
} finally {
  duck.close();
}
