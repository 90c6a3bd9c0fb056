// What the profile and store pages tell a reader whose server ignores Range (openLazyTable's "whole" mode).
// Kept apart from duckdb.ts so the store page can show it without loading the engines' code.
import type {LazyTable} from "./duckdb.js";

/** Bytes of `tables` downloaded whole because the server ignores Range (0 when it honours it). */
export function wholeBytes(tables: readonly Pick<LazyTable, "mode" | "size">[]): number {
  return tables.filter((t) => t.mode === "whole").reduce((s, t) => s + t.size, 0);
}

/** The note: `files` were downloaded whole (their size) instead of `instead`, and how a host avoids it. */
export function wholeDownloadText(bytes: number, files: string, instead: string): string {
  return `This server ignores HTTP byte-range requests, so the page downloaded ${files} whole (${(bytes / 1e6).toLocaleString("en-US", {maximumFractionDigits: 1})} MB) instead of ${instead}. A static host that honours Range requests (most do) avoids the download.`;
}
