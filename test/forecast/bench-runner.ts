/**
 * The build-time runner on a synthetic 11-category input (not part of the test suite; ~1 minute):
 *   npx tsx test/forecast/bench-runner.ts [out.json]
 * Prints per-category cost, the targets as the page reads them, and where the time goes.
 */
import {writeFileSync} from "node:fs";
import {checkTargets} from "../../docs/components/forecast-eval.js";
import {runForecasts} from "../../loaders/forecast.js";
import {syntheticInput} from "./helpers.js";

const a = await runForecasts(await syntheticInput(), {log: (m) => process.stderr.write(m + "\n")});
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify(a));
const out = (s: string) => process.stdout.write(s + "\n");
const t = a.timing!;
out(`backend ${t.backend} (threads ${t.threads}), ${t.node}; total ${(t.totalMs / 1000).toFixed(1)} s; JSON ${(JSON.stringify(a).length / 1024).toFixed(0)} KiB`);
out("\n| category | status | forecast s | ablation s | epoch curve s | trainings | epochs |\n|---|---|---|---|---|---|---|");
for (const c of a.categories) {
  const ct = t.categories.find((x) => x.category === c.category)!;
  out(`| ${c.en} | ${c.status} | ${(ct.forecastMs / 1000).toFixed(1)} | ${(ct.ablationMs / 1000).toFixed(1)} | ${(ct.epochCurveMs / 1000).toFixed(1)} | ${ct.lstmTrainings} | ${ct.lstmEpochs} |`);
}
for (const check of checkTargets(a)) out(`\n${check.pass === null ? "n/a" : check.pass ? "met" : "MISSED"}: ${check.title}\n  ${check.summary}`);
