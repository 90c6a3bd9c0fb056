// Before Framework runs the data loaders (npm run build's prebuild): generate the synthetic twin if it
// is the data, read the data into the warehouse once, and print the notes. A data problem that makes
// the data unusable stops the build here with one line naming the file and what to do, instead of
// failing in every loader inside Framework's stack traces.
import {DataError} from "../src/ingest/errors.js";
import {ensureWarehouse} from "./warehouse.js";
import {openDuck} from "./duck.js";
import {readNotes, readPeriod} from "./period.js";

try {
  const info = await ensureWarehouse({log: (m) => process.stderr.write(`${m}\n`)});
  const duck = await openDuck(info.path, {readOnly: true});
  try {
    const period = await readPeriod(duck);
    process.stderr.write(`data: ${info.source === "synthetic" ? "synthetic twin" : "your data"} in ${info.dataDir}, ${period.start} – ${period.end} (${period.days} days)\n`);
    for (const note of await readNotes(duck)) process.stderr.write(`note: ${note}\n`);
  } finally {
    duck.close();
  }
} catch (e) {
  if (e instanceof DataError) {
    process.stderr.write(`\nThe data cannot be read: ${e.message}\nFix the file (or the option named) and build again.\n\n`);
    process.exit(1);
  }
  throw e;
}
