import {basename} from "node:path";
import {resolveDataDir} from "./warehouse.js";

/** What the footer says: where the data comes from, decided exactly as the warehouse decides. */
export function dataSourceLabel(env: NodeJS.ProcessEnv = process.env): "synthetic" | "real" {
  return resolveDataDir({env}).source;
}

/**
 * The footer's words for the data: the synthetic twin, or "your data" and the folder it came from
 * (the folder's name only; which data set it is, the site cannot know).
 */
export function dataSourceText(env: NodeJS.ProcessEnv = process.env): string {
  const {dir, source} = resolveDataDir({env});
  return source === "synthetic"
    ? "a deterministic synthetic twin of the 5th L.POINT competition files (not real customers)"
    : `your data (the six files in the folder “${basename(dir)}”)`;
}

/** Build date; SOURCE_DATE_EPOCH (seconds) pins it for reproducible builds. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return (Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
}
