// Before DuckDB reads a file: its header, encoding and shape, one DataError for a file that cannot be read.
import {createReadStream, statSync} from "node:fs";
import {open} from "node:fs/promises";
import {basename} from "node:path";
import {hasUtf8Bom, stripUtf8Bom, trimIncompleteUtf8, utf8Problem} from "../../src/ingest/encoding.js";
import {DataError} from "../../src/ingest/errors.js";
import {firstRecord, RecordScanner} from "../../src/ingest/rfc4180.js";
import {mapHeader, type FileSpec} from "../../src/ingest/specs.js";
import {CHUNK_BYTES, SAMPLE_BYTES} from "./common.js";

/** What the first megabyte tells: the file's size, header and columns. */
export interface PrescanHeader {
  path: string;
  bytes: number;
  header: string[];
  index: Record<string, number>;
  extra: string[];
  ms: number;
}

/** What a read of every byte tells: its lines and blank records. */
export interface Shape {
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

/**
 * Header and encoding checks before DuckDB reads a file, from its first megabyte: one DataError for an
 * empty file, a non-UTF-8 file, a missing column, or (when that megabyte is the whole file) a header
 * without rows.
 */
export async function prescanHeader(path: string, spec: FileSpec): Promise<PrescanHeader> {
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
  if (bytes === sample.length) {
    const counter = new LineCounter();
    counter.feed(sample);
    noRowsCheck(name, spec, counter.finish().physicalLines);
  }
  return {path, bytes, header, index, extra, ms: Math.round(performance.now() - t0)};
}

function noRowsCheck(name: string, spec: FileSpec, physicalLines: number): void {
  if (physicalLines <= 1 && spec.whenEmpty === undefined) throw new DataError(name, `has a header but no data rows (${spec.label})`);
}

/**
 * Line breaks of a file fed in chunks, and whether it may have a blank line (a line break right after
 * another, or a first byte that is one): the JS record scanner then finds them. Two native byte
 * searches per chunk: line feeds (whose preceding bytes show "\n\n" and "\n\r\n") and "\r\r";
 * carriage returns are counted only while the file has no line feed (they are its line breaks then,
 * and nothing otherwise).
 */
export class LineCounter {
  private lf = 0;
  private cr = 0;
  /** the first bytes: the first after a byte-order mark may be a blank line */
  private prefix: number[] = [];
  private blankSeen = false;
  // the last two bytes before the current chunk (-1: none)
  private b2 = -1;
  private b1 = -1;

  feed(chunk: Buffer): void {
    if (this.prefix.length < 4) this.prefix.push(...chunk.subarray(0, 4 - this.prefix.length));
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) {
      this.lf++;
      if (this.blankSeen) continue;
      const p1 = i >= 1 ? chunk[i - 1] : this.b1;
      const p2 = i >= 2 ? chunk[i - 2] : i === 1 ? this.b1 : this.b2;
      if (p1 === 10 || (p1 === 13 && p2 === 10)) this.blankSeen = true;
    }
    if (!this.blankSeen && ((this.b1 === 13 && chunk[0] === 13) || chunk.includes(CRCR))) this.blankSeen = true;
    if (this.lf === 0) for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) this.cr++;
    if (chunk.length >= 2) [this.b2, this.b1] = [chunk[chunk.length - 2], chunk[chunk.length - 1]];
    else [this.b2, this.b1] = [this.b1, chunk[0]];
  }

  finish(): {physicalLines: number; blankSeen: boolean} {
    const breaks = this.lf > 0 ? this.lf : this.cr;
    const first = this.prefix[hasUtf8Bom(Buffer.from(this.prefix)) ? 3 : 0];
    return {physicalLines: breaks + (this.b1 === 10 || this.b1 === 13 ? 0 : 1), blankSeen: this.blankSeen || first === 10 || first === 13};
  }
}

const CRCR = Buffer.from("\r\r");

async function* chunksOf(path: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path, {highWaterMark: CHUNK_BYTES}) as AsyncIterable<Buffer>) yield chunk;
}

/**
 * The file's lines, read to the end: one DataError for a header without rows. Only when the file has
 * an empty line somewhere, finds the blank records DuckDB would skip.
 */
export async function scanShape(head: PrescanHeader, spec: FileSpec): Promise<Shape> {
  const t0 = performance.now();
  const counter = new LineCounter();
  for await (const chunk of chunksOf(head.path)) counter.feed(chunk);
  const counted = counter.finish();
  noRowsCheck(basename(head.path), spec, counted.physicalLines);

  let blank: number[] = [];
  let scannedRecords: number | null = null;
  if (counted.blankSeen) {
    const scanner = new RecordScanner();
    let first = true;
    for await (const chunk of chunksOf(head.path)) {
      scanner.feed(first && hasUtf8Bom(chunk) ? chunk.subarray(3) : chunk);
      first = false;
    }
    const result = scanner.finish();
    scannedRecords = result.records;
    blank = result.blank.map((r) => r - 1);
  }
  return {physicalLines: counted.physicalLines, blank, scannedRecords, ms: Math.round(performance.now() - t0)};
}
