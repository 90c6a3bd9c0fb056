/** Loads the CDNOW sample fixtures (see test/fixtures/clv/README.md). */
import {readFileSync} from "node:fs";
import {fileURLToPath} from "node:url";

const dir = fileURLToPath(new URL("../fixtures/clv/", import.meta.url));

function rows(file: string): number[][] {
  const lines = readFileSync(dir + file, "utf8").split(/\r?\n/).filter((l) => l.length > 0);
  return lines.slice(1).map((l) => l.split(",").map(Number));
}

/** cdnow_customers_summary.csv: 2,357 customers, weeks. */
export function cdnowSummary(): {id: number; frequency: number; recency: number; T: number}[] {
  return rows("cdnow_customers_summary.csv").map(([id, frequency, recency, T]) => ({id, frequency, recency, T}));
}

/** cdnow_customers_summary_with_transactions.csv: the same customers with zbar, the mean repeat-transaction value. */
export function cdnowWithMonetary(): {id: number; frequency: number; recency: number; T: number; monetary: number}[] {
  return rows("cdnow_customers_summary_with_transactions.csv").map(([id, frequency, recency, T, monetary]) => ({id, frequency, recency, T, monetary}));
}
