// One process that runs data loaders one after another for the loader runner (scripts/run-loaders.mjs),
// so a build starts two or three processes instead of one per loader. Each loader still runs as its own
// module, exactly as alone: its stdout goes to its output file, its stderr lines carry its name, and its
// DuckDB connection is its own. What the loaders share is the process: node and DuckDB start once, and
// the warehouse opened read-only stays open (LPOINT_DUCKDB_SHARE, loaders/duck.ts), so a loader finds
// the blocks the ones before it read already in memory.
//
// Messages from the runner: {job, bundle, target, env}: import `bundle`, its stdout into `target` (null:
// into the log), with `env` set (a value null: unset). Answer: {job, ok, why, exiting}. A loader that fails
// (throws, exits non-zero, or leaves an error unhandled) ends the host after the answer, as it would have
// ended its own process: the runner starts a fresh host for the next loader. {threads}: the running
// loader's new share of the cores, as the loaders beside it start and end: set as LPOINT_DUCKDB_THREADS for
// its later opens and passed to the DuckDB instances the host keeps open (THREADS_EVENT, loaders/duck.ts).
import {createWriteStream} from "node:fs";
import {Writable} from "node:stream";
import {StringDecoder} from "node:string_decoder";
import {pathToFileURL} from "node:url";

const realErr = process.stderr;
const exit = process.exit.bind(process);
let out = null;
let prefix = "";
let rest = "";

const text = new StringDecoder("utf8");
const stderr = new Writable({
  write(chunk, _encoding, done) {
    const lines = (rest + text.write(chunk)).split("\n");
    rest = lines.pop();
    for (const l of lines) realErr.write(`${prefix}${l}\n`);
    done();
  }
});
// one stream each for the whole process (node's console keeps the stream it first finds), writing to
// the current loader's output with its backpressure
const stdout = new Writable({
  write(chunk, encoding, done) {
    const to = out ?? stderr;
    if (to.write(chunk, encoding)) done();
    else to.once("drain", () => done());
  }
});
Object.defineProperty(process, "stdout", {configurable: true, get: () => stdout});
Object.defineProperty(process, "stderr", {configurable: true, get: () => stderr});

/** What process.exit throws inside a loader: its own process would have ended here with `code`. */
class LoaderExit extends Error {
  constructor(code) {
    super(`exit code ${code}`);
    this.code = code;
  }
}
process.exit = (code) => {
  throw new LoaderExit(Number(code ?? process.exitCode ?? 0));
};

let failJob = null;
function failed(e) {
  if (failJob) return failJob(e);
  realErr.write(`loader host: ${e?.stack ?? e}\n`);
  exit(1);
}
process.on("uncaughtException", failed);
process.on("unhandledRejection", failed);
// the runner is done with this host, or gone (killed with the build)
process.on("disconnect", () => exit(0));

const written = (stream) => new Promise((ok) => stream.write(Buffer.alloc(0), () => ok()));

process.on("message", async ({job, bundle, target, env, threads}) => {
  if (job === undefined) {
    process.env.LPOINT_DUCKDB_THREADS = String(threads);
    process.emit("lpoint:duckdb-threads", threads);
    return;
  }
  for (const [k, v] of Object.entries(env)) {
    if (v === null) delete process.env[k];
    else process.env[k] = v;
  }
  prefix = `  ${job}: `;
  out = target ? createWriteStream(target) : null;
  const error = await new Promise((settle) => {
    failJob = settle;
    import(pathToFileURL(bundle).href).then(() => settle(process.exitCode ? new LoaderExit(process.exitCode) : null), settle);
  });
  failJob = null;
  await written(stdout);
  if (out) await new Promise((ok) => out.end(ok));
  out = null;
  if (rest) realErr.write(`${prefix}${rest}\n`);
  rest = "";
  const ok = error === null || (error instanceof LoaderExit && error.code === 0);
  const why = ok ? "" : error instanceof LoaderExit ? error.message : `error: ${String(error?.stack ?? error).split("\n")[0]}`;
  if (!ok && !(error instanceof LoaderExit)) realErr.write(`${prefix}${error?.stack ?? error}\n`);
  process.send({job, ok, why, exiting: error !== null}, () => {
    if (error !== null) exit(0);
  });
});
