import {spawn} from "node:child_process";
import {createWriteStream} from "node:fs";
import {sampleTree} from "../scripts/proc-tree.mjs";

export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  note?: string;
}

export interface ProcessRun {
  ms: number;
  /** CPU time (user + system) of the whole process tree, from its last sample: up to 50 ms short */
  cpuMs: number;
  peakRssMb: number;
  code: number;
  stdoutBytes: number;
  stderr: string;
}

/**
 * Run a command and measure wall time, CPU time and peak resident memory of the whole process tree
 * (sampled from /proc every 50 ms: loaders spawn children, so the parent's own figures would undercount).
 */
export function runProcess(command: string, args: string[], {env = process.env, cwd = process.cwd(), stdoutFile}: {env?: NodeJS.ProcessEnv; cwd?: string; stdoutFile?: string} = {}): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {env, cwd, stdio: ["ignore", "pipe", "pipe"]});
    let stdoutBytes = 0;
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdoutBytes += b.length));
    const sink = stdoutFile ? createWriteStream(stdoutFile) : null;
    if (sink) child.stdout.pipe(sink);
    // its first lines (a runner's settings) and its last (an error), however long the log between
    let head = "";
    child.stderr.on("data", (b: Buffer) => {
      if (head.length < 4000) head = (head + b.toString()).slice(0, 4000);
      else stderr = (stderr + b.toString()).slice(-4000);
    });
    const sampler = sampleTree(child.pid!, 50);
    child.on("error", reject);
    child.on("close", (code) => {
      const {peakKb, cpuMs} = sampler.stop();
      const result = () => resolve({ms: performance.now() - started, cpuMs, peakRssMb: Math.round(peakKb / 1024), code: code ?? -1, stdoutBytes, stderr: stderr ? `${head}\n…\n${stderr}` : head});
      if (sink) sink.end(result);
      else result();
    });
  });
}

export function ratio(a: number, b: number): number {
  return b > 0 ? a / b : Number.NaN;
}
