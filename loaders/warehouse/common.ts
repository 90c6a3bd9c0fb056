// Types and settings every part of the warehouse shares.
import {join} from "node:path";
import {fileURLToPath} from "node:url";

export type Source = "synthetic" | "real";
export type Scale = "tiny" | "demo" | "full";

export interface WarehouseInfo {
  path: string;
  key: string;
  source: Source;
  dataDir: string;
  built: boolean;
}

/** What loaders/generate.ts provides (a stub can be injected in tests). */
export type GenerateDataset = (options: {outDir: string; scale?: Scale; seed?: number; hostileKeywords?: string[]; log?: (m: string) => void}) => Promise<{outDir: string; weatherFile?: string; truthFile?: string}>;

export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const DEFAULT_CACHE_DIR = join(PROJECT_ROOT, ".cache");
export const DEFAULT_SCALE: Scale = "demo";
export const DEFAULT_SEED = 20180401;
export const DEFAULT_STATION = 108;
/**
 * Hostile keywords the default synthetic twin plants among the top searches, so the published site
 * and its browser tests show that keyword text is rendered and downloaded inert.
 */
export const PLANTED_HOSTILE_KEYWORDS: readonly string[] = ["<img src=x onerror=alert(1)>", '=HYPERLINK("http://x","y")'];
export const SAMPLE_BYTES = 1 << 20;
export const CHUNK_BYTES = 1 << 20;
/** Warehouses kept in the cache after a build (older data versions are deleted). */
export const KEEP_WAREHOUSES = 3;

export const stderrLog = (m: string) => process.stderr.write(`${m}\n`);
