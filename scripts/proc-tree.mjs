// Resident memory and CPU time of a process and every process it started, from /proc (Linux; 0 elsewhere).
// Loaders start worker processes of their own, so a process's own maxRSS or CPU time would undercount.
import {readFileSync} from "node:fs";

// Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on
const TICK_MS = 10;

/**
 * Resident set size (KB) of `root` and its descendants now, and the CPU time (ms, user + system) they have
 * used so far, including children they have already reaped (each process's cutime and cstime), so a sample
 * taken shortly before the tree ends holds nearly all of it. One walk of the tree; 0 once it is gone.
 */
export function treeUsage(root) {
  let rssKb = 0;
  let cpuMs = 0;
  const stack = [root];
  const seen = new Set();
  while (stack.length) {
    const pid = stack.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      // the fields after the command name, which may hold spaces and parentheses: state is the first
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      cpuMs += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
      rssKb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
      if (children) stack.push(...children.split(/\s+/).map(Number));
    } catch {
      // the process ended between samples, or there is no /proc
    }
  }
  return {rssKb, cpuMs};
}

/**
 * Sample the tree of `pid` every `everyMs` until `stop()`, which returns its peak memory and the CPU time of
 * the last sample (up to `everyMs` short of the whole).
 */
export function sampleTree(pid, everyMs) {
  let peakKb = 0;
  let cpuMs = 0;
  const timer = setInterval(() => {
    const u = treeUsage(pid);
    peakKb = Math.max(peakKb, u.rssKb);
    cpuMs = Math.max(cpuMs, u.cpuMs);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return {peakKb, cpuMs};
    }
  };
}
