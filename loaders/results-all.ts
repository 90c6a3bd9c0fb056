// Registers the result tables of every analysis with the headless CLI (imported for its effect).
import {ANALYSIS_RESULTS, customerTypes} from "./analysis.js";
import {registerResults} from "./results.js";
import "./results-forecast.js";

registerResults(...ANALYSIS_RESULTS, {
  name: "customer_types",
  description: "every customer's own behaviour pattern, type and subtype against their group's average (default outlier rule)",
  rows: async (d) =>
    (await customerTypes(d)).map((r) => ({clnt_id: r.clnt_id, group: r.group, reference: r.reference, lines: r.lines, pattern: r.pattern, type: r.type, subtype: r.subtype}))
});
