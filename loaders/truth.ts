// The twin's truth.json (the generator's seed, scale and planted effects), which the ingest, the forecast
// and the lifetime-value page read. At full scale nearly all of its 20 MB is one line, the per-customer
// drop-out list (loaders/generate.ts writes it so): parsed whole, the file took ≈ 1.4 CPU-seconds, in each
// of the three. So the rest is parsed without that line and the list is scanned as bytes; a file laid out
// any other way is parsed whole, with the same result.
import {existsSync, readFileSync} from "node:fs";
import {join} from "node:path";
import {TRUTH_FILE_NAME} from "../src/synth/csv.js";

export interface Truth {
  /** where it was read */
  file: string;
  /** truth.json without the per-customer drop-out list (customers.dropout.customers) */
  value: Record<string, unknown>;
  /** the ids of that list's customers with a drop-out day, ascending; null when there is no such list */
  gone: Float64Array | null;
}

const LIST_KEY = '"customers": ';

/** The list's customers with a drop-out day: [[id, "date" | null], …] as ASCII bytes; null when the bytes are not that exactly. */
export function scanDropouts(b: Uint8Array): Float64Array | null {
  let ids = new Float64Array(1024);
  let count = 0;
  let ascending = true;
  const n = b.length;
  if (n < 2 || b[0] !== 0x5b) return null;
  if (b[1] === 0x5d) return n === 2 ? new Float64Array(0) : null;
  let i = 1;
  for (;;) {
    if (b[i++] !== 0x5b) return null;
    // a non-negative integer without leading zeros, as JSON writes it
    const start = i;
    let id = 0;
    while (i < n && b[i] >= 0x30 && b[i] <= 0x39) id = id * 10 + (b[i++] - 0x30);
    if (i === start || i - start > 15 || (b[start] === 0x30 && i - start > 1)) return null;
    if (b[i++] !== 0x2c) return null;
    if (b[i] === 0x22) {
      // a plain string: no escapes, no control characters
      for (i++; i < n && b[i] !== 0x22; i++) if (b[i] === 0x5c || b[i] < 0x20) return null;
      if (i++ >= n) return null;
      if (count === ids.length) {
        const more = new Float64Array(count * 2);
        more.set(ids);
        ids = more;
      }
      if (count > 0 && id < ids[count - 1]) ascending = false;
      ids[count++] = id;
    } else if (b[i] === 0x6e && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) i += 4;
    else return null;
    if (b[i++] !== 0x5d) return null;
    if (b[i] === 0x2c) i++;
    else if (b[i] === 0x5d && i === n - 1) break;
    else return null;
  }
  const gone = ids.slice(0, count);
  return ascending ? gone : gone.sort();
}

function dropoutOf(v: unknown): Record<string, unknown> | null {
  const c = v && typeof v === "object" ? (v as Record<string, unknown>).customers : null;
  const d = c && typeof c === "object" ? (c as Record<string, unknown>).dropout : null;
  return d && typeof d === "object" ? (d as Record<string, unknown>) : null;
}

/** The generator's layout: the list alone on its line, last in its object. Null for any other. */
function splitLayout(buf: Buffer): Omit<Truth, "file"> | null {
  const at = buf.indexOf(`${LIST_KEY}[[`);
  if (at < 0) return null;
  let end = buf.indexOf(0x0a, at);
  if (end < 0) end = buf.length;
  const gone = scanDropouts(buf.subarray(at + LIST_KEY.length, end));
  if (!gone) return null;
  let value: unknown;
  try {
    value = JSON.parse(`${buf.toString("utf8", 0, at)}${LIST_KEY}null${buf.toString("utf8", end)}`);
  } catch {
    return null;
  }
  // the key found must be the list's: anywhere else, it is parsed whole
  const dropout = dropoutOf(value);
  if (!dropout || dropout.customers !== null) return null;
  delete dropout.customers;
  return {value: value as Record<string, unknown>, gone};
}

/** truth.json in `dataDir` (null when there is none); throws naming the file when it is not JSON. */
export function readTruth(dataDir: string): Truth | null {
  const file = join(dataDir, TRUTH_FILE_NAME);
  if (!existsSync(file)) return null;
  const buf = readFileSync(file);
  const fast = splitLayout(buf);
  if (fast) return {file, ...fast};
  let value: unknown;
  try {
    value = JSON.parse(buf.toString("utf8"));
  } catch (e) {
    throw new Error(`${file}: not JSON: ${(e as Error).message}`);
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new Error(`${file}: not a JSON object`);
  const dropout = dropoutOf(value);
  const list = dropout?.customers;
  let gone: Float64Array | null = null;
  if (Array.isArray(list)) {
    gone = Float64Array.from(list.filter((c) => Array.isArray(c) && c[1] !== null).map((c) => Number((c as unknown[])[0]))).sort();
    delete dropout!.customers;
  }
  return {file, value: value as Record<string, unknown>, gone};
}
