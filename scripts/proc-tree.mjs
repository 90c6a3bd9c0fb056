// Resident memory and CPU time of a process and every process it started, from /proc (Linux; 0 elsewhere).
// Loaders start worker processes of their own, so a process's own maxRSS or CPU time would undercount.
import {readFileSync} from "node:fs";

/** Sum of `measure(pid)` over `root` and its descendants now. */
function overTree(root, measure) {
  let total = 0;
  const stack = [root];
  const seen = new Set();
  while (stack.length) {
    const pid = stack.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    try {
      total += measure(pid);
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
      if (children) stack.push(...children.split(/\s+/).map(Number));
    } catch {
      // the process ended between samples, or there is no /proc
    }
  }
  return total;
}

/** Resident set size in KB of `root` and its descendants now (0 once they are gone). */
export function treeRssKb(root) {
  return overTree(root, (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0));
}

// Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every architecture Node runs on
const TICK_MS = 10;

/**
 * CPU time in ms (user + system) that `root` and its descendants have used so far, including children they
 * have already reaped (each process's cutime and cstime), so a sample taken shortly before the tree ends
 * holds nearly all of it.
 */
export function treeCpuMs(root) {
  return overTree(root, (pid) => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // the fields after the command name, which may hold spaces and parentheses: state is the first
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * TICK_MS;
  });
}
