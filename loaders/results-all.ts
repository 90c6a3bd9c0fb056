// Registers the result tables of every analysis with the headless CLI (imported for its effect).
import {ANALYSIS_RESULTS, customerTypeChunks} from "./analysis.js";
import {createCustomerTable, CRM_COLUMNS} from "./customers.js";
import {customerLtvChunks, LTV_COLUMNS} from "./clv.js";
import {hasTempTable} from "./duck.js";
import {chunkedTable, registerResults} from "./results.js";
import "./results-forecast.js";

const TYPE_COLUMNS = ["clnt_id", "group", "reference", "lines", "pattern", "type", "subtype"] as const;

registerResults(...ANALYSIS_RESULTS, chunkedTable({
  name: "customers",
  description: "one row per customer (buyers and members) for a CRM upload: demographics, 333 tier with R/F/M, behaviour type, the top three preference categories with their index — the values the profile page shows",
  columns: CRM_COLUMNS,
  chunks: async function* (d) {
    await createCustomerTable(d);
    // indices and gaps as the pages show them (two decimals), not to the last binary digit
    const rounded = new Set(["mean_day", "top1_index", "top2_index", "top3_index"]);
    yield* d.stream(`SELECT ${CRM_COLUMNS.map((c) => (rounded.has(c) ? `round("${c}", 2) AS "${c}"` : `"${c}"`)).join(", ")} FROM customers ORDER BY clnt_id`);
  }
}), chunkedTable({
  name: "customer_types",
  description: "every customer's own behaviour pattern, type and subtype against their group's average (default outlier rule)",
  chunks: async function* (d) {
    // the customer table's build (analyze writes it first) typed every customer under the same default rule
    if (await hasTempTable(d, "ctypes")) yield* d.stream(`SELECT ${TYPE_COLUMNS.map((c) => `"${c}"`).join(", ")} FROM ctypes ORDER BY clnt_id`);
    else for await (const chunk of customerTypeChunks(d)) yield chunk.map((r) => Object.fromEntries(TYPE_COLUMNS.map((c) => [c, r[c]])));
  }
}), chunkedTable({
  // CLV: the per-customer lifetime-value table
  name: "customer_ltv",
  description: "every buyer's purchase days (frequency, recency, T in days, monetary = mean repeat purchase day), P(alive), expected purchase days and spend per purchase day over the next 26 weeks, CLV at 1% a month, 333 tier, behaviour type, and why they are on a target list (Stars probably gone, Unmanaged worth keeping); model columns empty when the data is too small to fit",
  columns: LTV_COLUMNS,
  chunks: (d) => customerLtvChunks(d, createCustomerTable)
}));
