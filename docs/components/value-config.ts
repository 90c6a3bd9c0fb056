// Shared by the value loaders (build time) and the value page (browser): the cube's grid decides
// which slider steps give exact results, so both sides read it from here.
import {DEFAULT_THRESHOLDS, type ValueThresholds} from "../lib/value/rules.js";
import type {CubeOptions} from "../lib/value/cube.js";

/**
 * Amount thresholds move in 50,000 KRW steps up to 2,000,000 KRW and the gap threshold in whole days
 * up to 90: on that grid the cube (a few thousand cells, at most months × 93 gap values × 42 spend buckets whatever the number of
 * customers) gives the per-customer counts exactly.
 */
export const VALUE_CUBE: Readonly<CubeOptions> = Object.freeze({step: 50_000, cap: 2_000_000, gapCap: 90});

/** Table names of the value SQL: the page registers `base` in DuckDB-WASM (on demand); `cube` names the library's cube table (tests, analyze). */
export const VALUE_TABLES = Object.freeze({base: "value_base", cube: "value_cube"});

export const REPORT_THRESHOLDS: Readonly<ValueThresholds> = DEFAULT_THRESHOLDS;

/** Columns of the target-list download, in order. */
export const TIER_LIST_COLUMNS = [
  "clnt_id", "tier", "r", "f", "m", "e", "total", "n_dates", "mean_day", "first_date", "last_date", "point_rate", "point_cost", "action"
] as const;
