import {existsSync, readdirSync} from "node:fs";

/** What the footer says: where the data comes from, decided the same way the warehouse decides. */
export function dataSourceLabel(env: NodeJS.ProcessEnv = process.env): "synthetic" | "real" {
  if (env.LPOINT_DATA_DIR) return "real";
  const raw = "data/raw";
  return existsSync(raw) && readdirSync(raw).some((f) => /\.csv$/i.test(f)) ? "real" : "synthetic";
}

/** Build date; SOURCE_DATE_EPOCH (seconds) pins it for reproducible builds. */
export function buildDate(env: NodeJS.ProcessEnv = process.env): string {
  const epoch = Number(env.SOURCE_DATE_EPOCH);
  return (Number.isFinite(epoch) && env.SOURCE_DATE_EPOCH ? new Date(epoch * 1000) : new Date()).toISOString().slice(0, 10);
}
