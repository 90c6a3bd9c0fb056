/**
 * The warehouse: the six files (or their synthetic twin), the weather and the holiday calendar read once
 * per data version into a DuckDB file every loader opens read-only. One module per job:
 * discover (where the data is), prescan and ingest (reading one file), build (the whole warehouse),
 * key (the data version), lock (one builder at a time), open (the cached warehouse).
 */
export {DEFAULT_CACHE_DIR, DEFAULT_SCALE, DEFAULT_SEED, DEFAULT_STATION, PLANTED_HOSTILE_KEYWORDS, PROJECT_ROOT, type GenerateDataset, type Scale, type Source, type WarehouseInfo} from "./warehouse/common.js";
export {detectSource, locateRawFiles, resolveDataDir} from "./warehouse/discover.js";
export {buildWarehouse, resolvePeriodBounds, type BuildOptions, type PeriodBounds} from "./warehouse/build.js";
export {duckdbVersion, sourceHash, SYNTH_SOURCES, WAREHOUSE_SOURCES, warehouseKey} from "./warehouse/key.js";
export {withLock, type LockOptions} from "./warehouse/lock.js";
export {ensureSynthetic, ensureWarehouse, openWarehouse, type EnsureOptions} from "./warehouse/open.js";
