/** Resident set size (KB) of `root` and its descendants now, and the CPU time (ms) they have used so far, reaped children included. */
export function treeUsage(root: number): {rssKb: number; cpuMs: number};
/** Sample the tree of `pid` every `everyMs` until `stop()`: its peak memory and the CPU time of the last sample. */
export function sampleTree(pid: number, everyMs: number): {stop(): {peakKb: number; cpuMs: number}};
