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

/** CDNOW_sample.txt as transactions: customer = sample id, ISO date, amount = dollar value. */
export function cdnowTransactions(): {customer: number; date: string; amount: number}[] {
  return readFileSync(dir + "CDNOW_sample.txt", "utf8")
    .split(/\r?\n/)
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const [, id, date, , value] = l.trim().split(/\s+/);
      return {customer: Number(id), date: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`, amount: Number(value)};
    });
}

/** example_transactions.csv (lifetimes' synthetic 2014 purchases) as transactions. */
export function exampleTransactions(): {customer: number; date: string}[] {
  return readFileSync(dir + "example_transactions.csv", "utf8")
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.length > 0)
    .map((l) => {
      const [date, id] = l.split(",");
      return {customer: Number(id), date: date.slice(0, 10)};
    });
}
