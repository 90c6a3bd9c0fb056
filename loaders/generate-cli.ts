/**
 * npm run generate -- --scale demo|full|tiny --seed N --out DIR [--hostile-keyword TEXT ...]
 * Writes the synthetic twin and prints its summary (JSON) on stdout; progress goes to stderr.
 */
import {parseArgs} from "node:util";
import {generateDataset} from "./generate.js";
import {DEFAULT_SCALE, DEFAULT_SEED, parseScale, parseSeed} from "../src/synth/scale.js";

const {values} = parseArgs({
  options: {
    scale: {type: "string", default: DEFAULT_SCALE},
    seed: {type: "string", default: String(DEFAULT_SEED)},
    out: {type: "string"},
    "hostile-keyword": {type: "string", multiple: true},
    quiet: {type: "boolean", default: false}
  },
  strict: true
});

try {
  const scale = parseScale(values.scale);
  const seed = parseSeed(values.seed);
  const summary = await generateDataset({
    outDir: values.out ?? `.cache/twin/${scale}-${seed}`,
    scale,
    seed,
    hostileKeywords: values["hostile-keyword"],
    log: values.quiet ? undefined : (msg) => process.stderr.write(`generate: ${msg}\n`)
  });
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(JSON.stringify({...summary, peakRssMb}, null, 2) + "\n");
} catch (e) {
  process.stderr.write(`generate: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
}
