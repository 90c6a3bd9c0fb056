// A DuckDB data chunk's vectors read whole through the native bindings node-api itself loaded (resolved from
// its own folder, so never another copy), where node-api's vector objects read a value at a time and test
// each value's validity bit in BigInt arithmetic.
import {createRequire} from "node:module";
import type {DuckDBDataChunk} from "@duckdb/node-api";

export const bindings: typeof import("@duckdb/node-bindings") = createRequire(createRequire(import.meta.url).resolve("@duckdb/node-api"))("@duckdb/node-bindings");

/** Bytes of a validity mask for `n` rows: DuckDB's are whole 64-bit words, bit r%8 of byte r>>3 for row r. */
export const validityBytes = (n: number) => Math.ceil(n / 64) * 8;

type NumberArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array | BigInt64Array | BigUint64Array;
/** A typed array constructor: a view of a vector's values. */
export type FixedArray = {new (buffer: ArrayBufferLike, byteOffset: number, length: number): NumberArray; readonly BYTES_PER_ELEMENT: number};

/** Column `i` of `chunk` as a typed view of its values, as the bindings give them, and its validity mask (null: every row valid). */
export function vectorOf(chunk: DuckDBDataChunk, i: number, View: FixedArray): {items: NumberArray; mask: Uint8Array | null} {
  const n = chunk.rowCount;
  const vector = bindings.data_chunk_get_vector(chunk.chunk, i);
  const data = bindings.vector_get_data(vector, n * View.BYTES_PER_ELEMENT);
  return {items: new View(data.buffer, data.byteOffset, n), mask: bindings.vector_get_validity(vector, validityBytes(n))};
}

/** Whether a validity mask (null: none, every row valid) marks row `r` valid. */
export const isValid = (mask: Uint8Array | null, r: number) => mask === null || ((mask[r >> 3] >> (r & 7)) & 1) === 1;
