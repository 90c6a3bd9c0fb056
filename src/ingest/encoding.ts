import {isUtf8} from "node:buffer";
import iconv from "iconv-lite";

const BOM = [0xef, 0xbb, 0xbf];

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2];
}

export function stripUtf8Bom<T extends Uint8Array>(bytes: T): T {
  return hasUtf8Bom(bytes) ? (bytes.subarray(3) as T) : bytes;
}

/** Drop a multi-byte UTF-8 sequence cut off at the end of a sample. */
export function trimIncompleteUtf8<T extends Uint8Array>(bytes: T): T {
  let i = bytes.length - 1;
  let back = 0;
  while (i >= 0 && back < 4 && (bytes[i] & 0xc0) === 0x80) i--, back++;
  if (i < 0) return bytes;
  const lead = bytes[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return need > back + 1 ? (bytes.subarray(0, i) as T) : bytes;
}

const HANGUL = /[\uac00-\ud7a3]/;

/**
 * A best guess at the encoding of bytes that are not UTF-8, for the error message:
 * UTF-16 by BOM or NUL pattern, CP949/EUC-KR when they decode as Korean Windows text.
 */
export function guessEncoding(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return "UTF-16LE";
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return "UTF-16BE";
  const head = bytes.subarray(0, Math.min(bytes.length, 4096));
  let oddNul = 0;
  let evenNul = 0;
  head.forEach((b, i) => {
    if (b === 0) i % 2 ? oddNul++ : evenNul++;
  });
  if (oddNul > head.length / 8) return "UTF-16LE";
  if (evenNul > head.length / 8) return "UTF-16BE";
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "cp949");
  const bad = (text.match(/\ufffd/g) ?? []).length;
  if (HANGUL.test(text) && bad <= 1) return "CP949/EUC-KR";
  return "an unknown non-UTF-8 encoding";
}

/**
 * Null when the sample reads as UTF-8 (BOM or not, possibly cut mid-character), else a problem
 * sentence naming the likely encoding. A stray invalid line is tolerated (the reader quarantines it
 * as bad_encoding); more than one line in ten means the file was saved in another encoding.
 */
export function utf8Problem(sample: Uint8Array): string | null {
  const body = trimIncompleteUtf8(stripUtf8Bom(sample));
  if (isUtf8(body) && !body.includes(0)) return null;
  const guess = guessEncoding(sample);
  if (guess.startsWith("UTF-16")) return `not UTF-8: it looks like ${guess}. Re-save it as UTF-8 (the original competition files are UTF-8)`;
  let lines = 0;
  let bad = 0;
  let firstBad = -1;
  for (let start = 0; start < body.length; ) {
    let end = body.indexOf(10, start);
    if (end < 0) end = body.length;
    lines++;
    if (!isUtf8(body.subarray(start, end))) {
      bad++;
      if (firstBad < 0) firstBad = lines;
    }
    start = end + 1;
  }
  if (bad <= Math.max(1, lines / 10)) return null;
  return `not UTF-8: ${bad} of the first ${lines} lines have invalid bytes (first on line ${firstBad}); it looks like ${guess}. Re-save it as UTF-8 (the original competition files are UTF-8)`;
}

/** Decode a small text file that may be UTF-8 (with or without BOM) or CP949 (e.g. a KMA export). */
export function decodeKoreanText(bytes: Uint8Array): {text: string; encoding: "utf-8" | "cp949"} {
  const body = stripUtf8Bom(bytes);
  if (hasUtf8Bom(bytes) || isUtf8(body)) return {text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"), encoding: "utf-8"};
  return {text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "cp949"), encoding: "cp949"};
}
