// Before DuckDB reads a file: its header, encoding and shape, one DataError for a file that cannot be read.
import {createReadStream, statSync} from "node:fs";
import {open} from "node:fs/promises";
import {basename} from "node:path";
import {hasUtf8Bom, stripUtf8Bom, trimIncompleteUtf8, utf8Problem} from "../../src/ingest/encoding.js";
import {DataError} from "../../src/ingest/errors.js";
import {firstRecord, RecordScanner} from "../../src/ingest/rfc4180.js";
import {mapHeader, type FileSpec} from "../../src/ingest/specs.js";
import {CHUNK_BYTES, SAMPLE_BYTES} from "./common.js";

export interface Prescan {
  path: string;
  bytes: number;
  header: string[];
  index: Record<string, number>;
  extra: string[];
  physicalLines: number;
  /** Data row numbers of blank lines, when the file has any. */
  blank: number[];
  /** Records the JS scanner counted (header included), when it ran. */
  scannedRecords: number | null;
  ms: number;
}

export async function readSample(path: string, bytes: number): Promise<Buffer> {
  const fd = await open(path, "r");
  try {
    const buf = Buffer.alloc(Math.min(bytes, SAMPLE_BYTES));
    const {bytesRead} = await fd.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fd.close();
  }
}

const BLANK_PATTERNS = ["\n\n", "\n\r\n", "\r\r"].map((p) => Buffer.from(p));

/**
 * Header, encoding and shape checks before DuckDB reads a file: one DataError for an empty file, a
 * non-UTF-8 file, a missing column or a header without rows. Also counts lines and, only when the
 * file has an empty line somewhere, finds the blank records DuckDB would skip.
 */
export async function prescanFile(path: string, spec: FileSpec): Promise<Prescan> {
  const t0 = performance.now();
  const name = basename(path);
  const bytes = statSync(path).size;
  if (bytes === 0) throw new DataError(name, "file is empty (0 bytes)");
  const sample = await readSample(path, bytes);
  const body = stripUtf8Bom(sample);
  if (bytes <= SAMPLE_BYTES && body.toString("utf8").trim() === "") throw new DataError(name, "file is empty (no header, no rows)");
  const encoding = utf8Problem(sample);
  if (encoding) throw new DataError(name, encoding);
  const header = firstRecord(trimIncompleteUtf8(body).toString("utf8"));
  if (!header)
    throw new DataError(name, bytes <= SAMPLE_BYTES ? "the header line has an unterminated quote (it runs to the end of the file)" : `no complete header line in the first ${SAMPLE_BYTES} bytes (an unterminated quote or a header longer than that)`);
  if (header.every((h) => h.trim() === "")) throw new DataError(name, "the first line is blank; expected the header");
  const {index, missing, extra, duplicated} = mapHeader(spec, header);
  const shown = header.slice(0, 12).map((h) => JSON.stringify(h)).join(", ");
  if (missing.length) {
    const hint = header.length === 1 && /[;\t|]/.test(header[0]) ? "; the file does not look comma-separated" : "";
    throw new DataError(name, `missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (${spec.label} needs ${spec.columns.map((c) => c.raw).join(", ")}; the header has ${shown}${hint})`);
  }
  if (duplicated.length) throw new DataError(name, `column${duplicated.length > 1 ? "s" : ""} ${duplicated.join(", ")} appear${duplicated.length > 1 ? "" : "s"} twice in the header (${shown})`);

  let lf = 0;
  let cr = 0;
  let last = -1;
  let blankSeen = body.length > 0 && (body[0] === 10 || body[0] === 13);
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, {highWaterMark: CHUNK_BYTES}) as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lf++;
    for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) cr++;
    if (!blankSeen) {
      const seam = Buffer.concat([tail, chunk.subarray(0, 2)]);
      blankSeen = BLANK_PATTERNS.some((p) => chunk.includes(p) || seam.includes(p));
      tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 2)));
    }
    if (chunk.length) last = chunk[chunk.length - 1];
  }
  const breaks = lf > 0 ? lf : cr;
  const physicalLines = breaks + (last === 10 || last === 13 ? 0 : 1);
  if (physicalLines <= 1) throw new DataError(name, `has a header but no data rows (${spec.label})`);

  let blank: number[] = [];
  let scannedRecords: number | null = null;
  if (blankSeen) {
    const scanner = new RecordScanner();
    let first = true;
    for await (const chunk of createReadStream(path, {highWaterMark: CHUNK_BYTES}) as AsyncIterable<Buffer>) {
      scanner.feed(first && hasUtf8Bom(chunk) ? chunk.subarray(3) : chunk);
      first = false;
    }
    const result = scanner.finish();
    scannedRecords = result.records;
    blank = result.blank.map((r) => r - 1);
  }
  return {path, bytes, header, index, extra, physicalLines, blank, scannedRecords, ms: Math.round(performance.now() - t0)};
}
