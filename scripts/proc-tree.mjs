// Resident memory of a process and every process it started, from /proc (Linux; 0 elsewhere). Loaders
// start worker processes of their own, so a process's own maxRSS would undercount.
import {readFileSync} from "node:fs";

/** Resident set size in KB of `root` and its descendants now (0 once they are gone). */
export function treeRssKb(root) {
  let total = 0;
  const stack = [root];
  const seen = new Set();
  while (stack.length) {
    const pid = stack.pop();
    if (seen.has(pid)) continue;
    seen.add(pid);
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
      if (children) stack.push(...children.split(/\s+/).map(Number));
    } catch {
      // the process ended between samples, or there is no /proc
    }
  }
  return total;
}
