import {resolveDataDir} from "./warehouse.js";

/** What the footer says: where the data comes from, decided exactly as the warehouse decides. */
export function dataSourceLabel(env: NodeJS.ProcessEnv = process.env): "synthetic" | "real" {
  return resolveDataDir({env}).source;
}

/** Build date; SOURCE_DATE_EPOCH (seconds) pins it for reproducible builds. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return (Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
}
