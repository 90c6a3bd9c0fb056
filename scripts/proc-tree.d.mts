/** Resident set size in KB of `root` and its descendants now (0 once they are gone). */
export function treeRssKb(root: number): number;
/** CPU time in ms (user + system) that `root` and its descendants have used so far, reaped children included. */
export function treeCpuMs(root: number): number;
