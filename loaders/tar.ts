// A minimal ustar writer, so one data loader can produce several files (Framework extracts the members
// of a loader's .tar on demand: FileAttachment("data/<archive>/<member>")). Deterministic: fixed
// mode, owner and time, so the same members give the same bytes.
import {createReadStream, statSync} from "node:fs";
import type {Writable} from "node:stream";
import {pipeline} from "node:stream/promises";

const BLOCK = 512;

function octal(value: number, width: number): string {
  const s = value.toString(8);
  if (s.length > width - 1) throw new Error(`tar: ${value} does not fit in ${width - 1} octal digits`);
  return s.padStart(width - 1, "0") + "\0";
}

/** The 512-byte ustar header of a regular file. */
export function tarHeader(name: string, size: number): Buffer {
  const nameBytes = Buffer.from(name, "utf8");
  if (!nameBytes.length || nameBytes.length > 100 || name.includes("\0")) throw new Error(`tar: unsupported member name ${JSON.stringify(name)}`);
  const h = Buffer.alloc(BLOCK, 0);
  nameBytes.copy(h, 0);
  h.write(octal(0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(0, 12), 136, "ascii");
  h.write("        ", 148, "ascii");
  h.write("0", 156, "ascii");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + " ", 148, "ascii");
  return h;
}

const write = (out: Writable, chunk: Buffer) =>
  new Promise<void>((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())));

/** Write the files as one tar archive to `out` (left open), each under its member name. */
export async function writeTar(out: Writable, members: readonly {name: string; path: string}[]): Promise<void> {
  for (const {name, path} of members) {
    const size = statSync(path).size;
    await write(out, tarHeader(name, size));
    await pipeline(createReadStream(path), out, {end: false});
    if (size % BLOCK) await write(out, Buffer.alloc(BLOCK - (size % BLOCK), 0));
  }
  await write(out, Buffer.alloc(2 * BLOCK, 0));
}
