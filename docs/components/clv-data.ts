// The lifetime-value page's data. First view: clv.json (fits, the check at the default split, heat map,
// segment sums, the lists' first rows). On demand: the calibration rows of another split (the row
// groups of clv-holdout.parquet that hold it, by HTTP Range), and the whole period's grouped summaries
// for a re-fit (clv-rfm.parquet, clv-spend.parquet); Parquet is decoded with parquet-wasm into typed arrays.
import type {BgNbdParams, CheckResult, GammaGammaParams} from "../lib/clv/index.js";
import {parseContentRange, parseRowGroupIndex, pickRowGroups, RangeBlob, ROW_GROUP_INDEX_KEY} from "../lib/lazy.js";
import type {ClvListKey, ClvListRow, CLV_SETTINGS, HoldoutGrid, ModelSummary, SegmentValue} from "../lib/clv/site.js";
import type {DataPeriod} from "../lib/period.js";

/** docs/data/clv.json */
export interface ClvFile {
  source: "synthetic" | "real";
  dataVersion: string;
  period: Omit<DataPeriod, "holidaysKnown" | "weather">;
  settings: typeof CLV_SETTINGS;
  grid: HoldoutGrid | null;
  fit: {
    period: {start: string; end: string; days: number};
    customers: number;
    repeatBuyers: number;
    reason: string | null;
    bg: ModelSummary<BgNbdParams> | null;
    gg: ModelSummary<GammaGammaParams> | null;
    rate: number;
  };
  check: CheckResult | {split: string; reason: string} | null;
  /** buyers per day over the period */
  /** buyers per day; null on a day the logs miss */
  daily: (number | null)[] | null;
  heat: {frequency: string; daysSince: string; customers: number; pAlive: number}[] | null;
  segments: (SegmentValue & {tier: string | null; type: string | null})[] | null;
  keepFrom?: number;
  lists: {key: ClvListKey; customers: number; columns: (keyof ClvListRow)[]; rows: unknown[][]}[] | null;
  planted: {customers: number; planted: number; estimated: number; tolerance: number} | null;
}

/** A shipped list's rows as objects. */
export function listRows(list: NonNullable<ClvFile["lists"]>[number]): ClvListRow[] {
  return list.rows.map((values) => Object.fromEntries(list.columns.map((c, i) => [c, values[i]])) as unknown as ClvListRow);
}

type Decoder = {
  parquet: typeof import("parquet-wasm/esm");
  tableFromIPC: typeof import("apache-arrow").tableFromIPC;
};
let decoder: Promise<Decoder> | null = null;

/** parquet-wasm and apache-arrow, imported (and the 5 MB wasm fetched) on first use only. */
function parquetDecoder(): Promise<Decoder> {
  return (decoder ??= (async () => {
    const [parquet, arrow] = await Promise.all([import("parquet-wasm/esm"), import("apache-arrow")]);
    await parquet.default({module_or_path: import.meta.resolve("parquet-wasm/esm/parquet_wasm_bg.wasm")});
    return {parquet, tableFromIPC: arrow.tableFromIPC};
  })());
}

type Columns = Record<string, ArrayLike<number | string>>;

function columnsOf(tableFromIPC: Decoder["tableFromIPC"], ipc: Uint8Array, what: string): Columns {
  const table = tableFromIPC(ipc);
  const out: Columns = {};
  for (const field of table.schema.fields) {
    const column = table.getChild(field.name)!;
    if (column.nullCount > 0) throw new Error(`${what}: column ${field.name} has nulls`);
    out[field.name] = column.toArray() as ArrayLike<number | string>;
  }
  return out;
}

/** A whole (small) Parquet file's columns. */
export async function readColumns(href: string): Promise<Columns> {
  const {parquet, tableFromIPC} = await parquetDecoder();
  const response = await fetch(href);
  if (!response.ok) throw new Error(`cannot load ${href}: HTTP ${response.status}`);
  return columnsOf(tableFromIPC, parquet.readParquet(new Uint8Array(await response.arrayBuffer())).intoIPCStream(), href);
}

const holdoutFiles = new Map<string, Promise<{read(split: string): Promise<Columns>}>>();

/**
 * The calibration rows of one split from clv-holdout.parquet: its footer once, then only the row groups
 * whose split range holds the split (a server that ignores Range gives the whole file, used as is).
 */
export function holdoutSplit(href: string, split: string): Promise<Columns> {
  let file = holdoutFiles.get(href);
  if (!file) {
    holdoutFiles.set(href, (file = (async () => {
      const {parquet, tableFromIPC} = await parquetDecoder();
      const url = new URL(href, location.href).href;
      const probe = await fetch(url, {headers: {range: "bytes=0-0"}});
      if (!probe.ok) throw new Error(`cannot load ${href}: HTTP ${probe.status}`);
      const size = probe.status === 206 ? parseContentRange(probe.headers.get("content-range"))?.size : null;
      const body = await probe.blob();
      const reader = await parquet.ParquetFile.fromFile(size ? (new RangeBlob(url, 0, size) as unknown as Blob) : body);
      const meta = reader.metadata();
      const index = parseRowGroupIndex(new Map<string, string>(meta.fileMetadata().keyValueMetadata()).get(ROW_GROUP_INDEX_KEY), meta.rowGroups().map((g) => g.numRows()));
      return {
        async read(s: string) {
          const rowGroups = pickRowGroups(index, s);
          const columns = columnsOf(tableFromIPC, (await reader.read({rowGroups})).intoIPCStream(), href);
          const keep = Array.from(columns.split as ArrayLike<string>, (v, i) => (v === s ? i : -1)).filter((i) => i >= 0);
          return Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, keep.map((i) => v[i])])) as Columns;
        }
      };
    })()));
  }
  return file.then((f) => f.read(split));
}
