/** Resident set size in KB of `root` and its descendants now (0 once they are gone). */
export function treeRssKb(root: number): number;
