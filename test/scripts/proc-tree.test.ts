import {spawn} from "node:child_process";
import {describe, expect, it} from "vitest";
import {sampleTree, treeUsage} from "../../scripts/proc-tree.mjs";

// spins until the process itself has used `ms` of CPU, however busy the machine is
const busy = (ms: number) => `{ const s = process.cpuUsage(); for (let u = {user: 0, system: 0}; (u.user + u.system) / 1000 < ${ms}; u = process.cpuUsage(s)); }`;

/** Run `script` in node, sampling its tree every 50 ms; the last samples before it ends. */
function sample(script: string): Promise<{cpuMs: number; rssKb: number}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", script], {stdio: "ignore"});
    const sampler = sampleTree(child.pid!, 50);
    child.on("error", reject);
    child.on("close", () => {
      const {peakKb, cpuMs} = sampler.stop();
      resolve({cpuMs, rssKb: peakKb});
    });
  });
}

describe("process tree measures", () => {
  it("counts the CPU time of a process and of the children it has already reaped, whatever its name", async () => {
    // a command name with spaces and parentheses, as /proc/<pid>/stat prints it between parentheses
    const grandchild = JSON.stringify(busy(600));
    const {cpuMs, rssKb} = await sample(`process.title = "a) (b"; require("node:child_process").execFileSync(process.execPath, ["-e", ${grandchild}]); ${busy(600)}`);
    // 600 ms in the reaped grandchild, then 600 in the child: without the reaped time no sample would reach ≈ 700
    expect(cpuMs).toBeGreaterThanOrEqual(1100);
    expect(cpuMs).toBeLessThan(20_000);
    expect(rssKb).toBeGreaterThan(10_000);
  });

  it("reads 0 for a process that is gone", () => {
    expect(treeUsage(2 ** 22 + 12345).cpuMs).toBe(0);
    expect(treeUsage(2 ** 22 + 12345).rssKb).toBe(0);
  });
});
